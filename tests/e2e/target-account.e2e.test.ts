/**
 * TargetAccount end to end: the real Pulumi CLI runs examples/aws-organisation (one AWS service
 * account, three target accounts) against the emulator. Qualys "discovers" the member accounts
 * through the emulator's control route before `up`, as it would after the management account is
 * registered.
 */
import { capture, failureText, useE2E } from "../helpers/pulumi";

const E = useE2E(300_000);

const ORG = "123456789012";
const PAYMENTS = "210987654321";
const SANDBOX = "310987654321";
const DATA = "410987654321";
const T = "/flexscan-api/rest/v1/target-accounts";

const { controlOk: oob } = E;

function tenantObjects() {
  const dump = E.emu.tenant().dump() as {
    flexscan?: { serviceAccounts: Map<string, unknown> };
    flexscanTargets?: { targetAccounts: Map<string, unknown> };
  };
  return {
    serviceAccounts: [...(dump.flexscan?.serviceAccounts.keys() ?? [])],
    targetAccounts: [...(dump.flexscanTargets?.targetAccounts.keys() ?? [])],
  };
}

test("seed discovery → up → refresh → no-change preview → drift → refresh → repair → destroy (targets first, emulator clean)", async () => {
  // Qualys discovers the organisation's member accounts once the management account is registered.
  const seeded = await oob("POST", `service-accounts/${ORG}/discovered-targets`, [PAYMENTS, SANDBOX, DATA]);
  expect(seeded.parentRegistered).toBe(false);
  const s = await E.stack("aws-organisation");

  // up: the parent first (register + setup), then the three targets
  const up = await s.stack.up(capture(s));
  expect(up.summary.result).toBe("succeeded");
  expect(up.summary.resourceChanges?.create).toBe(5); // stack + service account + 3 targets
  const targets = up.outputs.targets.value as Record<
    string,
    { regions: string[]; scanInterval: number; state: string; inheritedTagLists: string[] }
  >;
  expect(targets[PAYMENTS]).toEqual({
    regions: ["us-east-1", "us-west-2"],
    scanInterval: 24,
    state: "REGISTERED",
    inheritedTagLists: ["mustHaveTags", "atLeastOneTag", "noneOfTheTag"],
  });
  expect(targets[SANDBOX]).toMatchObject({ regions: ["us-west-2"], scanInterval: 168, inheritedTagLists: [] });
  expect(targets[DATA]).toMatchObject({ regions: ["eu-west-1"], scanInterval: 72, inheritedTagLists: [] });

  // What Qualys stored: inherited lists null, [] as [], own filters; the effective filter of each.
  const payments = await oob("GET", `target-accounts/${PAYMENTS}`);
  expect(payments.config).toMatchObject({ mustHaveTags: null, atLeastOneTag: null, noneOfTheTag: null });
  // (the ServiceAccount sends its own left-out list as [], so that is what the target inherits)
  expect(payments.effectiveTags).toEqual({ mustHaveTags: ["env=production"], atLeastOneTag: [], noneOfTheTag: ["qualys-scan:skip"] });
  expect((await oob("GET", `target-accounts/${SANDBOX}`)).config).toMatchObject({ mustHaveTags: [], atLeastOneTag: [], noneOfTheTag: [] });
  expect((await oob("GET", `target-accounts/${DATA}`)).config).toMatchObject({
    mustHaveTags: ["env=staging"],
    atLeastOneTag: ["team:analytics", "team=data"],
    noneOfTheTag: [],
    vmScanTypes: ["os", "sca"],
  });

  // __provider is the one-line require of the package module; no secret in state.
  const deployment = await s.stack.exportStack();
  const ta = deployment.deployment.resources.find((r: { type: string }) => r.type === "pulumi-nodejs:dynamic/qualys:TargetAccount");
  expect(String(ta.inputs.__provider)).toContain('require("pulumi-qualys/dynamic/target-account")');
  expect(s.stateFileText()).not.toContain("emulator-token-acme");
  // An inherited list stays absent in state; [] stays [].
  const byId = (id: string) =>
    deployment.deployment.resources.find((r: { type: string; id?: string }) => r.type === ta.type && r.id === id);
  expect(Object.keys(byId(PAYMENTS).outputs)).not.toContain("mustHaveTags");
  expect(byId(SANDBOX).outputs.mustHaveTags).toEqual([]);

  // refresh of an unchanged organisation, then a preview that must show nothing to do
  const refresh1 = await s.stack.refresh(capture(s));
  expect(refresh1.summary.resourceChanges?.update ?? 0).toBe(0);
  await s.stack.preview({ expectNoChanges: true, ...capture(s) });

  // Someone narrows the payments account to us-east-1 in the Qualys UI
  await oob("PATCH", `target-accounts/${PAYMENTS}`, { regions: ["us-east-1"] });
  const refresh2 = await s.stack.refresh(capture(s));
  expect(refresh2.summary.resourceChanges?.update).toBe(1);
  const drift = await s.stack.preview(capture(s));
  expect(drift.changeSummary.update).toBe(1);

  // up repairs it, with one setup for that target only
  E.emu.resetCalls();
  const repair = await s.stack.up(capture(s));
  expect(repair.summary.resourceChanges?.update).toBe(1);
  expect(E.emu.calls()[`POST ${T}/setup`]).toBe(1);
  expect((await oob("GET", `target-accounts/${PAYMENTS}`)).regions).toEqual(["us-east-1", "us-west-2"]);
  await s.stack.preview({ expectNoChanges: true, refresh: true, ...capture(s) });

  // destroy: targets before their parent; stop-scanning for two, retain (warning) for the sandbox
  E.emu.resetCalls();
  s.transcript.length = 0;
  const destroy = await s.stack.destroy(capture(s));
  const text = destroy.stdout + destroy.stderr + s.transcript.join("");
  const labels = E.emu.log.map((c) => c.label);
  const deregister = labels.indexOf("DELETE /flexscan-api/rest/v1/service-accounts/deregister");
  expect(deregister).toBeGreaterThan(0);
  const targetCalls = labels.map((l, i) => (l.includes("/target-accounts") ? i : -1)).filter((i) => i >= 0);
  expect(targetCalls.length).toBe(4); // GET + stop-scanning setup for payments and data-platform
  expect(Math.max(...targetCalls)).toBeLessThan(deregister);
  const stops = E.emu.log
    .filter((c) => c.label === `POST ${T}/setup`)
    .map((c) => JSON.parse(c.body) as { accountId: string; mustHaveTags: string[] });
  expect(stops.map((b) => b.accountId).sort()).toEqual([PAYMENTS, DATA]);
  expect(stops.every((b) => b.mustHaveTags[0] === "pulumi-qualys-scan=stopped")).toBe(true);
  expect(text).toContain("onDelete: retain");
  expect(text).toContain("CLEANUP REMINDER");
  // Nothing left in Qualys: the parent is deregistered and its targets went with it.
  expect(tenantObjects()).toEqual({ serviceAccounts: [], targetAccounts: [] });
});

test("invalid target input fails at preview, naming each field, with zero API calls", async () => {
  await oob("POST", `service-accounts/${ORG}/discovered-targets`, [PAYMENTS, SANDBOX, DATA]);
  const s = await E.stack("aws-organisation", {
    config: {
      "qualys-aws-organisation:dataVmScanTypes": { value: JSON.stringify(["bogus"]) },
      "qualys-aws-organisation:dataScanInterval": { value: "800" },
    },
  });
  const message = await failureText(s.stack.preview(capture(s)));
  // Both failures of the one target, each naming its property (the CLI stops at the first resource that fails check).
  expect(message).toMatch(
    /TargetAccount resource 'data-platform': property vmScanTypes value .*bogus.* has a problem: vmScanTypes: allowed values are os, sca, secret/,
  );
  expect(message).toMatch(
    /TargetAccount resource 'data-platform': property scanInterval value \{800\} has a problem: scanInterval must be between 24 and 720 hours/,
  );
  expect(E.emu.totalCalls()).toBe(0);
});
