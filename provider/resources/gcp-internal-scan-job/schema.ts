/**
 * Inputs of the GcpInternalScanJob resource: a Qualys GCP instance-based (internal) scan job,
 * `/api/3.0/fo/scan/cloud/internal/job/` (the Policy Audit 1.11 release notes, "Scans API: Support for Google Cloud
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
import { multiLineString } from "../../shared/text";
import {
  always,
  canonicalDigits,
  has,
  intRange,
  isInt,
  listName,
  nonEmpty,
  numericId,
  oneLine,
  scheduleSchema,
  startShape,
  unknownKeys,
} from "./schedule-schema";

export { minResumeHours, WEEKDAYS, WEEKS_OF_MONTH, type Weekday, type WeekOfMonth } from "./schedule-schema";

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
