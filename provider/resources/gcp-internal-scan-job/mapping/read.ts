/**
 * Qualys → GcpInternalScanJob state: the read-back from the schedule-scan list
 * (SCHEDULE_SCAN_LIST_OUTPUT with show_cloud_details=1, VM/PC schedule scan list API) and its merge
 * with the state, so that what Qualys does not show is kept and what it shows wins.
 */
import { setwiseEqual } from "../../../shared/normalise";
import {
  WEEKDAYS,
  WEEKS_OF_MONTH,
  type GcpInternalScanJobInputs,
  type RecurringSchedule,
  type Schedule,
  type StartTime,
  type Tags,
  type Weekday,
  type WeekOfMonth,
  OBSERVED_KEYS,
  type GcpInternalScanJobOutputs,
} from "../schema";
import type { ScheduleScan } from "../../../clients/xml/documents";
import { formatUsDate, minutesWith, OCCURRENCE_KEYS } from "./request";

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
  return setwiseEqual(state, read) ? state : read;
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
export function mergeRead(state: GcpInternalScanJobInputs, read: ReadBack): GcpInternalScanJobInputs {
  if (state.schedule.type === "now") return state;
  const out: GcpInternalScanJobInputs = { ...state };
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

/** The inputs part of the outputs (state holds inputs and observed values side by side). */
export function inputsOf(outs: GcpInternalScanJobOutputs | Record<string, unknown>): GcpInternalScanJobInputs {
  const copy: Record<string, unknown> = { ...outs };
  for (const k of OBSERVED_KEYS) delete copy[k];
  delete copy.__provider;
  delete copy.pendingCreate; // a pending create's bookkeeping (handler.ts), not an input
  return copy as unknown as GcpInternalScanJobInputs;
}
