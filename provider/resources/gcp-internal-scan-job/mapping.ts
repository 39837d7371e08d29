/**
 * The only conversion between GcpInternalScanJob state (validated `Inputs`, schema.ts) and the
 * Qualys API: request parameters for `/api/3.0/fo/scan/cloud/internal/job/` (action=create /
 * action=update; the client adds `action`, the caller adds `id` on update) and the read-back from
 * the schedule-scan list (SCHEDULE_SCAN_LIST_OUTPUT with show_cloud_details=1, notes 004).
 *
 * Every value is a string, as it goes on the wire: booleans as 1/0 (observe_dst as yes/no), lists
 * comma-joined.
 */
import { sameSet } from "../../shared/normalise";
import { sameValue } from "./compare";
import {
  WEEKDAYS,
  WEEKS_OF_MONTH,
  type Inputs,
  type Notifications,
  type RecurringSchedule,
  type Schedule,
  type StartTime,
  type Tags,
  type Weekday,
  type WeekOfMonth,
} from "./schema";
import type { ScheduleScan } from "../../clients/xml/documents";

export type Params = Record<string, string>;

/**
 * Endpoints, newest versions per the notes' EOS/EOL tables: the job API's 2.0 endpoint reaches EOS
 * in November 2026 and EOL in May 2027 (3.0 is the new version); the schedule-scan API's 2.0, 3.0
 * and 4.0 endpoints reach EOL in December 2026, 5.0 being the recommended one.
 */
export const JOB_PATH = "/api/3.0/fo/scan/cloud/internal/job/";
export const SCHEDULE_SCAN_PATH = "/api/5.0/fo/schedule/scan/";

/** Schedule-scan list of one job, with the cloud details `fromScheduleScan` reads (the client adds nothing). */
export function toListParams(id: string): Params {
  return { action: "list", id, show_cloud_details: "1" };
}

/** Schedule-scan delete of one job. */
export function toDeleteParams(id: string): Params {
  return { action: "delete", id };
}

/** Fixed by the resource: this resource only ever makes GCP compute-engine jobs. */
export const FIXED_PARAMS: Readonly<Params> = { cloud_provider: "gcp", cloud_service: "compute_engine" };

const bit = (b: boolean): string => (b ? "1" : "0");
const join = (xs: readonly string[]): string => xs.join(",");

// ---------------------------------------------------------------------------------------------
// Parameter groups
// ---------------------------------------------------------------------------------------------

function connectorParams(i: Inputs): Params {
  // connector_name and connector_uuid "are mutually exclusive and cannot be specified in the same request".
  return i.connectorUuid !== undefined ? { connector_uuid: i.connectorUuid } : { connector_name: i.connectorName ?? "" };
}

function optionProfileParams(i: Inputs): Params {
  return i.optionProfileId !== undefined ? { option_id: i.optionProfileId } : { option_title: i.optionProfileTitle ?? "" };
}

function scannerParams(i: Inputs): Params {
  return i.scannerIds !== undefined ? { iscanner_id: join(i.scannerIds) } : { iscanner_name: join(i.scannerNames ?? []) };
}

/** The occurrence group of a recurring schedule: `occurrence` plus every field that kind needs. */
export function occurrenceParams(s: RecurringSchedule): Params {
  switch (s.type) {
    case "daily":
      return { occurrence: "daily", frequency_days: String(s.frequencyDays) };
    case "weekly":
      return { occurrence: "weekly", frequency_weeks: String(s.frequencyWeeks), weekdays: join(s.weekdays) };
    case "monthly":
      return s.dayOfMonth !== undefined
        ? { occurrence: "monthly", frequency_months: String(s.frequencyMonths), day_of_month: String(s.dayOfMonth) }
        : {
            occurrence: "monthly",
            frequency_months: String(s.frequencyMonths),
            day_of_week: String(s.dayOfWeek),
            week_of_month: String(s.weekOfMonth),
          };
  }
}

/** The five parameters `set_start_time=1` must come with on update ("Must be specified with all start time parameters together"). */
export const START_TIME_GROUP = ["start_date", "start_hour", "start_minute", "time_zone_code", "observe_dst"] as const;

function startTimeParams(s: StartTime, startDate: string | undefined): Params {
  const p: Params = {};
  if (startDate !== undefined) p.start_date = startDate;
  p.start_hour = String(s.startHour);
  p.start_minute = String(s.startMinute);
  p.time_zone_code = s.timeZoneCode;
  p.observe_dst = s.observeDst ? "yes" : "no";
  return p;
}

/** Minutes are "0" when hours are set without minutes: "2 hours" is 2h00 to the API as to the user. */
function minutesWith(hours: number | undefined, minutes: number | undefined): number | undefined {
  return hours === undefined ? undefined : (minutes ?? 0);
}

/** The notes spell it "Manually". */
function resumeDaysParam(v: number | "manually"): string {
  return v === "manually" ? "Manually" : String(v);
}

function tagParams(t: Tags): Params {
  const p: Params = { tag_set_by: t.setBy, tag_include_selector: t.includeSelector, tag_exclude_selector: t.excludeSelector };
  if (t.include !== undefined) p.tag_set_include = join(t.include);
  if (t.exclude !== undefined) p.tag_set_exclude = join(t.exclude);
  return p;
}

// ---------------------------------------------------------------------------------------------
// Create
// ---------------------------------------------------------------------------------------------

/**
 * Parameters of action=create: every parameter the notes mark required for create (scan_title,
 * connector, active, option profile, module, schedule, cloud_provider, cloud_service, scanners), and
 * each optional one the inputs set. `priority` and the tag selectors are sent even at their
 * defaults so the job does not depend on Qualys's defaults staying what the notes say.
 *
 * With `cloudResourceIds` the job is created inactive and `toCreateFollowUpParams` sets the ids:
 * cloud_resource_ids is "only applicable for Update request", and an active job could start a run
 * against the unrestricted scope before the follow-up update lands.
 */
export function toCreateParams(i: Inputs): Params {
  const p: Params = { scan_title: i.title, ...connectorParams(i) };
  p.active = i.cloudResourceIds !== undefined ? "0" : bit(i.active);
  Object.assign(p, optionProfileParams(i));
  p.module = i.module;
  Object.assign(p, FIXED_PARAMS);
  p.priority = String(i.priority);
  Object.assign(p, scannerParams(i));
  if (i.regionCode !== undefined) p.region_code = i.regionCode;
  if (i.virtualNetworkId !== undefined) p.virtual_network_id = i.virtualNetworkId;
  if (i.tags !== undefined) Object.assign(p, tagParams(i.tags));

  const s = i.schedule;
  if (s.type === "now") {
    p.schedule = "now";
  } else {
    p.schedule = "recurring";
    Object.assign(p, occurrenceParams(s), startTimeParams(s, s.startDate));
    if (s.recurrence !== undefined) p.recurrence = String(s.recurrence);
    if (s.endAfterHours !== undefined) {
      p.end_after = String(s.endAfterHours);
      p.end_after_mins = String(minutesWith(s.endAfterHours, s.endAfterMinutes));
    }
    if (s.pauseAfterHours !== undefined) {
      p.pause_after_hours = String(s.pauseAfterHours);
      p.pause_after_mins = String(minutesWith(s.pauseAfterHours, s.pauseAfterMinutes));
    }
    if (s.resumeInDays !== undefined) p.resume_in_days = resumeDaysParam(s.resumeInDays);
    if (s.resumeInHours !== undefined) p.resume_in_hours = String(s.resumeInHours);
  }

  const n = i.notifications;
  if (n?.before !== undefined) {
    p.before_notify = "1";
    p.before_notify_unit = n.before.unit;
    p.before_notify_time = String(n.before.time);
    if (n.before.message !== undefined) p.before_notify_message = n.before.message;
  }
  if (n?.after !== undefined) {
    p.after_notify = "1";
    if (n.after.message !== undefined) p.after_notify_message = n.after.message;
  }
  // recipient_group_ids is only valid with before_notify=1 or after_notify=1 (schema guarantees one).
  if (n?.recipientGroupIds !== undefined) p.recipient_group_ids = join(n.recipientGroupIds);
  return p;
}

/**
 * The action=update that must follow create when the job has cloud resource ids (the caller adds
 * `id`): sets the ids and, if the job is meant to be active, activates it — in that order of
 * meaning, in one request. `undefined` when no follow-up is needed.
 */
export function toCreateFollowUpParams(i: Inputs): Params | undefined {
  if (i.cloudResourceIds === undefined) return undefined;
  const p: Params = { cloud_resource_ids: join(i.cloudResourceIds) };
  if (i.active) p.active = "1";
  return p;
}

// ---------------------------------------------------------------------------------------------
// Update
// ---------------------------------------------------------------------------------------------

export interface UpdateContext {
  /**
   * The start date Qualys holds now (mm/dd/yyyy, e.g. from `fromScheduleScan`). Used when a start
   * time field changes but neither the old nor the new inputs name a start date: set_start_time=1
   * needs start_date, and re-sending the current one keeps Qualys's default ("the date the
   * schedule was created") instead of moving it.
   */
  currentStartDate?: string;
  /** Clock for the last-resort start date (today, UTC). Injectable for tests. */
  now?: () => Date;
}

/** Set `key` to the new value, or to "" when the value was removed (the API's "empty string clears"). */
function setOrClear(p: Params, key: string, next: string | undefined, prev: string | undefined): void {
  if (next !== undefined) p[key] = next;
  else if (prev !== undefined) p[key] = "";
}

const str = (v: number | undefined): string | undefined => (v === undefined ? undefined : String(v));

function formatUsDate(d: Date): string {
  return `${String(d.getUTCMonth() + 1).padStart(2, "0")}/${String(d.getUTCDate()).padStart(2, "0")}/${d.getUTCFullYear()}`;
}

const EMPTY_TAGS: Tags = { setBy: "id", include: undefined, exclude: undefined, includeSelector: "any", excludeSelector: "any" };

function tagUpdateParams(p: Params, olds: Tags | undefined, news: Tags | undefined): void {
  const o = olds ?? EMPTY_TAGS;
  const n = news ?? EMPTY_TAGS;
  const setByChanged = o.setBy !== n.setBy;
  // With a new tag_set_by the old lists mean something else, so both lists are re-sent.
  const includeChanged = setByChanged ? n.include !== undefined || o.include !== undefined : !sameSet(o.include, n.include);
  const excludeChanged = setByChanged ? n.exclude !== undefined || o.exclude !== undefined : !sameSet(o.exclude, n.exclude);
  // tag_set_by says how to read the lists, so it travels with any list it applies to.
  if (setByChanged || includeChanged || excludeChanged) p.tag_set_by = n.setBy;
  // Clearing a tag list: the notes document "" only for messages and recipients; we use the same
  // convention here (an empty comma-separated list), the only spelling of "no tags" the API has.
  if (includeChanged) setOrClear(p, "tag_set_include", n.include && join(n.include), o.include && join(o.include));
  if (excludeChanged) setOrClear(p, "tag_set_exclude", n.exclude && join(n.exclude), o.exclude && join(o.exclude));
  if (o.includeSelector !== n.includeSelector) p.tag_include_selector = n.includeSelector;
  if (o.excludeSelector !== n.excludeSelector) p.tag_exclude_selector = n.excludeSelector;
}

const OCCURRENCE_KEYS = [
  "type",
  "frequencyDays",
  "frequencyWeeks",
  "weekdays",
  "frequencyMonths",
  "dayOfMonth",
  "dayOfWeek",
  "weekOfMonth",
] as const;

function occurrenceOf(s: RecurringSchedule): Record<string, unknown> {
  const r = s as Record<string, unknown>;
  return Object.fromEntries(OCCURRENCE_KEYS.map((k) => [k, r[k]]));
}

function scheduleUpdateParams(p: Params, o: RecurringSchedule, n: RecurringSchedule, ctx: UpdateContext): void {
  if (!sameValue(occurrenceOf(o), occurrenceOf(n))) {
    // The create table reads the occurrence group only under schedule=recurring; the update sample
    // shows `schedule` is accepted on update, so it is sent with every occurrence change, together
    // with the *whole* group (a monthly day_of_week needs its week_of_month, etc.).
    p.schedule = "recurring";
    Object.assign(p, occurrenceParams(n));
  }

  // The start-time group. A start date dropped from the program is not a change: the user hands the
  // date back to Qualys, which keeps the one it has.
  const startChanged =
    o.startHour !== n.startHour ||
    o.startMinute !== n.startMinute ||
    o.timeZoneCode !== n.timeZoneCode ||
    o.observeDst !== n.observeDst ||
    (n.startDate !== undefined && n.startDate !== o.startDate);
  if (startChanged) {
    const date = n.startDate ?? o.startDate ?? ctx.currentStartDate ?? formatUsDate((ctx.now ?? (() => new Date()))());
    p.set_start_time = "1";
    Object.assign(p, startTimeParams(n, date));
  }

  // Clearing recurrence/end/pause/resume: the notes define no "off" value; we send "" (the API's
  // convention for clearing a setting on update) rather than a number that would set something.
  if (o.recurrence !== n.recurrence) setOrClear(p, "recurrence", str(n.recurrence), str(o.recurrence));

  const oEndMin = minutesWith(o.endAfterHours, o.endAfterMinutes);
  const nEndMin = minutesWith(n.endAfterHours, n.endAfterMinutes);
  if (o.endAfterHours !== n.endAfterHours || oEndMin !== nEndMin) {
    // end_after_mins "must be specified with end_after": always both.
    setOrClear(p, "end_after", str(n.endAfterHours), str(o.endAfterHours));
    setOrClear(p, "end_after_mins", str(nEndMin), str(oEndMin));
  }

  const oPauseMin = minutesWith(o.pauseAfterHours, o.pauseAfterMinutes);
  const nPauseMin = minutesWith(n.pauseAfterHours, n.pauseAfterMinutes);
  if (
    o.pauseAfterHours !== n.pauseAfterHours ||
    oPauseMin !== nPauseMin ||
    o.resumeInDays !== n.resumeInDays ||
    o.resumeInHours !== n.resumeInHours
  ) {
    // pause_after_mins needs pause_after_hours; resume_in_hours needs pause_after_hours and
    // resume_in_days; the resume minimum depends on the pause. So the four travel together.
    setOrClear(p, "pause_after_hours", str(n.pauseAfterHours), str(o.pauseAfterHours));
    setOrClear(p, "pause_after_mins", str(nPauseMin), str(oPauseMin));
    const days = (v: number | "manually" | undefined) => (v === undefined ? undefined : resumeDaysParam(v));
    setOrClear(p, "resume_in_days", days(n.resumeInDays), days(o.resumeInDays));
    setOrClear(p, "resume_in_hours", str(n.resumeInHours), str(o.resumeInHours));
  }
}

function notificationUpdateParams(p: Params, olds: Notifications | undefined, news: Notifications | undefined): void {
  const ob = olds?.before;
  const nb = news?.before;
  const oa = olds?.after;
  const na = news?.after;

  let enableBefore = false;
  let enableAfter = false;
  if (!sameValue(ob, nb)) {
    if (nb === undefined) p.before_notify = "0";
    else {
      enableBefore = true;
      // Turning the notification on sends the message explicitly ("" = none), so a message Qualys
      // may have kept from an earlier "on" period cannot come back.
      if (ob === undefined || ob.message !== nb.message) p.before_notify_message = nb.message ?? "";
    }
  }
  if (!sameValue(oa, na)) {
    if (na === undefined) p.after_notify = "0";
    else {
      enableAfter = true;
      if (oa === undefined || oa.message !== na.message) p.after_notify_message = na.message ?? "";
    }
  }

  const or = olds?.recipientGroupIds;
  const nr = news?.recipientGroupIds;
  if (!sameSet(or, nr) && (nb !== undefined || na !== undefined)) {
    // recipient_group_ids "is only valid when before_notify=1 or after_notify=1 is specified in the
    // same request": piggy-back on a notification being sent anyway, else re-send one that is on
    // (after first: it needs no unit/time).
    if (!enableBefore && !enableAfter) {
      if (na !== undefined) enableAfter = true;
      else enableBefore = true;
    }
    p.recipient_group_ids = nr === undefined ? "" : join(nr);
  }
  // With both notifications now off, Qualys deletes the recipient list (and the after message) by
  // itself ("If both notifications are disabled … we will delete the list of IDs"), and
  // recipient_group_ids would be invalid without a notify=1 anyway: nothing more to send.

  if (enableBefore && nb !== undefined) {
    // before_notify_unit and before_notify_time are "required when before_notify=1".
    p.before_notify = "1";
    p.before_notify_unit = nb.unit;
    p.before_notify_time = String(nb.time);
  }
  if (enableAfter) p.after_notify = "1";
}

/**
 * Parameters of action=update for the change `olds` → `news` (the caller adds `id`): only what
 * changed, following the API's rules —
 *  - any start-time field changed → `set_start_time=1` with the whole group (start_date,
 *    start_hour, start_minute, time_zone_code, observe_dst);
 *  - occurrence changed → `schedule=recurring`, `occurrence` and that occurrence's whole group;
 *  - a removed message / recipient list → "" (the notes' way to delete it);
 *  - removed resource ids → `cloud_resource_ids=remove`;
 *  - a notification turned off → before_notify=0 / after_notify=0.
 * Unchanged inputs give `{}` (no request needed). Lists compare as sets.
 *
 * A change to or from a `now` schedule is a replacement (schema.ts `replacementFor`), never an
 * update: calling this for one is a bug in the caller, so it throws.
 */
export function toUpdateParams(olds: Inputs, news: Inputs, ctx: UpdateContext = {}): Params {
  const p: Params = {};
  if (sameValue(olds, news)) return p;
  const o = olds.schedule;
  const n = news.schedule;
  if (o.type === "now" || n.type === "now") {
    throw new Error(`GcpInternalScanJob: a change to a job with a "now" schedule is a replacement, not an update`);
  }

  if (olds.title !== news.title) p.scan_title = news.title;
  if (olds.connectorName !== news.connectorName || olds.connectorUuid !== news.connectorUuid) Object.assign(p, connectorParams(news));
  if (olds.active !== news.active) p.active = bit(news.active);
  if (olds.optionProfileTitle !== news.optionProfileTitle || olds.optionProfileId !== news.optionProfileId) {
    Object.assign(p, optionProfileParams(news));
  }
  if (olds.module !== news.module) p.module = news.module;
  if (olds.priority !== news.priority) p.priority = String(news.priority);
  if (!sameSet(olds.scannerNames, news.scannerNames) || !sameSet(olds.scannerIds, news.scannerIds)) Object.assign(p, scannerParams(news));
  // Clearing region/network: "" as for the other clearable settings (the notes name no other way).
  if (olds.regionCode !== news.regionCode) setOrClear(p, "region_code", news.regionCode, olds.regionCode);
  if (olds.virtualNetworkId !== news.virtualNetworkId) setOrClear(p, "virtual_network_id", news.virtualNetworkId, olds.virtualNetworkId);
  if (!sameValue(olds.tags, news.tags)) tagUpdateParams(p, olds.tags, news.tags);
  if (!sameSet(olds.cloudResourceIds, news.cloudResourceIds)) {
    // "Specify remove to delete the existing IDs. Specify any ID to replace the existing IDs."
    p.cloud_resource_ids = news.cloudResourceIds === undefined ? "remove" : join(news.cloudResourceIds);
  }
  if (!sameValue(o, n)) scheduleUpdateParams(p, o, n, ctx);
  if (!sameValue(olds.notifications, news.notifications)) notificationUpdateParams(p, olds.notifications, news.notifications);
  return p;
}

// ---------------------------------------------------------------------------------------------
// Read back
// ---------------------------------------------------------------------------------------------

/**
 * What the schedule-scan list shows of a job, in input terms. A property is `undefined` when the
 * list does not show it (or shows it empty, like 004's `<ACTIVE></ACTIVE>`): undefined means
 * "unknown", never "absent", and `mergeRead` keeps the state's value for it.
 */
export interface ReadBack {
  title?: string;
  active?: boolean;
  connectorName?: string;
  connectorUuid?: string;
  optionProfileTitle?: string;
  optionProfileId?: string;
  scannerNames?: string[];
  priority?: number;
  regionCode?: string;
  virtualNetworkId?: string;
  tags?: {
    includeSelector?: "any" | "all";
    excludeSelector?: "any" | "all";
    /** Tag *names*: the list shows names (004: `<TAG_SET_INCLUDE>EC2_Targets`) whatever tag_set_by was. */
    include?: string[];
    exclude?: string[];
  };
  schedule?: ReadSchedule;
}

type Occurrence<S> = S extends unknown ? Omit<S, keyof StartTime> : never;
/** A recurring schedule whose start-time fields may be unknown. */
export type ReadSchedule = Occurrence<RecurringSchedule> & Partial<StartTime>;

function text(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  return v.trim() === "" ? undefined : v;
}

function int(v: string | undefined): number | undefined {
  const t = v?.trim();
  return t !== undefined && /^\d+$/.test(t) ? Number(t) : undefined;
}

function splitList(v: string | undefined): string[] | undefined {
  const t = text(v);
  if (t === undefined) return undefined;
  const xs = t
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  return xs.length === 0 ? undefined : [...new Set(xs)];
}

function selector(v: string | undefined): "any" | "all" | undefined {
  const t = v?.trim().toLowerCase();
  return t === "any" || t === "all" ? t : undefined;
}

/** "0 - No Priority" → 0 (004's PROCESSING_PRIORITY is "<number> - <label>"); a bare "5" works too. */
export function parsePriority(v: string | undefined): number | undefined {
  const m = /^\s*(\d)\b/.exec(v ?? "");
  return m ? Number(m[1]) : undefined;
}

/** Weekdays as names in any case or as numbers 0–6 (0 = Sunday, as day_of_week counts). */
function parseWeekdays(v: string | undefined): Weekday[] | undefined {
  const parts = splitList(v);
  if (parts === undefined) return undefined;
  const days: Weekday[] = [];
  for (const part of parts) {
    const n = int(part);
    const day = n !== undefined ? WEEKDAYS[n] : WEEKDAYS.find((d) => d.toLowerCase() === part.toLowerCase());
    if (day === undefined) return undefined;
    days.push(day);
  }
  return WEEKDAYS.filter((d) => days.includes(d));
}

/** Weeks of the month as words ("second") or numbers 1–5 (5 = last). */
function parseWeekOfMonth(v: string | undefined): WeekOfMonth | undefined {
  const t = v?.trim().toLowerCase();
  if (t === undefined) return undefined;
  const n = int(t);
  if (n !== undefined) return n >= 1 && n <= 5 ? WEEKS_OF_MONTH[n - 1] : undefined;
  return WEEKS_OF_MONTH.find((w) => w === t);
}

/** "(GMT+0530) India: Asia/Calcutta" → +330 minutes; undefined when there is no offset to read. */
export function parseGmtOffset(details: string | undefined): number | undefined {
  const m = /GMT\s*([+-])(\d{2}):?(\d{2})/.exec(details ?? "");
  if (!m) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === "-" ? -minutes : minutes;
}

/**
 * The local start date (mm/dd/yyyy) from START_DATE_UTC, which is the first start as an instant in
 * UTC (004: 2018-04-02T05:00:00Z = 10:30 on 04/02/2018 in India, GMT+05:30). The zone's standard
 * offset comes from TIME_ZONE_DETAILS; DST can shift the real offset by an hour, so of the local
 * dates around UTC+offset we pick the one whose START_HOUR:START_MINUTE lies closest to the instant.
 */
export function localStartDate(
  startUtc: string | undefined,
  tzDetails: string | undefined,
  hour: number,
  minute: number,
): string | undefined {
  const offset = parseGmtOffset(tzDetails);
  const t = startUtc === undefined ? NaN : Date.parse(startUtc.trim());
  if (offset === undefined || Number.isNaN(t)) return undefined;
  const local = t + offset * 60_000;
  const day = Math.floor(local / 86_400_000);
  let best: number | undefined;
  let bestDistance = Infinity;
  for (const d of [day - 1, day, day + 1]) {
    const distance = Math.abs(d * 86_400_000 + (hour * 60 + minute) * 60_000 - local);
    if (distance < bestDistance) {
      best = d;
      bestDistance = distance;
    }
  }
  return formatUsDate(new Date(best! * 86_400_000));
}

/** hours/minutes form a duration the API accepts (the 15-minute minimum when hours is 0). */
function isDuration(hours: number | undefined, minutes: number | undefined, maxHours: number): hours is number {
  if (hours === undefined || hours > maxHours || (minutes !== undefined && minutes > 59)) return false;
  return hours > 0 || (minutes ?? 0) >= 15;
}

/**
 * The virtual network from CLOUD_TARGET/VPC_LIST: readable only when the list holds exactly one
 * entry (the API takes one virtual_network_id). An entry is text or an element with an ID/NAME.
 */
function readVirtualNetwork(target: NonNullable<ScheduleScan["CLOUD_DETAILS"]>["CLOUD_TARGET"]): string | undefined {
  const vpcs = target?.VPC_LIST?.VPC;
  if (vpcs === undefined || vpcs.length !== 1) return undefined;
  const v: unknown = vpcs[0];
  if (typeof v === "string") return text(v)?.trim();
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    for (const k of ["ID", "UUID", "NAME"]) if (typeof o[k] === "string") return text(o[k])?.trim();
  }
  return undefined;
}

function readSchedule(s: ScheduleScan["SCHEDULE"]): ReadSchedule | undefined {
  if (s === undefined) return undefined;
  let occurrence: Occurrence<RecurringSchedule> | undefined;
  if (s.DAILY !== undefined) {
    const frequencyDays = int(s.DAILY["@_frequency_days"]);
    if (frequencyDays !== undefined) occurrence = { type: "daily", frequencyDays };
  } else if (s.WEEKLY !== undefined) {
    const frequencyWeeks = int(s.WEEKLY["@_frequency_weeks"]);
    const weekdays = parseWeekdays(s.WEEKLY["@_weekdays"]);
    if (frequencyWeeks !== undefined && weekdays !== undefined) occurrence = { type: "weekly", frequencyWeeks, weekdays };
  } else if (s.MONTHLY !== undefined) {
    const frequencyMonths = int(s.MONTHLY["@_frequency_months"]);
    const dayOfMonth = int(s.MONTHLY["@_day_of_month"]);
    const dayOfWeek = int(s.MONTHLY["@_day_of_week"]);
    const weekOfMonth = parseWeekOfMonth(s.MONTHLY["@_week_of_month"]);
    if (frequencyMonths !== undefined) {
      if (dayOfMonth !== undefined) occurrence = { type: "monthly", frequencyMonths, dayOfMonth };
      else if (dayOfWeek !== undefined && weekOfMonth !== undefined) {
        occurrence = { type: "monthly", frequencyMonths, dayOfWeek, weekOfMonth };
      }
    }
  }
  // No occurrence: a `now` job, or a shape we cannot read. Either way nothing to compare.
  if (occurrence === undefined) return undefined;

  const startHour = int(s.START_HOUR);
  const startMinute = int(s.START_MINUTE);
  const timeZoneCode = text(s.TIME_ZONE?.TIME_ZONE_CODE)?.trim().toUpperCase();
  const dst = s.DST_SELECTED?.trim();
  const start: Partial<StartTime> = {
    startHour,
    startMinute,
    timeZoneCode,
    observeDst: dst === "1" ? true : dst === "0" ? false : undefined,
    startDate:
      startHour !== undefined && startMinute !== undefined
        ? localStartDate(s.START_DATE_UTC, s.TIME_ZONE?.TIME_ZONE_DETAILS, startHour, startMinute)
        : undefined,
  };
  // End and pause/resume, when the list shows them (the notes' sample does not; Qualys's DTD has
  // them). Only a setting the API could have accepted is read: "0 hours 0 minutes" or an empty
  // element means "not shown", not a zero-length end, so it never becomes an invalid state.
  const endHours = int(s.END_AFTER_HOURS);
  const endMinutes = int(s.END_AFTER_MINUTES);
  if (isDuration(endHours, endMinutes, 119)) {
    start.endAfterHours = endHours;
    start.endAfterMinutes = endMinutes;
  }
  const pauseHours = int(s.PAUSE_AFTER_HOURS);
  const pauseMinutes = int(s.PAUSE_AFTER_MINUTES);
  if (isDuration(pauseHours, pauseMinutes, 119)) {
    start.pauseAfterHours = pauseHours;
    start.pauseAfterMinutes = pauseMinutes;
    const days = text(s.RESUME_IN_DAYS)?.trim();
    const resumeDays = days?.toLowerCase() === "manually" ? "manually" : int(days);
    if (resumeDays === "manually" || (resumeDays !== undefined && resumeDays <= 9)) {
      start.resumeInDays = resumeDays;
      const resumeHours = int(s.RESUME_IN_HOURS);
      if (resumeDays !== "manually" && resumeHours !== undefined && resumeHours <= 23) start.resumeInHours = resumeHours;
    }
  }
  // RECURRENCE is deliberately not read: whether the list shows the runs asked for or the runs
  // left is not documented, and a countdown read back would be drift after every run.
  return { ...occurrence, ...start };
}

/**
 * Read one SCAN of SCHEDULE_SCAN_LIST_OUTPUT (show_cloud_details=1) back into input terms.
 *
 * Observable (compared on refresh): title, active (when not empty), connector name and uuid
 * (CLOUD_DETAILS/CONNECTOR), option profile title (and id when present), priority
 * (PROCESSING_PRIORITY "0 - No Priority"), scanner names (ISCANNER_NAME), region code
 * (CLOUD_DETAILS/CLOUD_TARGET/REGION/CODE), virtual network (CLOUD_TARGET, when shown), tag
 * selectors and tag names (ASSET_TAGS), the schedule's occurrence, start date/hour/minute, time zone
 * and DST (SCHEDULE), and end/pause/resume when SCHEDULE shows them (Qualys's DTD has them, the notes'
 * sample does not).
 *
 * Not observable (kept from state by `mergeRead`): scanner ids, option profile id when the list has
 * none, tag ids (the list shows names), cloud resource ids, recurrence (see readSchedule), every
 * notification setting — before/after, unit, time, messages, recipient group ids (004's DTD names
 * NOTIFICATIONS but the notes never show its content) — and the whole of a `now` job.
 */
export function fromScheduleScan(scan: ScheduleScan): ReadBack {
  const connector = scan.CLOUD_DETAILS?.CONNECTOR;
  const target = scan.CLOUD_DETAILS?.CLOUD_TARGET;
  const tags = scan.ASSET_TAGS;
  const active = scan.ACTIVE?.trim();
  return {
    title: text(scan.TITLE),
    active: active === "1" ? true : active === "0" ? false : undefined,
    connectorName: text(connector?.NAME),
    connectorUuid: text(connector?.UUID)?.trim().toLowerCase(),
    optionProfileTitle: text(scan.OPTION_PROFILE?.TITLE),
    optionProfileId: int(scan.OPTION_PROFILE?.ID)?.toString(),
    scannerNames: splitList(scan.ISCANNER_NAME),
    priority: parsePriority(scan.PROCESSING_PRIORITY),
    regionCode: text(target?.REGION?.CODE)?.trim().toLowerCase(),
    virtualNetworkId: readVirtualNetwork(target),
    tags:
      tags === undefined
        ? undefined
        : {
            includeSelector: selector(tags.TAG_INCLUDE_SELECTOR),
            excludeSelector: selector(tags.TAG_EXCLUDE_SELECTOR),
            include: splitList(tags.TAG_SET_INCLUDE),
            exclude: splitList(tags.TAG_SET_EXCLUDE),
          },
    schedule: readSchedule(scan.SCHEDULE),
  };
}

/** A list read back replaces the state's only when it differs as a set, so order never drifts. */
function mergeSet(state: string[] | undefined, read: string[] | undefined): string[] | undefined {
  if (read === undefined) return state;
  return sameSet(state, read) ? state : read;
}

function mergeTags(state: Tags | undefined, read: ReadBack["tags"]): Tags | undefined {
  if (read === undefined) return state;
  // The list shows tag *names*. A name-based read-back tag set is how drift is reported whenever
  // the names cannot be compared with state (state has ids, or no tags at all); the next `up` then
  // re-sends the program's tag set, tag_set_by included.
  const asNames = (): Tags | undefined =>
    read.include === undefined && read.exclude === undefined
      ? undefined
      : {
          setBy: "name",
          include: read.include,
          exclude: read.exclude,
          includeSelector: read.includeSelector ?? "any",
          excludeSelector: read.excludeSelector ?? "any",
        };
  if (state === undefined) return asNames();
  const selectors = {
    includeSelector: read.includeSelector ?? state.includeSelector,
    excludeSelector: read.excludeSelector ?? state.excludeSelector,
  };
  if (state.setBy === "name") {
    const include = mergeSet(state.include, read.include ?? []);
    const exclude = mergeSet(state.exclude, read.exclude ?? []);
    const none = (xs: string[] | undefined) => (xs === undefined || xs.length === 0 ? undefined : xs);
    if (none(include) === undefined && none(exclude) === undefined) return undefined;
    return { setBy: "name", include: none(include), exclude: none(exclude), ...selectors };
  }
  // Tag ids: only which lists are non-empty is comparable with the names the list shows.
  const sameShape =
    (state.include !== undefined) === (read.include !== undefined) && (state.exclude !== undefined) === (read.exclude !== undefined);
  if (!sameShape) return asNames();
  return { ...state, ...selectors };
}

function mergeSchedule(state: Schedule, read: ReadSchedule | undefined): Schedule {
  if (read === undefined || state.type === "now") return state;
  const pick = <K extends keyof StartTime>(k: K): StartTime[K] => (read[k] !== undefined ? read[k] : state[k]) as StartTime[K];
  // Occurrence from Qualys (the whole group: a weekly read replaces a monthly state entirely).
  const occurrence = Object.fromEntries(
    Object.entries(read).filter(([k]) => OCCURRENCE_KEYS.includes(k as (typeof OCCURRENCE_KEYS)[number])),
  );
  const merged: Record<string, unknown> = {
    ...occurrence,
    startDate: state.startDate === undefined ? undefined : pick("startDate"),
    startHour: pick("startHour"),
    startMinute: pick("startMinute"),
    timeZoneCode: pick("timeZoneCode"),
    observeDst: pick("observeDst"),
    recurrence: state.recurrence,
    endAfterHours: state.endAfterHours,
    endAfterMinutes: state.endAfterMinutes,
    pauseAfterHours: state.pauseAfterHours,
    pauseAfterMinutes: state.pauseAfterMinutes,
    resumeInDays: state.resumeInDays,
    resumeInHours: state.resumeInHours,
  };
  // Duration groups replace state's only when they differ in effect: 2h shown as 2h00 is no drift.
  if (read.endAfterHours !== undefined) {
    const same =
      read.endAfterHours === state.endAfterHours &&
      minutesWith(read.endAfterHours, read.endAfterMinutes) === minutesWith(state.endAfterHours, state.endAfterMinutes);
    if (!same) Object.assign(merged, { endAfterHours: read.endAfterHours, endAfterMinutes: read.endAfterMinutes });
  }
  if (read.pauseAfterHours !== undefined) {
    const same =
      read.pauseAfterHours === state.pauseAfterHours &&
      minutesWith(read.pauseAfterHours, read.pauseAfterMinutes) === minutesWith(state.pauseAfterHours, state.pauseAfterMinutes);
    if (!same) Object.assign(merged, { pauseAfterHours: read.pauseAfterHours, pauseAfterMinutes: read.pauseAfterMinutes });
    if (read.resumeInDays !== undefined) {
      const resumeSame = read.resumeInDays === state.resumeInDays && (read.resumeInHours ?? 0) === (state.resumeInHours ?? 0);
      if (!resumeSame) Object.assign(merged, { resumeInDays: read.resumeInDays, resumeInHours: read.resumeInHours });
    }
  }
  for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
  return merged as Schedule;
}

/**
 * The inputs refresh should report: state, with every observable field replaced by what Qualys
 * shows (so out-of-band changes appear as drift), and everything the list cannot show kept from
 * state (see `fromScheduleScan` for the two lists). Rules that keep refresh quiet when nothing
 * changed:
 *  - a `now` job is returned as state, whole: it is a one-shot launch that already happened, and
 *    any difference (Qualys deactivating it after the run, an edit in the UI) must not turn the next
 *    `up` into a replacement, i.e. a second launch;
 *  - the connector, option profile and scanners are compared in the form state uses (name or
 *    uuid/id), since the program chose that form;
 *  - optional settings Qualys fills in by itself (region, network, start date) are compared only
 *    when state sets them: absent in state means "Qualys decides";
 *  - sets keep state's order when they are equal as sets.
 */
export function mergeRead(state: Inputs, read: ReadBack): Inputs {
  if (state.schedule.type === "now") return state;
  const out: Inputs = { ...state };
  if (read.title !== undefined) out.title = read.title;
  if (read.active !== undefined) out.active = read.active;
  if (state.connectorUuid !== undefined) out.connectorUuid = read.connectorUuid ?? state.connectorUuid;
  else if (read.connectorName !== undefined) out.connectorName = read.connectorName;
  if (state.optionProfileId !== undefined) out.optionProfileId = read.optionProfileId ?? state.optionProfileId;
  else if (read.optionProfileTitle !== undefined) out.optionProfileTitle = read.optionProfileTitle;
  if (state.scannerNames !== undefined) out.scannerNames = mergeSet(state.scannerNames, read.scannerNames);
  if (read.priority !== undefined) out.priority = read.priority;
  if (state.regionCode !== undefined && read.regionCode !== undefined) out.regionCode = read.regionCode;
  if (state.virtualNetworkId !== undefined && read.virtualNetworkId !== undefined) out.virtualNetworkId = read.virtualNetworkId;
  const tags = mergeTags(state.tags, read.tags);
  if (tags === undefined) delete out.tags;
  else out.tags = tags;
  out.schedule = mergeSchedule(state.schedule, read.schedule);
  return out;
}
