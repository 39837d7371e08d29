/**
 * Policy Compliance posture: the policy list, version 2.0 (the Policy Audit 1.11 notes, "Get Policy List API: View Tag
 * Information for Policy"). `/pcrs/1.0/posture/policy/list` reaches end of support in November 2026
 * and end of life in May 2027, so only 2.0 is called.
 *
 * `GET <gateway>/pcrs/2.0/posture/policy/list?lastEvaluationDate=…&requireTagInfo=1`, Bearer token
 * (the note's sample: `<gateway_base_url>`, `Authorization: Bearer`). The answer is not a gateway
 * envelope: `{ subscriptionId, policyList: [...] }`; with `requireTagInfo=1` each policy carries
 * `tagInfo` (includeTags/excludeTags `[{id, name}]`, includeTagsScope/excludeTagsScope ALL|ANY).
 * The note documents no paging for this endpoint: one call returns the list.
 */
import { z } from "zod";
import type { JsonApiClient } from "./json-api";
import { optString } from "./fields";

export const POLICY_LIST_PATH = "/pcrs/2.0/posture/policy/list";

const tagRef = z.looseObject({ id: z.number(), name: optString });

// The fields as this API's release notes show them. Response schemas share no fields with each other: Qualys
// versions each object separately.
export const policyTagInfoSchema = z.looseObject({
  includeTags: z.array(tagRef).nullable().optional(),
  excludeTags: z.array(tagRef).nullable().optional(),
  /** ALL or ANY. */
  includeTagsScope: optString,
  excludeTagsScope: optString,
});
export type PolicyTagInfo = z.infer<typeof policyTagInfoSchema>;

export const policySchema = z.looseObject({
  id: z.number(),
  title: optString,
  createdBy: optString,
  createdDate: optString,
  modifiedBy: optString,
  modifiedDate: optString,
  lastEvaluatedDate: optString,
  tagsetId: optString,
  status: optString,
  locked: z.number().nullable().optional(),
  includeAgentIp: z.unknown().optional(),
  tagInfo: policyTagInfoSchema.nullable().optional(),
});
export type Policy = z.infer<typeof policySchema>;

export const policyListSchema = z.looseObject({
  subscriptionId: z.number().nullable().optional(),
  policyList: z.array(policySchema).nullable().optional(),
});

export class PolicyApi {
  constructor(private readonly json: JsonApiClient) {}

  async list(q: { lastEvaluationDate?: string; requireTagInfo?: boolean } = {}) {
    return this.json.get(policyListSchema, {
      api: "gateway",
      auth: "bearer",
      path: POLICY_LIST_PATH,
      query: {
        lastEvaluationDate: q.lastEvaluationDate,
        requireTagInfo: q.requireTagInfo === undefined ? undefined : q.requireTagInfo ? 1 : 0,
      },
      operation: "list policies",
    });
  }
}
