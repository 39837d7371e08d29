/**
 * GCP internal scan jobs (note 001, "Scans API: Support for Google Cloud Platform Instance-Based
 * Scans") and the schedule-scan list/delete they are read and removed through (note 004, "Schedule
 * Scan List"; EOL table of note 001).
 *
 *  - `POST /api/3.0/fo/scan/cloud/internal/job/` action=create|update → SIMPLE_RETURN with the notes'
 *    texts ("Scan has been created successfully", "Scan has been updated successfully") and the
 *    schedule id as item `ID`;
 *  - `GET|POST /api/5.0/fo/schedule/scan/` action=list (SCHEDULE_SCAN_LIST_OUTPUT, CLOUD_DETAILS with
 *    show_cloud_details=1) and action=delete; the 2.0/3.0/4.0 paths answer the same with deprecation
 *    headers (EOL December 2026), or 410 once a test switches them to "removed";
 *  - per-tenant seed data (connectors, option profiles, scanner appliances, asset tags, distribution
 *    groups, time zones): a deterministic default set, more via a control route;
 *  - `now` jobs launch on create and drop out of the schedule list once they "complete", after a
 *    configurable lifetime (or at once through a control route).
 *
 * What is and is not imitated: emulator/README.md.
 */
import { escapeXml, json, utcTimestamp, xml, type Reply } from "../http";
import { ApiError, type Route, type RouteContext } from "../router";
import type { Emulator } from "../server";
import type { Tenant } from "../tenants";
import type { ServiceModule } from ".";

// ---------------------------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------------------------

export interface EmuConnector {
  id: string;
  uuid: string;
  name: string;
}
export interface EmuOptionProfile {
  id: string;
  title: string;
  isDefault: boolean;
}
export interface EmuNamed {
  id: string;
  name: string;
}
export interface EmuTimeZone {
  code: string;
  /** As the list prints it: `(GMT+0530) India: Asia/Calcutta`. */
  details: string;
  /** Standard offset from UTC in minutes. */
  offsetMinutes: number;
  /** Daylight saving time: none, or summer in the northern (Apr–Oct) / southern (Oct–Mar) half. */
  dst: "none" | "north" | "south";
}

export interface ScanCatalog {
  connectors: EmuConnector[];
  optionProfiles: EmuOptionProfile[];
  scanners: EmuNamed[];
  tags: EmuNamed[];
  distributionGroups: EmuNamed[];
  timeZones: EmuTimeZone[];
}

/** The deterministic seed every tenant starts with (names from the notes' samples, plus a few). */
export function defaultCatalog(): ScanCatalog {
  return {
    connectors: [
      { id: "37361", uuid: "0f3e8f7a-1111-4222-8333-444455556666", name: "Rohanpod4qwebxrm3" },
      { id: "37362", uuid: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", name: "CPSGLOBAL_clvautomationproject" },
      { id: "37363", uuid: "8047abce-c3ac-42e0-ad49-be4181d22c84", name: "gcp-prod-connector" },
    ],
    optionProfiles: [
      { id: "101", title: "Qualys Recommended Option Profile", isDefault: true },
      { id: "102", title: "Initial Options", isDefault: false },
      { id: "103", title: "GCP Policy Audit", isDefault: false },
    ],
    scanners: [
      { id: "201", name: "RM_GCP_SCANNER" },
      { id: "202", name: "gcp-scanner-us-east1" },
      { id: "203", name: "gcp-scanner-us-central1" },
    ],
    tags: [
      { id: "301", name: "GCP_Targets" },
      { id: "302", name: "env-prod" },
      { id: "303", name: "GCP_Test" },
      { id: "304", name: "qualys-skip" },
      { id: "305", name: "pci" },
    ],
    distributionGroups: [
      { id: "401", name: "SecOps" },
      { id: "402", name: "Platform Team" },
    ],
    timeZones: [
      { code: "US-CA", details: "(GMT-0800) United States (California): America/Los_Angeles", offsetMinutes: -480, dst: "north" },
      { code: "US-AZ", details: "(GMT-0700) United States (Arizona): America/Phoenix", offsetMinutes: -420, dst: "none" },
      { code: "US-IL", details: "(GMT-0600) United States (Illinois): America/Chicago", offsetMinutes: -360, dst: "north" },
      { code: "US-NY", details: "(GMT-0500) United States (New York): America/New_York", offsetMinutes: -300, dst: "north" },
      { code: "GB", details: "(GMT+0000) United Kingdom: Europe/London", offsetMinutes: 0, dst: "north" },
      { code: "DE", details: "(GMT+0100) Germany: Europe/Berlin", offsetMinutes: 60, dst: "north" },
      { code: "FR", details: "(GMT+0100) France: Europe/Paris", offsetMinutes: 60, dst: "north" },
      { code: "AE", details: "(GMT+0400) United Arab Emirates: Asia/Dubai", offsetMinutes: 240, dst: "none" },
      { code: "IN", details: "(GMT+0530) India: Asia/Calcutta", offsetMinutes: 330, dst: "none" },
      { code: "SG", details: "(GMT+0800) Singapore: Asia/Singapore", offsetMinutes: 480, dst: "none" },
      { code: "JP", details: "(GMT+0900) Japan: Asia/Tokyo", offsetMinutes: 540, dst: "none" },
      { code: "AU-NSW", details: "(GMT+1000) Australia (New South Wales): Australia/Sydney", offsetMinutes: 600, dst: "south" },
    ],
  };
}

export const WEEKDAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;
export const WEEKS_OF_MONTH = ["first", "second", "third", "fourth", "last"] as const;
export const PRIORITY_LABELS = [
  "No Priority",
  "Emergency",
  "Ultimate",
  "Critical",
  "Major",
  "High",
  "Standard",
  "Medium",
  "Minor",
  "Low",
] as const;

export type Occurrence =
  | { occurrence: "daily"; frequencyDays: number }
  | { occurrence: "weekly"; frequencyWeeks: number; weekdays: number[] }
  | { occurrence: "monthly"; frequencyMonths: number; dayOfMonth: number }
  | { occurrence: "monthly"; frequencyMonths: number; dayOfWeek: number; weekOfMonth: (typeof WEEKS_OF_MONTH)[number] };

export interface RecurringJobSchedule {
  kind: "recurring";
  occurrence: Occurrence;
  /** mm/dd/yyyy, local to the time zone. */
  startDate: string;
  startHour: number;
  startMinute: number;
  timeZoneCode: string;
  observeDst: boolean;
  recurrence?: number;
  endAfterHours?: number;
  endAfterMinutes?: number;
  pauseAfterHours?: number;
  pauseAfterMinutes?: number;
  resumeInDays?: number | "Manually";
  resumeInHours?: number;
}

export interface NowJobSchedule {
  kind: "now";
  /** When the scan was launched (ms since the epoch); undefined for an inactive now job (never launched). */
  launchedAt?: number;
}

export interface EmuScanJob {
  id: string;
  title: string;
  active: boolean;
  userLogin: string;
  connectorId: string;
  optionProfileId: string;
  scannerIds: string[];
  module: "cm";
  priority: number;
  regionCode?: string;
  virtualNetworkId?: string;
  /** Tags by id (tag_set_by=name is resolved on the way in). */
  tags: { includeSelector: "any" | "all"; excludeSelector: "any" | "all"; include: string[]; exclude: string[] };
  cloudResourceIds: string[];
  schedule: RecurringJobSchedule | NowJobSchedule;
  notifications: {
    before: boolean;
    beforeUnit?: "days" | "hours" | "minutes";
    beforeTime?: number;
    /** Kept while before is off ("we keep the previous setting"); only "" deletes it. */
    beforeMessage?: string;
    after: boolean;
    afterMessage?: string;
    recipientGroupIds: string[];
  };
  createdAt: string;
  updatedAt: string;
  /** Scans this job launched (a now job: one per create or schedule=now update). */
  launches: number;
}

export interface ScanJobSettings {
  /** How long a launched `now` job stays in the schedule list before it "completes" and disappears. */
  nowJobLifetimeMs: number;
  /** The pre-5.0 schedule-scan endpoints: still answering with deprecation headers, or gone (410). */
  legacyScheduleApi: "deprecated" | "removed";
}

export interface LaunchRecord {
  id: string;
  title: string;
  at: string;
}

export interface ScanJobsSlice {
  catalog: ScanCatalog;
  jobs: Map<string, EmuScanJob>;
  nextId: number;
  settings: ScanJobSettings;
  /** Every scan launch, in order: what tests count to prove a `now` job is not relaunched. */
  launches: LaunchRecord[];
  /** `now` jobs that completed and left the schedule list. */
  completed: LaunchRecord[];
}

/** Env override of the default `now` job lifetime (users' CI runs of the bundled emulator). */
export const NOW_JOB_LIFETIME_ENV = "QUALYS_EMULATOR_NOW_JOB_LIFETIME_MS";
export const DEFAULT_NOW_JOB_LIFETIME_MS = 5 * 60_000;

/** The first schedule id of a tenant: the one of the notes' create sample. */
export const FIRST_JOB_ID = 7469466;

function defaultLifetime(): number {
  const v = Number(process.env[NOW_JOB_LIFETIME_ENV]);
  return Number.isFinite(v) && v >= 0 && process.env[NOW_JOB_LIFETIME_ENV] !== undefined && process.env[NOW_JOB_LIFETIME_ENV] !== ""
    ? v
    : DEFAULT_NOW_JOB_LIFETIME_MS;
}

export function scanJobs(tenant: Tenant): ScanJobsSlice {
  return tenant.slice<ScanJobsSlice>("scanJobs", () => ({
    catalog: defaultCatalog(),
    jobs: new Map(),
    nextId: FIRST_JOB_ID,
    settings: { nowJobLifetimeMs: defaultLifetime(), legacyScheduleApi: "deprecated" },
    launches: [],
    completed: [],
  }));
}

/** `now` jobs whose scan has run its course leave the schedule list. */
export function sweep(slice: ScanJobsSlice, now = Date.now()): void {
  for (const job of [...slice.jobs.values()]) {
    if (job.schedule.kind !== "now" || job.schedule.launchedAt === undefined) continue;
    if (now - job.schedule.launchedAt >= slice.settings.nowJobLifetimeMs) complete(slice, job);
  }
}

function complete(slice: ScanJobsSlice, job: EmuScanJob): void {
  slice.jobs.delete(job.id);
  slice.completed.push({ id: job.id, title: job.title, at: utcTimestamp() });
}

function launch(slice: ScanJobsSlice, job: EmuScanJob): void {
  if (job.schedule.kind !== "now" || !job.active) return;
  job.schedule.launchedAt = Date.now();
  job.launches++;
  slice.launches.push({ id: job.id, title: job.title, at: utcTimestamp() });
}

// ---------------------------------------------------------------------------------------------
// Errors (SIMPLE_RETURN CODE/TEXT via ApiError; codes from Qualys's common error codes)
// ---------------------------------------------------------------------------------------------

const invalid = (text: string) => new ApiError(400, text, "1905");
const missing = (...names: string[]) => new ApiError(400, `Missing required parameter(s): ${names.join(", ")}`, "1903");
const exclusive = (a: string, b: string) =>
  new ApiError(400, `Parameters ${a} and ${b} are mutually exclusive and cannot be specified in the same request.`, "1904");

// ---------------------------------------------------------------------------------------------
// Parameter reading
// ---------------------------------------------------------------------------------------------

const JOB_PARAMS = new Set([
  "action",
  "echo_request",
  "id",
  "scan_title",
  "connector_name",
  "connector_uuid",
  "active",
  "option_title",
  "option_id",
  "module",
  "schedule",
  "cloud_provider",
  "cloud_service",
  "priority",
  "iscanner_id",
  "iscanner_name",
  "region_code",
  "virtual_network_id",
  "tag_include_selector",
  "tag_exclude_selector",
  "tag_set_by",
  "tag_set_include",
  "tag_set_exclude",
  "cloud_resource_ids",
  "occurrence",
  "frequency_days",
  "frequency_weeks",
  "weekdays",
  "frequency_months",
  "day_of_month",
  "day_of_week",
  "week_of_month",
  "start_date",
  "start_hour",
  "start_minute",
  "time_zone_code",
  "observe_dst",
  "recurrence",
  "end_after",
  "end_after_mins",
  "pause_after_hours",
  "pause_after_mins",
  "resume_in_days",
  "resume_in_hours",
  "set_start_time",
  "before_notify",
  "before_notify_unit",
  "before_notify_time",
  "before_notify_message",
  "after_notify",
  "after_notify_message",
  "recipient_group_ids",
]);
const OCCURRENCE_PARAMS = [
  "frequency_days",
  "frequency_weeks",
  "weekdays",
  "frequency_months",
  "day_of_month",
  "day_of_week",
  "week_of_month",
] as const;
const START_PARAMS = ["start_date", "start_hour", "start_minute", "time_zone_code", "observe_dst"] as const;
const DURATION_PARAMS = [
  "recurrence",
  "end_after",
  "end_after_mins",
  "pause_after_hours",
  "pause_after_mins",
  "resume_in_days",
  "resume_in_hours",
] as const;

class Params {
  constructor(private readonly form: URLSearchParams) {}

  has(k: string): boolean {
    return this.form.has(k);
  }

  /** The value as sent ("" included); undefined when absent. */
  raw(k: string): string | undefined {
    return this.form.has(k) ? this.form.get(k)! : undefined;
  }

  /** Present and not empty. */
  set(k: string): boolean {
    const v = this.raw(k);
    return v !== undefined && v.trim() !== "";
  }

  str(k: string): string | undefined {
    const v = this.raw(k);
    return v === undefined ? undefined : v.trim();
  }

  int(k: string, min: number, max: number): number | undefined {
    const v = this.str(k);
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max)
      throw invalid(`Invalid value for ${k}: "${v}". A valid value is an integer from ${min} to ${max}.`);
    return Number(v);
  }

  /** An integer that "" clears (update convention): undefined = absent, null = clear. */
  clearableInt(k: string, min: number, max: number): number | null | undefined {
    const v = this.raw(k);
    if (v === undefined) return undefined;
    if (v.trim() === "") return null;
    return this.int(k, min, max);
  }

  bit(k: string): boolean | undefined {
    const v = this.str(k);
    if (v === undefined) return undefined;
    if (v !== "0" && v !== "1") throw invalid(`Invalid value for ${k}: "${v}". Specify 0 or 1.`);
    return v === "1";
  }

  oneOf<T extends string>(k: string, values: readonly T[], opts: { caseInsensitive?: boolean } = {}): T | undefined {
    const v = this.str(k);
    if (v === undefined) return undefined;
    const found = values.find((x) => (opts.caseInsensitive ? x.toLowerCase() === v.toLowerCase() : x === v));
    if (found === undefined) throw invalid(`Invalid value for ${k}: "${v}". Valid values are: ${values.join(", ")}.`);
    return found;
  }

  list(k: string): string[] | undefined {
    const v = this.raw(k);
    if (v === undefined) return undefined;
    return v
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
  }
}

function checkKnown(form: URLSearchParams, known: Set<string>): void {
  const unknown = [...new Set([...form.keys()].filter((k) => !known.has(k)))];
  if (unknown.length > 0) throw new ApiError(400, `Unrecognized parameter(s): ${unknown.join(", ")}`, "1901");
}

function requireXRequestedWith(ctx: RouteContext): void {
  if (!ctx.headers["x-requested-with"]) throw new ApiError(400, "Missing required header X-Requested-With.", "1903");
}

// ---------------------------------------------------------------------------------------------
// Create / update
// ---------------------------------------------------------------------------------------------

function resolveConnector(catalog: ScanCatalog, p: Params): string | undefined {
  if (p.has("connector_name") && p.has("connector_uuid")) throw exclusive("connector_name", "connector_uuid");
  if (p.has("connector_name")) {
    const name = p.raw("connector_name")!;
    const c = catalog.connectors.find((x) => x.name === name);
    if (!c) throw invalid("Invalid connector_name provided");
    return c.id;
  }
  if (p.has("connector_uuid")) {
    const uuid = p.str("connector_uuid")!.toLowerCase();
    const c = catalog.connectors.find((x) => x.uuid.toLowerCase() === uuid);
    if (!c) throw invalid("Invalid connector_uuid provided");
    return c.id;
  }
  return undefined;
}

function resolveOptionProfile(catalog: ScanCatalog, p: Params): string | undefined {
  if (p.has("option_title") && p.has("option_id")) throw exclusive("option_title", "option_id");
  if (p.has("option_title")) {
    const title = p.raw("option_title")!;
    const o = catalog.optionProfiles.find((x) => x.title === title);
    if (!o) throw invalid("Invalid option_title provided");
    return o.id;
  }
  if (p.has("option_id")) {
    const id = p.str("option_id")!;
    const o = catalog.optionProfiles.find((x) => x.id === id.replace(/^0+(?=\d)/, ""));
    if (!o) throw invalid("Invalid option_id provided");
    return o.id;
  }
  return undefined;
}

function resolveScanners(catalog: ScanCatalog, p: Params): string[] | undefined {
  if (p.has("iscanner_id") && p.has("iscanner_name")) throw exclusive("iscanner_id", "iscanner_name");
  const byName = p.list("iscanner_name");
  const byId = p.list("iscanner_id");
  const given = byName ?? byId;
  if (given === undefined) return undefined;
  if (given.length === 0)
    throw invalid(`Invalid value for ${byName ? "iscanner_name" : "iscanner_id"}: at least one scanner appliance is required.`);
  return [
    ...new Set(
      given.map((v) => {
        const s = byName ? catalog.scanners.find((x) => x.name === v) : catalog.scanners.find((x) => x.id === v.replace(/^0+(?=\d)/, ""));
        if (!s) throw invalid(`Invalid ${byName ? "iscanner_name" : "iscanner_id"} provided: ${v}`);
        return s.id;
      }),
    ),
  ];
}

function resolveTags(catalog: ScanCatalog, p: Params, key: "tag_set_include" | "tag_set_exclude", by: "id" | "name"): string[] | undefined {
  const values = p.list(key);
  if (values === undefined) return undefined;
  return [
    ...new Set(
      values.map((v) => {
        const t = by === "name" ? catalog.tags.find((x) => x.name === v) : catalog.tags.find((x) => x.id === v.replace(/^0+(?=\d)/, ""));
        if (!t) throw invalid(`Invalid tag ${by === "name" ? "name" : "id"} in ${key}: ${v}`);
        return t.id;
      }),
    ),
  ];
}

function timeZone(catalog: ScanCatalog, code: string): EmuTimeZone {
  const tz = catalog.timeZones.find((t) => t.code === code);
  if (!tz)
    throw invalid(
      `Invalid value for time_zone_code: "${code}". Valid codes are returned by the Time Zone Code API (/msp/time_zone_code_list.php).`,
    );
  return tz;
}

function todayUs(d = new Date()): string {
  return `${String(d.getUTCMonth() + 1).padStart(2, "0")}/${String(d.getUTCDate()).padStart(2, "0")}/${d.getUTCFullYear()}`;
}

function parseUsDate(v: string): string {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  const d = m ? new Date(Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]))) : undefined;
  if (!m || !d || d.getUTCMonth() !== Number(m[1]) - 1 || d.getUTCDate() !== Number(m[2])) {
    throw invalid(`Invalid value for start_date: "${v}". Use the mm/dd/yyyy format.`);
  }
  return `${m[1].padStart(2, "0")}/${m[2].padStart(2, "0")}/${m[3]}`;
}

/** occurrence and its group (required in full whenever occurrence is sent). */
function readOccurrence(p: Params): Occurrence {
  const occurrence = p.oneOf("occurrence", ["daily", "weekly", "monthly"] as const);
  if (occurrence === undefined) throw missing("occurrence");
  const need = (...names: string[]) => {
    const absent = names.filter((n) => !p.set(n));
    if (absent.length > 0) throw missing(...absent);
  };
  const foreign = (allowed: string[]) => {
    const extra = OCCURRENCE_PARAMS.filter((k) => p.has(k) && !allowed.includes(k));
    if (extra.length > 0) throw invalid(`Parameter(s) ${extra.join(", ")} not valid with occurrence=${occurrence}.`);
  };
  switch (occurrence) {
    case "daily":
      need("frequency_days");
      foreign(["frequency_days"]);
      return { occurrence, frequencyDays: p.int("frequency_days", 1, 365)! };
    case "weekly": {
      need("frequency_weeks", "weekdays");
      foreign(["frequency_weeks", "weekdays"]);
      const days = p.list("weekdays")!.map((d) => {
        const i = WEEKDAY_NAMES.findIndex((n) => n.toLowerCase() === d.toLowerCase());
        if (i < 0) throw invalid(`Invalid value for weekdays: "${d}". Valid values are: ${WEEKDAY_NAMES.join(", ")}.`);
        return i;
      });
      if (days.length === 0) throw missing("weekdays");
      return { occurrence, frequencyWeeks: p.int("frequency_weeks", 1, 52)!, weekdays: [...new Set(days)].sort((a, b) => a - b) };
    }
    case "monthly": {
      need("frequency_months");
      const frequencyMonths = p.int("frequency_months", 1, 12)!;
      const dom = p.set("day_of_month");
      const dow = p.set("day_of_week") || p.set("week_of_month");
      if (dom && dow)
        throw invalid("Specify either day_of_month (Nth day of the month) or day_of_week with week_of_month (day in Nth week), not both.");
      if (dom) return { occurrence, frequencyMonths, dayOfMonth: p.int("day_of_month", 1, 31)! };
      if (!dow) throw missing("day_of_month or day_of_week and week_of_month");
      need("day_of_week", "week_of_month");
      return {
        occurrence,
        frequencyMonths,
        dayOfWeek: p.int("day_of_week", 0, 6)!,
        weekOfMonth: p.oneOf("week_of_month", WEEKS_OF_MONTH)!,
      };
    }
  }
}

function durationRules(s: RecurringJobSchedule): void {
  if (s.endAfterMinutes !== undefined && s.endAfterHours === undefined) throw invalid("end_after_mins must be specified with end_after.");
  if (s.endAfterHours === 0 && (s.endAfterMinutes ?? 0) < 15)
    throw invalid("When end_after is set to 0, the minimum value for end_after_mins is 15.");
  if (s.pauseAfterMinutes !== undefined && s.pauseAfterHours === undefined)
    throw invalid("pause_after_mins must be specified with pause_after_hours.");
  if (s.pauseAfterHours === 0 && (s.pauseAfterMinutes ?? 0) < 15)
    throw invalid("When pause_after_hours is set to 0, the minimum value for pause_after_mins is 15.");
  if (s.resumeInHours !== undefined && (s.pauseAfterHours === undefined || s.resumeInDays === undefined)) {
    throw invalid("resume_in_hours must be specified with pause_after_hours and resume_in_days.");
  }
  if (s.resumeInDays !== undefined && s.pauseAfterHours === undefined)
    throw invalid("resume_in_days must be specified with pause_after_hours.");
  if (s.resumeInHours !== undefined && s.resumeInDays === "Manually")
    throw invalid("resume_in_hours is not valid when resume_in_days is Manually.");
  if (s.pauseAfterHours !== undefined && typeof s.resumeInDays === "number") {
    const pause = s.pauseAfterHours * 60 + (s.pauseAfterMinutes ?? 0);
    const resume = s.resumeInDays * 24 + (s.resumeInHours ?? 0);
    const min = Math.ceil(pause / 60) + 1;
    if (resume < min)
      throw invalid(
        `The resume time must be at least ${min} hours for a scan that pauses after ${Math.floor(pause / 60)} hours ${pause % 60} minutes.`,
      );
  }
}

/** recurrence / end / pause / resume onto a schedule ("" clears on update). */
function applyDurations(p: Params, s: RecurringJobSchedule): void {
  const put = <K extends keyof RecurringJobSchedule>(k: K, v: RecurringJobSchedule[K] | null | undefined) => {
    if (v === null) delete s[k];
    else if (v !== undefined) s[k] = v;
  };
  put("recurrence", p.clearableInt("recurrence", 1, 99));
  put("endAfterHours", p.clearableInt("end_after", 0, 119));
  put("endAfterMinutes", p.clearableInt("end_after_mins", 0, 59));
  if (p.has("end_after_mins") && p.set("end_after_mins") && !p.set("end_after"))
    throw invalid("end_after_mins must be specified with end_after.");
  put("pauseAfterHours", p.clearableInt("pause_after_hours", 0, 119));
  put("pauseAfterMinutes", p.clearableInt("pause_after_mins", 0, 59));
  if (p.set("pause_after_mins") && !p.set("pause_after_hours")) throw invalid("pause_after_mins must be specified with pause_after_hours.");
  const days = p.raw("resume_in_days");
  if (days !== undefined) {
    const t = days.trim();
    if (t === "") delete s.resumeInDays;
    else if (t.toLowerCase() === "manually") s.resumeInDays = "Manually";
    else s.resumeInDays = p.int("resume_in_days", 0, 9);
  }
  put("resumeInHours", p.clearableInt("resume_in_hours", 0, 23));
  // "Must be specified with pause_after_hours and resume_in_days": in the same request.
  if (p.set("resume_in_hours") && (!p.set("pause_after_hours") || !p.set("resume_in_days"))) {
    throw invalid("resume_in_hours must be specified with pause_after_hours and resume_in_days.");
  }
}

function readStart(
  p: Params,
  catalog: ScanCatalog,
  defaults: { startDate: string },
): Pick<RecurringJobSchedule, "startDate" | "startHour" | "startMinute" | "timeZoneCode" | "observeDst"> {
  const absent = ["start_hour", "start_minute", "time_zone_code"].filter((k) => !p.set(k));
  if (absent.length > 0) throw missing(...absent);
  const code = p.str("time_zone_code")!;
  const tz = timeZone(catalog, code);
  const observeDst = p.oneOf("observe_dst", ["yes", "no"] as const) === "yes";
  if (observeDst && tz.dst === "none")
    throw invalid(`observe_dst=yes is not valid for time_zone_code ${code}: it does not observe Daylight Saving Time.`);
  return {
    startDate: p.set("start_date") ? parseUsDate(p.str("start_date")!) : defaults.startDate,
    startHour: p.int("start_hour", 0, 23)!,
    startMinute: p.int("start_minute", 0, 59)!,
    timeZoneCode: tz.code,
    observeDst,
  };
}

function applyTags(p: Params, catalog: ScanCatalog, job: EmuScanJob): void {
  const by = p.oneOf("tag_set_by", ["id", "name"] as const) ?? "id";
  const include = resolveTags(catalog, p, "tag_set_include", by);
  const exclude = resolveTags(catalog, p, "tag_set_exclude", by);
  if (include !== undefined) job.tags.include = include;
  if (exclude !== undefined) job.tags.exclude = exclude;
  const inc = p.oneOf("tag_include_selector", ["all", "any"] as const);
  const exc = p.oneOf("tag_exclude_selector", ["all", "any"] as const);
  if (inc) job.tags.includeSelector = inc;
  if (exc) job.tags.excludeSelector = exc;
}

const HTML_TAG = /<[!/]?[A-Za-z][^<>]*>|<!--/;
const NOTIFY_RANGES = { days: [1, 31], hours: [1, 24], minutes: [5, 120] } as const;

function message(p: Params, k: string): string | undefined {
  const v = p.raw(k);
  if (v === undefined) return undefined;
  if ([...v].length > 4000) throw invalid(`Invalid value for ${k}: include up to 4000 characters.`);
  if (HTML_TAG.test(v)) throw invalid(`Invalid value for ${k}: HTML tags are not allowed.`);
  return v;
}

function applyNotifications(p: Params, catalog: ScanCatalog, job: EmuScanJob, isCreate: boolean): void {
  const n = job.notifications;
  const before = p.bit("before_notify");
  const after = p.bit("after_notify");
  if (before === true) {
    const unit = p.oneOf("before_notify_unit", ["days", "hours", "minutes"] as const);
    if (unit === undefined || !p.set("before_notify_time"))
      throw missing(...["before_notify_unit", "before_notify_time"].filter((k) => !p.set(k)));
    const [min, max] = NOTIFY_RANGES[unit];
    n.before = true;
    n.beforeUnit = unit;
    n.beforeTime = p.int("before_notify_time", min, max);
  } else {
    for (const k of ["before_notify_unit", "before_notify_time", "before_notify_message"]) {
      if (p.has(k)) throw invalid(`${k} is only valid when before_notify=1.`);
    }
    if (before === false) n.before = false;
  }
  if (before === true && p.has("before_notify_message")) {
    const m = message(p, "before_notify_message")!;
    if (m === "") delete n.beforeMessage;
    else n.beforeMessage = m;
  }
  if (after === true) {
    n.after = true;
    if (p.has("after_notify_message")) {
      const m = message(p, "after_notify_message")!;
      if (m === "") delete n.afterMessage;
      else n.afterMessage = m;
    }
  } else {
    if (p.has("after_notify_message")) throw invalid("after_notify_message is only valid when after_notify=1.");
    if (after === false) n.after = false;
  }
  if (p.has("recipient_group_ids")) {
    if (before !== true && after !== true)
      throw invalid("recipient_group_ids is only valid when before_notify=1 or after_notify=1 is specified in the same request.");
    n.recipientGroupIds = [
      ...new Set(
        p.list("recipient_group_ids")!.map((id) => {
          const g = catalog.distributionGroups.find((x) => x.id === id.replace(/^0+(?=\d)/, ""));
          if (!g) throw invalid(`Invalid recipient_group_ids provided: ${id}`);
          return g.id;
        }),
      ),
    ];
  }
  // "If both notifications are disabled (before_notify=0 and after_notify=0) we will delete the
  // after notify message" and "the list of IDs".
  if (!n.before && !n.after && !isCreate) {
    delete n.afterMessage;
    n.recipientGroupIds = [];
  }
}

function checkFixed(p: Params, required: boolean): void {
  if (required) {
    const absent = ["cloud_provider", "cloud_service"].filter((k) => !p.set(k));
    if (absent.length > 0) throw missing(...absent);
  }
  if (p.has("cloud_provider") && p.str("cloud_provider")!.toLowerCase() !== "gcp")
    throw invalid(`Invalid value for cloud_provider: "${p.str("cloud_provider")}". Supports gcp.`);
  if (p.has("cloud_service") && p.str("cloud_service")!.toLowerCase() !== "compute_engine") {
    throw invalid(`Invalid value for cloud_service: "${p.str("cloud_service")}". Currently only compute_engine is supported.`);
  }
}

function createJob(slice: ScanJobsSlice, p: Params, userLogin: string): EmuScanJob {
  const { catalog } = slice;
  const required = ["scan_title", "active", "module", "schedule", "cloud_provider", "cloud_service"].filter((k) => !p.set(k));
  if (!p.set("connector_name") && !p.set("connector_uuid")) required.push("connector_name or connector_uuid");
  if (!p.set("option_title") && !p.set("option_id")) required.push("option_title or option_id");
  if (!p.set("iscanner_name") && !p.set("iscanner_id")) required.push("iscanner_name or iscanner_id");
  if (required.length > 0) throw missing(...required);
  checkFixed(p, true);
  if (p.has("id")) throw invalid("id is only applicable for update requests.");
  if (p.has("cloud_resource_ids")) throw invalid("cloud_resource_ids is only applicable for update requests.");
  if (p.has("set_start_time")) throw invalid("set_start_time is only applicable for update requests.");

  const now = utcTimestamp();
  const job: EmuScanJob = {
    id: "",
    title: p.str("scan_title")!,
    active: p.bit("active")!,
    userLogin,
    connectorId: resolveConnector(catalog, p)!,
    optionProfileId: resolveOptionProfile(catalog, p)!,
    scannerIds: resolveScanners(catalog, p)!,
    module: p.oneOf("module", ["cm"] as const)!,
    priority: p.int("priority", 0, 9) ?? 0,
    tags: { includeSelector: "any", excludeSelector: "any", include: [], exclude: [] },
    cloudResourceIds: [],
    schedule: { kind: "now" },
    notifications: { before: false, after: false, recipientGroupIds: [] },
    createdAt: now,
    updatedAt: now,
    launches: 0,
  };
  if (p.set("region_code")) job.regionCode = p.str("region_code");
  if (p.set("virtual_network_id")) job.virtualNetworkId = p.str("virtual_network_id");
  applyTags(p, catalog, job);

  const schedule = p.oneOf("schedule", ["now", "recurring"] as const)!;
  if (schedule === "now") {
    const extra = ["occurrence", ...OCCURRENCE_PARAMS, ...START_PARAMS, ...DURATION_PARAMS].filter((k) => p.has(k));
    if (extra.length > 0) throw invalid(`Parameter(s) ${extra.join(", ")} not valid with schedule=now.`);
  } else {
    const s: RecurringJobSchedule = {
      kind: "recurring",
      occurrence: readOccurrence(p),
      ...readStart(p, catalog, { startDate: todayUs() }),
    };
    applyDurations(p, s);
    durationRules(s);
    job.schedule = s;
  }
  applyNotifications(p, catalog, job, true);

  job.id = String(slice.nextId++);
  slice.jobs.set(job.id, job);
  launch(slice, job);
  return job;
}

function updateJob(slice: ScanJobsSlice, p: Params): EmuScanJob {
  const { catalog } = slice;
  if (!p.set("id")) throw missing("id");
  checkFixed(p, true);
  const id = p.str("id")!;
  if (!/^\d+$/.test(id)) throw invalid(`Invalid value for id: "${id}".`);
  const existing = slice.jobs.get(id.replace(/^0+(?=\d)/, ""));
  if (!existing) throw invalid(`Scan schedule with ID ${id} does not exist.`);
  if (p.has("scan_title") && !p.set("scan_title")) throw invalid("scan_title cannot be empty.");

  // Work on a copy: a request that fails validation changes nothing.
  const job: EmuScanJob = structuredClone(existing);
  if (p.set("scan_title")) job.title = p.str("scan_title")!;
  const active = p.bit("active");
  if (active !== undefined) job.active = active;
  const connector = resolveConnector(catalog, p);
  if (connector) job.connectorId = connector;
  const option = resolveOptionProfile(catalog, p);
  if (option) job.optionProfileId = option;
  const scanners = resolveScanners(catalog, p);
  if (scanners) job.scannerIds = scanners;
  if (p.has("module")) job.module = p.oneOf("module", ["cm"] as const)!;
  const priority = p.int("priority", 0, 9);
  if (priority !== undefined) job.priority = priority;
  if (p.has("region_code")) {
    if (p.set("region_code")) job.regionCode = p.str("region_code");
    else delete job.regionCode;
  }
  if (p.has("virtual_network_id")) {
    if (p.set("virtual_network_id")) job.virtualNetworkId = p.str("virtual_network_id");
    else delete job.virtualNetworkId;
  }
  applyTags(p, catalog, job);
  if (p.has("cloud_resource_ids")) {
    const v = p.str("cloud_resource_ids")!;
    if (v === "") throw invalid('Invalid value for cloud_resource_ids: "". Specify remove to delete the existing IDs.');
    // "Specify remove to delete the existing IDs. Specify any ID to replace the existing IDs."
    job.cloudResourceIds = v.toLowerCase() === "remove" ? [] : [...new Set(p.list("cloud_resource_ids"))];
  }

  // Schedule.
  const schedule = p.oneOf("schedule", ["now", "recurring"] as const);
  const startGiven = START_PARAMS.filter((k) => p.has(k));
  const setStart = p.bit("set_start_time");
  let relaunch = false;
  if (schedule === "now") {
    const extra = ["occurrence", ...OCCURRENCE_PARAMS, ...START_PARAMS, ...DURATION_PARAMS, "set_start_time"].filter((k) => p.has(k));
    if (extra.length > 0) throw invalid(`Parameter(s) ${extra.join(", ")} not valid with schedule=now.`);
    job.schedule = { kind: "now" };
    relaunch = true;
  } else {
    const becomesRecurring = schedule === "recurring" && job.schedule.kind === "now";
    if (job.schedule.kind === "now" && !becomesRecurring) {
      const extra = ["occurrence", ...OCCURRENCE_PARAMS, ...START_PARAMS, ...DURATION_PARAMS, "set_start_time"].filter((k) => p.has(k));
      if (extra.length > 0)
        throw invalid(`Parameter(s) ${extra.join(", ")} not valid for a scan scheduled now; specify schedule=recurring.`);
    } else {
      const occurrenceGiven = p.has("occurrence") || OCCURRENCE_PARAMS.some((k) => p.has(k));
      if (becomesRecurring && (!p.has("occurrence") || setStart !== true)) {
        throw missing(
          ...[
            !p.has("occurrence") ? "occurrence" : "",
            setStart !== true ? "set_start_time=1 with start_date, start_hour, start_minute, time_zone_code, observe_dst" : "",
          ].filter(Boolean),
        );
      }
      // Update starts from the current schedule, or (now → recurring) from an empty one.
      const current: RecurringJobSchedule =
        job.schedule.kind === "recurring"
          ? job.schedule
          : {
              kind: "recurring",
              occurrence: { occurrence: "daily", frequencyDays: 1 },
              startDate: todayUs(),
              startHour: 0,
              startMinute: 0,
              timeZoneCode: "GB",
              observeDst: false,
            };
      if (occurrenceGiven) current.occurrence = readOccurrence(p);
      if (startGiven.length > 0 && setStart !== true) {
        throw invalid(`set_start_time=1 is required to update the start time parameters (${startGiven.join(", ")}).`);
      }
      if (setStart === true) {
        const absent = START_PARAMS.filter((k) => !p.set(k));
        if (absent.length > 0)
          throw new ApiError(
            400,
            `set_start_time=1 must be specified with all start time parameters together; missing: ${absent.join(", ")}`,
            "1903",
          );
        Object.assign(current, readStart(p, catalog, { startDate: current.startDate }));
      }
      applyDurations(p, current);
      durationRules(current);
      job.schedule = current;
    }
  }
  applyNotifications(p, catalog, job, false);
  job.updatedAt = utcTimestamp();
  slice.jobs.set(job.id, job);
  if (relaunch) launch(slice, job);
  return job;
}

// ---------------------------------------------------------------------------------------------
// XML
// ---------------------------------------------------------------------------------------------

export function cdata(s: string): string {
  return `<![CDATA[${s.replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;
}

function simpleReturn(text: string, items: Record<string, string>): string {
  const list = Object.entries(items)
    .map(([k, v]) => `      <ITEM>\n        <KEY>${escapeXml(k)}</KEY>\n        <VALUE>${escapeXml(v)}</VALUE>\n      </ITEM>`)
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE SIMPLE_RETURN SYSTEM "https://qualysapi.qualys.com/api/3.0/simple_return.dtd">
<SIMPLE_RETURN>
  <RESPONSE>
    <DATETIME>${utcTimestamp()}</DATETIME>
    <TEXT>${escapeXml(text)}</TEXT>
    <ITEM_LIST>
${list}
    </ITEM_LIST>
  </RESPONSE>
</SIMPLE_RETURN>
`;
}

/** Summer time offset (minutes) for a local date in a zone, when DST is observed (coarse months rule). */
function dstShift(tz: EmuTimeZone, observe: boolean, month: number): number {
  if (!observe) return 0;
  if (tz.dst === "north") return month >= 4 && month <= 10 ? 60 : 0;
  if (tz.dst === "south") return month <= 3 || month >= 10 ? 60 : 0;
  return 0;
}

/** START_DATE_UTC: the first start as an instant (004: 10:30 on 04/02/2018 in India = 2018-04-02T05:00:00Z). */
export function startDateUtc(s: RecurringJobSchedule, tz: EmuTimeZone): string {
  const [m, d, y] = s.startDate.split("/").map(Number) as [number, number, number];
  const offset = tz.offsetMinutes + dstShift(tz, s.observeDst, m);
  return new Date(Date.UTC(y, m - 1, d, s.startHour, s.startMinute) - offset * 60_000).toISOString().replace(".000Z", "Z");
}

function renderSchedule(job: EmuScanJob, catalog: ScanCatalog): string {
  const s = job.schedule;
  if (s.kind === "now") {
    // A now job has no occurrence; the list shows when it was launched.
    const at =
      s.launchedAt === undefined
        ? ""
        : `\n         <START_DATE_UTC>${new Date(s.launchedAt).toISOString().replace(/\.\d{3}Z$/, "Z")}</START_DATE_UTC>`;
    return `<SCHEDULE>${at}\n       </SCHEDULE>`;
  }
  const o = s.occurrence;
  let occ: string;
  if (o.occurrence === "daily") occ = `<DAILY frequency_days="${o.frequencyDays}" />`;
  else if (o.occurrence === "weekly") occ = `<WEEKLY frequency_weeks="${o.frequencyWeeks}" weekdays="${o.weekdays.join(",")}" />`;
  else if ("dayOfMonth" in o) occ = `<MONTHLY frequency_months="${o.frequencyMonths}" day_of_month="${o.dayOfMonth}" />`;
  else
    occ = `<MONTHLY frequency_months="${o.frequencyMonths}" day_of_week="${o.dayOfWeek}" week_of_month="${WEEKS_OF_MONTH.indexOf(o.weekOfMonth) + 1}" />`;
  const tz = catalog.timeZones.find((t) => t.code === s.timeZoneCode) ?? {
    code: s.timeZoneCode,
    details: `(GMT+0000) ${s.timeZoneCode}`,
    offsetMinutes: 0,
    dst: "none" as const,
  };
  const opt = (tag: string, v: number | string | undefined) =>
    v === undefined ? "" : `\n         <${tag}>${escapeXml(String(v))}</${tag}>`;
  return `<SCHEDULE>
          ${occ}
         <START_DATE_UTC>${startDateUtc(s, tz)}</START_DATE_UTC>
         <START_HOUR>${s.startHour}</START_HOUR>
         <START_MINUTE>${s.startMinute}</START_MINUTE>
         <TIME_ZONE>
           <TIME_ZONE_CODE>${escapeXml(tz.code)}</TIME_ZONE_CODE>
           <TIME_ZONE_DETAILS>${escapeXml(tz.details)}</TIME_ZONE_DETAILS>
         </TIME_ZONE>
         <DST_SELECTED>${s.observeDst ? 1 : 0}</DST_SELECTED>${opt("RECURRENCE", s.recurrence)}${opt("END_AFTER_HOURS", s.endAfterHours)}${opt(
           "END_AFTER_MINUTES",
           s.endAfterHours === undefined ? undefined : (s.endAfterMinutes ?? 0),
         )}${opt("PAUSE_AFTER_HOURS", s.pauseAfterHours)}${opt("PAUSE_AFTER_MINUTES", s.pauseAfterHours === undefined ? undefined : (s.pauseAfterMinutes ?? 0))}${opt(
           "RESUME_IN_DAYS",
           s.resumeInDays,
         )}${opt("RESUME_IN_HOURS", s.resumeInHours)}
       </SCHEDULE>`;
}

function renderScan(job: EmuScanJob, catalog: ScanCatalog, cloudDetails: boolean): string {
  const connector = catalog.connectors.find((c) => c.id === job.connectorId);
  const option = catalog.optionProfiles.find((o) => o.id === job.optionProfileId);
  const scannerNames = job.scannerIds.map((id) => catalog.scanners.find((s) => s.id === id)?.name ?? id).join(",");
  const tagNames = (ids: string[]) => ids.map((id) => catalog.tags.find((t) => t.id === id)?.name ?? id).join(",");
  const hasTags = job.tags.include.length > 0 || job.tags.exclude.length > 0;
  const cloud = cloudDetails
    ? `
       <CLOUD_DETAILS>
         <PROVIDER>GCP</PROVIDER>
         <CONNECTOR>
           <ID>${escapeXml(connector?.id ?? job.connectorId)}</ID>
           <UUID>${escapeXml(connector?.uuid ?? "")}</UUID>
           <NAME>${cdata(connector?.name ?? "")}</NAME>
         </CONNECTOR>
         <SCAN_TYPE>Cloud Internal</SCAN_TYPE>
         <CLOUD_TARGET>
           <PLATFORM>Compute Engine</PLATFORM>${job.regionCode === undefined ? "" : `\n           <REGION>\n             <CODE>${escapeXml(job.regionCode)}</CODE>\n           </REGION>`}
           ${job.virtualNetworkId === undefined ? "<VPC_SCOPE>None</VPC_SCOPE>" : `<VPC_SCOPE>Selected</VPC_SCOPE>\n           <VPC_LIST>\n             <VPC>\n               <ID>${cdata(job.virtualNetworkId)}</ID>\n             </VPC>\n           </VPC_LIST>`}
         </CLOUD_TARGET>
       </CLOUD_DETAILS>`
    : "";
  const tags = hasTags
    ? `
       <ASSET_TAGS>
         <TAG_INCLUDE_SELECTOR>${job.tags.includeSelector}</TAG_INCLUDE_SELECTOR>${job.tags.include.length === 0 ? "" : `\n         <TAG_SET_INCLUDE>${cdata(tagNames(job.tags.include))}</TAG_SET_INCLUDE>`}
         <TAG_EXCLUDE_SELECTOR>${job.tags.excludeSelector}</TAG_EXCLUDE_SELECTOR>${job.tags.exclude.length === 0 ? "" : `\n         <TAG_SET_EXCLUDE>${cdata(tagNames(job.tags.exclude))}</TAG_SET_EXCLUDE>`}
         <USE_IP_NT_RANGE_TAGS>0</USE_IP_NT_RANGE_TAGS>
       </ASSET_TAGS>`
    : "";
  return `     <SCAN>
       <ID>${job.id}</ID>
       <ACTIVE>${job.active ? 1 : 0}</ACTIVE>
       <TITLE>${cdata(job.title)}</TITLE>
       <USER_LOGIN>${escapeXml(job.userLogin)}</USER_LOGIN>
       <TARGET>${cdata(hasTags ? "Asset Tags Included" : "All Compute Engine Instances")}</TARGET>
       <ISCANNER_NAME>${cdata(scannerNames)}</ISCANNER_NAME>${cloud}${tags}
       <OPTION_PROFILE>
         <TITLE>${cdata(option?.title ?? "")}</TITLE>
         <DEFAULT_FLAG>${option?.isDefault ? 1 : 0}</DEFAULT_FLAG>
       </OPTION_PROFILE>
       <PROCESSING_PRIORITY>${job.priority} - ${PRIORITY_LABELS[job.priority]}</PROCESSING_PRIORITY>
       ${renderSchedule(job, catalog)}
     </SCAN>`;
}

export function renderScheduleScanList(jobs: EmuScanJob[], catalog: ScanCatalog, opts: { cloudDetails: boolean; version: string }): string {
  const list =
    jobs.length === 0
      ? ""
      : `\n   <SCHEDULE_SCAN_LIST>\n${jobs.map((j) => renderScan(j, catalog, opts.cloudDetails)).join("\n")}\n   </SCHEDULE_SCAN_LIST>`;
  return `<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE SCHEDULE_SCAN_LIST_OUTPUT SYSTEM "https://qualysapi.qualys.com/api/${opts.version}/fo/schedule/scan/schedule_scan_list_output.dtd">
<SCHEDULE_SCAN_LIST_OUTPUT>
 <RESPONSE>
   <DATETIME>${utcTimestamp()}</DATETIME>${list}
 </RESPONSE>
</SCHEDULE_SCAN_LIST_OUTPUT>
`;
}

// ---------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------

export const JOB_PATH = "/api/3.0/fo/scan/cloud/internal/job/";
export const SCHEDULE_PATH = "/api/5.0/fo/schedule/scan/";
/** Older schedule-scan versions: EOL December 2026 (note 001's extended EOL table). */
export const LEGACY_SCHEDULE_VERSIONS = ["2.0", "3.0", "4.0"] as const;
export const LEGACY_SUNSET = "Thu, 31 Dec 2026 23:59:59 GMT";

const LIST_PARAMS = new Set(["action", "echo_request", "id", "active", "show_cloud_details", "scan_type", "show_notifications"]);
const DELETE_PARAMS = new Set(["action", "echo_request", "id"]);

function userLogin(tenant: Tenant): string {
  return `${tenant.name}_user`;
}

function jobRoute(ctx: RouteContext): Reply {
  requireXRequestedWith(ctx);
  const form = ctx.form();
  const slice = scanJobs(ctx.tenant);
  sweep(slice);
  checkKnown(form, JOB_PARAMS);
  const p = new Params(form);
  const action = p.str("action");
  if (action === undefined || action === "") throw missing("action");
  if (action === "create") {
    const job = createJob(slice, p, userLogin(ctx.tenant));
    return xml(200, simpleReturn("Scan has been created successfully", { ID: job.id }));
  }
  if (action === "update") {
    const job = updateJob(slice, p);
    return xml(200, simpleReturn("Scan has been updated successfully", { ID: job.id }));
  }
  throw invalid(`Invalid value for action: "${action}". Valid values are: create, update.`);
}

function scheduleRoute(version: string, ctx: RouteContext): Reply {
  requireXRequestedWith(ctx);
  const form = ctx.form();
  const slice = scanJobs(ctx.tenant);
  sweep(slice);
  const p = new Params(form);
  const action = p.str("action");
  if (action === undefined || action === "") throw missing("action");
  if (action === "list") {
    checkKnown(form, LIST_PARAMS);
    const ids = p.list("id");
    if (ids?.some((id) => !/^\d+$/.test(id))) throw invalid(`Invalid value for id: "${p.raw("id")}".`);
    const cloudDetails = p.bit("show_cloud_details") ?? false;
    const active = p.bit("active");
    const scanType = p.oneOf("scan_type", ["perimeter"] as const);
    const wanted = ids === undefined ? undefined : new Set(ids.map((id) => id.replace(/^0+(?=\d)/, "")));
    const jobs = [...slice.jobs.values()]
      .filter((j) => wanted === undefined || wanted.has(j.id))
      .filter((j) => active === undefined || j.active === active)
      // Every job here is an internal scan: a perimeter-only list has none of them.
      .filter(() => scanType === undefined)
      .sort((a, b) => Number(a.id) - Number(b.id));
    return xml(200, renderScheduleScanList(jobs, slice.catalog, { cloudDetails, version }));
  }
  if (action === "delete") {
    checkKnown(form, DELETE_PARAMS);
    if (!p.set("id")) throw missing("id");
    const id = p.str("id")!;
    if (!/^\d+$/.test(id)) throw invalid(`Invalid value for id: "${id}".`);
    const key = id.replace(/^0+(?=\d)/, "");
    if (!slice.jobs.has(key)) throw invalid(`Scan schedule with ID ${id} does not exist.`);
    slice.jobs.delete(key);
    return xml(200, simpleReturn("Scheduled scan deleted successfully", { ID: key }));
  }
  throw invalid(`Invalid value for action: "${action}". Valid values are: list, delete.`);
}

function legacyScheduleRoute(version: string, ctx: RouteContext): Reply {
  const slice = scanJobs(ctx.tenant);
  const successor = `<${SCHEDULE_PATH}>; rel="successor-version"`;
  if (slice.settings.legacyScheduleApi === "removed") {
    throw new ApiError(
      410,
      `API endpoint /api/${version}/fo/schedule/scan/ reached end of life (December 2026). Use ${SCHEDULE_PATH} instead.`,
      "410",
      undefined,
      { Link: successor },
    );
  }
  const reply = scheduleRoute(version, ctx);
  return { ...reply, headers: { ...reply.headers, Deprecation: "true", Sunset: LEGACY_SUNSET, Link: successor } };
}

function findJob(emu: Emulator, ctx: RouteContext): { slice: ScanJobsSlice; job: EmuScanJob } {
  const slice = scanJobs(emu.tenantOr404(ctx.params.tenant));
  sweep(slice);
  const job = slice.jobs.get(ctx.params.id);
  if (!job) throw new ApiError(404, `No scan job ${ctx.params.id}`, "NOT_FOUND");
  return { slice, job };
}

/** Out-of-band edit body: someone changed the job in the Qualys UI. */
export interface ScanJobPatch {
  title?: string;
  active?: boolean;
  priority?: number;
  regionCode?: string | null;
  virtualNetworkId?: string | null;
  scannerIds?: string[];
  optionProfileId?: string;
  connectorId?: string;
  tags?: Partial<EmuScanJob["tags"]>;
  schedule?: Partial<Omit<RecurringJobSchedule, "kind">>;
}

function routes(emu: Emulator): Route[] {
  const api = (method: string, path: string, handler: Route["handler"]): Route => ({
    method,
    path,
    auth: "bearer-or-basic",
    style: "xml",
    handler,
  });
  const control = (method: string, path: string, handler: Route["handler"]): Route => ({
    method,
    path,
    auth: "none",
    style: "json",
    handler,
  });
  const base = "/__emulator/tenants/{tenant}";
  const sliceOf = (ctx: RouteContext) => {
    const slice = scanJobs(emu.tenantOr404(ctx.params.tenant));
    sweep(slice);
    return slice;
  };
  return [
    api("POST", JOB_PATH, jobRoute),
    api("GET", SCHEDULE_PATH, (ctx) => scheduleRoute("5.0", ctx)),
    api("POST", SCHEDULE_PATH, (ctx) => scheduleRoute("5.0", ctx)),
    ...LEGACY_SCHEDULE_VERSIONS.flatMap((v) => [
      api("GET", `/api/${v}/fo/schedule/scan/`, (ctx) => legacyScheduleRoute(v, ctx)),
      api("POST", `/api/${v}/fo/schedule/scan/`, (ctx) => legacyScheduleRoute(v, ctx)),
    ]),

    // Control API (no auth, not counted).
    control("GET", `${base}/scan-jobs`, (ctx) => {
      const s = sliceOf(ctx);
      return json(200, { jobs: [...s.jobs.values()], launches: s.launches, completed: s.completed });
    }),
    control("POST", `${base}/scan-jobs/complete`, (ctx) => {
      // Every launched now job completes at once (leaves the schedule list).
      const s = sliceOf(ctx);
      const done = [...s.jobs.values()].filter((j) => j.schedule.kind === "now" && j.schedule.launchedAt !== undefined);
      for (const j of done) complete(s, j);
      return json(200, { completed: done.map((j) => j.id) });
    }),
    control("GET", `${base}/scan-jobs/{id}`, (ctx) => json(200, findJob(emu, ctx).job)),
    control("PATCH", `${base}/scan-jobs/{id}`, (ctx) => {
      const { job } = findJob(emu, ctx);
      const patch = (ctx.json() ?? {}) as ScanJobPatch;
      const { schedule, tags, regionCode, virtualNetworkId, ...top } = patch;
      Object.assign(job, top);
      if (regionCode === null) delete job.regionCode;
      else if (regionCode !== undefined) job.regionCode = regionCode;
      if (virtualNetworkId === null) delete job.virtualNetworkId;
      else if (virtualNetworkId !== undefined) job.virtualNetworkId = virtualNetworkId;
      if (tags) Object.assign(job.tags, tags);
      if (schedule) {
        if (job.schedule.kind !== "recurring") throw new ApiError(400, "a now job has no schedule to change");
        Object.assign(job.schedule, schedule);
      }
      job.updatedAt = utcTimestamp();
      return json(200, job);
    }),
    control("DELETE", `${base}/scan-jobs/{id}`, (ctx) => {
      const { slice, job } = findJob(emu, ctx);
      slice.jobs.delete(job.id);
      return json(200, { ok: true });
    }),
    control("POST", `${base}/scan-jobs/{id}/complete`, (ctx) => {
      const { slice, job } = findJob(emu, ctx);
      if (job.schedule.kind !== "now") throw new ApiError(400, `scan job ${job.id} is recurring; only a launched now job completes`);
      complete(slice, job);
      return json(200, { completed: [job.id] });
    }),
    control("GET", `${base}/scan-settings`, (ctx) => json(200, sliceOf(ctx).settings)),
    control("PUT", `${base}/scan-settings`, (ctx) => {
      const s = sliceOf(ctx);
      const body = (ctx.json() ?? {}) as Partial<ScanJobSettings>;
      if (body.nowJobLifetimeMs !== undefined) {
        if (typeof body.nowJobLifetimeMs !== "number" || body.nowJobLifetimeMs < 0)
          throw new ApiError(400, "nowJobLifetimeMs must be a number ≥ 0");
        s.settings.nowJobLifetimeMs = body.nowJobLifetimeMs;
      }
      if (body.legacyScheduleApi !== undefined) {
        if (body.legacyScheduleApi !== "deprecated" && body.legacyScheduleApi !== "removed")
          throw new ApiError(400, 'legacyScheduleApi must be "deprecated" or "removed"');
        s.settings.legacyScheduleApi = body.legacyScheduleApi;
      }
      sweep(s);
      return json(200, s.settings);
    }),
    control("GET", `${base}/scan-catalog`, (ctx) => json(200, sliceOf(ctx).catalog)),
    control("POST", `${base}/scan-catalog`, (ctx) => {
      // Add seed data: { connectors?, optionProfiles?, scanners?, tags?, distributionGroups?, timeZones? }.
      const s = sliceOf(ctx);
      const body = (ctx.json() ?? {}) as Partial<ScanCatalog>;
      for (const key of Object.keys(body) as Array<keyof ScanCatalog>) {
        if (!(key in s.catalog)) throw new ApiError(400, `unknown catalog list ${String(key)}`);
        const items = body[key];
        if (!Array.isArray(items)) throw new ApiError(400, `${key} must be an array`);
        (s.catalog[key] as unknown[]).push(...items);
      }
      return json(200, s.catalog);
    }),
  ];
}

export const scanJobsService: ServiceModule = { name: "scan-jobs", routes };
