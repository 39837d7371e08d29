/**
 * Scan-jobs routes: the job API, the schedule-scan list/delete (newest and legacy versions) and the
 * control routes (`/__emulator/tenants/{tenant}/scan-jobs`, `scan-settings`, seed data).
 */
import { json, type Reply, utcTimestamp, xml } from "../../http";
import { ApiError, type Route, type RouteContext } from "../../router";
import type { Tenant } from "../../tenants";
import type { EmulatorHost, ServiceModule } from "../module";
import {
  complete,
  type EmuScanJob,
  type RecurringJobSchedule,
  type ScanCatalog,
  scanJobs,
  type ScanJobSettings,
  type ScanJobsSlice,
  sweep,
} from "./model";
import { renderScheduleScanList, simpleReturn } from "./render";
import { checkKnown, invalid, JOB_PARAMS, missing, Params, requireXRequestedWith } from "./params";
import { createJob, updateJob } from "./validation";

export const JOB_PATH = "/api/3.0/fo/scan/cloud/internal/job/";
export const SCHEDULE_PATH = "/api/5.0/fo/schedule/scan/";
/** Older schedule-scan versions: EOL December 2026 (the Policy Audit 1.11 notes' extended EOL table). */
export const LEGACY_SCHEDULE_VERSIONS = ["2.0", "3.0", "4.0"] as const;
export const LEGACY_SUNSET = "Thu, 31 Dec 2026 23:59:59 GMT";

const LIST_PARAMS = new Set(["action", "echo_request", "id", "active", "show_cloud_details", "scan_type", "show_notifications"]);
const DELETE_PARAMS = new Set(["action", "echo_request", "id"]);

function userLogin(tenant: Tenant): string {
  return `${tenant.name}_user`;
}

function jobRoute(ctx: RouteContext): Reply {
  requireXRequestedWith(ctx);
  const form = ctx.form();
  const slice = scanJobs(ctx.tenant);
  sweep(slice);
  checkKnown(form, JOB_PARAMS);
  const p = new Params(form);
  const action = p.str("action");
  if (action === undefined || action === "") throw missing("action");
  if (action === "create") {
    const job = createJob(slice, p, userLogin(ctx.tenant));
    return xml(200, simpleReturn("Scan has been created successfully", { ID: job.id }));
  }
  if (action === "update") {
    const job = updateJob(slice, p);
    return xml(200, simpleReturn("Scan has been updated successfully", { ID: job.id }));
  }
  throw invalid(`Invalid value for action: "${action}". Valid values are: create, update.`);
}

function scheduleRoute(version: string, ctx: RouteContext): Reply {
  requireXRequestedWith(ctx);
  const form = ctx.form();
  const slice = scanJobs(ctx.tenant);
  sweep(slice);
  const p = new Params(form);
  const action = p.str("action");
  if (action === undefined || action === "") throw missing("action");
  if (action === "list") {
    checkKnown(form, LIST_PARAMS);
    const ids = p.list("id");
    if (ids?.some((id) => !/^\d+$/.test(id))) throw invalid(`Invalid value for id: "${p.raw("id")}".`);
    const cloudDetails = p.bit("show_cloud_details") ?? false;
    const active = p.bit("active");
    const scanType = p.oneOf("scan_type", ["perimeter"] as const);
    const wanted = ids === undefined ? undefined : new Set(ids.map((id) => id.replace(/^0+(?=\d)/, "")));
    const jobs = [...slice.jobs.values()]
      .filter((j) => wanted === undefined || wanted.has(j.id))
      .filter((j) => active === undefined || j.active === active)
      // Every job here is an internal scan: a perimeter-only list has none of them.
      .filter(() => scanType === undefined)
      .sort((a, b) => Number(a.id) - Number(b.id));
    return xml(200, renderScheduleScanList(jobs, slice.catalog, { cloudDetails, version }));
  }
  if (action === "delete") {
    checkKnown(form, DELETE_PARAMS);
    if (!p.set("id")) throw missing("id");
    const id = p.str("id")!;
    if (!/^\d+$/.test(id)) throw invalid(`Invalid value for id: "${id}".`);
    const key = id.replace(/^0+(?=\d)/, "");
    if (!slice.jobs.has(key)) throw invalid(`Scan schedule with ID ${id} does not exist.`);
    slice.jobs.delete(key);
    return xml(200, simpleReturn("Scheduled scan deleted successfully", { ID: key }));
  }
  throw invalid(`Invalid value for action: "${action}". Valid values are: list, delete.`);
}

function legacyScheduleRoute(version: string, ctx: RouteContext): Reply {
  const slice = scanJobs(ctx.tenant);
  const successor = `<${SCHEDULE_PATH}>; rel="successor-version"`;
  if (slice.settings.legacyScheduleApi === "removed") {
    throw new ApiError(
      410,
      `API endpoint /api/${version}/fo/schedule/scan/ reached end of life (December 2026). Use ${SCHEDULE_PATH} instead.`,
      "410",
      undefined,
      { Link: successor },
    );
  }
  const reply = scheduleRoute(version, ctx);
  return { ...reply, headers: { ...reply.headers, Deprecation: "true", Sunset: LEGACY_SUNSET, Link: successor } };
}

function findJob(emu: EmulatorHost, ctx: RouteContext): { slice: ScanJobsSlice; job: EmuScanJob } {
  const slice = scanJobs(emu.tenantOr404(ctx.params.tenant));
  sweep(slice);
  const job = slice.jobs.get(ctx.params.id);
  if (!job) throw new ApiError(404, `No scan job ${ctx.params.id}`, "NOT_FOUND");
  return { slice, job };
}

/** Out-of-band edit body: someone changed the job in the Qualys UI. */
export interface ScanJobPatch {
  title?: string;
  active?: boolean;
  priority?: number;
  regionCode?: string | null;
  virtualNetworkId?: string | null;
  scannerIds?: string[];
  optionProfileId?: string;
  connectorId?: string;
  tags?: Partial<EmuScanJob["tags"]>;
  schedule?: Partial<Omit<RecurringJobSchedule, "kind">>;
}

function routes(emu: EmulatorHost): Route[] {
  const api = (method: string, path: string, handler: Route["handler"]): Route => ({
    method,
    path,
    auth: "bearer-or-basic",
    style: "xml",
    handler,
  });
  const control = (method: string, path: string, handler: Route["handler"]): Route => ({
    method,
    path,
    auth: "none",
    style: "json",
    handler,
  });
  const base = "/__emulator/tenants/{tenant}";
  const sliceOf = (ctx: RouteContext) => {
    const slice = scanJobs(emu.tenantOr404(ctx.params.tenant));
    sweep(slice);
    return slice;
  };
  return [
    api("POST", JOB_PATH, jobRoute),
    api("GET", SCHEDULE_PATH, (ctx) => scheduleRoute("5.0", ctx)),
    api("POST", SCHEDULE_PATH, (ctx) => scheduleRoute("5.0", ctx)),
    ...LEGACY_SCHEDULE_VERSIONS.flatMap((v) => [
      api("GET", `/api/${v}/fo/schedule/scan/`, (ctx) => legacyScheduleRoute(v, ctx)),
      api("POST", `/api/${v}/fo/schedule/scan/`, (ctx) => legacyScheduleRoute(v, ctx)),
    ]),

    // Control API (no auth, not counted).
    control("GET", `${base}/scan-jobs`, (ctx) => {
      const s = sliceOf(ctx);
      return json(200, { jobs: [...s.jobs.values()], launches: s.launches, completed: s.completed });
    }),
    control("POST", `${base}/scan-jobs/complete`, (ctx) => {
      // Every launched now job completes at once (leaves the schedule list).
      const s = sliceOf(ctx);
      const done = [...s.jobs.values()].filter((j) => j.schedule.kind === "now" && j.schedule.launchedAt !== undefined);
      for (const j of done) complete(s, j);
      return json(200, { completed: done.map((j) => j.id) });
    }),
    control("GET", `${base}/scan-jobs/{id}`, (ctx) => json(200, findJob(emu, ctx).job)),
    control("PATCH", `${base}/scan-jobs/{id}`, (ctx) => {
      const { job } = findJob(emu, ctx);
      const patch = (ctx.json() ?? {}) as ScanJobPatch;
      const { schedule, tags, regionCode, virtualNetworkId, ...top } = patch;
      Object.assign(job, top);
      if (regionCode === null) delete job.regionCode;
      else if (regionCode !== undefined) job.regionCode = regionCode;
      if (virtualNetworkId === null) delete job.virtualNetworkId;
      else if (virtualNetworkId !== undefined) job.virtualNetworkId = virtualNetworkId;
      if (tags) Object.assign(job.tags, tags);
      if (schedule) {
        if (job.schedule.kind !== "recurring") throw new ApiError(400, "a now job has no schedule to change");
        Object.assign(job.schedule, schedule);
      }
      job.updatedAt = utcTimestamp();
      return json(200, job);
    }),
    control("DELETE", `${base}/scan-jobs/{id}`, (ctx) => {
      const { slice, job } = findJob(emu, ctx);
      slice.jobs.delete(job.id);
      return json(200, { ok: true });
    }),
    control("POST", `${base}/scan-jobs/{id}/complete`, (ctx) => {
      const { slice, job } = findJob(emu, ctx);
      if (job.schedule.kind !== "now") throw new ApiError(400, `scan job ${job.id} is recurring; only a launched now job completes`);
      complete(slice, job);
      return json(200, { completed: [job.id] });
    }),
    control("GET", `${base}/scan-settings`, (ctx) => json(200, sliceOf(ctx).settings)),
    control("PUT", `${base}/scan-settings`, (ctx) => {
      const s = sliceOf(ctx);
      const body = (ctx.json() ?? {}) as Partial<ScanJobSettings>;
      if (body.nowJobLifetimeMs !== undefined) {
        if (typeof body.nowJobLifetimeMs !== "number" || body.nowJobLifetimeMs < 0)
          throw new ApiError(400, "nowJobLifetimeMs must be a number ≥ 0");
        s.settings.nowJobLifetimeMs = body.nowJobLifetimeMs;
      }
      if (body.legacyScheduleApi !== undefined) {
        if (body.legacyScheduleApi !== "deprecated" && body.legacyScheduleApi !== "removed")
          throw new ApiError(400, 'legacyScheduleApi must be "deprecated" or "removed"');
        s.settings.legacyScheduleApi = body.legacyScheduleApi;
      }
      sweep(s);
      return json(200, s.settings);
    }),
    control("GET", `${base}/scan-catalog`, (ctx) => json(200, sliceOf(ctx).catalog)),
    control("POST", `${base}/scan-catalog`, (ctx) => {
      // Add seed data: { connectors?, optionProfiles?, scanners?, tags?, distributionGroups?, timeZones? }.
      const s = sliceOf(ctx);
      const body = (ctx.json() ?? {}) as Partial<ScanCatalog>;
      for (const key of Object.keys(body) as Array<keyof ScanCatalog>) {
        if (!(key in s.catalog)) throw new ApiError(400, `unknown catalog list ${String(key)}`);
        const items = body[key];
        if (!Array.isArray(items)) throw new ApiError(400, `${key} must be an array`);
        (s.catalog[key] as unknown[]).push(...items);
      }
      return json(200, s.catalog);
    }),
  ];
}

export const scanJobsService: ServiceModule = { name: "scan-jobs", routes };
