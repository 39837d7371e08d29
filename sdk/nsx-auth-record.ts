/**
 * NsxAuthRecord: a VMware NSX authentication record in Qualys (basic login, or credentials from a
 * HashiCorp vault, optionally Active Directory). See the README, "NsxAuthRecord".
 *
 * The password is secret and write-only. This class makes sure it never reaches state in clear:
 *  - the input is wrapped in `pulumi.secret(...)`, so the copy of the inputs the engine keeps in
 *    state is encrypted even when the program passes a plain string;
 *  - `password` and `passwordHash` are `additionalSecretOutputs`;
 *  - the provider never puts the password in outputs (only a salted hash) and never reads it back.
 */
import * as pulumi from "@pulumi/pulumi";
import type { NsxAuthRecordArgsShape, NsxAuthRecordOutputs } from "../provider/resources/nsx-auth-record/schema";
import { ownerMarker } from "../provider/shared/lost-answer";
import type { ArgsOf } from "./types";

/** `ownerMarker` is not an argument: this class derives it (see the constructor). */
export type NsxAuthRecordArgs = ArgsOf<Omit<NsxAuthRecordArgsShape, "ownerMarker">>;

/** Outputs Qualys reports (or the provider derives) beside the inputs; undefined so the engine fills them. */
const OBSERVED = ["passwordHash", "vaultTitle", "created", "createdBy", "lastModified"] as const;
/** Outputs that are secret in state whatever the program passes. */
export const NSX_SECRET_OUTPUTS = ["password", "passwordHash"];

export class NsxAuthRecord extends pulumi.dynamic.Resource {
  declare readonly title: pulumi.Output<string>;
  declare readonly ips: pulumi.Output<string[]>;
  declare readonly username: pulumi.Output<string | undefined>;
  declare readonly port: pulumi.Output<number>;
  declare readonly sslVerifyWithHost: pulumi.Output<boolean>;
  declare readonly hosts: pulumi.Output<string[] | undefined>;
  declare readonly loginType: pulumi.Output<NsxAuthRecordOutputs["loginType"]>;
  declare readonly vaultType: pulumi.Output<NsxAuthRecordOutputs["vaultType"]>;
  declare readonly vaultId: pulumi.Output<number | undefined>;
  declare readonly secretKvPath: pulumi.Output<string | undefined>;
  declare readonly secretKvName: pulumi.Output<string | undefined>;
  declare readonly secretKvKey: pulumi.Output<string | undefined>;
  declare readonly useAdHashicorp: pulumi.Output<boolean | undefined>;
  declare readonly networkId: pulumi.Output<number | undefined>;
  declare readonly comments: pulumi.Output<string | undefined>;
  declare readonly adopt: pulumi.Output<boolean>;
  /** Marker kept at the end of the record's comments in Qualys (`[pulumi:<marker>]`); never drift. */
  declare readonly ownerMarker: pulumi.Output<string | undefined>;
  /** Salted HMAC of the last password sent (secret); never the password. */
  declare readonly passwordHash: pulumi.Output<string | undefined>;
  declare readonly vaultTitle: pulumi.Output<string | undefined>;
  declare readonly created: pulumi.Output<string | undefined>;
  declare readonly createdBy: pulumi.Output<string | undefined>;
  declare readonly lastModified: pulumi.Output<string | undefined>;

  constructor(name: string, args: NsxAuthRecordArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = { ...args };
    if (args.password !== undefined) props.password = pulumi.secret(args.password);
    for (const k of OBSERVED) props[k] = undefined;
    // The record's owner marker: the same for this resource in every run of this stack, so a create
    // whose answer was lost recognises its own record on the repeat (docs/failure-model.md).
    props.ownerMarker = ownerMarker({
      organization: pulumi.getOrganization(),
      project: pulumi.getProject(),
      stack: pulumi.getStack(),
      type: "qualys:NsxAuthRecord",
      name,
    });
    const additionalSecretOutputs = [...new Set([...(opts?.additionalSecretOutputs ?? []), ...NSX_SECRET_OUTPUTS])];
    // The provider is the package's own module: `__provider` in state is `require(...)` of it.
    super(
      require("pulumi-qualys/dynamic/nsx-auth-record") as pulumi.dynamic.ResourceProvider,
      name,
      props,
      { ...opts, additionalSecretOutputs },
      "qualys",
      "NsxAuthRecord",
    );
  }
}
