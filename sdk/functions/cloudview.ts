/**
 * Read-only CloudView data (note 003): AWS/Azure/GCP connectors with filter and sort, control
 * evaluations per account/subscription/project with exception counts, and the resources evaluated
 * for a control. Portal URL (`qualysguard.*`) with Basic authentication: set `qualys:username` and
 * `qualys:password` (or QUALYS_USERNAME/QUALYS_PASSWORD).
 *
 * Paging: `pageNo` from 0 and `pageSize` (1–1000; the note sets no maximum, 1000 is this package's
 * guard; default 50, as in the note's samples); `all: true` walks every page.
 *
 * Filters: a Qualys query string, sent as given (`"state=SUCCESS"`), or an object of search tokens
 * encoded as the samples do (`{ state: "SUCCESS" }` → `filter=state%3DSUCCESS` for connectors,
 * `{ cid: "67" }` → `filter=cid%3A67` for evaluations; several tokens joined with ` and `). Values
 * are not checked here: Qualys validates them, and its message is quoted when it refuses one.
 */
import { z } from "zod";
import { QualysError } from "../../provider/errors";
import { collectPages } from "../../provider/clients/paging";
import {
  CLOUDVIEW_DEFAULT_PAGE_SIZE,
  CLOUDVIEW_MAX_PAGE_SIZE,
  CLOUDVIEW_PROVIDERS,
  encodeFilter,
  type CloudViewConnector,
  type CloudViewEvaluatedResource,
  type CloudViewEvaluation,
  type CloudViewPageQuery,
} from "../../provider/clients/cloudview";
import { defineFunction, idArg, pageNumberArg, pageSizeArg, type ListResult } from "./invoke";

const providerArg = z.preprocess(
  (v) => (typeof v === "string" ? v.toLowerCase() : v),
  z.enum(CLOUDVIEW_PROVIDERS, { error: 'must be "aws", "azure" or "gcp"' }),
);

const pagingShape = {
  /** Page, from 0 (default 0). */
  pageNo: pageNumberArg(0).optional(),
  /** Records per page (1–1000, default 50). */
  pageSize: pageSizeArg(1, CLOUDVIEW_MAX_PAGE_SIZE, `CloudView lists take 1–${CLOUDVIEW_MAX_PAGE_SIZE} records per page`).optional(),
  /** Every page from `pageNo` to the end. */
  all: z.boolean().optional(),
};

const tokenValue = z.string({ error: "must be a string" });

export const connectorFilterArg = z.union(
  [
    z.string().trim().min(1),
    z.strictObject(
      {
        name: tokenValue.optional(),
        description: tokenValue.optional(),
        /** SUCCESS, PENDING, REGIONS_DISCOVERED, ERROR. */
        state: tokenValue.optional(),
        "connector.uuid": tokenValue.optional(),
        /** Date/time in UTC. */
        lastSyncedOn: tokenValue.optional(),
      },
      {
        error: (iss) =>
          iss.code === "unrecognized_keys"
            ? `unknown search token(s) ${iss.keys.join(", ")}; connector filters take name, description, state, connector.uuid, lastSyncedOn`
            : undefined,
      },
    ),
  ],
  {
    error: 'must be a Qualys filter string (e.g. "state=SUCCESS") or an object with name, description, state, connector.uuid, lastSyncedOn',
  },
);

export const connectorSortArg = z.union(
  [z.enum(["lastSyncedOn:asc", "lastSyncedOn:desc"]), z.strictObject({ lastSyncedOn: z.enum(["asc", "desc"]) })],
  {
    error: 'must be "lastSyncedOn:asc" or "lastSyncedOn:desc" (or { lastSyncedOn: "asc" | "desc" }): CloudView sorts by lastSyncedOn only',
  },
);

const evaluationFilterArg = z.union([z.string().trim().min(1), z.record(z.string(), tokenValue)], {
  error: 'must be a Qualys filter string (e.g. "cid:67") or an object of search tokens (e.g. { cid: "67" })',
});

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

function evaluationFilterQuery(f: z.output<typeof evaluationFilterArg> | undefined): string | undefined {
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

// The definitions below are alike in shape on purpose: each declares one function (name, args schema, client call);
// the rules (argument checks, paging walk, invoke and its errors) have one home in invoke.ts and the walkers.
export const getCloudViewConnectorsArgs = z.strictObject({
  /** aws, azure or gcp (any case). */
  provider: providerArg,
  filter: connectorFilterArg.optional(),
  sort: connectorSortArg.optional(),
  ...pagingShape,
});
/** CloudView connectors of one cloud, filtered and sorted. */
export const [getCloudViewConnectors, getCloudViewConnectorsOutput] = defineFunction(
  "getCloudViewConnectors",
  getCloudViewConnectorsArgs,
  (c, a): Promise<ListResult<CloudViewConnector>> => {
    const filter = connectorFilterQuery(a.filter);
    const sort = connectorSortQuery(a.sort);
    return walk(a, "getCloudViewConnectors", (q) => c.readOnly.cloudView.listConnectors(a.provider, { ...q, filter, sort }));
  },
);

export const getCloudViewConnectorArgs = z.strictObject({
  provider: providerArg,
  /** The connector's exact name. */
  name: z.string().trim().min(1, "must not be empty (the connector name)"),
});
/**
 * The one connector of a cloud with this exact name (filter `name=…`, every page, then an exact
 * comparison). No match, or several, is an error naming the count.
 */
export const [getCloudViewConnector, getCloudViewConnectorOutput] = defineFunction(
  "getCloudViewConnector",
  getCloudViewConnectorArgs,
  async (c, a): Promise<CloudViewConnector> => {
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
);

export const getCloudViewEvaluationsArgs = z.strictObject({
  provider: providerArg,
  /** AWS account id, Azure subscription id or GCP project id. */
  accountId: idArg("AWS account id, Azure subscription id or GCP project id"),
  /** e.g. "cid:67" or { cid: "67" }. */
  filter: evaluationFilterArg.optional(),
  ...pagingShape,
});
/** Control evaluations of one account/subscription/project, with passed/failed/pass-with-exception counts. */
export const [getCloudViewEvaluations, getCloudViewEvaluationsOutput] = defineFunction(
  "getCloudViewEvaluations",
  getCloudViewEvaluationsArgs,
  (c, a): Promise<ListResult<CloudViewEvaluation>> => {
    const filter = evaluationFilterQuery(a.filter);
    return walk(a, "getCloudViewEvaluations", (q) => c.readOnly.cloudView.listEvaluations(a.provider, a.accountId, { ...q, filter }));
  },
);

export const getCloudViewEvaluatedResourcesArgs = z.strictObject({
  provider: providerArg,
  accountId: idArg("AWS account id, Azure subscription id or GCP project id"),
  controlId: idArg("control id"),
  filter: evaluationFilterArg.optional(),
  ...pagingShape,
});
/** The resources evaluated for one control (`result` PASS, FAIL or PASS_WITH_EXCEPTION). */
export const [getCloudViewEvaluatedResources, getCloudViewEvaluatedResourcesOutput] = defineFunction(
  "getCloudViewEvaluatedResources",
  getCloudViewEvaluatedResourcesArgs,
  (c, a): Promise<ListResult<CloudViewEvaluatedResource>> => {
    const filter = evaluationFilterQuery(a.filter);
    return walk(a, "getCloudViewEvaluatedResources", (q) =>
      c.readOnly.cloudView.listEvaluatedResources(a.provider, a.accountId, a.controlId, { ...q, filter }),
    );
  },
);
