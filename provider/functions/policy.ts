/**
 * Read-only Policy Compliance data (Policy Compliance API release notes): the posture policy list,
 * version 2.0 (`/pcrs/2.0/posture/policy/list`; 1.0 reaches end of life in May 2027), with the
 * policies' tag scope (`requireTagInfo`). Gateway URL, Bearer token. Not paged by Qualys: one call.
 */
import { z } from "zod";
import { QualysError } from "../errors";
import { policySchema, type Policy } from "../clients/policy";
import { defineGroup, fn, isoDateArg } from "./define";
import { documented } from "./documented";

const lastEvaluationDateArg = isoDateArg
  .optional()
  .describe('Only policies evaluated since this date/time (ISO-8601, e.g. "2021-09-30T07:25:58Z").');
const requireTagInfoArg = z
  .boolean()
  .default(true)
  .describe("Include each policy's `tagInfo` (include/exclude tags and their ALL/ANY scope).");

const tagDocs = { id: "The tag's id.", name: "The tag's name." };
const policyResult = documented(policySchema, "A compliance policy.", {
  id: "The policy id.",
  title: "The policy's title.",
  createdBy: "Who created it.",
  createdDate: "When it was created.",
  modifiedBy: "Who last changed it.",
  modifiedDate: "When it was last changed.",
  lastEvaluatedDate: "When it was last evaluated.",
  tagsetId: "The id of its tag set.",
  status: "Its status, e.g. ACTIVE.",
  locked: "1 when the policy is locked.",
  includeAgentIp: "Whether agent IPs are included, as Qualys returns it.",
  tagInfo: [
    "Its tag scope (with `requireTagInfo`).",
    {
      includeTags: ["Tags whose assets are in scope.", tagDocs],
      excludeTags: ["Tags whose assets are out of scope.", tagDocs],
      includeTagsScope: "ALL or ANY of the include tags.",
      excludeTagsScope: "ALL or ANY of the exclude tags.",
    },
  ],
});

export interface PolicyList {
  subscriptionId?: number | null;
  policyList: Policy[];
}

export const POLICY = defineGroup("policy-compliance", {
  getPolicies: fn({
    description: "The subscription's policies, as Qualys returns them (`subscriptionId`, `policyList`).",
    args: z.strictObject({ lastEvaluationDate: lastEvaluationDateArg, requireTagInfo: requireTagInfoArg }),
    result: z
      .object({
        subscriptionId: z.number().int().nullable().optional().describe("The subscription's id."),
        policyList: z.array(policyResult).describe("The policies."),
      })
      .describe("The subscription's policies."),
    run: async (c, a): Promise<PolicyList> => {
      const r = await c.readOnly.policies.list({ lastEvaluationDate: a.lastEvaluationDate, requireTagInfo: a.requireTagInfo });
      return { subscriptionId: r.subscriptionId, policyList: r.policyList ?? [] };
    },
  }),
  getPolicy: fn({
    description: "One policy by id or exact title (with its tag scope by default). None or several is an error.",
    args: z
      .strictObject({
        id: z
          .number({ error: "must be a number (the policy id)" })
          .int("must be a whole number (the policy id)")
          .positive("must be positive (the policy id)")
          .optional()
          .describe("The policy id; exactly one of `id` / `title`."),
        title: z
          .string()
          .trim()
          .min(1, "must not be empty (the policy title)")
          .optional()
          .describe("The policy's exact title; exactly one of `id` / `title`."),
        lastEvaluationDate: lastEvaluationDateArg,
        requireTagInfo: requireTagInfoArg,
      })
      .refine((a) => (a.id === undefined) !== (a.title === undefined), { message: "give exactly one of id or title", path: ["id"] }),
    result: policyResult,
    run: async (c, a): Promise<Policy> => {
      const r = await c.readOnly.policies.list({ lastEvaluationDate: a.lastEvaluationDate, requireTagInfo: a.requireTagInfo });
      const found = (r.policyList ?? []).filter((p) => (a.id !== undefined ? p.id === a.id : p.title === a.title));
      if (found.length === 1) return found[0];
      const what = a.id !== undefined ? `id ${a.id}` : `title "${a.title}"`;
      throw new QualysError({
        kind: found.length === 0 ? "not-found" : "conflict",
        operation: "getPolicy",
        hint:
          found.length === 0
            ? `no policy with ${what}`
            : `${found.length} policies have ${what} (ids ${found.map((p) => p.id).join(", ")}); use the id`,
      });
    },
  }),
});
