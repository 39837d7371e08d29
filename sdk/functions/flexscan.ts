/**
 * Read-only Flexscan data (note 000): service accounts, target accounts, scan logs, audit trail,
 * audit workflows. Gateway URL, Bearer token.
 *
 * Paging: `page` from 1 and `limit` per endpoint (service and target accounts 1–100, default 25;
 * scan logs and audit workflows 1–500, default 100). Without `all` one page is returned (the API's
 * default page unless `page`/`limit` are given); with `all: true` every page from `page` (default 1)
 * to the end, `limit` items at a time (default: the endpoint's maximum).
 */
import { z } from "zod";
import { collectPages } from "../../provider/clients/paging";
import type { AccountState, ServiceAccountRecord } from "../../provider/clients/flexscan/service-accounts";
import type { TargetAccountRecord, TargetState } from "../../provider/clients/flexscan/target-accounts";
import { SCAN_LOGS_MAX_LIMIT, type ScanLog } from "../../provider/clients/flexscan/scan-logs";
import { AUDIT_WORKFLOWS_MAX_LIMIT, type AuditWorkflow, type ResourceAuditTrail } from "../../provider/clients/flexscan/audit";
import { defineFunction, idArg, pageNumberArg, pageSizeArg, type ListResult } from "./invoke";

const ACCOUNTS_MAX_LIMIT = 100;

function pagingArgs(maxLimit: number, what: string) {
  return {
    /** Page number, from 1 (default 1). */
    page: pageNumberArg(1).optional(),
    /** Items per page. */
    limit: pageSizeArg(1, maxLimit, `${what} accept 1–${maxLimit} items per page`).optional(),
    /** Every page from `page` to the end. */
    all: z.boolean().optional(),
  };
}

const sortArg = z.string().trim().min(1, 'must be "field,direction", e.g. "createdAt,desc"').optional();

type FlexscanPage<T> = { items: T[]; meta: { total?: number } };

/** One API's paging (first page number, size, total) adapted to the package's one page walker. */
async function walk<T>(
  args: { page?: number; limit?: number; all?: boolean },
  maxLimit: number,
  operation: string,
  fetch: (page: number | undefined, limit: number | undefined) => Promise<FlexscanPage<T>>,
): Promise<ListResult<T>> {
  const all = args.all === true;
  // One page: send only what the caller gave (the API's defaults otherwise). All pages: the
  // endpoint's maximum page size unless the caller chose one.
  const limit = args.limit ?? (all ? maxLimit : undefined);
  return collectPages(
    async (page) => {
      const res = await fetch(all || args.page !== undefined ? page : undefined, limit);
      return { items: res.items, total: res.meta.total };
    },
    { all, firstPage: args.page ?? 1, pageSize: limit ?? maxLimit, operation },
  );
}

// ---------------------------------------------------------------------------------------------
// Service accounts

// The definitions below are alike in shape on purpose: each declares one function (name, args schema, client call);
// the rules (argument checks, paging walk, invoke and its errors) have one home in invoke.ts and the walkers.
export const getServiceAccountsArgs = z.strictObject({ ...pagingArgs(ACCOUNTS_MAX_LIMIT, "service accounts"), sort: sortArg });
/** List the tenant's service accounts (registered cloud accounts). */
export const [getServiceAccounts, getServiceAccountsOutput] = defineFunction(
  "getServiceAccounts",
  getServiceAccountsArgs,
  (c, a): Promise<ListResult<ServiceAccountRecord>> =>
    walk(a, ACCOUNTS_MAX_LIMIT, "getServiceAccounts", (page, limit) => c.serviceAccounts.list({ page, limit, sort: a.sort })),
);

export const getServiceAccountArgs = z.strictObject({ accountId: idArg("service account id") });
/** One service account by id (404 → a "not-found" QualysError). */
export const [getServiceAccount, getServiceAccountOutput] = defineFunction(
  "getServiceAccount",
  getServiceAccountArgs,
  (c, a): Promise<ServiceAccountRecord> => c.serviceAccounts.get(a.accountId),
);

/** A service account's provisioning state and per-region `cloudInfo`. */
export const [getServiceAccountState, getServiceAccountStateOutput] = defineFunction(
  "getServiceAccountState",
  getServiceAccountArgs,
  (c, a): Promise<AccountState> => c.serviceAccounts.state(a.accountId),
);

// ---------------------------------------------------------------------------------------------
// Target accounts

export const getTargetAccountsArgs = z.strictObject({
  ...pagingArgs(ACCOUNTS_MAX_LIMIT, "target accounts"),
  sort: sortArg,
  /** Parent service account id. */
  serviceAccountId: z.string().trim().min(1).optional(),
  /** AWS, AZURE, GCP or OCI (any case; Qualys validates it). */
  cloudType: z.string().trim().min(1).optional(),
  /** The parent's state: REGISTERED, ACTIVE, INACTIVE, ERROR (Qualys validates it). */
  state: z.string().trim().min(1).optional(),
});
/** List target accounts, optionally filtered by parent, cloud type or parent state. */
export const [getTargetAccounts, getTargetAccountsOutput] = defineFunction(
  "getTargetAccounts",
  getTargetAccountsArgs,
  (c, a): Promise<ListResult<TargetAccountRecord>> =>
    walk(a, ACCOUNTS_MAX_LIMIT, "getTargetAccounts", (page, limit) =>
      c.targetAccounts.list({ page, limit, sort: a.sort, serviceAccountId: a.serviceAccountId, cloudType: a.cloudType, state: a.state }),
    ),
);

export const getTargetAccountArgs = z.strictObject({ accountId: idArg("target account id") });
/** One target account, with its parent service account block. */
export const [getTargetAccount, getTargetAccountOutput] = defineFunction(
  "getTargetAccount",
  getTargetAccountArgs,
  (c, a): Promise<TargetAccountRecord> => c.targetAccounts.get(a.accountId),
);
/** A target account's state (derived from its parent) and `cloudInfo`. */
export const [getTargetAccountState, getTargetAccountStateOutput] = defineFunction(
  "getTargetAccountState",
  getTargetAccountArgs,
  (c, a): Promise<TargetState> => c.targetAccounts.state(a.accountId),
);

// ---------------------------------------------------------------------------------------------
// Scan logs

export const getScanLogsArgs = z.strictObject({ ...pagingArgs(SCAN_LOGS_MAX_LIMIT, "scan logs"), sort: sortArg });
/** Scan status records (one per VM/resource scan attempt), newest update first by default. */
export const [getScanLogs, getScanLogsOutput] = defineFunction("getScanLogs", getScanLogsArgs, (c, a): Promise<ListResult<ScanLog>> =>
  walk(a, SCAN_LOGS_MAX_LIMIT, "getScanLogs", (page, limit) => c.readOnly.scanLogs.list({ page, limit, sort: a.sort })),
);

export const getScanLogArgs = z.strictObject({
  scanUuid: idArg("scan record UUID"),
  /** Adds `resultFileName` and `correlationIds`. */
  includeDetails: z.boolean().optional(),
});
/** One scan log record by its UUID. */
export const [getScanLog, getScanLogOutput] = defineFunction("getScanLog", getScanLogArgs, (c, a): Promise<ScanLog> =>
  c.readOnly.scanLogs.get(a.scanUuid, a.includeDetails === true),
);

// ---------------------------------------------------------------------------------------------
// Audit trail

export const getResourceAuditTrailArgs = z.strictObject({ scanUuid: idArg("scan record UUID") });
/** Every workflow and event of one scanned resource. */
export const [getResourceAuditTrail, getResourceAuditTrailOutput] = defineFunction(
  "getResourceAuditTrail",
  getResourceAuditTrailArgs,
  (c, a): Promise<ResourceAuditTrail> => c.readOnly.audit.resourceTrail(a.scanUuid),
);

export const getWorkflowTimelineArgs = z.strictObject({ correlationId: idArg("workflow correlation id") });
/** One workflow's ordered event chain. */
export const [getWorkflowTimeline, getWorkflowTimelineOutput] = defineFunction(
  "getWorkflowTimeline",
  getWorkflowTimelineArgs,
  (c, a): Promise<AuditWorkflow> => c.readOnly.audit.workflowTimeline(a.correlationId),
);

export const getAuditWorkflowsArgs = z.strictObject({
  ...pagingArgs(AUDIT_WORKFLOWS_MAX_LIMIT, "audit workflows"),
  /** SUCCESS, FAILED, IN_PROGRESS, MAX_RETRIES_EXCEEDED (any case; Qualys validates it). */
  status: z.string().trim().min(1).optional(),
  /** DISCOVERY, SNAPSHOT, SCAN, MANAGEMENT (any case; Qualys validates it). */
  eventCategory: z.string().trim().min(1).optional(),
  serviceAccountId: z.string().trim().min(1).optional(),
  /** AWS, AZURE, GCP, OCI (any case; Qualys validates it). */
  cloudType: z.string().trim().min(1).optional(),
  /** e.g. ROOT, DISCOVER_TARGET_VMS (any case). */
  stepType: z.string().trim().min(1).optional(),
});
/** Scan workflows, most recent first, with the audit list's filters. */
export const [getAuditWorkflows, getAuditWorkflowsOutput] = defineFunction(
  "getAuditWorkflows",
  getAuditWorkflowsArgs,
  (c, a): Promise<ListResult<AuditWorkflow>> =>
    walk(a, AUDIT_WORKFLOWS_MAX_LIMIT, "getAuditWorkflows", async (page, limit) => {
      const d = await c.readOnly.audit.listWorkflows(
        {
          status: a.status,
          eventCategory: a.eventCategory,
          serviceAccountId: a.serviceAccountId,
          cloudType: a.cloudType,
          stepType: a.stepType,
        },
        { page, limit },
      );
      return { items: d.workflows, meta: { total: d.total } };
    }),
);
