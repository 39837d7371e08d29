/**
 * GcpInternalScanJob provider ↔ emulator: the whole lifecycle over real HTTP, as steps
 * (create → read → update → read → delete), then one-shot jobs, drift, and the failure paths.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { EmuScanJob } from "../../../emulator/services/scan-jobs";
import { controlRequest } from "../../../tests/helpers/emulator-client";
import { useHarness } from "../../../tests/helpers/provider-harness";
import { BASELINE_GRACE_MS, baseline, gcpInternalScanJobHandler as h } from "./handler";
import { inputsOf } from "./mapping";
import { NOW_REPLACEMENT_REASON, type GcpInternalScanJobInputs, type GcpInternalScanJobOutputs } from "./schema";
import { dynamicProvider } from "../../engine/dynamic";

const H = useHarness();
const { warnings } = H;

const JOB = "POST /api/3.0/fo/scan/cloud/internal/job/";
const SCHEDULE = "POST /api/5.0/fo/schedule/scan/";

const WEEKLY = {
  title: "GCP weekly internal scan",
  connectorName: "gcp-prod-connector",
  optionProfileTitle: "Qualys Recommended Option Profile",
  scannerNames: ["RM_GCP_SCANNER"],
  regionCode: "us-east1",
  tags: { setBy: "name", include: ["GCP_Targets", "env-prod"], exclude: ["qualys-skip"] },
  schedule: { type: "weekly", frequencyWeeks: 1, weekdays: ["Monday", "Thursday"], startHour: 22, startMinute: 30, timeZoneCode: "US-CA" },
  notifications: {
    before: { unit: "hours", time: 2, message: "Scan in 2 hours" },
    after: { message: "Scan finished" },
    recipientGroupIds: [401],
  },
};

const NOW = {
  title: "GCP one-off scan",
  connectorName: "Rohanpod4qwebxrm3",
  optionProfileTitle: "Qualys Recommended Option Profile",
  scannerNames: ["RM_GCP_SCANNER"],
  virtualNetworkId: "projects/qlys-devqa-qweb/virtualNetworks/vpc-qlys-devqa-qweb",
  schedule: { type: "now" },
};

function inputs(base: Record<string, unknown>, over: Record<string, unknown> = {}): GcpInternalScanJobInputs {
  const r = h.check({}, { ...base, ...over, __provider: 'require("pulumi-qualys/dynamic/gcp-internal-scan-job")' });
  expect(r.failures).toEqual([]);
  return r.inputs as GcpInternalScanJobInputs;
}

/** The form parameters of the last call with this label, as the emulator received them. */
function sent(label: string): Record<string, string> {
  const call = [...H.emu.log].reverse().find((c) => c.label === label);
  if (!call) throw new Error(`no call ${label} in ${H.emu.log.map((c) => c.label).join(", ")}`);
  return Object.fromEntries(new URLSearchParams(call.body));
}

const control = (method: string, path: string, body?: unknown) => controlRequest<unknown>(H.emu, method, path, body);

async function emuJob(id: string): Promise<EmuScanJob> {
  const r = await control("GET", `scan-jobs/${id}`);
  expect(r.status).toBe(200);
  return r.json as EmuScanJob;
}

/** Every job the emulator's tenant holds. */
async function emuJobs(): Promise<EmuScanJob[]> {
  return ((await control("GET", "scan-jobs")).json as { jobs: EmuScanJob[] }).jobs;
}

/** The error a create fails with; a pending create's carries the id and properties the engine keeps (plain errors: none). */
async function failureOf(create: Promise<unknown>): Promise<Error & { id: string; properties: GcpInternalScanJobOutputs }> {
  const e: unknown = await create.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!(e instanceof Error)) throw new Error("the create did not fail");
  return e as Error & { id: string; properties: GcpInternalScanJobOutputs };
}

/**
 * The next `up` as the engine plays it for a resource kept in state with an init error: diff; the
 * pending job is replaced, delete first (deleteBeforeReplace), then created again.
 */
async function upAfterPending(pending: { id: string; properties: GcpInternalScanJobOutputs }, news: GcpInternalScanJobInputs) {
  const id = pending.id;
  const d = h.diff(id, pending.properties, news);
  expect(d).toMatchObject({ changes: true, deleteBeforeReplace: true });
  expect(d.replaces.length).toBeGreaterThan(0);
  await h.delete(H.ctx, id, pending.properties);
  return h.create(H.ctx, news);
}

async function launches(): Promise<string[]> {
  return ((await control("GET", "scan-jobs")).json as { launches: Array<{ id: string }> }).launches.map((l) => l.id);
}

test("check: __provider is not an input; invalid input fails naming the property, without any call", () => {
  const good = h.check({}, { ...WEEKLY, __provider: "x" });
  expect(good.failures).toEqual([]);
  expect(good.inputs).not.toHaveProperty("__provider");
  const bad = h.check(
    {},
    { ...WEEKLY, schedule: { ...WEEKLY.schedule, startHour: 24 }, connectorUuid: "8047abce-c3ac-42e0-ad49-be4181d22c84" },
  );
  expect(bad.failures).toEqual(
    expect.arrayContaining([
      { property: "schedule.startHour", reason: "must be an integer from 0 to 23" },
      { property: "connectorUuid", reason: expect.stringContaining("set exactly one of connectorName or connectorUuid") },
    ]),
  );
  expect(H.emu.totalCalls()).toBe(0);
});

test("lifecycle: create → read → update (start time) → read → delete", async () => {
  // create: the list of what exists before (for a lost answer, see the handler) and the create;
  // the SIMPLE_RETURN's ID is the resource id
  const created = await h.create(H.ctx, inputs(WEEKLY));
  expect(created.id).toMatch(/^\d+$/);
  expect(H.emu.calls()).toEqual({ [`${SCHEDULE} action=list`]: 1, [`${JOB} action=create`]: 1 });
  expect(created.outs).toMatchObject({ scheduleId: created.id, launched: false, listed: true, title: WEEKLY.title });
  expect(created.outs.launchState).toBeUndefined();
  const create = sent(`${JOB} action=create`);
  expect(create).toMatchObject({
    scan_title: WEEKLY.title,
    connector_name: "gcp-prod-connector",
    active: "1",
    schedule: "recurring",
    occurrence: "weekly",
    weekdays: "Monday,Thursday",
    start_hour: "22",
    time_zone_code: "US-CA",
    observe_dst: "no",
    tag_set_by: "name",
    tag_set_include: "GCP_Targets,env-prod",
    before_notify: "1",
    before_notify_unit: "hours",
    recipient_group_ids: "401",
    cloud_provider: "gcp",
    cloud_service: "compute_engine",
  });
  expect(create).not.toHaveProperty("start_date");
  const outs = created.outs;

  // read: an unchanged job reads back equal, one call, and no diff
  H.emu.resetCalls();
  const read1 = await h.read(H.ctx, created.id, outs);
  expect(read1?.props).toEqual(outs);
  expect(read1?.inputs).toEqual(inputsOf(outs));
  expect(H.emu.calls()).toEqual({ [`${SCHEDULE} action=list`]: 1 });
  expect(sent(`${SCHEDULE} action=list`)).toEqual({ action: "list", id: created.id, show_cloud_details: "1" });
  expect(h.diff(created.id, read1!.props, inputs(WEEKLY))).toMatchObject({ changes: false, replaces: [] });

  // update: the start hour changes → set_start_time=1 with the whole group, the date Qualys holds
  H.emu.resetCalls();
  const next = inputs(WEEKLY, { schedule: { ...WEEKLY.schedule, startHour: 5 } });
  const d = h.diff(created.id, read1!.props, next);
  expect(d).toMatchObject({ changes: true, replaces: [], changed: ["schedule"] });
  const startDateBefore = ((await emuJob(created.id)).schedule as { startDate: string }).startDate;
  const updated = await h.update(H.ctx, created.id, read1!.props, next);
  expect(H.emu.calls()).toEqual({ [`${SCHEDULE} action=list`]: 1, [`${JOB} action=update`]: 1 });
  expect(sent(`${JOB} action=update`)).toEqual({
    action: "update",
    id: created.id,
    cloud_provider: "gcp",
    cloud_service: "compute_engine",
    set_start_time: "1",
    start_date: startDateBefore,
    start_hour: "5",
    start_minute: "30",
    time_zone_code: "US-CA",
    observe_dst: "no",
  });
  expect(updated).toMatchObject({ scheduleId: created.id, schedule: { startHour: 5 } });
  expect((await emuJob(created.id)).schedule).toMatchObject({ startHour: 5, startMinute: 30, startDate: startDateBefore });

  // update of a single plain field: only that parameter (plus the API's fixed discriminators)
  H.emu.resetCalls();
  const renamed = await h.update(
    H.ctx,
    created.id,
    updated,
    inputs(WEEKLY, { title: "renamed", schedule: { ...WEEKLY.schedule, startHour: 5 } }),
  );
  expect(H.emu.calls()).toEqual({ [`${JOB} action=update`]: 1 });
  expect(sent(`${JOB} action=update`)).toEqual({
    action: "update",
    id: created.id,
    cloud_provider: "gcp",
    cloud_service: "compute_engine",
    scan_title: "renamed",
  });

  // read after the updates: what Qualys holds is what state says
  H.emu.resetCalls();
  const read2 = await h.read(H.ctx, created.id, renamed);
  expect(read2?.props).toEqual(renamed);
  expect(H.emu.totalCalls()).toBe(1);

  // delete: one call; the job is gone from the list and the emulator
  H.emu.resetCalls();
  await h.delete(H.ctx, created.id, renamed);
  expect(H.emu.calls()).toEqual({ [`${SCHEDULE} action=delete`]: 1 });
  expect(sent(`${SCHEDULE} action=delete`)).toEqual({ action: "delete", id: created.id });
  expect(await h.read(H.ctx, created.id, renamed)).toBeUndefined();
  expect((await control("GET", "scan-jobs")).json).toMatchObject({ jobs: [] });
  expect(warnings).toEqual([]);
});

test("a start date in the program is sent as is: no list call before the update", async () => {
  const base = inputs(WEEKLY, { schedule: { ...WEEKLY.schedule, startDate: "12/07/2026" } });
  const { id, outs } = await h.create(H.ctx, base);
  H.emu.resetCalls();
  await h.update(H.ctx, id, outs, inputs(WEEKLY, { schedule: { ...WEEKLY.schedule, startDate: "12/07/2026", timeZoneCode: "IN" } }));
  expect(H.emu.calls()).toEqual({ [`${JOB} action=update`]: 1 });
  expect(sent(`${JOB} action=update`)).toMatchObject({
    set_start_time: "1",
    start_date: "12/07/2026",
    start_hour: "22",
    start_minute: "30",
    time_zone_code: "IN",
    observe_dst: "no",
  });
});

test("drift: a start hour changed out of band is reported by read, and the update repairs it", async () => {
  const { id, outs } = await h.create(H.ctx, inputs(WEEKLY));
  expect((await control("PATCH", `scan-jobs/${id}`, { schedule: { startHour: 3 }, active: false })).status).toBe(200);
  const read = await h.read(H.ctx, id, outs);
  expect(read?.inputs?.schedule).toMatchObject({ startHour: 3 });
  expect(read?.inputs?.active).toBe(false);
  const d = h.diff(id, read!.props, inputs(WEEKLY));
  expect(d).toMatchObject({ changes: true, replaces: [], changed: ["active", "schedule"] });
  H.emu.resetCalls();
  await h.update(H.ctx, id, read!.props, inputs(WEEKLY));
  expect(sent(`${JOB} action=update`)).toMatchObject({ active: "1", set_start_time: "1", start_hour: "22" });
  expect(await emuJob(id)).toMatchObject({ active: true, schedule: { startHour: 22 } });
});

test("creates that overlap share ONE list-before-create: N creates at P at a time cost N + 1 calls (bound N + ⌈N/P⌉ + 2)", async () => {
  let clock = 0;
  baseline(H.clients, () => clock);
  // A job with one of the titles exists before: it must stay someone else's in every create's list.
  const other = await h.create(H.ctx, inputs(WEEKLY, { title: "overlapping create 3" }));
  clock += BASELINE_GRACE_MS + 1;
  H.emu.resetCalls();
  const N = 20;
  const P = 4;
  const ids: string[] = [];
  let next = 0;
  // As the engine does: P creates at once, the next starting when one ends.
  await Promise.all(
    Array.from({ length: P }, async () => {
      while (next < N) {
        const i = next++;
        ids[i] = (await h.create(H.ctx, inputs(WEEKLY, { title: `overlapping create ${i}` }))).id;
      }
    }),
  );
  expect(H.emu.calls()).toEqual({ [`${SCHEDULE} action=list`]: 1, [`${JOB} action=create`]: N });
  expect(H.emu.totalCalls()).toBeLessThanOrEqual(N + Math.ceil(N / P) + 2);
  expect(new Set(ids).size).toBe(N);
  expect(ids).not.toContain(other.id);
  // Nothing running for longer than the grace: the next create takes its own list.
  clock += BASELINE_GRACE_MS + 1;
  H.emu.resetCalls();
  await h.create(H.ctx, inputs(WEEKLY, { title: "after the burst" }));
  expect(H.emu.calls()).toEqual({ [`${SCHEDULE} action=list`]: 1, [`${JOB} action=create`]: 1 });
});

test("creates interleaved with other types' operations (none of their own running in between) share the list within the grace: calls ≤ N + ⌈N/P⌉ + 2", async () => {
  let clock = 0;
  baseline(H.clients, () => clock);
  const P = 8;
  let made = 0;
  /** A wave: `k` job creates in `k` of the engine's P slots, the other slots busy with other types. */
  const wave = (k: number) =>
    Promise.all(Array.from({ length: k }, () => h.create(H.ctx, inputs(WEEKLY, { title: `interleaved ${made++}` }))));
  // 14 waves of 3 creates, each followed by 400 ms of other types only: without the grace, every
  // wave took a list of its own (14 lists: 56 calls for 42 creates, bound 50).
  for (let w = 0; w < 14; w++) {
    await wave(3);
    clock += 400;
  }
  const n = made;
  expect(H.emu.calls()).toEqual({ [`${SCHEDULE} action=list`]: 1, [`${JOB} action=create`]: n });
  expect(H.emu.totalCalls()).toBeLessThanOrEqual(n + Math.ceil(n / P) + 2);
  // Waves 2.5 s apart: the list serves until it is 30 s old, then the next wave takes another.
  H.emu.resetCalls();
  const before = made;
  for (let w = 0; w < 12; w++) {
    await wave(2);
    clock += 2_500;
  }
  // The first list was 5.6 s old at the start: it served waves at 5.6 … 28.1 s (10 waves), the
  // second list the last 2.
  expect(H.emu.calls()).toEqual({ [`${SCHEDULE} action=list`]: 1, [`${JOB} action=create`]: made - before });
  // A gap longer than the grace: the next create takes its own list.
  clock += BASELINE_GRACE_MS - 2_500 + 1;
  H.emu.resetCalls();
  await wave(1);
  expect(H.emu.calls()).toEqual({ [`${SCHEDULE} action=list`]: 1, [`${JOB} action=create`]: 1 });
});

test("reads that arrive together are ONE list of their ids; a job deleted out of band is gone, the others read", async () => {
  const made = [];
  for (let i = 0; i < 5; i++) made.push(await h.create(H.ctx, inputs(WEEKLY, { title: `batch job ${i}` })));
  expect((await control("DELETE", `scan-jobs/${made[2].id}`)).status).toBe(200);
  H.emu.resetCalls();
  const reads = await Promise.all(made.map((m) => h.read(H.ctx, m.id, m.outs)));
  expect(H.emu.calls()).toEqual({ [`${SCHEDULE} action=list`]: 1 });
  expect(sent(`${SCHEDULE} action=list`).id.split(",").sort()).toEqual(made.map((m) => m.id).sort());
  expect(reads.map((r) => r?.id)).toEqual([made[0].id, made[1].id, undefined, made[3].id, made[4].id]);
  expect(reads[0]?.inputs?.title).toBe("batch job 0");
});

test("a recurring job deleted out of band: read → gone; delete → done (confirmed by the list)", async () => {
  const { id, outs } = await h.create(H.ctx, inputs(WEEKLY));
  expect((await control("DELETE", `scan-jobs/${id}`)).status).toBe(200);
  expect(await h.read(H.ctx, id, outs)).toBeUndefined();
  H.emu.resetCalls();
  await expect(h.delete(H.ctx, id, outs)).resolves.toBeUndefined();
  expect(H.emu.calls()).toEqual({ [`${SCHEDULE} action=delete`]: 1, [`${SCHEDULE} action=list`]: 1 });
  expect(warnings.join("\n")).toContain("already deleted in Qualys");
});

test("a delete refused for another reason is not mistaken for 'already gone'", async () => {
  const { id, outs } = await h.create(H.ctx, inputs(WEEKLY));
  H.emu.injectFault({
    path: "/fo/schedule/scan/",
    action: "delete",
    status: 400,
    qualysCode: "1905",
    message: "Scan schedule is locked by a running scan.",
  });
  await expect(h.delete(H.ctx, id, outs)).rejects.toThrow(/code 1905.*"Scan schedule is locked by a running scan."/);
  expect((await emuJob(id)).id).toBe(id);
});

test("an unknown connector name fails with Qualys's own text, and nothing is created", async () => {
  await expect(h.create(H.ctx, inputs(WEEKLY, { connectorName: "no-such-connector" }))).rejects.toThrow(
    /GCP internal scan job create failed \(HTTP 400, code 1905\): Qualys said: "Invalid connector_name provided"/,
  );
  await expect(
    h.create(H.ctx, inputs({ ...WEEKLY, connectorName: undefined, connectorUuid: "00000000-0000-4000-8000-000000000000" })),
  ).rejects.toThrow(/"Invalid connector_uuid provided"/);
  expect((await control("GET", "scan-jobs")).json).toMatchObject({ jobs: [] });
  expect(H.emu.calls()).toEqual({ [`${SCHEDULE} action=list`]: 2, [`${JOB} action=create`]: 2 });
});

test("a create answer without the ID item is a failure that says the job may exist", async () => {
  // A server that answers the create with a success text but no ITEM_LIST (not something the
  // emulator does: a stand-in for a Qualys answer of an unexpected shape).
  const server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/xml" });
    if (req.url?.includes("/schedule/scan/")) {
      // The list taken before the create: no jobs.
      res.end(
        `<?xml version="1.0" encoding="UTF-8" ?><SCHEDULE_SCAN_LIST_OUTPUT><RESPONSE><DATETIME>2026-04-10T07:45:30Z</DATETIME></RESPONSE></SCHEDULE_SCAN_LIST_OUTPUT>`,
      );
      return;
    }
    res.end(
      `<?xml version="1.0" encoding="UTF-8" ?><SIMPLE_RETURN><RESPONSE><DATETIME>2026-04-10T07:45:30Z</DATETIME><TEXT>Scan has been created successfully</TEXT></RESPONSE></SIMPLE_RETURN>`,
    );
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const ctx = H.contextFor({ QUALYS_API_URL: url, QUALYS_TOKEN: "emulator-token-acme" });
    await expect(h.create(ctx, inputs(NOW))).rejects.toThrow(
      /names no schedule ID.*may have been created and its scan launched.*titled "GCP one-off scan"/,
    );
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

describe("one-shot (now) jobs", () => {
  test("created once; completed and gone from the list, it reads back unchanged and is never relaunched", async () => {
    const { id, outs } = await h.create(H.ctx, inputs(NOW));
    expect(outs).toMatchObject({ launched: true, launchState: "launched", listed: true });
    expect(outs.launchedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(sent(`${JOB} action=create`)).toMatchObject({ schedule: "now", active: "1" });
    expect(await launches()).toEqual([id]);

    // Still listed: read returns state (not compared), launchState launched.
    const listed = await h.read(H.ctx, id, outs);
    expect(listed).toEqual({ id, props: outs, inputs: inputsOf(outs) });

    // Qualys deactivating it in the meantime is not drift either.
    await control("PATCH", `scan-jobs/${id}`, { active: false, title: "changed" });
    expect((await h.read(H.ctx, id, outs))?.inputs).toEqual(inputsOf(outs));

    // The scan completes: the job leaves the schedule list.
    expect((await control("POST", `scan-jobs/${id}/complete`)).json).toEqual({ completed: [id] });
    H.emu.resetCalls();
    const done = await h.read(H.ctx, id, outs);
    expect(H.emu.calls()).toEqual({ [`${SCHEDULE} action=list`]: 1 });
    expect(done).toBeDefined(); // NOT gone: gone would make the next `up` create (= launch) it again
    expect(done!.inputs).toEqual(inputsOf(outs));
    expect(done!.props).toEqual({ ...outs, listed: false, launchState: "completed" });
    // The next `up` with the same program: no change, so no create, no launch.
    expect(h.diff(id, done!.props, inputs(NOW))).toMatchObject({ changes: false, replaces: [] });
    // Refresh again: stable.
    expect((await h.read(H.ctx, id, done!.props))!.props).toEqual(done!.props);
    expect(await launches()).toEqual([id]);

    // destroy: nothing left to delete, and that is fine (no warning for a finished one-shot)
    H.emu.resetCalls();
    await h.delete(H.ctx, id, done!.props);
    expect(H.emu.calls()).toEqual({ [`${SCHEDULE} action=delete`]: 1, [`${SCHEDULE} action=list`]: 1 });
    expect(warnings).toEqual([]);
  });

  test("a change to a now job is a replacement, and the diff says why (a new scan)", async () => {
    const { id, outs } = await h.create(H.ctx, inputs(NOW));
    const d = h.diff(id, outs, inputs(NOW, { priority: 3 }));
    expect(d).toMatchObject({ changes: true, replaces: ["priority"], changed: ["priority"], deleteBeforeReplace: false });
    const text = warnings.join("\n");
    expect(text).toContain(`GcpInternalScanJob "${NOW.title}" (schedule ${id}): priority changed, so the job is replaced`);
    expect(text).toContain(NOW_REPLACEMENT_REASON);
    expect(text).toContain("launches a new scan now");

    // now → recurring: a replacement too; recurring → recurring is an update
    warnings.length = 0;
    expect(h.diff(id, outs, inputs(WEEKLY)).replaces).toEqual(expect.arrayContaining(["schedule", "title"]));
    expect(warnings.join("\n")).toMatch(/switches between "now" and a recurring schedule/);
    warnings.length = 0;
    const weekly = await h.create(H.ctx, inputs(WEEKLY));
    expect(h.diff(weekly.id, weekly.outs, inputs(WEEKLY, { priority: 3 }))).toMatchObject({ replaces: [], changed: ["priority"] });
    expect(warnings).toEqual([]);

    // The engine never asks to update a now job; if something did, no relaunching update is sent.
    H.emu.resetCalls();
    await expect(h.update(H.ctx, id, outs, inputs(NOW, { priority: 3 }))).rejects.toThrow(/never updated in place/);
    expect(H.emu.totalCalls()).toBe(0);
  });
});

describe("cloud resource ids (update-only in the API)", () => {
  /** Qualys refuses the follow-up update that sets the ids on a just-made job (both tests below). */
  function failFollowUpUpdate(): void {
    H.emu.injectFault({
      path: "/scan/cloud/internal/job/",
      action: "update",
      status: 400,
      qualysCode: "1905",
      message: "Invalid cloud_resource_ids provided",
    });
  }

  test("create = create inactive + one follow-up update with the ids that activates the job", async () => {
    const { id, outs } = await h.create(H.ctx, inputs(WEEKLY, { cloudResourceIds: ["vm-1", "vm-2"] }));
    expect(H.emu.calls()).toEqual({ [`${SCHEDULE} action=list`]: 1, [`${JOB} action=create`]: 1, [`${JOB} action=update`]: 1 });
    expect(sent(`${JOB} action=create`)).toMatchObject({ active: "0" });
    expect(sent(`${JOB} action=create`)).not.toHaveProperty("cloud_resource_ids");
    expect(sent(`${JOB} action=update`)).toEqual({
      action: "update",
      id,
      cloud_provider: "gcp",
      cloud_service: "compute_engine",
      cloud_resource_ids: "vm-1,vm-2",
      active: "1",
    });
    expect(await emuJob(id)).toMatchObject({ active: true, cloudResourceIds: ["vm-1", "vm-2"] });
    expect(outs.cloudResourceIds).toEqual(["vm-1", "vm-2"]);

    // removing them: cloud_resource_ids=remove
    H.emu.resetCalls();
    await h.update(H.ctx, id, outs, inputs(WEEKLY));
    expect(sent(`${JOB} action=update`)).toMatchObject({ cloud_resource_ids: "remove" });
    expect((await emuJob(id)).cloudResourceIds).toEqual([]);
  });

  test("follow-up failure: the half-made job is deleted again and the error says so (a plain error, nothing pending)", async () => {
    failFollowUpUpdate();
    const err = await failureOf(h.create(H.ctx, inputs(WEEKLY, { cloudResourceIds: ["vm-1"] })));
    expect(err.message).toMatch(/"Invalid cloud_resource_ids provided".*half-made scan job \(schedule \d+\) was deleted again/s);
    expect(err).not.toHaveProperty("id"); // no id: the engine keeps nothing in state
    expect(H.emu.calls()).toEqual({
      [`${SCHEDULE} action=list`]: 1,
      [`${JOB} action=create`]: 1,
      [`${JOB} action=update`]: 1,
      [`${SCHEDULE} action=delete`]: 1,
    });
    expect(await emuJobs()).toEqual([]);
  });

  test("follow-up failure and the undo fails too: pending under the job's id; the next `up` converges to exactly one job with its ids", async () => {
    const news = inputs(WEEKLY, { cloudResourceIds: ["vm-1", "vm-2"] });
    failFollowUpUpdate();
    H.emu.injectFault({ path: "/fo/schedule/scan/", action: "delete", status: 403, message: "Permission denied" });
    const err = await failureOf(h.create(H.ctx, news));
    expect(H.emu.calls()).toEqual({
      [`${SCHEDULE} action=list`]: 1,
      [`${JOB} action=create`]: 1,
      [`${JOB} action=update`]: 1,
      [`${SCHEDULE} action=delete`]: 1,
    });
    // Qualys holds the half-made job, and the error carries its real id: the engine keeps it in state.
    const [job, ...others] = await emuJobs();
    expect(others).toEqual([]);
    expect(job).toMatchObject({ active: false, cloudResourceIds: [] });
    expect(err.id).toBe(job.id);
    expect(err.properties).toMatchObject({ scheduleId: job.id, cloudResourceIds: ["vm-1", "vm-2"], pendingCreate: {} });
    expect((err.properties as { pendingCreate?: object }).pendingCreate).not.toHaveProperty("before");
    expect(err.message).toMatch(
      new RegExp(
        `"Invalid cloud_resource_ids provided".*deleting it again also failed \\(.*Permission denied.*\\)\\. Nothing is lost: .*pending under schedule ${job.id}.*next \`pulumi up\` replaces it`,
        "s",
      ),
    );

    // Refresh lists it (one call) and shows it as Qualys holds it: inactive, which is drift. It
    // stays pending (the list cannot show that its ids are missing), so the next `up` still plans
    // the replace: the refresh clears the engine's init error, and only the marker is left.
    const planned = h.diff(err.id, err.properties, news);
    H.emu.resetCalls();
    const read = await h.read(H.ctx, err.id, err.properties);
    expect(H.emu.calls()).toEqual({ [`${SCHEDULE} action=list`]: 1 });
    expect(read?.id).toBe(err.id);
    expect(read?.inputs).toEqual({ ...inputsOf(err.properties), active: false });
    expect(read?.props).toEqual({ ...err.properties, active: false });
    expect(h.diff(err.id, read!.props, news)).toEqual(planned);
    // A second refresh keeps it pending as well.
    const again = await h.read(H.ctx, err.id, read!.props);
    expect(again?.props).toEqual(read?.props);

    // The next `up`: diff → delete-before-replace; delete the half-made job, create it afresh.
    H.emu.resetCalls();
    const next = await upAfterPending({ id: err.id, properties: read!.props }, news);
    expect(warnings.join("\n")).toContain(`(schedule ${job.id}): an earlier create left this job half-made`);
    expect(H.emu.calls()).toEqual({
      [`${SCHEDULE} action=delete`]: 1,
      [`${SCHEDULE} action=list`]: 1,
      [`${JOB} action=create`]: 1,
      [`${JOB} action=update`]: 1,
    });
    const jobs = await emuJobs();
    expect(jobs.map((j) => j.id)).toEqual([next.id]);
    expect(next.id).not.toBe(job.id);
    expect(jobs[0]).toMatchObject({ title: WEEKLY.title, active: true, cloudResourceIds: ["vm-1", "vm-2"] });
    expect(next.outs).not.toHaveProperty("pendingCreate");
    expect(h.diff(next.id, next.outs, news).changes).toBe(false);
  });

  test("follow-up failure, the undo ran but neither its answer nor a look confirmed it: pending; the next `up` finds it gone and creates one job", async () => {
    const news = inputs(WEEKLY, { cloudResourceIds: ["vm-1"] });
    failFollowUpUpdate();
    // The undo runs, its answer is lost (500), and every list after it fails: the outcome is unknown.
    // Held until then, so the list before the create is not the one that fails.
    const undo = H.emu.injectFault({ path: "/fo/schedule/scan/", action: "delete", afterHandler: true, hold: true, status: 500 });
    const created = failureOf(h.create(H.ctx, news));
    await H.emu.held((e) => e.faultId === undo.id);
    H.emu.injectFault({ path: "/fo/schedule/scan/", action: "list", status: 403, message: "Permission denied", times: 2 });
    H.emu.release(undo.id);
    const err = await created;
    // The look after the lost answer fails; the repeated delete is refused (unknown id), and the list
    // that would confirm "gone" fails too.
    expect(H.emu.calls()).toEqual({
      [`${SCHEDULE} action=list`]: 3,
      [`${JOB} action=create`]: 1,
      [`${JOB} action=update`]: 1,
      [`${SCHEDULE} action=delete`]: 2,
    });
    expect(H.emu.faults.list()).toEqual([]);
    expect(err.id).toMatch(/^\d+$/);
    expect(err.message).toMatch(/deleting it again also failed.*Nothing is lost/s);
    expect(await emuJobs()).toEqual([]); // the undo did run

    H.emu.resetCalls();
    const next = await upAfterPending(err, news);
    // delete: refused (unknown id) and confirmed gone by the list; then list-before-create, create, follow-up.
    expect(H.emu.calls()).toEqual({
      [`${SCHEDULE} action=delete`]: 1,
      [`${SCHEDULE} action=list`]: 2,
      [`${JOB} action=create`]: 1,
      [`${JOB} action=update`]: 1,
    });
    const jobs = await emuJobs();
    expect(jobs.map((j) => j.id)).toEqual([next.id]);
    expect(jobs[0]).toMatchObject({ active: true, cloudResourceIds: ["vm-1"] });
    expect(warnings.join("\n")).not.toMatch(/already deleted in Qualys/);
  });

  test("a half-made pending job deleted in Qualys: refresh says it is gone, and the next `up` creates exactly one job", async () => {
    const news = inputs(WEEKLY, { cloudResourceIds: ["vm-1"] });
    failFollowUpUpdate();
    H.emu.injectFault({ path: "/fo/schedule/scan/", action: "delete", status: 403, message: "Permission denied" });
    const err = await failureOf(h.create(H.ctx, news));
    expect(err.properties).toHaveProperty("pendingCreate");
    expect((await control("DELETE", `scan-jobs/${err.id}`)).status).toBe(200);

    H.emu.resetCalls();
    expect(await h.read(H.ctx, err.id, err.properties)).toBeUndefined();
    expect(H.emu.calls()).toEqual({ [`${SCHEDULE} action=list`]: 1 });

    // Refresh dropped it from the stack: the next `up` is a plain create (list before it, create, ids).
    H.emu.resetCalls();
    const next = await h.create(H.ctx, news);
    expect(H.emu.calls()).toEqual({ [`${SCHEDULE} action=list`]: 1, [`${JOB} action=create`]: 1, [`${JOB} action=update`]: 1 });
    const jobs = await emuJobs();
    expect(jobs.map((j) => j.id)).toEqual([next.id]);
    expect(jobs[0]).toMatchObject({ title: WEEKLY.title, active: true, cloudResourceIds: ["vm-1"] });
    expect(next.outs).not.toHaveProperty("pendingCreate");
  });

  test("destroy of a half-made pending job deletes it by its id", async () => {
    failFollowUpUpdate();
    H.emu.injectFault({ path: "/fo/schedule/scan/", action: "delete", status: 403, message: "Permission denied" });
    const err = await failureOf(h.create(H.ctx, inputs(WEEKLY, { cloudResourceIds: ["vm-1"] })));
    H.emu.resetCalls();
    await h.delete(H.ctx, err.id, err.properties);
    expect(H.emu.calls()).toEqual({ [`${SCHEDULE} action=delete`]: 1 });
    expect(await emuJobs()).toEqual([]);
  });
});

test("a read of the job list that fails is an error, never 'gone'", async () => {
  const { id, outs } = await h.create(H.ctx, inputs(WEEKLY));
  H.emu.injectFault({ path: "/fo/schedule/scan/", action: "list", status: 403, message: "Permission denied", times: 1 });
  await expect(h.read(H.ctx, id, outs)).rejects.toThrow(/HTTP 403.*Permission denied/);
});

test("another tenant does not see the job (read → gone)", async () => {
  const { id, outs } = await h.create(H.ctx, inputs(WEEKLY));
  const other = H.contextFor({ QUALYS_API_URL: H.emu.url, QUALYS_TOKEN: "emulator-token-globex" });
  expect(await h.read(other, id, outs)).toBeUndefined();
});

test("everything handed to the engine through the provider module is free of undefined (the host's protobuf Struct refuses it)", async () => {
  const hasUndefined = (v: unknown): boolean =>
    v === undefined || (v !== null && typeof v === "object" && Object.values(v as Record<string, unknown>).some(hasUndefined));
  // An exclude-less tag set and an after notification without a message normalise with explicit undefineds.
  const raw = { ...WEEKLY, tags: { include: [301] }, notifications: { after: {} } };
  expect(hasUndefined(h.check({}, raw).inputs)).toBe(true); // the handler keeps them; the bridge strips them
  process.env.QUALYS_API_URL = H.emu.url;
  process.env.QUALYS_TOKEN = "emulator-token-acme";
  try {
    const p = dynamicProvider(h);
    const checked = (await p.check!({}, raw)).inputs;
    expect(hasUndefined(checked)).toBe(false);
    const { id, outs } = await p.create(checked);
    expect(hasUndefined(outs)).toBe(false);
    expect(hasUndefined(await p.read!(id, outs))).toBe(false);
    const news = (await p.check!({}, { ...raw, title: "x" })).inputs;
    expect(hasUndefined(await p.update!(id, outs, news))).toBe(false);
  } finally {
    delete process.env.QUALYS_API_URL;
    delete process.env.QUALYS_TOKEN;
  }
});
