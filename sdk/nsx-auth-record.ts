/**
 * NsxAuthRecord: a VMware NSX authentication record in Qualys (basic login, or credentials from a
 * HashiCorp vault, optionally Active Directory). See docs/nsx-auth-record.md.
 *
 * The password is secret and write-only. This class makes sure it never reaches state in clear:
 *  - the input is wrapped in `pulumi.secret(...)`, so the copy of the inputs the engine keeps in
 *    state is encrypted even when the program passes a plain string;
 *  - `password` and `passwordHash` are `additionalSecretOutputs`;
 *  - the provider never puts the password in outputs (only a salted hash) and never reads it back.
 */
import * as pulumi from "@pulumi/pulumi";
import { observedKeys } from "../provider/resources/spec";
import { nsxAuthRecordSpec, type NsxAuthRecordArgsShape, type NsxAuthRecordOutputs } from "../provider/resources/nsx-auth-record/schema";
import { ownerHint, withOwnedKey } from "./ownership";
import type { ArgsOf } from "./types";

// `ownerMarker` and `ownerHint` are not arguments (internal inputs, left out of NsxAuthRecordArgs):
// the provider mints the marker, this class sends the hint (see the constructor).
// BEGIN GENERATED: args (make schema)
export interface NsxAuthRecordArgs {
  /** Take over an existing record with the same title (its settings, and the password, are replaced by these inputs) instead of failing. */
  adopt?: ArgsOf<NsxAuthRecordArgsShape>["adopt"];
  /** Free-text comments, at most 1900 characters (Qualys keeps 1999; the rest is room for the ownership marker the provider appends). An empty string is the same as none. */
  comments?: ArgsOf<NsxAuthRecordArgsShape>["comments"];
  /** Host names the certificate is verified against; required with (and only with) sslVerifyWithHost: true. A set, stored lowercase. */
  hosts?: ArgsOf<NsxAuthRecordArgsShape>["hosts"];
  /** IPv4 addresses, ranges (a.b.c.d-e.f.g.h) or CIDR blocks of the NSX Manager(s). A set: stored merged into the fewest ranges, sorted. At most 65,536 addresses (a /16) in all; entries overlapping 0.0.0.0/8, loopback 127.0.0.0/8, multicast 224.0.0.0/4 or reserved 240.0.0.0/4 (so `0.0.0.0/0`) are refused; IPv6 is not accepted. */
  ips: ArgsOf<NsxAuthRecordArgsShape>["ips"];
  /** `basic` (username + password) or `vault` (credentials from a digital vault). Default basic. */
  loginType?: ArgsOf<NsxAuthRecordArgsShape>["loginType"];
  /** Network id (subscriptions with the Networks feature). 0 is the default network, the same as leaving it out. */
  networkId?: ArgsOf<NsxAuthRecordArgsShape>["networkId"];
  /** Password of `username` (loginType basic only). Secret and write-only: always stored encrypted, never read back from Qualys, sent only when it changes; outputs hold only a salted hash (passwordHash) to detect changes. */
  password?: ArgsOf<NsxAuthRecordArgsShape>["password"];
  /** TCP port of the NSX Manager API, 1–65535 (default 443). */
  port?: ArgsOf<NsxAuthRecordArgsShape>["port"];
  /** HashiCorp secret key (loginType vault only). */
  secretKvKey?: ArgsOf<NsxAuthRecordArgsShape>["secretKvKey"];
  /** HashiCorp secret name (with useAdHashicorp: the AD role). Required with (and only with) loginType vault. */
  secretKvName?: ArgsOf<NsxAuthRecordArgsShape>["secretKvName"];
  /** HashiCorp secret path (loginType vault only). */
  secretKvPath?: ArgsOf<NsxAuthRecordArgsShape>["secretKvPath"];
  /** Verify the NSX Manager's TLS certificate against `hosts`. */
  sslVerifyWithHost?: ArgsOf<NsxAuthRecordArgsShape>["sslVerifyWithHost"];
  /** Title of the record in Qualys; unique per subscription, at most 255 characters (the Qualys API's limit for authentication record titles). Kept exactly as written (Qualys stores titles verbatim, spaces included). With `adopt: true` an existing record with this exact title is taken over. */
  title: ArgsOf<NsxAuthRecordArgsShape>["title"];
  /** Get Active Directory credentials from HashiCorp Vault (`use_ad_hashicorp`). loginType vault only; defaults to false there. */
  useAdHashicorp?: ArgsOf<NsxAuthRecordArgsShape>["useAdHashicorp"];
  /** User name to log in to NSX, at most 255 characters. Required with loginType basic. */
  username?: ArgsOf<NsxAuthRecordArgsShape>["username"];
  /** Id of the digital vault record in Qualys. Required with (and only with) loginType vault. */
  vaultId?: ArgsOf<NsxAuthRecordArgsShape>["vaultId"];
  /** Vault type; `HashiCorp`. Required with (and only with) loginType vault. */
  vaultType?: ArgsOf<NsxAuthRecordArgsShape>["vaultType"];
}
// END GENERATED

// The GENERATED blocks come from the resource's zod schema (make schema, checked for staleness by CI); the
// constructor names this resource's provider module.
export class NsxAuthRecord extends pulumi.dynamic.Resource {
  // BEGIN GENERATED: outputs (make schema)
  /** Take over an existing record with the same title (its settings, and the password, are replaced by these inputs) instead of failing. */
  declare readonly adopt: pulumi.Output<boolean>;
  /** Free-text comments, at most 1900 characters (Qualys keeps 1999; the rest is room for the ownership marker the provider appends). An empty string is the same as none. */
  declare readonly comments: pulumi.Output<string | undefined>;
  /** Host names the certificate is verified against; required with (and only with) sslVerifyWithHost: true. A set, stored lowercase. */
  declare readonly hosts: pulumi.Output<string[] | undefined>;
  /** IPv4 addresses, ranges (a.b.c.d-e.f.g.h) or CIDR blocks of the NSX Manager(s). A set: stored merged into the fewest ranges, sorted. At most 65,536 addresses (a /16) in all; entries overlapping 0.0.0.0/8, loopback 127.0.0.0/8, multicast 224.0.0.0/4 or reserved 240.0.0.0/4 (so `0.0.0.0/0`) are refused; IPv6 is not accepted. */
  declare readonly ips: pulumi.Output<string[]>;
  /** `basic` (username + password) or `vault` (credentials from a digital vault). Default basic. */
  declare readonly loginType: pulumi.Output<NsxAuthRecordOutputs["loginType"]>;
  /** Network id (subscriptions with the Networks feature). 0 is the default network, the same as leaving it out. */
  declare readonly networkId: pulumi.Output<number | undefined>;
  /** Set by the SDK or the native plugin, never by the program: `project/stack/name` of this resource, written beside the owner marker so that messages about the record can name its owner. Informative only, never trusted. */
  declare readonly ownerHint: pulumi.Output<string | undefined>;
  /** Set by the provider, never by the program: a random 128-bit nonce minted at the resource's first check and kept in state, written to Qualys at the end of `comments` as `[pulumi:<marker> <ownerHint>]`. Only a record carrying it is taken as this resource's without `adopt` (docs/failure-model.md, Ownership). 16 hex digits in stacks made by earlier versions. Never shown as drift. */
  declare readonly ownerMarker: pulumi.Output<string | undefined>;
  /** TCP port of the NSX Manager API, 1–65535 (default 443). */
  declare readonly port: pulumi.Output<number>;
  /** HashiCorp secret key (loginType vault only). */
  declare readonly secretKvKey: pulumi.Output<string | undefined>;
  /** HashiCorp secret name (with useAdHashicorp: the AD role). Required with (and only with) loginType vault. */
  declare readonly secretKvName: pulumi.Output<string | undefined>;
  /** HashiCorp secret path (loginType vault only). */
  declare readonly secretKvPath: pulumi.Output<string | undefined>;
  /** Verify the NSX Manager's TLS certificate against `hosts`. */
  declare readonly sslVerifyWithHost: pulumi.Output<boolean>;
  /** Title of the record in Qualys; unique per subscription, at most 255 characters (the Qualys API's limit for authentication record titles). Kept exactly as written (Qualys stores titles verbatim, spaces included). With `adopt: true` an existing record with this exact title is taken over. */
  declare readonly title: pulumi.Output<string>;
  /** Get Active Directory credentials from HashiCorp Vault (`use_ad_hashicorp`). loginType vault only; defaults to false there. */
  declare readonly useAdHashicorp: pulumi.Output<boolean | undefined>;
  /** User name to log in to NSX, at most 255 characters. Required with loginType basic. */
  declare readonly username: pulumi.Output<string | undefined>;
  /** Id of the digital vault record in Qualys. Required with (and only with) loginType vault. */
  declare readonly vaultId: pulumi.Output<number | undefined>;
  /** Vault type; `HashiCorp`. Required with (and only with) loginType vault. */
  declare readonly vaultType: pulumi.Output<NsxAuthRecordOutputs["vaultType"]>;
  /** When the record was created (CREATED/DATETIME). */
  declare readonly created: pulumi.Output<string | undefined>;
  /** Who created it (CREATED/BY). */
  declare readonly createdBy: pulumi.Output<string | undefined>;
  /** When it was last modified (LAST_MODIFIED/DATETIME). */
  declare readonly lastModified: pulumi.Output<string | undefined>;
  /** Salted HMAC-SHA256 of the last password sent (`hmac-sha256$<salt>$<digest>`), never the password; how a password change is detected without storing it. Secret. */
  declare readonly passwordHash: pulumi.Output<string | undefined>;
  /** Title of the digital vault (DIGITAL_VAULT_TITLE), for loginType vault. */
  declare readonly vaultTitle: pulumi.Output<string | undefined>;
  // END GENERATED

  constructor(name: string, args: NsxAuthRecordArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = { ...args };
    if (args.password !== undefined) props.password = pulumi.secret(args.password);
    // Outputs Qualys reports (or the provider derives) beside the inputs, from the observed schema.
    for (const k of observedKeys(nsxAuthRecordSpec)) props[k] = undefined;
    // The provider mints the record's owner marker (a random nonce, kept in state); the hint only
    // says, in Qualys, which resource it is (docs/failure-model.md, "Ownership").
    props.ownerHint = ownerHint(name);
    const additionalSecretOutputs = [...new Set([...(opts?.additionalSecretOutputs ?? []), ...nsxAuthRecordSpec.secretOutputs])];
    // The provider is the package's own module: `__provider` in state is `require(...)` of it.
    super(
      require("pulumi-qualys/dynamic/nsx-auth-record") as pulumi.dynamic.ResourceProvider,
      name,
      withOwnedKey(nsxAuthRecordSpec, name, props),
      { ...opts, additionalSecretOutputs },
      "qualys",
      "NsxAuthRecord",
    );
  }
}
