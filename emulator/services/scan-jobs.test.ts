/**
 * The scan-jobs emulator service over real HTTP: the notes' samples, the validations a Qualys
 * server applies, the schedule-scan list in the shape the provider's parser reads (round trip),
 * delete, the 2.0 path's deprecation, one-shot jobs completing, and the control routes.
 */
import { parseScheduleScanList, parseSimpleReturn } from "../../provider/clients/xml/documents";
import { xmlErrorFrom } from "../../provider/clients/xml/errors";
import { fromScheduleScan, mergeRead, toCreateParams, toUpdateParams } from "../../provider/resources/gcp-internal-scan-job/mapping";
import { gcpInternalScanJobInputsSchema, type GcpInternalScanJobInputs } from "../../provider/resources/gcp-internal-scan-job/schema";
import { useEmulator, type Answer as HttpAnswer } from "../../tests/helpers/emulator-client";
import { GCP_INTERNAL_SCAN_CREATE_SAMPLE as CREATE_SAMPLE } from "../../tests/helpers/note-samples";
import { FIRST_JOB_ID, type EmuScanJob } from "./scan-jobs";

const E = useEmulator();
/** A form call to the XML API; `query: true` sends the parameters in the query string instead. */
const { form: call, control } = E;

const JOB = "/api/3.0/fo/scan/cloud/internal/job/";
const SCHEDULE = "/api/5.0/fo/schedule/scan/";

type Answer = HttpAnswer<string>;

/** CODE/TEXT of an error answer, read the way the provider reads it. */
function error(a: Answer): { status: number; code?: string; text?: string } {
  const e = xmlErrorFrom({ status: a.status, headers: Object.fromEntries(a.headers), body: a.body }, "test");
  if (!e) throw new Error(`expected an error, got ${a.status}: ${a.body}`);
  return { status: a.status, code: e.code, text: e.qualysText };
}

function ok(a: Answer) {
  expect(a.status).toBe(200);
  expect(xmlErrorFrom({ status: a.status, headers: {}, body: a.body }, "test")).toBeUndefined();
  return parseSimpleReturn(a.body);
}

function list(id?: string, token?: string, extra: Record<string, string> = {}) {
  return call(SCHEDULE, { action: "list", ...(id ? { id } : {}), show_cloud_details: "1", ...extra }, { token });
}

async function listed(id: string) {
  const a = await list(id);
  expect(a.status).toBe(200);
  return parseScheduleScanList(a.body).scans;
}

function inputs(v: unknown): GcpInternalScanJobInputs {
  const r = gcpInternalScanJobInputsSchema.safeParse(v);
  if (!r.success) throw new Error(JSON.stringify(r.error.issues));
  return r.data;
}

async function jobs(): Promise<EmuScanJob[]> {
  return ((await control("GET", "scan-jobs")).json as { jobs: EmuScanJob[] }).jobs;
}

const WEEKLY = {
  action: "create",
  scan_title: "weekly",
  connector_name: "gcp-prod-connector",
  active: "1",
  option_title: "Initial Options",
  module: "cm",
  schedule: "recurring",
  cloud_provider: "gcp",
  cloud_service: "compute_engine",
  iscanner_name: "RM_GCP_SCANNER",
  occurrence: "weekly",
  frequency_weeks: "1",
  weekdays: "Monday,Thursday",
  start_date: "12/01/2026",
  start_hour: "22",
  start_minute: "30",
  time_zone_code: "US-CA",
  observe_dst: "no",
};

describe("job endpoint", () => {
  test("the notes' create and update samples: SIMPLE_RETURN texts and the ID item", async () => {
    const created = ok(await call(JOB, CREATE_SAMPLE, { query: true }));
    expect(created.text).toBe("Scan has been created successfully");
    expect(created.items).toEqual({ ID: String(FIRST_JOB_ID) });
    expect(E.emu.calls()).toEqual({ "POST /api/3.0/fo/scan/cloud/internal/job/ action=create": 1 });

    // The update sample (its id replaced by the one just created): connector changed, resource ids set.
    const updated = ok(
      await call(
        JOB,
        {
          action: "update",
          connector_name: "CPSGLOBAL_clvautomationproject",
          active: "1",
          option_title: "Qualys Recommended Option Profile",
          schedule: "now",
          cloud_provider: "gcp",
          iscanner_name: "RM_GCP_SCANNER",
          cloud_service: "compute_engine",
          cloud_resource_ids: "us-central1",
          virtual_network_id: "projects/qlys-devqa-qweb/virtualNetworks/vpc-qlys-devqa-qweb",
          id: created.items.ID,
        },
        { query: true },
      ),
    );
    expect(updated.text).toBe("Scan has been updated successfully");
    expect(updated.items.ID).toBe(created.items.ID);
    const [job] = await jobs();
    expect(job).toMatchObject({ connectorId: "37362", cloudResourceIds: ["us-central1"], launches: 2 });
  });

  test('unknown connectors: the notes\' texts "Invalid connector_name provided" / "Invalid connector_uuid provided"', async () => {
    expect(error(await call(JOB, { ...WEEKLY, connector_name: "nope" }))).toEqual({
      status: 400,
      code: "1905",
      text: "Invalid connector_name provided",
    });
    const { connector_name: _n, ...byUuid } = WEEKLY;
    expect(error(await call(JOB, { ...byUuid, connector_uuid: "00000000-0000-4000-8000-000000000000" }))).toMatchObject({
      code: "1905",
      text: "Invalid connector_uuid provided",
    });
    // The uuid is matched whatever its case.
    ok(await call(JOB, { ...byUuid, connector_uuid: "8047ABCE-C3AC-42E0-AD49-BE4181D22C84" }));
    expect(error(await call(JOB, { ...WEEKLY, option_title: "nope" })).text).toBe("Invalid option_title provided");
    expect(error(await call(JOB, { ...WEEKLY, iscanner_name: "RM_GCP_SCANNER,ghost" })).text).toBe("Invalid iscanner_name provided: ghost");
  });

  test("one-of parameters are mutually exclusive (1904) and one of them is required (1903)", async () => {
    expect(error(await call(JOB, { ...WEEKLY, connector_uuid: "8047abce-c3ac-42e0-ad49-be4181d22c84" }))).toMatchObject({
      code: "1904",
      text: expect.stringContaining("connector_name and connector_uuid"),
    });
    expect(error(await call(JOB, { ...WEEKLY, option_id: "101" })).code).toBe("1904");
    expect(error(await call(JOB, { ...WEEKLY, iscanner_id: "201" })).code).toBe("1904");
    const { connector_name: _c, option_title: _o, ...none } = WEEKLY;
    expect(error(await call(JOB, none))).toMatchObject({
      code: "1903",
      text: expect.stringMatching(/connector_name or connector_uuid.*option_title or option_id/),
    });
  });

  test("required parameters per action", async () => {
    const e = error(await call(JOB, { action: "create" }));
    expect(e.code).toBe("1903");
    for (const k of ["scan_title", "active", "module", "schedule", "cloud_provider", "cloud_service"]) expect(e.text).toContain(k);
    expect(error(await call(JOB, { cloud_provider: "gcp" })).text).toContain("action");
    expect(error(await call(JOB, { action: "update", cloud_provider: "gcp", cloud_service: "compute_engine" })).text).toContain("id");
    expect(error(await call(JOB, { action: "update", id: "1" })).text).toMatch(/cloud_provider, cloud_service/);
    expect(error(await call(JOB, { action: "update", id: "999", cloud_provider: "gcp", cloud_service: "compute_engine" })).text).toBe(
      "Scan schedule with ID 999 does not exist.",
    );
    expect(error(await call(JOB, { action: "launch" })).text).toMatch(/Invalid value for action/);
    const { start_hour: _h, ...noHour } = WEEKLY;
    expect(error(await call(JOB, noHour)).text).toContain("start_hour");
    const { weekdays: _w, ...noDays } = WEEKLY;
    expect(error(await call(JOB, noDays)).text).toContain("weekdays");
  });

  test("ranges, values and the create-only / update-only parameters", async () => {
    const bad = async (over: Record<string, string>) => error(await call(JOB, { ...WEEKLY, ...over }));
    expect((await bad({ priority: "10" })).text).toMatch(/priority.*0 to 9/);
    expect((await bad({ start_hour: "24" })).text).toMatch(/start_hour.*0 to 23/);
    expect((await bad({ frequency_weeks: "53" })).text).toMatch(/frequency_weeks.*1 to 52/);
    expect((await bad({ weekdays: "Funday" })).text).toMatch(/weekdays/);
    expect((await bad({ module: "vm" })).text).toMatch(/module/);
    expect((await bad({ cloud_provider: "aws" })).text).toMatch(/cloud_provider/);
    expect((await bad({ cloud_service: "gke" })).text).toMatch(/cloud_service/);
    expect((await bad({ time_zone_code: "MARS" })).text).toMatch(/time_zone_code/);
    expect((await bad({ time_zone_code: "IN", observe_dst: "yes" })).text).toMatch(/Daylight Saving/);
    expect((await bad({ start_date: "02/30/2026" })).text).toMatch(/start_date/);
    expect((await bad({ cloud_resource_ids: "vm-1" })).text).toBe("cloud_resource_ids is only applicable for update requests.");
    expect((await bad({ set_start_time: "1" })).text).toMatch(/only applicable for update/);
    expect((await bad({ end_after_mins: "30" })).text).toMatch(/end_after_mins must be specified with end_after/);
    expect((await bad({ end_after: "0", end_after_mins: "10" })).text).toMatch(/minimum value for end_after_mins is 15/);
    expect((await bad({ pause_after_hours: "1", resume_in_days: "0", resume_in_hours: "1" })).text).toMatch(/at least 2 hours/);
    expect((await bad({ resume_in_hours: "3" })).text).toMatch(
      /resume_in_hours must be specified with pause_after_hours and resume_in_days/,
    );
    expect(
      (await bad({ occurrence: "monthly", frequency_months: "1", day_of_month: "3", day_of_week: "2", week_of_month: "first" })).text,
    ).toMatch(/not both/);
    expect((await bad({ before_notify: "1" })).text).toMatch(/before_notify_unit, before_notify_time/);
    expect((await bad({ before_notify: "1", before_notify_unit: "minutes", before_notify_time: "3" })).text).toMatch(
      /before_notify_time.*5 to 120/,
    );
    expect((await bad({ before_notify_message: "hi" })).text).toMatch(/only valid when before_notify=1/);
    expect((await bad({ after_notify: "1", after_notify_message: "<b>hi</b>" })).text).toMatch(/HTML/);
    expect((await bad({ after_notify: "1", after_notify_message: "x".repeat(4001) })).text).toMatch(/4000/);
    expect((await bad({ recipient_group_ids: "401" })).text).toMatch(/only valid when before_notify=1 or after_notify=1/);
    expect((await bad({ tag_set_include: "999" })).text).toMatch(/Invalid tag id/);
    expect((await bad({ tag_set_by: "name", tag_set_include: "301" })).text).toMatch(/Invalid tag name/);
    expect((await bad({ frobnicate: "1" })).code).toBe("1901");
    expect(error(await call(JOB, { ...CREATE_SAMPLE, occurrence: "daily" })).text).toMatch(/not valid with schedule=now/);
    expect(await jobs()).toEqual([]);
  });

  test("Qualys's X-Requested-With header and authentication are required", async () => {
    expect(error(await call(JOB, WEEKLY, { headers: { "x-requested-with": "" } })).text).toMatch(/X-Requested-With/);
    expect((await call(JOB, WEEKLY, { token: "wrong" })).status).toBe(401);
    const basic = Buffer.from("acme_user:acme-password").toString("base64");
    const res = await E.raw("POST", JOB, {
      headers: { authorization: `Basic ${basic}`, "x-requested-with": "jest" },
      body: new URLSearchParams(WEEKLY),
    });
    expect(res.status).toBe(200);
  });

  test("update: set_start_time=1 with the whole start group; start fields alone are refused", async () => {
    const id = ok(await call(JOB, WEEKLY)).items.ID;
    const base = { action: "update", id, cloud_provider: "gcp", cloud_service: "compute_engine" };
    expect(error(await call(JOB, { ...base, start_hour: "5" })).text).toMatch(/set_start_time=1 is required/);
    expect(error(await call(JOB, { ...base, set_start_time: "1", start_hour: "5" }))).toMatchObject({
      code: "1903",
      text: expect.stringContaining("start_date, start_minute, time_zone_code, observe_dst"),
    });
    ok(
      await call(JOB, {
        ...base,
        set_start_time: "1",
        start_date: "12/01/2026",
        start_hour: "5",
        start_minute: "0",
        time_zone_code: "IN",
        observe_dst: "no",
      }),
    );
    const [job] = await jobs();
    expect(job.schedule).toMatchObject({ startHour: 5, startMinute: 0, timeZoneCode: "IN", startDate: "12/01/2026" });
    // A failed update changes nothing.
    expect(error(await call(JOB, { ...base, scan_title: "renamed", priority: "12" })).text).toMatch(/priority/);
    expect((await jobs())[0].title).toBe("weekly");
  });

  test("update: empty strings clear, cloud_resource_ids=remove clears, both notifications off drop the recipients", async () => {
    const id = ok(
      await call(JOB, {
        ...WEEKLY,
        region_code: "us-east1",
        tag_set_by: "name",
        tag_set_include: "GCP_Targets,pci",
        after_notify: "1",
        after_notify_message: "done",
        recipient_group_ids: "401,402",
        recurrence: "3",
      }),
    ).items.ID;
    const base = { action: "update", id, cloud_provider: "gcp", cloud_service: "compute_engine" };
    ok(await call(JOB, { ...base, cloud_resource_ids: "vm-1,vm-2" }));
    expect((await jobs())[0].cloudResourceIds).toEqual(["vm-1", "vm-2"]);
    ok(await call(JOB, { ...base, cloud_resource_ids: "remove", region_code: "", recurrence: "", tag_set_by: "id", tag_set_include: "" }));
    let [job] = await jobs();
    expect(job.cloudResourceIds).toEqual([]);
    expect(job.regionCode).toBeUndefined();
    expect(job.tags.include).toEqual([]);
    expect((job.schedule as { recurrence?: number }).recurrence).toBeUndefined();
    ok(await call(JOB, { ...base, after_notify: "1", recipient_group_ids: "" }));
    expect((await jobs())[0].notifications.recipientGroupIds).toEqual([]);
    ok(await call(JOB, { ...base, after_notify: "1", recipient_group_ids: "402" }));
    ok(await call(JOB, { ...base, after_notify: "0" }));
    [job] = await jobs();
    expect(job.notifications).toEqual({ before: false, after: false, recipientGroupIds: [] });
  });
});

describe("schedule-scan list", () => {
  test("round trip: what create stored reads back through the provider's parser and mapping unchanged", async () => {
    const cases = [
      {
        title: "weekly",
        connectorName: "gcp-prod-connector",
        optionProfileTitle: "Initial Options",
        scannerNames: ["RM_GCP_SCANNER", "gcp-scanner-us-east1"],
        priority: 5,
        regionCode: "us-east1",
        virtualNetworkId: "projects/p/virtualNetworks/v",
        tags: { setBy: "name", include: ["GCP_Targets", "env-prod"], exclude: ["qualys-skip"], includeSelector: "all" },
        schedule: {
          type: "weekly",
          frequencyWeeks: 2,
          weekdays: ["Monday", "Thursday"],
          startDate: "07/06/2026",
          startHour: 23,
          startMinute: 45,
          timeZoneCode: "US-CA",
          observeDst: true,
          endAfterHours: 2,
          endAfterMinutes: 30,
          pauseAfterHours: 1,
          resumeInDays: 0,
          resumeInHours: 4,
        },
      },
      {
        title: "monthly dow",
        connectorUuid: "8047abce-c3ac-42e0-ad49-be4181d22c84",
        optionProfileId: 103,
        scannerIds: [202],
        tags: { include: [301] },
        schedule: {
          type: "monthly",
          frequencyMonths: 1,
          dayOfWeek: 2,
          weekOfMonth: "last",
          startHour: 0,
          startMinute: 5,
          timeZoneCode: "AU-NSW",
          observeDst: true,
          startDate: "01/15/2027",
        },
      },
      {
        title: "monthly dom",
        connectorName: "Rohanpod4qwebxrm3",
        optionProfileTitle: "GCP Policy Audit",
        scannerNames: ["RM_GCP_SCANNER"],
        schedule: { type: "monthly", frequencyMonths: 3, dayOfMonth: 31, startHour: 2, startMinute: 0, timeZoneCode: "IN" },
      },
      {
        title: "daily",
        connectorName: "Rohanpod4qwebxrm3",
        optionProfileTitle: "Qualys Recommended Option Profile",
        scannerNames: ["RM_GCP_SCANNER"],
        active: false,
        schedule: {
          type: "daily",
          frequencyDays: 7,
          startDate: "03/31/2026",
          startHour: 0,
          startMinute: 0,
          timeZoneCode: "JP",
          pauseAfterHours: 2,
          resumeInDays: "manually",
        },
      },
    ];
    for (const c of cases) {
      const state = inputs(c);
      const id = ok(await call(JOB, { action: "create", ...toCreateParams(state) })).items.ID;
      const [scan] = await listed(id);
      expect(scan.ID).toBe(id);
      expect(scan.CLOUD_DETAILS?.PROVIDER).toBe("GCP");
      const read = fromScheduleScan(scan);
      expect(mergeRead(state, read)).toEqual(state);
      // Every observable field really is read (not just kept from state).
      expect(read.title).toBe(state.title);
      expect(read.schedule).toMatchObject({ type: state.schedule.type, startHour: (state.schedule as { startHour: number }).startHour });
      if (state.schedule.type !== "now" && state.schedule.startDate) expect(read.schedule?.startDate).toBe(state.schedule.startDate);
    }
  });

  test("the 004 shape: CLOUD_DETAILS only with show_cloud_details=1, ASSET_TAGS, SCHEDULE with the occurrence attributes", async () => {
    const id = ok(
      await call(JOB, { ...WEEKLY, tag_set_by: "id", tag_set_include: "301,302", tag_exclude_selector: "all", tag_set_exclude: "304" }),
    ).items.ID;
    const withDetails = (await list(id)).body;
    expect(withDetails).toContain("<!DOCTYPE SCHEDULE_SCAN_LIST_OUTPUT");
    expect(withDetails).toContain('<WEEKLY frequency_weeks="1" weekdays="1,4" />');
    expect(withDetails).toContain("<TAG_SET_INCLUDE><![CDATA[GCP_Targets,env-prod]]></TAG_SET_INCLUDE>");
    expect(withDetails).toContain("<TIME_ZONE_DETAILS>(GMT-0800) United States (California): America/Los_Angeles</TIME_ZONE_DETAILS>");
    // 22:30 on 12/01/2026 in California (GMT-8, no DST) = 06:30 UTC the next day.
    expect(withDetails).toContain("<START_DATE_UTC>2026-12-02T06:30:00Z</START_DATE_UTC>");
    expect(withDetails).toContain("<PROCESSING_PRIORITY>0 - No Priority</PROCESSING_PRIORITY>");
    const scan = parseScheduleScanList(withDetails).scans[0];
    expect(scan.ASSET_TAGS).toMatchObject({
      TAG_INCLUDE_SELECTOR: "any",
      TAG_SET_INCLUDE: "GCP_Targets,env-prod",
      TAG_EXCLUDE_SELECTOR: "all",
      TAG_SET_EXCLUDE: "qualys-skip",
    });
    expect(scan.CLOUD_DETAILS?.CONNECTOR).toMatchObject({ UUID: "8047abce-c3ac-42e0-ad49-be4181d22c84", NAME: "gcp-prod-connector" });
    const plain = await call(SCHEDULE, { action: "list", id });
    expect(plain.body).not.toContain("CLOUD_DETAILS");
    expect(parseScheduleScanList(plain.body).scans[0].ID).toBe(id);
  });

  test("list filters: ids, active, scan_type=perimeter; an unknown id is an empty list; GET works too", async () => {
    const a = ok(await call(JOB, WEEKLY)).items.ID;
    const b = ok(await call(JOB, { ...WEEKLY, scan_title: "inactive", active: "0" })).items.ID;
    expect(parseScheduleScanList((await list()).body).scans.map((s) => s.ID)).toEqual([a, b]);
    expect(parseScheduleScanList((await list(`${b},${a}`)).body).scans.map((s) => s.ID)).toEqual([a, b]);
    expect(parseScheduleScanList((await list(undefined, undefined, { active: "0" })).body).scans.map((s) => s.ID)).toEqual([b]);
    expect(parseScheduleScanList((await list(undefined, undefined, { scan_type: "perimeter" })).body).scans).toEqual([]);
    const none = await list("123");
    expect(none.body).not.toContain("SCHEDULE_SCAN_LIST>");
    expect(parseScheduleScanList(none.body).scans).toEqual([]);
    const viaGet = await call(SCHEDULE, { action: "list", id: a }, { query: true, method: "GET" });
    expect(parseScheduleScanList(viaGet.body).scans).toHaveLength(1);
    expect(error(await list("abc")).text).toMatch(/Invalid value for id/);
    expect(error(await call(SCHEDULE, { action: "list", title: "x" })).code).toBe("1901");
  });

  test("another tenant's jobs are not listed, not updatable, not deletable", async () => {
    const id = ok(await call(JOB, WEEKLY)).items.ID;
    const other = "emulator-token-globex";
    expect(parseScheduleScanList((await list(id, other)).body).scans).toEqual([]);
    expect(
      error(
        await call(
          JOB,
          { action: "update", id, cloud_provider: "gcp", cloud_service: "compute_engine", scan_title: "x" },
          { token: other },
        ),
      ).text,
    ).toMatch(/does not exist/);
    expect(error(await call(SCHEDULE, { action: "delete", id }, { token: other })).text).toMatch(/does not exist/);
    expect(await listed(id)).toHaveLength(1);
  });

  test("delete: the job leaves the list; deleting it again is refused (1905)", async () => {
    const id = ok(await call(JOB, WEEKLY)).items.ID;
    const deleted = ok(await call(SCHEDULE, { action: "delete", id }));
    expect(deleted.items.ID).toBe(id);
    expect(await listed(id)).toEqual([]);
    expect(error(await call(SCHEDULE, { action: "delete", id }))).toEqual({
      status: 400,
      code: "1905",
      text: `Scan schedule with ID ${id} does not exist.`,
    });
    expect(error(await call(SCHEDULE, { action: "delete" })).code).toBe("1903");
    expect(E.emu.calls()["POST /api/5.0/fo/schedule/scan/ action=delete"]).toBe(3);
  });

  test("the 2.0 (3.0, 4.0) path answers with deprecation headers until switched to removed (410)", async () => {
    const id = ok(await call(JOB, WEEKLY)).items.ID;
    const old = await call("/api/2.0/fo/schedule/scan/", { action: "list", id, show_cloud_details: "1" });
    expect(old.status).toBe(200);
    expect(old.headers.get("deprecation")).toBe("true");
    expect(old.headers.get("sunset")).toBe("Thu, 31 Dec 2026 23:59:59 GMT");
    expect(old.headers.get("link")).toContain("/api/5.0/fo/schedule/scan/");
    expect(parseScheduleScanList(old.body).scans[0].ID).toBe(id);
    expect((await list(id)).headers.get("deprecation")).toBeNull();

    expect((await control("PUT", "scan-settings", { legacyScheduleApi: "removed" })).status).toBe(200);
    for (const v of ["2.0", "3.0", "4.0"]) {
      const gone = await call(`/api/${v}/fo/schedule/scan/`, { action: "list", id });
      expect(error(gone)).toMatchObject({ status: 410, text: expect.stringContaining("end of life") });
    }
    expect(E.emu.calls()["POST /api/2.0/fo/schedule/scan/ action=list"]).toBe(2);
    expect((await list(id)).status).toBe(200);
  });
});

describe("one-shot (now) jobs", () => {
  test("launch on create, stay listed for the configured lifetime, then complete and leave the list", async () => {
    // Only Date is faked: the emulator's clock is stepped across the lifetime's edge, while the
    // sockets and timers of the HTTP round trips run for real.
    jest.useFakeTimers({
      doNotFake: [
        "hrtime",
        "nextTick",
        "performance",
        "queueMicrotask",
        "setImmediate",
        "clearImmediate",
        "setInterval",
        "clearInterval",
        "setTimeout",
        "clearTimeout",
      ],
    });
    try {
      const t0 = Date.now();
      await control("PUT", "scan-settings", { nowJobLifetimeMs: 300 });
      const id = ok(await call(JOB, CREATE_SAMPLE)).items.ID;
      const [scan] = await listed(id);
      expect(scan.SCHEDULE.DAILY).toBeUndefined();
      expect(scan.SCHEDULE.START_DATE_UTC).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      jest.setSystemTime(t0 + 299);
      expect(await listed(id)).toHaveLength(1); // 1 ms before the end of its lifetime: still listed
      jest.setSystemTime(t0 + 300);
      expect(await listed(id)).toEqual([]);
      const state = (await control("GET", "scan-jobs")).json as { launches: Array<{ id: string }>; completed: Array<{ id: string }> };
      expect(state.launches.map((l) => l.id)).toEqual([id]);
      expect(state.completed.map((l) => l.id)).toEqual([id]);
    } finally {
      jest.useRealTimers();
    }
  });

  test("the control route completes now jobs at once, one or all; recurring jobs are not touched; inactive now jobs never launch", async () => {
    const a = ok(await call(JOB, CREATE_SAMPLE)).items.ID;
    const b = ok(await call(JOB, { ...CREATE_SAMPLE, scan_title: "second" })).items.ID;
    const c = ok(await call(JOB, { ...CREATE_SAMPLE, scan_title: "off", active: "0" })).items.ID;
    const w = ok(await call(JOB, WEEKLY)).items.ID;
    expect((await control("POST", `scan-jobs/${w}/complete`)).status).toBe(400);
    expect((await control("POST", `scan-jobs/${a}/complete`)).json).toEqual({ completed: [a] });
    expect((await jobs()).map((j) => j.id)).toEqual([b, c, w]);
    expect((await control("POST", "scan-jobs/complete")).json).toEqual({ completed: [b] });
    expect((await jobs()).map((j) => j.id)).toEqual([c, w]);
    expect((await jobs())[0].launches).toBe(0);
  });
});

describe("control routes", () => {
  test("out-of-band edit and delete; the list shows them", async () => {
    const id = ok(await call(JOB, WEEKLY)).items.ID;
    const patched = await control("PATCH", `scan-jobs/${id}`, {
      title: "renamed in UI",
      schedule: { startHour: 3 },
      regionCode: "europe-west1",
    });
    expect(patched.status).toBe(200);
    const [scan] = await listed(id);
    expect(scan.TITLE).toBe("renamed in UI");
    expect(scan.SCHEDULE.START_HOUR).toBe("3");
    expect(scan.CLOUD_DETAILS?.CLOUD_TARGET?.REGION?.CODE).toBe("europe-west1");
    expect((await control("DELETE", `scan-jobs/${id}`)).status).toBe(200);
    expect(await listed(id)).toEqual([]);
    expect((await control("DELETE", `scan-jobs/${id}`)).status).toBe(404);
    // Control routes are not counted as API calls.
    expect(Object.keys(E.emu.calls()).every((k) => !k.includes("__emulator"))).toBe(true);
  });

  test("seed data: a deterministic default catalog per tenant, more added by a control route", async () => {
    const catalog = (await control("GET", "scan-catalog")).json as {
      connectors: Array<{ name: string }>;
      timeZones: Array<{ code: string }>;
    };
    expect(catalog.connectors.map((c) => c.name)).toEqual(["Rohanpod4qwebxrm3", "CPSGLOBAL_clvautomationproject", "gcp-prod-connector"]);
    expect(error(await call(JOB, { ...WEEKLY, connector_name: "team-b-connector" })).text).toBe("Invalid connector_name provided");
    await control("POST", "scan-catalog", {
      connectors: [{ id: "50000", uuid: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", name: "team-b-connector" }],
    });
    ok(await call(JOB, { ...WEEKLY, connector_name: "team-b-connector" }));
    expect((await control("POST", "scan-catalog", { planets: [] })).status).toBe(400);
    // The other tenant's catalog is its own.
    expect(error(await call(JOB, { ...WEEKLY, connector_name: "team-b-connector" }, { token: "emulator-token-globex" })).text).toBe(
      "Invalid connector_name provided",
    );
  });

  test("an update sent by the provider's mapping is accepted as it is (start time change)", async () => {
    const state = inputs({
      title: "weekly",
      connectorName: "gcp-prod-connector",
      optionProfileTitle: "Initial Options",
      scannerNames: ["RM_GCP_SCANNER"],
      schedule: { type: "weekly", frequencyWeeks: 1, weekdays: ["Monday"], startHour: 1, startMinute: 0, timeZoneCode: "GB" },
    });
    const id = ok(await call(JOB, { action: "create", ...toCreateParams(state) })).items.ID;
    const next = inputs({ ...state, schedule: { ...state.schedule, startHour: 4 } });
    const params = toUpdateParams(state, next, { currentStartDate: "11/22/2026" });
    ok(await call(JOB, { action: "update", id, cloud_provider: "gcp", cloud_service: "compute_engine", ...params }));
    expect((await jobs())[0].schedule).toMatchObject({ startHour: 4, startDate: "11/22/2026" });
  });
});
