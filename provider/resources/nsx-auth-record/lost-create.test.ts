/**
 * NsxAuthRecord: a create whose answer is lost is sent ONCE more in the same run (`createOrRecover`),
 * pinned with exact call counts against the emulator over loopback.
 *
 * Qualys keeps NSX titles unique (the emulator refuses a second record with the title, code 1905),
 * so the repeat cannot make a second record: it makes the record (the first never ran), or it is
 * refused on the title (the first ran), and then one look by title takes the record only when it
 * carries this resource's owner marker. When the repeat's answer is lost too and the look finds
 * nothing, the create ends pending, and the next `up`'s replace converges to exactly one record.
 */
import { errorMessage } from "../../errors";
import { emulatorEnv, useHarness } from "../../../tests/helpers/provider-harness";
import type { EmulatorEvent } from "../../../emulator/server";
import { nsxSlice } from "../../../emulator/services/nsx";
import { nsxAuthRecordHandler as h } from "./handler";
import type { NsxAuthRecordInputs, NsxAuthRecordOutputs } from "./schema";
import { NSX_PATH, LIST, CREATE, UPDATE, DELETE } from "../../../tests/helpers/nsx-calls";

const H = useHarness();

const TITLE = "NSX lost create";
const PROGRAM = { title: TITLE, ips: ["10.24.0.1"], username: "svc", password: "Lost-Create-Pa55word!" };

type Pending = Error & { id: string; properties: NsxAuthRecordOutputs & { pendingCreate?: unknown } };

/** `check` as the engine calls it: no old inputs for a new resource, so a fresh marker. */
function checked(): NsxAuthRecordInputs & { ownerMarker: string } {
  const r = h.check({}, PROGRAM);
  expect(r.failures).toEqual([]);
  return r.inputs as NsxAuthRecordInputs & { ownerMarker: string };
}

function ctx() {
  return H.contextFor(emulatorEnv(H.emu, { QUALYS_REQUEST_TIMEOUT_SECONDS: "1" }));
}

function records() {
  return [...nsxSlice(H.emu.tenant()).records.entries()].map(([id, r]) => ({ ...r, id: String(id) }));
}

const byFault =
  (id: number) =>
  (e: EmulatorEvent): boolean =>
    e.faultId === id;

beforeEach(() => H.emu.resetCalls());

test("lost before Qualys ran it (its own 500): the repeat makes the record, done in one run with 2 creates and the read-back", async () => {
  const inputs = checked();
  H.emu.injectFault({ path: NSX_PATH, action: "create", status: 500 });
  const r = await h.create(ctx(), inputs);
  expect(H.emu.calls()).toEqual({ [CREATE]: 2, [LIST]: 1 });
  expect(records()).toMatchObject([{ id: r.id, title: TITLE, password: PROGRAM.password, comments: `[pulumi:${inputs.ownerMarker}]` }]);
  expect(r.outs).not.toHaveProperty("pendingCreate");
  expect(r.outs.created).toEqual(expect.any(String)); // the read-back ran
  expect(H.warnings).toEqual([]);
});

test("landed, its answer lost: the repeat is refused on the title, one look finds this resource's marker, the record is taken (no duplicate, no delete)", async () => {
  const inputs = checked();
  H.emu.injectFault({ path: NSX_PATH, action: "create", afterHandler: true, status: 500 });
  const r = await h.create(ctx(), inputs);
  // create, its repeat (1905 on the title), the look by title, the update that re-sends the
  // password (the list cannot show it), the read-back
  expect(H.emu.calls()).toEqual({ [CREATE]: 2, [LIST]: 2, [UPDATE]: 1 });
  expect(records()).toMatchObject([{ id: r.id, password: PROGRAM.password, comments: `[pulumi:${inputs.ownerMarker}]` }]);
  expect(r.outs).not.toHaveProperty("pendingCreate");
  expect(H.warnings.join("\n")).toMatch(/the answer to this create was lost.*carries this resource's owner marker/);
});

describe.each([
  ["no marker (made outside Pulumi)", "made by hand", /already exists \(id \d+\), made outside Pulumi.*adopt: true/s],
  [
    "another resource's marker",
    "[pulumi:fedcba9876543210fedcba9876543210 other/stack/nsx]",
    /managed by another Pulumi resource \(it says it is "other\/stack\/nsx".*not even with `adopt: true`/s,
  ],
] as const)("the repeat is refused on the title of a record with %s", (_, comments, refusal) => {
  test("the record is never taken: the create fails naming it, nothing is updated or deleted", async () => {
    const inputs = checked();
    // The create is held, then answered with Qualys's 500 without running; meanwhile the title is taken.
    const fault = H.emu.injectFault({ path: NSX_PATH, action: "create", hold: true, status: 500 });
    const create = h.create(ctx(), inputs).catch((x: unknown) => x);
    await H.emu.held(byFault(fault.id));
    const foreign = await H.clients.nsx.create({
      title: TITLE,
      ips: ["10.99.0.1"],
      username: "other",
      password: "Other-Pa55word!",
      comments,
    });
    const before = records();
    H.emu.resetCalls();
    H.emu.release(fault.id);
    const e = await create;
    expect(errorMessage(e)).toMatch(refusal);
    expect((e as Partial<Pending>).id).toBeUndefined(); // not pending: nothing of this resource's is in Qualys
    // the held create (answered 500), its repeat (1905), the look by title
    expect(H.emu.calls()).toEqual({ [CREATE]: 2, [LIST]: 1 });
    expect(records()).toEqual(before);
    expect(before).toMatchObject([{ id: foreign, username: "other" }]);
  });
});

test("both answers lost before Qualys ran them: pending with its marker; the next up's replace makes exactly one record", async () => {
  const first = checked();
  H.emu.injectFault({ path: NSX_PATH, action: "create", status: 500, times: 2 });
  const pending = (await h.create(ctx(), first).catch((x: unknown) => x)) as Pending;
  expect(pending.id).toMatch(/^pending-[0-9a-f]{8}$/);
  expect(errorMessage(pending)).toMatch(/may still take effect.*kept in the stack as pending, with its owner marker/s);
  expect(pending.properties).toMatchObject({ ownerMarker: first.ownerMarker, title: TITLE });
  // the create, its repeat, the look by title
  expect(H.emu.calls()).toEqual({ [CREATE]: 2, [LIST]: 1 });
  expect(records()).toEqual([]);

  // The next `up`: a delete-before-replace; the placeholder's delete makes no call and hands its
  // marker over; the replacement's check (given no old inputs by the engine) mints a new one.
  H.emu.resetCalls();
  const next = checked();
  expect(h.diff(pending.id, pending.properties, next)).toMatchObject({ changes: true, deleteBeforeReplace: true });
  await h.delete(ctx(), pending.id, pending.properties);
  expect(H.emu.calls()).toEqual({});
  const r = await h.create(ctx(), next);
  expect(H.emu.calls()).toEqual({ [CREATE]: 1, [LIST]: 1 });
  expect(records()).toMatchObject([{ id: r.id, title: TITLE, password: PROGRAM.password, comments: `[pulumi:${next.ownerMarker}]` }]);
  expect(r.outs).not.toHaveProperty("pendingCreate");
});

describe.each([
  ["Qualys's 500 before it ran", { status: 500 }],
  ["a cut after it ran", { afterHandler: true, cut: true }],
] as const)("the update that finishes a recovered create loses its answer (%s)", (_, lostUpdate) => {
  test("once: the update is sent once more and the create ends in this run, one record under the id the first create made", async () => {
    const inputs = checked();
    H.emu.injectFault({ path: NSX_PATH, action: "create", afterHandler: true, status: 500 });
    H.emu.injectFault({ path: NSX_PATH, action: "update", ...lostUpdate });
    const r = await h.create(ctx(), inputs);
    // create, its repeat (1905 on the title), the look by title, the update and its repeat, the read-back
    expect(H.emu.calls()).toEqual({ [CREATE]: 2, [LIST]: 2, [UPDATE]: 2 });
    expect(H.emu.faults.list()).toEqual([]);
    expect(records()).toMatchObject([{ id: r.id, title: TITLE, password: PROGRAM.password, comments: `[pulumi:${inputs.ownerMarker}]` }]);
    expect(r.outs).not.toHaveProperty("pendingCreate");
    expect(r.outs.created).toEqual(expect.any(String)); // the read-back ran
    expect(H.warnings.join("\n")).toMatch(/the answer to this create was lost.*carries this resource's owner marker/);
  });

  test("twice: pending under the record's real id, as before; the next up's replace leaves one record, made afresh", async () => {
    const first = checked();
    H.emu.injectFault({ path: NSX_PATH, action: "create", afterHandler: true, status: 500 });
    H.emu.injectFault({ path: NSX_PATH, action: "update", ...lostUpdate, times: 2 });
    const pending = (await h.create(ctx(), first).catch((x: unknown) => x)) as Pending;
    expect(H.emu.calls()).toEqual({ [CREATE]: 2, [LIST]: 1, [UPDATE]: 2 });
    expect(records()).toMatchObject([{ id: pending.id, title: TITLE }]);
    expect(errorMessage(pending)).toMatch(
      /is this resource's, but finishing its create lost its answer: it is kept in the stack as pending/,
    );
    expect(pending.properties).toMatchObject({ ownerMarker: first.ownerMarker, pendingCreate: expect.any(Object) });

    // The next `up`: a delete-before-replace of the record (ours), then a create of a new one.
    H.emu.resetCalls();
    const next = checked();
    expect(h.diff(pending.id, pending.properties, next)).toMatchObject({ replaces: ["pendingCreate"], deleteBeforeReplace: true });
    await h.delete(ctx(), pending.id, pending.properties);
    const r = await h.create(ctx(), next);
    expect(H.emu.calls()).toEqual({ [DELETE]: 1, [CREATE]: 1, [LIST]: 1 });
    expect(r.id).not.toBe(pending.id);
    expect(records()).toMatchObject([{ id: r.id, title: TITLE, password: PROGRAM.password, comments: `[pulumi:${next.ownerMarker}]` }]);
  });
});
