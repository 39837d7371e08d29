/**
 * NsxAuthRecord end to end: the real Pulumi CLI runs examples/nsx-auth-records (and the 20-record
 * examples/nsx-auth-records-fleet) against the emulator: the drift cycle, the write-only password
 * (never in the state file, never in `__provider`, never in the CLI's output), and the cost of a
 * refresh.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_MIN_WAVE } from "../../provider/shared/batch";
import { capture, failureText, type E2EStack, useE2E } from "../helpers/pulumi";

/**
 * The most list calls a refresh of these 20 records may cost, whatever the machine's load. On an
 * idle machine it is 1 or 2 (a wave shares one `ids=` call, the next wave lists everything once).
 * When a loaded machine makes the engine's reads trickle in one per batch window, the reader lists
 * by ids until the stream of reads has loaded DEFAULT_MIN_WAVE records, then lists everything once:
 * DEFAULT_MIN_WAVE + 1 calls at worst, still far below one call per record (20). Exact counts are
 * asserted where the engine's order is deterministic (tests/e2e/fleet-budget.e2e.test.ts,
 * --parallel 1) and in provider/shared/batch.test.ts on the injected timer.
 */
const MAX_REFRESH_LIST_CALLS = DEFAULT_MIN_WAVE + 1;

const E = useE2E(300_000);

const PASSWORD = "E2e-Nsx-Pa55word-1";
const ROTATED = "E2e-Nsx-Pa55word-2";
const LIST = "POST /api/3.0/fo/auth/nsx/ action=list";
const UPDATE = "POST /api/3.0/fo/auth/nsx/ action=update";

const { controlOk: control } = E;

interface StateResource {
  type: string;
  id: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

async function nsxResources(stack: E2EStack): Promise<StateResource[]> {
  const deployment = await stack.stack.exportStack(); // exported with --show-secrets (plaintext)
  return (deployment.deployment.resources as StateResource[]).filter((r) => r.type === "pulumi-nodejs:dynamic/qualys:NsxAuthRecord");
}

/** The NSX resources as the state file on disk has them (secrets as ciphertext). */
function nsxResourcesOnDisk(stack: E2EStack, project: string): StateResource[] {
  const file = join(stack.backendDir, ".pulumi", "stacks", project, `${stack.name}.json`);
  expect(existsSync(file)).toBe(true);
  const checkpoint = JSON.parse(readFileSync(file, "utf8")) as { checkpoint: { latest: { resources: StateResource[] } } };
  return checkpoint.checkpoint.latest.resources.filter((r) => r.type === "pulumi-nodejs:dynamic/qualys:NsxAuthRecord");
}

const SECRET_SIG = "4dabf18193072939515e22adb298388d";

test("up → refresh → no-change preview → drift (title, port) → refresh → repair → password rotation → destroy; the password never in state", async () => {
  const s = await E.stack("nsx-auth-records", { config: { "qualys-nsx-auth-records:nsxPassword": { value: PASSWORD, secret: true } } });

  // up: two records, the password reached Qualys
  const up = await s.stack.up(capture(s));
  expect(up.summary.result).toBe("succeeded");
  const basicId = String(up.outputs.basicId.value);
  expect(up.outputs.basicIps.value).toEqual(["10.20.0.10-10.20.0.12"]);
  expect(up.outputs.vaultIps.value).toEqual(["10.30.0.0-10.30.0.3"]);
  expect(up.outputs.vaultTitle.value).toBe("Nutanix_HashiCorp");
  expect((await control("GET", `nsx/${basicId}`)).password).toBe(PASSWORD);
  const vaultRecord = await control("GET", `nsx/${String(up.outputs.vaultId.value)}`);
  expect(vaultRecord).toMatchObject({ loginType: "vault", vault: { useAd: true, kvName: "adnsx" } });
  expect(vaultRecord.password).toBeUndefined();

  // The password is nowhere in the state file: inputs hold it encrypted, outputs not at all, the
  // hash is encrypted too, and __provider is the one-line require.
  let state = s.stateFileText();
  expect(state).not.toContain(PASSWORD);
  expect(state).not.toContain("hmac-sha256$");
  const [basic] = nsxResourcesOnDisk(s, "qualys-nsx-auth-records").filter((r) => r.id === basicId);
  expect(basic.inputs.password).toMatchObject({ [SECRET_SIG]: expect.any(String), ciphertext: expect.any(String) });
  expect(basic.outputs).not.toHaveProperty("password");
  expect(basic.outputs.passwordHash).toMatchObject({ [SECRET_SIG]: expect.any(String), ciphertext: expect.any(String) });
  const provider = String(basic.inputs.__provider);
  expect(provider).toContain('require("pulumi-qualys/dynamic/nsx-auth-record")');
  expect(provider).not.toContain(PASSWORD);
  expect(Buffer.byteLength(provider)).toBeLessThan(1024);

  // refresh of unchanged records: list calls only, never more than one per record. Whether the two
  // reads share one call depends on both arriving within the reader's window, i.e. on the machine's
  // load; that reads sent together share one call is asserted exactly where the timing is the
  // test's own (provider/shared/batch.test.ts, nsx-auth-record/handler.test.ts).
  E.emu.resetCalls();
  const refresh1 = await s.stack.refresh(capture(s));
  expect(refresh1.summary.resourceChanges?.update ?? 0).toBe(0);
  expect(Object.keys(E.emu.calls())).toEqual([LIST]);
  expect(E.emu.calls()[LIST]).toBeGreaterThanOrEqual(1);
  expect(E.emu.calls()[LIST]).toBeLessThanOrEqual(2);
  await s.stack.preview({ expectNoChanges: true, ...capture(s) });
  expect(s.stateFileText()).not.toContain(PASSWORD);

  // Someone renames the record and changes its port in the Qualys UI
  await control("PATCH", `nsx/${basicId}`, { title: "Renamed in the UI", port: 9443 });
  const refresh2 = await s.stack.refresh(capture(s));
  expect(refresh2.summary.resourceChanges?.update).toBe(1);
  const [drifted] = (await nsxResources(s)).filter((r) => r.id === basicId);
  expect(drifted.outputs).toMatchObject({ title: "Renamed in the UI", port: 9443 });
  const drift = await s.stack.preview(capture(s));
  expect(drift.changeSummary.update).toBe(1);

  // up repairs it with an update of exactly those two fields (no password: it did not change)
  E.emu.resetCalls();
  const repair = await s.stack.up(capture(s));
  expect(repair.summary.resourceChanges?.update).toBe(1);
  const repairCall = E.emu.log.find((c) => c.label === UPDATE)!;
  expect(Object.fromEntries(new URLSearchParams(repairCall.body))).toEqual({
    action: "update",
    ids: basicId,
    title: "NSX Manager (basic login)",
    port: "443",
  });
  expect(await control("GET", `nsx/${basicId}`)).toMatchObject({ title: "NSX Manager (basic login)", port: 443, password: PASSWORD });
  await s.stack.preview({ expectNoChanges: true, refresh: true, ...capture(s) });

  // Rotate the password: one update carrying only the password; still nowhere in state
  await s.setConfig({ "qualys-nsx-auth-records:nsxPassword": { value: ROTATED, secret: true } });
  E.emu.resetCalls();
  const rotate = await s.stack.up(capture(s));
  expect(rotate.summary.resourceChanges?.update).toBe(1);
  const rotateCall = E.emu.log.find((c) => c.label === UPDATE)!;
  expect(Object.fromEntries(new URLSearchParams(rotateCall.body))).toEqual({ action: "update", ids: basicId, password: ROTATED });
  expect((await control("GET", `nsx/${basicId}`)).password).toBe(ROTATED);
  await s.stack.preview({ expectNoChanges: true, refresh: true, ...capture(s) });
  state = s.stateFileText();
  for (const pw of [PASSWORD, ROTATED]) expect(state).not.toContain(pw);

  // destroy: nothing left in the emulator
  const destroy = await s.stack.destroy(capture(s));
  expect(destroy.summary.result).toBe("succeeded");
  expect((await control("GET", "nsx")).records).toEqual([]);

  // Nothing the CLI printed at any step contains a password.
  const transcript = s.transcript.join("");
  for (const pw of [PASSWORD, ROTATED]) expect(transcript).not.toContain(pw);
});

test("invalid input fails at preview naming each property, with zero API calls", async () => {
  const s = await E.stack("nsx-auth-records", {
    config: {
      "qualys-nsx-auth-records:nsxPassword": { value: PASSWORD, secret: true },
      "qualys-nsx-auth-records:port": { value: "70000" },
      "qualys-nsx-auth-records:ips": { value: JSON.stringify(["10.0.0.1", "10.0.0.300"]) },
    },
  });
  const message = await failureText(s.stack.preview(capture(s)));
  expect(message).toMatch(/port.*between 1 and 65535/);
  expect(message).toMatch(/ips\[1\].*octet above 255/);
  expect(message).not.toContain(PASSWORD);
  expect(E.emu.totalCalls()).toBe(0);
});

test("a stack of 20 records refreshes with a few list calls, not one per record; a plain-string password is still encrypted in state", async () => {
  // The password reaches the program as a plain string (an environment variable), not a secret:
  // the NsxAuthRecord class itself must make it secret.
  const PLAIN = "Plain-Env-Pa55word-3";
  const s = await E.stack("nsx-auth-records-fleet", { env: { NSX_FLEET_PASSWORD: PLAIN } });
  const up = await s.stack.up(capture(s));
  expect(up.summary.resourceChanges?.create).toBe(21); // 20 records + the stack
  const records0 = (await control("GET", "nsx")).records as Array<{ password?: string }>;
  expect(records0).toHaveLength(20);
  expect(records0.every((r) => r.password === PLAIN)).toBe(true);
  expect(s.stateFileText()).not.toContain(PLAIN);
  for (const r of nsxResourcesOnDisk(s, "qualys-nsx-fleet")) {
    expect(r.inputs.password).toMatchObject({ [SECRET_SIG]: expect.any(String), ciphertext: expect.any(String) });
    expect(r.outputs).not.toHaveProperty("password");
  }

  // The engine runs at most --parallel reads at once (default 4 × CPU cores: 8 on a 2-core runner)
  // and starts the next only as answers come back. The first wave shares one `ids=` call; a second
  // full wave lists everything once and the rest of the refresh is served from that answer.
  E.emu.resetCalls();
  const refresh = await s.stack.refresh(capture(s));
  expect(refresh.summary.resourceChanges?.update ?? 0).toBe(0);
  const listCalls = E.emu.calls()[LIST] ?? 0;
  expect(listCalls).toBeGreaterThanOrEqual(1);
  expect(listCalls).toBeLessThanOrEqual(MAX_REFRESH_LIST_CALLS);
  expect(E.emu.totalCalls()).toBe(listCalls);

  // With --parallel ≥ 20 the twenty reads are all sent at once: they share the first call (an
  // `ids=` list of many records). How many of them land inside its 25 ms window depends on the
  // machine's load; the rest share one more call (their own ids, or the unfiltered list once the
  // first has answered): 2 calls on an idle machine, MAX_REFRESH_LIST_CALLS at worst.
  E.emu.resetCalls();
  await s.stack.refresh({ parallel: 32, ...capture(s) });
  expect(Object.keys(E.emu.calls())).toEqual([LIST]);
  expect(E.emu.calls()[LIST]).toBeLessThanOrEqual(MAX_REFRESH_LIST_CALLS);
  const ids = new URLSearchParams(E.emu.log[0].body).get("ids")!;
  const listed = ids.split(",").flatMap((part) => {
    const [a, b] = part.split("-").map(Number);
    return b === undefined ? [a] : Array.from({ length: b - a + 1 }, (_, i) => a + i);
  });
  // Reads sent together share a call: the first carries several ids (all 20 on an idle machine).
  expect(listed.length).toBeGreaterThanOrEqual(2);

  // A record deleted out of band disappears from the stack on refresh (the same shared call)
  const records = (await control("GET", "nsx")).records as Array<{ id: string }>;
  await control("DELETE", `nsx/${records[3].id}`);
  E.emu.resetCalls();
  const refresh2 = await s.stack.refresh(capture(s));
  expect(refresh2.summary.resourceChanges?.delete).toBe(1);
  expect(E.emu.calls()[LIST]).toBeLessThanOrEqual(MAX_REFRESH_LIST_CALLS);
  expect((await nsxResources(s)).length).toBe(19);
  expect(s.stateFileText()).not.toContain(PLAIN);
  expect(s.transcript.join("")).not.toContain(PLAIN);
});
