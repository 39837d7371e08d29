/**
 * GcpInternalScanJob: a create whose answer is lost, by who lost it, against the emulator (the
 * handler's header, docs/failure-model.md). After Qualys's own 500 Qualys is done with the call, so
 * ONE list decides: the job is listed (taken) or the create did not run and is sent once more, in the
 * same run, never a third time. After a gateway's 502 (Qualys may still be creating) the looks go on
 * for one request timeout, and without a new job the create is pending until the next `up`.
 */
import { emulatorEnv, useHarness } from "../../../tests/helpers/provider-harness";
import { sampleOf, testQualys } from "../../../tests/helpers/test-kit";
import type { GcpInternalScanJobOutputs } from "./schema";
import { gcpInternalScanJob } from ".";

const H = useHarness();

const CREATE = "POST /api/3.0/fo/scan/cloud/internal/job/ action=create";
const UPDATE = "POST /api/3.0/fo/scan/cloud/internal/job/ action=update";
const LIST = "POST /api/5.0/fo/schedule/scan/ action=list";
const DELETE = "POST /api/5.0/fo/schedule/scan/ action=delete";
const WHERE = gcpInternalScanJob.testKit.createCall;

/** The sample job, with a client that gives up after 1 s (so a polling window is 1 s). */
async function sample(over: Record<string, unknown> = {}) {
  const s = sampleOf(gcpInternalScanJob, "lost create");
  await s.kit.arrange(testQualys(H));
  const ctx = H.contextFor(emulatorEnv(H.emu, { QUALYS_REQUEST_TIMEOUT_SECONDS: "1" }));
  const r = s.handler.check({}, { ...s.inputs(), ...over });
  expect(r.failures).toEqual([]);
  H.emu.resetCalls();
  return { h: s.handler, ctx, inputs: r.inputs as never, jobs: () => s.kit.objects(H.emu.tenant()).made };
}

type Pending = Error & { id: string; properties: GcpInternalScanJobOutputs };

/** The pending create a create ends in: its error carries the id and properties the engine keeps. */
async function pendingOf(create: Promise<unknown>): Promise<Pending> {
  const outcome = await create.then(
    () => "the create succeeded",
    (e: unknown) => e as Pending,
  );
  if (typeof outcome === "string") throw new Error(outcome);
  expect(outcome.id).toMatch(/^pending-/);
  return outcome;
}

test("Qualys's 500 before the create ran: one list shows no new job, the create is sent once more, done in one run", async () => {
  const { h, ctx, inputs, jobs } = await sample();
  H.emu.injectFault({ ...WHERE, status: 500 });
  const { id, outs } = await h.create(ctx, inputs);
  // The list before the create, ONE look (no polling window), the repeat.
  expect(H.emu.calls()).toEqual({ [LIST]: 2, [CREATE]: 2 });
  expect(jobs()).toEqual([id]);
  expect(outs).toMatchObject({ scheduleId: id, listed: true });
  expect(outs).not.toHaveProperty("pendingCreate");
  expect(H.warnings.join("\n")).toMatch(/HTTP 500.*no new job with this title.*sent once more and made the job/s);
  expect(H.emu.faults.list()).toEqual([]);
});

test("the repeat finishes the create as usual: the cloudResourceIds follow-up runs once, on the repeat's job", async () => {
  const { h, ctx, inputs, jobs } = await sample({ cloudResourceIds: ["vm-1"] });
  H.emu.injectFault({ ...WHERE, status: 500 });
  const { id, outs } = await h.create(ctx, inputs);
  expect(H.emu.calls()).toEqual({ [LIST]: 2, [CREATE]: 2, [UPDATE]: 1 });
  expect(jobs()).toEqual([id]);
  expect(outs.cloudResourceIds).toEqual(["vm-1"]);
  const job = H.emu.log.find((c) => c.label === UPDATE);
  expect(Object.fromEntries(new URLSearchParams(job!.body))).toMatchObject({ id, cloud_resource_ids: "vm-1", active: "1" });
});

test("Qualys's 500 on the create and on its repeat: pending (no third create, no job); the next `up` replaces it with exactly one job", async () => {
  const { h, ctx, inputs, jobs } = await sample();
  H.emu.injectFault({ ...WHERE, status: 500, times: 2 });
  const err = await pendingOf(h.create(ctx, inputs));
  // The list before, one look after each 500, two creates: never a third.
  expect(H.emu.calls()).toEqual({ [LIST]: 3, [CREATE]: 2 });
  expect(jobs()).toEqual([]);
  expect(err.properties).toMatchObject({ pendingCreate: { before: [] } });
  expect(err.message).toMatch(/HTTP 500.*sent a second time.*lost too.*No new scan job titled .* appeared.*kept in the stack as pending/s);

  // The next `up`: diff → delete-before-replace; the delete finds no job the lost creates made, the create makes one.
  H.emu.resetCalls();
  const d = h.diff(err.id, err.properties, inputs);
  expect(d).toMatchObject({ changes: true, deleteBeforeReplace: true });
  await h.delete(ctx, err.id, err.properties);
  const next = await h.create(ctx, inputs);
  expect(H.emu.calls()).toEqual({ [LIST]: 2, [CREATE]: 1 });
  expect(jobs()).toEqual([next.id]);
});

test("Qualys's 500 after the create ran: the one list shows the job, it is taken, no repeat", async () => {
  const { h, ctx, inputs, jobs } = await sample();
  H.emu.injectFault({ ...WHERE, afterHandler: true, status: 500 });
  const { id } = await h.create(ctx, inputs);
  expect(H.emu.calls()).toEqual({ [LIST]: 2, [CREATE]: 1 });
  expect(jobs()).toEqual([id]);
  expect(H.warnings.join("\n")).toMatch(/the job appeared in the schedule list: it is this resource's job/);
});

test("a gateway's 502 before the create ran (Qualys may still be creating): no repeat, the looks go on for one request timeout, pending", async () => {
  const { h, ctx, inputs, jobs } = await sample();
  H.emu.injectFault({ ...WHERE, status: 502 });
  const err = await pendingOf(h.create(ctx, inputs));
  const calls = H.emu.calls();
  expect(calls[CREATE]).toBe(1);
  expect(calls[DELETE]).toBeUndefined();
  // A time window, so the count is not pinned: more than the list before and the one look a 500 gets.
  expect(calls[LIST]).toBeGreaterThan(2);
  expect(err.message).not.toMatch(/sent a second time/);
  expect(jobs()).toEqual([]);
});
