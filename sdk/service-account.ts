/**
 * ServiceAccount: a cloud account (GCP project, AWS account, Azure subscription) registered with
 * Qualys Flexscan and set up for snapshot scanning. See docs/service-account.md.
 */
import * as pulumi from "@pulumi/pulumi";
import { observedKeys } from "../provider/resources/spec";
import { serviceAccountSpec, type ServiceAccountArgsShape, type ServiceAccountOutputs } from "../provider/resources/service-account/schema";
import type { CleanupReminder } from "../provider/shared/notices";
import { withOwnedKey } from "./ownership";
import type { ArgsOf } from "./types";

// BEGIN GENERATED: args (make schema)
export interface ServiceAccountArgs {
  /** Cloud account identifier: GCP project ID (6–30 lowercase letters, digits, hyphens; or legacy example.com:my-project), AWS account ID (12 digits) or Azure subscription ID (a GUID). Changing it registers a new account. */
  accountId: ArgsOf<ServiceAccountArgsShape>["accountId"];
  /** Take over an account already registered in Qualys (its configuration is replaced by these inputs) instead of failing. */
  adopt?: ArgsOf<ServiceAccountArgsShape>["adopt"];
  /** Resources must have AT LEAST ONE of these tags. Same format as mustHaveTags. */
  atLeastOneTag?: ArgsOf<ServiceAccountArgsShape>["atLeastOneTag"];
  /** GCP, AWS or AZURE (any case; stored upper case). Changing it replaces the account. */
  cloudType: ArgsOf<ServiceAccountArgsShape>["cloudType"];
  /** Resources must have ALL of these tags (`key=value`; AWS also `key:value`; GCP labels only `=`). Stored lowercase. */
  mustHaveTags?: ArgsOf<ServiceAccountArgsShape>["mustHaveTags"];
  /** Resources with ANY of these tags are excluded. Same format as mustHaveTags. */
  noneOfTheTag?: ArgsOf<ServiceAccountArgsShape>["noneOfTheTag"];
  /** Regions to scan (a set; stored lowercase). Each must follow its cloud's region naming: AWS `<area>-<direction>-<1–20>` (us-east-1, us-gov-west-1), Azure the lowercase location name (eastus, westeurope), GCP `<continent>-<direction><1–20>` (us-central1, europe-west4). Removing a region leaves its subnet behind: see cleanupReminders. */
  regions: ArgsOf<ServiceAccountArgsShape>["regions"];
  /** Resource types to scan; only `vm`. */
  resourceTypes?: ArgsOf<ServiceAccountArgsShape>["resourceTypes"];
  /** Scan interval in hours, 24–720. Not returned by Qualys: kept from state on refresh. */
  scanInterval?: ArgsOf<ServiceAccountArgsShape>["scanInterval"];
  /** VM scan types: `os`, `sca` (sca needs os). Not returned by Qualys: kept from state on refresh. */
  vmScanTypes?: ArgsOf<ServiceAccountArgsShape>["vmScanTypes"];
}
// END GENERATED
export type { CleanupReminder };

// The GENERATED blocks come from the resource's zod schema (make schema, checked for staleness by CI); the
// constructor names this resource's provider module.
export class ServiceAccount extends pulumi.dynamic.Resource {
  // BEGIN GENERATED: outputs (make schema)
  /** Cloud account identifier: GCP project ID (6–30 lowercase letters, digits, hyphens; or legacy example.com:my-project), AWS account ID (12 digits) or Azure subscription ID (a GUID). Changing it registers a new account. */
  declare readonly accountId: pulumi.Output<string>;
  /** Take over an account already registered in Qualys (its configuration is replaced by these inputs) instead of failing. */
  declare readonly adopt: pulumi.Output<boolean>;
  /** Resources must have AT LEAST ONE of these tags. Same format as mustHaveTags. */
  declare readonly atLeastOneTag: pulumi.Output<string[]>;
  /** GCP, AWS or AZURE (any case; stored upper case). Changing it replaces the account. */
  declare readonly cloudType: pulumi.Output<ServiceAccountOutputs["cloudType"]>;
  /** Resources must have ALL of these tags (`key=value`; AWS also `key:value`; GCP labels only `=`). Stored lowercase. */
  declare readonly mustHaveTags: pulumi.Output<string[]>;
  /** Resources with ANY of these tags are excluded. Same format as mustHaveTags. */
  declare readonly noneOfTheTag: pulumi.Output<string[]>;
  /** Regions to scan (a set; stored lowercase). Each must follow its cloud's region naming: AWS `<area>-<direction>-<1–20>` (us-east-1, us-gov-west-1), Azure the lowercase location name (eastus, westeurope), GCP `<continent>-<direction><1–20>` (us-central1, europe-west4). Removing a region leaves its subnet behind: see cleanupReminders. */
  declare readonly regions: pulumi.Output<string[]>;
  /** Resource types to scan; only `vm`. */
  declare readonly resourceTypes: pulumi.Output<string[]>;
  /** Scan interval in hours, 24–720. Not returned by Qualys: kept from state on refresh. */
  declare readonly scanInterval: pulumi.Output<number>;
  /** VM scan types: `os`, `sca` (sca needs os). Not returned by Qualys: kept from state on refresh. */
  declare readonly vmScanTypes: pulumi.Output<string[]>;
  /** Regions the last setup added. */
  declare readonly addedRegions: pulumi.Output<string[]>;
  /** Cloud resources Qualys left behind that must be deleted by hand (see docs/service-account.md, "Cleanup reminders"). */
  declare readonly cleanupReminders: pulumi.Output<CleanupReminder[]>;
  /** Per-region infrastructure Qualys provisioned (VPC/VNet, subnet ids). */
  declare readonly cloudInfo: pulumi.Output<Record<string, Record<string, unknown>>>;
  /** Connector UUID Qualys assigned. */
  declare readonly connectorUuid: pulumi.Output<string | undefined>;
  /** Portal UUID Qualys assigned. */
  declare readonly portalUuid: pulumi.Output<string | undefined>;
  /** When the account was registered (as Qualys prints it). */
  declare readonly registeredAt: pulumi.Output<string | undefined>;
  /** Regions the last setup removed. */
  declare readonly removedRegions: pulumi.Output<string[]>;
  /** Provisioning state reported by Qualys (REGISTERED, ACTIVE, INACTIVE, ERROR). */
  declare readonly state: pulumi.Output<string>;
  // END GENERATED

  constructor(name: string, args: ServiceAccountArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = { ...args };
    // Outputs Qualys reports beside the inputs, from the observed schema: undefined so the engine fills them.
    for (const k of observedKeys(serviceAccountSpec)) props[k] = undefined;
    // The provider is the package's own module: `__provider` in state is `require(...)` of it.
    super(
      require("pulumi-qualys/dynamic/service-account") as pulumi.dynamic.ResourceProvider,
      name,
      withOwnedKey(serviceAccountSpec, name, props),
      opts,
      "qualys",
      "ServiceAccount",
    );
  }
}
