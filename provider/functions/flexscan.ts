/**
 * Read-only Flexscan data (Flexscan API release notes: service accounts, target accounts, scan
 * logs, audit trail, audit workflows). Gateway URL, Bearer token.
 *
 * Paging: `page` from 1 and `limit` per endpoint (service and target accounts 1–100, default 25;
 * scan logs and audit workflows 1–500, default 100). Without `all` one page is returned (the API's
 * default page unless `page`/`limit` are given); with `all: true` every page from `page` (default 1)
 * to the end, `limit` items at a time (default: the endpoint's maximum).
 */
import { z } from "zod";
import { collectPages } from "../clients/paging";
import { accountStateSchema, serviceAccountSchema } from "../clients/flexscan/service-accounts";
import { targetAccountSchema, targetStateSchema } from "../clients/flexscan/target-accounts";
import { SCAN_LOGS_MAX_LIMIT, scanLogSchema } from "../clients/flexscan/scan-logs";
import { AUDIT_WORKFLOWS_MAX_LIMIT, auditWorkflowSchema, resourceAuditTrailSchema } from "../clients/flexscan/audit";
import { allArg, defineGroup, fn, idArg, listResult, pageNumberArg, pageSizeArg, type ListResult, type Paging } from "./define";
import { documented, type Docs } from "./documented";

const ACCOUNTS_MAX_LIMIT = 100;

function pagingArgs(maxLimit: number, what: string) {
  return {
    page: pageNumberArg(1).optional().describe("Page number, from 1 (default 1)."),
    limit: pageSizeArg(1, maxLimit, `${what} accept 1–${maxLimit} items per page`)
      .optional()
      .describe(
        "Items per page. Without `all`: the API's default page size unless given; with `all: true`: the endpoint's maximum unless given.",
      ),
    all: allArg("page"),
  };
}

const paging = (maxSize: number): Paging => ({
  pageArg: "page",
  sizeArg: "limit",
  firstPage: 1,
  minSize: 1,
  maxSize,
  defaultSize: "the endpoint's maximum",
});

const sortArg = z
  .string()
  .trim()
  .min(1, 'must be "field,direction", e.g. "createdAt,desc"')
  .optional()
  .describe('Sort as `"field,direction"`, e.g. `"createdAt,desc"`.');

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
// Result fields

const created = { createdAt: "When Qualys created the record (as Qualys prints it).", updatedAt: "When Qualys last changed the record." };
const regions = "The regions the account scans.";
const uuids = {
  customerUuid: "The Qualys customer (subscription) UUID.",
  connectorUuid: "The UUID of the connector Qualys made for the account.",
  portalUuid: "The account's UUID in the Qualys portal.",
};
const cloudInfo =
  "Per region, the infrastructure Qualys provisioned (keys differ per cloud: `vpc`/`subnet` on GCP and AWS, `vnetId` on Azure).";

const SERVICE_ACCOUNT_DOCS: Docs = {
  accountId: "The account's id (GCP project id, AWS account id or Azure subscription id).",
  cloudType: "GCP, AWS or AZURE.",
  ...uuids,
  regions,
  state: "Provisioning state: REGISTERED, ACTIVE, INACTIVE or ERROR.",
  ...created,
};
const serviceAccountResult = documented(serviceAccountSchema, "A service account (a registered cloud account).", SERVICE_ACCOUNT_DOCS);

const STATE_DOCS: Docs = {
  accountId: "The account's id.",
  cloudType: "GCP, AWS or AZURE.",
  state: "Provisioning state: REGISTERED, ACTIVE, INACTIVE or ERROR.",
  cloudInfo,
};

const targetAccountResult = documented(
  targetAccountSchema,
  "A target account (a cloud account scanned through its parent service account).",
  {
    accountId: "The target account's id.",
    serviceAccountId: "The parent service account's id.",
    cloudType: "GCP, AWS or AZURE.",
    ...uuids,
    regions,
    ...created,
    serviceAccount: [
      "The parent service account as Qualys sees it (single target only).",
      {
        accountId: "The parent's id.",
        cloudType: "The parent's cloud: GCP, AWS or AZURE.",
        state: "The parent's provisioning state.",
        regions: "The parent's regions.",
      },
    ],
    serviceAccountState: "The parent's state (lists only; the list's `state` filter applies to it).",
  },
);

const scanLogResult = documented(scanLogSchema, "A scan status record: one VM/resource scan attempt.", {
  scanUuid: "The scan record's UUID.",
  cloudType: "GCP, AWS or AZURE.",
  resourceId: "The scanned resource's cloud id.",
  resourceName: "The scanned resource's name.",
  resourceType: "The scanned resource's type, e.g. VM.",
  customerUuid: "The Qualys customer (subscription) UUID.",
  portalUuid: "The account's UUID in the Qualys portal.",
  serviceAccountId: "The service account the scan ran under.",
  targetAccountId: "The scanned account's id.",
  targetRegion: "The scanned resource's region.",
  targetZone: "The scanned resource's zone.",
  scannerPlatform: "The platform of the scanner that ran the scan.",
  storageCount: "Disks (snapshots) scanned.",
  scanPriority: "The scan's priority.",
  scanAttempts: "Attempts so far.",
  scanType: "The scan type, e.g. OS or SCA.",
  scanStatus: "The scan's status, e.g. SUCCESS, FAILED, IN_PROGRESS.",
  expiresAt: "When the record expires.",
  stateReason: "Why the scan is in its state (the failure reason of a failed scan).",
  ...created,
  resultFileName: "The result file's name (with `includeDetails` only).",
  correlationIds: "The scan's workflow correlation ids (with `includeDetails` only; a JSON array inside a string, as Qualys sends it).",
});

const eventDocs: Docs = {
  eventId: "The event's id.",
  eventType: "The event's type.",
  stepType: "The workflow step that sent it, e.g. ROOT, DISCOVER_TARGET_VMS.",
  status: "The event's status.",
  receivedAt: "When Qualys received it.",
  sequenceNumber: "Its position in the workflow.",
  details: "Event-specific details, as Qualys sends them.",
};
const workflowDocs: Docs = {
  correlationId: "The workflow's correlation id.",
  eventCategory: "DISCOVERY, SNAPSHOT, SCAN or MANAGEMENT.",
  cloudType: "AWS, AZURE, GCP or OCI.",
  serviceAccountId: "The service account the workflow ran for.",
  status: "SUCCESS, FAILED, IN_PROGRESS or MAX_RETRIES_EXCEEDED.",
  startedAt: "When the workflow started.",
  lastEventAt: "When its last event arrived.",
  totalEvents: "How many events it has.",
  events: ["Its events, in order.", eventDocs],
};
const auditWorkflowResult = documented(auditWorkflowSchema, "A scan workflow and its events.", workflowDocs);

const resourceTrailResult = documented(resourceAuditTrailSchema, "Every workflow and event of one scanned resource.", {
  scanUuid: "The scan record's UUID.",
  resourceId: "The resource's cloud id.",
  resourceName: "The resource's name.",
  resourceType: "The resource's type.",
  cloudType: "GCP, AWS or AZURE.",
  serviceAccountId: "The service account it was scanned under.",
  accountId: "The scanned account's id.",
  region: "The resource's region.",
  zone: "The resource's zone.",
  scannerPlatform: "The platform of the scanner.",
  scanStatus: "The scan's status.",
  correlationIds: "The correlation ids of its workflows.",
  totalWorkflows: "How many workflows it has.",
  totalEvents: "How many events they have.",
  ...created,
  workflows: ["Its workflows, each with its events.", workflowDocs],
});

// ---------------------------------------------------------------------------------------------
// Functions

const serviceAccountArgs = z.strictObject({ accountId: idArg("service account id").describe("The service account's id.") });
const targetAccountArgs = z.strictObject({ accountId: idArg("target account id").describe("The target account's id.") });
const scanUuidArg = idArg("scan record UUID").describe("The scan record's UUID (`scanUuid` of a scan log).");
const filterText = (values: string) => `${values} (any case; Qualys validates it).`;

export const FLEXSCAN = defineGroup("flexscan", {
  getServiceAccounts: fn({
    description: "List the tenant's service accounts (registered cloud accounts).",
    args: z.strictObject({ ...pagingArgs(ACCOUNTS_MAX_LIMIT, "service accounts"), sort: sortArg }),
    result: listResult(serviceAccountResult, "service accounts"),
    paging: paging(ACCOUNTS_MAX_LIMIT),
    run: (c, a) =>
      walk(a, ACCOUNTS_MAX_LIMIT, "getServiceAccounts", (page, limit) => c.serviceAccounts.list({ page, limit, sort: a.sort })),
  }),
  getServiceAccount: fn({
    description: 'One service account by id (404 → a "not-found" QualysError).',
    args: serviceAccountArgs,
    result: serviceAccountResult,
    run: (c, a) => c.serviceAccounts.get(a.accountId),
  }),
  getServiceAccountState: fn({
    description: "A service account's provisioning state and per-region `cloudInfo`.",
    args: serviceAccountArgs,
    result: documented(accountStateSchema, "A service account's provisioning state.", STATE_DOCS),
    run: (c, a) => c.serviceAccounts.state(a.accountId),
  }),
  getTargetAccounts: fn({
    description: "List target accounts, optionally filtered by parent, cloud type or parent state.",
    args: z.strictObject({
      ...pagingArgs(ACCOUNTS_MAX_LIMIT, "target accounts"),
      sort: sortArg,
      serviceAccountId: z.string().trim().min(1).optional().describe("Only targets of this parent service account."),
      cloudType: z.string().trim().min(1).optional().describe(filterText("AWS, AZURE, GCP or OCI")),
      state: z.string().trim().min(1).optional().describe(filterText("The parent's state: REGISTERED, ACTIVE, INACTIVE, ERROR")),
    }),
    result: listResult(targetAccountResult, "target accounts"),
    paging: paging(ACCOUNTS_MAX_LIMIT),
    run: (c, a) =>
      walk(a, ACCOUNTS_MAX_LIMIT, "getTargetAccounts", (page, limit) =>
        c.targetAccounts.list({ page, limit, sort: a.sort, serviceAccountId: a.serviceAccountId, cloudType: a.cloudType, state: a.state }),
      ),
  }),
  getTargetAccount: fn({
    description: "One target account, with its parent service account block.",
    args: targetAccountArgs,
    result: targetAccountResult,
    run: (c, a) => c.targetAccounts.get(a.accountId),
  }),
  getTargetAccountState: fn({
    description: "A target account's state (derived from its parent) and `cloudInfo`.",
    args: targetAccountArgs,
    result: documented(targetStateSchema, "A target account's state (its parent's).", STATE_DOCS),
    run: (c, a) => c.targetAccounts.state(a.accountId),
  }),
  getScanLogs: fn({
    description: "Scan status records (one per VM/resource scan attempt), newest update first by default.",
    args: z.strictObject({ ...pagingArgs(SCAN_LOGS_MAX_LIMIT, "scan logs"), sort: sortArg }),
    result: listResult(scanLogResult, "scan logs"),
    paging: paging(SCAN_LOGS_MAX_LIMIT),
    run: (c, a) => walk(a, SCAN_LOGS_MAX_LIMIT, "getScanLogs", (page, limit) => c.readOnly.scanLogs.list({ page, limit, sort: a.sort })),
  }),
  getScanLog: fn({
    description: "One scan log record by its UUID.",
    args: z.strictObject({
      scanUuid: scanUuidArg,
      includeDetails: z.boolean().optional().describe("Adds `resultFileName` and `correlationIds` (a JSON array in a string, as given)."),
    }),
    result: scanLogResult,
    run: (c, a) => c.readOnly.scanLogs.get(a.scanUuid, a.includeDetails === true),
  }),
  getResourceAuditTrail: fn({
    description: "Every workflow and event of one scanned resource.",
    args: z.strictObject({ scanUuid: scanUuidArg }),
    result: resourceTrailResult,
    run: (c, a) => c.readOnly.audit.resourceTrail(a.scanUuid),
  }),
  getWorkflowTimeline: fn({
    description: "One workflow's ordered event chain.",
    args: z.strictObject({ correlationId: idArg("workflow correlation id").describe("The workflow's correlation id.") }),
    result: auditWorkflowResult,
    run: (c, a) => c.readOnly.audit.workflowTimeline(a.correlationId),
  }),
  getAuditWorkflows: fn({
    description: "Scan workflows, most recent first, with the audit list's filters.",
    args: z.strictObject({
      ...pagingArgs(AUDIT_WORKFLOWS_MAX_LIMIT, "audit workflows"),
      status: z.string().trim().min(1).optional().describe(filterText("SUCCESS, FAILED, IN_PROGRESS, MAX_RETRIES_EXCEEDED")),
      eventCategory: z.string().trim().min(1).optional().describe(filterText("DISCOVERY, SNAPSHOT, SCAN, MANAGEMENT")),
      serviceAccountId: z.string().trim().min(1).optional().describe("Only workflows of this service account."),
      cloudType: z.string().trim().min(1).optional().describe(filterText("AWS, AZURE, GCP, OCI")),
      stepType: z.string().trim().min(1).optional().describe("e.g. ROOT, DISCOVER_TARGET_VMS (any case)."),
    }),
    result: listResult(auditWorkflowResult, "audit workflows"),
    paging: paging(AUDIT_WORKFLOWS_MAX_LIMIT),
    run: (c, a) =>
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
  }),
});
