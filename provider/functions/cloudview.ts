/**
 * Read-only CloudView data (CloudView API release notes): AWS/Azure/GCP connectors with filter and
 * sort, control evaluations per account/subscription/project with exception counts, and the
 * resources evaluated for a control. Portal URL (`qualysguard.*`) with Basic authentication: set
 * `qualys:username` and `qualys:password` (or QUALYS_USERNAME/QUALYS_PASSWORD).
 *
 * Paging: `pageNo` from 0 and `pageSize` (1–1000; the notes set no maximum, 1000 is this package's
 * guard; default 50, as in the notes' samples); `all: true` walks every page.
 *
 * Filters: a Qualys query string, sent as given (`"state=SUCCESS"`), or an object of search tokens
 * encoded as the samples do (`{ state: "SUCCESS" }` → `filter=state%3DSUCCESS` for connectors,
 * `{ cid: "67" }` → `filter=cid%3A67` for evaluations; several tokens joined with ` and `). Values
 * are not checked here: Qualys validates them, and its message is quoted when it refuses one.
 */
import { z } from "zod";
import { QualysError } from "../errors";
import { collectPages } from "../clients/paging";
import {
  CLOUDVIEW_DEFAULT_PAGE_SIZE,
  CLOUDVIEW_MAX_PAGE_SIZE,
  CLOUDVIEW_PROVIDERS,
  cloudViewConnectorSchema,
  cloudViewEvaluatedResourceSchema,
  cloudViewEvaluationSchema,
  encodeFilter,
  type CloudViewPageQuery,
} from "../clients/cloudview";
import { allArg, defineGroup, fn, idArg, listResult, pageNumberArg, pageSizeArg, type ListResult, type Paging } from "./define";
import { documented } from "./documented";

const providerArg = z
  .preprocess(
    (v) => (typeof v === "string" ? v.toLowerCase() : v),
    z.enum(CLOUDVIEW_PROVIDERS, { error: 'must be "aws", "azure" or "gcp"' }),
  )
  .describe("`aws`, `azure` or `gcp` (any case).");

const pagingShape = {
  pageNo: pageNumberArg(0).optional().describe("Page, from 0 (default 0)."),
  pageSize: pageSizeArg(1, CLOUDVIEW_MAX_PAGE_SIZE, `CloudView lists take 1–${CLOUDVIEW_MAX_PAGE_SIZE} records per page`)
    .optional()
    .describe("Records per page (default 50; always sent)."),
  all: allArg("pageNo"),
};
const paging: Paging = {
  pageArg: "pageNo",
  sizeArg: "pageSize",
  firstPage: 0,
  minSize: 1,
  maxSize: CLOUDVIEW_MAX_PAGE_SIZE,
  defaultSize: CLOUDVIEW_DEFAULT_PAGE_SIZE,
};

const tokenValue = z.string({ error: "must be a string" });

export const connectorFilterArg = z.union(
  [
    z.string().trim().min(1),
    z
      .strictObject(
        {
          name: tokenValue.optional().describe("The connector's name."),
          description: tokenValue.optional().describe("The connector's description."),
          state: tokenValue.optional().describe("SUCCESS, PENDING, REGIONS_DISCOVERED or ERROR."),
          "connector.uuid": tokenValue.optional().describe("The connector's UUID."),
          lastSyncedOn: tokenValue.optional().describe("Date/time of the last sync, in UTC."),
        },
        {
          error: (iss) =>
            iss.code === "unrecognized_keys"
              ? `unknown search token(s) ${iss.keys.join(", ")}; connector filters take name, description, state, connector.uuid, lastSyncedOn`
              : undefined,
        },
      )
      .describe("Search tokens, each matched as `token=value`; several are joined with `and`."),
  ],
  {
    error: 'must be a Qualys filter string (e.g. "state=SUCCESS") or an object with name, description, state, connector.uuid, lastSyncedOn',
  },
);

export const connectorSortArg = z.union(
  [
    z.enum(["lastSyncedOn:asc", "lastSyncedOn:desc"]),
    z.strictObject({ lastSyncedOn: z.enum(["asc", "desc"]).describe("`asc` or `desc`.") }).describe("Sort by lastSyncedOn."),
  ],
  {
    error: 'must be "lastSyncedOn:asc" or "lastSyncedOn:desc" (or { lastSyncedOn: "asc" | "desc" }): CloudView sorts by lastSyncedOn only',
  },
);

const evaluationFilterArg = z
  .union([z.string().trim().min(1), z.record(z.string(), tokenValue)], {
    error: 'must be a Qualys filter string (e.g. "cid:67") or an object of search tokens (e.g. { cid: "67" })',
  })
  .optional()
  .describe('A Qualys filter string (`"cid:67"`) or an object of search tokens (`{ cid: "67" }` → `cid%3A67`).');

const accountIdArg = idArg("AWS account id, Azure subscription id or GCP project id").describe(
  "AWS account id, Azure subscription id or GCP project id.",
);

/** The `filter` query value for connector lists. */
export function connectorFilterQuery(f: z.output<typeof connectorFilterArg> | undefined): string | undefined {
  if (f === undefined) return undefined;
  return typeof f === "string" ? f : encodeFilter(f, "=");
}

/** The `sort` query value for connector lists. */
export function connectorSortQuery(s: z.output<typeof connectorSortArg> | undefined): string | undefined {
  if (s === undefined) return undefined;
  return typeof s === "string" ? s : `lastSyncedOn:${s.lastSyncedOn}`;
}

function evaluationFilterQuery(f: z.output<typeof evaluationFilterArg>): string | undefined {
  if (f === undefined) return undefined;
  return typeof f === "string" ? f : encodeFilter(f, ":");
}

type SpringPage<T> = { content: T[]; totalElements?: number | null; last?: boolean | null };

/** One API's paging (first page number, size, total) adapted to the package's one page walker. */
async function walk<T>(
  a: { pageNo?: number; pageSize?: number; all?: boolean },
  operation: string,
  fetch: (q: Pick<CloudViewPageQuery, "pageNo" | "pageSize">) => Promise<SpringPage<T>>,
): Promise<ListResult<T>> {
  const pageSize = a.pageSize ?? CLOUDVIEW_DEFAULT_PAGE_SIZE;
  return collectPages(
    async (pageNo) => {
      const p = await fetch({ pageNo, pageSize });
      return { items: p.content, total: p.totalElements ?? undefined, last: p.last ?? undefined };
    },
    { all: a.all === true, firstPage: a.pageNo ?? 0, pageSize, operation },
  );
}

// ---------------------------------------------------------------------------------------------
// Result fields

const connectorResult = documented(cloudViewConnectorSchema, "A CloudView connector.", {
  name: "The connector's name.",
  connectorId: "The connector's id (UUID).",
  description: "The connector's description.",
  provider: "AWS, AZURE or GCP.",
  state: "SUCCESS, PENDING, REGIONS_DISCOVERED or ERROR.",
  totalAssets: "Assets the connector discovered.",
  lastSyncedOn: 'When it last synced, as Qualys prints it (e.g. "Thu Nov 26 07:21:36 UTC 2020").',
  nextSyncedOn: "When it syncs next, as Qualys prints it.",
  remediationEnabled: "Whether remediation is enabled.",
  isGovCloud: "AWS GovCloud account.",
  isChinaRegion: "AWS China region account.",
  groups: ["The connector groups it belongs to.", { name: "The group's name.", uuid: "The group's UUID." }],
  pollingFrequency: ["How often it syncs.", { hours: "Hours between syncs.", minutes: "Minutes between syncs (added to hours)." }],
  error: "The last sync error, when the state is ERROR.",
  awsAccountId: "AWS: the account id.",
  baseAccountId: "AWS: the Qualys base account id the role trusts.",
  externalId: "AWS: the external id of the role.",
  arn: "AWS: the role's ARN.",
  isPortalConnector: "AWS: made from the Qualys portal.",
  applicationId: "Azure: the application (client) id.",
  subscriptionId: "Azure: the subscription id.",
  directoryId: "Azure: the directory (tenant) id.",
  projectId: "GCP: the project id.",
});

const evaluationResult = documented(cloudViewEvaluationSchema, "One control's evaluation in an account.", {
  controlName: "The control's name.",
  policyNames: "The policies the control belongs to.",
  criticality: "The control's criticality, e.g. HIGH.",
  service: "The cloud service it applies to, e.g. S3.",
  result: "PASS or FAIL.",
  controlId: "The control id (CID).",
  passedResources: "Resources that pass.",
  failedResources: "Resources that fail.",
  passWithExceptionResources: 'Resources that fail but carry an exception ("PassE").',
});

const evaluatedResourceResult = documented(cloudViewEvaluatedResourceSchema, "A resource evaluated for a control.", {
  resourceId: "The resource's cloud id.",
  region: "The resource's region.",
  accountId: "AWS: the account id.",
  subscriptionId: "Azure: the subscription id.",
  projectId: "GCP: the project id.",
  evaluatedOn: "When it was evaluated.",
  evidences: [
    "What the evaluation saw.",
    { settingName: "The setting examined.", actualValue: "Its value in the cloud, as Qualys reports it." },
  ],
  resourceType: "The resource's type.",
  connectorId: "The connector that found it.",
  result: "PASS, FAIL or PASS_WITH_EXCEPTION.",
  evaluationDates: [
    "The evaluation's history.",
    {
      firstEvaluated: "First evaluated.",
      lastEvaluated: "Last evaluated.",
      dateReopen: "When a fixed failure came back.",
      dateFixed: "When the failure was fixed.",
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Functions

export const CLOUDVIEW = defineGroup("cloudview", {
  getCloudViewConnectors: fn({
    description: "CloudView connectors of one cloud, filtered and sorted.",
    args: z.strictObject({
      provider: providerArg,
      filter: connectorFilterArg
        .optional()
        .describe(
          "A Qualys filter string sent as given, or an object of search tokens: connectors take `name`, `description`, `state` (SUCCESS, PENDING, REGIONS_DISCOVERED, ERROR), `connector.uuid`, `lastSyncedOn` (UTC), joined as `state%3DSUCCESS`.",
        ),
      sort: connectorSortArg
        .optional()
        .describe(
          '`"lastSyncedOn:asc"`, `"lastSyncedOn:desc"` or `{ lastSyncedOn: "asc" | "desc" }`: CloudView sorts by lastSyncedOn only.',
        ),
      ...pagingShape,
    }),
    result: listResult(connectorResult, "connectors"),
    paging,
    run: (c, a) => {
      const filter = connectorFilterQuery(a.filter);
      const sort = connectorSortQuery(a.sort);
      return walk(a, "getCloudViewConnectors", (q) => c.readOnly.cloudView.listConnectors(a.provider, { ...q, filter, sort }));
    },
  }),
  getCloudViewConnector: fn({
    description:
      "The one connector of a cloud with this exact name (filter `name=…`, every page, then an exact comparison). No match, or several, is an error naming the count.",
    args: z.strictObject({
      provider: providerArg,
      name: z.string().trim().min(1, "must not be empty (the connector name)").describe("The connector's exact name."),
    }),
    result: connectorResult,
    run: async (c, a) => {
      const filter = encodeFilter({ name: a.name }, "=");
      const all = await walk({ all: true }, "getCloudViewConnector", (q) =>
        c.readOnly.cloudView.listConnectors(a.provider, { ...q, filter }),
      );
      const exact = all.items.filter((x) => x.name === a.name);
      if (exact.length === 1) return exact[0];
      throw new QualysError({
        kind: exact.length === 0 ? "not-found" : "conflict",
        operation: "getCloudViewConnector",
        hint:
          exact.length === 0
            ? `no ${a.provider.toUpperCase()} connector is named "${a.name}"`
            : `${exact.length} ${a.provider.toUpperCase()} connectors are named "${a.name}" (ids ${exact.map((x) => x.connectorId).join(", ")}); use getCloudViewConnectors`,
      });
    },
  }),
  getCloudViewEvaluations: fn({
    description: "Control evaluations of one account/subscription/project, with passed/failed/pass-with-exception counts.",
    args: z.strictObject({ provider: providerArg, accountId: accountIdArg, filter: evaluationFilterArg, ...pagingShape }),
    result: listResult(evaluationResult, "control evaluations"),
    paging,
    run: (c, a) => {
      const filter = evaluationFilterQuery(a.filter);
      return walk(a, "getCloudViewEvaluations", (q) => c.readOnly.cloudView.listEvaluations(a.provider, a.accountId, { ...q, filter }));
    },
  }),
  getCloudViewEvaluatedResources: fn({
    description: "The resources evaluated for one control (`result` PASS, FAIL or PASS_WITH_EXCEPTION).",
    args: z.strictObject({
      provider: providerArg,
      accountId: accountIdArg,
      controlId: idArg("control id").describe("The control id (CID)."),
      filter: evaluationFilterArg,
      ...pagingShape,
    }),
    result: listResult(evaluatedResourceResult, "evaluated resources"),
    paging,
    run: (c, a) => {
      const filter = evaluationFilterQuery(a.filter);
      return walk(a, "getCloudViewEvaluatedResources", (q) =>
        c.readOnly.cloudView.listEvaluatedResources(a.provider, a.accountId, a.controlId, { ...q, filter }),
      );
    },
  }),
});
