/**
 * A delete whose answer is lost converges in the same run (docs/failure-model.md, "Deletes").
 *
 * For each resource of RESOURCES and each lost-answer kind — the connection cut after the emulator
 * ran the delete, a 500 after it ran it, and a client timeout while the emulator still works (each
 * delete is held, and runs once the client has given up and moved on: releaseWhenGivenUp) — EVERY
 * delete answer is lost, and `destroy` is played
 * as the engine plays it: `delete`, and when it fails, the next run calls `delete` again. Each case
 * asserts that 1 run is enough, that nothing is left in Qualys (for a target: it is set up to stop
 * scanning), and how many delete calls it took. What a resource's delete sends and what it leaves
 * come from its test kit (define.ts). `afterAll` prints the table "runs needed per resource".
 */
import { errorMessage } from "../errors";
import type { HandlerContext } from "../engine/handler";
import { useHarness, emulatorEnv } from "../../tests/helpers/provider-harness";
import { holdEach, releaseWhenGivenUp } from "../../tests/helpers/emulator-client";
import { sampleOf, testQualys, type Sample } from "../../tests/helpers/test-kit";
import type { FaultSpec } from "../../emulator/faults";
import type { EmulatorCall, ResourceDefinition } from "./define";
import { nsxAuthRecord } from "./nsx-auth-record";
import { serviceAccount } from "./service-account";
import { RESOURCES } from ".";

const H = useHarness();

type Kind = "cut" | "500" | "timeout";
const KINDS: Kind[] = ["cut", "500", "timeout"];

/** Every matching call (not only the first) loses its answer; the timeout kind: see `holdEach`. */
function everyAnswerLost(kind: "cut" | "500", where: EmulatorCall): FaultSpec {
  const all = { ...where, times: 1_000_000 };
  if (kind === "cut") return { ...all, afterHandler: true, cut: true };
  return { ...all, afterHandler: true, status: 500 };
}

/** More held calls than any delete makes (its attempts and repeats), each released on its own. */
const HELD_CALLS = 10;

/** A context whose client gives up after 1 s. */
function shortTimeout(): HandlerContext {
  return H.contextFor(emulatorEnv(H.emu, { QUALYS_REQUEST_TIMEOUT_SECONDS: "1" }));
}

interface Case extends Sample {
  /** The delete call whose answers are lost. */
  where: EmulatorCall;
  /** What is left in Qualys that the delete should have removed (a target: still scanning). */
  left(): string[];
}

function caseOf(def: ResourceDefinition): Case {
  return {
    ...sampleOf(def, "lost delete"),
    where: { path: def.testKit.deleteCall.path, action: def.testKit.deleteCall.action },
    left: () => def.testKit.objects(H.emu.tenant()).live,
  };
}

/** `destroy` as the engine plays it: delete, and on failure the next run deletes again. */
async function destroyUntilDone(c: Case, ctx: HandlerContext, id: string, outs: unknown, maxRuns = 3) {
  const errors: string[] = [];
  for (let run = 1; run <= maxRuns; run++) {
    try {
      await c.handler.delete(ctx, id, outs);
      return { runs: run, errors };
    } catch (e) {
      errors.push(errorMessage(e));
    }
  }
  return { runs: Infinity, errors };
}

const table: string[] = [];
afterAll(() => {
  process.stdout.write(
    `\nLost delete answers, every one of them (measured against the emulator):\n| resource | kind | runs needed | delete calls | other calls | left in Qualys |\n| --- | --- | --- | --- | --- | --- |\n${table.join("\n")}\n`,
  );
});

const isDelete = (c: Case) => (label: string) =>
  label.includes(c.where.path) && (!c.where.action || label.includes(`action=${c.where.action}`));

describe.each(RESOURCES.map((r) => [r.name, r] as const))("%s", (name, def) => {
  test.each(KINDS)("every delete answer lost (%s): destroy ends in 1 run, nothing left", async (kind) => {
    const c = caseOf(def);
    await c.kit.arrange(testQualys(H));
    const { id, outs } = await c.handler.create(H.ctx, c.inputs());
    expect(c.left()).toEqual([id]);
    H.emu.resetCalls();
    let r: Awaited<ReturnType<typeof destroyUntilDone>>;
    if (kind === "timeout") {
      const held = holdEach(H.emu, c.where, HELD_CALLS);
      r = await releaseWhenGivenUp(H.emu, held, destroyUntilDone(c, shortTimeout(), id, outs));
    } else {
      H.emu.injectFault(everyAnswerLost(kind, c.where));
      r = await destroyUntilDone(c, shortTimeout(), id, outs);
    }
    const deletes = H.emu.totalCalls(isDelete(c));
    const others = H.emu.totalCalls((l) => !isDelete(c)(l));
    table.push(`| ${name} | ${kind} | ${r.runs} | ${deletes} | ${others} | ${c.left().length} |`);
    expect(r.errors).toEqual([]);
    expect(r.runs).toBe(1);
    expect(c.left()).toEqual([]);
    // Sent once, and once more only where a read could not show it gone (a target's setup).
    expect(deletes).toBe(c.kit.deleteCall.sends);
    // A delete that cannot read itself done says what to check instead of failing.
    const warned = H.warnings.join("\n");
    const warning = c.kit.deleteCall.unconfirmedWarning;
    if (warning) expect(warned).toMatch(warning);
    else expect(warned).not.toMatch(/answers? to .* (was|were) lost/);
  });
});

test("NsxAuthRecord: a delete that never ran (a 500 before Qualys acted) is seen still listed and sent again", async () => {
  const c = caseOf(nsxAuthRecord);
  const { id, outs } = await c.handler.create(H.ctx, c.inputs());
  H.emu.injectFault({ ...c.where, status: 500 }); // answered before the emulator ran it, once
  H.emu.resetCalls();
  await c.handler.delete(shortTimeout(), id, outs);
  expect(c.left()).toEqual([]);
  expect(H.emu.totalCalls(isDelete(c))).toBe(2);
});

test("ServiceAccount: when every deregister is refused before it runs (500), the delete fails after its attempts, saying so", async () => {
  const c = caseOf(serviceAccount);
  const { id, outs } = await c.handler.create(H.ctx, c.inputs());
  H.emu.injectFault({ ...c.where, status: 500, times: 1_000_000 });
  H.emu.resetCalls();
  await expect(c.handler.delete(shortTimeout(), id, outs)).rejects.toThrow(
    /The answer to each of 3 deletes of service account my-gcp-project-123 was lost, and Qualys still lists it/,
  );
  expect(H.emu.totalCalls(isDelete(c))).toBe(3);
  expect(c.left()).toEqual([id]); // nothing dropped from the stack that still exists
});
