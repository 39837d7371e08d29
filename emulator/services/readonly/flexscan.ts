/**
 * Flexscan read-only endpoints (the Connector 2.18 notes): scan logs, resource audit trail, workflow timeline and
 * the audit workflow list. Service and target accounts are the models of ../flexscan/; this file
 * only adds a seed for service accounts (so listings can be tested without registering each one).
 *
 * Data: a deterministic default set per tenant, made on first use: 250 scan logs spread over three
 * service accounts (GCP `my-gcp-project-123`, AWS `123456789012`, Azure
 * `11111111-2222-3333-4444-555555555555`; every tenth a FAILED scan, every 25th IN_PROGRESS), two
 * workflows per scan log (SNAPSHOT and SCAN, linked by the log's correlation ids) and a few
 * DISCOVERY/MANAGEMENT workflows per account. Replace it through
 * `POST /__emulator/tenants/{tenant}/seed/scan-logs` (see ./index.ts).
 */
import { randomUUID } from "node:crypto";
import { ApiError, type Route } from "../../router";
import type { Tenant } from "../../tenants";
import { ok, paginate } from "../flexscan/envelope";
import { flexscan, infraFor, type EmuServiceAccount } from "../flexscan/service-accounts";
import { CLOUD_TYPES, type EmuCloudType } from "../flexscan/validation";
import { badRequest, detHex, detUuid, local, optBool, optInt, zulu } from "./common";

const BASE = "/flexscan-api/rest/v1";

export interface EmuScanLog {
  scanUuid: string;
  cloudType: string;
  resourceId: string;
  resourceName: string;
  resourceType: string;
  customerUuid: string;
  portalUuid: string;
  serviceAccountId: string;
  targetAccountId: string;
  targetRegion: string;
  targetZone: string;
  scannerPlatform: string;
  storageCount: number;
  scanPriority: number;
  scanAttempts: number;
  scanType: string;
  scanStatus: string;
  expiresAt: string;
  stateReason: string | null;
  createdAt: string;
  updatedAt: string;
  resultFileName: string | null;
  correlationIds: string[];
}

export interface EmuAuditEvent {
  eventId: string;
  eventType: string;
  stepType: string;
  status: string;
  receivedAt: string;
  sequenceNumber: number;
  details: Record<string, unknown>;
}

export interface EmuAuditWorkflow {
  correlationId: string;
  eventCategory: string;
  cloudType: string;
  serviceAccountId: string;
  status: string;
  startedAt: string;
  lastEventAt: string;
  events: EmuAuditEvent[];
}

export interface FlexscanReadSlice {
  scanLogs: EmuScanLog[];
  workflows: EmuAuditWorkflow[];
}

/** The accounts the default data set scans (ids from the notes' samples where they have one). */
export const DEFAULT_SCAN_ACCOUNTS = [
  {
    serviceAccountId: "my-gcp-project-123",
    cloudType: "GCP",
    prefix: "gcp",
    targets: ["my-gcp-project-123", "target-gcp-project-456"],
    places: [
      ["us-east1", "us-east1-b"],
      ["us-west1", "us-west1-a"],
    ],
  },
  {
    serviceAccountId: "123456789012",
    cloudType: "AWS",
    prefix: "aws",
    targets: ["123456789012", "210987654321"],
    places: [
      ["us-east-1", "us-east-1a"],
      ["eu-west-1", "eu-west-1b"],
    ],
  },
  {
    serviceAccountId: "11111111-2222-3333-4444-555555555555",
    cloudType: "AZURE",
    prefix: "azure",
    targets: ["11111111-2222-3333-4444-555555555555", "66666666-7777-8888-9999-000000000000"],
    places: [
      ["eastus", "1"],
      ["westeurope", "2"],
    ],
  },
] as const;

export const DEFAULT_SCAN_LOG_COUNT = 250;
/** Newest `updatedAt` of the default set: the note's sample time. */
const NEWEST = Date.UTC(2026, 4, 28, 11, 30, 0);
const FAILURE_REASONS = ["Snapshot creation timed out", "Scanner instance could not attach the snapshot volume"];

export function readSlice(tenant: Tenant): FlexscanReadSlice {
  return tenant.slice<FlexscanReadSlice>("flexscanRead", () => generateScanData(tenant, DEFAULT_SCAN_LOG_COUNT));
}

/** The default data set with `count` scan logs (deterministic for a tenant name). */
export function generateScanData(tenant: Tenant, count: number): FlexscanReadSlice {
  const scanLogs: EmuScanLog[] = [];
  const workflows: EmuAuditWorkflow[] = [];
  for (let i = 0; i < count; i++) {
    const acct = DEFAULT_SCAN_ACCOUNTS[i % DEFAULT_SCAN_ACCOUNTS.length];
    const target = acct.targets[Math.floor(i / 3) % acct.targets.length];
    const [region, zone] = acct.places[Math.floor(i / 6) % acct.places.length];
    const status = i % 10 === 3 ? "FAILED" : i % 25 === 0 ? "IN_PROGRESS" : "COMPLETED";
    const updated = NEWEST - i * 17 * 60_000;
    const created = updated - 90 * 60_000;
    const scanUuid = detUuid(`${tenant.name}/scan/${i}`);
    const name = `${acct.prefix}-vm-${String(i).padStart(3, "0")}`;
    const resourceId =
      acct.cloudType === "GCP"
        ? `projects/${target}/zones/${zone}/instances/${name}`
        : acct.cloudType === "AWS"
          ? `arn:aws:ec2:${region}:${target}:instance/i-${detHex(scanUuid, 17)}`
          : `/subscriptions/${target}/resourceGroups/rg-workloads/providers/Microsoft.Compute/virtualMachines/${name}`;
    const correlationIds = [`snap-corr-${String(i).padStart(4, "0")}`, `scan-corr-${String(i).padStart(4, "0")}`];
    scanLogs.push({
      scanUuid,
      cloudType: acct.cloudType,
      resourceId,
      resourceName: name,
      resourceType: "VM",
      customerUuid: tenant.customerUuid,
      portalUuid: detUuid(`${tenant.name}/portal/${acct.serviceAccountId}`),
      serviceAccountId: acct.serviceAccountId,
      targetAccountId: target,
      targetRegion: region,
      targetZone: zone,
      scannerPlatform: i % 4 === 0 ? "WINDOWS" : "LINUX",
      storageCount: 1 + (i % 3),
      scanPriority: 1,
      scanAttempts: status === "FAILED" ? 3 : 1,
      scanType: i % 5 === 0 ? "SCA" : "OS",
      scanStatus: status,
      expiresAt: local(updated + 7 * 86_400_000),
      stateReason: status === "FAILED" ? FAILURE_REASONS[Math.floor(i / 10) % 2] : null,
      createdAt: local(created),
      updatedAt: local(updated),
      resultFileName:
        status === "COMPLETED"
          ? `${acct.cloudType}/${tenant.customerUuid}/${acct.serviceAccountId}/${scanUuid.slice(0, 8)}-ScanResult.json`
          : null,
      correlationIds,
    });
    workflows.push(
      workflow(
        correlationIds[0],
        "SNAPSHOT",
        acct.cloudType,
        acct.serviceAccountId,
        status === "IN_PROGRESS" ? "IN_PROGRESS" : "SUCCESS",
        created,
        ["ROOT", "DISCOVER_TARGET_VMS", "CREATE_SNAPSHOT", "SHARE_SNAPSHOT"],
      ),
      workflow(
        correlationIds[1],
        "SCAN",
        acct.cloudType,
        acct.serviceAccountId,
        status === "COMPLETED" ? "SUCCESS" : status === "IN_PROGRESS" ? "IN_PROGRESS" : i % 20 === 13 ? "MAX_RETRIES_EXCEEDED" : "FAILED",
        created + 30 * 60_000,
        ["ROOT", "LAUNCH_SCANNER", "ATTACH_VOLUMES", "SCAN_VM", "UPLOAD_RESULTS", "CLEANUP"],
      ),
    );
  }
  for (const [a, acct] of DEFAULT_SCAN_ACCOUNTS.entries()) {
    for (let k = 0; k < 10; k++) {
      workflows.push(
        workflow(
          `disc-corr-${acct.prefix}-${k}`,
          "DISCOVERY",
          acct.cloudType,
          acct.serviceAccountId,
          "SUCCESS",
          NEWEST - (k * 24 + a) * 3_600_000,
          ["ROOT", "DISCOVER_TARGET_VMS"],
        ),
      );
    }
    for (let k = 0; k < 2; k++) {
      workflows.push(
        workflow(
          `mgmt-corr-${acct.prefix}-${k}`,
          "MANAGEMENT",
          acct.cloudType,
          acct.serviceAccountId,
          "SUCCESS",
          NEWEST - (k * 240 + a) * 3_600_000,
          ["ROOT", "SETUP_REGION"],
        ),
      );
    }
  }
  return { scanLogs, workflows };
}

function workflow(
  correlationId: string,
  category: string,
  cloudType: string,
  serviceAccountId: string,
  status: string,
  startMs: number,
  steps: readonly string[],
): EmuAuditWorkflow {
  // A failed workflow stops at its scan step; an in-progress one has not reached the end yet.
  const failAt = status === "FAILED" || status === "MAX_RETRIES_EXCEEDED" ? Math.min(3, steps.length - 1) : -1;
  const upTo = status === "IN_PROGRESS" ? Math.max(1, steps.length - 2) : failAt >= 0 ? failAt + 1 : steps.length;
  const events: EmuAuditEvent[] = steps.slice(0, upTo).map((step, k) => ({
    eventId: `evt-${correlationId}-${String(k + 1).padStart(3, "0")}`,
    eventType: step,
    stepType: step,
    status: k === failAt ? "FAILED" : status === "IN_PROGRESS" && k === upTo - 1 ? "IN_PROGRESS" : "SUCCESS",
    receivedAt: zulu(startMs + k * 5 * 60_000),
    sequenceNumber: k + 1,
    details: k === failAt ? { error: status === "MAX_RETRIES_EXCEEDED" ? "Retries exhausted (3 of 3)" : "Scan step failed" } : {},
  }));
  return {
    correlationId,
    eventCategory: category,
    cloudType,
    serviceAccountId,
    status,
    startedAt: events[0].receivedAt,
    lastEventAt: events[events.length - 1].receivedAt,
    events,
  };
}

const publicScanLog = (l: EmuScanLog, details: boolean) => {
  const { resultFileName, correlationIds, ...rest } = l;
  // includeDetails adds the two diagnostic fields; correlationIds is a JSON array inside a string, as in the note.
  return details ? { ...rest, resultFileName, correlationIds: JSON.stringify(correlationIds) } : rest;
};

const listView = (w: EmuAuditWorkflow) => ({
  correlationId: w.correlationId,
  eventCategory: w.eventCategory,
  cloudType: w.cloudType,
  serviceAccountId: w.serviceAccountId,
  status: w.status,
  totalEvents: w.events.length,
  startedAt: w.startedAt,
  lastEventAt: w.lastEventAt,
});

const WORKFLOW_STATUSES = ["SUCCESS", "FAILED", "IN_PROGRESS", "MAX_RETRIES_EXCEEDED"];
const EVENT_CATEGORIES = ["DISCOVERY", "SNAPSHOT", "SCAN", "MANAGEMENT"];
const AUDIT_CLOUD_TYPES = ["AWS", "AZURE", "GCP", "OCI"];

function enumParam(q: URLSearchParams, name: string, allowed: string[]): string | undefined {
  const raw = q.get(name);
  if (raw === null) return undefined;
  const v = raw.trim().toUpperCase();
  if (!allowed.includes(v))
    throw new ApiError(400, `Invalid ${name} '${raw}'. Allowed values: ${allowed.join(", ")}`, "VALIDATION_ERROR", name);
  return v;
}

function scanLogOr404(tenant: Tenant, scanUuid: string): EmuScanLog {
  const log = readSlice(tenant).scanLogs.find((l) => l.scanUuid === scanUuid);
  if (!log) throw new ApiError(404, `Scan record '${scanUuid}' not found`, "NOT_FOUND", "scanUuid");
  return log;
}

export function flexscanReadRoutes(): Route[] {
  const r = (method: string, path: string, handler: Route["handler"]): Route => ({ method, path, auth: "bearer", style: "json", handler });
  return [
    r("GET", `${BASE}/scan/logs`, (ctx) => {
      const all = readSlice(ctx.tenant).scanLogs.map((l) => publicScanLog(l, false));
      const { page, meta } = paginate(all, ctx.query, {
        maxLimit: 500,
        defaultLimit: 100,
        defaultSort: "updatedAt,desc",
        sortable: ["updatedAt", "createdAt", "scanStatus", "serviceAccountId", "resourceName", "cloudType"],
      });
      return ok(page, 200, meta);
    }),
    r("GET", `${BASE}/scan/logs/{scanUuid}`, (ctx) => {
      const details = optBool(ctx.query, "includeDetails", (m) => new ApiError(400, m, "BAD_REQUEST", "includeDetails")) ?? false;
      return ok(publicScanLog(scanLogOr404(ctx.tenant, ctx.params.scanUuid), details));
    }),
    r("GET", `${BASE}/audit/resource/{scanUuid}`, (ctx) => {
      const log = scanLogOr404(ctx.tenant, ctx.params.scanUuid);
      const wfs = readSlice(ctx.tenant).workflows.filter((w) => log.correlationIds.includes(w.correlationId));
      return ok({
        scanUuid: log.scanUuid,
        resourceId: log.resourceId,
        resourceName: log.resourceName,
        resourceType: log.resourceType,
        cloudType: log.cloudType,
        serviceAccountId: log.serviceAccountId,
        accountId: log.targetAccountId,
        region: log.targetRegion,
        zone: log.targetZone,
        scannerPlatform: log.scannerPlatform,
        scanStatus: log.scanStatus,
        correlationIds: log.correlationIds,
        totalWorkflows: wfs.length,
        totalEvents: wfs.reduce((n, w) => n + w.events.length, 0),
        createdAt: log.createdAt,
        updatedAt: log.updatedAt,
        workflows: wfs.map((w) => ({
          correlationId: w.correlationId,
          eventCategory: w.eventCategory,
          status: w.status,
          startedAt: w.startedAt,
          lastEventAt: w.lastEventAt,
          totalEvents: w.events.length,
          events: w.events.map(({ details: _d, ...e }) => e),
        })),
      });
    }),
    r("GET", `${BASE}/audit/workflows/{correlationId}`, (ctx) => {
      const w = readSlice(ctx.tenant).workflows.find((x) => x.correlationId === ctx.params.correlationId);
      if (!w) throw new ApiError(404, `Workflow '${ctx.params.correlationId}' not found`, "NOT_FOUND", "correlationId");
      const events = [...w.events].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.sequenceNumber - b.sequenceNumber);
      return ok({ ...listView(w), events });
    }),
    r("GET", `${BASE}/audit/workflows`, (ctx) => {
      const q = ctx.query;
      const status = enumParam(q, "status", WORKFLOW_STATUSES);
      const category = enumParam(q, "eventCategory", EVENT_CATEGORIES);
      const cloud = enumParam(q, "cloudType", AUDIT_CLOUD_TYPES);
      const account = q.get("serviceAccountId");
      const step = q.get("stepType")?.trim().toUpperCase();
      const page = optInt(q, "page", 1, Number.MAX_SAFE_INTEGER, (m) => new ApiError(400, m, "BAD_REQUEST", "page")) ?? 1;
      const limit = optInt(q, "limit", 1, 500, (m) => new ApiError(400, m, "BAD_REQUEST", "limit")) ?? 100;
      const matching = readSlice(ctx.tenant)
        .workflows.filter((w) => status === undefined || w.status === status)
        .filter((w) => category === undefined || w.eventCategory === category)
        .filter((w) => cloud === undefined || w.cloudType === cloud)
        .filter((w) => account === null || w.serviceAccountId === account)
        .filter((w) => step === undefined || w.events.some((e) => e.stepType === step))
        // Most recent first by receivedAt (of the workflow's first event).
        .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || a.correlationId.localeCompare(b.correlationId));
      return ok({ workflows: matching.slice((page - 1) * limit, page * limit).map(listView), total: matching.length, page, limit });
    }),
  ];
}

/**
 * Seed service accounts straight into the service-account model (no register/setup calls):
 * body `[{ accountId, cloudType, regions?, state? }]` or `{ count }` (generated ids
 * `seeded-gcp-project-001`…). Existing accounts with the same id are replaced.
 */
export function seedServiceAccounts(tenant: Tenant, body: unknown): number {
  const specs: Array<{ accountId: string; cloudType: string; regions?: string[]; state?: string }> = Array.isArray(body)
    ? (body as Array<{ accountId: string; cloudType: string }>)
    : Array.from({ length: countOf(body) }, (_, i) => ({
        accountId: `seeded-gcp-project-${String(i + 1).padStart(3, "0")}`,
        cloudType: "GCP",
        regions: ["us-east1"],
      }));
  const slice = flexscan(tenant);
  specs.forEach((s, i) => {
    if (typeof s?.accountId !== "string" || s.accountId.trim() === "") throw badRequest(`service-accounts[${i}].accountId is required`);
    const cloud = String(s.cloudType ?? "").toUpperCase() as EmuCloudType;
    if (!CLOUD_TYPES.includes(cloud)) throw badRequest(`service-accounts[${i}].cloudType must be one of ${CLOUD_TYPES.join(", ")}`);
    const regions = s.regions ?? [];
    const at = local(NEWEST - i * 3_600_000);
    const acct: EmuServiceAccount = {
      accountId: s.accountId,
      cloudType: cloud,
      customerUuid: tenant.customerUuid,
      connectorUuid: randomUUID(),
      portalUuid: randomUUID(),
      state: (s.state as EmuServiceAccount["state"]) ?? "REGISTERED",
      createdAt: at,
      updatedAt: at,
      config:
        regions.length > 0
          ? {
              regions,
              scanInterval: 24,
              resourceTypes: ["vm"],
              vmScanTypes: ["os"],
              mustHaveTags: null,
              atLeastOneTag: null,
              noneOfTheTag: null,
            }
          : null,
      cloudInfo: Object.fromEntries(regions.map((r) => [r, infraFor(cloud, s.accountId, r)])),
    };
    slice.serviceAccounts.set(acct.accountId, acct);
  });
  return specs.length;
}

/** Replace the scan logs (and their workflows): `{ count }` regenerates the default set; `[]` empties it. */
export function seedScanLogs(tenant: Tenant, body: unknown): number {
  const slice = readSlice(tenant);
  if (Array.isArray(body)) {
    slice.scanLogs = body as EmuScanLog[];
    slice.workflows = slice.workflows.filter((w) => slice.scanLogs.some((l) => l.correlationIds?.includes(w.correlationId)));
    return slice.scanLogs.length;
  }
  const fresh = generateScanData(tenant, countOf(body));
  slice.scanLogs = fresh.scanLogs;
  slice.workflows = fresh.workflows;
  return fresh.scanLogs.length;
}

/** Replace the audit workflows: a list of workflows (events included), `[]` empties. */
export function seedAuditWorkflows(tenant: Tenant, body: unknown): number {
  if (!Array.isArray(body)) throw badRequest("audit-workflows: body must be a JSON list of workflows");
  readSlice(tenant).workflows = body as EmuAuditWorkflow[];
  return body.length;
}

export function countOf(body: unknown): number {
  const n = (body as { count?: unknown } | undefined)?.count;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > 100_000)
    throw badRequest('body must be a JSON list of records or {"count": n} (0–100000)');
  return n;
}
