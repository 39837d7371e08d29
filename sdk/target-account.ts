/**
 * TargetAccount: a child account (AWS Organization member account, Azure target subscription) that
 * Qualys discovered under a registered service account, set up with its own scan configuration.
 * See docs/target-account.md.
 *
 * Tag lists: leave one out to inherit the parent's; `[]` means no filtering for that list.
 */
import * as pulumi from "@pulumi/pulumi";
import { observedKeys } from "../provider/resources/spec";
import { targetAccountSpec, type OnDelete, type TargetAccountArgsShape } from "../provider/resources/target-account/schema";
import { withOwnedKey } from "./ownership";
import type { ArgsOf } from "./types";

// BEGIN GENERATED: args (make schema)
export interface TargetAccountArgs {
  /** Target account identifier as Qualys discovered it (e.g. an AWS Organization member account id). Changing it manages another target. */
  accountId: ArgsOf<TargetAccountArgsShape>["accountId"];
  /** Take over a target already configured in Qualys (its configuration is replaced by these inputs) instead of failing. */
  adopt?: ArgsOf<TargetAccountArgsShape>["adopt"];
  /** Resources must have AT LEAST ONE of these tags. Leave out to inherit the parent's list; `[]` = no filtering. */
  atLeastOneTag?: ArgsOf<TargetAccountArgsShape>["atLeastOneTag"];
  /** Resources must have ALL of these tags (`key=value`; AWS also `key:value`; GCP labels only `=`). Leave out to INHERIT the parent's list; `[]` = no filtering (overrides the parent). */
  mustHaveTags?: ArgsOf<TargetAccountArgsShape>["mustHaveTags"];
  /** Resources with ANY of these tags are excluded. Leave out to inherit the parent's list; `[]` = no filtering. */
  noneOfTheTag?: ArgsOf<TargetAccountArgsShape>["noneOfTheTag"];
  /** What deleting the resource does; Qualys has no API to remove a target. "stop-scanning" (default): set the target up so that it selects no VM (mustHaveTags ["pulumi-qualys-scan=stopped"], scanInterval 720); "retain": leave its configuration as it is, with a warning. */
  onDelete?: ArgsOf<TargetAccountArgsShape>["onDelete"];
  /** Regions to scan (a set; stored lowercase); must be a subset of the parent service account's regions. Each must be a region name of some cloud (AWS us-east-1, Azure eastus, GCP us-central1); the parent's cloud is checked by Qualys. */
  regions: ArgsOf<TargetAccountArgsShape>["regions"];
  /** Resource types to scan; only `vm` (default). */
  resourceTypes?: ArgsOf<TargetAccountArgsShape>["resourceTypes"];
  /** Scan interval in hours, 24–720 (default 24). Not returned by Qualys: kept from state on refresh. */
  scanInterval?: ArgsOf<TargetAccountArgsShape>["scanInterval"];
  /** The parent service account (pass the ServiceAccount's `accountId` output, which also orders create/destroy). Checked against the parent Qualys reports for the target: a mismatch is an error. */
  serviceAccountId: ArgsOf<TargetAccountArgsShape>["serviceAccountId"];
  /** VM scan types: `os`, `sca`, `secret` (sca needs os; default ["os"]); must be a subset of the parent's scan types, which only Qualys can check. Not returned by Qualys. */
  vmScanTypes?: ArgsOf<TargetAccountArgsShape>["vmScanTypes"];
}
// END GENERATED

// The GENERATED blocks come from the resource's zod schema (make schema, checked for staleness by CI); the
// constructor names this resource's provider module.
export class TargetAccount extends pulumi.dynamic.Resource {
  // BEGIN GENERATED: outputs (make schema)
  /** Target account identifier as Qualys discovered it (e.g. an AWS Organization member account id). Changing it manages another target. */
  declare readonly accountId: pulumi.Output<string>;
  /** Take over a target already configured in Qualys (its configuration is replaced by these inputs) instead of failing. */
  declare readonly adopt: pulumi.Output<boolean>;
  /** Resources must have AT LEAST ONE of these tags. Leave out to inherit the parent's list; `[]` = no filtering. */
  declare readonly atLeastOneTag: pulumi.Output<string[] | undefined>;
  /** Resources must have ALL of these tags (`key=value`; AWS also `key:value`; GCP labels only `=`). Leave out to INHERIT the parent's list; `[]` = no filtering (overrides the parent). */
  declare readonly mustHaveTags: pulumi.Output<string[] | undefined>;
  /** Resources with ANY of these tags are excluded. Leave out to inherit the parent's list; `[]` = no filtering. */
  declare readonly noneOfTheTag: pulumi.Output<string[] | undefined>;
  /** What deleting the resource does; Qualys has no API to remove a target. "stop-scanning" (default): set the target up so that it selects no VM (mustHaveTags ["pulumi-qualys-scan=stopped"], scanInterval 720); "retain": leave its configuration as it is, with a warning. */
  declare readonly onDelete: pulumi.Output<OnDelete>;
  /** Regions to scan (a set; stored lowercase); must be a subset of the parent service account's regions. Each must be a region name of some cloud (AWS us-east-1, Azure eastus, GCP us-central1); the parent's cloud is checked by Qualys. */
  declare readonly regions: pulumi.Output<string[]>;
  /** Resource types to scan; only `vm` (default). */
  declare readonly resourceTypes: pulumi.Output<string[]>;
  /** Scan interval in hours, 24–720 (default 24). Not returned by Qualys: kept from state on refresh. */
  declare readonly scanInterval: pulumi.Output<number>;
  /** The parent service account (pass the ServiceAccount's `accountId` output, which also orders create/destroy). Checked against the parent Qualys reports for the target: a mismatch is an error. */
  declare readonly serviceAccountId: pulumi.Output<string>;
  /** VM scan types: `os`, `sca`, `secret` (sca needs os; default ["os"]); must be a subset of the parent's scan types, which only Qualys can check. Not returned by Qualys. */
  declare readonly vmScanTypes: pulumi.Output<string[]>;
  /** Regions the last setup added. */
  declare readonly addedRegions: pulumi.Output<string[]>;
  /** Per-region infrastructure the target uses (inherited from the parent). */
  declare readonly cloudInfo: pulumi.Output<Record<string, Record<string, unknown>>>;
  /** Cloud of the target (the parent's), as Qualys reports it. */
  declare readonly cloudType: pulumi.Output<string | undefined>;
  /** Connector UUID Qualys reports for the target. */
  declare readonly connectorUuid: pulumi.Output<string | undefined>;
  /** When Qualys first knew the target (its createdAt). */
  declare readonly discoveredAt: pulumi.Output<string | undefined>;
  /** Tag lists left out, which therefore inherit the parent's value (mustHaveTags, atLeastOneTag, noneOfTheTag). */
  declare readonly inheritedTagLists: pulumi.Output<string[]>;
  /** Regions the parent service account was set up for when last seen. */
  declare readonly parentRegions: pulumi.Output<string[]>;
  /** Portal UUID Qualys assigned. */
  declare readonly portalUuid: pulumi.Output<string | undefined>;
  /** Regions the last setup removed. */
  declare readonly removedRegions: pulumi.Output<string[]>;
  /** State reported by Qualys; derived from the parent service account (REGISTERED, ACTIVE, INACTIVE, ERROR). */
  declare readonly state: pulumi.Output<string>;
  // END GENERATED

  constructor(name: string, args: TargetAccountArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = { ...args };
    // Outputs Qualys reports beside the inputs, from the observed schema: undefined so the engine fills them.
    for (const k of observedKeys(targetAccountSpec)) props[k] = undefined;
    // The tag lists are outputs too, so their keys must exist; an `undefined` input is not sent to
    // the engine at all, so a left-out list stays left out (= inherit the parent's).
    for (const k of ["mustHaveTags", "atLeastOneTag", "noneOfTheTag"] as const) if (!(k in props)) props[k] = undefined;
    // The provider is the package's own module: `__provider` in state is `require(...)` of it.
    super(
      require("pulumi-qualys/dynamic/target-account") as pulumi.dynamic.ResourceProvider,
      name,
      withOwnedKey(targetAccountSpec, name, props),
      opts,
      "qualys",
      "TargetAccount",
    );
  }
}
