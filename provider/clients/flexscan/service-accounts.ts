/**
 * Flexscan service-account endpoints (the Connector 2.18 notes, "Service Accounts API").
 *
 * Response schemas follow the notes' samples; they are loose (unknown extra fields pass) so a new
 * field from Qualys never breaks a refresh, but every field we use is checked.
 */
import { z } from "zod";
import type { GatewayClient, GatewayMeta } from "../gateway";
import { collectPages } from "../paging";

export const CLOUD_TYPES = ["GCP", "AWS", "AZURE"] as const;
export type CloudType = (typeof CLOUD_TYPES)[number];

const BASE = "/flexscan-api/rest/v1/service-accounts";

const stringList = z.array(z.string()).nullable().optional();

export const registerResultSchema = z.looseObject({
  accountId: z.string(),
  status: z.string(),
  registeredAt: z.string().nullable().optional(),
});

export const deregisterResultSchema = z.looseObject({
  accountId: z.string(),
  status: z.string(),
  deregisteredAt: z.string().nullable().optional(),
});

export const setupResultSchema = z.looseObject({
  status: z.string(),
  accountId: z.string(),
  cloudType: z.string().optional(),
  previousRegions: stringList,
  currentRegions: stringList,
  addedRegions: stringList,
  removedRegions: stringList,
  scanInterval: z.number().nullable().optional(),
  resourceTypes: stringList,
  vmScanTypes: stringList,
  mustHaveTags: stringList,
  atLeastOneTag: stringList,
  noneOfTheTag: stringList,
});
export type SetupResult = z.infer<typeof setupResultSchema>;

// The fields as this API's release notes show them. Response schemas share no fields with each other: Qualys
// versions each object separately.
export const serviceAccountSchema = z.looseObject({
  accountId: z.string(),
  cloudType: z.string(),
  customerUuid: z.string().nullable().optional(),
  connectorUuid: z.string().nullable().optional(),
  portalUuid: z.string().nullable().optional(),
  regions: z.array(z.string()).nullable().optional(),
  state: z.string(),
  createdAt: z.string().nullable().optional(),
  updatedAt: z.string().nullable().optional(),
});
export type ServiceAccountRecord = z.infer<typeof serviceAccountSchema>;

/** Per-region infrastructure; keys differ per cloud (vnetId on Azure, vpc/subnet on GCP/AWS). */
export const cloudInfoSchema = z.record(z.string(), z.record(z.string(), z.unknown()));
export type CloudInfo = z.infer<typeof cloudInfoSchema>;

export const accountStateSchema = z.looseObject({
  accountId: z.string(),
  cloudType: z.string().optional(),
  state: z.string(),
  cloudInfo: cloudInfoSchema.nullable().optional(),
});
export type AccountState = z.infer<typeof accountStateSchema>;

export interface SetupRequest {
  accountId: string;
  regions: string[];
  scanInterval?: number;
  resourceTypes?: string[];
  vmScanTypes?: string[];
  mustHaveTags?: string[];
  atLeastOneTag?: string[];
  noneOfTheTag?: string[];
}

export interface ListOptions {
  page?: number;
  limit?: number;
  sort?: string;
}

// One method per endpoint (schema, method, path, operation name, idempotency); transport, retry, envelope, errors
// and the page shape are GatewayClient's.
export class ServiceAccountsApi {
  constructor(private readonly gw: GatewayClient) {}

  async register(accountId: string, cloudType: CloudType) {
    // Not idempotent: a second register of the same account is a conflict, so an ambiguous failure
    // is not repeated; the handler reconciles through GET instead.
    return (
      await this.gw.call(registerResultSchema, {
        method: "POST",
        path: `${BASE}/register`,
        json: { accountId, cloudType },
        operation: "register service account",
      })
    ).data;
  }

  async deregister(accountId: string, cloudType: CloudType) {
    return (
      await this.gw.call(deregisterResultSchema, {
        method: "DELETE",
        path: `${BASE}/deregister`,
        json: { accountId, cloudType },
        operation: "deregister service account",
      })
    ).data;
  }

  async setup(req: SetupRequest) {
    // Setup replaces the whole configuration with what is sent: repeating it converges to the same
    // state, so it is safe to retry after an ambiguous failure.
    return (
      await this.gw.call(setupResultSchema, {
        method: "POST",
        path: `${BASE}/setup`,
        json: req,
        idempotent: true,
        operation: "set up service account",
      })
    ).data;
  }

  async get(accountId: string) {
    return (
      await this.gw.call(serviceAccountSchema, {
        method: "GET",
        path: `${BASE}/${encodeURIComponent(accountId)}`,
        operation: "get service account",
      })
    ).data;
  }

  async state(accountId: string) {
    return (
      await this.gw.call(accountStateSchema, {
        method: "GET",
        path: `${BASE}/${encodeURIComponent(accountId)}/state`,
        operation: "get service account state",
      })
    ).data;
  }

  async list(opts: ListOptions = {}): Promise<{ items: ServiceAccountRecord[]; meta: GatewayMeta }> {
    return this.gw.page(serviceAccountSchema, {
      method: "GET",
      path: BASE,
      query: { page: opts.page, limit: opts.limit, sort: opts.sort },
      operation: "list service accounts",
    });
  }

  /**
   * Every account, page by page (100 a page), in a stable order (by accountId, so an account created
   * meanwhile does not shift the pages still to come).
   */
  async listAll(pageSize = 100): Promise<ServiceAccountRecord[]> {
    const r = await collectPages(
      async (page) => {
        const { items, meta } = await this.list({ page, limit: pageSize, sort: "accountId,asc" });
        return { items, total: meta.total };
      },
      { all: true, firstPage: 1, pageSize, operation: "list service accounts" },
    );
    return r.items;
  }
}
