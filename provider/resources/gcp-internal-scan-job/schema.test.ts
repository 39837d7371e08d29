import { validate, type CheckFailure } from "../../shared/check";
import { diffInputs } from "../../shared/diff";
import {
  gcpInternalScanJobInputsSchema,
  minResumeHours,
  NOW_REPLACEMENT_REASON,
  DIFF_POLICY,
  SCHEDULE_KIND_REPLACEMENT_REASON,
  type GcpInternalScanJobInputs,
} from "./schema";

// A valid job; each test changes one thing.
// Alike mapping.test.ts's NOW_JOB on purpose: each test file reads on its own.
const BASE = {
  title: "GCP internal scan",
  connectorName: "gcp-connector",
  optionProfileTitle: "Qualys Recommended Option Profile",
  scannerNames: ["RM_GCP_SCANNER"],
  schedule: { type: "now" },
} as const;

const DAILY = { type: "daily", frequencyDays: 1, startHour: 2, startMinute: 30, timeZoneCode: "US-CA" } as const;
const WEEKLY = { type: "weekly", frequencyWeeks: 1, weekdays: ["Monday"], startHour: 2, startMinute: 30, timeZoneCode: "US-CA" } as const;

function job(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { ...BASE, ...overrides };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

function daily(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return job({ schedule: { ...DAILY, ...overrides } });
}

function ok(input: unknown): GcpInternalScanJobInputs {
  const r = validate(gcpInternalScanJobInputsSchema, input);
  if (!r.ok) throw new Error(`expected valid input, got ${JSON.stringify(r.failures)}`);
  return r.value;
}

function failuresOf(input: unknown): CheckFailure[] {
  const r = validate(gcpInternalScanJobInputsSchema, input);
  if (r.ok) throw new Error(`expected check failures for ${JSON.stringify(input)}`);
  return r.failures;
}

/** Exactly these properties fail, each with a reason matching its pattern. */
function expectFailures(input: unknown, expected: Array<[string, RegExp]>): void {
  const failures = failuresOf(input);
  expect(failures.map((f) => f.property).sort()).toEqual(expected.map(([p]) => p).sort());
  for (const [property, reason] of expected) {
    expect(failures).toContainEqual({ property, reason: expect.stringMatching(reason) });
  }
}

describe("normalisation and defaults", () => {
  test("a minimal now job gets the documented defaults", () => {
    const v = ok(job());
    expect(v).toEqual({
      title: "GCP internal scan",
      connectorName: "gcp-connector",
      optionProfileTitle: "Qualys Recommended Option Profile",
      scannerNames: ["RM_GCP_SCANNER"],
      active: true,
      module: "cm",
      priority: 0,
      schedule: { type: "now" },
    });
  });

  test("__provider (added by the dynamic-provider machinery) is dropped, not an unknown property", () => {
    expect(ok(job({ __provider: "require('x')" }))).not.toHaveProperty("__provider");
  });

  test("ids are canonical digit strings whether given as numbers or strings", () => {
    const v = ok(job({ optionProfileTitle: undefined, optionProfileId: "0042", scannerNames: undefined, scannerIds: [7, "007", "8"] }));
    expect(v.optionProfileId).toBe("42");
    expect(v.scannerIds).toEqual(["7", "8"]);
  });

  test("connector uuid is lower-cased; time zone upper-cased; start date zero-padded", () => {
    const v = ok(
      job({
        connectorName: undefined,
        connectorUuid: "8047ABCE-C3AC-42E0-AD49-BE4181D22C84",
        schedule: { ...DAILY, timeZoneCode: "us-ca", startDate: "4/5/2026" },
      }),
    );
    expect(v.connectorUuid).toBe("8047abce-c3ac-42e0-ad49-be4181d22c84");
    expect(v.schedule).toMatchObject({ timeZoneCode: "US-CA", startDate: "04/05/2026", observeDst: false });
  });

  test("weekdays: any case, capitalised, de-duplicated, in calendar order", () => {
    const v = ok(job({ schedule: { ...WEEKLY, weekdays: ["friday", "MONDAY", "Monday"] } }));
    expect(v.schedule).toMatchObject({ type: "weekly", weekdays: ["Monday", "Friday"] });
  });

  test('resumeInDays "Manually" in any case is stored as "manually"', () => {
    const v = ok(daily({ pauseAfterHours: 2, resumeInDays: "MANUALLY" }));
    expect(v.schedule).toMatchObject({ resumeInDays: "manually" });
  });

  test("tags: ids canonical and de-duplicated, selectors default to any, empty exclude is no exclude", () => {
    const v = ok(job({ tags: { include: ["010", 10, "11"], exclude: [] } }));
    expect(v.tags).toEqual({ setBy: "id", include: ["10", "11"], exclude: undefined, includeSelector: "any", excludeSelector: "any" });
  });

  test("empty messages, recipient lists and resource ids mean none", () => {
    const v = ok({
      ...daily(),
      cloudResourceIds: [],
      notifications: { after: { message: "" }, before: { unit: "hours", time: 2, message: "" }, recipientGroupIds: [] },
    });
    expect(v.cloudResourceIds).toBeUndefined();
    expect(v.notifications).toEqual({
      after: { message: undefined },
      before: { unit: "hours", time: 2, message: undefined },
      recipientGroupIds: undefined,
    });
  });

  test("every problem is reported in one check, not one per round trip", () => {
    const failures = failuresOf({ ...job({ connectorName: undefined }), priority: 12, schedule: { ...DAILY, startHour: 99 } });
    expect(failures.map((f) => f.property).sort()).toEqual(["connectorName", "priority", "schedule.startHour"]);
  });
});

describe("top-level rules", () => {
  test("title is required and non-empty (scan_title)", () => {
    expectFailures(job({ title: "  " }), [["title", /must not be empty/]]);
    expectFailures(job({ title: undefined }), [["title", /expected string/]]);
  });

  test("unknown properties are errors", () => {
    expectFailures(job({ priorty: 3 }), [["priorty", /unknown property "priorty"/]]);
  });

  test("connector: exactly one of connectorName / connectorUuid", () => {
    expectFailures(job({ connectorName: undefined }), [["connectorName", /exactly one of connectorName or connectorUuid is required/]]);
    expectFailures(job({ connectorUuid: "8047abce-c3ac-42e0-ad49-be4181d22c84" }), [["connectorUuid", /not both.*mutually exclusive/]]);
  });

  test("connectorUuid must be a UUID (the notes' 'Integer' type is wrong)", () => {
    expectFailures(job({ connectorName: undefined, connectorUuid: "12345" }), [["connectorUuid", /must be a connector UUID/]]);
  });

  test("option profile: exactly one of optionProfileTitle / optionProfileId, id numeric", () => {
    expectFailures(job({ optionProfileTitle: undefined }), [
      ["optionProfileTitle", /exactly one of optionProfileTitle or optionProfileId/],
    ]);
    expectFailures(job({ optionProfileId: 5 }), [["optionProfileId", /not both.*option_title \/ option_id/]]);
    expectFailures(job({ optionProfileTitle: undefined, optionProfileId: "abc" }), [["optionProfileId", /numeric id/]]);
    expectFailures(job({ optionProfileTitle: undefined, optionProfileId: 0 }), [["optionProfileId", /numeric id/]]);
    expectFailures(job({ optionProfileTitle: undefined, optionProfileId: 1.5 }), [["optionProfileId", /numeric id/]]);
  });

  test("scanners: exactly one of scannerNames / scannerIds, non-empty, ids numeric, names without commas", () => {
    expectFailures(job({ scannerNames: undefined }), [["scannerNames", /exactly one of scannerNames or scannerIds/]]);
    expectFailures(job({ scannerIds: [1] }), [["scannerIds", /not both.*iscanner_name \/ iscanner_id/]]);
    expectFailures(job({ scannerNames: [] }), [["scannerNames", /at least one scanner/]]);
    expectFailures(job({ scannerNames: undefined, scannerIds: [] }), [["scannerIds", /at least one scanner/]]);
    expectFailures(job({ scannerNames: undefined, scannerIds: ["12", "x1"] }), [["scannerIds[1]", /numeric id/]]);
    expectFailures(job({ scannerNames: ["a,b"] }), [["scannerNames[0]", /comma/]]);
  });

  test("active is a boolean; module is cm", () => {
    expectFailures(job({ active: "yes" }), [["active", /true or false/]]);
    expectFailures(job({ module: "vm" }), [["module", /must be "cm"/]]);
  });

  test("priority is an integer from 0 to 9", () => {
    expectFailures(job({ priority: 10 }), [["priority", /from 0 to 9/]]);
    expectFailures(job({ priority: -1 }), [["priority", /from 0 to 9/]]);
    expectFailures(job({ priority: 2.5 }), [["priority", /from 0 to 9/]]);
    expect(ok(job({ priority: 9 })).priority).toBe(9);
  });

  test("virtualNetworkId is a (path) string; numbers are stringified", () => {
    expect(ok(job({ virtualNetworkId: "projects/p/virtualNetworks/v" })).virtualNetworkId).toBe("projects/p/virtualNetworks/v");
    expect(ok(job({ virtualNetworkId: 123 })).virtualNetworkId).toBe("123");
    expectFailures(job({ virtualNetworkId: " " }), [["virtualNetworkId", /must not be empty/]]);
  });

  test('cloudResourceIds: no commas, never the reserved word "remove", not with a now schedule', () => {
    expectFailures({ ...daily(), cloudResourceIds: ["vm-1", "Remove"] }, [["cloudResourceIds[1]", /must not be "remove"/]]);
    expectFailures({ ...daily(), cloudResourceIds: ["a,b"] }, [["cloudResourceIds[0]", /comma/]]);
    expectFailures(job({ cloudResourceIds: ["vm-1"] }), [["cloudResourceIds", /not valid with a "now" schedule/]]);
    expect(ok({ ...daily(), cloudResourceIds: ["vm-1"] }).cloudResourceIds).toEqual(["vm-1"]);
  });
});

describe("tags", () => {
  test('with setBy "id" every tag must be a numeric id', () => {
    expectFailures(job({ tags: { include: ["12", "web"] } }), [["tags.include[1]", /numeric tag id when setBy is "id"/]]);
    expectFailures(job({ tags: { include: ["12"], exclude: ["db"] } }), [["tags.exclude[0]", /numeric tag id/]]);
    expect(ok(job({ tags: { setBy: "name", include: ["web"] } })).tags?.include).toEqual(["web"]);
  });

  test("names must not contain commas or be empty", () => {
    expectFailures(job({ tags: { setBy: "name", include: ["a,b"] } }), [["tags.include[0]", /comma/]]);
    expectFailures(job({ tags: { setBy: "name", include: [" "] } }), [["tags.include[0]", /must not be empty/]]);
  });

  test("include, when given, is non-empty; tags need include or exclude", () => {
    expectFailures(job({ tags: { include: [] } }), [["tags.include", /at least one tag/]]);
    expectFailures(job({ tags: { includeSelector: "all" } }), [["tags", /include and\/or exclude/]]);
    expect(ok(job({ tags: { exclude: [5] } })).tags?.exclude).toEqual(["5"]);
  });

  test("setBy and selectors are enumerations", () => {
    expectFailures(job({ tags: { setBy: "label", include: ["1"] } }), [["tags.setBy", /"id" or "name"/]]);
    expectFailures(job({ tags: { include: ["1"], includeSelector: "some" } }), [["tags.includeSelector", /"any" or "all"/]]);
    expectFailures(job({ tags: { include: ["1"], excludeSelector: "none" } }), [["tags.excludeSelector", /"any" or "all"/]]);
  });
});

describe("schedule shapes", () => {
  test("type must be one of now/daily/weekly/monthly", () => {
    expectFailures(job({ schedule: { type: "hourly" } }), [["schedule.type", /one of "now", "daily", "weekly", "monthly"/]]);
  });

  test("a now schedule takes nothing else", () => {
    expectFailures(job({ schedule: { type: "now", startHour: 3 } }), [
      ["schedule.startHour", /"now" schedule takes no other properties.*"startHour"/],
    ]);
  });

  test("properties of another occurrence are rejected, not ignored", () => {
    expectFailures(daily({ frequencyWeeks: 2 }), [["schedule.frequencyWeeks", /unknown property "frequencyWeeks" for a "daily" schedule/]]);
  });

  test("daily: frequencyDays 1–365", () => {
    expectFailures(daily({ frequencyDays: 0 }), [["schedule.frequencyDays", /from 1 to 365/]]);
    expectFailures(daily({ frequencyDays: 366 }), [["schedule.frequencyDays", /from 1 to 365/]]);
    expectFailures(daily({ frequencyDays: undefined }), [["schedule.frequencyDays", /from 1 to 365/]]);
    expect(ok(daily({ frequencyDays: 365 })).schedule).toMatchObject({ frequencyDays: 365 });
  });

  const weekly = (o: Record<string, unknown>) =>
    job({ schedule: { type: "weekly", frequencyWeeks: 1, weekdays: ["Monday"], startHour: 1, startMinute: 0, timeZoneCode: "IN", ...o } });

  test("weekly: frequencyWeeks 1–52 and a non-empty set of real weekdays", () => {
    expectFailures(weekly({ frequencyWeeks: 53 }), [["schedule.frequencyWeeks", /from 1 to 52/]]);
    expectFailures(weekly({ frequencyWeeks: 0 }), [["schedule.frequencyWeeks", /from 1 to 52/]]);
    expectFailures(weekly({ weekdays: [] }), [["schedule.weekdays", /at least one weekday/]]);
    expectFailures(weekly({ weekdays: undefined }), [["schedule.weekdays", /expected array/]]);
    expectFailures(weekly({ weekdays: ["Monday", "Funday"] }), [["schedule.weekdays[1]", /one of Sunday, Monday.*Saturday/]]);
    expect(ok(weekly({ frequencyWeeks: 52 })).schedule).toMatchObject({ frequencyWeeks: 52 });
  });

  const monthly = (o: Record<string, unknown>) =>
    job({ schedule: { type: "monthly", frequencyMonths: 1, startHour: 1, startMinute: 0, timeZoneCode: "IN", ...o } });

  test("monthly: frequencyMonths 1–12, dayOfMonth 1–31, dayOfWeek 0–6, weekOfMonth first…last", () => {
    expectFailures(monthly({ frequencyMonths: 13, dayOfMonth: 1 }), [["schedule.frequencyMonths", /from 1 to 12/]]);
    expectFailures(monthly({ frequencyMonths: 0, dayOfMonth: 1 }), [["schedule.frequencyMonths", /from 1 to 12/]]);
    expectFailures(monthly({ dayOfMonth: 32 }), [["schedule.dayOfMonth", /from 1 to 31/]]);
    expectFailures(monthly({ dayOfMonth: 0 }), [["schedule.dayOfMonth", /from 1 to 31/]]);
    expectFailures(monthly({ dayOfWeek: 7, weekOfMonth: "first" }), [["schedule.dayOfWeek", /from 0 to 6/]]);
    expectFailures(monthly({ dayOfWeek: 1, weekOfMonth: "fifth" }), [
      ["schedule.weekOfMonth", /one of first, second, third, fourth, last/],
    ]);
    expect(ok(monthly({ dayOfMonth: 31 })).schedule).toMatchObject({ dayOfMonth: 31 });
    expect(ok(monthly({ dayOfWeek: 0, weekOfMonth: "last" })).schedule).toMatchObject({ dayOfWeek: 0, weekOfMonth: "last" });
  });

  test("monthly: either dayOfMonth or dayOfWeek+weekOfMonth", () => {
    expectFailures(monthly({ dayOfMonth: 3, dayOfWeek: 1, weekOfMonth: "first" }), [
      ["schedule.dayOfMonth", /either dayOfMonth .* not both/],
    ]);
    expectFailures(monthly({ dayOfMonth: 3, weekOfMonth: "first" }), [["schedule.dayOfMonth", /not both/]]);
    expectFailures(monthly({}), [["schedule.dayOfMonth", /needs either dayOfMonth, or dayOfWeek together with weekOfMonth/]]);
    expectFailures(monthly({ dayOfWeek: 2 }), [["schedule.weekOfMonth", /required with dayOfWeek/]]);
    expectFailures(monthly({ weekOfMonth: "second" }), [["schedule.dayOfWeek", /required with weekOfMonth/]]);
  });
});

describe("schedule start time", () => {
  test("startDate is a real mm/dd/yyyy date", () => {
    expectFailures(daily({ startDate: "02/30/2026" }), [["schedule.startDate", /real calendar date in mm\/dd\/yyyy/]]);
    expectFailures(daily({ startDate: "2026-04-01" }), [["schedule.startDate", /real calendar date/]]);
    expectFailures(daily({ startDate: "13/01/2026" }), [["schedule.startDate", /real calendar date/]]);
    expectFailures(daily({ startDate: 20260401 }), [["schedule.startDate", /real calendar date/]]);
    expect(ok(daily({ startDate: "02/29/2028" })).schedule).toMatchObject({ startDate: "02/29/2028" });
    expectFailures(daily({ startDate: "02/29/2027" }), [["schedule.startDate", /real calendar date/]]);
  });

  test("startHour 0–23 and startMinute 0–59 are required", () => {
    expectFailures(daily({ startHour: 24 }), [["schedule.startHour", /from 0 to 23/]]);
    expectFailures(daily({ startHour: undefined }), [["schedule.startHour", /from 0 to 23/]]);
    expectFailures(daily({ startMinute: 60 }), [["schedule.startMinute", /from 0 to 59/]]);
    expectFailures(daily({ startMinute: -1 }), [["schedule.startMinute", /from 0 to 59/]]);
  });

  test("timeZoneCode is required and shaped like a Qualys code", () => {
    expectFailures(daily({ timeZoneCode: "US CA" }), [["schedule.timeZoneCode", /time zone code such as US-CA/]]);
    expectFailures(daily({ timeZoneCode: undefined }), [["schedule.timeZoneCode", /expected string/]]);
  });

  test("observeDst is a boolean", () => {
    expectFailures(daily({ observeDst: "yes" }), [["schedule.observeDst", /expected boolean/]]);
  });

  test("recurrence 1–99", () => {
    expectFailures(daily({ recurrence: 0 }), [["schedule.recurrence", /from 1 to 99/]]);
    expectFailures(daily({ recurrence: 100 }), [["schedule.recurrence", /from 1 to 99/]]);
    expect(ok(daily({ recurrence: 99 })).schedule).toMatchObject({ recurrence: 99 });
  });

  test("end: endAfterHours 0–119, endAfterMinutes 0–59 only with hours, at least 15 when hours is 0", () => {
    expectFailures(daily({ endAfterHours: 120 }), [["schedule.endAfterHours", /from 0 to 119/]]);
    expectFailures(daily({ endAfterHours: 1, endAfterMinutes: 60 }), [["schedule.endAfterMinutes", /from 0 to 59/]]);
    expectFailures(daily({ endAfterMinutes: 30 }), [["schedule.endAfterMinutes", /requires endAfterHours/]]);
    expectFailures(daily({ endAfterHours: 0, endAfterMinutes: 14 }), [["schedule.endAfterMinutes", /at least 15 when endAfterHours is 0/]]);
    expectFailures(daily({ endAfterHours: 0 }), [["schedule.endAfterMinutes", /required and must be at least 15 when endAfterHours is 0/]]);
    expect(ok(daily({ endAfterHours: 0, endAfterMinutes: 15 })).schedule).toMatchObject({ endAfterHours: 0, endAfterMinutes: 15 });
    expect(ok(daily({ endAfterHours: 119, endAfterMinutes: 59 })).schedule).toMatchObject({ endAfterHours: 119 });
  });

  test("pause: pauseAfterHours 0–119, pauseAfterMinutes 0–59 only with hours, at least 15 when hours is 0", () => {
    expectFailures(daily({ pauseAfterHours: 120 }), [["schedule.pauseAfterHours", /from 0 to 119/]]);
    expectFailures(daily({ pauseAfterHours: 1, pauseAfterMinutes: 60 }), [["schedule.pauseAfterMinutes", /from 0 to 59/]]);
    expectFailures(daily({ pauseAfterMinutes: 20 }), [["schedule.pauseAfterMinutes", /requires pauseAfterHours/]]);
    expectFailures(daily({ pauseAfterHours: 0, pauseAfterMinutes: 10 }), [
      ["schedule.pauseAfterMinutes", /at least 15 when pauseAfterHours is 0/],
    ]);
    expectFailures(daily({ pauseAfterHours: 0 }), [
      ["schedule.pauseAfterMinutes", /required and must be at least 15 when pauseAfterHours is 0/],
    ]);
    expect(ok(daily({ pauseAfterHours: 0, pauseAfterMinutes: 15 })).schedule).toMatchObject({ pauseAfterMinutes: 15 });
  });

  test('resume: resumeInDays 0–9 or "manually", resumeInHours 0–23', () => {
    expectFailures(daily({ pauseAfterHours: 1, resumeInDays: 10 }), [["schedule.resumeInDays", /from 0 to 9, or "manually"/]]);
    expectFailures(daily({ pauseAfterHours: 1, resumeInDays: "later" }), [["schedule.resumeInDays", /from 0 to 9, or "manually"/]]);
    expectFailures(daily({ pauseAfterHours: 1, resumeInDays: 1, resumeInHours: 24 }), [["schedule.resumeInHours", /from 0 to 23/]]);
  });

  test("resume needs a pause; resumeInHours needs resumeInDays; no hours with a manual resume", () => {
    expectFailures(daily({ resumeInDays: 1 }), [["schedule.resumeInDays", /requires pauseAfterHours/]]);
    expectFailures(daily({ resumeInDays: 1, resumeInHours: 2 }), [
      ["schedule.resumeInDays", /requires pauseAfterHours/],
      ["schedule.resumeInHours", /requires pauseAfterHours/],
    ]);
    expectFailures(daily({ pauseAfterHours: 1, resumeInHours: 5 }), [["schedule.resumeInHours", /requires resumeInDays/]]);
    expectFailures(daily({ pauseAfterHours: 1, resumeInDays: "manually", resumeInHours: 5 }), [
      ["schedule.resumeInHours", /not valid when resumeInDays is "manually"/],
    ]);
  });

  test("resume must come after the pause, by the notes' examples", () => {
    // "pause after 1 hour → resume in 2 or more hours"
    expectFailures(daily({ pauseAfterHours: 1, resumeInDays: 0, resumeInHours: 1 }), [
      ["schedule.resumeInHours", /resume must be after the pause.*at least 2 hours/],
    ]);
    expect(ok(daily({ pauseAfterHours: 1, resumeInDays: 0, resumeInHours: 2 })).schedule).toMatchObject({ resumeInHours: 2 });
    // "pause between 1h01 and 1h59 → resume in 3 hours or more"
    expectFailures(daily({ pauseAfterHours: 1, pauseAfterMinutes: 1, resumeInDays: 0, resumeInHours: 2 }), [
      ["schedule.resumeInHours", /at least 3 hours/],
    ]);
    expectFailures(daily({ pauseAfterHours: 1, pauseAfterMinutes: 59, resumeInDays: 0, resumeInHours: 2 }), [
      ["schedule.resumeInHours", /at least 3 hours/],
    ]);
    expect(ok(daily({ pauseAfterHours: 1, pauseAfterMinutes: 59, resumeInDays: 0, resumeInHours: 3 })).schedule).toMatchObject({
      resumeInHours: 3,
    });
    // Without resumeInHours the days alone count, and the failure names resumeInDays.
    expectFailures(daily({ pauseAfterHours: 2, resumeInDays: 0 }), [["schedule.resumeInDays", /at least 3 hours \(got 0\)/]]);
    expect(ok(daily({ pauseAfterHours: 25, resumeInDays: 1, resumeInHours: 2 })).schedule).toMatchObject({ resumeInDays: 1 });
    expectFailures(daily({ pauseAfterHours: 25, resumeInDays: 1, resumeInHours: 1 }), [
      ["schedule.resumeInHours", /at least 26 hours \(got 25\)/],
    ]);
    // A manual resume has no minimum.
    expect(ok(daily({ pauseAfterHours: 100, resumeInDays: "manually" })).schedule).toMatchObject({ resumeInDays: "manually" });
  });

  test("minResumeHours follows the notes' two examples", () => {
    expect(minResumeHours(60)).toBe(2);
    expect(minResumeHours(61)).toBe(3);
    expect(minResumeHours(119)).toBe(3);
    expect(minResumeHours(120)).toBe(3);
    expect(minResumeHours(15)).toBe(2);
  });
});

describe("notifications", () => {
  const withN = (notifications: unknown, schedule: unknown = DAILY) => job({ schedule, notifications });

  test("before: unit is days/hours/minutes", () => {
    expectFailures(withN({ before: { unit: "weeks", time: 1 } }), [["notifications.before.unit", /one of "days", "hours", "minutes"/]]);
    expectFailures(withN({ before: { unit: "days" } }), [["notifications.before.time", /must be an integer/]]);
  });

  test.each([
    ["days", 0, 1, 31, 32],
    ["hours", 0, 1, 24, 25],
    ["minutes", 4, 5, 120, 121],
  ])("before: time range for %s", (unit, below, min, max, above) => {
    const range = new RegExp(`from ${min} to ${max} when unit is "${unit}"`);
    expectFailures(withN({ before: { unit, time: below } }), [["notifications.before.time", range]]);
    expectFailures(withN({ before: { unit, time: above } }), [["notifications.before.time", range]]);
    expect(ok(withN({ before: { unit, time: min } })).notifications?.before?.time).toBe(min);
    expect(ok(withN({ before: { unit, time: max } })).notifications?.before?.time).toBe(max);
  });

  test("messages: at most 4000 characters (not UTF-16 units), no HTML tags", () => {
    expectFailures(withN({ before: { unit: "hours", time: 1, message: "x".repeat(4001) } }), [
      ["notifications.before.message", /at most 4000 characters/],
    ]);
    expectFailures(withN({ after: { message: "y".repeat(4001) } }), [["notifications.after.message", /at most 4000 characters/]]);
    expect(ok(withN({ after: { message: "😀".repeat(4000) } })).notifications?.after?.message).toHaveLength(8000);
    expectFailures(withN({ after: { message: "see <b>this</b>" } }), [["notifications.after.message", /HTML tags/]]);
    expectFailures(withN({ before: { unit: "hours", time: 1, message: "<br/>" } }), [["notifications.before.message", /HTML tags/]]);
    expectFailures(withN({ after: { message: "a <!-- hidden -->" } }), [["notifications.after.message", /HTML tags/]]);
    expect(ok(withN({ after: { message: "if a < b and c > d" } })).notifications?.after?.message).toBe("if a < b and c > d");
  });

  test("recipientGroupIds: numeric, only valid with before or after", () => {
    expectFailures(withN({ recipientGroupIds: [1] }), [
      ["notifications.recipientGroupIds", /only valid when notifications.before or notifications.after is set/],
    ]);
    expectFailures(withN({ after: {}, recipientGroupIds: ["x"] }), [["notifications.recipientGroupIds[0]", /numeric id/]]);
    expect(ok(withN({ after: {}, recipientGroupIds: [3, "03", 4] })).notifications?.recipientGroupIds).toEqual(["3", "4"]);
  });

  test("a before notification is not valid for a now schedule; after is", () => {
    expectFailures(withN({ before: { unit: "hours", time: 1 } }, { type: "now" }), [
      ["notifications.before", /not valid with a "now" schedule/],
    ]);
    expect(ok(withN({ after: { message: "done" } }, { type: "now" })).notifications?.after?.message).toBe("done");
  });

  test("unknown notification properties are rejected", () => {
    expectFailures(withN({ after: { mesage: "x" } }), [["notifications.after.mesage", /unknown property "mesage"/]]);
  });
});

describe("replacement (the resource's diff policy, through the shared diff)", () => {
  const replacementFor = (a: object, b: object) => {
    const d = diffInputs(a as Record<string, unknown>, b as Record<string, unknown>, DIFF_POLICY);
    return { replaces: d.replaces, reasons: d.reasons ?? [] };
  };
  const now = ok(job());
  const rec = ok(daily());

  test("any change to a now job replaces it, with the one-shot reason", () => {
    const r = replacementFor(now, { ...now, title: "other" });
    expect(r).toEqual({ replaces: ["title"], reasons: [NOW_REPLACEMENT_REASON] });
    expect(NOW_REPLACEMENT_REASON).toMatch(/one-shot launch/);
    expect(replacementFor(now, { ...now, active: false, priority: 3 }).replaces).toEqual(["active", "priority"]);
  });

  test("an unchanged now job (lists reordered) is not replaced", () => {
    const a = ok(job({ scannerNames: ["a", "b"] }));
    const b = ok(job({ scannerNames: ["b", "a"] }));
    expect(replacementFor(a, b)).toEqual({ replaces: [], reasons: [] });
  });

  test("switching between now and recurring replaces, either way", () => {
    expect(replacementFor(now, rec)).toEqual({ replaces: ["schedule"], reasons: [SCHEDULE_KIND_REPLACEMENT_REASON] });
    expect(replacementFor(rec, now)).toEqual({ replaces: ["schedule"], reasons: [SCHEDULE_KIND_REPLACEMENT_REASON] });
  });

  test("recurring jobs update in place, schedule kind changes included", () => {
    const weekly = ok(job({ schedule: WEEKLY }));
    expect(replacementFor(rec, weekly)).toEqual({ replaces: [], reasons: [] });
    expect(replacementFor(rec, { ...rec, title: "new" })).toEqual({ replaces: [], reasons: [] });
  });
});
