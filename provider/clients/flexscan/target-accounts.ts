/**
 * Flexscan target-account endpoints (the Connector 2.18 notes, "Target Accounts API"): setup, list, get, state.
 *
 * A target account is a child account (AWS Organization member account, Azure target subscription)
 * that Qualys discovered under a registered parent service account. There is no register or
 * deregister for targets: they appear by discovery and go with their parent.
 *
 * Response schemas follow the notes' samples; like the service-account ones they are loose (unknown
 * extra fields pass) and check every field we use.
 */
import { z } from "zod";
import type { GatewayClient, GatewayMeta } from "../gateway";
import { collectPages } from "../paging";
import { accountStateSchema, setupResultSchema } from "./service-accounts";

const BASE = "/flexscan-api/rest/v1/target-accounts";

/** Filter values the list documents for `cloudType` (OCI appears in the list filter only). */
export const TARGET_LIST_CLOUD_TYPES = ["AWS", "AZURE", "GCP", "OCI"] as const;
/** Parent service account states the list's `state` filter documents. */
export const PARENT_STATES = ["REGISTERED", "ACTIVE", "INACTIVE", "ERROR"] as const;

/**
 * The setup answer. Tag lists are `null` when the target inherits the parent's value (the notes'
 * sample: `"atLeastOneTag": null` for a list the request did not send) and a list (maybe `[]`)
 * when the target has its own.
 */
export const targetSetupResultSchema = setupResultSchema.extend({
  serviceAccountId: z.string().nullable().optional(),
  cloudType: z.string().nullable().optional(),
});
export type TargetSetupResult = z.infer<typeof targetSetupResultSchema>;

/** The parent block of GET target-accounts/{id}. */
export const parentBlockSchema = z.looseObject({
  accountId: z.string(),
  cloudType: z.string().nullable().optional(),
  state: z.string().nullable().optional(),
  regions: z.array(z.string()).nullable().optional(),
});
export type ParentBlock = z.infer<typeof parentBlockSchema>;

export const targetAccountSchema = z.looseObject({
  accountId: z.string(),
  serviceAccountId: z.string(),
  cloudType: z.string().nullable().optional(),
  customerUuid: z.string().nullable().optional(),
  connectorUuid: z.string().nullable().optional(),
  portalUuid: z.string().nullable().optional(),
  regions: z.array(z.string()).nullable().optional(),
  createdAt: z.string().nullable().optional(),
  updatedAt: z.string().nullable().optional(),
  /** GET only: the parent service account as Qualys sees it. */
  serviceAccount: parentBlockSchema.nullable().optional(),
  /** List only: the parent's state (the list's `state` filter applies to it). */
  serviceAccountState: z.string().nullable().optional(),
});
export type TargetAccountRecord = z.infer<typeof targetAccountSchema>;

/** Same shape as a service account's state; `state` is derived from the parent (the Connector 2.18 notes). */
export const targetStateSchema = accountStateSchema.extend({ cloudType: z.string().nullable().optional() });
export type TargetState = z.infer<typeof targetStateSchema>;

/**
 * Setup body. For the three tag lists, `null` = inherit the parent's value and `[]` = no filtering
 * (the notes' "Target Account Tag Fallback"). `undefined` leaves the key out of the JSON; the
 * provider never does that for tag lists (see mapping.ts for why it sends `null`).
 */
export interface TargetSetupRequest {
  accountId: string;
  regions: string[];
  scanInterval?: number;
  resourceTypes?: string[];
  vmScanTypes?: string[];
  mustHaveTags?: string[] | null;
  atLeastOneTag?: string[] | null;
  noneOfTheTag?: string[] | null;
}

export interface TargetListOptions {
  /** Parent service account id. */
  serviceAccountId?: string;
  /** AWS, AZURE, GCP or OCI (any case). */
  cloudType?: string;
  /** Parent service account state: REGISTERED, ACTIVE, INACTIVE, ERROR. */
  state?: string;
  /** 1-based; default 1. */
  page?: number;
  /** 1–100; default 25. */
  limit?: number;
  /** `field,direction`; default `createdAt,desc`. */
  sort?: string;
}

// One method per endpoint (schema, method, path, operation name, idempotency); transport, retry, envelope, errors
// and the page shape are GatewayClient's.
export class TargetAccountsApi {
  constructor(private readonly gw: GatewayClient) {}

  async setup(req: TargetSetupRequest) {
    // Setup replaces the target's whole configuration with what is sent: repeating it converges to
    // the same state, so it is safe to retry after an ambiguous failure.
    return (
      await this.gw.call(targetSetupResultSchema, {
        method: "POST",
        path: `${BASE}/setup`,
        json: req,
        idempotent: true,
        operation: "set up target account",
      })
    ).data;
  }

  /**
   * The setup a TargetAccount's delete sends to stop scanning (the same endpoint and body shape).
   * Not repeated by the transport when its answer is lost: no read shows whether it took effect (a
   * GET carries regions only, not the tag filters or interval it sets), so repeats cannot converge on
   * an answer, and the handler decides how often to send it (provider/shared/lost-delete.ts).
   */
  async stopScanning(req: TargetSetupRequest) {
    return (
      await this.gw.call(targetSetupResultSchema, {
        method: "POST",
        path: `${BASE}/setup`,
        json: req,
        operation: "stop scanning target account",
      })
    ).data;
  }

  async get(accountId: string) {
    return (
      await this.gw.call(targetAccountSchema, {
        method: "GET",
        path: `${BASE}/${encodeURIComponent(accountId)}`,
        operation: "get target account",
      })
    ).data;
  }

  async state(accountId: string) {
    return (
      await this.gw.call(targetStateSchema, {
        method: "GET",
        path: `${BASE}/${encodeURIComponent(accountId)}/state`,
        operation: "get target account state",
      })
    ).data;
  }

  /** One page. */
  async list(opts: TargetListOptions = {}): Promise<{ items: TargetAccountRecord[]; meta: GatewayMeta }> {
    return this.gw.page(targetAccountSchema, {
      method: "GET",
      path: BASE,
      query: {
        serviceAccountId: opts.serviceAccountId,
        cloudType: opts.cloudType,
        state: opts.state,
        page: opts.page,
        limit: opts.limit,
        sort: opts.sort,
      },
      operation: "list target accounts",
    });
  }

  /** Every page to the end (100 a page), through the package's one page walker. */
  async listAll(opts: Omit<TargetListOptions, "page" | "limit"> = {}, pageSize = 100): Promise<TargetAccountRecord[]> {
    const r = await collectPages(
      async (page) => {
        const { items, meta } = await this.list({ ...opts, page, limit: pageSize });
        return { items, total: meta.total };
      },
      { all: true, firstPage: 1, pageSize, operation: "list target accounts" },
    );
    return r.items;
  }
}
