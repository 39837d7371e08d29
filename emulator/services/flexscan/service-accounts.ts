/**
 * Service accounts (the Connector 2.18 notes): register, deregister, setup, list, get, state.
 *
 * Behaviour imitated: tenant scoping (another tenant's account is 404), register conflicts for an
 * account already registered, setup only on a registered account, the setup validations and
 * lowercasing, per-region infrastructure in `cloudInfo` created on setup, regions added/removed in
 * the setup answer, deregistration removing the account (and with it its targets' configuration).
 * Not imitated: asynchronous provisioning (setup is complete when it answers), real cloud ids.
 */
import { randomUUID } from "node:crypto";
import { json, localTimestamp } from "../../http";
import { ApiError, type Route } from "../../router";
import type { Tenant } from "../../tenants";
import type { EmulatorHost, ServiceModule } from "../module";
import { ok, paginate } from "./envelope";
import * as v from "./validation";

export interface ServiceAccountConfig {
  regions: string[];
  scanInterval: number;
  resourceTypes: string[];
  vmScanTypes: string[];
  mustHaveTags: string[] | null;
  atLeastOneTag: string[] | null;
  noneOfTheTag: string[] | null;
}

export interface EmuServiceAccount {
  accountId: string;
  cloudType: v.EmuCloudType;
  customerUuid: string;
  connectorUuid: string;
  portalUuid: string;
  state: "REGISTERED" | "ACTIVE" | "INACTIVE" | "ERROR";
  createdAt: string;
  updatedAt: string;
  config: ServiceAccountConfig | null;
  cloudInfo: Record<string, Record<string, string>>;
}

export interface FlexscanSlice {
  serviceAccounts: Map<string, EmuServiceAccount>;
}

export function flexscan(tenant: Tenant): FlexscanSlice {
  return tenant.slice<FlexscanSlice>("flexscan", () => ({ serviceAccounts: new Map() }));
}

/** Listeners run when an account is deregistered (target accounts drop their configuration). */
export const onDeregister: Array<(tenant: Tenant, accountId: string) => void> = [];

const BASE = "/flexscan-api/rest/v1/service-accounts";

export function getAccount(tenant: Tenant, accountId: string): EmuServiceAccount {
  const acct = flexscan(tenant).serviceAccounts.get(accountId);
  if (!acct) throw new ApiError(404, `Service account '${accountId}' not found`, "NOT_FOUND", "accountId");
  return acct;
}

export function publicView(a: EmuServiceAccount) {
  return {
    accountId: a.accountId,
    cloudType: a.cloudType,
    customerUuid: a.customerUuid,
    connectorUuid: a.connectorUuid,
    portalUuid: a.portalUuid,
    regions: a.config?.regions ?? [],
    state: a.state,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

/** Per-region infrastructure the setup provisions, named like each cloud names it. */
export function infraFor(cloud: v.EmuCloudType, accountId: string, region: string): Record<string, string> {
  switch (cloud) {
    case "GCP":
      return {
        vpcId: `projects/${accountId}/global/networks/qualys-scan-vpc`,
        subnetId: `projects/${accountId}/regions/${region}/subnetworks/qualys-scan-subnet-${region}`,
      };
    case "AWS":
      return { vpcId: `vpc-${hash(accountId + region)}`, subnetId: `subnet-${hash(region + accountId)}` };
    case "AZURE":
      return {
        vnetId: `/subscriptions/${accountId}/resourceGroups/qualys-scan-rg/providers/Microsoft.Network/virtualNetworks/qualys-vnet-${region}`,
        subnetId: `/subscriptions/${accountId}/resourceGroups/qualys-scan-rg/providers/Microsoft.Network/virtualNetworks/qualys-vnet-${region}/subnets/qualys-subnet`,
        storageAccountName: `qualysstore${hash(region).slice(0, 6)}`,
      };
  }
}

function hash(s: string): string {
  let h = 2166136261;
  for (const c of s) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h.toString(16).padStart(8, "0") + (h ^ 0x5bd1e995).toString(16).padStart(8, "0").slice(0, 9);
}

function parseSetup(body: unknown, cloud: v.EmuCloudType): ServiceAccountConfig {
  const b = (body ?? {}) as Record<string, unknown>;
  return {
    regions: v.regions(b.regions),
    scanInterval: v.scanInterval(b.scanInterval) ?? 24,
    resourceTypes: v.resourceTypes(b.resourceTypes) ?? ["vm"],
    vmScanTypes: v.vmScanTypes(b.vmScanTypes, ["os", "sca"]) ?? ["os"],
    mustHaveTags: v.tags(b.mustHaveTags, "mustHaveTags", cloud),
    atLeastOneTag: v.tags(b.atLeastOneTag, "atLeastOneTag", cloud),
    noneOfTheTag: v.tags(b.noneOfTheTag, "noneOfTheTag", cloud),
  };
}

function routes(emu: EmulatorHost): Route[] {
  const r = (method: string, path: string, handler: Route["handler"]): Route => ({ method, path, auth: "bearer", style: "json", handler });
  return [
    r("POST", `${BASE}/register`, (ctx) => {
      const b = (ctx.json() ?? {}) as Record<string, unknown>;
      const accountId = v.requiredString(b.accountId, "accountId");
      const cloud = v.cloudType(b.cloudType);
      const slice = flexscan(ctx.tenant);
      if (slice.serviceAccounts.has(accountId)) {
        throw new ApiError(409, `Service account '${accountId}' is already registered`, "ALREADY_REGISTERED", "accountId");
      }
      const now = localTimestamp();
      slice.serviceAccounts.set(accountId, {
        accountId,
        cloudType: cloud,
        customerUuid: ctx.tenant.customerUuid,
        connectorUuid: randomUUID(),
        portalUuid: randomUUID(),
        state: "REGISTERED",
        createdAt: now,
        updatedAt: now,
        config: null,
        cloudInfo: {},
      });
      return ok({ accountId, status: "REGISTERED", registeredAt: now }, 201);
    }),
    r("DELETE", `${BASE}/deregister`, (ctx) => {
      const b = (ctx.json() ?? {}) as Record<string, unknown>;
      const accountId = v.requiredString(b.accountId, "accountId");
      const cloud = v.cloudType(b.cloudType);
      const acct = getAccount(ctx.tenant, accountId);
      if (acct.cloudType !== cloud) {
        throw new ApiError(
          400,
          `Service account '${accountId}' is a ${acct.cloudType} account, not ${cloud}`,
          "VALIDATION_ERROR",
          "cloudType",
        );
      }
      flexscan(ctx.tenant).serviceAccounts.delete(accountId);
      for (const listener of onDeregister) listener(ctx.tenant, accountId);
      return ok({ accountId, status: "DEREGISTERED", deregisteredAt: localTimestamp() });
    }),
    r("POST", `${BASE}/setup`, (ctx) => {
      const b = (ctx.json() ?? {}) as Record<string, unknown>;
      const accountId = v.requiredString(b.accountId, "accountId");
      const acct = getAccount(ctx.tenant, accountId);
      if (acct.state !== "REGISTERED" && acct.state !== "ACTIVE") {
        throw new ApiError(
          409,
          `Service account '${accountId}' must be in REGISTERED state (is ${acct.state})`,
          "INVALID_STATE",
          "accountId",
        );
      }
      const config = parseSetup(b, acct.cloudType);
      const previous = acct.config?.regions ?? [];
      const added = config.regions.filter((x) => !previous.includes(x));
      const removed = previous.filter((x) => !config.regions.includes(x));
      acct.config = config;
      for (const region of removed) delete acct.cloudInfo[region];
      for (const region of added) acct.cloudInfo[region] = infraFor(acct.cloudType, accountId, region);
      acct.updatedAt = localTimestamp();
      return ok({
        status: "ACCEPTED",
        accountId,
        cloudType: acct.cloudType,
        previousRegions: previous,
        currentRegions: config.regions,
        addedRegions: added,
        removedRegions: removed,
        ...configView(config),
      });
    }),
    r("GET", BASE, (ctx) => {
      const all = [...flexscan(ctx.tenant).serviceAccounts.values()].map(publicView);
      const { page, meta } = paginate(all, ctx.query, {
        maxLimit: 100,
        defaultLimit: 25,
        defaultSort: "createdAt,desc",
        sortable: ["createdAt", "updatedAt", "accountId", "cloudType", "state"],
      });
      return ok(page, 200, meta);
    }),
    r("GET", `${BASE}/{accountId}`, (ctx) => ok(publicView(getAccount(ctx.tenant, ctx.params.accountId)))),
    r("GET", `${BASE}/{accountId}/state`, (ctx) => {
      const a = getAccount(ctx.tenant, ctx.params.accountId);
      return ok({ accountId: a.accountId, cloudType: a.cloudType, state: a.state, cloudInfo: a.cloudInfo });
    }),

    // Out-of-band changes (someone used the Qualys UI): control API, no auth, not counted.
    {
      method: "PATCH",
      path: "/__emulator/tenants/{tenant}/service-accounts/{accountId}",
      auth: "none",
      style: "json",
      handler: (ctx) => {
        const tenant = emu.tenantOr404(ctx.params.tenant);
        const acct = getAccount(tenant, ctx.params.accountId);
        const patch = (ctx.json() ?? {}) as Partial<ServiceAccountConfig> & {
          state?: EmuServiceAccount["state"];
          cloudInfo?: Record<string, Record<string, string>>;
        };
        if (patch.state) acct.state = patch.state;
        // Infrastructure changed in the cloud (e.g. a subnet recreated): merged per region.
        for (const [region, info] of Object.entries(patch.cloudInfo ?? {})) acct.cloudInfo[region] = { ...acct.cloudInfo[region], ...info };
        if (acct.config) {
          const { state: _s, cloudInfo: _c, ...cfg } = patch;
          if (cfg.regions) {
            for (const region of acct.config.regions.filter((x) => !cfg.regions!.includes(x))) delete acct.cloudInfo[region];
            for (const region of cfg.regions.filter((x) => !acct.config!.regions.includes(x)))
              acct.cloudInfo[region] = infraFor(acct.cloudType, acct.accountId, region);
          }
          acct.config = { ...acct.config, ...cfg };
        }
        acct.updatedAt = localTimestamp();
        return json(200, { ...publicView(acct), config: acct.config });
      },
    },
    {
      method: "DELETE",
      path: "/__emulator/tenants/{tenant}/service-accounts/{accountId}",
      auth: "none",
      style: "json",
      handler: (ctx) => {
        const tenant = emu.tenantOr404(ctx.params.tenant);
        getAccount(tenant, ctx.params.accountId);
        flexscan(tenant).serviceAccounts.delete(ctx.params.accountId);
        for (const listener of onDeregister) listener(tenant, ctx.params.accountId);
        return json(200, { ok: true });
      },
    },
    {
      method: "GET",
      path: "/__emulator/tenants/{tenant}/service-accounts/{accountId}",
      auth: "none",
      style: "json",
      handler: (ctx) => {
        const acct = getAccount(emu.tenantOr404(ctx.params.tenant), ctx.params.accountId);
        return json(200, { ...publicView(acct), config: acct.config, cloudInfo: acct.cloudInfo });
      },
    },
  ];
}

function configView(c: ServiceAccountConfig) {
  return {
    scanInterval: c.scanInterval,
    resourceTypes: c.resourceTypes,
    vmScanTypes: c.vmScanTypes,
    mustHaveTags: c.mustHaveTags,
    atLeastOneTag: c.atLeastOneTag,
    noneOfTheTag: c.noneOfTheTag,
  };
}

export const serviceAccountsService: ServiceModule = { name: "flexscan-service-accounts", routes };
