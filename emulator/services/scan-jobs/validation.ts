/**
 * Scan-jobs validation: the parameters read by params.ts checked the way Qualys does (out-of-range,
 * exclusive and inconsistent values refused with its error codes) and turned into a created or
 * updated job.
 */
import { utcTimestamp } from "../../http";
import { ApiError } from "../../router";
import {
  type EmuScanJob,
  type EmuTimeZone,
  launch,
  type Occurrence,
  type RecurringJobSchedule,
  type ScanCatalog,
  type ScanJobsSlice,
  WEEKDAY_NAMES,
  WEEKS_OF_MONTH,
} from "./model";
import { DURATION_PARAMS, exclusive, invalid, missing, OCCURRENCE_PARAMS, Params, START_PARAMS } from "./params";

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

export function createJob(slice: ScanJobsSlice, p: Params, userLogin: string): EmuScanJob {
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

export function updateJob(slice: ScanJobsSlice, p: Params): EmuScanJob {
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
