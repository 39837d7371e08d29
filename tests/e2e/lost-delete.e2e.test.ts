/**
 * Deletes with the real Pulumi CLI (docs/failure-model.md, "Deletes"; docs/target-account.md, "Delete").
 *
 *  - Every delete answer lost: the program derived from every resource's test kit
 *    (tests/helpers/every-resource.ts, through the native plugin), and EVERY delete call of every type
 *    loses its answer (cut after Qualys ran it, a 500 after it ran it, or a client timeout while it
 *    still works). `pulumi destroy` is run until the stack is empty, at most 3 times; each case
 *    asserts 1 run, and nothing left in Qualys. `afterAll` prints "runs needed per resource".
 *  - TargetAccount destroy: with `deletedWith: parent` the engine skips the target's delete when
 *    the parent is deregistered in the same run (0 target calls); without it, each target costs a
 *    GET and a stop-scanning setup. Both call counts are pinned.
 */
import type { FaultSpec } from "../../emulator/faults";
import { RESOURCES } from "../../provider/resources";
import { capture } from "../helpers/pulumi";
import { createFleetStack, measureStep } from "../helpers/fleet";
import { everyResourceProgram, resourcesInState } from "../helpers/every-resource";
import { nativeProject } from "../helpers/native";
import { useHarness } from "../helpers/provider-harness";
import { testQualys } from "../helpers/test-kit";
import { takenCallsSettled } from "../helpers/emulator-client";

jest.setTimeout(600_000);
const H = useHarness();

type Kind = "cut" | "500" | "timeout";

/** The delete call of each resource type, from its test kit (a target's delete is its stop-scanning setup). */
const DELETES: Record<string, { path: string; action?: string }> = Object.fromEntries(
  RESOURCES.map((r) => [r.name, { path: r.testKit.deleteCall.path, action: r.testKit.deleteCall.action }]),
);

function everyAnswerLost(kind: Kind, where: { path: string; action?: string }): FaultSpec {
  const all = { ...where, times: 1_000_000 };
  if (kind === "cut") return { ...all, afterHandler: true, cut: true };
  if (kind === "500") return { ...all, afterHandler: true, status: 500 };
  return { ...all, delayMs: 1500 }; // the client gives up after 1 s; the delete runs 0.5 s later
}

/** What is left in Qualys per resource type: what its creates made (a target: configured; Qualys cannot remove one). */
function leftInQualys(): Record<string, number> {
  const t = H.emu.tenant();
  return Object.fromEntries(RESOURCES.map((r) => [r.name, r.testKit.objects(t).made.length]));
}

/** Every resource type, with `n`. */
const each = (n: number) => Object.fromEntries(RESOURCES.map((r) => [r.name, n]));

const table: string[] = [];
afterAll(() => {
  process.stdout.write(
    `\nDestroy with every delete answer lost (real CLI, native plugin, one of each resource):\n| kind | ${Object.keys(DELETES).join(" | ")} | left in Qualys |\n|${" --- |".repeat(Object.keys(DELETES).length + 2)}\n${table.join("\n")}\n`,
  );
});

test.each<Kind>(["cut", "500", "timeout"])(
  "every delete answer lost (%s): `pulumi destroy` ends in 1 run, nothing left in Qualys",
  async (kind) => {
    const q = testQualys(H);
    for (const r of RESOURCES) await r.testKit.arrange(q);
    const live = () => Object.fromEntries(RESOURCES.map((r) => [r.name, r.testKit.objects(H.emu.tenant()).live.length]));
    const before = live();
    const p = await nativeProject(H.emu.url, { yaml: everyResourceProgram() }, { "qualys:requestTimeoutSeconds": { value: "1" } });
    try {
      await p.pulumi(["up", "--yes"]);
      // The program holds every resource type, so each one's delete is exercised.
      expect(await resourcesInState(p)).toEqual(each(1));
      const faults = Object.values(DELETES).map((where) => H.emu.injectFault(everyAnswerLost(kind, where)));

      const runsNeeded: Record<string, number> = {};
      for (let run = 1; run <= 3 && Object.keys(runsNeeded).length < Object.keys(DELETES).length; run++) {
        // A failed run is counted below: what is still in state needs another run.
        await p.pulumi(["destroy", "--yes"], { allowFailure: true });
        const inState = await resourcesInState(p);
        for (const type of Object.keys(DELETES)) if (!inState[type] && runsNeeded[type] === undefined) runsNeeded[type] = run;
      }
      // Deletes the emulator still delays (the timeout kind) land 0.5 s after the client gave up:
      // look once every delete call the faults took has been answered.
      await takenCallsSettled(H.emu, faults);
      const after = live();
      // What the program made and its destroy did not end (a target: still configured to scan).
      const left = Object.fromEntries(RESOURCES.map((r) => [r.name, after[r.name] - before[r.name]]));
      table.push(
        `| ${kind} | ${Object.keys(DELETES)
          .map((t) => runsNeeded[t] ?? "∞")
          .join(" | ")} | ${Object.values(left).reduce((a, b) => a + b, 0)} |`,
      );
      expect(runsNeeded).toEqual(each(1));
      expect(left).toEqual(each(0));
      expect(H.emu.faults.list().length).toBe(Object.keys(DELETES).length); // the faults were still armed: every answer was lost
    } finally {
      p.cleanup();
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
  const s = await createFleetStack(H.emu, { nsx: 0, jobs: 0, accounts: 2, parents: 2, targets: 6 });
  try {
    await s.setConfig({ "qualys-fleet:targetsDeletedWithParent": { value: String(deletedWith) } });
    await s.stack.up(capture(s));
    const d = await measureStep(H.emu, "destroy", () => s.stack.destroy(capture(s)));
    expect(d.byLabel).toEqual(calls);
    expect(leftInQualys()).toEqual(each(0));
  } finally {
    await s.cleanup();
  }
});
