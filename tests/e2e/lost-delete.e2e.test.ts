/**
 * Deletes with the real Pulumi CLI (docs/failure-model.md, "Deletes"; docs/target-account.md, "Delete").
 *
 *  - Every delete answer lost: bench/fleet with every resource type, and EVERY delete call of every
 *    type loses its answer (cut after Qualys ran it, a 500 after it ran it, or a client timeout while
 *    it still works). `pulumi destroy` is run until the stack is empty, at most 3 times; each case
 *    asserts 1 run, and nothing left in Qualys. `afterAll` prints "runs needed per resource".
 *  - TargetAccount destroy: with `deletedWith: parent` the engine skips the target's delete when
 *    the parent is deregistered in the same run (0 target calls); without it, each target costs a
 *    GET and a stop-scanning setup. Both call counts are pinned.
 */
import { flexscan } from "../../emulator/services/flexscan/service-accounts";
import { targetsSlice } from "../../emulator/services/flexscan/target-accounts";
import { nsxSlice } from "../../emulator/services/nsx";
import { scanJobs } from "../../emulator/services/scan-jobs";
import type { FaultSpec } from "../../emulator/faults";
import { capture, type E2EStack } from "../helpers/pulumi";
import { createFleetStack, measureStep, type FleetSize } from "../helpers/fleet";
import { useEmulator } from "../helpers/emulator-client";

jest.setTimeout(600_000);
const E = useEmulator();

type Kind = "cut" | "500" | "timeout";

/** The delete call of each resource type (a target's delete is its stop-scanning setup). */
const DELETES: Record<string, { path: string; action?: string }> = {
  NsxAuthRecord: { path: "/api/3.0/fo/auth/nsx/", action: "delete" },
  GcpInternalScanJob: { path: "/fo/schedule/scan/", action: "delete" },
  TargetAccount: { path: "/target-accounts/setup" },
  ServiceAccount: { path: "/service-accounts/deregister" },
};

function everyAnswerLost(kind: Kind, where: { path: string; action?: string }): FaultSpec {
  const all = { ...where, times: 1_000_000 };
  if (kind === "cut") return { ...all, afterHandler: true, cut: true };
  if (kind === "500") return { ...all, afterHandler: true, status: 500 };
  return { ...all, delayMs: 1500 }; // the client gives up after 1 s; the delete runs 0.5 s later
}

/** What is left in Qualys: objects, and targets still set up to scan (Qualys cannot remove a target). */
function leftInQualys(): Record<string, number> {
  const t = E.emu.tenant();
  return {
    NsxAuthRecord: nsxSlice(t).records.size,
    GcpInternalScanJob: scanJobs(t).jobs.size,
    ServiceAccount: flexscan(t).serviceAccounts.size,
    TargetAccount: [...targetsSlice(t).targetAccounts.values()].filter((x) => x.config !== null).length,
  };
}

async function typesInState(s: E2EStack): Promise<Record<string, number>> {
  const d = await s.stack.exportStack();
  const out: Record<string, number> = {};
  for (const r of (d.deployment.resources ?? []) as Array<{ type: string }>) {
    const m = /qualys:(\w+)$/.exec(r.type);
    if (m) out[m[1]] = (out[m[1]] ?? 0) + 1;
  }
  return out;
}

const FLEET: FleetSize = { nsx: 3, jobs: 2, accounts: 2, parents: 1, targets: 2 };
const table: string[] = [];
afterAll(() => {
  process.stdout.write(
    `\nDestroy with every delete answer lost (real CLI, bench/fleet ${JSON.stringify(FLEET)}):\n| kind | ${Object.keys(DELETES).join(" | ")} | left in Qualys |\n| --- | --- | --- | --- | --- | --- |\n${table.join("\n")}\n`,
  );
});

test.each<Kind>(["cut", "500", "timeout"])(
  "every delete answer lost (%s): `pulumi destroy` ends in 1 run, nothing left in Qualys",
  async (kind) => {
    const s = await createFleetStack(E.emu, FLEET);
    try {
      // Targets run their own delete here (no deletedWith), so theirs loses its answers too.
      await s.setConfig({
        "qualys-fleet:targetsDeletedWithParent": { value: "false" },
        "qualys:requestTimeoutSeconds": { value: "1" },
      });
      await s.stack.up(capture(s));
      for (const where of Object.values(DELETES)) E.emu.injectFault(everyAnswerLost(kind, where));

      const runsNeeded: Record<string, number> = {};
      for (let run = 1; run <= 3 && Object.keys(runsNeeded).length < Object.keys(DELETES).length; run++) {
        try {
          await s.stack.destroy(capture(s));
        } catch {
          // counted below: what is still in state needs another run
        }
        const inState = await typesInState(s);
        for (const type of Object.keys(DELETES)) if (!inState[type] && runsNeeded[type] === undefined) runsNeeded[type] = run;
      }
      // Deletes the emulator still holds (the timeout kind) land 0.5 s after the client gave up.
      const deadline = Date.now() + 10_000;
      while (Object.values(leftInQualys()).some((n) => n > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const left = leftInQualys();
      table.push(
        `| ${kind} | ${Object.keys(DELETES)
          .map((t) => runsNeeded[t] ?? "∞")
          .join(" | ")} | ${Object.values(left).reduce((a, b) => a + b, 0)} |`,
      );
      expect(runsNeeded).toEqual({ NsxAuthRecord: 1, GcpInternalScanJob: 1, TargetAccount: 1, ServiceAccount: 1 });
      expect(left).toEqual({ NsxAuthRecord: 0, GcpInternalScanJob: 0, ServiceAccount: 0, TargetAccount: 0 });
      expect(E.emu.faults.list().length).toBe(Object.keys(DELETES).length); // the faults were still armed: every answer was lost
    } finally {
      await s.cleanup();
    }
  },
);

test.each([
  [true, { "DELETE /flexscan-api/rest/v1/service-accounts/deregister": 2 }],
  [
    false,
    {
      "DELETE /flexscan-api/rest/v1/service-accounts/deregister": 2,
      "GET /flexscan-api/rest/v1/target-accounts/{accountId}": 6,
      "POST /flexscan-api/rest/v1/target-accounts/setup": 6,
    },
  ],
])("TargetAccount destroy, deletedWith the parent: %s → exactly these calls", async (deletedWith, calls) => {
  const s = await createFleetStack(E.emu, { nsx: 0, jobs: 0, accounts: 2, parents: 2, targets: 6 });
  try {
    await s.setConfig({ "qualys-fleet:targetsDeletedWithParent": { value: String(deletedWith) } });
    await s.stack.up(capture(s));
    const d = await measureStep(E.emu, "destroy", () => s.stack.destroy(capture(s)));
    expect(d.byLabel).toEqual(calls);
    expect(leftInQualys()).toEqual({ NsxAuthRecord: 0, GcpInternalScanJob: 0, ServiceAccount: 0, TargetAccount: 0 });
  } finally {
    await s.cleanup();
  }
});
