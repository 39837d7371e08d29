/**
 * GcpInternalScanJob: a Qualys GCP instance-based (internal) scan job. See docs/gcp-internal-scan-job.md.
 *
 * `schedule: { type: "now" }` is a one-shot: creating the resource launches a scan, refresh never
 * launches it again (a finished one reads back as `launchState: "completed"`), and any change to it
 * is a replacement, i.e. a new scan. Recurring jobs (`daily`, `weekly`, `monthly`) are updated in place.
 */
import * as pulumi from "@pulumi/pulumi";
import { inputKeys, observedKeys } from "../provider/resources/spec";
import {
  gcpInternalScanJobSpec,
  type GcpInternalScanJobInputs,
  type GcpInternalScanJobArgsShape,
  type GcpInternalScanJobObserved,
} from "../provider/resources/gcp-internal-scan-job/schema";
import { withOwnedKey } from "./ownership";
import type { ArgsOf } from "./types";

// BEGIN GENERATED: args (make schema)
export interface GcpInternalScanJobArgs {
  /** Whether the schedule is active (active=1/0). Default true. */
  active?: ArgsOf<GcpInternalScanJobArgsShape>["active"];
  /** GCP instance ids to scan (cloud_resource_ids), a set. Set by a follow-up update after create (the job is created inactive until then). Not valid with a now schedule. Not shown by the schedule list: kept from state. */
  cloudResourceIds?: ArgsOf<GcpInternalScanJobArgsShape>["cloudResourceIds"];
  /** GCP connector name (connector_name); exactly one of connectorName / connectorUuid. Qualys rejects unknown names: "Invalid connector_name provided". */
  connectorName?: ArgsOf<GcpInternalScanJobArgsShape>["connectorName"];
  /** GCP connector UUID (connector_uuid), stored lower case; exactly one of connectorName / connectorUuid. */
  connectorUuid?: ArgsOf<GcpInternalScanJobArgsShape>["connectorUuid"];
  /** Module: only "cm" (Policy Audit) is supported. Default "cm". */
  module?: ArgsOf<GcpInternalScanJobArgsShape>["module"];
  /** E-mail notifications: before (unit, time, message), after (message), recipientGroupIds (distribution groups). Not shown by the schedule list: kept from state. */
  notifications?: pulumi.Input<GcpInternalScanJobNotificationsArgs> | pulumi.Input<undefined>;
  /** Option profile id (option_id), a number or a string of digits; exactly one of optionProfileTitle / optionProfileId. */
  optionProfileId?: ArgsOf<GcpInternalScanJobArgsShape>["optionProfileId"];
  /** Option profile title (option_title); exactly one of optionProfileTitle / optionProfileId. */
  optionProfileTitle?: ArgsOf<GcpInternalScanJobArgsShape>["optionProfileTitle"];
  /** Processing priority 0–9: 0 No Priority (default), 1 Emergency, 2 Ultimate, 3 Critical, 4 Major, 5 High, 6 Standard, 7 Medium, 8 Minor, 9 Low. */
  priority?: ArgsOf<GcpInternalScanJobArgsShape>["priority"];
  /** GCP region code (region_code), stored lower case, e.g. us-central1. Compared on refresh only when set. */
  regionCode?: ArgsOf<GcpInternalScanJobArgsShape>["regionCode"];
  /** Scanner appliance ids (iscanner_id), a set; exactly one of scannerNames / scannerIds. */
  scannerIds?: ArgsOf<GcpInternalScanJobArgsShape>["scannerIds"];
  /** Scanner appliance names (iscanner_name), a set; exactly one of scannerNames / scannerIds. */
  scannerNames?: ArgsOf<GcpInternalScanJobArgsShape>["scannerNames"];
  /** When the scan runs: {type: "now"} launches one scan when the resource is created (a one-shot: never relaunched by refresh; any change replaces it, i.e. launches a new scan), or a recurring daily / weekly / monthly schedule with a start time. */
  schedule:
    | pulumi.Input<GcpInternalScanJobScheduleNowArgs>
    | pulumi.Input<GcpInternalScanJobScheduleDailyArgs>
    | pulumi.Input<GcpInternalScanJobScheduleWeeklyArgs>
    | pulumi.Input<GcpInternalScanJobScheduleMonthlyArgs>;
  /** Asset tag target: setBy id|name (tag_set_by), include / exclude lists (sets) and their any|all selectors. Omit for no tag filter. */
  tags?: pulumi.Input<GcpInternalScanJobTagsArgs> | pulumi.Input<undefined>;
  /** Scan title (scan_title), at most 2000 characters (the Qualys API's limit for scan titles). */
  title: ArgsOf<GcpInternalScanJobArgsShape>["title"];
  /** GCP virtual network (virtual_network_id), e.g. projects/<project>/virtualNetworks/<network>. Compared on refresh only when set. */
  virtualNetworkId?: ArgsOf<GcpInternalScanJobArgsShape>["virtualNetworkId"];
}

/** E-mail notifications: before (unit, time, message), after (message), recipientGroupIds (distribution groups). Not shown by the schedule list: kept from state. */
export interface GcpInternalScanJobNotificationsArgs {
  /** Notify when the scan has finished (message); absent = after_notify=0. */
  after?: pulumi.Input<GcpInternalScanJobNotificationsAfterArgs> | pulumi.Input<undefined>;
  /** Notify before the scan starts (unit, time, message); absent = before_notify=0. */
  before?: pulumi.Input<GcpInternalScanJobNotificationsBeforeArgs> | pulumi.Input<undefined>;
  /** Distribution group ids to notify (recipient_group_ids), a set; absent or [] = only the task owner. */
  recipientGroupIds?: ArgsOf<NonNullable<GcpInternalScanJobArgsShape["notifications"]>>["recipientGroupIds"];
}

/** Notify when the scan has finished (message); absent = after_notify=0. */
export interface GcpInternalScanJobNotificationsAfterArgs {
  /** Message text (after_notify_message), at most 4000 characters, no HTML. */
  message?: ArgsOf<NonNullable<NonNullable<GcpInternalScanJobArgsShape["notifications"]>["after"]>>["message"];
}

/** Notify before the scan starts (unit, time, message); absent = before_notify=0. */
export interface GcpInternalScanJobNotificationsBeforeArgs {
  /** Message text (before_notify_message), at most 4000 characters, no HTML. */
  message?: ArgsOf<NonNullable<NonNullable<GcpInternalScanJobArgsShape["notifications"]>["before"]>>["message"];
  /** How long before the scan (before_notify_time): days 1–31, hours 1–24, minutes 5–120. */
  time: ArgsOf<NonNullable<NonNullable<GcpInternalScanJobArgsShape["notifications"]>["before"]>>["time"];
  /** Unit of `time` (before_notify_unit): "days", "hours" or "minutes". */
  unit: ArgsOf<NonNullable<NonNullable<GcpInternalScanJobArgsShape["notifications"]>["before"]>>["unit"];
}

/** A one-shot launch when the resource is created: never relaunched by refresh; any change replaces it. */
export interface GcpInternalScanJobScheduleNowArgs {
  /** "now": launch one scan when the resource is created. */
  type: "now";
}

/** A schedule that runs every N days at a start time. */
export interface GcpInternalScanJobScheduleDailyArgs {
  /** End a run after this many hours (end_after), 0–119. */
  endAfterHours?: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "daily" }>>["endAfterHours"];
  /** … and minutes (end_after_mins), 0–59; needs endAfterHours. */
  endAfterMinutes?: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "daily" }>>["endAfterMinutes"];
  /** Run every N days (frequency_days), 1–365. */
  frequencyDays: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "daily" }>>["frequencyDays"];
  /** Observe daylight saving time (observe_dst). Default false. */
  observeDst?: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "daily" }>>["observeDst"];
  /** Pause a run after this many hours (pause_after_hours), 0–119. */
  pauseAfterHours?: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "daily" }>>["pauseAfterHours"];
  /** … and minutes (pause_after_mins), 0–59. */
  pauseAfterMinutes?: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "daily" }>>["pauseAfterMinutes"];
  /** Runs before the schedule deactivates itself (recurrence), 1–99; absent = no limit. */
  recurrence?: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "daily" }>>["recurrence"];
  /** Resume a paused run after this many days (resume_in_days), 0–9, or "manually". */
  resumeInDays?: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "daily" }>>["resumeInDays"];
  /** … and hours (resume_in_hours), 0–23. */
  resumeInHours?: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "daily" }>>["resumeInHours"];
  /** First run's date (start_date), mm/dd/yyyy; default: the day the schedule is created. */
  startDate?: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "daily" }>>["startDate"];
  /** Start hour (start_hour), 0–23, in the time zone `timeZoneCode`. */
  startHour: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "daily" }>>["startHour"];
  /** Start minute (start_minute), 0–59. */
  startMinute: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "daily" }>>["startMinute"];
  /** Qualys time zone code (time_zone_code), e.g. US-CA; stored upper case. */
  timeZoneCode: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "daily" }>>["timeZoneCode"];
  /** "daily". */
  type: "daily";
}

/** A schedule that runs every N weeks on the given weekdays at a start time. */
export interface GcpInternalScanJobScheduleWeeklyArgs {
  /** End a run after this many hours (end_after), 0–119. */
  endAfterHours?: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "weekly" }>>["endAfterHours"];
  /** … and minutes (end_after_mins), 0–59; needs endAfterHours. */
  endAfterMinutes?: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "weekly" }>>["endAfterMinutes"];
  /** Run every N weeks (frequency_weeks), 1–52. */
  frequencyWeeks: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "weekly" }>>["frequencyWeeks"];
  /** Observe daylight saving time (observe_dst). Default false. */
  observeDst?: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "weekly" }>>["observeDst"];
  /** Pause a run after this many hours (pause_after_hours), 0–119. */
  pauseAfterHours?: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "weekly" }>>["pauseAfterHours"];
  /** … and minutes (pause_after_mins), 0–59. */
  pauseAfterMinutes?: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "weekly" }>>["pauseAfterMinutes"];
  /** Runs before the schedule deactivates itself (recurrence), 1–99; absent = no limit. */
  recurrence?: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "weekly" }>>["recurrence"];
  /** Resume a paused run after this many days (resume_in_days), 0–9, or "manually". */
  resumeInDays?: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "weekly" }>>["resumeInDays"];
  /** … and hours (resume_in_hours), 0–23. */
  resumeInHours?: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "weekly" }>>["resumeInHours"];
  /** First run's date (start_date), mm/dd/yyyy; default: the day the schedule is created. */
  startDate?: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "weekly" }>>["startDate"];
  /** Start hour (start_hour), 0–23, in the time zone `timeZoneCode`. */
  startHour: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "weekly" }>>["startHour"];
  /** Start minute (start_minute), 0–59. */
  startMinute: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "weekly" }>>["startMinute"];
  /** Qualys time zone code (time_zone_code), e.g. US-CA; stored upper case. */
  timeZoneCode: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "weekly" }>>["timeZoneCode"];
  /** "weekly". */
  type: "weekly";
  /** Days to run on (weekdays), a set of Sunday … Saturday in any case; stored capitalised in calendar order. */
  weekdays: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "weekly" }>>["weekdays"];
}

/** A schedule that runs every N months on a day of the month, or a day in the Nth week, at a start time. */
export interface GcpInternalScanJobScheduleMonthlyArgs {
  /** Nth day of the month (day_of_month), 1–31; or dayOfWeek with weekOfMonth. */
  dayOfMonth?: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "monthly" }>>["dayOfMonth"];
  /** Day in the Nth week (day_of_week): 0 = Sunday … 6 = Saturday; with weekOfMonth. */
  dayOfWeek?: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "monthly" }>>["dayOfWeek"];
  /** End a run after this many hours (end_after), 0–119. */
  endAfterHours?: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "monthly" }>>["endAfterHours"];
  /** … and minutes (end_after_mins), 0–59; needs endAfterHours. */
  endAfterMinutes?: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "monthly" }>>["endAfterMinutes"];
  /** Run every N months (frequency_months), 1–12. */
  frequencyMonths: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "monthly" }>>["frequencyMonths"];
  /** Observe daylight saving time (observe_dst). Default false. */
  observeDst?: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "monthly" }>>["observeDst"];
  /** Pause a run after this many hours (pause_after_hours), 0–119. */
  pauseAfterHours?: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "monthly" }>>["pauseAfterHours"];
  /** … and minutes (pause_after_mins), 0–59. */
  pauseAfterMinutes?: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "monthly" }>>["pauseAfterMinutes"];
  /** Runs before the schedule deactivates itself (recurrence), 1–99; absent = no limit. */
  recurrence?: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "monthly" }>>["recurrence"];
  /** Resume a paused run after this many days (resume_in_days), 0–9, or "manually". */
  resumeInDays?: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "monthly" }>>["resumeInDays"];
  /** … and hours (resume_in_hours), 0–23. */
  resumeInHours?: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "monthly" }>>["resumeInHours"];
  /** First run's date (start_date), mm/dd/yyyy; default: the day the schedule is created. */
  startDate?: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "monthly" }>>["startDate"];
  /** Start hour (start_hour), 0–23, in the time zone `timeZoneCode`. */
  startHour: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "monthly" }>>["startHour"];
  /** Start minute (start_minute), 0–59. */
  startMinute: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "monthly" }>>["startMinute"];
  /** Qualys time zone code (time_zone_code), e.g. US-CA; stored upper case. */
  timeZoneCode: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "monthly" }>>["timeZoneCode"];
  /** "monthly". */
  type: "monthly";
  /** Which week (week_of_month): first, second, third, fourth or last; with dayOfWeek. */
  weekOfMonth?: ArgsOf<Extract<NonNullable<GcpInternalScanJobArgsShape["schedule"]>, { type: "monthly" }>>["weekOfMonth"];
}

/** Asset tag target: setBy id|name (tag_set_by), include / exclude lists (sets) and their any|all selectors. Omit for no tag filter. */
export interface GcpInternalScanJobTagsArgs {
  /** Tags whose assets are not scanned (tag_set_exclude), a set. */
  exclude?: ArgsOf<NonNullable<GcpInternalScanJobArgsShape["tags"]>>["exclude"];
  /** Match "any" or "all" exclude tags (tag_exclude_selector). Default "any". */
  excludeSelector?: ArgsOf<NonNullable<GcpInternalScanJobArgsShape["tags"]>>["excludeSelector"];
  /** Tags whose assets are scanned (tag_set_include), a set; not empty (omit it for no include filter). */
  include?: ArgsOf<NonNullable<GcpInternalScanJobArgsShape["tags"]>>["include"];
  /** Match "any" or "all" include tags (tag_include_selector). Default "any". */
  includeSelector?: ArgsOf<NonNullable<GcpInternalScanJobArgsShape["tags"]>>["includeSelector"];
  /** How include/exclude name tags (tag_set_by): "id" or "name". Default "id". */
  setBy?: ArgsOf<NonNullable<GcpInternalScanJobArgsShape["tags"]>>["setBy"];
}
// END GENERATED

/** Every property of the resource (inputs and observed, from the schemas), so each has an Output even when the program leaves it out. */
const PROPERTIES = [...inputKeys(gcpInternalScanJobSpec), ...observedKeys(gcpInternalScanJobSpec)];

// The GENERATED blocks come from the resource's zod schema (make schema, checked for staleness by CI); the
// constructor names this resource's provider module.
export class GcpInternalScanJob extends pulumi.dynamic.Resource {
  // BEGIN GENERATED: outputs (make schema)
  /** Whether the schedule is active (active=1/0). Default true. */
  declare readonly active: pulumi.Output<boolean>;
  /** GCP instance ids to scan (cloud_resource_ids), a set. Set by a follow-up update after create (the job is created inactive until then). Not valid with a now schedule. Not shown by the schedule list: kept from state. */
  declare readonly cloudResourceIds: pulumi.Output<string[] | undefined>;
  /** GCP connector name (connector_name); exactly one of connectorName / connectorUuid. Qualys rejects unknown names: "Invalid connector_name provided". */
  declare readonly connectorName: pulumi.Output<string | undefined>;
  /** GCP connector UUID (connector_uuid), stored lower case; exactly one of connectorName / connectorUuid. */
  declare readonly connectorUuid: pulumi.Output<string | undefined>;
  /** Module: only "cm" (Policy Audit) is supported. Default "cm". */
  declare readonly module: pulumi.Output<GcpInternalScanJobInputs["module"]>;
  /** E-mail notifications: before (unit, time, message), after (message), recipientGroupIds (distribution groups). Not shown by the schedule list: kept from state. */
  declare readonly notifications: pulumi.Output<GcpInternalScanJobInputs["notifications"]>;
  /** Option profile id (option_id), a number or a string of digits; exactly one of optionProfileTitle / optionProfileId. */
  declare readonly optionProfileId: pulumi.Output<string | undefined>;
  /** Option profile title (option_title); exactly one of optionProfileTitle / optionProfileId. */
  declare readonly optionProfileTitle: pulumi.Output<string | undefined>;
  /** Processing priority 0–9: 0 No Priority (default), 1 Emergency, 2 Ultimate, 3 Critical, 4 Major, 5 High, 6 Standard, 7 Medium, 8 Minor, 9 Low. */
  declare readonly priority: pulumi.Output<number>;
  /** GCP region code (region_code), stored lower case, e.g. us-central1. Compared on refresh only when set. */
  declare readonly regionCode: pulumi.Output<string | undefined>;
  /** Scanner appliance ids (iscanner_id), a set; exactly one of scannerNames / scannerIds. */
  declare readonly scannerIds: pulumi.Output<string[] | undefined>;
  /** Scanner appliance names (iscanner_name), a set; exactly one of scannerNames / scannerIds. */
  declare readonly scannerNames: pulumi.Output<string[] | undefined>;
  /** When the scan runs: {type: "now"} launches one scan when the resource is created (a one-shot: never relaunched by refresh; any change replaces it, i.e. launches a new scan), or a recurring daily / weekly / monthly schedule with a start time. */
  declare readonly schedule: pulumi.Output<GcpInternalScanJobInputs["schedule"]>;
  /** Asset tag target: setBy id|name (tag_set_by), include / exclude lists (sets) and their any|all selectors. Omit for no tag filter. */
  declare readonly tags: pulumi.Output<GcpInternalScanJobInputs["tags"]>;
  /** Scan title (scan_title), at most 2000 characters (the Qualys API's limit for scan titles). */
  declare readonly title: pulumi.Output<string>;
  /** GCP virtual network (virtual_network_id), e.g. projects/<project>/virtualNetworks/<network>. Compared on refresh only when set. */
  declare readonly virtualNetworkId: pulumi.Output<string | undefined>;
  /** "now" jobs: "launched" while the schedule list still shows the job; "completed" once it has left the list (the scan ran and Qualys dropped the one-shot schedule, or someone deleted it: the list cannot tell which). Either way it is not launched again. */
  declare readonly launchState: pulumi.Output<GcpInternalScanJobObserved["launchState"]>;
  /** true for an active "now" job: creating it launched a scan. Nothing launches it again (not refresh, not an unchanged up); only a change, which is a replacement, launches a new scan. */
  declare readonly launched: pulumi.Output<boolean>;
  /** When this resource launched its scan (ISO 8601, UTC, the provider's clock); "now" jobs only. */
  declare readonly launchedAt: pulumi.Output<string | undefined>;
  /** Whether the schedule-scan list showed the job at the last create, update or refresh. */
  declare readonly listed: pulumi.Output<boolean>;
  /** The Qualys schedule id of the job (also the resource id). */
  declare readonly scheduleId: pulumi.Output<string>;
  // END GENERATED

  constructor(name: string, args: GcpInternalScanJobArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = { ...args };
    for (const k of PROPERTIES) if (!(k in props)) props[k] = undefined;
    // The provider is the package's own module: `__provider` in state is `require(...)` of it.
    super(
      require("pulumi-qualys/dynamic/gcp-internal-scan-job") as pulumi.dynamic.ResourceProvider,
      name,
      withOwnedKey(gcpInternalScanJobSpec, name, props),
      opts,
      "qualys",
      "GcpInternalScanJob",
    );
  }
}
