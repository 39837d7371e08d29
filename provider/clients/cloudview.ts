/**
 * CloudView read-only endpoints (the CloudView notes) on the portal host (`qualysguard.*`, `qualys:portalUrl`),
 * with Basic authentication (the note's samples use `curl -u <username>:<password>`; the portal
 * takes no Bearer token), so these calls need `qualys:username`/`qualys:password`.
 *
 *  - `GET /cloudview-api/rest/v1/{aws|azure|gcp}/connectors` with `filter` (search tokens name,
 *    description, state, connector.uuid, lastSyncedOn), `sort` (only `lastSyncedOn:asc|desc`),
 *    `pageNo`, `pageSize`;
 *  - `GET /cloudview-api/rest/v1/{p}/evaluations/{accountId}` (controls of an AWS account, Azure
 *    subscription or GCP project, with `passWithExceptionResources`), `filter` (e.g. `cid:67`);
 *  - `GET /cloudview-api/rest/v1/{p}/evaluations/{accountId}/resources/{controlId}` (the resources
 *    evaluated for one control; `result` may be `PASS_WITH_EXCEPTION`).
 *
 * Answers are Spring Data pages: `content`, `number` (0-based), `size`, `numberOfElements`, and
 * usually `totalElements`, `totalPages`, `first`, `last` (the note elides them with "..."; the
 * walk does not depend on them). `pageNo` starts at 0: the evaluation sample sends `pageNo=0` and
 * gets `"number": 0`, Qualys's own connector scripts start at 0 and add 1 to `pageable.pageNumber`;
 * the connector samples' `pageNo=1` with `"number": 0` contradicts this and is taken as a typo.
 *
 * Filter encoding follows the samples: connector tokens as `key=value` (`filter=state%3DSUCCESS`),
 * evaluation tokens as `key:value` (`filter=cid%3A67`); several tokens are joined with ` and `
 * (Qualys query syntax; the note shows one token only); values with spaces or quotes are quoted.
 */
import { z } from "zod";
import type { JsonApiClient } from "./json-api";
import { optString, optNumber, optBool } from "./fields";

const BASE = "/cloudview-api/rest/v1";

export const CLOUDVIEW_PROVIDERS = ["aws", "azure", "gcp"] as const;
export type CloudViewProvider = (typeof CLOUDVIEW_PROVIDERS)[number];

/** The note documents no maximum page size; this guard keeps answers bounded. */
export const CLOUDVIEW_MAX_PAGE_SIZE = 1000;
export const CLOUDVIEW_DEFAULT_PAGE_SIZE = 50;

export const CONNECTOR_FILTER_TOKENS = ["name", "description", "state", "connector.uuid", "lastSyncedOn"] as const;
export const CONNECTOR_STATES = ["SUCCESS", "PENDING", "REGIONS_DISCOVERED", "ERROR"] as const;

// The fields as this API's release notes show them. Response schemas share no fields with each other: Qualys
// versions each object separately.
export const cloudViewConnectorSchema = z.looseObject({
  name: z.string(),
  connectorId: z.string(),
  description: optString,
  provider: optString,
  state: optString,
  totalAssets: optNumber,
  /** As Qualys prints it, e.g. "Thu Nov 26 07:21:36 UTC 2020" (left as given). */
  lastSyncedOn: optString,
  nextSyncedOn: optString,
  remediationEnabled: optBool,
  isGovCloud: optBool,
  isChinaRegion: optBool,
  groups: z
    .array(z.looseObject({ name: optString, uuid: optString }))
    .nullable()
    .optional(),
  pollingFrequency: z.looseObject({ hours: optNumber, minutes: optNumber }).nullable().optional(),
  error: optString,
  /** AWS */
  awsAccountId: optString,
  baseAccountId: optString,
  externalId: optString,
  arn: optString,
  isPortalConnector: optBool,
  /** Azure */
  applicationId: optString,
  subscriptionId: optString,
  directoryId: optString,
  /** GCP */
  projectId: optString,
});
export type CloudViewConnector = z.infer<typeof cloudViewConnectorSchema>;

export const cloudViewEvaluationSchema = z.looseObject({
  controlName: optString,
  policyNames: z.array(z.string()).nullable().optional(),
  criticality: optString,
  service: optString,
  result: optString,
  controlId: z.string(),
  passedResources: optNumber,
  failedResources: optNumber,
  /** Resources that failed but carry an exception ("PassE"). */
  passWithExceptionResources: optNumber,
});
export type CloudViewEvaluation = z.infer<typeof cloudViewEvaluationSchema>;

export const cloudViewEvaluatedResourceSchema = z.looseObject({
  resourceId: z.string(),
  region: optString,
  accountId: optString,
  subscriptionId: optString,
  projectId: optString,
  evaluatedOn: optString,
  evidences: z
    .array(z.looseObject({ settingName: optString, actualValue: z.unknown().optional() }))
    .nullable()
    .optional(),
  resourceType: optString,
  connectorId: optString,
  /** PASS, FAIL or PASS_WITH_EXCEPTION. */
  result: optString,
  evaluationDates: z
    .looseObject({ firstEvaluated: optString, lastEvaluated: optString, dateReopen: optString, dateFixed: optString })
    .nullable()
    .optional(),
});
export type CloudViewEvaluatedResource = z.infer<typeof cloudViewEvaluatedResourceSchema>;

export function springPageOf<S extends z.ZodType>(item: S) {
  return z.looseObject({
    content: z.array(item),
    number: optNumber,
    size: optNumber,
    numberOfElements: optNumber,
    totalElements: optNumber,
    totalPages: optNumber,
    first: optBool,
    last: optBool,
  });
}

export interface CloudViewPageQuery {
  filter?: string;
  sort?: string;
  pageNo: number;
  pageSize: number;
}

/** Quote a filter value when it holds spaces, quotes, parentheses or a bare `and`/`or`. */
export function quoteFilterValue(value: string): string {
  if (value !== "" && !/[\s"()]/.test(value)) return value;
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** `{ state: "SUCCESS" }` → `state=SUCCESS`; several tokens joined with ` and `. */
export function encodeFilter(tokens: Record<string, string | undefined>, separator: "=" | ":"): string | undefined {
  const parts = Object.entries(tokens)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${k}${separator}${quoteFilterValue(v)}`);
  return parts.length > 0 ? parts.join(" and ") : undefined;
}

export class CloudViewApi {
  constructor(private readonly json: JsonApiClient) {}

  private get<S extends z.ZodType>(schema: S, path: string, operation: string, q: CloudViewPageQuery) {
    return this.json.get(schema, {
      api: "portal",
      auth: "basic",
      path: `${BASE}${path}`,
      // Order as in the note's samples: filter, pageNo, pageSize, sort.
      query: { filter: q.filter, pageNo: q.pageNo, pageSize: q.pageSize, sort: q.sort },
      operation,
    });
  }

  async listConnectors(provider: CloudViewProvider, q: CloudViewPageQuery) {
    return this.get(
      springPageOf(cloudViewConnectorSchema),
      `/${provider}/connectors`,
      `list CloudView ${provider.toUpperCase()} connectors`,
      q,
    );
  }

  async listEvaluations(provider: CloudViewProvider, accountId: string, q: CloudViewPageQuery) {
    return this.get(
      springPageOf(cloudViewEvaluationSchema),
      `/${provider}/evaluations/${encodeURIComponent(accountId)}`,
      `list CloudView ${provider.toUpperCase()} evaluations`,
      q,
    );
  }

  async listEvaluatedResources(provider: CloudViewProvider, accountId: string, controlId: string, q: CloudViewPageQuery) {
    return this.get(
      springPageOf(cloudViewEvaluatedResourceSchema),
      `/${provider}/evaluations/${encodeURIComponent(accountId)}/resources/${encodeURIComponent(controlId)}`,
      `list CloudView ${provider.toUpperCase()} evaluated resources`,
      q,
    );
  }
}
