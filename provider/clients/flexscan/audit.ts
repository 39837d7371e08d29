/**
 * Flexscan audit trail (the Connector 2.18 notes, "Audit Trail API"): the execution history of the scan workflow.
 *  - `GET /audit/resource/{scanUuid}`: every workflow (and its events) of one scanned resource;
 *  - `GET /audit/workflows/{correlationId}`: one workflow's ordered event chain;
 *  - `GET /audit/workflows`: workflows, newest first, filtered by status, eventCategory,
 *    serviceAccountId, cloudType, stepType; page from 1, limit 1–500 (default 100). Unlike the
 *    other list endpoints, this one reports `total`, `page` and `limit` inside `data` (as the
 *    note's sample shows), not in `meta`.
 *
 * Filter values are sent as given (the note says they are case-insensitive); Qualys validates them
 * and its message is quoted when it refuses one. Timestamps are left as given.
 */
import { z } from "zod";
import type { GatewayClient } from "../gateway";
import { optString, optNumber } from "../fields";

const BASE = "/flexscan-api/rest/v1/audit";

export const AUDIT_WORKFLOWS_MAX_LIMIT = 500;
export const AUDIT_WORKFLOWS_DEFAULT_LIMIT = 100;

// The fields as this API's release notes show them. Response schemas share no fields with each other: Qualys
// versions each object separately.
export const auditEventSchema = z.looseObject({
  eventId: z.string(),
  eventType: optString,
  stepType: optString,
  status: optString,
  receivedAt: optString,
  sequenceNumber: optNumber,
  details: z.record(z.string(), z.unknown()).nullable().optional(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const auditWorkflowSchema = z.looseObject({
  correlationId: z.string(),
  eventCategory: optString,
  cloudType: optString,
  serviceAccountId: optString,
  status: optString,
  startedAt: optString,
  lastEventAt: optString,
  totalEvents: optNumber,
  events: z.array(auditEventSchema).nullable().optional(),
});
export type AuditWorkflow = z.infer<typeof auditWorkflowSchema>;

export const resourceAuditTrailSchema = z.looseObject({
  scanUuid: z.string(),
  resourceId: optString,
  resourceName: optString,
  resourceType: optString,
  cloudType: optString,
  serviceAccountId: optString,
  accountId: optString,
  region: optString,
  zone: optString,
  scannerPlatform: optString,
  scanStatus: optString,
  correlationIds: z.array(z.string()).nullable().optional(),
  totalWorkflows: optNumber,
  totalEvents: optNumber,
  createdAt: optString,
  updatedAt: optString,
  workflows: z.array(auditWorkflowSchema).nullable().optional(),
});
export type ResourceAuditTrail = z.infer<typeof resourceAuditTrailSchema>;

export const auditWorkflowPageSchema = z.looseObject({
  workflows: z.array(auditWorkflowSchema),
  total: z.number().optional(),
  page: z.number().optional(),
  limit: z.number().optional(),
});

export interface AuditWorkflowFilters {
  status?: string;
  eventCategory?: string;
  serviceAccountId?: string;
  cloudType?: string;
  stepType?: string;
}

export class AuditApi {
  constructor(private readonly gw: GatewayClient) {}

  async resourceTrail(scanUuid: string): Promise<ResourceAuditTrail> {
    return (
      await this.gw.call(resourceAuditTrailSchema, {
        method: "GET",
        path: `${BASE}/resource/${encodeURIComponent(scanUuid)}`,
        operation: "get resource audit trail",
      })
    ).data;
  }

  async workflowTimeline(correlationId: string): Promise<AuditWorkflow> {
    return (
      await this.gw.call(auditWorkflowSchema, {
        method: "GET",
        path: `${BASE}/workflows/${encodeURIComponent(correlationId)}`,
        operation: "get workflow timeline",
      })
    ).data;
  }

  async listWorkflows(filters: AuditWorkflowFilters, paging: { page?: number; limit?: number } = {}) {
    return (
      await this.gw.call(auditWorkflowPageSchema, {
        method: "GET",
        path: `${BASE}/workflows`,
        query: {
          status: filters.status,
          eventCategory: filters.eventCategory,
          serviceAccountId: filters.serviceAccountId,
          cloudType: filters.cloudType,
          stepType: filters.stepType,
          page: paging.page,
          limit: paging.limit,
        },
        operation: "list audit workflows",
      })
    ).data;
  }
}
