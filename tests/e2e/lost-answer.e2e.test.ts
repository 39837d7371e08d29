/**
 * A create whose answer is lost, with the real Pulumi CLI (docs/failure-model.md): the engine's side
 * of the design — a pending create kept in state through the dynamic provider's init-failure path,
 * refreshed, and finished by the next `up` (an update for ServiceAccount, a delete-before-replace for
 * GcpInternalScanJob) — and the SDK's owner marker, which only the real SDK class computes.
 */
import { flexscan } from "../../emulator/services/flexscan/service-accounts";
import { nsxSlice } from "../../emulator/services/nsx";
import { scanJobs } from "../../emulator/services/scan-jobs";
import { capture, failureText, useE2E } from "../helpers/pulumi";

const E = useE2E(300_000);

/**
 * Lets the calls a hold fault kept go, once `up` has given up on them, and waits until the emulator
 * has run them all (the "lost" creates land after the run, as a slow Qualys's would).
 */
async function landHeld(fault: { id: number }, count = 1): Promise<void> {
  expect(E.emu.faults.list()).toEqual([]); // every call the fault was for was made, and is held
  E.emu.release(fault.id);
  await E.emu.settled((e) => e.faultId === fault.id, { count });
}

test("ServiceAccount: a register that times out while Qualys still works fails `up`; the next `up` converges", async () => {
  const s = await E.stack("gcp-service-account", { qualysConfig: { "qualys:requestTimeoutSeconds": { value: "1" } } });
  // Qualys holds the register, and the one repeat the create sends after looking for it, until `up`
  // has failed: longer than the 1 s request timeout, plus the 1 s the create looks for the
  // registration afterwards, plus the repeat's 1 s.
  const held = E.emu.injectFault({ path: "/service-accounts/register", hold: true, times: 2 });

  const first = await failureText(s.stack.up(capture(s)));
  expect(first).toMatch(/kept in the stack as pending/);
  const deployment = await s.stack.exportStack();
  const kept = deployment.deployment.resources.find((r: { type: string }) => r.type === "pulumi-nodejs:dynamic/qualys:ServiceAccount");
  expect(kept?.id).toBe("my-gcp-project-123"); // in state, with its init error
  expect(kept?.initErrors?.length).toBeGreaterThan(0);

  await landHeld(held, 2); // the first registers; the repeat meets 409
  expect(flexscan(E.emu.tenant()).serviceAccounts.has("my-gcp-project-123")).toBe(true); // the held register landed
  // A refresh meanwhile keeps it (the provider is found from the pending outputs too).
  await s.stack.refresh(capture(s));
  const second = await s.stack.up(capture(s));
  expect(second.summary.result).toBe("succeeded");
  expect(second.outputs.state.value).toBe("REGISTERED");
  expect(Object.keys(second.outputs.subnets.value as object).sort()).toEqual(["us-east1", "us-west1"]);
  await s.stack.preview({ expectNoChanges: true, refresh: true, ...capture(s) });
  expect([...flexscan(E.emu.tenant()).serviceAccounts.keys()]).toEqual(["my-gcp-project-123"]);
});

test("NsxAuthRecord: create answers cut after Qualys ran them; one `up` converges, the marker is never drift", async () => {
  const s = await E.stack("nsx-auth-records", {
    config: { "qualys-nsx-auth-records:nsxPassword": { value: "Nsx-Pa55word!", secret: true } },
  });
  E.emu.injectFault({ path: "/api/3.0/fo/auth/nsx/", action: "create", afterHandler: true, cut: true, times: 2 });

  const up = await s.stack.up(capture(s));
  expect(up.summary.result).toBe("succeeded");
  const records = [...nsxSlice(E.emu.tenant()).records.values()];
  expect(records.map((r) => String(r.id)).sort()).toEqual([String(up.outputs.basicId.value), String(up.outputs.vaultId.value)].sort());
  // Each record carries its own marker in Qualys …
  const markers = records.map((r) => /\[pulumi:([0-9a-f]{32}) [^\]]+\]$/.exec(r.comments ?? "")?.[1]);
  expect(new Set(markers).size).toBe(2);
  expect(records.find((r) => r.id === Number(up.outputs.basicId.value))?.comments).toMatch(
    /^Managed by Pulumi \[pulumi:[0-9a-f]{32} qualys-nsx-auth-records\/e2e\d+\/nsx-basic\]$/,
  );
  // … and nowhere in a diff.
  await s.stack.preview({ expectNoChanges: true, refresh: true, ...capture(s) });
});

// With a `pulumi refresh` between the runs, the engine hands the pending resource's refreshed inputs
// (its marker among them) back to `check`; without one it does not, and `check` mints a new marker.
// Either way the placeholder's delete passes the pending marker to the create that replaces it.
test.each([
  ["", false],
  [" (a `pulumi refresh` in between)", true],
])(
  "NsxAuthRecord: when no create answer comes back and nothing is listed, the record is pending with its marker; the next `up` takes the one that landed%s",
  async (_title, refreshBetween) => {
    const s = await E.stack("nsx-auth-records", {
      config: { "qualys-nsx-auth-records:nsxPassword": { value: "Nsx-Pa55word!", secret: true } },
      qualysConfig: { "qualys:requestTimeoutSeconds": { value: "1" } },
    });
    // Both records' creates and their repeats are held until `up` has failed.
    const held = E.emu.injectFault({ path: "/api/3.0/fo/auth/nsx/", action: "create", hold: true, times: 4 });
    expect(await failureText(s.stack.up(capture(s)))).toMatch(/kept in the stack as pending, with its owner marker/);
    await landHeld(held, 4); // the first create of each record makes it; its repeat is refused on the title
    expect(nsxSlice(E.emu.tenant()).records.size).toBe(2);
    const landed = [...nsxSlice(E.emu.tenant()).records.values()].map((r) => r.id).sort();

    if (refreshBetween) {
      const pendingIds = async () =>
        (await s.stack.exportStack()).deployment.resources
          .filter((r: { type: string }) => r.type === "pulumi-nodejs:dynamic/qualys:NsxAuthRecord")
          .map((r: { id: string }) => r.id)
          .sort();
      const before = await pendingIds();
      expect(before.every((id: string) => /^pending-[0-9a-f]{8}$/.test(id))).toBe(true);
      E.emu.resetCalls();
      await s.stack.refresh(capture(s));
      // A placeholder has no record behind it to read: refresh keeps it, pending, without a call.
      expect(E.emu.totalCalls()).toBe(0);
      expect(await pendingIds()).toEqual(before);
    }

    const second = await s.stack.up(capture(s));
    expect(second.summary.result).toBe("succeeded");
    expect(s.transcript.join("\n")).toMatch(/already carries this resource's owner marker/);
    // The same records: the one the lost create made is this resource's, nothing was made twice.
    expect([...nsxSlice(E.emu.tenant()).records.values()].map((r) => r.id).sort()).toEqual(landed);
    expect(landed.map(String)).toEqual([String(second.outputs.basicId.value), String(second.outputs.vaultId.value)].sort());
    await s.stack.preview({ expectNoChanges: true, refresh: true, ...capture(s) });
  },
);

test("GcpInternalScanJob: a create that lands after the wait is replaced by the next `up`: exactly one job each", async () => {
  const s = await E.stack("gcp-internal-scans", { qualysConfig: { "qualys:requestTimeoutSeconds": { value: "1" } } });
  const held = E.emu.injectFault({ path: "/fo/scan/cloud/internal/job/", action: "create", hold: true });
  expect(await failureText(s.stack.up(capture(s)))).toMatch(/kept in the stack as pending/);
  await landHeld(held); // the held create lands: two jobs, one of them pending in state
  expect(scanJobs(E.emu.tenant()).jobs.size).toBe(2);

  const second = await s.stack.up(capture(s));
  expect(second.summary.resourceChanges).toEqual({ replace: 1, same: 2 });
  await s.stack.preview({ expectNoChanges: true, refresh: true, ...capture(s) });
  const inQualys = [...scanJobs(E.emu.tenant()).jobs.keys()].sort();
  const d = await s.stack.exportStack();
  const inState = d.deployment.resources
    .filter((r: { type: string }) => r.type === "pulumi-nodejs:dynamic/qualys:GcpInternalScanJob")
    .map((r: { id: string }) => r.id)
    .sort();
  expect(inState).toEqual(inQualys);
  expect(inQualys).toHaveLength(2);
});
