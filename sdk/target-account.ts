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
import type { ArgsOf } from "./types";

export type TargetAccountArgs = ArgsOf<TargetAccountArgsShape>;

export class TargetAccount extends pulumi.dynamic.Resource {
  declare readonly accountId: pulumi.Output<string>;
  declare readonly serviceAccountId: pulumi.Output<string>;
  declare readonly regions: pulumi.Output<string[]>;
  declare readonly scanInterval: pulumi.Output<number>;
  declare readonly resourceTypes: pulumi.Output<string[]>;
  declare readonly vmScanTypes: pulumi.Output<string[]>;
  /** Undefined when inherited from the parent; `[]` when filtering is switched off. */
  declare readonly mustHaveTags: pulumi.Output<string[] | undefined>;
  declare readonly atLeastOneTag: pulumi.Output<string[] | undefined>;
  declare readonly noneOfTheTag: pulumi.Output<string[] | undefined>;
  declare readonly onDelete: pulumi.Output<OnDelete>;
  declare readonly adopt: pulumi.Output<boolean>;
  declare readonly state: pulumi.Output<string>;
  declare readonly cloudType: pulumi.Output<string | undefined>;
  declare readonly connectorUuid: pulumi.Output<string | undefined>;
  declare readonly portalUuid: pulumi.Output<string | undefined>;
  declare readonly discoveredAt: pulumi.Output<string | undefined>;
  declare readonly parentRegions: pulumi.Output<string[]>;
  declare readonly cloudInfo: pulumi.Output<Record<string, Record<string, unknown>>>;
  declare readonly addedRegions: pulumi.Output<string[]>;
  declare readonly removedRegions: pulumi.Output<string[]>;
  declare readonly inheritedTagLists: pulumi.Output<string[]>;

  constructor(name: string, args: TargetAccountArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = { ...args };
    // Outputs Qualys reports beside the inputs, from the observed schema: undefined so the engine fills them.
    for (const k of observedKeys(targetAccountSpec)) props[k] = undefined;
    // The tag lists are outputs too, so their keys must exist; an `undefined` input is not sent to
    // the engine at all, so a left-out list stays left out (= inherit the parent's).
    for (const k of ["mustHaveTags", "atLeastOneTag", "noneOfTheTag"] as const) if (!(k in props)) props[k] = undefined;
    // The provider is the package's own module: `__provider` in state is `require(...)` of it.
    super(require("pulumi-qualys/dynamic/target-account") as pulumi.dynamic.ResourceProvider, name, props, opts, "qualys", "TargetAccount");
  }
}
