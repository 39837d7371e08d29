import { readFileSync } from "fs";
import { join } from "path";
import { parseScheduleScanList, type ScheduleScan } from "../../clients/xml/documents";
import { validate } from "../../shared/check";
import {
  fromScheduleScan,
  localStartDate,
  mergeRead,
  parseGmtOffset,
  parsePriority,
  toCreateFollowUpParams,
  toCreateParams,
  toUpdateParams,
  type Params,
} from "./mapping";
import { gcpInternalScanJobInputsSchema, type GcpInternalScanJobInputs } from "./schema";
import {
  defaultCatalog,
  FIRST_JOB_ID,
  WEEKDAY_NAMES,
  WEEKS_OF_MONTH,
  type ScanCatalog,
  type ScanJobsSlice,
} from "../../../emulator/services/scan-jobs/model";
import { renderScheduleScanList } from "../../../emulator/services/scan-jobs/render";
import { Params as FormParams } from "../../../emulator/services/scan-jobs/params";
import { createJob } from "../../../emulator/services/scan-jobs/validation";

function ok(input: unknown): GcpInternalScanJobInputs {
  const r = validate(gcpInternalScanJobInputsSchema, input);
  if (!r.ok) throw new Error(`expected valid input, got ${JSON.stringify(r.failures)}`);
  return r.value;
}

const UUID = "11111111-2222-4333-8444-555555555555";
const START = { startDate: "05/01/2026", startHour: 3, startMinute: 15, timeZoneCode: "IN" };

// A valid job, alike schema.test.ts's BASE on purpose: each test file reads on its own.
const NOW_JOB = {
  title: "GCP now",
  connectorName: "gcp-connector",
  optionProfileTitle: "Qualys Recommended Option Profile",
  scannerNames: ["RM_GCP_SCANNER"],
  schedule: { type: "now" },
};

const WEEKLY_JOB = {
  title: "GCP weekly",
  connectorUuid: UUID,
  optionProfileId: 12,
  scannerIds: [5, 6],
  priority: 4,
  regionCode: "us-central1",
  virtualNetworkId: "projects/p/virtualNetworks/v",
  tags: { include: [10, 11], exclude: [12], includeSelector: "all" },
  schedule: {
    type: "weekly",
    frequencyWeeks: 2,
    weekdays: ["wednesday", "Monday"],
    ...START,
    timeZoneCode: "us-ca",
    observeDst: true,
    recurrence: 5,
    endAfterHours: 2,
    endAfterMinutes: 30,
    pauseAfterHours: 1,
    resumeInDays: 0,
    resumeInHours: 4,
  },
  notifications: { before: { unit: "hours", time: 2, message: "Scan soon" }, after: { message: "Done" }, recipientGroupIds: [7, 8] },
};

const DAILY_JOB = {
  title: "GCP daily",
  connectorName: "gcp-connector",
  optionProfileTitle: "Initial Options",
  scannerNames: ["scanner-a", "scanner-b"],
  tags: { setBy: "name", include: ["web", "db"] },
  schedule: { type: "daily", frequencyDays: 3, ...START },
};

const MONTHLY_DOM_JOB = {
  ...DAILY_JOB,
  title: "GCP monthly dom",
  schedule: { type: "monthly", frequencyMonths: 1, dayOfMonth: 15, ...START },
};
const MONTHLY_DOW_JOB = {
  ...DAILY_JOB,
  title: "GCP monthly dow",
  schedule: { type: "monthly", frequencyMonths: 3, dayOfWeek: 2, weekOfMonth: "second", ...START },
};

// ---------------------------------------------------------------------------------------------
// A schedule-scan list record as Qualys would list a job created with given parameters: the
// emulator's own reading of the create parameters (createJob) and its rendering of the list
// (renderScheduleScanList, the 004 sample's shape), so this file keeps no second renderer. Its seed
// catalog gains the names and ids the fixtures above use.

function catalog(): ScanCatalog {
  const c = defaultCatalog();
  c.connectors.push({ id: "37399", uuid: UUID, name: "gcp-connector" });
  c.optionProfiles.push({ id: "12", title: "Profile 12", isDefault: false });
  c.scanners.push(
    { id: "5", name: "scanner-5" },
    { id: "6", name: "scanner-6" },
    { id: "7", name: "scanner-a" },
    { id: "8", name: "scanner-b" },
  );
  c.tags.push({ id: "10", name: "web" }, { id: "11", name: "db" }, { id: "12", name: "test" });
  c.distributionGroups.push({ id: "7", name: "group-7" }, { id: "8", name: "group-8" }, { id: "9", name: "group-9" });
  return c;
}

interface ListOptions {
  /** Occurrence attributes as some Qualys answers spell them: words where the emulator writes numbers. */
  wordWeekdays?: boolean;
  wordWeekOfMonth?: boolean;
  /** Replace parts of the generated XML (out-of-band changes). */
  edit?: (xml: string) => string;
}

function listXml(p: Params, opts: ListOptions = {}): string {
  const slice: ScanJobsSlice = {
    catalog: catalog(),
    jobs: new Map(),
    nextId: FIRST_JOB_ID,
    settings: { nowJobLifetimeMs: 60_000, legacyScheduleApi: "deprecated" },
    launches: [],
    completed: [],
  };
  const job = createJob(slice, new FormParams(new URLSearchParams(p)), "utwrx_mp");
  let xml = renderScheduleScanList([job], slice.catalog, { cloudDetails: true, version: "5.0" });
  if (opts.wordWeekdays) {
    xml = xml.replace(
      /weekdays="([^"]*)"/,
      (_m, days: string) =>
        `weekdays="${days
          .split(",")
          .map((d) => WEEKDAY_NAMES[Number(d)])
          .join(",")}"`,
    );
  }
  if (opts.wordWeekOfMonth) {
    xml = xml.replace(/week_of_month="([^"]*)"/, (_m, w: string) => `week_of_month="${WEEKS_OF_MONTH[Number(w) - 1]}"`);
  }
  return opts.edit ? opts.edit(xml) : xml;
}

function listed(p: Params, opts?: ListOptions): ScheduleScan {
  const scans = parseScheduleScanList(listXml(p, opts)).scans;
  expect(scans).toHaveLength(1);
  return scans[0];
}

/** State as refresh reports it when Qualys holds exactly what create sent. */
function refreshed(state: GcpInternalScanJobInputs, opts?: ListOptions): GcpInternalScanJobInputs {
  return mergeRead(state, fromScheduleScan(listed(toCreateParams(state), opts)));
}

// ---------------------------------------------------------------------------------------------

describe("toCreateParams", () => {
  test("the notes' create sample: same parameters, plus the explicit default priority", () => {
    const sample =
      "action=create&scan_title=GCP_Test_API3&connector_name=Rohanpod4qwebxrm3&active=1&option_title=Qualys%20Recommended%20Option%20Profile&module=cm&schedule=now&cloud_provider=gcp&iscanner_name=RM_GCP_SCANNER&cloud_service=compute_engine&virtual_network_id=projects%2Fqlys-devqa-qweb%2FvirtualNetworks%2Fvpc-qlys-devqa-qweb";
    const expected = Object.fromEntries(new URLSearchParams(sample));
    delete expected.action;
    const state = ok({
      title: "GCP_Test_API3",
      connectorName: "Rohanpod4qwebxrm3",
      optionProfileTitle: "Qualys Recommended Option Profile",
      scannerNames: ["RM_GCP_SCANNER"],
      virtualNetworkId: "projects/qlys-devqa-qweb/virtualNetworks/vpc-qlys-devqa-qweb",
      schedule: { type: "now" },
    });
    expect(toCreateParams(state)).toEqual({ ...expected, priority: "0" });
  });

  test("a now job with an after notification", () => {
    const state = ok({ ...NOW_JOB, active: false, notifications: { after: { message: "finished" }, recipientGroupIds: [9] } });
    expect(toCreateParams(state)).toEqual({
      scan_title: "GCP now",
      connector_name: "gcp-connector",
      active: "0",
      option_title: "Qualys Recommended Option Profile",
      module: "cm",
      cloud_provider: "gcp",
      cloud_service: "compute_engine",
      priority: "0",
      iscanner_name: "RM_GCP_SCANNER",
      schedule: "now",
      after_notify: "1",
      after_notify_message: "finished",
      recipient_group_ids: "9",
    });
  });

  test("a weekly job with every group: ids, tags, start time, end, pause/resume, notifications", () => {
    expect(toCreateParams(ok(WEEKLY_JOB))).toEqual({
      scan_title: "GCP weekly",
      connector_uuid: UUID,
      active: "1",
      option_id: "12",
      module: "cm",
      cloud_provider: "gcp",
      cloud_service: "compute_engine",
      priority: "4",
      iscanner_id: "5,6",
      region_code: "us-central1",
      virtual_network_id: "projects/p/virtualNetworks/v",
      tag_set_by: "id",
      tag_include_selector: "all",
      tag_exclude_selector: "any",
      tag_set_include: "10,11",
      tag_set_exclude: "12",
      schedule: "recurring",
      occurrence: "weekly",
      frequency_weeks: "2",
      weekdays: "Monday,Wednesday",
      start_date: "05/01/2026",
      start_hour: "3",
      start_minute: "15",
      time_zone_code: "US-CA",
      observe_dst: "yes",
      recurrence: "5",
      end_after: "2",
      end_after_mins: "30",
      pause_after_hours: "1",
      pause_after_mins: "0",
      resume_in_days: "0",
      resume_in_hours: "4",
      before_notify: "1",
      before_notify_unit: "hours",
      before_notify_time: "2",
      before_notify_message: "Scan soon",
      after_notify: "1",
      after_notify_message: "Done",
      recipient_group_ids: "7,8",
    });
  });

  test("daily, monthly by day of month, monthly by day in week: the occurrence groups", () => {
    const pick = (p: Params) =>
      Object.fromEntries(Object.entries(p).filter(([k]) => /^(schedule|occurrence|frequency_|weekdays|day_of_|week_of_)/.test(k)));
    expect(pick(toCreateParams(ok(DAILY_JOB)))).toEqual({ schedule: "recurring", occurrence: "daily", frequency_days: "3" });
    expect(pick(toCreateParams(ok(MONTHLY_DOM_JOB)))).toEqual({
      schedule: "recurring",
      occurrence: "monthly",
      frequency_months: "1",
      day_of_month: "15",
    });
    expect(pick(toCreateParams(ok(MONTHLY_DOW_JOB)))).toEqual({
      schedule: "recurring",
      occurrence: "monthly",
      frequency_months: "3",
      day_of_week: "2",
      week_of_month: "second",
    });
  });

  test("start group without a start date lets Qualys default it; observe_dst is always sent", () => {
    const p = toCreateParams(
      ok({ ...DAILY_JOB, schedule: { type: "daily", frequencyDays: 1, startHour: 0, startMinute: 0, timeZoneCode: "IN" } }),
    );
    expect(p).not.toHaveProperty("start_date");
    expect(p).toMatchObject({ start_hour: "0", start_minute: "0", time_zone_code: "IN", observe_dst: "no" });
  });

  test('"Manually" is sent as the notes spell it', () => {
    const p = toCreateParams(
      ok({ ...DAILY_JOB, schedule: { ...DAILY_JOB.schedule, pauseAfterHours: 3, pauseAfterMinutes: 20, resumeInDays: "manually" } }),
    );
    expect(p).toMatchObject({ pause_after_hours: "3", pause_after_mins: "20", resume_in_days: "Manually" });
    expect(p).not.toHaveProperty("resume_in_hours");
  });

  test("cloud resource ids: created inactive, then one follow-up update sets them and activates", () => {
    const state = ok({ ...DAILY_JOB, cloudResourceIds: ["vm-1", "vm-2"] });
    expect(toCreateParams(state).active).toBe("0");
    expect(toCreateParams(state)).not.toHaveProperty("cloud_resource_ids");
    expect(toCreateFollowUpParams(state)).toEqual({ cloud_resource_ids: "vm-1,vm-2", active: "1" });
    expect(toCreateFollowUpParams({ ...state, active: false })).toEqual({ cloud_resource_ids: "vm-1,vm-2" });
    expect(toCreateFollowUpParams(ok(DAILY_JOB))).toBeUndefined();
    expect(toCreateParams(ok(DAILY_JOB)).active).toBe("1");
  });
});

describe("toUpdateParams", () => {
  const weekly = ok(WEEKLY_JOB);
  const daily = ok(DAILY_JOB);
  const withSchedule = (s: GcpInternalScanJobInputs, patch: Record<string, unknown>): GcpInternalScanJobInputs => ({
    ...s,
    schedule: { ...s.schedule, ...patch },
  });

  test("unchanged → nothing to send (sets compared as sets)", () => {
    expect(toUpdateParams(weekly, weekly)).toEqual({});
    expect(toUpdateParams(weekly, ok({ ...WEEKLY_JOB, scannerIds: [6, 5], tags: { ...WEEKLY_JOB.tags, include: [11, 10] } }))).toEqual({});
  });

  test("one plain field → only that parameter", () => {
    expect(toUpdateParams(weekly, { ...weekly, title: "renamed" })).toEqual({ scan_title: "renamed" });
    expect(toUpdateParams(weekly, { ...weekly, active: false })).toEqual({ active: "0" });
    expect(toUpdateParams(weekly, { ...weekly, priority: 9 })).toEqual({ priority: "9" });
    expect(toUpdateParams(weekly, { ...weekly, scannerIds: ["5"] })).toEqual({ iscanner_id: "5" });
  });

  test("connector / option profile switch form: only the new one is sent (mutually exclusive)", () => {
    const byName = { ...weekly, connectorUuid: undefined, connectorName: "other" };
    expect(toUpdateParams(weekly, byName)).toEqual({ connector_name: "other" });
    expect(toUpdateParams(weekly, { ...weekly, optionProfileId: undefined, optionProfileTitle: "P" })).toEqual({ option_title: "P" });
  });

  test("one start field changed → set_start_time=1 and the whole start group", () => {
    expect(toUpdateParams(weekly, withSchedule(weekly, { startMinute: 45 }))).toEqual({
      set_start_time: "1",
      start_date: "05/01/2026",
      start_hour: "3",
      start_minute: "45",
      time_zone_code: "US-CA",
      observe_dst: "yes",
    });
    expect(toUpdateParams(weekly, withSchedule(weekly, { observeDst: false }))).toMatchObject({
      set_start_time: "1",
      observe_dst: "no",
      start_minute: "15",
    });
  });

  test("start group without a start date in state: Qualys's current date, else today", () => {
    const noDate = withSchedule(daily, { startDate: undefined });
    const changed = withSchedule(noDate, { startHour: 4 });
    expect(toUpdateParams(noDate, changed, { currentStartDate: "03/09/2026" })).toMatchObject({
      set_start_time: "1",
      start_date: "03/09/2026",
      start_hour: "4",
    });
    expect(toUpdateParams(noDate, changed, { now: () => new Date("2026-07-04T10:00:00Z") })).toMatchObject({ start_date: "07/04/2026" });
  });

  test("dropping the start date from the program is not a change", () => {
    expect(toUpdateParams(daily, withSchedule(daily, { startDate: undefined }))).toEqual({});
  });

  test("occurrence changed → schedule=recurring and the full occurrence group, no start group", () => {
    expect(toUpdateParams(daily, withSchedule(daily, { frequencyDays: 7 }))).toEqual({
      schedule: "recurring",
      occurrence: "daily",
      frequency_days: "7",
    });
    expect(toUpdateParams(weekly, withSchedule(weekly, { weekdays: ["Monday"] }))).toEqual({
      schedule: "recurring",
      occurrence: "weekly",
      frequency_weeks: "2",
      weekdays: "Monday",
    });
    const dom = ok(MONTHLY_DOM_JOB);
    const dow = ok({ ...MONTHLY_DOM_JOB, schedule: { ...MONTHLY_DOW_JOB.schedule, frequencyMonths: 1 } });
    expect(toUpdateParams(dom, dow)).toEqual({
      schedule: "recurring",
      occurrence: "monthly",
      frequency_months: "1",
      day_of_week: "2",
      week_of_month: "second",
    });
    expect(toUpdateParams(dow, dom)).toEqual({ schedule: "recurring", occurrence: "monthly", frequency_months: "1", day_of_month: "15" });
    expect(toUpdateParams(daily, ok({ ...DAILY_JOB, schedule: { ...MONTHLY_DOM_JOB.schedule } }))).toEqual({
      schedule: "recurring",
      occurrence: "monthly",
      frequency_months: "1",
      day_of_month: "15",
    });
  });

  test("end, pause/resume and recurrence travel as their groups; removal clears with empty strings", () => {
    expect(toUpdateParams(weekly, withSchedule(weekly, { endAfterMinutes: 45 }))).toEqual({ end_after: "2", end_after_mins: "45" });
    expect(toUpdateParams(weekly, withSchedule(weekly, { endAfterHours: undefined, endAfterMinutes: undefined }))).toEqual({
      end_after: "",
      end_after_mins: "",
    });
    expect(toUpdateParams(weekly, withSchedule(weekly, { resumeInHours: 5 }))).toEqual({
      pause_after_hours: "1",
      pause_after_mins: "0",
      resume_in_days: "0",
      resume_in_hours: "5",
    });
    expect(
      toUpdateParams(weekly, withSchedule(weekly, { pauseAfterHours: undefined, resumeInDays: undefined, resumeInHours: undefined })),
    ).toEqual({ pause_after_hours: "", pause_after_mins: "", resume_in_days: "", resume_in_hours: "" });
    expect(toUpdateParams(weekly, withSchedule(weekly, { recurrence: undefined }))).toEqual({ recurrence: "" });
    expect(toUpdateParams(weekly, withSchedule(weekly, { recurrence: 7 }))).toEqual({ recurrence: "7" });
    // 2 hours and 2 hours 0 minutes are the same end time.
    const twoHours = withSchedule(daily, { endAfterHours: 2 });
    expect(toUpdateParams(twoHours, withSchedule(daily, { endAfterHours: 2, endAfterMinutes: 0 }))).toEqual({});
  });

  test("clearing a message sends an empty string (with the notification's required companions)", () => {
    const n = weekly.notifications!;
    expect(toUpdateParams(weekly, { ...weekly, notifications: { ...n, before: { ...n.before!, message: undefined } } })).toEqual({
      before_notify: "1",
      before_notify_unit: "hours",
      before_notify_time: "2",
      before_notify_message: "",
    });
    expect(toUpdateParams(weekly, { ...weekly, notifications: { ...n, after: { message: undefined } } })).toEqual({
      after_notify: "1",
      after_notify_message: "",
    });
    expect(toUpdateParams(weekly, { ...weekly, notifications: { ...n, after: { message: "New text" } } })).toEqual({
      after_notify: "1",
      after_notify_message: "New text",
    });
    expect(toUpdateParams(weekly, { ...weekly, notifications: { ...n, before: { ...n.before!, time: 3 } } })).toEqual({
      before_notify: "1",
      before_notify_unit: "hours",
      before_notify_time: "3",
    });
  });

  test("turning a notification off sends before_notify=0 / after_notify=0 only", () => {
    const n = weekly.notifications!;
    expect(toUpdateParams(weekly, { ...weekly, notifications: { ...n, before: undefined } })).toEqual({ before_notify: "0" });
    expect(toUpdateParams(weekly, { ...weekly, notifications: { ...n, after: undefined } })).toEqual({ after_notify: "0" });
    // Both off: Qualys deletes the recipient list itself; recipient_group_ids would be invalid here.
    expect(toUpdateParams(weekly, { ...weekly, notifications: undefined })).toEqual({ before_notify: "0", after_notify: "0" });
  });

  test("turning a notification on sends its message explicitly, even when there is none", () => {
    expect(toUpdateParams(daily, { ...daily, notifications: { after: { message: undefined } } })).toEqual({
      after_notify: "1",
      after_notify_message: "",
    });
    expect(toUpdateParams(daily, { ...daily, notifications: { before: { unit: "days", time: 1, message: "Tomorrow" } } })).toEqual({
      before_notify: "1",
      before_notify_unit: "days",
      before_notify_time: "1",
      before_notify_message: "Tomorrow",
    });
  });

  test("recipients changed alone ride on a notify=1 (after first), cleared with an empty string", () => {
    const n = weekly.notifications!;
    expect(toUpdateParams(weekly, { ...weekly, notifications: { ...n, recipientGroupIds: ["8", "9"] } })).toEqual({
      after_notify: "1",
      recipient_group_ids: "8,9",
    });
    expect(toUpdateParams(weekly, { ...weekly, notifications: { ...n, recipientGroupIds: undefined } })).toEqual({
      after_notify: "1",
      recipient_group_ids: "",
    });
    const beforeOnly = { ...weekly, notifications: { before: n.before, recipientGroupIds: ["7"] } };
    expect(toUpdateParams(beforeOnly, { ...beforeOnly, notifications: { before: n.before, recipientGroupIds: ["1"] } })).toEqual({
      before_notify: "1",
      before_notify_unit: "hours",
      before_notify_time: "2",
      recipient_group_ids: "1",
    });
  });

  test("cloud resource ids: replaced by the new list, cleared with remove", () => {
    const withIds = { ...daily, cloudResourceIds: ["vm-1"] };
    expect(toUpdateParams(withIds, { ...daily, cloudResourceIds: ["vm-2", "vm-3"] })).toEqual({ cloud_resource_ids: "vm-2,vm-3" });
    expect(toUpdateParams(withIds, daily)).toEqual({ cloud_resource_ids: "remove" });
    expect(toUpdateParams(daily, withIds)).toEqual({ cloud_resource_ids: "vm-1" });
  });

  test("tags: tag_set_by travels with the lists; a new setBy re-sends both; removal clears", () => {
    const t = weekly.tags!;
    expect(toUpdateParams(weekly, { ...weekly, tags: { ...t, include: ["10"] } })).toEqual({ tag_set_by: "id", tag_set_include: "10" });
    expect(toUpdateParams(weekly, { ...weekly, tags: { ...t, includeSelector: "any" } })).toEqual({ tag_include_selector: "any" });
    expect(toUpdateParams(weekly, { ...weekly, tags: { ...t, setBy: "name", include: ["web"], exclude: ["test"] } })).toEqual({
      tag_set_by: "name",
      tag_set_include: "web",
      tag_set_exclude: "test",
    });
    expect(toUpdateParams(weekly, { ...weekly, tags: undefined })).toEqual({
      tag_set_by: "id",
      tag_set_include: "",
      tag_set_exclude: "",
      tag_include_selector: "any",
    });
  });

  test("region and network: new value, or an empty string to clear", () => {
    expect(toUpdateParams(weekly, { ...weekly, regionCode: "europe-west1" })).toEqual({ region_code: "europe-west1" });
    expect(toUpdateParams(weekly, { ...weekly, regionCode: undefined, virtualNetworkId: undefined })).toEqual({
      region_code: "",
      virtual_network_id: "",
    });
  });

  test("a change involving a now schedule is a replacement, never an update", () => {
    const now = ok(NOW_JOB);
    expect(toUpdateParams(now, now)).toEqual({});
    expect(() => toUpdateParams(now, { ...now, title: "x" })).toThrow(/replacement/);
    expect(() => toUpdateParams(daily, { ...daily, schedule: { type: "now" } })).toThrow(/replacement/);
  });
});

describe("fromScheduleScan", () => {
  test("reads the notes' 004 sample", () => {
    const xml = readFileSync(
      join(__dirname, "../../clients/xml/__fixtures__/004_schedule_scan_list_cloud_perimeter.schedule_scan_list_output.xml"),
      "utf8",
    );
    const [scan] = parseScheduleScanList(xml).scans;
    expect(fromScheduleScan(scan)).toEqual({
      title: "My_External_Scan",
      active: undefined, // <ACTIVE></ACTIVE>: not shown
      connectorName: "EC2 Connector",
      connectorUuid: "8047abce-c3ac-42e0-ad49-be4181d22c84",
      optionProfileTitle: "Initial Options",
      optionProfileId: undefined,
      scannerNames: ["External Scanner"],
      priority: 0,
      regionCode: "us-east-1",
      virtualNetworkId: undefined,
      tags: { includeSelector: "any", excludeSelector: "any", include: ["EC2_Targets"], exclude: ["EC2_Test"] },
      schedule: {
        type: "daily",
        frequencyDays: 364,
        // 2018-04-02T05:00:00Z is 10:30 on 04/02/2018 in India (GMT+0530).
        startDate: "04/02/2018",
        startHour: 10,
        startMinute: 30,
        timeZoneCode: "IN",
        observeDst: false,
      },
    });
  });

  test("priority, offsets and local start dates", () => {
    expect(parsePriority("0 - No Priority")).toBe(0);
    expect(parsePriority("7 - Medium")).toBe(7);
    expect(parsePriority("")).toBeUndefined();
    expect(parseGmtOffset("(GMT+0530) India: Asia/Calcutta")).toBe(330);
    expect(parseGmtOffset("(GMT-0800) United States (California)")).toBe(-480);
    expect(parseGmtOffset("India")).toBeUndefined();
    // 00:30 in California in July (PDT, GMT-7) is 07:30Z the same day; the standard offset (GMT-8)
    // alone would give 23:30 the day before.
    expect(localStartDate("2026-07-04T07:30:00Z", "(GMT-0800) United States (California)", 0, 30)).toBe("07/04/2026");
    expect(localStartDate("2026-01-04T08:30:00Z", "(GMT-0800) United States (California)", 0, 30)).toBe("01/04/2026");
    expect(localStartDate("2026-01-04T20:00:00Z", "(GMT+0530) India", 1, 30)).toBe("01/05/2026");
    expect(localStartDate("2026-01-04T20:00:00Z", "no offset here", 1, 30)).toBeUndefined();
  });

  test("weekday and week-of-month attributes are understood as numbers and as words", () => {
    expect(listXml(toCreateParams(ok(WEEKLY_JOB)))).toContain('weekdays="1,3"'); // the emulator writes numbers
    for (const wordWeekdays of [false, true]) {
      const read = fromScheduleScan(listed(toCreateParams(ok(WEEKLY_JOB)), { wordWeekdays }));
      expect(read.schedule).toMatchObject({ type: "weekly", weekdays: ["Monday", "Wednesday"] });
    }
    const dow = fromScheduleScan(listed(toCreateParams(ok(MONTHLY_DOW_JOB)), { wordWeekOfMonth: true }));
    expect(dow.schedule).toMatchObject({ type: "monthly", dayOfWeek: 2, weekOfMonth: "second" });
  });
});

describe("round trip: inputs → create parameters → schedule-scan list → refresh", () => {
  test.each([
    ["now", NOW_JOB],
    ["daily", DAILY_JOB],
    ["weekly (ids, DST, end, pause/resume, notifications)", WEEKLY_JOB],
    ["monthly by day of month", MONTHLY_DOM_JOB],
    ["monthly by day in week", MONTHLY_DOW_JOB],
  ])("%s: refresh reports no drift", (_name, job) => {
    const state = ok(job);
    expect(refreshed(state)).toEqual(state);
  });

  test.each([
    ["daily", DAILY_JOB],
    ["weekly", WEEKLY_JOB],
    ["monthly by day of month", MONTHLY_DOM_JOB],
    ["monthly by day in week", MONTHLY_DOW_JOB],
  ])("%s: the occurrence and start time are really read back", (_name, job) => {
    const state = ok(job);
    const read = fromScheduleScan(listed(toCreateParams(state)));
    const s = state.schedule as Record<string, unknown>;
    // Its own list on purpose (alike OCCURRENCE_KEYS in mapping/request.ts): the test must fail if that constant loses a key.
    const observable = [
      "type",
      "frequencyDays",
      "frequencyWeeks",
      "weekdays",
      "frequencyMonths",
      "dayOfMonth",
      "dayOfWeek",
      "weekOfMonth",
      "startDate",
      "startHour",
      "startMinute",
      "timeZoneCode",
      "observeDst",
      "endAfterHours",
      "endAfterMinutes",
      "pauseAfterHours",
      "resumeInDays",
      "resumeInHours",
    ];
    const expected = Object.fromEntries(observable.filter((k) => s[k] !== undefined).map((k) => [k, s[k]]));
    expect(read.schedule).toMatchObject(expected);
    expect(read.title).toBe(state.title);
    expect(read.priority).toBe(state.priority);
  });

  test("a now job: the list's view is not compared at all (no relaunch after refresh)", () => {
    const state = ok(NOW_JOB);
    const p = toCreateParams(state);
    const drifted = fromScheduleScan(
      listed(p, { edit: (x) => x.replace("<ACTIVE>1</ACTIVE>", "<ACTIVE>0</ACTIVE>").replace("GCP now", "renamed") }),
    );
    expect(drifted.active).toBe(false);
    expect(mergeRead(state, drifted)).toBe(state);
  });
});

describe("mergeRead: drift is shown, unobservable settings are kept", () => {
  const weekly = ok(WEEKLY_JOB);
  const daily = ok(DAILY_JOB);
  const p = toCreateParams(weekly);
  const edited = (state: GcpInternalScanJobInputs, edit: (x: string) => string) =>
    mergeRead(state, fromScheduleScan(listed(toCreateParams(state), { edit })));

  test("out-of-band changes of observable fields appear", () => {
    expect(edited(weekly, (x) => x.replace("GCP weekly", "GCP renamed")).title).toBe("GCP renamed");
    expect(edited(weekly, (x) => x.replace("<ACTIVE>1</ACTIVE>", "<ACTIVE>0</ACTIVE>")).active).toBe(false);
    expect(edited(weekly, (x) => x.replace("4 - Major", "9 - Low")).priority).toBe(9);
    expect(edited(weekly, (x) => x.replace("<CODE>us-central1</CODE>", "<CODE>europe-west1</CODE>")).regionCode).toBe("europe-west1");
    expect(edited(weekly, (x) => x.replace('weekdays="1,3"', 'weekdays="5"')).schedule).toMatchObject({
      weekdays: ["Friday"],
    });
    expect(edited(weekly, (x) => x.replace("<START_HOUR>3</START_HOUR>", "<START_HOUR>5</START_HOUR>")).schedule).toMatchObject({
      startHour: 5,
    });
    expect(
      edited(weekly, (x) => x.replace("<END_AFTER_HOURS>2</END_AFTER_HOURS>", "<END_AFTER_HOURS>6</END_AFTER_HOURS>")).schedule,
    ).toMatchObject({
      endAfterHours: 6,
      endAfterMinutes: 30,
    });
    expect(edited(daily, (x) => x.replace("<![CDATA[scanner-a,scanner-b]]>", "<![CDATA[scanner-c]]>")).scannerNames).toEqual(["scanner-c"]);
    expect(edited(daily, (x) => x.replace("<TAG_INCLUDE_SELECTOR>any", "<TAG_INCLUDE_SELECTOR>all")).tags?.includeSelector).toBe("all");
    expect(edited(daily, (x) => x.replace("<![CDATA[web,db]]>", "<![CDATA[web]]>")).tags?.include).toEqual(["web"]);
  });

  test("a schedule kind changed out of band replaces the whole occurrence, keeping the start time", () => {
    const merged = edited(weekly, (x) => x.replace('<WEEKLY frequency_weeks="2" weekdays="1,3" />', '<DAILY frequency_days="4" />'));
    expect(merged.schedule).toEqual({
      ...weekly.schedule,
      type: "daily",
      frequencyDays: 4,
      frequencyWeeks: undefined,
      weekdays: undefined,
    });
    expect(merged.schedule).not.toHaveProperty("weekdays");
    expect(validate(gcpInternalScanJobInputsSchema, merged).ok).toBe(true);
  });

  test("sets equal as sets keep state's order", () => {
    const merged = edited(daily, (x) => x.replace("scanner-a,scanner-b", "scanner-b, scanner-a").replace("web,db", "db,web"));
    expect(merged).toEqual(daily);
  });

  test("the program's form is compared: uuid with uuid, option id with id", () => {
    expect(
      edited(weekly, (x) => x.replace(`<UUID>${UUID}</UUID>`, "<UUID>AAAAAAAA-2222-4333-8444-555555555555</UUID>")).connectorUuid,
    ).toBe("aaaaaaaa-2222-4333-8444-555555555555");
    // The connector's name is not what the program set: a renamed connector is not drift of this job.
    expect(edited(weekly, (x) => x.replace("<![CDATA[gcp-connector]]>", "<![CDATA[renamed]]>"))).toEqual(weekly);
    // The notes' sample lists the option profile without its id; a list that shows one is compared.
    expect(edited(weekly, (x) => x.replace("<DEFAULT_FLAG>", "<ID>13</ID><DEFAULT_FLAG>")).optionProfileId).toBe("13");
    expect(edited(weekly, (x) => x.replace("<DEFAULT_FLAG>", "<ID>12</ID><DEFAULT_FLAG>"))).toEqual(weekly);
    expect(edited(weekly, (x) => x)).toEqual(weekly);
  });

  test("tag ids are kept while the list's names fill the same lists; a list emptied out of band is drift", () => {
    expect(edited(weekly, (x) => x.replace("<![CDATA[web,db]]>", "<![CDATA[other-name]]>"))).toEqual(weekly);
    const merged = edited(weekly, (x) => x.replace("<![CDATA[test]]>", "<![CDATA[]]>"));
    expect(merged.tags).toEqual({
      setBy: "name",
      include: ["web", "db"],
      exclude: undefined,
      includeSelector: "all",
      excludeSelector: "any",
    });
  });

  test("state without tags, tags added out of band: shown as a name-based tag set", () => {
    const state = ok({ ...DAILY_JOB, tags: undefined });
    const read = fromScheduleScan(
      listed({
        ...toCreateParams(state),
        tag_set_by: "name",
        tag_include_selector: "any",
        tag_exclude_selector: "any",
        tag_set_include: "web",
      }),
    );
    expect(mergeRead(state, read).tags).toEqual({
      setBy: "name",
      include: ["web"],
      exclude: undefined,
      includeSelector: "any",
      excludeSelector: "any",
    });
  });

  test("what the list cannot show is kept from state", () => {
    const read = fromScheduleScan(listed(p, { edit: (x) => x.replace(/<(END|PAUSE|RESUME)_[A-Z_]+>\d+<\/\1_[A-Z_]+>/g, "") }));
    expect(read.schedule).not.toHaveProperty("endAfterHours");
    const merged = mergeRead(weekly, read);
    expect(merged.notifications).toEqual(weekly.notifications);
    expect(merged.scannerIds).toEqual(weekly.scannerIds);
    // The weekly fixture's values, restated on purpose: an expectation is not derived from the input it checks.
    expect(merged.schedule).toMatchObject({
      recurrence: 5,
      endAfterHours: 2,
      endAfterMinutes: 30,
      pauseAfterHours: 1,
      resumeInDays: 0,
      resumeInHours: 4,
    });
    expect(merged).toEqual(weekly);
  });

  test("settings Qualys fills in are compared only when the program sets them", () => {
    const state = ok({ ...DAILY_JOB, schedule: { type: "daily", frequencyDays: 3, startHour: 3, startMinute: 15, timeZoneCode: "IN" } });
    const read = fromScheduleScan(
      listed({
        ...toCreateParams(state),
        start_date: "01/02/2026",
        region_code: "us-east1",
        virtual_network_id: "projects/x/virtualNetworks/y",
      }),
    );
    expect(read.schedule?.startDate).toBe("01/02/2026");
    expect(read.regionCode).toBe("us-east1");
    expect(mergeRead(state, read)).toEqual(state);
  });

  test("end shown as 2h00 for a state of 2h is not drift; a zero duration is not read as a setting", () => {
    const state = ok({ ...DAILY_JOB, schedule: { ...DAILY_JOB.schedule, endAfterHours: 2 } });
    expect(refreshed(state)).toEqual(state);
    // Qualys refuses a zero duration on create, but a list may still show one.
    const zeroDuration = "</DST_SELECTED><END_AFTER_HOURS>0</END_AFTER_HOURS><END_AFTER_MINUTES>0</END_AFTER_MINUTES>";
    const zero = fromScheduleScan(listed(toCreateParams(ok(DAILY_JOB)), { edit: (x) => x.replace("</DST_SELECTED>", zeroDuration) }));
    expect(zero.schedule).not.toHaveProperty("endAfterHours");
  });
});
