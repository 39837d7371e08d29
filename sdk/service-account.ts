/**
 * ServiceAccount: a cloud account (GCP project, AWS account, Azure subscription) registered with
 * Qualys Flexscan and set up for snapshot scanning. See docs/service-account.md.
 */
import * as pulumi from "@pulumi/pulumi";
import { observedKeys } from "../provider/resources/spec";
import { serviceAccountSpec, type ServiceAccountArgsShape, type ServiceAccountOutputs } from "../provider/resources/service-account/schema";
import type { CleanupReminder } from "../provider/shared/notices";
import type { ArgsOf } from "./types";

export type ServiceAccountArgs = ArgsOf<ServiceAccountArgsShape>;
export type { CleanupReminder };

export class ServiceAccount extends pulumi.dynamic.Resource {
  declare readonly accountId: pulumi.Output<string>;
  declare readonly cloudType: pulumi.Output<ServiceAccountOutputs["cloudType"]>;
  declare readonly regions: pulumi.Output<string[]>;
  declare readonly scanInterval: pulumi.Output<number>;
  declare readonly resourceTypes: pulumi.Output<string[]>;
  declare readonly vmScanTypes: pulumi.Output<string[]>;
  declare readonly mustHaveTags: pulumi.Output<string[]>;
  declare readonly atLeastOneTag: pulumi.Output<string[]>;
  declare readonly noneOfTheTag: pulumi.Output<string[]>;
  declare readonly adopt: pulumi.Output<boolean>;
  declare readonly state: pulumi.Output<string>;
  declare readonly connectorUuid: pulumi.Output<string | undefined>;
  declare readonly portalUuid: pulumi.Output<string | undefined>;
  declare readonly registeredAt: pulumi.Output<string | undefined>;
  declare readonly cloudInfo: pulumi.Output<Record<string, Record<string, unknown>>>;
  declare readonly addedRegions: pulumi.Output<string[]>;
  declare readonly removedRegions: pulumi.Output<string[]>;
  declare readonly cleanupReminders: pulumi.Output<CleanupReminder[]>;

  constructor(name: string, args: ServiceAccountArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = { ...args };
    // Outputs Qualys reports beside the inputs, from the observed schema: undefined so the engine fills them.
    for (const k of observedKeys(serviceAccountSpec)) props[k] = undefined;
    // The provider is the package's own module: `__provider` in state is `require(...)` of it.
    super(
      require("pulumi-qualys/dynamic/service-account") as pulumi.dynamic.ResourceProvider,
      name,
      props,
      opts,
      "qualys",
      "ServiceAccount",
    );
  }
}
