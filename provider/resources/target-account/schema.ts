/**
 * TargetAccount inputs and outputs (docs/target-account.md; the Connector 2.18 notes "Target Accounts API").
 *
 * A target account is a child account (AWS Organization member account, Azure target subscription)
 * Qualys discovered under a registered parent service account. The zod schema is the single source
 * of the rules: `check` runs it, the SDK's Args type and schema.json are generated from it.
 *
 * The three tag lists have three meanings, kept apart from `check` to the request body:
 *  - absent (or `null`)  → inherit the parent service account's value (sent as `null`);
 *  - `[]`                → override the parent: no filtering for that list (sent as `[]`);
 *  - a non-empty list    → the target's own filter.
 */
import { z } from "zod";
import { canonicalLowercaseSet } from "../../shared/normalise";
import {
  accountIdSchema,
  lowercaseSetSchema,
  regionsSchema,
  resourceTypesSchema,
  scanIntervalSchema,
  tagFormatError,
  tagListSchema,
  TAG_LISTS,
} from "../service-account/schema";

export { TAG_LISTS };
export type TagList = (typeof TAG_LISTS)[number];

/** Options of the target setup (the Connector 2.18 notes). The service account setup documents only os and sca. */
export const TARGET_SCAN_TYPES = ["os", "sca", "secret"] as const;
export const ON_DELETE = ["stop-scanning", "retain"] as const;
export type OnDelete = (typeof ON_DELETE)[number];

/**
 * What `onDelete: "stop-scanning"` sets up (see handler.ts and docs/target-account.md): Qualys has no
 * deregister for targets and setup needs at least one region, so scanning is stopped by requiring a
 * tag no VM carries. Valid for every cloud (`key=value`, lowercase, GCP-label-safe characters).
 */
export const STOP_SCANNING_TAG = "pulumi-qualys-scan=stopped";
/** The longest scan interval the API accepts: the stopped configuration also scans as rarely as possible. */
export const STOP_SCANNING_INTERVAL = 720;

/**
 * A tag list that may be left out. `null` is accepted as "left out" (both inherit). Each tag is
 * validated as written (a format failure names the user's index, `mustHaveTags[1]`) and the list is
 * then lowercased and sorted; left out or `null` gives `undefined`, so state never holds a `null`
 * that could be confused with `[]`. The target's cloud is known only from Qualys (create/update
 * check the format again per cloud), so here the most permissive rule (AWS: `=` or `:`) applies.
 * Everything happens per field: an object-level transform would hide the properties from schema.json.
 */
function inheritableTagList(list: TagList) {
  return tagListSchema
    .superRefine((tags, ctx) => {
      tags.forEach((tag, i) => {
        const err = tagFormatError(tag, "AWS");
        if (err) ctx.addIssue({ code: "custom", path: [i], message: `${list}: ${err}` });
      });
    })
    .transform(canonicalLowercaseSet)
    .nullable()
    .optional()
    .transform((v) => v ?? undefined)
    .optional(); // optional on the way out too (schema.json must not list an inherited list as always present)
}

export const targetVmScanTypesSchema = lowercaseSetSchema(z.string())
  .refine(
    (v) => v.every((t) => (TARGET_SCAN_TYPES as readonly string[]).includes(t)),
    `vmScanTypes: allowed values are ${TARGET_SCAN_TYPES.join(", ")}`,
  )
  .refine((v) => !v.includes("sca") || v.includes("os"), "vmScanTypes: sca needs os (Qualys runs SCA scans only together with OS scans)");

export const targetAccountInputsSchema = z
  .object({
    accountId: accountIdSchema("accountId").describe(
      "Target account identifier as Qualys discovered it (e.g. an AWS Organization member account id). Changing it manages another target.",
    ),
    serviceAccountId: accountIdSchema("serviceAccountId").describe(
      "The parent service account (pass the ServiceAccount's `accountId` output, which also orders create/destroy). Checked against the parent Qualys reports for the target: a mismatch is an error.",
    ),
    regions: regionsSchema.describe(
      "Regions to scan (a set; stored lowercase); must be a subset of the parent service account's regions. Each must be a region name of some cloud (AWS us-east-1, Azure eastus, GCP us-central1); the parent's cloud is checked by Qualys.",
    ),
    scanInterval: scanIntervalSchema
      .default(24)
      .describe("Scan interval in hours, 24–720 (default 24). Not returned by Qualys: kept from state on refresh."),
    resourceTypes: resourceTypesSchema.default(["vm"]).describe("Resource types to scan; only `vm` (default)."),
    vmScanTypes: targetVmScanTypesSchema
      .default(["os"])
      .describe(
        'VM scan types: `os`, `sca`, `secret` (sca needs os; default ["os"]); must be a subset of the parent\'s scan types, which only Qualys can check. Not returned by Qualys.',
      ),
    mustHaveTags: inheritableTagList("mustHaveTags").describe(
      "Resources must have ALL of these tags (`key=value`; AWS also `key:value`; GCP labels only `=`). Leave out to INHERIT the parent's list; `[]` = no filtering (overrides the parent).",
    ),
    atLeastOneTag: inheritableTagList("atLeastOneTag").describe(
      "Resources must have AT LEAST ONE of these tags. Leave out to inherit the parent's list; `[]` = no filtering.",
    ),
    noneOfTheTag: inheritableTagList("noneOfTheTag").describe(
      "Resources with ANY of these tags are excluded. Leave out to inherit the parent's list; `[]` = no filtering.",
    ),
    onDelete: z
      .enum(ON_DELETE, { error: `onDelete must be one of ${ON_DELETE.join(", ")}` })
      .default("stop-scanning")
      .describe(
        `What deleting the resource does; Qualys has no API to remove a target. "stop-scanning" (default): set the target up so that it selects no VM (mustHaveTags ["${STOP_SCANNING_TAG}"], scanInterval ${STOP_SCANNING_INTERVAL}); "retain": leave its configuration as it is, with a warning.`,
      ),
    adopt: z
      .boolean({ error: "adopt must be true or false" })
      .default(false)
      .describe("Take over a target already configured in Qualys (its configuration is replaced by these inputs) instead of failing."),
  })
  .strict();

export type TargetAccountInputs = z.output<typeof targetAccountInputsSchema>;
export type TargetAccountArgsShape = z.input<typeof targetAccountInputsSchema>;

/**
 * What Qualys reports back, beside the inputs.
 */
export const targetAccountObservedSchema = z.object({
  state: z.string().describe("State reported by Qualys; derived from the parent service account (REGISTERED, ACTIVE, INACTIVE, ERROR)."),
  cloudType: z.string().optional().describe("Cloud of the target (the parent's), as Qualys reports it."),
  connectorUuid: z.string().optional().describe("Connector UUID Qualys reports for the target."),
  portalUuid: z.string().optional().describe("Portal UUID Qualys assigned."),
  discoveredAt: z.string().optional().describe("When Qualys first knew the target (its createdAt)."),
  parentRegions: z.array(z.string()).describe("Regions the parent service account was set up for when last seen."),
  cloudInfo: z
    .record(z.string(), z.record(z.string(), z.unknown()))
    .describe("Per-region infrastructure the target uses (inherited from the parent)."),
  addedRegions: z.array(z.string()).describe("Regions the last setup added."),
  removedRegions: z.array(z.string()).describe("Regions the last setup removed."),
  inheritedTagLists: z
    .array(z.string())
    .describe("Tag lists left out, which therefore inherit the parent's value (mustHaveTags, atLeastOneTag, noneOfTheTag)."),
});

export type TargetAccountOutputs = TargetAccountInputs & z.output<typeof targetAccountObservedSchema>;

export const REPLACE_ON = ["accountId"] as const;
export const SET_PROPERTIES = ["regions", "resourceTypes", "vmScanTypes", ...TAG_LISTS] as const;
/** Inputs that change only what the provider does, never what is sent to Qualys. */
export const PROVIDER_ONLY = ["onDelete", "adopt"] as const;

/** The tag lists the target inherits (left out). */
export function inheritedTagLists(inputs: Pick<TargetAccountInputs, TagList>): TagList[] {
  return TAG_LISTS.filter((l) => inputs[l] === undefined || inputs[l] === null);
}

/** The parent as Qualys reports it, for the checks that need it. */
export interface ParentView {
  accountId: string;
  regions: string[];
  cloudType?: string | null;
}

/**
 * Rules that need the parent (run in create/update after reading the target, before setup). Each
 * failure names the offending values, like a `check` failure names the property.
 */
export function parentFitFailures(inputs: Pick<TargetAccountInputs, "regions" | TagList>, parent: ParentView): string[] {
  const failures: string[] = [];
  const parentRegions = canonicalLowercaseSet(parent.regions);
  if (parentRegions.length === 0) {
    failures.push(
      `regions: the parent service account ${parent.accountId} has no regions set up; set up the ServiceAccount before its targets`,
    );
  } else {
    const outside = inputs.regions.filter((r) => !parentRegions.includes(r));
    if (outside.length > 0) {
      failures.push(
        `regions: ${outside.join(", ")} ${outside.length === 1 ? "is" : "are"} not among the regions of the parent service account ${parent.accountId} (${parentRegions.join(", ")}); a target's regions must be a subset of its parent's: add ${outside.length === 1 ? "it" : "them"} to the ServiceAccount first`,
      );
    }
  }
  const cloud = (parent.cloudType ?? "").toUpperCase();
  if (cloud === "GCP" || cloud === "AZURE") {
    for (const list of TAG_LISTS) {
      (inputs[list] ?? []).forEach((tag, i) => {
        const err = tagFormatError(tag, cloud);
        if (err) failures.push(`${list}[${i}]: ${err} (the target is a ${cloud} account)`);
      });
    }
  }
  return failures;
}

/** Registry entry: what schema.json and the docs are generated from. */
export const targetAccountSpec = {
  name: "TargetAccount",
  module: "target-account",
  apis: ["gateway"] as const,
  description:
    "A child account (AWS Organization member account, Azure target subscription) that Qualys discovered under a registered service account, set up with its own scan configuration. Create = setup of the discovered target; update = setup; delete = per `onDelete` (Qualys has no deregister for targets). Tag lists left out inherit the parent's; `[]` means no filtering.",
  inputs: targetAccountInputsSchema,
  observed: targetAccountObservedSchema,
  secretOutputs: [] as string[],
  naturalKey: "accountId",
};
