/**
 * NsxAuthRecord inputs and outputs (docs/nsx-auth-record.md; the Policy Audit 1.11 notes "Added Active Directory Support to VMware
 * NSX Authentication").
 *
 * The zod schema is the single source of the rules: `check` runs it, the SDK's Args type and
 * schema.json are generated from it. Every "required with" / "only with" rule is a failure that
 * names the property (`password`, `ips[2]`, `hosts`), so the user sees what to fix at preview, and no
 * API call is made for input Qualys would refuse.
 *
 * Normalisation (state holds what Qualys stores):
 *  - `ips`: a set; canonical ranges (see ips.ts): merged, sorted, CIDR expanded.
 *  - `hosts`: a set; lowercased (host names are case-insensitive), deduped, sorted.
 *  - `loginType` any case → lower; `vaultType` any case → `HashiCorp`.
 *  - `title` is kept EXACTLY as written, spaces included: Qualys keeps a title verbatim (the notes'
 *    list sample returns `<![CDATA[NSX_AD ]]>`, trailing space and all), so trimming on one side only
 *    would make every refresh report drift. It must contain a visible character.
 *  - `comments: ""` is the same as no comments (Qualys clears comments with an empty value); line
 *    ends are normalised to LF (CRLF and CR), as Qualys gives them back.
 *  - title, username and the secretKv* names are one line: no control character, tab included
 *    (shared/text.ts says why).
 */
import { z } from "zod";
import { maxChars, TEXT_LIMITS } from "../../shared/input-limits";
import { OWNER_HINT_MAX, OWNER_MARKER_PATTERN } from "../../shared/ownership";
import { multiLineString, singleLineString } from "../../shared/text";
import { canonicalIps, ipSetSizeError, MAX_IPS_ADDRESSES, nonManagerError, parseIpEntry } from "./ips";

export const LOGIN_TYPES = ["basic", "vault"] as const;
export type LoginType = (typeof LOGIN_TYPES)[number];
/** The vault the notes document for NSX records (HashiCorp, with or without Active Directory). */
export const VAULT_TYPES = ["HashiCorp"] as const;
export const PORT_MIN = 1;
export const PORT_MAX = 65535;
export const DEFAULT_PORT = 443;
/** Shorter passwords could not be scrubbed from messages reliably (see shared/redact.ts). */
export const PASSWORD_MIN_LENGTH = 4;

/** Inputs whose value is a secret: their check failures never name them as a property (shared/check.ts outgoingFailures). */
export const NSX_SECRET_INPUTS = ["password"] as const;

/** Settings that belong to `loginType: "vault"` only. */
export const VAULT_SETTINGS = ["vaultType", "vaultId", "secretKvPath", "secretKvName", "secretKvKey", "useAdHashicorp"] as const;
/** Settings `loginType: "vault"` cannot do without. */
export const VAULT_REQUIRED = ["vaultType", "vaultId", "secretKvName"] as const;

// Control characters, CR/LF included: one rule for every resource (shared/text.ts).
const nonEmpty = (what: string) => singleLineString(what).refine((s) => s.trim() !== "", `${what} must not be empty`);

export const ipsSchema = z
  .array(
    z.string({ error: "ips: each entry must be a string" }).superRefine((s, ctx) => {
      const r = parseIpEntry(s);
      if (!r.ok) ctx.addIssue({ code: "custom", message: `ips: ${r.error}; use an IPv4 address, a range a.b.c.d-e.f.g.h or a CIDR block` });
      else {
        const err = nonManagerError(s, r.range);
        if (err) ctx.addIssue({ code: "custom", message: `ips: ${err}` });
      }
    }),
    { error: "ips must be a list of IPv4 addresses and ranges" },
  )
  .min(1, "ips must name at least one IP address or range (the NSX Manager's IPs)")
  .superRefine((entries, ctx) => {
    const ranges = entries.map(parseIpEntry).flatMap((r) => (r.ok ? [r.range] : []));
    const err = ipSetSizeError(ranges);
    if (err) ctx.addIssue({ code: "custom", message: `ips: ${err}` });
  })
  .transform(canonicalIps);

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

export const hostsSchema = z
  .array(
    z
      .string({ error: "hosts: each entry must be a string" })
      .transform((s) => s.trim().toLowerCase())
      .refine((s) => HOSTNAME.test(s), "hosts: each entry must be a host name (letters, digits, hyphens, dots)"),
    { error: "hosts must be a list of host names" },
  )
  .min(1, "hosts must name at least one host when given")
  .transform((v) => [...new Set(v)].sort());

export const nsxAuthRecordInputsSchema = z
  .object({
    title: nonEmpty("title")
      .superRefine(maxChars("title", TEXT_LIMITS.authRecordTitle))
      .describe(
        `Title of the record in Qualys; unique per subscription, at most ${TEXT_LIMITS.authRecordTitle} characters (the Qualys API's limit for authentication record titles). Kept exactly as written (Qualys stores titles verbatim, spaces included). With \`adopt: true\` an existing record with this exact title is taken over.`,
      ),
    ips: ipsSchema.describe(
      `IPv4 addresses, ranges (a.b.c.d-e.f.g.h) or CIDR blocks of the NSX Manager(s). A set: stored merged into the fewest ranges, sorted. At most ${MAX_IPS_ADDRESSES.toLocaleString("en-US")} addresses (a /16) in all; entries overlapping 0.0.0.0/8, loopback 127.0.0.0/8, multicast 224.0.0.0/4 or reserved 240.0.0.0/4 (so \`0.0.0.0/0\`) are refused; IPv6 is not accepted.`,
    ),
    username: nonEmpty("username")
      .superRefine(maxChars("username", TEXT_LIMITS.authRecordUsername))
      .optional()
      .describe(`User name to log in to NSX, at most ${TEXT_LIMITS.authRecordUsername} characters. Required with loginType basic.`),
    password: z
      .string({ error: "password must be a string" })
      .min(PASSWORD_MIN_LENGTH, `password must be at least ${PASSWORD_MIN_LENGTH} characters`)
      .optional()
      .describe(
        "Password of `username` (loginType basic only). Secret and write-only: always stored encrypted, never read back from Qualys, sent only when it changes; outputs hold only a salted hash (passwordHash) to detect changes.",
      ),
    port: z
      .number({ error: "port must be a number" })
      .int("port must be a whole number")
      .min(PORT_MIN, `port must be between ${PORT_MIN} and ${PORT_MAX}`)
      .max(PORT_MAX, `port must be between ${PORT_MIN} and ${PORT_MAX}`)
      .default(DEFAULT_PORT)
      .describe(`TCP port of the NSX Manager API, ${PORT_MIN}–${PORT_MAX} (default ${DEFAULT_PORT}).`),
    sslVerifyWithHost: z
      .boolean({ error: "sslVerifyWithHost must be true or false" })
      .default(false)
      .describe("Verify the NSX Manager's TLS certificate against `hosts`."),
    hosts: hostsSchema
      .optional()
      .describe(
        "Host names the certificate is verified against; required with (and only with) sslVerifyWithHost: true. A set, stored lowercase.",
      ),
    loginType: z
      .string({ error: "loginType must be a string" })
      .transform((s) => s.trim().toLowerCase())
      .pipe(z.enum(LOGIN_TYPES, { error: `loginType must be one of ${LOGIN_TYPES.join(", ")}` }))
      .default("basic")
      .describe("`basic` (username + password) or `vault` (credentials from a digital vault). Default basic."),
    vaultType: z
      .string({ error: "vaultType must be a string" })
      .transform((s) => (s.trim().toLowerCase() === "hashicorp" ? "HashiCorp" : s))
      .pipe(z.enum(VAULT_TYPES, { error: `vaultType must be ${VAULT_TYPES.join(", ")}` }))
      .optional()
      .describe("Vault type; `HashiCorp`. Required with (and only with) loginType vault."),
    vaultId: z
      .number({ error: "vaultId must be a number" })
      .int("vaultId must be a whole number")
      .positive("vaultId must be a positive record id")
      .optional()
      .describe("Id of the digital vault record in Qualys. Required with (and only with) loginType vault."),
    secretKvPath: nonEmpty("secretKvPath").optional().describe("HashiCorp secret path (loginType vault only)."),
    secretKvName: nonEmpty("secretKvName")
      .optional()
      .describe("HashiCorp secret name (with useAdHashicorp: the AD role). Required with (and only with) loginType vault."),
    secretKvKey: nonEmpty("secretKvKey").optional().describe("HashiCorp secret key (loginType vault only)."),
    useAdHashicorp: z
      .boolean({ error: "useAdHashicorp must be true or false" })
      .optional()
      .describe(
        "Get Active Directory credentials from HashiCorp Vault (`use_ad_hashicorp`). loginType vault only; defaults to false there.",
      ),
    networkId: z
      .number({ error: "networkId must be a number" })
      .int("networkId must be a whole number")
      .min(0, "networkId must be 0 or a network id")
      .optional()
      .describe("Network id (subscriptions with the Networks feature). 0 is the default network, the same as leaving it out."),
    comments: multiLineString("comments")
      .superRefine(maxChars("comments", TEXT_LIMITS.authRecordComments))
      .transform((s) => (s === "" ? undefined : s))
      .optional()
      .describe(
        `Free-text comments, at most ${TEXT_LIMITS.authRecordComments} characters (Qualys keeps 1999; the rest is room for the ownership marker the provider appends). An empty string is the same as none.`,
      ),
    adopt: z
      .boolean({ error: "adopt must be true or false" })
      .default(false)
      .describe(
        "Take over an existing record with the same title (its settings, and the password, are replaced by these inputs) instead of failing.",
      ),
    ownerMarker: z
      .string({ error: "ownerMarker must be a string" })
      .regex(
        OWNER_MARKER_PATTERN,
        "ownerMarker is set by the provider (32 hex digits, or 16 for records made by earlier versions); leave it out",
      )
      .optional()
      .describe(
        "Set by the provider, never by the program: a random 128-bit nonce minted at the resource's first check and kept in state, written to Qualys at the end of `comments` as `[pulumi:<marker> <ownerHint>]`. Only a record carrying it is taken as this resource's without `adopt` (docs/failure-model.md, Ownership). 16 hex digits in stacks made by earlier versions. Never shown as drift.",
      ),
    ownerHint: z
      .string({ error: "ownerHint must be a string" })
      .max(OWNER_HINT_MAX * 4, "ownerHint is set by the SDK or the plugin; leave it out")
      .optional()
      .describe(
        "Set by the SDK or the native plugin, never by the program: `project/stack/name` of this resource, written beside the owner marker so that messages about the record can name its owner. Informative only, never trusted.",
      ),
  })
  .strict()
  .superRefine((v, ctx) => {
    const fail = (property: string, message: string) => ctx.addIssue({ code: "custom", path: [property], message });
    if (v.loginType === "basic") {
      if (v.username === undefined) fail("username", "username is required when loginType is basic");
      if (v.password === undefined) fail("password", "password is required when loginType is basic");
      for (const k of VAULT_SETTINGS) if (v[k] !== undefined) fail(k, `${k} is only allowed when loginType is vault`);
    } else {
      for (const k of VAULT_REQUIRED) if (v[k] === undefined) fail(k, `${k} is required when loginType is vault`);
      if (v.password !== undefined)
        fail("password", "password is only allowed when loginType is basic (with a vault, Qualys gets the credential from the vault)");
    }
    if (v.sslVerifyWithHost && v.hosts === undefined) fail("hosts", "hosts is required when sslVerifyWithHost is true");
    if (!v.sslVerifyWithHost && v.hosts !== undefined) fail("hosts", "hosts is only allowed when sslVerifyWithHost is true");
  });

/** What `check` returns: the parsed inputs with the defaults of the login type filled in. */
export type NsxAuthRecordInputs = z.output<typeof nsxAuthRecordInputsSchema>;
export type NsxAuthRecordArgsShape = z.input<typeof nsxAuthRecordInputsSchema>;
/** The inputs as they are kept in outputs: everything but the password. */
export type NsxAuthRecordStateInputs = Omit<NsxAuthRecordInputs, "password">;

/** What Qualys reports (or the provider derives) beside the inputs. */
export const nsxAuthRecordObservedSchema = z.object({
  passwordHash: z
    .string()
    .optional()
    .describe(
      "Salted HMAC-SHA256 of the last password sent (`hmac-sha256$<salt>$<digest>`), never the password; how a password change is detected without storing it. Secret.",
    ),
  vaultTitle: z.string().optional().describe("Title of the digital vault (DIGITAL_VAULT_TITLE), for loginType vault."),
  created: z.string().optional().describe("When the record was created (CREATED/DATETIME)."),
  createdBy: z.string().optional().describe("Who created it (CREATED/BY)."),
  lastModified: z.string().optional().describe("When it was last modified (LAST_MODIFIED/DATETIME)."),
});

export type NsxAuthRecordObserved = z.output<typeof nsxAuthRecordObservedSchema>;
export type NsxAuthRecordOutputs = NsxAuthRecordStateInputs & NsxAuthRecordObserved;

/** List properties compared as sets. */
export const SET_PROPERTIES = ["ips", "hosts"] as const;

/** Registry entry: what schema.json and the docs are generated from. */
export const nsxAuthRecordSpec = {
  name: "NsxAuthRecord",
  module: "nsx-auth-record",
  apis: ["api"] as const,
  description:
    "A VMware NSX authentication record in Qualys (basic login or HashiCorp vault, optionally with Active Directory). Create = action=create; update = action=update&ids= with only what changed; delete = action=delete&ids=; refresh = action=list&ids= shared by the reads that arrive together. The password is secret and write-only.",
  inputs: nsxAuthRecordInputsSchema,
  observed: nsxAuthRecordObservedSchema,
  secretOutputs: ["password", "passwordHash"] as string[],
  internalInputs: ["ownerMarker", "ownerHint"],
  secretInputs: NSX_SECRET_INPUTS,
  naturalKey: "title",
  writeOnlyInputs: ["password"],
};
