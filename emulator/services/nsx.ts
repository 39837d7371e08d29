/**
 * VMware NSX authentication records (note 001, "Added Active Directory Support to VMware NSX
 * Authentication"): `GET|POST /api/3.0/fo/auth/nsx/` (also `…/index.php`) with
 * `action=create|update|list|delete`.
 *
 *  - create/update/delete answer a BATCH_RETURN with the notes' texts ("Successfully Created",
 *    "Successfully Updated", "Successfully Deleted") and the record ids in ID_SET; ids that do not
 *    exist come back as a second BATCH with CODE 1905;
 *  - list answers AUTH_NSX_LIST_OUTPUT in the DTD's element order, user text in CDATA, the password
 *    NEVER included (it is stored, as Qualys stores it, but not returned); `ids` takes lists and
 *    ranges (`1-5,8`), `id_min`/`id_max` bound it, and more records than the page size come back
 *    with the WARNING CODE 1980 + URL (`id_min=` of the next page);
 *  - the validations: required parameters per action and login type, basic vs vault, the HashiCorp
 *    vault group with use_ad_hashicorp, port range, IPv4 format, unique titles, write actions by POST
 *    only — SIMPLE_RETURN errors 1901/1903/1904/1905/1907/1908/1922;
 *  - the rate/concurrency-limit headers on every answer, and (when a test sets them) the limits
 *    themselves (409 + 1965 / 1960);
 *  - control routes (`/__emulator/tenants/{tenant}/nsx…`) for out-of-band changes, seeded vaults and
 *    settings.
 *
 * What is and is not imitated: emulator/README.md.
 */
import { cdata, escapeXml, json, utcTimestamp, xml, type Reply } from "../http";
import { ApiError, type Route, type RouteContext } from "../router";
import type { Tenant } from "../tenants";
import type { EmulatorHost, ServiceModule } from "./module";

export const NSX_PATH = "/api/3.0/fo/auth/nsx/";

// ---------------------------------------------------------------------------------------------
// Model

export interface EmuVault {
  id: string;
  type: string;
  title: string;
}

export interface EmuNsxRecord {
  id: number;
  title: string;
  username?: string;
  /** Stored like Qualys stores it; never returned by the API (the control API shows it to tests). */
  password?: string;
  /** Merged, sorted [from, to] ranges of IPv4 addresses as 32-bit numbers. */
  ips: Array<[number, number]>;
  port: number;
  sslVerifyWithHost: boolean;
  /** As sent (comma-separated). */
  hosts?: string;
  loginType: "basic" | "vault";
  vault?: { id: string; kvPath?: string; kvName?: string; kvKey?: string; useAd: boolean };
  networkId?: string;
  comments?: string;
  created: string;
  createdBy: string;
  lastModified: string;
}

export interface NsxSettings {
  /** Records per list answer before the 1980 truncation warning (Qualys: 1000). */
  listPageSize: number;
  /** Enforce a rate limit: `limit` calls per `windowSec` (409 + 1965 beyond it). Off by default. */
  rateLimit?: { limit: number; windowSec: number };
}

export interface NsxSlice {
  records: Map<number, EmuNsxRecord>;
  nextId: number;
  vaults: Map<string, EmuVault>;
  settings: NsxSettings;
  rate: { windowStart: number; count: number };
  running: number;
}

/** Vaults every tenant has; the first is the notes' list sample's. */
export const DEFAULT_VAULTS: EmuVault[] = [
  { id: "4980801", type: "HashiCorp", title: "Nutanix_HashiCorp" },
  { id: "4980802", type: "HashiCorp", title: "HashiCorp_AD" },
  { id: "4980900", type: "CyberArk PIM Suite", title: "CyberArk_Vault" },
];

/** Published rate-limit figures the headers report when no limit is enforced. */
const NOMINAL_RATE_LIMIT = { limit: 300, windowSec: 3600 };
const NOMINAL_CONCURRENCY_LIMIT = 2;

export function nsxSlice(tenant: Tenant): NsxSlice {
  return tenant.slice<NsxSlice>("nsx", () => ({
    records: new Map(),
    nextId: 12426400,
    vaults: new Map(DEFAULT_VAULTS.map((v) => [v.id, { ...v }])),
    settings: { listPageSize: 1000 },
    rate: { windowStart: Date.now(), count: 0 },
    running: 0,
  }));
}

// ---------------------------------------------------------------------------------------------
// Errors (SIMPLE_RETURN via the router's xml style)

const unrecognized = (names: string[]) => new ApiError(400, `Unrecognized parameter(s): ${names.join(", ")}`, "1901");
const missing = (...names: string[]) => new ApiError(400, `Missing required parameter(s): ${names.join(", ")}`, "1903");
const onlyOne = (names: string[]) => new ApiError(400, `Only one of these parameters may be specified: ${names.join(", ")}`, "1904");
const invalid = (name: string, value: string, why: string) =>
  new ApiError(400, `Parameter ${name} has invalid value: ${value === "" ? "(empty)" : value}. ${why}`, "1905");
const unsupported = (text: string) => new ApiError(400, text, "1907");
const wrongMethod = (action: string) => new ApiError(400, `action=${action} must be requested with the POST method.`, "1908");
const atLeastOne = (names: readonly string[]) =>
  new ApiError(400, `At least one of these parameters must be specified: ${names.join(", ")}`, "1922");

// ---------------------------------------------------------------------------------------------
// Parameters

const WRITE_PARAMS = [
  "title",
  "username",
  "password",
  "ips",
  "port",
  "ssl_verify_with_host",
  "hosts",
  "login_type",
  "vault_type",
  "vault_id",
  "secret_kv_path",
  "secret_kv_name",
  "secret_kv_key",
  "use_ad_hashicorp",
  "network_id",
  "comments",
] as const;
const VAULT_PARAMS = ["vault_type", "vault_id", "secret_kv_path", "secret_kv_name", "secret_kv_key", "use_ad_hashicorp"] as const;
/** The vault group sent whole on create, on a switch to vault, and whenever a vault setting changes. */
const VAULT_REQUIRED = ["vault_type", "vault_id", "secret_kv_name", "use_ad_hashicorp"] as const;

const ALLOWED: Record<string, readonly string[]> = {
  create: ["action", ...WRITE_PARAMS],
  update: ["action", "ids", ...WRITE_PARAMS],
  delete: ["action", "ids"],
  list: ["action", "ids", "id_min", "id_max"],
};

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function address(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s.trim());
  if (!m) return undefined;
  let n = 0;
  for (const part of m.slice(1)) {
    if ((part.length > 1 && part[0] === "0") || Number(part) > 255) return undefined;
    n = n * 256 + Number(part);
  }
  return n;
}

function dotted(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** `ips=10.0.0.1,10.0.0.5-10.0.0.9` → merged ranges (Qualys stores IP lists compressed). */
export function parseIpList(value: string): Array<[number, number]> {
  const entries = value.split(",").map((s) => s.trim());
  if (value.trim() === "" || entries.some((e) => e === ""))
    throw invalid("ips", value, "Specify IPv4 addresses and ranges (a.b.c.d-e.f.g.h), comma-separated.");
  const ranges: Array<[number, number]> = [];
  for (const e of entries) {
    const [a, b, extra] = e.split("-");
    const from = address(a);
    const to = b === undefined ? from : address(b);
    if (extra !== undefined || from === undefined || to === undefined || to < from)
      throw invalid("ips", value, `"${e}" is not a valid IPv4 address or range.`);
    ranges.push([from, to]);
  }
  ranges.sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const [from, to] of ranges) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/** `ids=1-5,8` → the ids (ranges expanded, at most 100 000). */
export function parseIds(value: string, name = "ids"): number[] {
  const out: number[] = [];
  for (const token of value.split(",").map((s) => s.trim())) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(token);
    if (!m) throw invalid(name, value, "Specify record ids and id ranges, comma-separated (e.g. 1-5,8).");
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from || to - from > 100_000 || out.length > 100_000) throw invalid(name, value, `"${token}" is not a valid id range.`);
    for (let i = from; i <= to; i++) out.push(i);
  }
  return out;
}

function flag(f: URLSearchParams, name: string): boolean {
  const v = f.get(name) ?? "";
  if (v !== "0" && v !== "1") throw invalid(name, v, "Specify 0 or 1.");
  return v === "1";
}

function checkParams(f: URLSearchParams, action: string): void {
  const allowed = ALLOWED[action];
  const unknown = [...new Set([...f.keys()].filter((k) => !allowed.includes(k)))];
  if (unknown.length > 0) throw unrecognized(unknown);
  for (const k of new Set(f.keys()))
    if (f.getAll(k).length > 1) throw invalid(k, f.getAll(k).join(","), "The parameter is specified more than once.");
}

/**
 * Apply create/update parameters to a record (a copy), with every validation Qualys applies.
 * `existing` undefined = create.
 */
export function applyParams(slice: NsxSlice, existing: EmuNsxRecord | undefined, f: URLSearchParams, who: string): EmuNsxRecord {
  const has = (k: string) => f.has(k);
  const get = (k: string) => f.get(k) ?? "";
  const now = utcTimestamp();
  const r: EmuNsxRecord = existing
    ? {
        ...existing,
        ips: existing.ips.map(([a, b]) => [a, b] as [number, number]),
        vault: existing.vault && { ...existing.vault },
        lastModified: now,
      }
    : {
        id: 0,
        title: "",
        ips: [],
        port: 443,
        sslVerifyWithHost: false,
        loginType: "basic",
        created: now,
        createdBy: who,
        lastModified: now,
      };

  if (!existing) {
    const absent = ["title", "ips"].filter((k) => !has(k));
    if (absent.length > 0) throw missing(...absent);
  }
  if (has("title")) {
    const t = get("title");
    if (t.trim() === "") throw invalid("title", t, "The title cannot be empty.");
    if (CONTROL.test(t)) throw invalid("title", "(control characters)", "The title contains characters that are not allowed.");
    r.title = t;
  }
  if (has("ips")) r.ips = parseIpList(get("ips"));
  if (has("username")) {
    if (CONTROL.test(get("username")))
      throw invalid("username", "(control characters)", "The user name contains characters that are not allowed.");
    r.username = get("username") || undefined;
  }
  if (has("port")) {
    const p = get("port");
    if (!/^\d{1,5}$/.test(p) || Number(p) < 1 || Number(p) > 65535) throw invalid("port", p, "Specify a port between 1 and 65535.");
    r.port = Number(p);
  }
  if (has("ssl_verify_with_host")) r.sslVerifyWithHost = flag(f, "ssl_verify_with_host");
  if (has("hosts")) {
    const h = get("hosts").trim();
    if (h !== "" && h.split(",").some((x) => !/^[A-Za-z0-9.-]+$/.test(x.trim())))
      throw invalid("hosts", h, "Specify host names, comma-separated.");
    r.hosts = h === "" ? undefined : h;
  }
  if (has("network_id")) {
    const n = get("network_id");
    if (!/^\d+$/.test(n)) throw invalid("network_id", n, "Specify a network id.");
    r.networkId = n;
  }
  if (has("comments")) {
    if (CONTROL.test(get("comments")))
      throw invalid("comments", "(control characters)", "The comments contain characters that are not allowed.");
    r.comments = get("comments") || undefined;
  }

  // Login: basic (username + password) or vault (credential from a digital vault).
  const vaultGiven = VAULT_PARAMS.filter(has);
  if (has("password") && vaultGiven.length > 0) throw onlyOne(["password", ...vaultGiven]);
  let login = r.loginType;
  if (has("login_type")) {
    const lt = get("login_type");
    if (lt !== "basic" && lt !== "vault") throw invalid("login_type", lt, "Valid values are basic and vault.");
    login = lt;
  }
  if (login === "basic") {
    if (vaultGiven.length > 0) throw unsupported(`${vaultGiven.join(", ")} can only be specified with login_type=vault.`);
    if (has("password")) {
      if (get("password") === "") throw invalid("password", "", "The password cannot be empty.");
      r.password = get("password");
    } else if (!existing || r.loginType !== "basic" || r.password === undefined) {
      throw missing("password");
    }
    if (!r.username) throw missing("username");
    r.vault = undefined;
  } else {
    if (has("password")) throw unsupported("password can only be specified with login_type=basic.");
    const switching = !existing || r.loginType !== "vault";
    if (switching || vaultGiven.length > 0) {
      const absent = VAULT_REQUIRED.filter((k) => !has(k));
      if (absent.length > 0) throw missing(...absent);
      const type = get("vault_type");
      if (type.toLowerCase() !== "hashicorp") throw invalid("vault_type", type, "Supported vault types for VMware NSX records: HashiCorp.");
      const vaultId = get("vault_id");
      if (!/^\d+$/.test(vaultId)) throw invalid("vault_id", vaultId, "Specify the id of a digital vault record.");
      const vault = slice.vaults.get(vaultId);
      if (!vault) throw invalid("vault_id", vaultId, "No digital vault record with this id exists.");
      if (vault.type.toLowerCase() !== type.toLowerCase())
        throw invalid("vault_id", vaultId, `Vault ${vaultId} is a ${vault.type} vault, not ${type}.`);
      const name = get("secret_kv_name");
      if (name.trim() === "") throw invalid("secret_kv_name", name, "The secret name cannot be empty.");
      const keep = (param: "secret_kv_path" | "secret_kv_key", old: string | undefined) =>
        has(param) ? get(param) || undefined : switching ? undefined : old;
      r.vault = {
        id: vaultId,
        kvPath: keep("secret_kv_path", r.vault?.kvPath),
        kvName: name,
        kvKey: keep("secret_kv_key", r.vault?.kvKey),
        useAd: flag(f, "use_ad_hashicorp"),
      };
    }
    r.password = undefined;
  }
  r.loginType = login;

  if (r.sslVerifyWithHost && !r.hosts) throw missing("hosts");
  if (!r.sslVerifyWithHost && r.hosts) {
    if (has("hosts")) throw unsupported("hosts can only be specified with ssl_verify_with_host=1.");
    r.hosts = undefined; // verification turned off: the host list goes with it
  }
  for (const other of slice.records.values()) {
    if (other.id !== r.id && other.title === r.title)
      throw invalid("title", r.title, "An authentication record with this title already exists.");
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// XML

function batchReturn(batches: Array<{ code?: string; text: string; ids: number[] }>): string {
  const body = batches
    .map((b) => {
      const code = b.code ? `\n<CODE>${b.code}</CODE>` : "";
      const ids = b.ids.length > 0 ? `\n<ID_SET>\n${b.ids.map((id) => `<ID>${id}</ID>`).join("\n")}\n</ID_SET>` : "";
      return `<BATCH>${code}\n<TEXT>${escapeXml(b.text)}</TEXT>${ids}\n</BATCH>`;
    })
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE BATCH_RETURN SYSTEM "https://qualysapi.qualys.com/api/3.0/batch_return.dtd">
<BATCH_RETURN>
<RESPONSE>
<DATETIME>${utcTimestamp()}</DATETIME>
<BATCH_LIST>
${body}
</BATCH_LIST>
</RESPONSE>
</BATCH_RETURN>
`;
}

function leaf(name: string, value: string | undefined): string {
  return value === undefined ? "" : `<${name}>\n${cdata(value)}\n</${name}>\n`;
}

/** One AUTH_NSX, in the DTD's element order. No password: Qualys never returns it. */
function recordXml(r: EmuNsxRecord, vaults: Map<string, EmuVault>): string {
  const ipSet = r.ips.map(([a, b]) => (a === b ? `<IP>${dotted(a)}</IP>` : `<IP_RANGE>${dotted(a)}-${dotted(b)}</IP_RANGE>`)).join("\n");
  let vault = "";
  if (r.vault) {
    const v = vaults.get(r.vault.id);
    vault =
      `<DIGITAL_VAULT>\n` +
      leaf("DIGITAL_VAULT_ID", r.vault.id) +
      leaf("DIGITAL_VAULT_TYPE", v?.type ?? "HashiCorp") +
      leaf("DIGITAL_VAULT_TITLE", v?.title ?? "") +
      leaf("VAULT_SECRET_KV_PATH", r.vault.kvPath) +
      leaf("VAULT_SECRET_KV_NAME", r.vault.kvName) +
      leaf("VAULT_SECRET_KV_KEY", r.vault.kvKey) +
      leaf("VAULT_USE_AD_HASHICORP", r.vault.useAd ? "1" : "0") +
      `</DIGITAL_VAULT>\n`;
  }
  return (
    `<AUTH_NSX>\n<ID>${r.id}</ID>\n` +
    leaf("TITLE", r.title) +
    leaf("USERNAME", r.username) +
    (ipSet ? `<IP_SET>\n${ipSet}\n</IP_SET>\n` : "") +
    leaf("PORT", String(r.port)) +
    leaf("SSL_VERIFY_WITH_HOST", r.sslVerifyWithHost ? "1" : "0") +
    leaf("HOSTS", r.hosts) +
    leaf("LOGIN_TYPE", r.loginType) +
    vault +
    (r.networkId !== undefined ? `<NETWORK_ID>${r.networkId}</NETWORK_ID>\n` : "") +
    `<CREATED>\n<DATETIME>${r.created}</DATETIME>\n<BY>${escapeXml(r.createdBy)}</BY>\n</CREATED>\n` +
    `<LAST_MODIFIED>\n<DATETIME>${r.lastModified}</DATETIME>\n</LAST_MODIFIED>\n` +
    leaf("COMMENTS", r.comments) +
    `</AUTH_NSX>`
  );
}

function listOutput(records: EmuNsxRecord[], vaults: Map<string, EmuVault>, warning?: { text: string; url: string }): string {
  const list = records.length > 0 ? `<AUTH_NSX_LIST>\n${records.map((r) => recordXml(r, vaults)).join("\n")}\n</AUTH_NSX_LIST>\n` : "";
  const warn = warning
    ? `<WARNING_LIST>\n<WARNING>\n<CODE>1980</CODE>\n<TEXT>${escapeXml(warning.text)}</TEXT>\n<URL>${cdata(warning.url)}</URL>\n</WARNING>\n</WARNING_LIST>\n`
    : "";
  return `<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE AUTH_NSX_LIST_OUTPUT SYSTEM "https://qualysapi.qualys.com/api/3.0/fo/auth/nsx/auth_nsx_list_output.dtd">
<AUTH_NSX_LIST_OUTPUT>
<RESPONSE>
<DATETIME>${utcTimestamp()}</DATETIME>
${list}${warn}</RESPONSE>
</AUTH_NSX_LIST_OUTPUT>
`;
}

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

/** What the control API shows: the record as stored, password included (tests check it arrived). */
export function controlView(r: EmuNsxRecord, vaults: Map<string, EmuVault>) {
  return {
    id: String(r.id),
    title: r.title,
    username: r.username,
    password: r.password,
    ips: r.ips.map(([a, b]) => (a === b ? dotted(a) : `${dotted(a)}-${dotted(b)}`)),
    port: r.port,
    sslVerifyWithHost: r.sslVerifyWithHost,
    hosts: r.hosts,
    loginType: r.loginType,
    vault: r.vault && { ...r.vault, type: vaults.get(r.vault.id)?.type, title: vaults.get(r.vault.id)?.title },
    networkId: r.networkId,
    comments: r.comments,
    created: r.created,
    createdBy: r.createdBy,
    lastModified: r.lastModified,
  };
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
