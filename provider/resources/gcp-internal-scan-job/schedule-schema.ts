/**
 * The building blocks of the GcpInternalScanJob inputs (ranges, one-line names, numeric ids) and its
 * schedule: the discriminated union of `now` and recurring daily/weekly/monthly schedules, with the
 * start-time group's "required with", minimum and pause/resume rules of the Scans API's parameter
 * tables (Policy Audit 1.11 release notes, "Scans API: Support for Google Cloud Platform
 * Instance-Based Scans"). schema.ts builds the whole inputs schema from these.
 */
import { z } from "zod";
import { singleLineError } from "../../shared/text";
// ---------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------

/**
 * Cross-field rules run even when a sibling field failed, so the user sees every problem in one
 * `preview` instead of one per round trip. Such rules therefore read possibly-raw values and must
 * check types before they compare (see `isInt`).
 */
export const always = { when: (p: z.core.ParsePayload) => typeof p.value === "object" && p.value !== null };

export function isInt(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v);
}

export function has(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/** An integer in [min, max]; the message states the range so the failure explains itself. */
export function intRange(min: number, max: number) {
  const error = `must be an integer from ${min} to ${max}`;
  return z.int({ error }).min(min, { error }).max(max, { error });
}

/** One line of text (no control character, tab, CR or LF included: shared/text.ts), trimmed, not empty. */
export const oneLine = (s: string, ctx: z.RefinementCtx) => {
  const err = singleLineError(s);
  if (err) ctx.addIssue({ code: "custom", message: err, input: s });
};
export const nonEmpty = z.string().trim().min(1, { error: "must not be empty" }).superRefine(oneLine);

/** Names that travel in comma-separated API parameters cannot contain a comma themselves. */
export const listName = nonEmpty.refine((s) => !s.includes(","), {
  error: "must not contain a comma (the API takes a comma-separated list)",
});

const NUMERIC_ID = "must be a numeric id (a positive integer, or a string of digits)";

export function canonicalDigits(s: string): string {
  return s.replace(/^0+(?=\d)/, "");
}

/**
 * Qualys ids (option profile, scanner appliance, tag, distribution group) as a canonical digit
 * string. Accepting numbers *and* strings lets programs pass ids from other resources either way;
 * storing one canonical string means `12` and `"012"` are the same id in state.
 */
export const numericId = z.union([z.number(), z.string()], { error: NUMERIC_ID }).transform((v, ctx): string => {
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
export const startShape = {
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
export function unknownKeys(what: string) {
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
