/**
 * Target accounts (the Connector 2.18 notes, "Target Accounts API"): setup, list, get, state.
 *
 * Behaviour imitated:
 *  - targets exist only after Qualys discovered them under a registered parent service account.
 *    Discovery is simulated by the control route
 *    `POST /__emulator/tenants/{tenant}/service-accounts/{accountId}/discovered-targets` (body: a JSON
 *    list of target account ids, e.g. the member accounts of an AWS Organization, or
 *    `{"accountIds": [...]}`). The ids are remembered as members of the parent's cloud organisation;
 *    they appear as target accounts as soon as the parent is registered (at once if it already is),
 *    so tests can seed them before `pulumi up` registers the parent, and a re-registered parent
 *    rediscovers them, unconfigured;
 *  - setup validations: regions non-empty and ⊆ the parent's configured regions, vmScanTypes
 *    (`os`, `sca`, `secret`; sca needs os) ⊆ the parent's vmScanTypes, scanInterval 24–720,
 *    resourceTypes only `vm`, tag format per the parent's cloud; defaults 24 / ["vm"] / ["os"];
 *    lowercasing of every string list; each rejection a 400 naming the field and the offending values;
 *  - the tag fallback rule: a tag list sent as `null` or left out is stored as `null` and inherits the
 *    parent's value; `[]` is stored as `[]` and overrides the parent with "no filtering". The setup
 *    answer shows the stored value (`null` stays `null`, as in the notes' sample); the control GET
 *    also shows the effective filter (`effectiveTags`);
 *  - state derived from the parent (GET …/state answers the parent's state and the parent's cloudInfo
 *    for the target's regions); GET …/{id} carries the parent block;
 *  - deregistering the parent takes its targets (and their configuration) with it: GET is then 404;
 *  - list filters `serviceAccountId`, `cloudType` (AWS, AZURE, GCP, OCI; any case), `state` (the
 *    parent's: REGISTERED, ACTIVE, INACTIVE, ERROR), page/limit (1–100)/sort as documented;
 *  - tenant scoping (another tenant's target is 404).
 * Interpreted (the notes are silent): setup replaces the whole configuration (a left-out tag list is
 * `null`, a left-out scanInterval is 24 again); a discovered but never set-up target reads back with
 * `regions: []`; changing the parent's regions later leaves its targets' regions as they are (a
 * later target setup must then fit again); `connectorUuid` of a target is its parent's.
 * Not imitated: discovery itself (only the control route), asynchronous processing, scans.
 */
import { randomUUID } from "node:crypto";
import { json, localTimestamp } from "../../http";
import { ApiError, type Route } from "../../router";
import type { Tenant } from "../../tenants";
import type { EmulatorHost, ServiceModule } from "../module";
import { ok, paginate } from "./envelope";
import { flexscan, onDeregister, type EmuServiceAccount, type ServiceAccountConfig } from "./service-accounts";
import * as v from "./validation";

export const TARGET_SCAN_TYPES = ["os", "sca", "secret"] as const;
const LIST_CLOUD_TYPES = ["AWS", "AZURE", "GCP", "OCI"];
const PARENT_STATES = ["REGISTERED", "ACTIVE", "INACTIVE", "ERROR"];
const TAG_FIELDS = ["mustHaveTags", "atLeastOneTag", "noneOfTheTag"] as const;

/** The same fields as a service account's setup; for targets a `null` tag list inherits the parent's, `[]` = no filtering. */
export type TargetConfig = ServiceAccountConfig;

export interface EmuTargetAccount {
  accountId: string;
  serviceAccountId: string;
  cloudType: v.EmuCloudType;
  customerUuid: string;
  portalUuid: string;
  createdAt: string;
  updatedAt: string;
  /** `null` until the first setup. */
  config: TargetConfig | null;
}

export interface TargetsSlice {
  targetAccounts: Map<string, EmuTargetAccount>;
  /** Parent account id → ids of the cloud organisation's member accounts (what discovery finds). */
  orgMembers: Map<string, string[]>;
}

const SLICE = "flexscanTargets";

export function targetsSlice(tenant: Tenant): TargetsSlice {
  return tenant.slice<TargetsSlice>(SLICE, () => ({ targetAccounts: new Map(), orgMembers: new Map() }));
}

/** Deregistering a parent removes its targets; never create the slice just for that. */
function dropTargetsOf(tenant: Tenant, parentId: string): void {
  const slice = tenant.dump()[SLICE] as TargetsSlice | undefined;
  if (!slice) return;
  for (const [id, t] of slice.targetAccounts) if (t.serviceAccountId === parentId) slice.targetAccounts.delete(id);
}
onDeregister.push(dropTargetsOf);

/** Discovery: members of a registered parent's organisation become target accounts. */
function discover(tenant: Tenant): void {
  const slice = targetsSlice(tenant);
  const parents = flexscan(tenant).serviceAccounts;
  for (const [parentId, ids] of slice.orgMembers) {
    const parent = parents.get(parentId);
    if (!parent) continue;
    for (const id of ids) {
      if (slice.targetAccounts.has(id)) continue;
      const now = localTimestamp();
      slice.targetAccounts.set(id, {
        accountId: id,
        serviceAccountId: parentId,
        cloudType: parent.cloudType,
        customerUuid: tenant.customerUuid,
        portalUuid: randomUUID(),
        createdAt: now,
        updatedAt: now,
        config: null,
      });
    }
  }
}

function getTarget(tenant: Tenant, accountId: string): EmuTargetAccount {
  discover(tenant);
  const t = targetsSlice(tenant).targetAccounts.get(accountId);
  if (!t) throw new ApiError(404, `Target account '${accountId}' not found`, "NOT_FOUND", "accountId");
  return t;
}

function parentOf(tenant: Tenant, t: EmuTargetAccount): EmuServiceAccount {
  const p = flexscan(tenant).serviceAccounts.get(t.serviceAccountId);
  // Targets go with their parent (dropTargetsOf), so this is a broken invariant, not a user error.
  if (!p)
    throw new ApiError(
      404,
      `Service account '${t.serviceAccountId}' of target account '${t.accountId}' not found`,
      "NOT_FOUND",
      "serviceAccountId",
    );
  return p;
}

function baseView(tenant: Tenant, t: EmuTargetAccount) {
  const parent = flexscan(tenant).serviceAccounts.get(t.serviceAccountId);
  return {
    accountId: t.accountId,
    serviceAccountId: t.serviceAccountId,
    cloudType: t.cloudType,
    customerUuid: t.customerUuid,
    connectorUuid: parent?.connectorUuid ?? null,
    portalUuid: t.portalUuid,
    regions: t.config?.regions ?? [],
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}

/** The list item (the Connector 2.18 notes' sample: the parent's state as `serviceAccountState`). */
function listView(tenant: Tenant, t: EmuTargetAccount) {
  const parent = flexscan(tenant).serviceAccounts.get(t.serviceAccountId);
  const { createdAt, updatedAt, ...rest } = baseView(tenant, t);
  return { ...rest, serviceAccountState: parent?.state ?? null, createdAt, updatedAt };
}

/** GET {id} (the Connector 2.18 notes' sample: with the parent block). */
function getView(tenant: Tenant, t: EmuTargetAccount) {
  const parent = parentOf(tenant, t);
  return {
    ...baseView(tenant, t),
    serviceAccount: {
      accountId: parent.accountId,
      cloudType: parent.cloudType,
      state: parent.state,
      regions: parent.config?.regions ?? [],
    },
  };
}

function effectiveTags(tenant: Tenant, t: EmuTargetAccount) {
  const parent = flexscan(tenant).serviceAccounts.get(t.serviceAccountId);
  const out: Record<string, string[] | null> = {};
  for (const f of TAG_FIELDS) out[f] = t.config ? (t.config[f] ?? parent?.config?.[f] ?? null) : null;
  return out;
}

function parseSetup(b: Record<string, unknown>, parent: EmuServiceAccount): TargetConfig {
  const pc = parent.config;
  if (!pc || pc.regions.length === 0) {
    throw new ApiError(
      400,
      `Parent service account '${parent.accountId}' has no configured regions; set up the service account first`,
      "VALIDATION_ERROR",
      "regions",
    );
  }
  const regions = v.regions(b.regions);
  const outside = regions.filter((r) => !pc.regions.includes(r));
  if (outside.length > 0) {
    throw new ApiError(
      400,
      `Target account regions must be a subset of the parent service account's configured regions: ${outside.join(", ")} not in [${pc.regions.join(", ")}] of '${parent.accountId}'`,
      "VALIDATION_ERROR",
      "regions",
    );
  }
  const scanInterval = v.scanInterval(b.scanInterval) ?? 24;
  const resourceTypes = v.resourceTypes(b.resourceTypes) ?? ["vm"];
  const vmScanTypes = [...new Set(v.vmScanTypes(b.vmScanTypes, TARGET_SCAN_TYPES) ?? ["os"])];
  const extra = vmScanTypes.filter((t) => !pc.vmScanTypes.includes(t));
  if (extra.length > 0) {
    throw new ApiError(
      400,
      `vmScanTypes must be a subset of the parent service account's vmScanTypes: ${extra.join(", ")} not in [${pc.vmScanTypes.join(", ")}] of '${parent.accountId}'`,
      "VALIDATION_ERROR",
      "vmScanTypes",
    );
  }
  return {
    regions,
    scanInterval,
    resourceTypes,
    vmScanTypes,
    mustHaveTags: v.tags(b.mustHaveTags, "mustHaveTags", parent.cloudType),
    atLeastOneTag: v.tags(b.atLeastOneTag, "atLeastOneTag", parent.cloudType),
    noneOfTheTag: v.tags(b.noneOfTheTag, "noneOfTheTag", parent.cloudType),
  };
}

const BASE = "/flexscan-api/rest/v1/target-accounts";

function routes(emu: EmulatorHost): Route[] {
  const r = (method: string, path: string, handler: Route["handler"]): Route => ({ method, path, auth: "bearer", style: "json", handler });
  const control = (method: string, path: string, handler: Route["handler"]): Route => ({
    method,
    path: `/__emulator/tenants/{tenant}${path}`,
    auth: "none",
    style: "json",
    handler,
  });
  return [
    r("POST", `${BASE}/setup`, (ctx) => {
      const b = (ctx.json() ?? {}) as Record<string, unknown>;
      const accountId = v.requiredString(b.accountId, "accountId");
      const t = getTarget(ctx.tenant, accountId);
      const parent = parentOf(ctx.tenant, t);
      if (parent.state !== "REGISTERED" && parent.state !== "ACTIVE") {
        throw new ApiError(
          409,
          `Parent service account '${parent.accountId}' must be in REGISTERED state (is ${parent.state})`,
          "INVALID_STATE",
          "accountId",
        );
      }
      const config = parseSetup(b, parent);
      const previous = t.config?.regions ?? [];
      t.config = config;
      t.updatedAt = localTimestamp();
      return ok({
        status: "ACCEPTED",
        accountId,
        serviceAccountId: t.serviceAccountId,
        cloudType: t.cloudType,
        previousRegions: previous,
        currentRegions: config.regions,
        addedRegions: config.regions.filter((x) => !previous.includes(x)),
        removedRegions: previous.filter((x) => !config.regions.includes(x)),
        scanInterval: config.scanInterval,
        resourceTypes: config.resourceTypes,
        vmScanTypes: config.vmScanTypes,
        mustHaveTags: config.mustHaveTags,
        atLeastOneTag: config.atLeastOneTag,
        noneOfTheTag: config.noneOfTheTag,
      });
    }),
    r("GET", BASE, (ctx) => {
      discover(ctx.tenant);
      const q = ctx.query;
      let items = [...targetsSlice(ctx.tenant).targetAccounts.values()];
      const parentId = q.get("serviceAccountId");
      if (parentId !== null) items = items.filter((t) => t.serviceAccountId === parentId);
      const cloud = q.get("cloudType");
      if (cloud !== null) {
        if (!LIST_CLOUD_TYPES.includes(cloud.toUpperCase()))
          throw new ApiError(400, `cloudType must be one of ${LIST_CLOUD_TYPES.join(", ")}`, "VALIDATION_ERROR", "cloudType");
        items = items.filter((t) => t.cloudType === cloud.toUpperCase());
      }
      const state = q.get("state");
      if (state !== null) {
        if (!PARENT_STATES.includes(state.toUpperCase()))
          throw new ApiError(400, `state must be one of ${PARENT_STATES.join(", ")}`, "VALIDATION_ERROR", "state");
        items = items.filter((t) => flexscan(ctx.tenant).serviceAccounts.get(t.serviceAccountId)?.state === state.toUpperCase());
      }
      const { page, meta } = paginate(
        items.map((t) => listView(ctx.tenant, t)),
        q,
        {
          maxLimit: 100,
          defaultLimit: 25,
          defaultSort: "createdAt,desc",
          sortable: ["createdAt", "updatedAt", "accountId", "serviceAccountId", "cloudType"],
        },
      );
      return ok(page, 200, meta);
    }),
    r("GET", `${BASE}/{accountId}`, (ctx) => ok(getView(ctx.tenant, getTarget(ctx.tenant, ctx.params.accountId)))),
    r("GET", `${BASE}/{accountId}/state`, (ctx) => {
      const t = getTarget(ctx.tenant, ctx.params.accountId);
      const parent = parentOf(ctx.tenant, t);
      const cloudInfo: Record<string, Record<string, string>> = {};
      for (const region of t.config?.regions ?? []) if (parent.cloudInfo[region]) cloudInfo[region] = parent.cloudInfo[region]!;
      return ok({ accountId: t.accountId, cloudType: t.cloudType, state: parent.state, cloudInfo });
    }),

    // Control API (no auth, not counted): discovery and out-of-band changes.
    control("POST", "/service-accounts/{accountId}/discovered-targets", (ctx) => {
      const tenant = emu.tenantOr404(ctx.params.tenant);
      const parentId = ctx.params.accountId;
      const body = ctx.json();
      const ids = Array.isArray(body) ? body : (body as { accountIds?: unknown } | undefined)?.accountIds;
      if (!Array.isArray(ids) || ids.some((x) => typeof x !== "string" || x.trim() === "")) {
        throw new ApiError(400, 'body must be a JSON list of target account ids (or {"accountIds": [...]})', "BAD_REQUEST");
      }
      const slice = targetsSlice(tenant);
      for (const id of ids as string[]) {
        // A cloud account belongs to one organisation: discovering it under a second parent is a test mistake.
        const member = [...slice.orgMembers].find(([p, members]) => p !== parentId && members.includes(id))?.[0];
        const known = slice.targetAccounts.get(id)?.serviceAccountId;
        const owner = member ?? (known !== undefined && known !== parentId ? known : undefined);
        if (owner)
          throw new ApiError(
            409,
            `Target account '${id}' is already discovered under service account '${owner}'`,
            "CONFLICT",
            "accountIds",
          );
      }
      slice.orgMembers.set(parentId, [...new Set([...(slice.orgMembers.get(parentId) ?? []), ...(ids as string[])])]);
      discover(tenant);
      const registered = flexscan(tenant).serviceAccounts.has(parentId);
      return json(200, {
        serviceAccountId: parentId,
        members: slice.orgMembers.get(parentId),
        parentRegistered: registered,
        discovered: registered ? ids : [],
      });
    }),
    control("GET", "/target-accounts/{accountId}", (ctx) => {
      const tenant = emu.tenantOr404(ctx.params.tenant);
      const t = getTarget(tenant, ctx.params.accountId);
      return json(200, { ...baseView(tenant, t), config: t.config, effectiveTags: effectiveTags(tenant, t) });
    }),
    control("PATCH", "/target-accounts/{accountId}", (ctx) => {
      // Someone changed the target in the Qualys UI (no validation: the UI is not the API), or the
      // member account moved to another organisation (`serviceAccountId`).
      const tenant = emu.tenantOr404(ctx.params.tenant);
      const t = getTarget(tenant, ctx.params.accountId);
      const { serviceAccountId, ...cfg } = (ctx.json() ?? {}) as Partial<TargetConfig> & { serviceAccountId?: string };
      if (serviceAccountId !== undefined && serviceAccountId !== t.serviceAccountId) {
        const slice = targetsSlice(tenant);
        const newParent = flexscan(tenant).serviceAccounts.get(serviceAccountId);
        if (!newParent) throw new ApiError(404, `Service account '${serviceAccountId}' not found`, "NOT_FOUND", "serviceAccountId");
        slice.orgMembers.set(
          t.serviceAccountId,
          (slice.orgMembers.get(t.serviceAccountId) ?? []).filter((x) => x !== t.accountId),
        );
        slice.orgMembers.set(serviceAccountId, [...new Set([...(slice.orgMembers.get(serviceAccountId) ?? []), t.accountId])]);
        t.serviceAccountId = serviceAccountId;
        t.cloudType = newParent.cloudType;
      }
      if (Object.keys(cfg).length > 0) {
        const base: TargetConfig = t.config ?? {
          regions: [],
          scanInterval: 24,
          resourceTypes: ["vm"],
          vmScanTypes: ["os"],
          mustHaveTags: null,
          atLeastOneTag: null,
          noneOfTheTag: null,
        };
        t.config = { ...base, ...cfg };
      }
      t.updatedAt = localTimestamp();
      return json(200, { ...baseView(tenant, t), config: t.config, effectiveTags: effectiveTags(tenant, t) });
    }),
    control("DELETE", "/target-accounts/{accountId}", (ctx) => {
      // The member account left the organisation: Qualys no longer knows it, and will not rediscover it.
      const tenant = emu.tenantOr404(ctx.params.tenant);
      const t = getTarget(tenant, ctx.params.accountId);
      const slice = targetsSlice(tenant);
      slice.targetAccounts.delete(t.accountId);
      slice.orgMembers.set(
        t.serviceAccountId,
        (slice.orgMembers.get(t.serviceAccountId) ?? []).filter((x) => x !== t.accountId),
      );
      return json(200, { ok: true });
    }),
  ];
}

export const targetAccountsService: ServiceModule = { name: "flexscan-target-accounts", routes };
