/**
 * GcpInternalScanJob state → Qualys request parameters for `/api/3.0/fo/scan/cloud/internal/job/`
 * (action=create / action=update; the client adds `action` and, on update, `id`). Update sends only
 * what changed, with the API's own rules (set_start_time=1 with the whole start-time group, "" to
 * clear a message or the recipients, cloud_resource_ids=remove to clear the ids).
 *
 * Every value is a string as it goes on the wire, encoded by the XML client's one rule
 * (`encodeValue`: booleans 1/0, lists comma-joined); observe_dst alone is yes/no, as the notes say.
 */
import { encodeValue } from "../../../clients/xml/client";
import { setwiseEqual } from "../../../shared/normalise";
import { type GcpInternalScanJobInputs, type Notifications, type RecurringSchedule, type StartTime, type Tags } from "../schema";

export type Params = Record<string, string>;

/** Fixed by the resource: this resource only ever makes GCP compute-engine jobs. */
export const FIXED_PARAMS: Readonly<Params> = { cloud_provider: "gcp", cloud_service: "compute_engine" };

// The two value shapes used here, in the XML client's wire encoding (one rule, not a copy).
const bit = (b: boolean): string => encodeValue("flag", b);
const join = (xs: readonly string[]): string => encodeValue("list", xs);

// ---------------------------------------------------------------------------------------------
// Parameter groups
// ---------------------------------------------------------------------------------------------

function connectorParams(i: GcpInternalScanJobInputs): Params {
  // connector_name and connector_uuid "are mutually exclusive and cannot be specified in the same request".
  return i.connectorUuid !== undefined ? { connector_uuid: i.connectorUuid } : { connector_name: i.connectorName ?? "" };
}

function optionProfileParams(i: GcpInternalScanJobInputs): Params {
  return i.optionProfileId !== undefined ? { option_id: i.optionProfileId } : { option_title: i.optionProfileTitle ?? "" };
}

function scannerParams(i: GcpInternalScanJobInputs): Params {
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
export function minutesWith(hours: number | undefined, minutes: number | undefined): number | undefined {
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
export function toCreateParams(i: GcpInternalScanJobInputs): Params {
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
export function toCreateFollowUpParams(i: GcpInternalScanJobInputs): Params | undefined {
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

export function formatUsDate(d: Date): string {
  return `${String(d.getUTCMonth() + 1).padStart(2, "0")}/${String(d.getUTCDate()).padStart(2, "0")}/${d.getUTCFullYear()}`;
}

const EMPTY_TAGS: Tags = { setBy: "id", include: undefined, exclude: undefined, includeSelector: "any", excludeSelector: "any" };

function tagUpdateParams(p: Params, olds: Tags | undefined, news: Tags | undefined): void {
  const o = olds ?? EMPTY_TAGS;
  const n = news ?? EMPTY_TAGS;
  const setByChanged = o.setBy !== n.setBy;
  // With a new tag_set_by the old lists mean something else, so both lists are re-sent.
  const includeChanged = setByChanged ? n.include !== undefined || o.include !== undefined : !setwiseEqual(o.include, n.include);
  const excludeChanged = setByChanged ? n.exclude !== undefined || o.exclude !== undefined : !setwiseEqual(o.exclude, n.exclude);
  // tag_set_by says how to read the lists, so it travels with any list it applies to.
  if (setByChanged || includeChanged || excludeChanged) p.tag_set_by = n.setBy;
  // Clearing a tag list: the notes document "" only for messages and recipients; we use the same
  // convention here (an empty comma-separated list), the only spelling of "no tags" the API has.
  if (includeChanged) setOrClear(p, "tag_set_include", n.include && join(n.include), o.include && join(o.include));
  if (excludeChanged) setOrClear(p, "tag_set_exclude", n.exclude && join(n.exclude), o.exclude && join(o.exclude));
  if (o.includeSelector !== n.includeSelector) p.tag_include_selector = n.includeSelector;
  if (o.excludeSelector !== n.excludeSelector) p.tag_exclude_selector = n.excludeSelector;
}

// mapping.test.ts keeps its own copy of these keys on purpose: it must fail if one is lost here.
export const OCCURRENCE_KEYS = [
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
  if (!setwiseEqual(occurrenceOf(o), occurrenceOf(n))) {
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
  if (!setwiseEqual(ob, nb)) {
    if (nb === undefined) p.before_notify = "0";
    else {
      enableBefore = true;
      // Turning the notification on sends the message explicitly ("" = none), so a message Qualys
      // may have kept from an earlier "on" period cannot come back.
      if (ob === undefined || ob.message !== nb.message) p.before_notify_message = nb.message ?? "";
    }
  }
  if (!setwiseEqual(oa, na)) {
    if (na === undefined) p.after_notify = "0";
    else {
      enableAfter = true;
      if (oa === undefined || oa.message !== na.message) p.after_notify_message = na.message ?? "";
    }
  }

  const or = olds?.recipientGroupIds;
  const nr = news?.recipientGroupIds;
  if (!setwiseEqual(or, nr) && (nb !== undefined || na !== undefined)) {
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
export function toUpdateParams(olds: GcpInternalScanJobInputs, news: GcpInternalScanJobInputs, ctx: UpdateContext = {}): Params {
  const p: Params = {};
  if (setwiseEqual(olds, news)) return p;
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
  if (!setwiseEqual(olds.scannerNames, news.scannerNames) || !setwiseEqual(olds.scannerIds, news.scannerIds))
    Object.assign(p, scannerParams(news));
  // Clearing region/network: "" as for the other clearable settings (the notes name no other way).
  if (olds.regionCode !== news.regionCode) setOrClear(p, "region_code", news.regionCode, olds.regionCode);
  if (olds.virtualNetworkId !== news.virtualNetworkId) setOrClear(p, "virtual_network_id", news.virtualNetworkId, olds.virtualNetworkId);
  if (!setwiseEqual(olds.tags, news.tags)) tagUpdateParams(p, olds.tags, news.tags);
  if (!setwiseEqual(olds.cloudResourceIds, news.cloudResourceIds)) {
    // "Specify remove to delete the existing IDs. Specify any ID to replace the existing IDs."
    p.cloud_resource_ids = news.cloudResourceIds === undefined ? "remove" : join(news.cloudResourceIds);
  }
  if (!setwiseEqual(o, n)) scheduleUpdateParams(p, o, n, ctx);
  if (!setwiseEqual(olds.notifications, news.notifications)) notificationUpdateParams(p, olds.notifications, news.notifications);
  return p;
}
