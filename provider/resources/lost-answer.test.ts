/**
 * A create whose answer is lost converges (issue 9, deliverable 1; docs/failure-model.md).
 *
 * For each resource of RESOURCES and each lost-answer kind — the connection cut after the emulator
 * ran the call, a 500 after it ran it, and a client timeout while the emulator still works (the
 * call runs only after the client gave up) — `up` is played as the engine plays it, against the
 * real emulator over HTTP: `create`; when it fails with an id (a pending create, which the engine
 * keeps in state), the next run calls `update`; when it fails without one, the next run calls
 * `create` again. Each case asserts convergence within 2 runs, exactly one object in the emulator's
 * tenant, the id in "state" naming it, and no duplicate or orphan. A second block checks that an
 * object made outside the stack is never taken over. `afterAll` prints the lost-answer table.
 *
 * The client request timeout is 1 s (the smallest setting); the timeout kind holds the call (a hold
 * fault) until the client has given up and the handler's first look has been answered, then lets it
 * run: the object appears too late for one look right away, inside the 1 s the handlers keep
 * looking. Every kind converges in the SAME run. The tests step through held calls with the
 * emulator's events (held, settled) and never sleep.
 */
import { errorMessage } from "../errors";
import type { HandlerContext, ResourceHandler } from "../engine/handler";
import { useHarness, emulatorEnv } from "../../tests/helpers/provider-harness";
import { releaseWhenGivenUp } from "../../tests/helpers/emulator-client";
import { sampleOf, testQualys, type Sample } from "../../tests/helpers/test-kit";
import type { FaultSpec } from "../../emulator/faults";
import type { EmulatorEvent } from "../../emulator/server";
import { nsxSlice } from "../../emulator/services/nsx";
import type { EmulatorCall, ResourceDefinition } from "./define";
import { gcpInternalScanJob } from "./gcp-internal-scan-job";
import { nsxAuthRecord } from "./nsx-auth-record";
import { nsxAuthRecordHandler } from "./nsx-auth-record/handler";
import { serviceAccount } from "./service-account";
import { targetAccount } from "./target-account";
import { RESOURCES } from ".";

const H = useHarness();

/** The NSX resource's owner marker: minted by its first check, then carried in its old inputs. */
const MARKER = "5f0c1d2e3a4b5c6d7e8f90a1b2c3d4e5";

type Kind = "cut" | "500" | "timeout";
const KINDS: Kind[] = ["cut", "500", "timeout"];

function lost(kind: Kind, where: EmulatorCall): FaultSpec {
  if (kind === "cut") return { ...where, afterHandler: true, cut: true };
  if (kind === "500") return { ...where, afterHandler: true, status: 500 };
  return { ...where, hold: true };
}

/** The events of the calls one fault took. */
const byFault =
  (id: number) =>
  (e: EmulatorEvent): boolean =>
    e.faultId === id;

/** A context whose client gives up after 1 s. */
/** The pending create a create ends in (its error carries the id and properties the stack keeps), or undefined when it succeeds. */
async function pendingCreateOf(create: Promise<unknown>): Promise<{ id: string; properties: Record<string, unknown> } | undefined> {
  try {
    await create;
    return undefined;
  } catch (e) {
    return e as { id: string; properties: Record<string, unknown> };
  }
}

function shortTimeout(): HandlerContext {
  return H.contextFor(emulatorEnv(H.emu, { QUALYS_REQUEST_TIMEOUT_SECONDS: "1" }));
}

function checked<I>(h: ResourceHandler<I, unknown>, raw: Record<string, unknown>, olds: Record<string, unknown> = {}): I {
  const r = h.check(olds, raw);
  expect(r.failures).toEqual([]);
  return r.inputs as I;
}

/** The token of the sample inputs' unique names (titles): "NSX lost answer", "GCP lost answer". */
const UNIQUE = "lost answer";

interface Case extends Sample {
  /** The create call whose answer is lost. */
  where: EmulatorCall;
  /** The objects of this kind the emulator tenant holds, by id (for a target: configured targets). */
  objects(): string[];
}

/** A resource's case, from its test kit; `olds` are the old inputs its check sees (an NSX marker). */
function caseOf(def: ResourceDefinition, olds: Record<string, unknown> = {}): Case {
  return {
    ...sampleOf(def, UNIQUE, olds),
    where: def.testKit.createCall,
    objects: () => def.testKit.objects(H.emu.tenant()).made,
  };
}

/**
 * `pulumi refresh` of a pending create, as the engine plays it: `read` with the state's outputs, whose
 * answer becomes the state. A successful read clears the engine's init error, so `pendingCreate` in
 * the outputs is all that still tells the next `up` to finish the create: it must survive, and `diff`
 * must plan exactly what it planned before the refresh.
 */
async function refreshPending(c: Case, ctx: HandlerContext, state: { id: string; outs: unknown }): Promise<{ id: string; outs: unknown }> {
  const before = c.handler.diff(state.id, state.outs, c.inputs());
  const read = await c.handler.read(ctx, state.id, state.outs);
  expect(read).toBeDefined(); // the object (or the placeholder of one) is still there
  const refreshed = { id: read!.id, outs: read!.props };
  expect(refreshed.outs).toHaveProperty("pendingCreate", (state.outs as { pendingCreate: unknown }).pendingCreate);
  expect(c.handler.diff(refreshed.id, refreshed.outs, c.inputs())).toEqual(before);
  return refreshed;
}

/**
 * `up` as the engine plays it, at most `maxRuns` times until one succeeds. Each run that starts from a
 * pending create is `pulumi up --refresh`: the refresh (see refreshPending) must not change its plan.
 */
async function upUntilConverged(c: Case, ctx: HandlerContext, maxRuns = 3, initial?: { id: string; outs: unknown }) {
  let state: { id: string; outs: unknown } | undefined = initial;
  const errors: string[] = [];
  for (let run = 1; run <= maxRuns; run++) {
    // Outside the try: a refresh that loses the pending create fails the test, not just this run.
    if (state) state = await refreshPending(c, ctx, state);
    try {
      if (state) {
        // A resource kept in state with an init error: diff, then update, or delete-before-replace.
        const d = c.handler.diff(state.id, state.outs, c.inputs());
        if (d.replaces.length > 0) {
          expect(d.deleteBeforeReplace).toBe(true);
          await c.handler.delete(ctx, state.id, state.outs);
          state = undefined;
          state = await c.handler.create(ctx, c.inputs());
        } else state = { id: state.id, outs: await c.handler.update(ctx, state.id, state.outs, c.inputs()) };
      } else state = await c.handler.create(ctx, c.inputs());
      return { runs: run, state, errors };
    } catch (e) {
      errors.push(errorMessage(e));
      const pending = e as { id?: string; properties?: unknown };
      // An error with an id is a partial failure: the engine keeps the resource in state.
      if (typeof pending.id === "string") state = { id: pending.id, outs: pending.properties };
    }
  }
  return { runs: Infinity, state, errors };
}

const table: string[] = [];
afterAll(() => {
  process.stdout.write(
    `\nLost create answers (measured against the emulator):\n| resource | kind | converged in runs | duplicates | orphans |\n| --- | --- | --- | --- | --- |\n${table.join("\n")}\n`,
  );
});

describe.each(RESOURCES.map((r) => [r.name, r] as const))("%s", (name, def) => {
  test.each(KINDS)("lost answer (%s): converges, exactly one object, no duplicate, no orphan", async (kind) => {
    const c = caseOf(def);
    await c.kit.arrange(testQualys(H));
    const fault = H.emu.injectFault(lost(kind, c.where));
    const up = upUntilConverged(c, shortTimeout());
    const r = kind === "timeout" ? await releaseWhenGivenUp(H.emu, [fault], up) : await up;
    const objects = c.objects();
    const inState = r.state ? [r.state.id] : [];
    table.push(
      `| ${name} | ${kind} | ${r.runs} | ${Math.max(0, objects.length - 1)} | ${objects.filter((o) => !inState.includes(o)).length} |`,
    );
    expect(r.runs).toBe(1);
    expect(objects).toHaveLength(1);
    expect(r.state?.id).toBe(objects[0]);
    expect(H.emu.faults.list()).toEqual([]); // the fault did fire
  });

  test("an object made outside the stack is never taken over", async () => {
    const c = caseOf(def);
    const q = testQualys(H);
    await c.kit.arrange(q);
    const foreignId = await c.kit.foreign(q, UNIQUE);
    expect(c.objects()).toEqual([foreignId]);
    H.emu.resetCalls();
    if (c.kit.foreignRefusal) {
      await expect(c.handler.create(H.ctx, c.inputs())).rejects.toThrow(c.kit.foreignRefusal);
      expect(c.objects()).toEqual([foreignId]);
    } else {
      // Even when the answer is lost, the object taken is the new one, never the foreign one.
      H.emu.injectFault(lost("cut", c.where));
      const { id } = await c.handler.create(H.ctx, c.inputs());
      expect(id).not.toBe(foreignId);
      expect(c.objects().sort()).toEqual([foreignId, id].sort());
    }
  });
});

/** The NSX case whose check sees MARKER as the old marker, as a stack's later runs do. */
const nsx = () => caseOf(nsxAuthRecord, { ownerMarker: MARKER });
const NSX = nsxAuthRecord.testKit.sampleInputs(UNIQUE) as { title: string };

test("NsxAuthRecord: when the repeat of a lost create loses its answer too, the record is recognised by its marker", async () => {
  // The create runs and its answer is cut; the repeat fails on the title and its answer is cut
  // too: the look by title finds the record carrying this resource's marker.
  const c = nsx();
  H.emu.injectFault({ ...c.where, afterHandler: true, cut: true, times: 2 });
  const r = await upUntilConverged(c, H.ctx);
  expect(r.runs).toBe(1);
  expect(c.objects()).toEqual([r.state!.id]);
  // The marker is in Qualys, and not in what the resource reports (no drift).
  const rec = nsxSlice(H.emu.tenant()).records.get(Number(r.state!.id))!;
  expect(rec.comments).toBe(`[pulumi:${MARKER}]`);
  const read = await nsxAuthRecordHandler.read(H.ctx, r.state!.id, r.state!.outs as never);
  expect(read?.inputs ?? {}).not.toHaveProperty("comments"); // inputs come back only on drift
  expect(nsxAuthRecordHandler.diff(r.state!.id, read!.props, c.inputs() as never).changes).toBe(false);
});

test("NsxAuthRecord: when neither create answer comes back and no record is listed, it ends pending with its marker; the next run takes the record the lost create made", async () => {
  const c = nsx();
  // Both the create and its repeat are held past the client's 1 s: the look finds nothing yet.
  const held = H.emu.injectFault({ ...c.where, hold: true, times: 2 });
  const ctx = shortTimeout();
  const pending = await pendingCreateOf(c.handler.create(ctx, c.inputs()));
  expect(pending?.id).toMatch(/^pending-[0-9a-f]{8}$/);
  expect(errorMessage(pending)).toMatch(/may still take effect.*kept in the stack as pending, with its owner marker/s);
  expect(pending!.properties).toMatchObject({ ownerMarker: MARKER, title: NSX.title });
  // Refresh keeps it as it is and calls nothing; the next `up` replaces it, delete first (no call).
  H.emu.resetCalls();
  expect((await c.handler.read(ctx, pending!.id, pending!.properties as never))?.props).toEqual(pending!.properties);
  await c.handler.delete(ctx, pending!.id, pending!.properties);
  expect(H.emu.totalCalls()).toBe(0);
  const d = c.handler.diff(pending!.id, pending!.properties, c.inputs());
  expect(d).toMatchObject({ changes: true, deleteBeforeReplace: true });
  H.emu.release(held.id); // the held creates land: one makes the record
  await H.emu.settled(byFault(held.id), { count: 2 });
  expect(c.objects()).toHaveLength(1);
  // Without a refresh in between, the engine does not give a pending resource's inputs back to check
  // (the dynamic provider's partial failure carries only outputs): the replacement's check mints a new marker, and the
  // placeholder's delete (run just before) handed the pending one over.
  const next = checked(nsxAuthRecordHandler, NSX);
  const fresh = (next as { ownerMarker?: string }).ownerMarker;
  expect(fresh).not.toBe(MARKER);
  const made = await c.handler.create(ctx, next);
  expect(c.objects()).toEqual([made.id]);
  // re-marked with the replacement's marker, so the next lost create finds it by that one
  expect(nsxSlice(H.emu.tenant()).records.get(Number(made.id))!.comments).toBe(`[pulumi:${fresh}]`);
  expect(H.warnings.join("\n")).toMatch(/already carries this resource's owner marker/);
  expect(H.warnings.join("\n")).not.toMatch(/answer to this create was lost/);
});

test("NsxAuthRecord: a stack made by an earlier version keeps its 16-hex marker, and its record is still recognised as its own", async () => {
  const OLD = "0123456789abcdef";
  const inputs = checked(nsxAuthRecordHandler, NSX, { ownerMarker: OLD });
  expect((inputs as { ownerMarker?: string }).ownerMarker).toBe(OLD);
  const id = await H.clients.nsx.create({
    title: NSX.title,
    ips: ["10.20.0.10"],
    username: "svc",
    password: "x-Pa55word!",
    comments: `[pulumi:${OLD}]`,
  });
  const r = await nsxAuthRecordHandler.create(H.ctx, inputs);
  expect(r.id).toBe(id);
});

test("NsxAuthRecord: a record whose comments end in a marker copied or computed from names is not this resource's", async () => {
  // The old deterministic marker of this resource's names; a new resource's marker is random.
  const forged = "4d6f1b2a3c5e7f80";
  await H.clients.nsx.create({
    title: NSX.title,
    ips: ["10.99.0.1"],
    username: "x",
    password: "x-Pa55word!",
    comments: `[pulumi:${forged}]`,
  });
  const fresh = checked(nsxAuthRecordHandler, NSX);
  await expect(nsxAuthRecordHandler.create(H.ctx, fresh)).rejects.toThrow(
    /managed by another Pulumi resource.*not even with `adopt: true`/s,
  );
  expect(H.warnings.join("\n")).not.toMatch(/answer.*lost/);
});

test("NsxAuthRecord: when the update that finishes a recovered create loses its answer, it is pending under the record's id and the next run converges", async () => {
  // The create runs and its answer is cut; the repeat fails on the title; the list finds the record by
  // its marker; the update that makes it what the program says runs, and its answer is cut too, and
  // so is the answer to its one repeat.
  const c = nsx();
  H.emu.injectFault({ ...c.where, afterHandler: true, cut: true });
  H.emu.injectFault({ path: "/api/3.0/fo/auth/nsx/", action: "update", afterHandler: true, cut: true, times: 2 });
  const r = await upUntilConverged(c, H.ctx);
  expect(r.errors[0]).toMatch(/is this resource's, but finishing its create lost its answer: it is kept in the stack as pending/);
  expect(r.runs).toBe(2);
  expect(c.objects()).toEqual([r.state!.id]);
});

test("ServiceAccount: a registration that shows up only after the wait and the repeat is finished by the next run's update", async () => {
  // The register and the one repeat the create sends after its wait are both held until the create
  // has given up: longer than the client's 1 s, plus the 1 s the create looks, plus the repeat's 1 s.
  // (Held only once, the repeat would register the account and the create would end in this run.)
  const held = H.emu.injectFault({ path: "/service-accounts/register", hold: true, times: 2 });
  const ctx = shortTimeout();
  const c = caseOf(serviceAccount);
  let pending: { id: string; properties: unknown } | undefined;
  try {
    await c.handler.create(ctx, c.inputs());
  } catch (e) {
    pending = e as { id: string; properties: unknown };
  }
  expect(pending?.id).toBe("my-gcp-project-123");
  expect(errorMessage(pending)).toMatch(/kept in the stack as pending.*next `pulumi up` finishes the create/s);
  // The next `up` shows the pending resource as a change, and its update finishes the create; a
  // refresh before the registration shows, and one after, both leave it pending.
  expect(c.handler.diff(pending!.id, pending!.properties, c.inputs()).changes).toBe(true);
  let state = await refreshPending(c, ctx, { id: pending!.id, outs: pending!.properties });
  H.emu.release(held.id); // the held registers run meanwhile: the first registers, the repeat meets 409
  await H.emu.settled(byFault(held.id), { count: 2 });
  state = await refreshPending(c, ctx, state);
  const outs = await c.handler.update(ctx, state.id, state.outs, c.inputs());
  expect(outs).toMatchObject({ regions: ["us-east1"], state: "REGISTERED" });
  expect(outs).not.toHaveProperty("pendingCreate");
  expect(c.objects()).toEqual(["my-gcp-project-123"]);
  // The update found the registration the lost create made, and did not register again: the two
  // registers are the create's and its repeat's.
  expect(H.emu.calls()["POST /flexscan-api/rest/v1/service-accounts/register"]).toBe(2);
});

test("TargetAccount: when every setup attempt loses its answer, the next run's update finishes it, without adopt", async () => {
  const c = caseOf(targetAccount);
  await c.kit.arrange(testQualys(H));
  H.emu.injectFault({ ...c.where, afterHandler: true, cut: true, times: 5 }); // maxAttempts = 5
  const r = await upUntilConverged(c, H.ctx);
  expect(r.runs).toBe(2);
  expect(r.errors[0]).toMatch(/kept in the stack as pending/);
  expect(c.objects()).toEqual([r.state!.id]);
  expect(r.state!.outs).not.toHaveProperty("pendingCreate");
});

test("GcpInternalScanJob: a 500 from a create that did not run: no job appears, the create is sent once more in the same run", async () => {
  const c = caseOf(gcpInternalScanJob);
  H.emu.injectFault({ ...c.where, status: 500 }); // answered before the emulator ran it
  const r = await upUntilConverged(c, shortTimeout());
  expect(r.runs).toBe(1);
  expect(c.objects()).toEqual([r.state!.id]);
});

test("GcpInternalScanJob: a 500 on the create and on its repeat: no job appears, the error says so, the rerun makes one", async () => {
  const c = caseOf(gcpInternalScanJob);
  H.emu.injectFault({ ...c.where, status: 500, times: 2 }); // answered before the emulator ran them
  const r = await upUntilConverged(c, shortTimeout());
  expect(r.runs).toBe(2);
  expect(r.errors[0]).toMatch(/No new scan job titled "GCP lost answer" appeared.*most likely did not run.*kept in the stack as pending/s);
  expect(c.objects()).toEqual([r.state!.id]);
});

test("GcpInternalScanJob: a job that appears only after the wait is deleted by the next run's replace, which makes exactly one", async () => {
  const c = caseOf(gcpInternalScanJob);
  const held = H.emu.injectFault({ ...c.where, hold: true }); // lands after the client's 1 s and the 1 s look
  const ctx = shortTimeout();
  const pending = await pendingCreateOf(c.handler.create(ctx, c.inputs()));
  expect(pending?.id).toMatch(/^pending-/);
  // Refresh keeps it as it is (no schedule id to list), and calls nothing.
  H.emu.resetCalls();
  expect((await c.handler.read(ctx, pending!.id, pending!.properties))?.props).toEqual(pending!.properties);
  expect(H.emu.totalCalls()).toBe(0);
  H.emu.release(held.id); // the held create lands: the lost create did run
  await H.emu.settled(byFault(held.id));
  const late = c.objects();
  expect(late).toHaveLength(1);
  const r = await upUntilConverged(c, ctx, 1, { id: pending!.id, outs: pending!.properties });
  expect(r.runs).toBe(1);
  expect(c.objects()).toEqual([r.state!.id]);
  expect(r.state!.id).not.toBe(late[0]); // deleted, made again: never two
});
