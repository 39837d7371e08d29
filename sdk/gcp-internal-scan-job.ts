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
  notifications?: ArgsOf<GcpInternalScanJobArgsShape>["notifications"];
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
  schedule: ArgsOf<GcpInternalScanJobArgsShape>["schedule"];
  /** Asset tag target: setBy id|name (tag_set_by), include / exclude lists (sets) and their any|all selectors. Omit for no tag filter. */
  tags?: ArgsOf<GcpInternalScanJobArgsShape>["tags"];
  /** Scan title (scan_title), at most 2000 characters (the Qualys API's limit for scan titles). */
  title: ArgsOf<GcpInternalScanJobArgsShape>["title"];
  /** GCP virtual network (virtual_network_id), e.g. projects/<project>/virtualNetworks/<network>. Compared on refresh only when set. */
  virtualNetworkId?: ArgsOf<GcpInternalScanJobArgsShape>["virtualNetworkId"];
}
// END GENERATED

/** Every property of the resource (inputs and observed, from the schemas), so each has an Output even when the program leaves it out. */
const PROPERTIES = [...inputKeys(gcpInternalScanJobSpec), ...observedKeys(gcpInternalScanJobSpec)];

// Alike in shape to the other resource classes on purpose: the GENERATED blocks come from each resource's zod schema
// (make schema, checked for staleness by CI), and the constructor only names this resource's provider module.
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
