/** NSX authentication records: the API route (action=create|update|delete|list) and the control routes. */
import { json, xml, type Reply } from "../../http";
import { ApiError, type Route, type RouteContext } from "../../router";
import type { EmulatorHost, ServiceModule } from "../module";
import {
  NOMINAL_CONCURRENCY_LIMIT,
  NOMINAL_RATE_LIMIT,
  NSX_PATH,
  nsxSlice,
  type EmuNsxRecord,
  type EmuVault,
  type NsxSlice,
} from "./model";
import { batchReturn, controlView, listOutput } from "./render";
import {
  ALLOWED,
  applyParams,
  atLeastOne,
  checkParams,
  invalid,
  missing,
  parseIds,
  unsupported,
  wrongMethod,
  WRITE_PARAMS,
} from "./validation";

// ---------------------------------------------------------------------------------------------
// Actions

function caller(ctx: RouteContext): string {
  const basic = /^Basic\s+(.+)$/i.exec(String(ctx.headers["authorization"] ?? ""));
  if (basic) {
    const decoded = Buffer.from(basic[1], "base64").toString("utf8");
    return decoded.slice(0, Math.max(0, decoded.indexOf(":")));
  }
  return `${ctx.tenant.name}_user`;
}

function existingIds(slice: NsxSlice, ids: number[]): { found: number[]; unknown: number[] } {
  const uniq = [...new Set(ids)];
  return { found: uniq.filter((id) => slice.records.has(id)), unknown: uniq.filter((id) => !slice.records.has(id)) };
}

function unknownBatch(unknown: number[]) {
  return { code: "1905", text: `Record(s) not found for ID(s): ${unknown.join(", ")}`, ids: unknown };
}

function create(ctx: RouteContext, slice: NsxSlice, f: URLSearchParams): Reply {
  const r = applyParams(slice, undefined, f, caller(ctx));
  r.id = slice.nextId++;
  slice.records.set(r.id, r);
  return xml(200, batchReturn([{ text: "Successfully Created", ids: [r.id] }]));
}

function update(ctx: RouteContext, slice: NsxSlice, f: URLSearchParams): Reply {
  if (!f.has("ids")) throw missing("ids");
  const ids = parseIds(f.get("ids")!);
  if (!WRITE_PARAMS.some((k) => f.has(k))) throw atLeastOne(WRITE_PARAMS);
  const { found, unknown } = existingIds(slice, ids);
  if (found.length > 1 && f.has("title")) throw unsupported("title can only be specified when one record is updated (titles are unique).");
  // Validate every record first: a refused parameter changes nothing.
  const updated = found.map((id) => applyParams(slice, slice.records.get(id), f, caller(ctx)));
  for (const r of updated) slice.records.set(r.id, r);
  const batches = [];
  if (found.length > 0) batches.push({ text: "Successfully Updated", ids: found });
  if (unknown.length > 0) batches.push(unknownBatch(unknown));
  return xml(200, batchReturn(batches));
}

function remove(slice: NsxSlice, f: URLSearchParams): Reply {
  if (!f.has("ids")) throw missing("ids");
  const { found, unknown } = existingIds(slice, parseIds(f.get("ids")!));
  for (const id of found) slice.records.delete(id);
  const batches = [];
  if (found.length > 0) batches.push({ text: "Successfully Deleted", ids: found });
  if (unknown.length > 0) batches.push(unknownBatch(unknown));
  return xml(200, batchReturn(batches));
}

function list(ctx: RouteContext, slice: NsxSlice, f: URLSearchParams): Reply {
  const wanted = f.has("ids") ? new Set(parseIds(f.get("ids")!)) : undefined;
  const bound = (name: string) => {
    if (!f.has(name)) return undefined;
    const v = f.get(name)!;
    if (!/^\d+$/.test(v)) throw invalid(name, v, "Specify a record id.");
    return Number(v);
  };
  const idMin = bound("id_min");
  const idMax = bound("id_max");
  const all = [...slice.records.values()]
    .filter((r) => (!wanted || wanted.has(r.id)) && (idMin === undefined || r.id >= idMin) && (idMax === undefined || r.id <= idMax))
    .sort((a, b) => a.id - b.id);
  const size = slice.settings.listPageSize;
  const page = all.slice(0, size);
  let warning: { text: string; url: string } | undefined;
  if (all.length > size) {
    const next = new URLSearchParams({ action: "list" });
    if (f.has("ids")) next.set("ids", f.get("ids")!);
    if (idMax !== undefined) next.set("id_max", String(idMax));
    next.set("id_min", String(all[size].id));
    warning = {
      text: `${size} record limit exceeded. Use URL to get next batch of results.`,
      url: `http://${String(ctx.headers.host ?? "127.0.0.1")}${NSX_PATH}?${next.toString()}`,
    };
  }
  return xml(200, listOutput(page, slice.vaults, warning));
}

/** Rate/concurrency-limit headers of every answer; a 409 when an enforced limit is exceeded. */
function limitHeaders(slice: NsxSlice): Record<string, string> {
  const limit = slice.settings.rateLimit ?? NOMINAL_RATE_LIMIT;
  const now = Date.now();
  if (now - slice.rate.windowStart >= limit.windowSec * 1000) slice.rate = { windowStart: now, count: 0 };
  slice.rate.count++;
  const toWait = Math.max(1, Math.ceil((slice.rate.windowStart + limit.windowSec * 1000 - now) / 1000));
  const over = slice.settings.rateLimit !== undefined && slice.rate.count > limit.limit;
  const headers: Record<string, string> = {
    "X-RateLimit-Limit": String(limit.limit),
    "X-RateLimit-Window-Sec": String(limit.windowSec),
    "X-RateLimit-Remaining": String(Math.max(0, limit.limit - slice.rate.count)),
    "X-RateLimit-ToWait-Sec": over ? String(toWait) : "0",
    "X-Concurrency-Limit-Limit": String(NOMINAL_CONCURRENCY_LIMIT),
    "X-Concurrency-Limit-Running": String(slice.running),
  };
  if (over) throw new ApiError(409, `This API cannot be run again for another ${toWait} seconds.`, "1965", undefined, headers);
  return headers;
}

function handle(ctx: RouteContext): Reply {
  const slice = nsxSlice(ctx.tenant);
  slice.running++;
  let headers: Record<string, string> = {};
  try {
    headers = limitHeaders(slice);
    const f = ctx.form();
    if (!ctx.headers["x-requested-with"]) throw new ApiError(400, "Missing required header X-Requested-With.", "1903");
    if (!f.has("action")) throw missing("action");
    const action = f.get("action")!;
    if (!(action in ALLOWED)) throw invalid("action", action, "Valid values are create, update, list and delete.");
    if (action !== "list" && ctx.method !== "POST") throw wrongMethod(action);
    checkParams(f, action);
    let reply: Reply;
    if (action === "create") reply = create(ctx, slice, f);
    else if (action === "update") reply = update(ctx, slice, f);
    else if (action === "delete") reply = remove(slice, f);
    else reply = list(ctx, slice, f);
    return { ...reply, headers: { ...reply.headers, ...headers } };
  } catch (e) {
    if (e instanceof ApiError) throw new ApiError(e.status, e.message, e.code, e.field, { ...headers, ...e.headers });
    throw e;
  } finally {
    slice.running--;
  }
}

// ---------------------------------------------------------------------------------------------
// Control API (out-of-band changes: "someone used the Qualys UI")

/** JSON body of a control PATCH → form parameters (lists comma-joined, booleans 1/0). */
function toForm(body: Record<string, unknown>): URLSearchParams {
  const f = new URLSearchParams();
  for (const [k, v] of Object.entries(body)) {
    if (v === undefined || v === null) continue;
    f.set(k, Array.isArray(v) ? v.join(",") : typeof v === "boolean" ? (v ? "1" : "0") : String(v));
  }
  return f;
}

function routes(emu: EmulatorHost): Route[] {
  const api = (method: string): Route => ({ method, path: NSX_PATH, auth: "bearer-or-basic", style: "xml", handler: handle });
  const control = (method: string, path: string, handler: Route["handler"]): Route => ({
    method,
    path: `/__emulator/tenants/{tenant}/${path}`,
    auth: "none",
    style: "json",
    handler,
  });
  const recordOr404 = (ctx: RouteContext) => {
    const slice = nsxSlice(emu.tenantOr404(ctx.params.tenant));
    const r = slice.records.get(Number(ctx.params.id));
    if (!/^\d+$/.test(ctx.params.id) || !r) throw new ApiError(404, `No NSX auth record ${ctx.params.id}`, "NOT_FOUND");
    return { slice, r };
  };
  return [
    api("GET"),
    api("POST"),
    control("GET", "nsx", (ctx) => {
      const slice = nsxSlice(emu.tenantOr404(ctx.params.tenant));
      return json(200, { records: [...slice.records.values()].map((r) => controlView(r, slice.vaults)) });
    }),
    control("GET", "nsx/{id}", (ctx) => {
      const { slice, r } = recordOr404(ctx);
      return json(200, controlView(r, slice.vaults));
    }),
    // Body: API parameter names ({"title": "…", "port": 8443, "ips": ["10.0.0.1"]}), validated as the UI would.
    control("PATCH", "nsx/{id}", (ctx) => {
      const { slice, r } = recordOr404(ctx);
      const body = (ctx.json() ?? {}) as Record<string, unknown>;
      const f = toForm(body);
      const unknown = [...f.keys()].filter((k) => !(WRITE_PARAMS as readonly string[]).includes(k));
      if (unknown.length > 0) throw new ApiError(400, `unknown NSX record field(s): ${unknown.join(", ")}`);
      let updated: EmuNsxRecord;
      try {
        updated = applyParams(slice, r, f, r.createdBy);
      } catch (e) {
        if (e instanceof ApiError) throw new ApiError(400, `${e.code}: ${e.message}`);
        throw e;
      }
      slice.records.set(r.id, updated);
      return json(200, controlView(updated, slice.vaults));
    }),
    control("DELETE", "nsx/{id}", (ctx) => {
      const { slice, r } = recordOr404(ctx);
      slice.records.delete(r.id);
      return json(200, { ok: true });
    }),
    // {"listPageSize": 5, "rateLimit": {"limit": 10, "windowSec": 60}} (rateLimit null = off)
    control("PUT", "nsx-settings", (ctx) => {
      const slice = nsxSlice(emu.tenantOr404(ctx.params.tenant));
      const body = (ctx.json() ?? {}) as { listPageSize?: unknown; rateLimit?: unknown };
      if (body.listPageSize !== undefined) {
        if (typeof body.listPageSize !== "number" || !Number.isInteger(body.listPageSize) || body.listPageSize < 1)
          throw new ApiError(400, "listPageSize must be a positive integer");
        slice.settings.listPageSize = body.listPageSize;
      }
      if (body.rateLimit === null) slice.settings.rateLimit = undefined;
      else if (body.rateLimit !== undefined) {
        const rl = body.rateLimit as { limit?: unknown; windowSec?: unknown };
        if (typeof rl.limit !== "number" || typeof rl.windowSec !== "number" || rl.limit < 1 || rl.windowSec < 1)
          throw new ApiError(400, "rateLimit needs limit and windowSec ≥ 1");
        slice.settings.rateLimit = { limit: rl.limit, windowSec: rl.windowSec };
        slice.rate = { windowStart: Date.now(), count: 0 };
      }
      return json(200, { settings: slice.settings });
    }),
    // {"id": "5000001", "type": "HashiCorp", "title": "Prod vault"}
    control("POST", "vaults", (ctx) => {
      const slice = nsxSlice(emu.tenantOr404(ctx.params.tenant));
      const v = (ctx.json() ?? {}) as Partial<EmuVault>;
      if (typeof v.id !== "string" || !/^\d+$/.test(v.id) || typeof v.type !== "string" || typeof v.title !== "string")
        throw new ApiError(400, "a vault needs id (digits), type and title");
      slice.vaults.set(v.id, { id: v.id, type: v.type, title: v.title });
      return json(200, { vaults: [...slice.vaults.values()] });
    }),
  ];
}

export const nsxService: ServiceModule = { name: "nsx-auth-records", routes };
