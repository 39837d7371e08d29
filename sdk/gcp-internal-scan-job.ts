/**
 * GcpInternalScanJob: a Qualys GCP instance-based (internal) scan job. See the README, "GcpInternalScanJob".
 *
 * `schedule: { type: "now" }` is a one-shot: creating the resource launches a scan, refresh never
 * launches it again (a finished one reads back as `launchState: "completed"`), and any change to it
 * is a replacement, i.e. a new scan. Recurring jobs (`daily`, `weekly`, `monthly`) are updated in place.
 */
import * as pulumi from "@pulumi/pulumi";
import type {
  GcpInternalScanJobInputs,
  GcpInternalScanJobArgsShape,
  GcpInternalScanJobObserved,
} from "../provider/resources/gcp-internal-scan-job/schema";
import type { ArgsOf } from "./types";

export type GcpInternalScanJobArgs = ArgsOf<GcpInternalScanJobArgsShape>;

/** Every property of the resource, so each has an Output even when the program leaves it out. */
const PROPERTIES = [
  "title",
  "connectorName",
  "connectorUuid",
  "optionProfileTitle",
  "optionProfileId",
  "scannerNames",
  "scannerIds",
  "active",
  "module",
  "priority",
  "regionCode",
  "virtualNetworkId",
  "tags",
  "cloudResourceIds",
  "schedule",
  "notifications",
  // observed
  "scheduleId",
  "launched",
  "launchedAt",
  "launchState",
  "listed",
] as const;

export class GcpInternalScanJob extends pulumi.dynamic.Resource {
  declare readonly title: pulumi.Output<string>;
  declare readonly connectorName: pulumi.Output<string | undefined>;
  declare readonly connectorUuid: pulumi.Output<string | undefined>;
  declare readonly optionProfileTitle: pulumi.Output<string | undefined>;
  declare readonly optionProfileId: pulumi.Output<string | undefined>;
  declare readonly scannerNames: pulumi.Output<string[] | undefined>;
  declare readonly scannerIds: pulumi.Output<string[] | undefined>;
  declare readonly active: pulumi.Output<boolean>;
  declare readonly module: pulumi.Output<GcpInternalScanJobInputs["module"]>;
  declare readonly priority: pulumi.Output<number>;
  declare readonly regionCode: pulumi.Output<string | undefined>;
  declare readonly virtualNetworkId: pulumi.Output<string | undefined>;
  declare readonly tags: pulumi.Output<GcpInternalScanJobInputs["tags"]>;
  declare readonly cloudResourceIds: pulumi.Output<string[] | undefined>;
  declare readonly schedule: pulumi.Output<GcpInternalScanJobInputs["schedule"]>;
  declare readonly notifications: pulumi.Output<GcpInternalScanJobInputs["notifications"]>;
  /** The Qualys schedule id (also the resource id). */
  declare readonly scheduleId: pulumi.Output<string>;
  /** A `now` job: creating it launched a scan. */
  declare readonly launched: pulumi.Output<boolean>;
  declare readonly launchedAt: pulumi.Output<string | undefined>;
  /** A `now` job: "launched" while listed, "completed" once it left the schedule list. */
  declare readonly launchState: pulumi.Output<GcpInternalScanJobObserved["launchState"]>;
  /** Whether the schedule list showed the job at the last create, update or refresh. */
  declare readonly listed: pulumi.Output<boolean>;

  constructor(name: string, args: GcpInternalScanJobArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = { ...args };
    for (const k of PROPERTIES) if (!(k in props)) props[k] = undefined;
    // The provider is the package's own module: `__provider` in state is `require(...)` of it.
    super(
      require("pulumi-qualys/dynamic/gcp-internal-scan-job") as pulumi.dynamic.ResourceProvider,
      name,
      props,
      opts,
      "qualys",
      "GcpInternalScanJob",
    );
  }
}
