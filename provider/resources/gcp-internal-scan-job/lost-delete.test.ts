/**
 * GcpInternalScanJob: a delete whose answer is lost (shared/lost-delete.ts), against the emulator.
 * The look is a list of the id without cloud details; after Qualys's own 500 one look decides,
 * after a gateway's 502 (Qualys may still be deleting) the looks go on for one request timeout.
 */
import { emulatorEnv, useHarness } from "../../../tests/helpers/provider-harness";
import { sampleOf, testQualys } from "../../../tests/helpers/test-kit";
import { gcpInternalScanJob } from ".";

const H = useHarness();

const DELETE = "POST /api/5.0/fo/schedule/scan/ action=delete";
const LIST = "POST /api/5.0/fo/schedule/scan/ action=list";

/** A job made through the handler, with a client that gives up after 1 s (so a polling window is 1 s). */
async function job() {
  const s = sampleOf(gcpInternalScanJob, "lost delete");
  await s.kit.arrange(testQualys(H));
  const ctx = H.contextFor(emulatorEnv(H.emu, { QUALYS_REQUEST_TIMEOUT_SECONDS: "1" }));
  const { id, outs } = await s.handler.create(ctx, s.inputs());
  H.emu.resetCalls();
  return { h: s.handler, ctx, id, outs, jobs: () => s.kit.objects(H.emu.tenant()).made };
}

/** The form parameters of every call with this label, as the emulator received them. */
const sent = (label: string) => H.emu.log.filter((c) => c.label === label).map((c) => Object.fromEntries(new URLSearchParams(c.body)));

test("Qualys's 500 after the delete ran: exactly one look, without cloud details, then done", async () => {
  const { h, ctx, id, outs, jobs } = await job();
  H.emu.injectFault({ path: "/fo/schedule/scan/", action: "delete", afterHandler: true, status: 500 });
  await h.delete(ctx, id, outs);
  expect(H.emu.calls()).toEqual({ [DELETE]: 1, [LIST]: 1 });
  expect(sent(LIST)).toEqual([{ action: "list", id, show_cloud_details: "0" }]);
  expect(jobs()).toEqual([]);
  expect(H.emu.faults.list()).toEqual([]);
});

test("Qualys's 500 before the delete ran: one look sees it listed, no wait, the delete is sent again", async () => {
  const { h, ctx, id, outs, jobs } = await job();
  H.emu.injectFault({ path: "/fo/schedule/scan/", action: "delete", status: 500 });
  await h.delete(ctx, id, outs);
  // Polling the window would have listed it several times over the 1 s before the repeat.
  expect(H.emu.calls()).toEqual({ [DELETE]: 2, [LIST]: 1 });
  expect(jobs()).toEqual([]);
});

test("a gateway's 502 (Qualys may still be deleting): the looks go on for one request timeout before the repeat", async () => {
  const { h, ctx, id, outs, jobs } = await job();
  H.emu.injectFault({ path: "/fo/schedule/scan/", action: "delete", status: 502 });
  await h.delete(ctx, id, outs);
  const calls = H.emu.calls();
  expect(calls[DELETE]).toBe(2);
  // A time window, so the count is not pinned: more than the one look a 500 gets.
  expect(calls[LIST]).toBeGreaterThan(1);
  expect(sent(LIST).every((p) => p.show_cloud_details === "0")).toBe(true);
  expect(jobs()).toEqual([]);
});
