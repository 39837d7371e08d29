/**
 * The only conversion between the NSX authentication-record API and NsxAuthRecord state.
 *
 * Readable (compared on refresh, so a change in the Qualys UI shows as drift): title, ips, username,
 * port, sslVerifyWithHost, hosts, loginType, the vault settings, networkId, comments. Not readable:
 * the password (Qualys never returns it: outputs keep only `passwordHash`) and `adopt` (a behaviour
 * switch, kept from state).
 */
import type { NsxWriteParams } from "../../clients/nsx";
import type { AuthNsx } from "../../clients/xml/documents";
import { deepEqual, setEqual } from "../../shared/normalise";
import { formatOwnerMarker, splitOwnerMarker } from "../../shared/ownership";
import { formatRange, mergeRanges, parseIpEntry, type IpRange } from "./ips";
import {
  VAULT_SETTINGS,
  type LoginType,
  type NsxAuthRecordInputs,
  type NsxAuthRecordObserved,
  type NsxAuthRecordOutputs,
  type NsxAuthRecordStateInputs,
} from "./schema";

/** The input keys kept in outputs (all but the password). */
export const STATE_INPUT_KEYS = [
  "title",
  "ips",
  "username",
  "port",
  "sslVerifyWithHost",
  "hosts",
  "loginType",
  ...VAULT_SETTINGS,
  "networkId",
  "comments",
  "adopt",
  "ownerMarker",
  "ownerHint",
] as const;

/**
 * The owner marker in Qualys: `[pulumi:<marker> <hint>]` at the end of COMMENTS, after the user's
 * comments and one space (shared/ownership.ts; docs/failure-model.md). Written with every create and
 * with every update that sends comments; stripped on every read, so it never shows as drift. The
 * user's own comments are kept exactly, apart from a trailing marker of exactly that shape (or the
 * old `[pulumi:<16 hex>]`).
 */
export function withMarker(comments: string | undefined, marker: string | undefined, hint?: string): string | undefined {
  if (marker === undefined) return comments;
  const m = formatOwnerMarker(marker, hint);
  return comments === undefined ? m : `${comments} ${m}`;
}

/** The user's comments and the owner marker, out of what Qualys stores. */
export function splitMarker(stored: string | undefined): { comments?: string; marker?: string; hint?: string } {
  const { text, marker } = splitOwnerMarker(stored);
  return {
    comments: text,
    ...(marker === undefined ? {} : { marker: marker.nonce, ...(marker.hint === undefined ? {} : { hint: marker.hint }) }),
  };
}

/** Drop keys whose value is undefined: state is plain JSON, and "absent" has one spelling. */
export function compact<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** Just the inputs out of a state object. */
export function inputsOf(o: NsxAuthRecordOutputs | NsxAuthRecordInputs): NsxAuthRecordStateInputs {
  const src = o as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of STATE_INPUT_KEYS) if (src[k] !== undefined) out[k] = src[k];
  return out as unknown as NsxAuthRecordStateInputs;
}

export function toOutputs(inputs: NsxAuthRecordStateInputs | NsxAuthRecordInputs, observed: NsxAuthRecordObserved): NsxAuthRecordOutputs {
  return compact({ ...inputsOf(inputs), ...observed });
}

/** Parameters of `action=create`: everything declared. The password only for basic login. */
export function toCreateParams(inputs: NsxAuthRecordInputs): NsxWriteParams {
  const vault = inputs.loginType === "vault";
  return compact<NsxWriteParams>({
    title: inputs.title,
    username: inputs.username,
    password: vault ? undefined : inputs.password,
    ips: inputs.ips,
    port: inputs.port,
    ssl_verify_with_host: inputs.sslVerifyWithHost,
    hosts: inputs.hosts,
    login_type: inputs.loginType,
    ...(vault ? vaultParams(inputs) : {}),
    network_id: inputs.networkId,
    comments: withMarker(inputs.comments, inputs.ownerMarker, inputs.ownerHint),
  });
}

function vaultParams(v: NsxAuthRecordStateInputs, current?: NsxAuthRecordStateInputs): NsxWriteParams {
  // The vault settings go as one group (as the notes' update sample sends them). An optional one the
  // record has and the program dropped is cleared with "".
  const clear = (k: "secretKvPath" | "secretKvKey") => v[k] ?? (current?.[k] !== undefined ? "" : undefined);
  return compact<NsxWriteParams>({
    vault_type: v.vaultType,
    vault_id: v.vaultId,
    secret_kv_path: clear("secretKvPath"),
    secret_kv_name: v.secretKvName,
    secret_kv_key: clear("secretKvKey"),
    use_ad_hashicorp: v.useAdHashicorp ?? false,
  });
}

/**
 * Parameters of `action=update`: only what differs between `current` (the record as state knows
 * it) and `desired`. The password goes only when it changed (`passwordChanged`) or when the record
 * switches to basic login (it has no password to keep). Cleared values are sent as "" (Qualys's way
 * to clear), the network as 0 (the default network). Returns {} when nothing needs sending.
 */
export function toUpdateParams(
  current: NsxAuthRecordStateInputs,
  desired: NsxAuthRecordInputs,
  opts: { passwordChanged: boolean },
): NsxWriteParams {
  const p: NsxWriteParams = {};
  const differs = (k: keyof NsxAuthRecordStateInputs) => !deepEqual(current[k], desired[k]);
  if (differs("title")) p.title = desired.title;
  if (!setEqual(current.ips, desired.ips)) p.ips = desired.ips;
  if (differs("username")) p.username = desired.username ?? "";
  if (differs("port")) p.port = desired.port;
  if (differs("sslVerifyWithHost")) p.ssl_verify_with_host = desired.sslVerifyWithHost;
  if (!setEqual(current.hosts, desired.hosts)) p.hosts = desired.hosts ?? "";
  if (differs("networkId")) p.network_id = desired.networkId ?? 0;
  // The marker travels with the comments. A marker is minted once and then kept (shared/ownership.ts),
  // so it changes only where Qualys has none of this resource's yet: an adopted or imported record,
  // which gets it with this update (and from then on is known as this resource's).
  const marker = desired.ownerMarker ?? current.ownerMarker;
  if (differs("comments") || (desired.ownerMarker !== undefined && current.ownerMarker !== desired.ownerMarker))
    p.comments = withMarker(desired.comments, marker, desired.ownerHint ?? current.ownerHint) ?? "";

  const loginChanged = current.loginType !== desired.loginType;
  if (desired.loginType === "basic") {
    if (loginChanged) p.login_type = "basic";
    if ((loginChanged || opts.passwordChanged) && desired.password !== undefined) p.password = desired.password;
  } else if (loginChanged || VAULT_SETTINGS.some((k) => differs(k))) {
    p.login_type = "vault";
    Object.assign(p, vaultParams(desired, current));
  }
  return p;
}

/** IP_SET entries in canonical form; entries this provider cannot parse (e.g. IPv6) are kept verbatim, after the rest. */
export function ipsFromApi(entries: readonly string[]): string[] {
  const ranges: IpRange[] = [];
  const other: string[] = [];
  for (const e of entries) {
    const r = parseIpEntry(e);
    if (r.ok) ranges.push(r.range);
    else if (e.trim() !== "") other.push(e.trim());
  }
  return [...mergeRanges(ranges).map(formatRange), ...[...new Set(other)].sort()];
}

function str(v: string | undefined): string | undefined {
  return v === undefined || v === "" ? undefined : v;
}

function flag(v: string | undefined): boolean | undefined {
  if (v === undefined || v.trim() === "") return undefined;
  return v.trim() === "1" || v.trim().toLowerCase() === "true";
}

function num(v: string | undefined): number | undefined {
  if (v === undefined || v.trim() === "") return undefined;
  const n = Number(v.trim());
  return Number.isFinite(n) ? n : undefined;
}

/**
 * What Qualys says about a record, as state inputs (without `adopt`) and observations. Values are
 * normalised exactly as `check` normalises inputs, so an unchanged record reads back equal.
 */
export function fromRecord(r: AuthNsx): {
  inputs: Omit<NsxAuthRecordStateInputs, "adopt" | "ownerMarker" | "ownerHint">;
  observed: Omit<NsxAuthRecordObserved, "passwordHash">;
  /** The owner marker in its comments, if any (who created it: see `withMarker`), and its hint. */
  marker?: string;
  hint?: string;
} {
  const { comments, marker, hint } = splitMarker(str(r.COMMENTS));
  const hosts = (r.HOSTS ?? "")
    .split(/[,\s]+/)
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== "");
  const loginType = (r.LOGIN_TYPE?.trim().toLowerCase() || "basic") as LoginType;
  const v = r.DIGITAL_VAULT;
  const vaultType = v ? (v.DIGITAL_VAULT_TYPE.trim().toLowerCase() === "hashicorp" ? "HashiCorp" : v.DIGITAL_VAULT_TYPE.trim()) : undefined;
  const networkId = num(r.NETWORK_ID);
  const inputs = compact({
    title: r.TITLE,
    ips: ipsFromApi([...(r.IP_SET?.IP ?? []), ...(r.IP_SET?.IP_RANGE ?? [])]),
    username: str(r.USERNAME),
    port: num(r.PORT),
    sslVerifyWithHost: flag(r.SSL_VERIFY_WITH_HOST) ?? false,
    hosts: hosts.length > 0 ? [...new Set(hosts)].sort() : undefined,
    loginType,
    vaultType: vaultType as NsxAuthRecordStateInputs["vaultType"],
    vaultId: v ? num(v.DIGITAL_VAULT_ID) : undefined,
    secretKvPath: str(v?.VAULT_SECRET_KV_PATH),
    secretKvName: str(v?.VAULT_SECRET_KV_NAME),
    secretKvKey: str(v?.VAULT_SECRET_KV_KEY),
    // Required by the API with a HashiCorp vault; a record that does not say is not using AD.
    useAdHashicorp: v ? (flag(v.VAULT_USE_AD_HASHICORP) ?? false) : undefined,
    networkId: networkId === 0 ? undefined : networkId,
    comments,
  }) as Omit<NsxAuthRecordStateInputs, "adopt" | "ownerMarker" | "ownerHint">;
  const observed = compact({
    vaultTitle: str(v?.DIGITAL_VAULT_TITLE),
    created: str(r.CREATED.DATETIME),
    createdBy: str(r.CREATED.BY),
    lastModified: str(r.LAST_MODIFIED.DATETIME),
  });
  return { inputs, observed, ...(marker === undefined ? {} : { marker }), ...(hint === undefined ? {} : { hint }) };
}

/** Refresh: what Qualys reports replaces state for every readable field; passwordHash, adopt and the owner marker are kept. */
export function fromRead(previous: NsxAuthRecordOutputs, record: AuthNsx): NsxAuthRecordOutputs {
  const { inputs, observed } = fromRecord(record);
  return toOutputs(
    { ...inputs, adopt: previous.adopt ?? false, ownerMarker: previous.ownerMarker, ownerHint: previous.ownerHint },
    {
      passwordHash: previous.passwordHash,
      ...observed,
    },
  );
}
