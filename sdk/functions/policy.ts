/**
 * Read-only Policy Compliance data (note 001): the posture policy list, version 2.0
 * (`/pcrs/2.0/posture/policy/list`; 1.0 reaches end of life in May 2027), with the policies' tag
 * scope (`requireTagInfo`). Gateway URL, Bearer token. Not paged by Qualys: one call.
 */
import { z } from "zod";
import { QualysError } from "../../provider/errors";
import type { Policy } from "../../provider/clients/policy";
import { defineFunction, isoDateArg } from "./invoke";

// The definitions below are alike in shape on purpose: each declares one function (name, args schema, client call);
// the rules (argument checks, paging walk, invoke and its errors) have one home in invoke.ts and the walkers.
export const getPoliciesArgs = z.strictObject({
  /** Only policies evaluated since this date/time (ISO-8601, e.g. "2021-09-30T07:25:58Z"). */
  lastEvaluationDate: isoDateArg.optional(),
  /** Include each policy's `tagInfo` (include/exclude tags and their ALL/ANY scope). Default true. */
  requireTagInfo: z.boolean().default(true),
});

export interface PolicyList {
  subscriptionId?: number | null;
  policyList: Policy[];
}

/** The subscription's policies, as Qualys returns them (`subscriptionId`, `policyList`). */
export const [getPolicies, getPoliciesOutput] = defineFunction("getPolicies", getPoliciesArgs, async (c, a): Promise<PolicyList> => {
  const r = await c.readOnly.policies.list({ lastEvaluationDate: a.lastEvaluationDate, requireTagInfo: a.requireTagInfo });
  return { subscriptionId: r.subscriptionId, policyList: r.policyList ?? [] };
});

export const getPolicyArgs = z
  .strictObject({
    /** The policy id. */
    id: z
      .number({ error: "must be a number (the policy id)" })
      .int("must be a whole number (the policy id)")
      .positive("must be positive (the policy id)")
      .optional(),
    /** The policy's exact title. */
    title: z.string().trim().min(1, "must not be empty (the policy title)").optional(),
    lastEvaluationDate: isoDateArg.optional(),
    requireTagInfo: z.boolean().default(true),
  })
  .refine((a) => (a.id === undefined) !== (a.title === undefined), { message: "give exactly one of id or title", path: ["id"] });

/** One policy by id or exact title (with its tag scope by default). None or several is an error. */
export const [getPolicy, getPolicyOutput] = defineFunction("getPolicy", getPolicyArgs, async (c, a): Promise<Policy> => {
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
});
