/**
 * Helpers shared by the read-only service models: deterministic ids and pseudo-random numbers (the
 * default data set of a tenant is the same on every run), timestamps in the formats the notes print,
 * query-parameter validation, and Qualys query-syntax filter parsing.
 */
import { createHash } from "node:crypto";
import { ApiError } from "../../router";

/** A UUID-shaped id derived from `seed` (stable across runs). */
export function detUuid(seed: string): string {
  const h = createHash("sha256").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Hex digits derived from `seed`. */
export function detHex(seed: string, length: number): string {
  let out = "";
  for (let i = 0; out.length < length; i++) out += createHash("sha256").update(`${seed}#${i}`).digest("hex");
  return out.slice(0, length);
}

/** `2026-05-28T11:30:00` (gateway local timestamps, as in the Connector 2.18 notes). */
export function local(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}
/** `2026-05-28T11:30:00Z`. */
export function zulu(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
/** `2020-12-15T06:42:18+0000` (CloudView evaluation dates, the CloudView notes). */
export function plus0000(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+0000`;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** `Thu Nov 26 07:21:36 UTC 2020` (Java's Date.toString in UTC, as CloudView prints lastSyncedOn). */
export function javaDate(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}
/** Parse the format above back to epoch ms (undefined if it is not that format). */
export function parseJavaDate(s: string): number | undefined {
  const m = /^\w{3} (\w{3}) (\d{2}) (\d{2}):(\d{2}):(\d{2}) UTC (\d{4})$/.exec(s);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[1]);
  if (month < 0) return undefined;
  return Date.UTC(Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
}

/** Integer query parameter in [min, max]; absent → undefined. `err` builds the API's error. */
export function optInt(
  query: URLSearchParams,
  name: string,
  min: number,
  max: number,
  err: (msg: string) => Error = badRequest,
): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (!/^-?\d+$/.test(raw.trim())) throw err(`${name} must be an integer`);
  const n = Number(raw);
  if (n < min || n > max)
    throw err(max === Number.MAX_SAFE_INTEGER ? `${name} must be at least ${min}` : `${name} must be between ${min} and ${max}`);
  return n;
}

/** `true`/`false` (any case) or `1`/`0`; absent → undefined. */
export function optBool(query: URLSearchParams, name: string, err: (msg: string) => Error = badRequest): boolean | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const v = raw.trim().toLowerCase();
  if (v === "true" || v === "1") return true;
  if (v === "false" || v === "0") return false;
  throw err(`${name} must be true or false`);
}

export function badRequest(message: string, field?: string): ApiError {
  return new ApiError(400, message, "BAD_REQUEST", field);
}

/** ISO-8601 date or date-time → epoch ms, or undefined when it is not one. */
export function parseIso(s: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(s.trim())) return undefined;
  const ms = Date.parse(s.trim());
  return Number.isNaN(ms) ? undefined : ms;
}

export interface FilterToken {
  key: string;
  op: "=" | ":";
  value: string;
}

/**
 * Qualys query syntax as used by the CloudView `filter` and the QFlow `query`: tokens
 * `key=value` or `key:value`, joined by ` and ` (any case); values may be double-quoted
 * (`name="My connector"`, `\"` inside). Throws `err` for text that is not a token.
 */
export function parseFilter(text: string, err: (msg: string) => Error): FilterToken[] {
  const tokens: FilterToken[] = [];
  let i = 0;
  const s = text.trim();
  const skipSpace = () => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };
  while (i < s.length) {
    skipSpace();
    const keyMatch = /^[A-Za-z_][\w.]*/.exec(s.slice(i));
    if (!keyMatch) throw err(`Invalid filter '${text}': expected a search token at position ${i}`);
    const key = keyMatch[0];
    i += key.length;
    skipSpace();
    const op = s[i];
    if (op !== "=" && op !== ":") throw err(`Invalid filter '${text}': expected '=' or ':' after '${key}'`);
    i++;
    skipSpace();
    let value = "";
    if (s[i] === '"') {
      i++;
      while (i < s.length && s[i] !== '"') {
        if (s[i] === "\\" && i + 1 < s.length) i++;
        value += s[i];
        i++;
      }
      if (s[i] !== '"') throw err(`Invalid filter '${text}': unterminated quoted value for '${key}'`);
      i++;
    } else {
      const rest = s.slice(i);
      const end = rest.search(/\s+and\s+/i);
      value = (end < 0 ? rest : rest.slice(0, end)).trim();
      i += end < 0 ? rest.length : end;
    }
    tokens.push({ key, op, value });
    skipSpace();
    if (i < s.length) {
      const and = /^and\s+/i.exec(s.slice(i));
      if (!and) throw err(`Invalid filter '${text}': expected 'and' between search tokens`);
      i += and[0].length;
    }
  }
  return tokens;
}
