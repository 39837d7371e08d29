/**
 * ServiceAccount inputs and outputs (docs/service-account.md; the Connector 2.18 notes "Service Accounts API").
 *
 * The zod schema is the single source of the rules: `check` runs it, the SDK's Args type and
 * schema.json are generated from it. Each rule's message names the rule, and zod's issue path
 * names the property (`regions[2]`).
 */
import { z } from "zod";
import { CLOUD_TYPES } from "../../clients/flexscan/service-accounts";
import { canonicalLowercaseSet } from "../../shared/normalise";
import { regionNameError } from "../../shared/input-limits";
import { ACCOUNT_ID_FORMATS, pathSafeIdError, singleLineError } from "../../shared/text";

export const SCAN_INTERVAL_MIN = 24;
export const SCAN_INTERVAL_MAX = 720;
export const SERVICE_ACCOUNT_SCAN_TYPES = ["os", "sca"] as const;
export const TAG_LISTS = ["mustHaveTags", "atLeastOneTag", "noneOfTheTag"] as const;

/** A trimmed, non-empty string that also passes `rule` (which returns the broken rule, or undefined). */
const checkedString = (what: string, rule: (s: string) => string | undefined) =>
  z
    .string({ error: `${what} must be a string` })
    .trim()
    .min(1, `${what} must not be empty`)
    .superRefine((s, ctx) => {
      const err = rule(s);
      if (err) ctx.addIssue({ code: "custom", message: `${what} ${err}`, input: s });
    });

const nonEmptyString = (what: string) => checkedString(what, singleLineError);

/**
 * An account id: trimmed, not empty, and safe in a URL path (shared/text.ts). Per-cloud formats are
 * checked where the cloud is known (ServiceAccount's `cloudType`).
 */
export const accountIdSchema = (what: string) => checkedString(what, pathSafeIdError);

/** The zod schema of a list that is a set: each item passes `itemRule`, then the list is lowercased (Qualys stores lowercase), deduped and sorted. */
export const lowercaseSetSchema = (itemRule: z.ZodString) => z.array(itemRule).transform(canonicalLowercaseSet);

export const cloudTypeSchema = z
  .string({ error: "cloudType must be a string" })
  .transform((s) => s.trim().toUpperCase())
  .pipe(z.enum(CLOUD_TYPES, { error: `cloudType must be one of ${CLOUD_TYPES.join(", ")} (any case)` }));

export const scanIntervalSchema = z
  .number({ error: "scanInterval must be a number of hours" })
  .int("scanInterval must be a whole number of hours")
  .min(SCAN_INTERVAL_MIN, `scanInterval must be between ${SCAN_INTERVAL_MIN} and ${SCAN_INTERVAL_MAX} hours`)
  .max(SCAN_INTERVAL_MAX, `scanInterval must be between ${SCAN_INTERVAL_MIN} and ${SCAN_INTERVAL_MAX} hours`);

/**
 * Region names: a lowercased set, each name of a shape some cloud uses (shared/input-limits.ts);
 * ServiceAccount, whose cloud is known, also checks it against that cloud's pattern.
 */
export const regionsSchema = z
  .array(nonEmptyString("a region"), { error: "regions must be a list of region names" })
  .min(1, "regions must name at least one region")
  .transform(canonicalLowercaseSet)
  .superRefine((regions, ctx) => {
    for (const r of regions) {
      const err = regionNameError(r);
      if (err) ctx.addIssue({ code: "custom", message: `regions: ${err}`, input: r });
    }
  });

export const resourceTypesSchema = lowercaseSetSchema(z.string()).refine(
  (v) => v.every((t) => t === "vm"),
  "resourceTypes: the only allowed value is vm",
);

/**
 * Tag lists are validated as written (so a format failure names the user's index, `mustHaveTags[1]`)
 * and normalised afterwards, in the object's final transform.
 */
export const tagListSchema = z.array(nonEmptyString("a tag"));

/**
 * Tag format per cloud (the Connector 2.18 notes): `key=value` everywhere, AWS also `key:value`, GCP only `=`.
 * AWS and Azure keys may themselves contain ':' (`aws:cloudformation:stack-name=web`) when `=`
 * separates; GCP label keys cannot, so `a:b=c` is refused there (the emulator applies the same rule).
 * Returns the rule broken, or undefined.
 */
export function tagFormatError(tag: string, cloudType: string): string | undefined {
  const equals = cloudType === "GCP" ? /^[^=:\s][^=:]*=[^=]*$/.test(tag) : /^[^=:\s][^=]*=[^=]*$/.test(tag);
  const colon = /^[^=:\s][^:=]*:[^:=]*$/.test(tag);
  if (equals) return undefined;
  if (colon && cloudType === "AWS") return undefined;
  if (cloudType === "GCP" && tag.includes(":")) return `"${tag}" uses ':'; GCP labels only support key=value`;
  return cloudType === "AWS" ? `"${tag}" must be key=value or key:value` : `"${tag}" must be key=value`;
}

export const serviceAccountInputsSchema = z
  .object({
    accountId: accountIdSchema("accountId").describe(
      "Cloud account identifier: GCP project ID (6–30 lowercase letters, digits, hyphens; or legacy example.com:my-project), AWS account ID (12 digits) or Azure subscription ID (a GUID). Changing it registers a new account.",
    ),
    cloudType: cloudTypeSchema.describe("GCP, AWS or AZURE (any case; stored upper case). Changing it replaces the account."),
    regions: regionsSchema.describe(
      "Regions to scan (a set; stored lowercase). Each must follow its cloud's region naming: AWS `<area>-<direction>-<1–20>` (us-east-1, us-gov-west-1), Azure the lowercase location name (eastus, westeurope), GCP `<continent>-<direction><1–20>` (us-central1, europe-west4). Removing a region leaves its subnet behind: see cleanupReminders.",
    ),
    scanInterval: scanIntervalSchema
      .default(24)
      .describe("Scan interval in hours, 24–720. Not returned by Qualys: kept from state on refresh."),
    resourceTypes: resourceTypesSchema.default(["vm"]).describe("Resource types to scan; only `vm`."),
    vmScanTypes: lowercaseSetSchema(z.string())
      .refine(
        (v) => v.every((t) => (SERVICE_ACCOUNT_SCAN_TYPES as readonly string[]).includes(t)),
        `vmScanTypes: allowed values are ${SERVICE_ACCOUNT_SCAN_TYPES.join(", ")}`,
      )
      .refine(
        (v) => !v.includes("sca") || v.includes("os"),
        "vmScanTypes: sca needs os (Qualys runs SCA scans only together with OS scans)",
      )
      .default(["os"])
      .describe("VM scan types: `os`, `sca` (sca needs os). Not returned by Qualys: kept from state on refresh."),
    // For a service account, absent and [] both mean "no filtering" (the Connector 2.18 notes); we store [] for both
    // so that state matches what Qualys applies and a later explicit [] is not a diff.
    mustHaveTags: tagListSchema
      .default([])
      .describe("Resources must have ALL of these tags (`key=value`; AWS also `key:value`; GCP labels only `=`). Stored lowercase."),
    atLeastOneTag: tagListSchema.default([]).describe("Resources must have AT LEAST ONE of these tags. Same format as mustHaveTags."),
    noneOfTheTag: tagListSchema.default([]).describe("Resources with ANY of these tags are excluded. Same format as mustHaveTags."),
    /** Take over an account already registered in Qualys instead of failing (see docs/service-account.md, "Adoption"). */
    adopt: z
      .boolean({ error: "adopt must be true or false" })
      .default(false)
      .describe("Take over an account already registered in Qualys (its configuration is replaced by these inputs) instead of failing."),
  })
  .strict()
  .superRefine((v, ctx) => {
    const format = ACCOUNT_ID_FORMATS[v.cloudType];
    // Only once the id passed its own rules: one failure per mistake.
    if (v.accountId !== "" && pathSafeIdError(v.accountId) === undefined && !format.test(v.accountId)) {
      ctx.addIssue({
        code: "custom",
        path: ["accountId"],
        message: `accountId "${v.accountId}" is not a valid ${v.cloudType} account id: ${format.rule}`,
      });
    }
    for (const r of v.regions) {
      // A name no cloud uses was refused by regionsSchema already: one failure per mistake.
      const err = regionNameError(r) === undefined ? regionNameError(r, v.cloudType) : undefined;
      if (err) ctx.addIssue({ code: "custom", path: ["regions"], message: `regions: ${err} (cloudType ${v.cloudType})` });
    }
    for (const list of TAG_LISTS) {
      v[list].forEach((tag, i) => {
        const err = tagFormatError(tag, v.cloudType);
        if (err) ctx.addIssue({ code: "custom", path: [list, i], message: `${list}: ${err}` });
      });
    }
  })
  // Qualys stores tag lists lowercase; they compare as sets.
  .transform((v) => ({
    ...v,
    mustHaveTags: canonicalLowercaseSet(v.mustHaveTags),
    atLeastOneTag: canonicalLowercaseSet(v.atLeastOneTag),
    noneOfTheTag: canonicalLowercaseSet(v.noneOfTheTag),
  }));

export type ServiceAccountInputs = z.output<typeof serviceAccountInputsSchema>;
export type ServiceAccountArgsShape = z.input<typeof serviceAccountInputsSchema>;

export const cleanupReminderSchema = z
  .object({
    kind: z.enum(["subnet", "vpc", "vnet"]).describe('What to delete: "subnet", "vpc" or "vnet".'),
    resourceId: z.string().describe("The cloud resource id Qualys provisioned (from the account's cloudInfo)."),
    cloudType: z.string().describe("The account's cloud: GCP, AWS or AZURE."),
    accountId: z.string().describe("The account the resource belongs to."),
    region: z.string().describe("The region the resource is in."),
    reason: z.enum(["deregistered", "region-removed"]).describe('Why: "deregistered" (the whole account) or "region-removed".'),
    triggeredAt: z.string().describe("When the triggering call completed (ISO 8601, UTC)."),
    notBefore: z
      .string()
      .describe("Delete it after this time (ISO 8601, UTC): Qualys says a few hours after the call; 4 hours to be safe."),
    message: z.string().describe("The reminder as shown in the CLI."),
  })
  .describe("A cloud resource Qualys provisioned and does not delete: delete it by hand once `notBefore` has passed.");

/**
 * What Qualys reports back, beside the inputs.
 *
 * The docs and the SDK's TSDoc are generated from these descriptions.
 */
export const serviceAccountObservedSchema = z.object({
  state: z.string().describe("Provisioning state reported by Qualys (REGISTERED, ACTIVE, INACTIVE, ERROR)."),
  connectorUuid: z.string().optional().describe("Connector UUID Qualys assigned."),
  portalUuid: z.string().optional().describe("Portal UUID Qualys assigned."),
  registeredAt: z.string().optional().describe("When the account was registered (as Qualys prints it)."),
  cloudInfo: z
    .record(z.string(), z.record(z.string(), z.unknown()))
    .describe("Per-region infrastructure Qualys provisioned (VPC/VNet, subnet ids)."),
  addedRegions: z.array(z.string()).describe("Regions the last setup added."),
  removedRegions: z.array(z.string()).describe("Regions the last setup removed."),
  cleanupReminders: z
    .array(cleanupReminderSchema)
    .describe('Cloud resources Qualys left behind that must be deleted by hand (see docs/service-account.md, "Cleanup reminders").'),
});

export type ServiceAccountOutputs = ServiceAccountInputs & z.output<typeof serviceAccountObservedSchema>;

/** Inputs whose change needs a new registration. */
export const REPLACE_ON = ["accountId", "cloudType"] as const;
export const SET_PROPERTIES = ["regions", "resourceTypes", "vmScanTypes", ...TAG_LISTS] as const;

/** Registry entry: what schema.json and the docs are generated from. */
export const serviceAccountSpec = {
  name: "ServiceAccount",
  module: "service-account",
  apis: ["gateway"] as const,
  description:
    "A cloud account (GCP project, AWS account, Azure subscription) registered with Qualys Flexscan and set up for snapshot-based scanning. Create = register + setup; update = setup; delete = deregister (and a reminder to delete the subnets/VPCs Qualys leaves behind).",
  inputs: serviceAccountInputsSchema,
  observed: serviceAccountObservedSchema,
  secretOutputs: [] as string[],
  naturalKey: "accountId",
};
