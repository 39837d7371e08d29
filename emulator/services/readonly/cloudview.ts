/**
 * CloudView read-only endpoints (the CloudView notes) on the portal, Basic authentication:
 *  - `GET /cloudview-api/rest/v1/{aws|azure|gcp}/connectors`: `filter` (tokens name, description,
 *    state, connector.uuid, lastSyncedOn as `key=value` or `key:value`, joined by `and`), `sort`
 *    (`lastSyncedOn:asc|desc` only), `pageNo` (from 0), `pageSize`;
 *  - `GET /cloudview-api/rest/v1/{p}/evaluations/{accountId}` (filter tokens cid, result,
 *    criticality, service, policy) and `…/evaluations/{accountId}/resources/{controlId}` (filter
 *    tokens result, resourceType, region);
 * answering Spring Data pages. Errors answer Spring Boot's error body
 * `{ timestamp, status, error, errorCode, message, path }`.
 *
 * Default data per tenant: 12 connectors per cloud (the note's samples first: AWS "test", Azure
 * "test", GCP "Sample GCP Connector"; the GCP connector "prod-gcp-connector" has project
 * `my-gcp-project-123`), and per cloud one account (the samples' `111111111111`,
 * `11111111-1111-1111-1111-111111111111`, `my-project-1111111111111`) with 8 controls; the samples'
 * controls (67, 50013, 52108) have exactly the samples' counts (e.g. 6 passed, 122 failed, 1 passed
 * with exception), and as many evaluated resources.
 */
import { json, utcTimestamp, type Reply } from "../../http";
import { ApiError, type Route, type RouteContext } from "../../router";
import type { Tenant } from "../../tenants";
import { badRequest, detUuid, javaDate, optInt, parseFilter, parseIso, parseJavaDate, plus0000, type FilterToken } from "./common";

const BASE = "/cloudview-api/rest/v1";
export const CLOUDVIEW_EMULATOR_MAX_PAGE_SIZE = 1000;
const DEFAULT_PAGE_SIZE = 50;

export const EMU_PROVIDERS = ["aws", "azure", "gcp"] as const;
export type EmuProvider = (typeof EMU_PROVIDERS)[number];
export const CONNECTOR_STATES = ["SUCCESS", "PENDING", "REGIONS_DISCOVERED", "ERROR"];

export type EmuConnector = Record<string, unknown> & {
  provider: string;
  name: string;
  connectorId: string;
  state: string;
  lastSyncedOn: string;
  description: string;
};
export type EmuEvaluation = Record<string, unknown> & { provider: EmuProvider; accountId: string; controlId: string };
export type EmuEvaluatedResource = Record<string, unknown> & {
  provider: EmuProvider;
  accountId: string;
  controlId: string;
  result: string;
  resourceId: string;
};

export interface CloudViewSlice {
  connectors: EmuConnector[];
  evaluations: EmuEvaluation[];
  resources: EmuEvaluatedResource[];
}

export const DEFAULT_EVALUATION_ACCOUNTS: Record<EmuProvider, string> = {
  aws: "111111111111",
  azure: "11111111-1111-1111-1111-111111111111",
  gcp: "my-project-1111111111111",
};

export function cloudViewSlice(tenant: Tenant): CloudViewSlice {
  return tenant.slice<CloudViewSlice>("cloudview", () => ({ connectors: defaultConnectors(tenant, 12), ...defaultEvaluations() }));
}

/** Newest lastSyncedOn per cloud: the note's samples (AWS 07:21:36, Azure 07:55:26, GCP 07:50:27 UTC). */
const SYNC_BASE: Record<EmuProvider, number> = {
  aws: Date.UTC(2020, 10, 26, 7, 21, 36),
  azure: Date.UTC(2020, 10, 26, 7, 55, 26),
  gcp: Date.UTC(2020, 10, 26, 7, 50, 27),
};
const STATE_CYCLE = ["SUCCESS", "SUCCESS", "PENDING", "SUCCESS", "ERROR", "SUCCESS", "REGIONS_DISCOVERED", "SUCCESS"];

export function defaultConnectors(tenant: Tenant, perProvider: number): EmuConnector[] {
  const out: EmuConnector[] = [];
  for (const provider of EMU_PROVIDERS) {
    for (let i = 0; i < perProvider; i++) {
      const synced = SYNC_BASE[provider] - i * 7 * 3_600_000;
      const state = i === 0 ? "SUCCESS" : STATE_CYCLE[i % STATE_CYCLE.length];
      const common = {
        lastSyncedOn: javaDate(synced),
        nextSyncedOn: javaDate(synced + (provider === "aws" ? 5_945_000 : 4 * 3_600_000)),
        groups: i % 3 === 0 ? [{ name: "group1", uuid: detUuid(`${tenant.name}/group/1`) }] : [],
        pollingFrequency: { hours: 4, minutes: 0 },
      };
      if (provider === "aws") {
        const acct = String(100000000000 + i * 1111);
        out.push({
          name: i === 0 ? "test" : `aws-connector-${String(i).padStart(2, "0")}`,
          connectorId: i === 0 ? "6192ce15-e790-3fe2-a02c-b4bc75ec1234" : detUuid(`${tenant.name}/cv/aws/${i}`),
          description: i === 0 ? "sample description" : `AWS account ${acct}`,
          provider: "AWS",
          state,
          totalAssets: i === 0 ? 5484 : 100 + i * 37,
          ...common,
          remediationEnabled: i % 2 === 0,
          isGovCloud: false,
          isChinaRegion: false,
          awsAccountId: acct,
          error: state === "ERROR" ? "Access denied to role" : "",
          baseAccountId: acct,
          externalId: String(1598283751234 + i),
          arn: `arn:aws:iam::${acct}:role/qualys-cloudview`,
          isPortalConnector: false,
        });
      } else if (provider === "azure") {
        out.push({
          name: i === 0 ? "test" : `azure-connector-${String(i).padStart(2, "0")}`,
          connectorId: i === 0 ? "d56884c8-de42-3d62-a5ea-5d46c2412345" : detUuid(`${tenant.name}/cv/azure/${i}`),
          description: i === 0 ? "azure connector" : `Azure subscription ${i}`,
          provider: "AZURE",
          state,
          totalAssets: i === 0 ? 117 : 20 + i * 11,
          ...common,
          remediationEnabled: true,
          isGovCloud: false,
          applicationId: detUuid(`${tenant.name}/cv/azure/app/${i}`),
          subscriptionId: detUuid(`${tenant.name}/cv/azure/sub/${i}`),
          directoryId: detUuid(`${tenant.name}/cv/azure/dir`),
        });
      } else {
        out.push({
          name: i === 0 ? "Sample GCP Connector" : i === 1 ? "prod-gcp-connector" : `gcp-connector-${String(i).padStart(2, "0")}`,
          connectorId: i === 0 ? "a7c152e6-2417-3bbf-980d-bfe6f5912345" : detUuid(`${tenant.name}/cv/gcp/${i}`),
          description: i === 0 ? "gcp connector" : i === 1 ? "Production GCP project" : `GCP project ${i}`,
          provider: "GCP",
          state,
          totalAssets: i === 0 ? 67 : 10 + i * 5,
          ...common,
          projectId: i === 0 ? "project1" : i === 1 ? "my-gcp-project-123" : `gcp-project-${String(i).padStart(2, "0")}`,
        });
      }
    }
  }
  return out;
}

/** Per cloud: the sample control with the sample's counts, plus 7 generated controls. */
export function defaultEvaluations(): { evaluations: EmuEvaluation[]; resources: EmuEvaluatedResource[] } {
  const samples: Record<
    EmuProvider,
    { controlId: string; controlName: string; policy: string; service: string; resourceType: string; counts: [number, number, number] }
  > = {
    aws: {
      controlId: "67",
      controlName: "Ensure Server Side Encryption (SSE) is enabled for S3 bucket",
      policy: "AWS Best Practices Policy",
      service: "S3",
      resourceType: "S3_BUCKET",
      counts: [6, 122, 1],
    },
    azure: {
      controlId: "50013",
      controlName: "Ensure that default Auditing policy for a SQL Server is configured to capture and retain the activity logs",
      policy: "CIS Microsoft Azure Foundations Benchmark",
      service: "AZURE_SQL",
      resourceType: "SQL_SERVER",
      counts: [1, 3, 1],
    },
    gcp: {
      controlId: "52108",
      controlName: "Ensure that GCP Storage bucket is encrypted using customer-managed key",
      policy: "GCP Best Practices Policy",
      service: "STORAGE",
      resourceType: "BUCKET",
      counts: [1, 24, 1],
    },
  };
  const evaluations: EmuEvaluation[] = [];
  const resources: EmuEvaluatedResource[] = [];
  const evaluated = Date.UTC(2020, 11, 15, 6, 42, 18);
  for (const provider of EMU_PROVIDERS) {
    const accountId = DEFAULT_EVALUATION_ACCOUNTS[provider];
    const s = samples[provider];
    const controls = [
      { ...s, criticality: "HIGH" },
      ...Array.from({ length: 7 }, (_, k) => ({
        controlId: String(Number(s.controlId) + 100 + k),
        controlName: `Emulated ${provider.toUpperCase()} control ${k + 1}`,
        policy: s.policy,
        service: s.service,
        resourceType: s.resourceType,
        criticality: ["LOW", "MEDIUM", "HIGH", "CRITICAL"][k % 4],
        counts: [k + 1, k % 3, k % 2] as [number, number, number],
      })),
    ];
    for (const c of controls) {
      const [passed, failed, passE] = c.counts;
      evaluations.push({
        provider,
        accountId,
        controlName: c.controlName,
        policyNames: [c.policy],
        criticality: c.criticality,
        service: c.service,
        result: failed > 0 ? "FAIL" : "PASS",
        controlId: c.controlId,
        passedResources: passed,
        failedResources: failed,
        passWithExceptionResources: passE,
      });
      const results = [
        ...Array<string>(passed).fill("PASS"),
        ...Array<string>(failed).fill("FAIL"),
        ...Array<string>(passE).fill("PASS_WITH_EXCEPTION"),
      ];
      results.forEach((result, n) => {
        const at = evaluated - n * 60_000;
        const id = `${c.resourceType.toLowerCase().replace(/_/g, "-")}-${c.controlId}-${String(n + 1).padStart(3, "0")}`;
        const evidences = [{ settingName: "Encryption", actualValue: result === "PASS" ? "Enabled" : null }];
        const dates = {
          firstEvaluated: plus0000(at - 7 * 86_400_000),
          lastEvaluated: plus0000(at),
          dateReopen: null,
          dateFixed: result === "PASS" ? plus0000(at - 5 * 86_400_000) : null,
        };
        const base = {
          provider,
          accountId,
          controlId: c.controlId,
          resourceId: id,
          evaluatedOn: plus0000(at),
          evidences,
          resourceType: c.resourceType,
          result,
        };
        if (provider === "aws")
          resources.push({
            ...base,
            region: n % 2 ? "us-west-2" : "us-east-1",
            accountId,
            connectorId: "6192ce15-e790-3fe2-a02c-b4bc75ecf199",
            evaluationDates: dates,
          });
        else if (provider === "azure") resources.push({ ...base, subscriptionId: accountId, evaluationDates: dates });
        else resources.push({ ...base, region: "-", projectId: accountId });
      });
    }
  }
  return { evaluations, resources };
}

// ---------------------------------------------------------------------------------------------
// Request handling

class CloudViewError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errorCode: string,
  ) {
    super(message);
  }
}
const bad = (m: string) => new CloudViewError(400, m, "CMN-400");

/** Spring Boot's error body (the shape Qualys's Terraform provider reads from CloudView). */
function cloudViewError(ctx: RouteContext, e: CloudViewError): Reply {
  const reason = e.status === 404 ? "Not Found" : e.status === 400 ? "Bad Request" : "Error";
  return json(e.status, {
    timestamp: utcTimestamp(),
    status: e.status,
    error: reason,
    errorCode: e.errorCode,
    message: e.message,
    path: ctx.path,
  });
}

function page<T>(items: T[], q: URLSearchParams, sorted: boolean): Reply {
  const pageNo = optInt(q, "pageNo", 0, Number.MAX_SAFE_INTEGER, bad) ?? 0;
  const pageSize = optInt(q, "pageSize", 1, CLOUDVIEW_EMULATOR_MAX_PAGE_SIZE, bad) ?? DEFAULT_PAGE_SIZE;
  const content = items.slice(pageNo * pageSize, (pageNo + 1) * pageSize);
  const totalPages = Math.ceil(items.length / pageSize);
  const sort = { sorted, unsorted: !sorted, empty: !sorted };
  return json(200, {
    content,
    pageable: { sort, pageNumber: pageNo, pageSize, offset: pageNo * pageSize, paged: true, unpaged: false },
    totalPages,
    totalElements: items.length,
    last: pageNo >= totalPages - 1,
    first: pageNo === 0,
    number: pageNo,
    numberOfElements: content.length,
    size: pageSize,
    sort,
    empty: content.length === 0,
  });
}

function filterTokens(q: URLSearchParams): FilterToken[] {
  const raw = q.get("filter");
  if (raw === null || raw.trim() === "") return [];
  return parseFilter(raw, bad);
}

function unsupported(key: string, supported: string[]): CloudViewError {
  return bad(`Unsupported search token '${key}'. Supported tokens: ${supported.join(", ")}`);
}

function matchesConnector(c: EmuConnector, t: FilterToken): boolean {
  const v = t.value;
  switch (t.key) {
    case "name":
      return c.name.toLowerCase() === v.toLowerCase();
    case "description":
      return String(c.description ?? "")
        .toLowerCase()
        .includes(v.toLowerCase());
    case "state": {
      if (!CONNECTOR_STATES.includes(v.toUpperCase()))
        throw bad(`Invalid value '${v}' for search token 'state'. Valid values are ${CONNECTOR_STATES.join(", ")}`);
      return c.state === v.toUpperCase();
    }
    case "connector.uuid":
      return c.connectorId.toLowerCase() === v.toLowerCase();
    case "lastSyncedOn": {
      const ms = parseIso(v);
      if (ms === undefined)
        throw bad(
          `Invalid value '${v}' for search token 'lastSyncedOn': expected a UTC date (yyyy-MM-dd) or date-time (yyyy-MM-ddTHH:mm:ssZ)`,
        );
      const synced = parseJavaDate(c.lastSyncedOn);
      if (synced === undefined) return false;
      // A date matches the whole UTC day; a date-time the exact second.
      return v.length === 10 ? new Date(synced).toISOString().slice(0, 10) === v : Math.floor(synced / 1000) === Math.floor(ms / 1000);
    }
    default:
      throw unsupported(t.key, ["name", "description", "state", "connector.uuid", "lastSyncedOn"]);
  }
}

function providerOf(ctx: RouteContext): EmuProvider {
  return ctx.params.provider as EmuProvider;
}

/** An evaluation as the API shows it (the emulator's own keys provider/accountId dropped). */
const evaluationView = (r: EmuEvaluation) => {
  const { provider: _p, accountId: _a, ...rest } = r;
  return rest;
};

export function cloudViewRoutes(): Route[] {
  const r = (path: string, handler: (ctx: RouteContext) => Reply): Route[] =>
    EMU_PROVIDERS.map((provider) => ({
      method: "GET",
      path: `${BASE}/${provider}${path}`,
      auth: "basic" as const,
      style: "json" as const,
      handler: (ctx: RouteContext) => {
        try {
          return handler({ ...ctx, params: { ...ctx.params, provider } });
        } catch (e) {
          if (e instanceof CloudViewError) return cloudViewError(ctx, e);
          if (e instanceof ApiError) return cloudViewError(ctx, new CloudViewError(e.status, e.message, `CMN-${e.status}`));
          throw e;
        }
      },
    }));
  return [
    ...r("/connectors", (ctx) => {
      const provider = providerOf(ctx);
      const q = ctx.query;
      let items = cloudViewSlice(ctx.tenant).connectors.filter((c) => c.provider.toLowerCase() === provider);
      for (const t of filterTokens(q)) items = items.filter((c) => matchesConnector(c, t));
      const sortRaw = q.get("sort");
      if (sortRaw !== null) {
        const m = /^lastSyncedOn:(asc|desc)$/i.exec(sortRaw.trim());
        if (!m) throw bad(`Invalid sort '${sortRaw}'. Sorting is supported on lastSyncedOn only: lastSyncedOn:asc or lastSyncedOn:desc`);
        const dir = m[1].toLowerCase() === "desc" ? -1 : 1;
        items = [...items].sort((a, b) => ((parseJavaDate(a.lastSyncedOn) ?? 0) - (parseJavaDate(b.lastSyncedOn) ?? 0)) * dir);
      }
      return page(items.map(publicRecordKeepProvider), q, sortRaw !== null);
    }),
    ...r("/evaluations/{accountId}", (ctx) => {
      const provider = providerOf(ctx);
      let items = cloudViewSlice(ctx.tenant).evaluations.filter((e) => e.provider === provider && e.accountId === ctx.params.accountId);
      for (const t of filterTokens(ctx.query)) {
        const v = t.value.toLowerCase();
        switch (t.key) {
          case "cid":
            items = items.filter((e) => e.controlId === t.value);
            break;
          case "result":
            if (!["pass", "fail"].includes(v))
              throw bad(`Invalid value '${t.value}' for search token 'result'. Valid values are PASS, FAIL`);
            items = items.filter((e) => String(e.result).toLowerCase() === v);
            break;
          case "criticality":
            if (!["low", "medium", "high", "critical"].includes(v))
              throw bad(`Invalid value '${t.value}' for search token 'criticality'. Valid values are LOW, MEDIUM, HIGH, CRITICAL`);
            items = items.filter((e) => String(e.criticality).toLowerCase() === v);
            break;
          case "service":
            items = items.filter((e) => String(e.service).toLowerCase() === v);
            break;
          case "policy":
            items = items.filter((e) => (e.policyNames as string[]).some((p) => p.toLowerCase() === v));
            break;
          default:
            throw unsupported(t.key, ["cid", "result", "criticality", "service", "policy"]);
        }
      }
      return page(items.map(evaluationView), ctx.query, false);
    }),
    ...r("/evaluations/{accountId}/resources/{controlId}", (ctx) => {
      const provider = providerOf(ctx);
      let items = cloudViewSlice(ctx.tenant).resources.filter(
        (x) => x.provider === provider && x.accountId === ctx.params.accountId && x.controlId === ctx.params.controlId,
      );
      for (const t of filterTokens(ctx.query)) {
        const v = t.value.toLowerCase();
        switch (t.key) {
          case "result":
            if (!["pass", "fail", "pass_with_exception"].includes(v))
              throw bad(`Invalid value '${t.value}' for search token 'result'. Valid values are PASS, FAIL, PASS_WITH_EXCEPTION`);
            items = items.filter((x) => x.result.toLowerCase() === v);
            break;
          case "resourceType":
            items = items.filter((x) => String(x.resourceType).toLowerCase() === v);
            break;
          case "region":
            items = items.filter((x) => String(x.region ?? "").toLowerCase() === v);
            break;
          default:
            throw unsupported(t.key, ["result", "resourceType", "region"]);
        }
      }
      // Keep the account field each cloud names its own way (accountId / subscriptionId / projectId).
      return page(
        items.map((x) => {
          const { provider: _p, controlId: _c, accountId, ...rest } = x;
          return provider === "aws" ? { ...rest, accountId } : rest;
        }),
        ctx.query,
        false,
      );
    }),
  ];
}

/** Connectors keep their `provider` field (it is part of the API's record). */
const publicRecordKeepProvider = (c: EmuConnector) => c;

/**
 * Seeds: `cloudview-connectors` — a list replaces the connectors (each with `provider`
 * AWS/AZURE/GCP, `name`, `connectorId`, `state`, `lastSyncedOn` in the Java date format…),
 * `{ count }` regenerates `count` per cloud. `cloudview-evaluations` — `{ evaluations, resources }`
 * replaces both (records carry `provider`, `accountId`, `controlId`).
 */
export function seedCloudView(tenant: Tenant, kind: "connectors" | "evaluations", body: unknown): number {
  const slice = cloudViewSlice(tenant);
  if (kind === "connectors") {
    if (Array.isArray(body)) {
      slice.connectors = body as EmuConnector[];
      return body.length;
    }
    const n = (body as { count?: unknown } | undefined)?.count;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > 10_000)
      throw badRequest('body must be a JSON list of connectors or {"count": n} (0–10000 per cloud)');
    slice.connectors = defaultConnectors(tenant, n);
    return slice.connectors.length;
  }
  const b = (body ?? {}) as { evaluations?: unknown; resources?: unknown };
  if (!Array.isArray(b.evaluations) || !Array.isArray(b.resources))
    throw badRequest('body must be {"evaluations": [...], "resources": [...]}');
  slice.evaluations = b.evaluations as EmuEvaluation[];
  slice.resources = b.resources as EmuEvaluatedResource[];
  return b.evaluations.length;
}
