/**
 * A delete whose answer is lost converges in the same run (docs/failure-model.md, "Deletes").
 *
 * For each of the four resources and each lost-answer kind — the connection cut after the emulator
 * ran the delete, a 500 after it ran it, and a client timeout while the emulator still works (each
 * delete is held, and runs once the client has given up and moved on: releaseWhenGivenUp) — EVERY
 * delete answer is lost, and `destroy` is played
 * as the engine plays it: `delete`, and when it fails, the next run calls `delete` again. Each case
 * asserts that 1 run is enough, that nothing is left in Qualys (for a target: it is set up to stop
 * scanning), and how many delete calls it took. `afterAll` prints the table "runs needed per
 * resource".
 */
import { errorMessage } from "../errors";
import type { HandlerContext, ResourceHandler } from "../engine/handler";
import { discoveredTarget, useHarness, emulatorEnv } from "../../tests/helpers/provider-harness";
import { holdEach, releaseWhenGivenUp } from "../../tests/helpers/emulator-client";
import type { FaultSpec } from "../../emulator/faults";
import { nsxSlice } from "../../emulator/services/nsx";
import { scanJobs } from "../../emulator/services/scan-jobs";
import { flexscan } from "../../emulator/services/flexscan/service-accounts";
import { targetsSlice } from "../../emulator/services/flexscan/target-accounts";
import { gcpInternalScanJobHandler } from "./gcp-internal-scan-job/handler";
import { nsxAuthRecordHandler } from "./nsx-auth-record/handler";
import { serviceAccountHandler } from "./service-account/handler";
import { STOP_SCANNING_ATTEMPTS, targetAccountHandler } from "./target-account/handler";
import { STOP_SCANNING_TAG } from "./target-account/schema";

const H = useHarness();

const PARENT = "123456789012";
const TARGET = "210987654321";

type Kind = "cut" | "500" | "timeout";
const KINDS: Kind[] = ["cut", "500", "timeout"];

/** Every matching call (not only the first) loses its answer; the timeout kind: see `holdEach`. */
function everyAnswerLost(kind: "cut" | "500", where: { path: string; action?: string }): FaultSpec {
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

function checked<I>(h: ResourceHandler<I, unknown>, raw: Record<string, unknown>): I {
  const r = h.check({}, raw);
  expect(r.failures).toEqual([]);
  return r.inputs as I;
}

interface Case {
  handler: ResourceHandler<any, any>;
  inputs(): Record<string, unknown>;
  /** The delete call whose answers are lost. */
  where: { path: string; action?: string };
  arrange?(): Promise<void>;
  /** What is left in Qualys that the delete should have removed (a target: still scanning). */
  left(): string[];
}

const CASES: Record<string, Case> = {
  ServiceAccount: {
    handler: serviceAccountHandler,
    inputs: () => checked(serviceAccountHandler, { accountId: "my-gcp-project-123", cloudType: "GCP", regions: ["us-east1"] }),
    where: { path: "/service-accounts/deregister" },
    left: () => [...flexscan(H.emu.tenant()).serviceAccounts.keys()],
  },
  NsxAuthRecord: {
    handler: nsxAuthRecordHandler,
    inputs: () =>
      checked(nsxAuthRecordHandler, { title: "NSX lost delete", ips: ["10.20.0.11"], username: "svc", password: "Nsx-Pa55word!" }),
    where: { path: "/api/3.0/fo/auth/nsx/", action: "delete" },
    left: () => [...nsxSlice(H.emu.tenant()).records.keys()].map(String),
  },
  GcpInternalScanJob: {
    handler: gcpInternalScanJobHandler,
    inputs: () =>
      checked(gcpInternalScanJobHandler, {
        title: "GCP lost delete",
        connectorName: "gcp-prod-connector",
        optionProfileTitle: "Qualys Recommended Option Profile",
        scannerNames: ["RM_GCP_SCANNER"],
        schedule: { type: "daily", frequencyDays: 1, startHour: 22, startMinute: 30, timeZoneCode: "US-CA" },
      }),
    where: { path: "/fo/schedule/scan/", action: "delete" },
    left: () => [...scanJobs(H.emu.tenant()).jobs.keys()],
  },
  TargetAccount: {
    handler: targetAccountHandler,
    inputs: () => checked(targetAccountHandler, { accountId: TARGET, serviceAccountId: PARENT, regions: ["us-east-1"] }),
    where: { path: "/target-accounts/setup" },
    arrange: () => discoveredTarget(H, PARENT, TARGET),
    // Qualys cannot remove a target: "left" is a target that still selects VMs.
    left: () =>
      [...targetsSlice(H.emu.tenant()).targetAccounts.values()]
        .filter((t) => t.config !== null && !(t.config.mustHaveTags ?? []).includes(STOP_SCANNING_TAG))
        .map((t) => t.accountId),
  },
};

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

describe.each(Object.keys(CASES))("%s", (name) => {
  const c = CASES[name];

  test.each(KINDS)("every delete answer lost (%s): destroy ends in 1 run, nothing left", async (kind) => {
    await c.arrange?.();
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
    expect(deletes).toBe(name === "TargetAccount" ? STOP_SCANNING_ATTEMPTS : 1);
    // A target's setup cannot be read back: the warning says what to check instead of failing.
    if (name === "TargetAccount") expect(H.warnings.join("\n")).toMatch(/the answers to the stop-scanning setup were lost/);
  });
});

test("NsxAuthRecord: a delete that never ran (a 500 before Qualys acted) is seen still listed and sent again", async () => {
  const c = CASES.NsxAuthRecord;
  const { id, outs } = await c.handler.create(H.ctx, c.inputs());
  H.emu.injectFault({ ...c.where, status: 500 }); // answered before the emulator ran it, once
  H.emu.resetCalls();
  await c.handler.delete(shortTimeout(), id, outs);
  expect(c.left()).toEqual([]);
  expect(H.emu.totalCalls(isDelete(c))).toBe(2);
});

test("ServiceAccount: when every deregister is refused before it runs (500), the delete fails after its attempts, saying so", async () => {
  const c = CASES.ServiceAccount;
  const { id, outs } = await c.handler.create(H.ctx, c.inputs());
  H.emu.injectFault({ ...c.where, status: 500, times: 1_000_000 });
  H.emu.resetCalls();
  await expect(c.handler.delete(shortTimeout(), id, outs)).rejects.toThrow(
    /The answer to each of 3 deletes of service account my-gcp-project-123 was lost, and Qualys still lists it/,
  );
  expect(H.emu.totalCalls(isDelete(c))).toBe(3);
  expect(c.left()).toEqual([id]); // nothing dropped from the stack that still exists
});
