/**
 * NsxAuthRecord: a delete whose answer is lost (shared/lost-delete.ts), against the emulator over
 * loopback. The deletes of records that arrive together go out as ONE `action=delete&ids=…` (the
 * group commit, `recordDeleteGroup`), so a lost answer is lost for every record of the batch, and the
 * looks after it share one list through the reader. After Qualys's own 500 the call is over (it ran
 * completely or not at all): that one look decides, per record, without the polling window. After a
 * gateway's 502 (Qualys may still be deleting) the looks go on for one request timeout.
 */
import { errorMessage } from "../../errors";
import { emulatorEnv, useHarness } from "../../../tests/helpers/provider-harness";
import type { EmulatorEvent } from "../../../emulator/server";
import { nsxSlice } from "../../../emulator/services/nsx";
import { formatIds } from "../../clients/nsx";
import { nsxAuthRecordHandler as h } from "./handler";
import type { NsxAuthRecordInputs } from "./schema";
import { NSX_PATH, LIST, DELETE } from "../../../tests/helpers/nsx-calls";

const H = useHarness();

/** A client that gives up after 1 s: a polling window is 1 s, and a look the window makes costs a list. */
function shortTimeout() {
  return H.contextFor(emulatorEnv(H.emu, { QUALYS_REQUEST_TIMEOUT_SECONDS: "1" }));
}

/** `n` records made through the handler (each with its own title and marker), then the call counters reset. */
async function made(n: number) {
  const ctx = shortTimeout();
  const out = [];
  for (let i = 0; i < n; i++) {
    const checked = h.check({}, { title: `NSX lost delete ${i}`, ips: [`10.23.0.${i + 1}`], username: "svc", password: "Lost-Pa55word!" });
    expect(checked.failures).toEqual([]);
    out.push(await h.create(ctx, checked.inputs as NsxAuthRecordInputs));
  }
  H.emu.resetCalls();
  return { ctx, records: out };
}

function left(): string[] {
  return [...nsxSlice(H.emu.tenant()).records.keys()].map(String);
}

/** The `ids` of every delete call, in order, as the emulator received them. */
const deletedIds = () => H.emu.log.filter((c) => c.label === DELETE).map((c) => new URLSearchParams(c.body).get("ids"));

const byFault =
  (id: number) =>
  (e: EmulatorEvent): boolean =>
    e.faultId === id;

test("Qualys's 500 after the batch's delete ran: one delete, one look for the whole batch, done", async () => {
  const { ctx, records } = await made(3);
  H.emu.injectFault({ path: NSX_PATH, action: "delete", afterHandler: true, status: 500 });
  await Promise.all(records.map((r) => h.delete(ctx, r.id, r.outs)));
  expect(H.emu.calls()).toEqual({ [DELETE]: 1, [LIST]: 1 });
  expect(left()).toEqual([]);
  expect(H.warnings).toEqual([]);
  expect(H.emu.faults.list()).toEqual([]);
});

test("Qualys's 500 before the batch's delete ran: one look sees every record listed, no wait, one more delete for all", async () => {
  const { ctx, records } = await made(3);
  H.emu.injectFault({ path: NSX_PATH, action: "delete", status: 500 });
  await Promise.all(records.map((r) => h.delete(ctx, r.id, r.outs)));
  // Polling the window would have listed them several times over the 1 s before the repeat.
  expect(H.emu.calls()).toEqual({ [DELETE]: 2, [LIST]: 1 });
  const all = formatIds(records.map((r) => r.id));
  expect(deletedIds()).toEqual([all, all]);
  expect(left()).toEqual([]);
});

test("after Qualys's 500 each record of the batch decides by its own line of the one look: the gone one is done, only the listed one is sent again", async () => {
  const { ctx, records } = await made(2);
  const [gone, listed] = records;
  // The batch's delete is held before Qualys runs it; meanwhile the first record is deleted in the
  // Qualys UI; then the call is answered with a 500, having done nothing.
  const fault = H.emu.injectFault({ path: NSX_PATH, action: "delete", hold: true, status: 500 });
  const deletes = Promise.all(records.map((r) => h.delete(ctx, r.id, r.outs)));
  await H.emu.held(byFault(fault.id));
  nsxSlice(H.emu.tenant()).records.delete(Number(gone.id));
  H.emu.release(fault.id);
  await deletes;
  expect(H.emu.calls()).toEqual({ [DELETE]: 2, [LIST]: 1 });
  expect(deletedIds()).toEqual([formatIds([gone.id, listed.id]), formatIds([listed.id])]);
  expect(left()).toEqual([]);
});

test("a 500 before Qualys ran it on every attempt: one look per attempt, no wait, and the delete fails saying so", async () => {
  const { ctx, records } = await made(1);
  const [r] = records;
  H.emu.injectFault({ path: NSX_PATH, action: "delete", status: 500, times: 1_000_000 });
  const e = await h.delete(ctx, r.id, r.outs).catch((x: unknown) => x);
  expect(errorMessage(e)).toMatch(
    new RegExp(`The answer to each of 3 deletes of NSX auth record ${r.id} was lost, and Qualys still lists it`),
  );
  expect(H.emu.calls()).toEqual({ [DELETE]: 3, [LIST]: 3 });
  expect(left()).toEqual([r.id]); // it exists, so it stays in the stack
  H.emu.faults.clear();
});

test("a gateway's 502 (Qualys may still be deleting): the looks go on for one request timeout before the repeat", async () => {
  const { ctx, records } = await made(1);
  const [r] = records;
  H.emu.injectFault({ path: NSX_PATH, action: "delete", status: 502 });
  await h.delete(ctx, r.id, r.outs);
  const calls = H.emu.calls();
  expect(calls[DELETE]).toBe(2);
  // A time window, so the count is not pinned: more than the one look a 500 gets.
  expect(calls[LIST]).toBeGreaterThan(1);
  expect(left()).toEqual([]);
});
