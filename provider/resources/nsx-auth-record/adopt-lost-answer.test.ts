/**
 * `adopt: true` when the answer to the update that adopts the record is lost (docs/nsx-auth-record.md,
 * "Adopting an existing record"; docs/failure-model.md).
 *
 * The adoption is ONE update: the record's settings and password become the program's and its
 * comments end in this resource's owner marker, minted by this run's `check`. If that update landed
 * and the create failed plainly, the stack would hold nothing while Qualys holds the record marked
 * with a marker no later `check` mints again: the rerun would refuse it as another resource's. These
 * tests lose the answer at the exact call (before or after the emulator ran it, with the look after
 * it answered or refused) over real HTTP, and play the engine's next runs: check → diff → update.
 */
import { errorMessage } from "../../errors";
import { emulatorEnv, useHarness } from "../../../tests/helpers/provider-harness";
import type { EmulatorEvent } from "../../../emulator/server";
import { nsxSlice } from "../../../emulator/services/nsx";
import { nsxAuthRecordHandler as h } from "./handler";
import type { NsxAuthRecordInputs, NsxAuthRecordOutputs } from "./schema";
import { NSX_PATH, LIST, CREATE, UPDATE, DELETE } from "../../../tests/helpers/nsx-calls";

const H = useHarness();

/** What the transport repeats a refused read (503) at most: the policy's attempts, all refused. */
const ALL_ATTEMPTS = 5;

const TITLE = "NSX adopted after a lost answer";
const HAND = { ips: ["10.20.0.10"], username: "by-hand", password: "Hand-Pa55word!", comments: "made by hand" };
const PROGRAM = { title: TITLE, ips: ["10.99.0.1"], username: "svc", password: "Adopted-Pa55word!", adopt: true };

type Pending = Error & { id: string; properties: NsxAuthRecordOutputs & { pendingCreate?: Record<string, unknown> } };

/** A record made outside Pulumi: no owner marker in its comments. */
function byHand(): Promise<string> {
  return H.clients.nsx.create({ title: TITLE, ...HAND });
}

/** `check` as the engine calls it; `olds` are the old inputs (none for a resource the stack does not hold). */
function checked(olds: Record<string, unknown> = {}): NsxAuthRecordInputs & { ownerMarker: string } {
  const r = h.check(olds, PROGRAM);
  expect(r.failures).toEqual([]);
  return r.inputs as NsxAuthRecordInputs & { ownerMarker: string };
}

function record(id: string) {
  return nsxSlice(H.emu.tenant()).records.get(Number(id))!;
}

function records(): string[] {
  return [...nsxSlice(H.emu.tenant()).records.keys()].map(String);
}

/** A context whose client gives up after 1 s, so the looks after a lost answer end within 1 s. */
function ctx() {
  return H.contextFor(emulatorEnv(H.emu, { QUALYS_REQUEST_TIMEOUT_SECONDS: "1" }));
}

const byFault =
  (id: number) =>
  (e: EmulatorEvent): boolean =>
    e.faultId === id;

/** The record as the program says: its settings, its password, and this resource's marker. */
function expectAdopted(id: string, marker: string): void {
  expect(records()).toEqual([id]);
  expect(record(id)).toMatchObject({ title: TITLE, username: "svc", password: PROGRAM.password, comments: `[pulumi:${marker}]` });
  const ip = (10 << 24) + (99 << 16) + 1; // 10.99.0.1
  expect(record(id).ips).toEqual([[ip, ip]]);
}

test("the adopt's update lands but its answer is lost; the look finds this resource's marker: adopted, one record", async () => {
  const id = await byHand();
  const inputs = checked();
  H.emu.injectFault({ path: NSX_PATH, action: "update", afterHandler: true, cut: true });
  H.emu.resetCalls();
  const r = await h.create(ctx(), inputs);
  expect(r.id).toBe(id);
  expectAdopted(id, inputs.ownerMarker);
  expect(r.outs).not.toHaveProperty("pendingCreate");
  // the title lookup, one look (the marker is there at once), the read-back; the update is not repeated
  expect(H.emu.calls()).toEqual({ [LIST]: 3, [UPDATE]: 1 });
  expect(H.warnings.join("\n")).toMatch(/answer to the update that adopts it was lost.*the adoption took effect/);
  // The next run sees nothing to do.
  expect(h.diff(id, r.outs, checked(inputs)).changes).toBe(false);
  expect(H.emu.faults.list()).toEqual([]);
});

test("the adopt's update does not land and its answer is lost; the look finds no marker: a plain error, the record unchanged, the rerun adopts it", async () => {
  const id = await byHand();
  const before = { ...record(id) };
  const first = checked();
  // A 500 before the emulator ran it: ambiguous to the client, so not repeated.
  H.emu.injectFault({ path: NSX_PATH, action: "update", status: 500 });
  H.emu.resetCalls();
  const e = (await h.create(ctx(), first).catch((x: unknown) => x)) as Partial<Pending>;
  expect(e.id).toBeUndefined(); // not pending: the stack holds nothing, and nothing changed in Qualys
  expect(errorMessage(e)).toMatch(
    /NSX auth record adopt \(id \d+\) failed.*does not carry this resource's owner marker: the update did not take effect.*Run `pulumi up` again/s,
  );
  expect(errorMessage(e)).not.toContain(PROGRAM.password);
  expect(record(id)).toEqual(before);
  expect(H.emu.calls()[UPDATE]).toBe(1);
  expect(H.emu.calls()[CREATE] ?? 0).toBe(0);
  expect(H.emu.calls()[DELETE] ?? 0).toBe(0);

  // The rerun: the engine kept no state, so check mints a new marker; the record has none, so it is adopted.
  const rerun = checked();
  expect(rerun.ownerMarker).not.toBe(first.ownerMarker);
  const r = await h.create(ctx(), rerun);
  expect(r.id).toBe(id);
  expectAdopted(id, rerun.ownerMarker);
  expect(H.emu.faults.list()).toEqual([]);
});

describe.each([
  ["lands", true],
  ["does not land", false],
] as const)("the adopt's update %s, its answer is lost and the look fails too", (_, lands) => {
  /** Runs the create until it ends pending: the update is held (then cut), the looks are refused. */
  async function pendingAdoption(inputs: NsxAuthRecordInputs): Promise<Pending> {
    const update = H.emu.injectFault({ path: NSX_PATH, action: "update", hold: true, cut: true, afterHandler: lands });
    const create = h.create(ctx(), inputs).catch((x: unknown) => x as Pending);
    await H.emu.held(byFault(update.id));
    // The title lookup is done: every attempt of every look after the lost answer is refused.
    H.emu.injectFault({ path: NSX_PATH, action: "list", status: 503, waitSeconds: 0, times: ALL_ATTEMPTS });
    H.emu.release(update.id);
    const pending = (await create) as Pending;
    expect(pending).toBeInstanceOf(Error);
    expect(H.emu.faults.list()).toEqual([]);
    return pending;
  }

  // What the next run's check is given as old inputs: the native plugin hands the pending create's
  // inputs back, the dynamic provider's partial failure does not (docs/failure-model.md), so its
  // check mints a new marker. The update finishes the adoption either way.
  test.each([
    ["the old inputs carry the marker", true],
    ["no old inputs come back", false],
  ] as const)(
    "pending under the record's id with the marker it sent; refresh keeps it; the next up (%s) updates it, never deletes it, and converges",
    async (_, kept) => {
      const id = await byHand();
      const inputs = checked();
      const pending = await pendingAdoption(inputs);
      expect(pending.id).toBe(id);
      expect(errorMessage(pending)).toMatch(
        /\(id \d+\) was being adopted, and reading it back after the lost answer failed too.*kept in the stack as pending, with that marker.*finishes the adoption with an update \(the record is not deleted\)/s,
      );
      expect(pending.properties).toMatchObject({ ownerMarker: inputs.ownerMarker, adopt: true, pendingCreate: { adoption: true } });
      expect(JSON.stringify(pending.properties)).not.toContain(PROGRAM.password);
      expect(record(id).comments).toBe(lands ? `[pulumi:${inputs.ownerMarker}]` : HAND.comments);

      // `pulumi refresh`: the record is listed, so the adoption stays pending.
      H.emu.resetCalls();
      const refreshed = await h.read(ctx(), id, pending.properties);
      expect(refreshed?.id).toBe(id);
      expect(refreshed?.props).toHaveProperty("pendingCreate", pending.properties.pendingCreate);
      const olds = refreshed!.props;

      // The next `up`: check keeps the marker the pending adoption sent when the old inputs carry it …
      const next = checked(kept ? inputs : {});
      if (kept) expect(next.ownerMarker).toBe(inputs.ownerMarker);
      else expect(next.ownerMarker).not.toBe(inputs.ownerMarker);
      // … diff plans an update, not a replace …
      const d = h.diff(id, olds, next);
      expect(d).toMatchObject({ changes: true, replaces: [], deleteBeforeReplace: false });
      expect(d.changed).toContain("pendingCreate");
      // … and the update finishes the adoption: the settings, the password and the marker, on the same record.
      const outs = await h.update(ctx(), id, olds, next);
      expect(outs).not.toHaveProperty("pendingCreate");
      expectAdopted(id, next.ownerMarker);
      expect(outs.ownerMarker).toBe(next.ownerMarker);
      // The refresh's list; the update's look at the record, its update and its read-back: no delete, no create.
      expect(H.emu.calls()).toEqual({ [LIST]: 3, [UPDATE]: 1 });
      expect(H.warnings.join("\n")).toMatch(/finished adopting the record/);

      // Converged: the next plan is empty, and a refresh reports no drift.
      expect(h.diff(id, outs, checked(next)).changes).toBe(false);
      const again = await h.read(ctx(), id, outs);
      expect(again).toEqual({ id, props: outs });
    },
  );
});

test("a pending adoption is not finished on a record another resource has marked since", async () => {
  const id = await byHand();
  const inputs = checked();
  const update = H.emu.injectFault({ path: NSX_PATH, action: "update", hold: true, cut: true });
  const create = h.create(ctx(), inputs).catch((x: unknown) => x as Pending);
  await H.emu.held(byFault(update.id));
  H.emu.injectFault({ path: NSX_PATH, action: "list", status: 503, waitSeconds: 0, times: ALL_ATTEMPTS });
  H.emu.release(update.id);
  const pending = (await create) as Pending;
  expect(pending.id).toBe(id);

  const other = "fedcba9876543210fedcba9876543210";
  record(id).comments = `[pulumi:${other} other/stack/rec]`;
  H.emu.resetCalls();
  await expect(h.update(ctx(), id, pending.properties, checked(inputs))).rejects.toThrow(
    /managed by another Pulumi resource \(it says it is "other\/stack\/rec".*not even with `adopt: true`/s,
  );
  expect(H.emu.calls()).toEqual({ [LIST]: 1 });
  expect(record(id).comments).toBe(`[pulumi:${other} other/stack/rec]`);
});
