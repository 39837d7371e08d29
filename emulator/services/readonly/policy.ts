/**
 * Policy Compliance posture policy list, version 2.0 (the Policy Audit 1.11 notes), on the gateway, Bearer token:
 * `GET /pcrs/2.0/posture/policy/list?lastEvaluationDate=…&requireTagInfo={0|1}` →
 * `{ subscriptionId, policyList: [...] }`, each policy with `tagInfo` only when `requireTagInfo=1`.
 * `lastEvaluationDate` keeps the policies evaluated at or after it. Not paged (the note shows none).
 * Version 1.0 (EOS November 2026, EOL May 2027) is not emulated.
 *
 * Default data per tenant: the note's "AssetTagPolicy-1" (id 6367495, its tag info verbatim) and
 * three more policies (one inactive, one without tag scope).
 */
import { json } from "../../http";
import { ApiError, type Route } from "../../router";
import type { Tenant } from "../../tenants";
import { badRequest, parseIso } from "./common";

export const POLICY_LIST_PATH = "/pcrs/2.0/posture/policy/list";

export interface EmuTagRef {
  id: number;
  name: string;
}
export interface EmuPolicy {
  id: number;
  title: string;
  createdBy: string;
  createdDate: string;
  modifiedBy: string;
  modifiedDate: string;
  lastEvaluatedDate: string;
  tagsetId: string | null;
  status: string;
  locked: number;
  includeAgentIp: unknown;
  tagInfo: { includeTags: EmuTagRef[]; excludeTags: EmuTagRef[]; includeTagsScope: string; excludeTagsScope: string } | null;
}

export interface PolicySlice {
  subscriptionId: number;
  policies: EmuPolicy[];
}

export function policySlice(tenant: Tenant): PolicySlice {
  return tenant.slice<PolicySlice>("policies", () => ({ subscriptionId: 4427355, policies: defaultPolicies() }));
}

export function defaultPolicies(): EmuPolicy[] {
  return [
    {
      id: 6367495,
      title: "AssetTagPolicy-1",
      createdBy: "neaxmn",
      createdDate: "2026-04-01T05:55:37Z",
      modifiedBy: "neaxmn",
      modifiedDate: "2026-04-01T06:16:05Z",
      lastEvaluatedDate: "2026-04-01T06:16:19Z",
      tagsetId: "7d5fccf2-dee3-4783-80ac-a2cd5ee493ed",
      status: "active",
      locked: 0,
      includeAgentIp: null,
      tagInfo: {
        includeTags: [
          { id: 152244404, name: "pyscand_1.1.1.1_ag" },
          { id: 152245230, name: "OCA" },
          { id: 154079256, name: "CaponeAG" },
        ],
        excludeTags: [
          { id: 153227435, name: "StaleDataAssestGroupWindows12andCentos7" },
          { id: 156570542, name: "dtest" },
        ],
        includeTagsScope: "ANY",
        excludeTagsScope: "ALL",
      },
    },
    {
      id: 6367501,
      title: "CIS Benchmark for Google Cloud Platform",
      createdBy: "neaxmn",
      createdDate: "2026-03-12T09:00:00Z",
      modifiedBy: "neaxmn",
      modifiedDate: "2026-03-20T10:30:00Z",
      lastEvaluatedDate: "2026-05-27T02:00:00Z",
      tagsetId: "0b2c7a52-4f3e-4a35-9d53-3c7f0a1e9b11",
      status: "active",
      locked: 1,
      includeAgentIp: null,
      tagInfo: {
        includeTags: [
          { id: 160000001, name: "GCP Production" },
          { id: 160000002, name: "GCP Shared VPC" },
        ],
        excludeTags: [],
        includeTagsScope: "ALL",
        excludeTagsScope: "ANY",
      },
    },
    {
      id: 6367512,
      title: "Windows Server 2022 Baseline",
      createdBy: "secops",
      createdDate: "2025-11-02T14:20:00Z",
      modifiedBy: "secops",
      modifiedDate: "2026-01-15T08:45:00Z",
      lastEvaluatedDate: "2026-05-28T01:15:00Z",
      tagsetId: "5c8e2d1a-9b7f-4c6e-8a3d-2f1e0b9c8d7a",
      status: "active",
      locked: 0,
      includeAgentIp: null,
      tagInfo: {
        includeTags: [{ id: 160000010, name: "Windows Servers" }],
        excludeTags: [{ id: 160000011, name: "Decommissioning" }],
        includeTagsScope: "ANY",
        excludeTagsScope: "ANY",
      },
    },
    {
      id: 6367520,
      title: "Legacy Unix Policy",
      createdBy: "secops",
      createdDate: "2023-06-01T12:00:00Z",
      modifiedBy: "secops",
      modifiedDate: "2024-02-01T12:00:00Z",
      lastEvaluatedDate: "2024-02-02T03:00:00Z",
      tagsetId: null,
      status: "inactive",
      locked: 0,
      includeAgentIp: null,
      tagInfo: null,
    },
  ];
}

export function policyRoutes(): Route[] {
  return [
    {
      method: "GET",
      path: POLICY_LIST_PATH,
      auth: "bearer",
      style: "json",
      handler: (ctx) => {
        const q = ctx.query;
        const rawTag = q.get("requireTagInfo");
        if (rawTag !== null && !["0", "1", "true", "false"].includes(rawTag.trim().toLowerCase())) {
          throw new ApiError(400, `Invalid value '${rawTag}' for requireTagInfo: specify 1 or 0`, "BAD_REQUEST", "requireTagInfo");
        }
        const withTags = rawTag !== null && ["1", "true"].includes(rawTag.trim().toLowerCase());
        const rawDate = q.get("lastEvaluationDate");
        let since: number | undefined;
        if (rawDate !== null) {
          since = parseIso(rawDate);
          if (since === undefined)
            throw new ApiError(
              400,
              `Invalid value '${rawDate}' for lastEvaluationDate: expected yyyy-MM-dd'T'HH:mm:ss'Z'`,
              "BAD_REQUEST",
              "lastEvaluationDate",
            );
        }
        const slice = policySlice(ctx.tenant);
        const list = slice.policies
          .filter((p) => since === undefined || Date.parse(p.lastEvaluatedDate) >= since)
          .map(({ tagInfo, ...p }) =>
            withTags
              ? { ...p, tagInfo: tagInfo ?? { includeTags: [], excludeTags: [], includeTagsScope: null, excludeTagsScope: null } }
              : p,
          );
        return json(200, { subscriptionId: slice.subscriptionId, policyList: list });
      },
    },
  ];
}

/** Seed `policies`: a list replaces the policies (`[]` empties). */
export function seedPolicies(tenant: Tenant, body: unknown): number {
  if (!Array.isArray(body)) throw badRequest("policies: body must be a JSON list of policies");
  policySlice(tenant).policies = body as EmuPolicy[];
  return body.length;
}
