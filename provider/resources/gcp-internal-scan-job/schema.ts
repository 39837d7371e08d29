/**
 * Inputs of the GcpInternalScanJob resource: a Qualys GCP instance-based (internal) scan job,
 * `/api/3.0/fo/scan/cloud/internal/job/` (release notes 001, "Scans API: Support for Google Cloud
 * Platform Instance-Based Scans").
 *
 * Every "one of", "required with", "only valid when" and range in the notes' parameter tables is a
 * rule here, so `check` rejects what Qualys would reject before any API call is made. Each rule puts
 * its issue on the property the user has to change (`schedule.endAfterMinutes`, `tags.include[1]`),
 * and its message names the rule and, where it helps, the API parameter it comes from.
 *
 * Values are normalised here (ids as canonical digit strings, weekdays capitalised, time zone codes
 * upper-cased, sets de-duplicated) so state holds what Qualys stores and refresh shows no spurious
 * diff.
 *
 * `cloud_provider=gcp` and `cloud_service=compute_engine` are not inputs: this resource *is* a GCP
 * compute-engine job (see mapping.ts).
 */
import { z } from "zod";
import { maxChars, TEXT_LIMITS } from "../../shared/input-limits";
import type { DiffSpec } from "../../shared/diff";
import { dedupe } from "../../shared/normalise";
import { multiLineString, singleLineError } from "../../shared/text";

// ---------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------

/**
 * Cross-field rules run even when a sibling field failed, so the user sees every problem in one
 * `preview` instead of one per round trip. Such rules therefore read possibly-raw values and must
 * check types before they compare (see `isInt`).
 */
const always = { when: (p: z.core.ParsePayload) => typeof p.value === "object" && p.value !== null };

function isInt(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v);
}

function has(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/** An integer in [min, max]; the message states the range so the failure explains itself. */
function intRange(min: number, max: number) {
  const error = `must be an integer from ${min} to ${max}`;
  return z.int({ error }).min(min, { error }).max(max, { error });
}

/** One line of text (no control character, tab, CR or LF included: shared/text.ts), trimmed, not empty. */
const oneLine = (s: string, ctx: z.RefinementCtx) => {
  const err = singleLineError(s);
  if (err) ctx.addIssue({ code: "custom", message: err, input: s });
};
const nonEmpty = z.string().trim().min(1, { error: "must not be empty" }).superRefine(oneLine);

/** Names that travel in comma-separated API parameters cannot contain a comma themselves. */
const listName = nonEmpty.refine((s) => !s.includes(","), {
  error: "must not contain a comma (the API takes a comma-separated list)",
});

const NUMERIC_ID = "must be a numeric id (a positive integer, or a string of digits)";

function canonicalDigits(s: string): string {
  return s.replace(/^0+(?=\d)/, "");
}

/**
 * Qualys ids (option profile, scanner appliance, tag, distribution group) as a canonical digit
 * string. Accepting numbers *and* strings lets programs pass ids from other resources either way;
 * storing one canonical string means `12` and `"012"` are the same id in state.
 */
const numericId = z.union([z.number(), z.string()], { error: NUMERIC_ID }).transform((v, ctx): string => {
  const s = typeof v === "number" ? (Number.isSafeInteger(v) ? String(v) : "") : v.trim();
  if (!/^\d+$/.test(s) || /^0+$/.test(s)) {
    ctx.addIssue({ code: "custom", message: NUMERIC_ID, input: v });
    return z.NEVER;
  }
  return canonicalDigits(s);
});

// ---------------------------------------------------------------------------------------------
// Schedule
// ---------------------------------------------------------------------------------------------

/** The notes' spelling and order (weekdays=Sunday,Monday,...). */
export const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const WEEKS_OF_MONTH = ["first", "second", "third", "fourth", "last"] as const;
export type WeekOfMonth = (typeof WEEKS_OF_MONTH)[number];

/** Weekdays are accepted in any case ("monday", "MONDAY") and stored as the notes spell them. */
const weekday = z.string({ error: `must be one of ${WEEKDAYS.join(", ")}` }).transform((s, ctx): Weekday => {
  const found = WEEKDAYS.find((d) => d.toLowerCase() === s.trim().toLowerCase());
  if (found === undefined) {
    ctx.addIssue({ code: "custom", message: `must be one of ${WEEKDAYS.join(", ")} (any case)`, input: s });
    return z.NEVER;
  }
  return found;
});

const DATE_RULE = "must be a real calendar date in mm/dd/yyyy format";

/**
 * start_date: the notes type it "Integer" but describe it as `mm/dd/yyyy`; we follow the
 * description (an integer cannot hold a slash). One-digit month/day are accepted and zero-padded so
 * state holds one spelling. A date in the past is *not* rejected: `check` must not depend on the
 * clock (the same program would pass today and fail tomorrow), and Qualys decides what a past start
 * date means for a recurring job.
 */
const startDate = z.string({ error: DATE_RULE }).transform((s, ctx): string => {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s.trim());
  const month = m ? Number(m[1]) : 0;
  const day = m ? Number(m[2]) : 0;
  const year = m ? Number(m[3]) : 0;
  // Date.UTC rolls 02/30 over to 03/02: a real date is one that survives the round trip.
  const d = new Date(Date.UTC(year, month - 1, day));
  if (!m || year < 1970 || d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
    ctx.addIssue({ code: "custom", message: `${DATE_RULE} (e.g. 04/30/2026), got "${s}"`, input: s });
    return z.NEVER;
  }
  return `${String(month).padStart(2, "0")}/${String(day).padStart(2, "0")}/${year}`;
});

/**
 * time_zone_code: "in upper case, e.g. US-CA". We upper-case rather than reject lower case: the
 * code is case-insensitive to a human, and Qualys stores (and the schedule list returns) upper case.
 * The valid set comes from /msp/time_zone_code_list.php, which `check` cannot call (no side
 * effects), so only the shape is checked here.
 */
const timeZoneCode = nonEmpty
  .transform((s) => s.toUpperCase())
  .refine((s) => /^[A-Z0-9]+(?:[-_][A-Z0-9]+)*$/.test(s), {
    error: "must be a Qualys time zone code such as US-CA (letters, digits and hyphens)",
  });

const RESUME_DAYS = 'must be an integer from 0 to 9, or "manually"';

/** resume_in_days: "0 to 9 or Manually". Stored as "manually" whatever the case written. */
const resumeInDays = z.union([z.number(), z.string()], { error: RESUME_DAYS }).transform((v, ctx): number | "manually" => {
  if (typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 9) return v;
  if (typeof v === "string" && v.trim().toLowerCase() === "manually") return "manually";
  ctx.addIssue({ code: "custom", message: RESUME_DAYS, input: v });
  return z.NEVER;
});

/** The start-time group shared by daily, weekly and monthly schedules (notes: "Scan Schedule Start Time"). */
const startShape = {
  /** Optional: Qualys defaults it to the day the schedule is created. */
  startDate: startDate.optional().describe("First run's date (start_date), mm/dd/yyyy; default: the day the schedule is created."),
  startHour: intRange(0, 23).describe("Start hour (start_hour), 0–23, in the time zone `timeZoneCode`."),
  startMinute: intRange(0, 59).describe("Start minute (start_minute), 0–59."),
  timeZoneCode: timeZoneCode.describe("Qualys time zone code (time_zone_code), e.g. US-CA; stored upper case."),
  /**
   * observe_dst is optional in the API; we default it to false (what Qualys does when it is not
   * sent) so state always holds a value and the whole start-time group can be re-sent on update.
   */
  observeDst: z.boolean().default(false).describe("Observe daylight saving time (observe_dst). Default false."),
  /** Runs before the schedule is deactivated; absent = no limit. */
  recurrence: intRange(1, 99).optional().describe("Runs before the schedule deactivates itself (recurrence), 1–99; absent = no limit."),
  endAfterHours: intRange(0, 119).optional().describe("End a run after this many hours (end_after), 0–119."),
  /**
   * end_after_mins: its description in the notes is garbled (it repeats day_of_month's "1 to 31").
   * The intelligible half of it — "must be specified with end_after", "2 hours and 30 minutes",
   * "when end_after is 0 the minimum is 15" — matches pause_after_mins exactly, so it gets
   * pause_after_mins' range, 0–59.
   */
  endAfterMinutes: intRange(0, 59).optional().describe("… and minutes (end_after_mins), 0–59; needs endAfterHours."),
  pauseAfterHours: intRange(0, 119).optional().describe("Pause a run after this many hours (pause_after_hours), 0–119."),
  pauseAfterMinutes: intRange(0, 59).optional().describe("… and minutes (pause_after_mins), 0–59."),
  resumeInDays: resumeInDays.optional().describe('Resume a paused run after this many days (resume_in_days), 0–9, or "manually".'),
  resumeInHours: intRange(0, 23).optional().describe("… and hours (resume_in_hours), 0–23."),
};

type StartRaw = { [K in keyof typeof startShape]?: unknown };

/**
 * The smallest resume delay (in whole hours) the notes allow after a pause of `pauseMinutes`:
 * "pause after 1 hour → resume in 2 or more hours; pause between 1h01 and 1h59 → 3 hours or more",
 * i.e. one full hour more than the pause rounded up to whole hours.
 */
export function minResumeHours(pauseMinutes: number): number {
  return Math.ceil(pauseMinutes / 60) + 1;
}

/** The "must be specified with", minimum and "resume after pause" rules of the start-time group. */
function startRules(v: StartRaw, ctx: z.RefinementCtx): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message, input: v });

  // end_after / end_after_mins, pause_after_hours / pause_after_mins: the same rule for both.
  // end_after=0 alone would end the scan at once (pause: pause it at once); the notes' minimum of 15 minutes applies.
  const duration = (hoursKey: keyof StartRaw, minutesKey: keyof StartRaw, wireHours: string, wireMinutes: string, what: string) => {
    const hours = v[hoursKey];
    const minutes = v[minutesKey];
    if (has(minutes) && !has(hours)) issue(minutesKey, `requires ${hoursKey} (${wireMinutes} must be specified with ${wireHours})`);
    if (hours === 0) {
      const minimum = `when ${hoursKey} is 0 (minimum ${what} time is 15 minutes)`;
      if (!has(minutes)) issue(minutesKey, `is required and must be at least 15 ${minimum}`);
      else if (isInt(minutes) && minutes < 15) issue(minutesKey, `must be at least 15 ${minimum}`);
    }
  };
  duration("endAfterHours", "endAfterMinutes", "end_after", "end_after_mins", "end");
  duration("pauseAfterHours", "pauseAfterMinutes", "pause_after_hours", "pause_after_mins", "pause");

  // resume_in_days / resume_in_hours
  if (has(v.resumeInHours)) {
    if (!has(v.pauseAfterHours)) {
      issue("resumeInHours", "requires pauseAfterHours (resume_in_hours must be specified with pause_after_hours and resume_in_days)");
    }
    if (!has(v.resumeInDays)) {
      issue(
        "resumeInHours",
        "requires resumeInDays (resume_in_hours must be specified with pause_after_hours and resume_in_days); use resumeInDays: 0 for a resume within a day",
      );
    } else if (
      v.resumeInDays === "manually" ||
      (typeof v.resumeInDays === "string" && v.resumeInDays.trim().toLowerCase() === "manually")
    ) {
      issue("resumeInHours", 'is not valid when resumeInDays is "manually" (a manual resume has no delay)');
    }
  }
  // The notes only say resume_in_hours needs a pause, but resuming a scan that never pauses is
  // meaningless: we require the pause for resume_in_days too rather than send a no-op setting.
  if (has(v.resumeInDays) && !has(v.pauseAfterHours)) {
    issue("resumeInDays", "requires pauseAfterHours (a scan can only resume after it was paused)");
  }
  // "The value you set for pause will determine the minimum value for resume."
  if (isInt(v.pauseAfterHours) && isInt(v.resumeInDays)) {
    const pauseMinutes = v.pauseAfterHours * 60 + (isInt(v.pauseAfterMinutes) ? v.pauseAfterMinutes : 0);
    const resumeHours = v.resumeInDays * 24 + (isInt(v.resumeInHours) ? v.resumeInHours : 0);
    const min = minResumeHours(pauseMinutes);
    if (resumeHours < min) {
      issue(
        has(v.resumeInHours) ? "resumeInHours" : "resumeInDays",
        `resume must be after the pause: pausing after ${Math.floor(pauseMinutes / 60)}h${String(pauseMinutes % 60).padStart(2, "0")}m ` +
          `needs resumeInDays*24 + resumeInHours of at least ${min} hours (got ${resumeHours})`,
      );
    }
  }
}

/** Unknown keys are errors, not silently dropped: `frequencyDay: 2` must not become "every day". */
function unknownKeys(what: string) {
  return {
    error: (iss: { code?: string; keys?: string[] }) =>
      iss.code === "unrecognized_keys"
        ? `unknown propert${iss.keys?.length === 1 ? "y" : "ies"} ${iss.keys?.map((k) => `"${k}"`).join(", ")} for ${what}`
        : undefined,
  };
}

const nowSchedule = z
  .strictObject(
    { type: z.literal("now").describe('"now": launch one scan when the resource is created.') },
    // A `now` job launches at once: a start time, occurrence or duration has nothing to apply to.
    {
      error: (iss) =>
        iss.code === "unrecognized_keys"
          ? `a "now" schedule takes no other properties (got ${iss.keys.map((k) => `"${k}"`).join(", ")}); use daily/weekly/monthly for a start time`
          : undefined,
    },
  )
  .describe("A one-shot launch when the resource is created: never relaunched by refresh; any change replaces it.");

const dailySchedule = z
  .strictObject(
    {
      type: z.literal("daily").describe('"daily".'),
      frequencyDays: intRange(1, 365).describe("Run every N days (frequency_days), 1–365."),
      ...startShape,
    },
    unknownKeys('a "daily" schedule'),
  )
  .superRefine(startRules, always)
  .describe("A schedule that runs every N days at a start time.");

const weeklySchedule = z
  .strictObject(
    {
      type: z.literal("weekly").describe('"weekly".'),
      frequencyWeeks: intRange(1, 52).describe("Run every N weeks (frequency_weeks), 1–52."),
      /** A set: de-duplicated and kept in calendar order (Sunday first), as the API lists them. */
      weekdays: z
        .array(weekday)
        .min(1, { error: "must list at least one weekday (weekdays is required for a weekly scan)" })
        .transform((ds) => WEEKDAYS.filter((d) => ds.includes(d)))
        .describe("Days to run on (weekdays), a set of Sunday … Saturday in any case; stored capitalised in calendar order."),
      ...startShape,
    },
    unknownKeys('a "weekly" schedule'),
  )
  .superRefine(startRules, always)
  .describe("A schedule that runs every N weeks on the given weekdays at a start time.");

const monthlySchedule = z
  .strictObject(
    {
      type: z.literal("monthly").describe('"monthly".'),
      frequencyMonths: intRange(1, 12).describe("Run every N months (frequency_months), 1–12."),
      /** "Nth day of the month". */
      dayOfMonth: intRange(1, 31).optional().describe("Nth day of the month (day_of_month), 1–31; or dayOfWeek with weekOfMonth."),
      /** "Day in Nth week": 0 = Sunday … 6 = Saturday. */
      dayOfWeek: intRange(0, 6).optional().describe("Day in the Nth week (day_of_week): 0 = Sunday … 6 = Saturday; with weekOfMonth."),
      weekOfMonth: z
        .enum(WEEKS_OF_MONTH, { error: `must be one of ${WEEKS_OF_MONTH.join(", ")}` })
        .optional()
        .describe("Which week (week_of_month): first, second, third, fourth or last; with dayOfWeek."),
      ...startShape,
    },
    unknownKeys('a "monthly" schedule'),
  )
  .describe("A schedule that runs every N months on a day of the month, or a day in the Nth week, at a start time.")
  .superRefine(startRules, always)
  .superRefine((v, ctx) => {
    // The notes mark day_of_month and day_of_week/week_of_month all "Required for a monthly scan"
    // but for two different kinds of monthly scan: "Nth day of the month" *or* "day in Nth week".
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message, input: v });
    const dom = has(v.dayOfMonth);
    const dow = has(v.dayOfWeek);
    const wom = has(v.weekOfMonth);
    if (dom && (dow || wom)) {
      issue("dayOfMonth", "set either dayOfMonth (Nth day of the month) or dayOfWeek with weekOfMonth (day in Nth week), not both");
    } else if (!dom && !dow && !wom) {
      issue("dayOfMonth", "a monthly schedule needs either dayOfMonth, or dayOfWeek together with weekOfMonth");
    } else if (dow && !wom) {
      issue("weekOfMonth", "is required with dayOfWeek (day_of_week and week_of_month go together)");
    } else if (wom && !dow) {
      issue("dayOfWeek", "is required with weekOfMonth (day_of_week and week_of_month go together)");
    }
  }, always);

export const scheduleSchema = z.discriminatedUnion("type", [nowSchedule, dailySchedule, weeklySchedule, monthlySchedule], {
  error: (iss) => (iss.code === "invalid_union" ? 'must be one of "now", "daily", "weekly", "monthly"' : undefined),
});

// ---------------------------------------------------------------------------------------------
// Tags
// ---------------------------------------------------------------------------------------------

const tagValue = z
  .union([z.string(), z.number()], { error: "must be a tag id or a tag name" })
  .transform((v) => String(v).trim())
  .superRefine(oneLine);
const SELECTOR = { error: 'must be "any" or "all"' };

const tagsSchema = z
  .strictObject(
    {
      /** tag_set_by: how include/exclude identify tags. */
      setBy: z
        .enum(["id", "name"], { error: 'must be "id" or "name"' })
        .default("id")
        .describe('How include/exclude name tags (tag_set_by): "id" or "name". Default "id".'),
      /**
       * tag_set_include. An empty include list is rejected rather than dropped: "include no tags"
       * and "no tag filter" mean different scan targets, so the program must say which.
       */
      include: z
        .array(tagValue)
        .min(1, { error: "must list at least one tag (omit include for no include filter)" })
        .optional()
        .describe("Tags whose assets are scanned (tag_set_include), a set; not empty (omit it for no include filter)."),
      /** tag_set_exclude. Excluding nothing is the same as no exclude filter, so [] is accepted. */
      exclude: z.array(tagValue).optional().describe("Tags whose assets are not scanned (tag_set_exclude), a set."),
      includeSelector: z
        .enum(["any", "all"], SELECTOR)
        .default("any")
        .describe('Match "any" or "all" include tags (tag_include_selector). Default "any".'),
      excludeSelector: z
        .enum(["any", "all"], SELECTOR)
        .default("any")
        .describe('Match "any" or "all" exclude tags (tag_exclude_selector). Default "any".'),
    },
    unknownKeys("tags"),
  )
  .superRefine((v, ctx) => {
    const byId = v.setBy === "id" || v.setBy === undefined;
    for (const key of ["include", "exclude"] as const) {
      const list = v[key];
      if (!Array.isArray(list)) continue;
      list.forEach((t, i) => {
        if (typeof t !== "string") return;
        const issue = (message: string) => ctx.addIssue({ code: "custom", path: [key, i], message, input: t });
        if (t === "") issue("must not be empty");
        else if (byId && !/^\d+$/.test(t)) issue(`must be a numeric tag id when setBy is "id" (set setBy: "name" to use tag names)`);
        else if (t.includes(",")) issue("must not contain a comma (the API takes a comma-separated list)");
      });
    }
    if (!has(v.include) && !(Array.isArray(v.exclude) && v.exclude.length > 0)) {
      ctx.addIssue({ code: "custom", path: [], message: "tags needs include and/or exclude (selectors alone select nothing)", input: v });
    }
  }, always)
  .transform((v) => {
    const canon = (xs: string[]) => dedupe(v.setBy === "id" ? xs.map(canonicalDigits) : xs);
    const include = v.include === undefined ? undefined : canon(v.include);
    const exclude = v.exclude === undefined || v.exclude.length === 0 ? undefined : canon(v.exclude);
    return { setBy: v.setBy, include, exclude, includeSelector: v.includeSelector, excludeSelector: v.excludeSelector };
  });

// ---------------------------------------------------------------------------------------------
// Notifications
// ---------------------------------------------------------------------------------------------

/** "Include up to 4000 characters, no HTML tags." */
export const MAX_MESSAGE_CHARS = 4000;
/** A tag starts with `<` followed directly by a letter, `/` or `!` (so "a < b" is not a tag). */
const HTML_TAG = /<[!/]?[A-Za-z][^<>]*>|<!--/;

const message = multiLineString("")
  // Characters, not UTF-16 units: "é" or an emoji is one character to the user and to Qualys.
  .refine((s) => [...s].length <= MAX_MESSAGE_CHARS, { error: `must be at most ${MAX_MESSAGE_CHARS} characters` })
  .refine((s) => !HTML_TAG.test(s), { error: "must not contain HTML tags (the notes allow plain text only)" })
  // An empty message is no message: one spelling in state, and update clears it with "".
  .transform((s) => (s === "" ? undefined : s));

export const NOTIFY_TIME_RANGES = { days: [1, 31], hours: [1, 24], minutes: [5, 120] } as const;
export type NotifyUnit = keyof typeof NOTIFY_TIME_RANGES;

const beforeNotification = z
  .strictObject(
    {
      /** before_notify_unit (required when before_notify=1). */
      unit: z
        .enum(["days", "hours", "minutes"], { error: 'must be one of "days", "hours", "minutes"' })
        .describe('Unit of `time` (before_notify_unit): "days", "hours" or "minutes".'),
      /** before_notify_time; its range depends on the unit (checked below). */
      time: z
        .int({ error: "must be an integer" })
        .describe("How long before the scan (before_notify_time): days 1–31, hours 1–24, minutes 5–120."),
      message: message.optional().describe("Message text (before_notify_message), at most 4000 characters, no HTML."),
    },
    unknownKeys("notifications.before"),
  )
  .describe("A notification before the scan starts (before_notify=1).")
  .superRefine((v, ctx) => {
    if (typeof v.unit !== "string" || !(v.unit in NOTIFY_TIME_RANGES) || !isInt(v.time)) return;
    const [min, max] = NOTIFY_TIME_RANGES[v.unit];
    if (v.time < min || v.time > max) {
      ctx.addIssue({
        code: "custom",
        path: ["time"],
        message: `must be an integer from ${min} to ${max} when unit is "${v.unit}"`,
        input: v.time,
      });
    }
  }, always);

const afterNotification = z
  .strictObject(
    { message: message.optional().describe("Message text (after_notify_message), at most 4000 characters, no HTML.") },
    unknownKeys("notifications.after"),
  )
  .describe("A notification when the scan has finished (after_notify=1).");

const notificationsSchema = z
  .strictObject(
    {
      /** Sends before_notify=1 with its unit/time/message; absent = before_notify=0. */
      before: beforeNotification.optional().describe("Notify before the scan starts (unit, time, message); absent = before_notify=0."),
      /** Sends after_notify=1 with its message; absent = after_notify=0. */
      after: afterNotification.optional().describe("Notify when the scan has finished (message); absent = after_notify=0."),
      /** Distribution group ids; absent or [] = only the task owner is notified. */
      recipientGroupIds: z
        .array(numericId)
        .transform((xs) => (xs.length === 0 ? undefined : dedupe(xs)))
        .optional()
        .describe("Distribution group ids to notify (recipient_group_ids), a set; absent or [] = only the task owner."),
    },
    unknownKeys("notifications"),
  )
  .superRefine((v, ctx) => {
    if (Array.isArray(v.recipientGroupIds) && v.recipientGroupIds.length > 0 && !has(v.before) && !has(v.after)) {
      ctx.addIssue({
        code: "custom",
        path: ["recipientGroupIds"],
        message:
          "is only valid when notifications.before or notifications.after is set (recipient_group_ids needs before_notify=1 or after_notify=1)",
        input: v.recipientGroupIds,
      });
    }
  }, always);

// ---------------------------------------------------------------------------------------------
// The resource's inputs
// ---------------------------------------------------------------------------------------------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const cloudResourceId = listName.refine((s) => s.toLowerCase() !== "remove", {
  error: 'must not be "remove" (the API reads cloud_resource_ids=remove as "clear the list"; omit cloudResourceIds instead)',
});

function exactlyOne(v: Record<string, unknown>, ctx: z.RefinementCtx, a: string, b: string, api: string): void {
  if (has(v[a]) && has(v[b])) {
    ctx.addIssue({
      code: "custom",
      path: [b],
      message: `set exactly one of ${a} or ${b}, not both (${api} are mutually exclusive)`,
      input: v[b],
    });
  } else if (!has(v[a]) && !has(v[b])) {
    ctx.addIssue({
      code: "custom",
      path: [a],
      message: `exactly one of ${a} or ${b} is required (one of ${api} must be specified)`,
      input: undefined,
    });
  }
}

const inputsObject = z
  .strictObject(
    {
      /** scan_title. */
      title: nonEmpty
        .superRefine(maxChars("", TEXT_LIMITS.scanTitle))
        .describe(`Scan title (scan_title), at most ${TEXT_LIMITS.scanTitle} characters (the Qualys API's limit for scan titles).`),
      /** connector_name (one of connectorName / connectorUuid). */
      connectorName: nonEmpty
        .optional()
        .describe(
          'GCP connector name (connector_name); exactly one of connectorName / connectorUuid. Qualys rejects unknown names: "Invalid connector_name provided".',
        ),
      /**
       * connector_uuid. The notes type it "Integer", but it is the connector's UUID (004's
       * CLOUD_DETAILS/CONNECTOR/UUID, "8047abce-c3ac-…"): we follow reality and accept a UUID,
       * lower-cased as Qualys returns it.
       */
      connectorUuid: z
        .string()
        .trim()
        .refine((s) => UUID.test(s), { error: "must be a connector UUID such as 8047abce-c3ac-42e0-ad49-be4181d22c84" })
        .transform((s) => s.toLowerCase())
        .optional()
        .describe("GCP connector UUID (connector_uuid), stored lower case; exactly one of connectorName / connectorUuid."),
      /** option_title (one of optionProfileTitle / optionProfileId). */
      optionProfileTitle: nonEmpty
        .optional()
        .describe("Option profile title (option_title); exactly one of optionProfileTitle / optionProfileId."),
      /** option_id. */
      optionProfileId: numericId
        .optional()
        .describe("Option profile id (option_id), a number or a string of digits; exactly one of optionProfileTitle / optionProfileId."),
      /** iscanner_name (one of scannerNames / scannerIds); a set. */
      scannerNames: z
        .array(listName)
        .min(1, { error: "must list at least one scanner appliance" })
        .transform(dedupe)
        .optional()
        .describe("Scanner appliance names (iscanner_name), a set; exactly one of scannerNames / scannerIds."),
      /** iscanner_id; a set. */
      scannerIds: z
        .array(numericId)
        .min(1, { error: "must list at least one scanner appliance" })
        .transform(dedupe)
        .optional()
        .describe("Scanner appliance ids (iscanner_id), a set; exactly one of scannerNames / scannerIds."),
      /** active (required on create; we default it to an active schedule, what a declared job means). */
      active: z
        .boolean({ error: "must be true or false" })
        .default(true)
        .describe("Whether the schedule is active (active=1/0). Default true."),
      /** module: "Currently enabled for Policy Audit", i.e. only `cm`. */
      module: z
        .enum(["cm"], { error: 'must be "cm" (the only module the API supports for GCP internal scans)' })
        .default("cm")
        .describe('Module: only "cm" (Policy Audit) is supported. Default "cm".'),
      /** priority: 0 = No Priority (the API's default) … 9 = Low. */
      priority: intRange(0, 9)
        .default(0)
        .describe(
          "Processing priority 0–9: 0 No Priority (default), 1 Emergency, 2 Ultimate, 3 Critical, 4 Major, 5 High, 6 Standard, 7 Medium, 8 Minor, 9 Low.",
        ),
      /**
       * region_code. The notes' example list is AWS's (ap-northeast-1, …), clearly pasted from the
       * EC2 page, so no list is enforced; GCP region names are lower case, so we lower-case.
       */
      regionCode: nonEmpty
        .transform((s) => s.toLowerCase())
        .optional()
        .describe("GCP region code (region_code), stored lower case, e.g. us-central1. Compared on refresh only when set."),
      /**
       * virtual_network_id. Typed "Integer" in the notes, but both samples send a path,
       * `projects/<project>/virtualNetworks/<vpc>`: we accept a string (and a number, stringified,
       * in case a tenant really uses numeric ids).
       */
      virtualNetworkId: z
        .union([z.string(), z.number()], { error: "must be a string such as projects/<project>/virtualNetworks/<network>" })
        .transform((v) => String(v).trim())
        .refine((s) => s !== "", { error: "must not be empty" })
        .superRefine(oneLine)
        .optional()
        .describe(
          "GCP virtual network (virtual_network_id), e.g. projects/<project>/virtualNetworks/<network>. Compared on refresh only when set.",
        ),
      tags: tagsSchema
        .optional()
        .describe(
          "Asset tag target: setBy id|name (tag_set_by), include / exclude lists (sets) and their any|all selectors. Omit for no tag filter.",
        ),
      /**
       * cloud_resource_ids: "Only applicable for Update request". We still accept them on create,
       * because a user declaring a job with resource ids expects the job to scan exactly those:
       * create makes the job *inactive*, a follow-up update sets the ids (and activates the job
       * when `active` is true), so no run can start against the unrestricted scope in between (see
       * mapping.ts `toCreateFollowUpParams`). A set; [] is the same as absent (no restriction).
       */
      cloudResourceIds: z
        .array(cloudResourceId)
        .transform((xs) => (xs.length === 0 ? undefined : dedupe(xs)))
        .optional()
        .describe(
          "GCP instance ids to scan (cloud_resource_ids), a set. Set by a follow-up update after create (the job is created inactive until then). Not valid with a now schedule. Not shown by the schedule list: kept from state.",
        ),
      /** schedule (required on create): `now`, or recurring daily/weekly/monthly. */
      schedule: scheduleSchema.describe(
        'When the scan runs: {type: "now"} launches one scan when the resource is created (a one-shot: never relaunched by refresh; any change replaces it, i.e. launches a new scan), or a recurring daily / weekly / monthly schedule with a start time.',
      ),
      notifications: notificationsSchema
        .optional()
        .describe(
          "E-mail notifications: before (unit, time, message), after (message), recipientGroupIds (distribution groups). Not shown by the schedule list: kept from state.",
        ),
    },
    unknownKeys("a GcpInternalScanJob"),
  )
  .superRefine((v, ctx) => {
    exactlyOne(v, ctx, "connectorName", "connectorUuid", "connector_name / connector_uuid");
    exactlyOne(v, ctx, "optionProfileTitle", "optionProfileId", "option_title / option_id");
    exactlyOne(v, ctx, "scannerNames", "scannerIds", "iscanner_name / iscanner_id");

    const schedule = v.schedule as { type?: unknown } | undefined;
    if (schedule?.type === "now") {
      // A now job launches on create, before any follow-up update could restrict it, and every
      // change to a now job is a new launch (see replacementFor). Resource ids can never apply.
      if (Array.isArray(v.cloudResourceIds) && v.cloudResourceIds.length > 0) {
        ctx.addIssue({
          code: "custom",
          path: ["cloudResourceIds"],
          message:
            'is not valid with a "now" schedule: the API sets resource ids only by update, after a now scan has already launched; ' +
            "use a daily schedule with recurrence: 1 for a one-off scan of specific resources",
          input: v.cloudResourceIds,
        });
      }
      // "A notification before the scan starts" has no time to be sent for a scan that starts now.
      const n = v.notifications as { before?: unknown } | undefined;
      if (has(n?.before)) {
        ctx.addIssue({
          code: "custom",
          path: ["notifications", "before"],
          message: 'is not valid with a "now" schedule (a scan launched now has no time before its start to notify)',
          input: n?.before,
        });
      }
    }
  }, always);

/**
 * The inputs schema to `validate()` in `check`. The dynamic-provider machinery adds `__provider`
 * (the serialised provider module) to every input bag; it is never a user input, so it is dropped
 * before the strict object sees it.
 */
export const gcpInternalScanJobInputsSchema = z.preprocess((raw: z.input<typeof inputsObject>) => {
  if (typeof raw !== "object" || raw === null || !("__provider" in raw)) return raw;
  const { __provider: _ignored, ...rest } = raw as Record<string, unknown>;
  return rest;
}, inputsObject);

/** What a program writes (before defaults and normalisation). */
export type GcpInternalScanJobArgsShape = z.input<typeof gcpInternalScanJobInputsSchema>;
/** Validated, normalised inputs: what `check` returns and state holds. */
export type GcpInternalScanJobInputs = z.output<typeof gcpInternalScanJobInputsSchema>;
export type Schedule = GcpInternalScanJobInputs["schedule"];
export type NowSchedule = Extract<Schedule, { type: "now" }>;
export type RecurringSchedule = Exclude<Schedule, { type: "now" }>;
export type DailySchedule = Extract<Schedule, { type: "daily" }>;
export type WeeklySchedule = Extract<Schedule, { type: "weekly" }>;
export type MonthlySchedule = Extract<Schedule, { type: "monthly" }>;
export type StartTime = Pick<DailySchedule, keyof typeof startShape>;
export type Tags = NonNullable<GcpInternalScanJobInputs["tags"]>;
export type Notifications = NonNullable<GcpInternalScanJobInputs["notifications"]>;

/** The start-time fields, in the order they appear in the notes. */
export const START_TIME_KEYS = Object.keys(startShape) as Array<keyof StartTime>;

// ---------------------------------------------------------------------------------------------
// Replacement
// ---------------------------------------------------------------------------------------------

export const NOW_REPLACEMENT_REASON =
  'the schedule is "now": a now job is a one-shot launch, so changing it means launching a new scan (a replacement), not editing the one that already ran';
export const SCHEDULE_KIND_REPLACEMENT_REASON =
  'schedule.type switches between "now" and a recurring schedule: a one-shot launch and a recurring job are different jobs, so the job is replaced';

/**
 * Which changes replace the job instead of updating it in place, given the changed top-level
 * properties: a switch between "now" and a recurring schedule, or any change to a "now" job (a
 * one-shot launch: changing it means launching a new scan). Everything else (title, connector,
 * option profile, scanners, active, module, priority, region, network, tags, resource ids,
 * recurring schedule fields, notifications) is updated in place. `reasons` say why, for the user.
 */
export function replacementFor(
  olds: GcpInternalScanJobInputs,
  news: GcpInternalScanJobInputs,
  changed: readonly string[],
): { replaces: string[]; reasons: string[] } {
  if (changed.length === 0) return { replaces: [], reasons: [] };
  const oldNow = olds.schedule.type === "now";
  const newNow = news.schedule.type === "now";
  if (oldNow !== newNow) return { replaces: [...changed], reasons: [SCHEDULE_KIND_REPLACEMENT_REASON] };
  if (oldNow && newNow) return { replaces: [...changed], reasons: [NOW_REPLACEMENT_REASON] };
  return { replaces: [], reasons: [] };
}

/**
 * The diff policy of the resource, for the shared diff (provider/shared/diff.ts): every list in
 * these inputs is a set (scanners, resource ids, tag include/exclude, weekdays, recipient groups),
 * nothing is replaced by property name alone, and `replacementFor` decides by value.
 */
export const DIFF_POLICY: DiffSpec = {
  replaceOn: [],
  sets: [],
  allListsAreSets: true,
  ignore: [],
  replacement: (olds, news, changed) => replacementFor(olds as GcpInternalScanJobInputs, news as GcpInternalScanJobInputs, changed),
};

// ---------------------------------------------------------------------------------------------
// Outputs and registry entry
// ---------------------------------------------------------------------------------------------

/**
 * What the resource reports beside its (normalised) inputs. The `now` bookkeeping lives here, not in
 * the inputs: refresh never changes a `now` job's inputs (see mapping.ts `mergeRead`), so a finished
 * one-shot shows up as `launchState: "completed"` in the outputs and is never relaunched.
 */
export const gcpInternalScanJobObservedSchema = z.object({
  scheduleId: z.string().describe("The Qualys schedule id of the job (also the resource id)."),
  launched: z
    .boolean()
    .describe(
      'true for an active "now" job: creating it launched a scan. Nothing launches it again (not refresh, not an unchanged up); only a change, which is a replacement, launches a new scan.',
    ),
  launchedAt: z
    .string()
    .optional()
    .describe('When this resource launched its scan (ISO 8601, UTC, the provider\'s clock); "now" jobs only.'),
  launchState: z
    .enum(["launched", "completed"])
    .optional()
    .describe(
      '"now" jobs: "launched" while the schedule list still shows the job; "completed" once it has left the list (the scan ran and Qualys dropped the one-shot schedule, or someone deleted it: the list cannot tell which). Either way it is not launched again.',
    ),
  listed: z.boolean().describe("Whether the schedule-scan list showed the job at the last create, update or refresh."),
});

export type GcpInternalScanJobObserved = z.output<typeof gcpInternalScanJobObservedSchema>;
/** What state holds: the checked inputs plus the observed values. */
export type GcpInternalScanJobOutputs = GcpInternalScanJobInputs & GcpInternalScanJobObserved;
export const OBSERVED_KEYS = Object.keys(gcpInternalScanJobObservedSchema.shape) as Array<keyof GcpInternalScanJobObserved>;

/** Registry entry: what schema.json and the docs are generated from. */
export const gcpInternalScanJobSpec = {
  name: "GcpInternalScanJob",
  module: "gcp-internal-scan-job",
  apis: ["api"] as const,
  description:
    'A Qualys GCP instance-based (internal) scan job (/api/3.0/fo/scan/cloud/internal/job/), read back through the schedule-scan list (/api/5.0/fo/schedule/scan/). Create = action=create (+ one update for cloudResourceIds); update = action=update with only what changed; delete = schedule-scan action=delete. A schedule of type "now" is a one-shot launch: it is never relaunched by refresh, and any change to it is a replacement (a new scan).',
  // The object itself, not `gcpInternalScanJobInputsSchema`: the `__provider` preprocess step has no JSON schema.
  inputs: inputsObject,
  observed: gcpInternalScanJobObservedSchema,
  secretOutputs: [] as string[],
  naturalKey: "title",
};
