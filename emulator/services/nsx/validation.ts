/** NSX authentication records: reading and checking the form parameters of a request into a record, as Qualys does. */
import { utcTimestamp } from "../../http";
import { ApiError } from "../../router";
import type { EmuNsxRecord, NsxSlice } from "./model";

// ---------------------------------------------------------------------------------------------
// Errors (SIMPLE_RETURN via the router's xml style)

const unrecognized = (names: string[]) => new ApiError(400, `Unrecognized parameter(s): ${names.join(", ")}`, "1901");
export const missing = (...names: string[]) => new ApiError(400, `Missing required parameter(s): ${names.join(", ")}`, "1903");
const onlyOne = (names: string[]) => new ApiError(400, `Only one of these parameters may be specified: ${names.join(", ")}`, "1904");
export const invalid = (name: string, value: string, why: string) =>
  new ApiError(400, `Parameter ${name} has invalid value: ${value === "" ? "(empty)" : value}. ${why}`, "1905");
export const unsupported = (text: string) => new ApiError(400, text, "1907");
export const wrongMethod = (action: string) => new ApiError(400, `action=${action} must be requested with the POST method.`, "1908");
export const atLeastOne = (names: readonly string[]) =>
  new ApiError(400, `At least one of these parameters must be specified: ${names.join(", ")}`, "1922");

// ---------------------------------------------------------------------------------------------
// Parameters

export const WRITE_PARAMS = [
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

export const ALLOWED: Record<string, readonly string[]> = {
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

export function checkParams(f: URLSearchParams, action: string): void {
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
