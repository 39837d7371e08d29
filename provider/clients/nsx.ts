/**
 * VMware NSX authentication records (the Policy Audit 1.11 notes, "Added Active Directory Support to VMware NSX
 * Authentication"): `/api/3.0/fo/auth/nsx/` with `action=create|update|list|delete`.
 *
 * Parameter names are the notes' (create/update samples): title, username, ips, port,
 * ssl_verify_with_host, hosts, login_type, vault_type, vault_id, secret_kv_name, secret_kv_key,
 * use_ad_hashicorp, ids. The notes' samples do not show password, secret_kv_path, network_id and
 * comments; they are named as every other Qualys authentication-record API names them (and as the
 * list output's VAULT_SECRET_KV_PATH / NETWORK_ID / COMMENTS suggest).
 *
 * Every call goes through the XmlClient: a form-encoded POST (parameters in the body, never the URL:
 * create/update carry the password), `X-Requested-With`, the transport's retry policy (409/1965 and
 * 409/1960 waited out and repeated), SIMPLE_RETURN/BATCH errors as QualysErrors quoting CODE and TEXT.
 */
import { QualysError } from "../errors";
import { MAX_PAGES } from "./paging";
import { canonicalId, succeededIds, type AuthNsx, type AuthNsxList, parseNsxList } from "./xml/documents";
import type { XmlClient, XmlParams } from "./xml/client";

export const NSX_PATH = "/api/3.0/fo/auth/nsx/";

/**
 * What create/update send. Undefined = not sent (on update: keep what Qualys has); "" = clear.
 * Booleans become 1/0, lists are comma-joined (XmlClient.encodeForm).
 */
export interface NsxWriteParams {
  title?: string;
  username?: string;
  password?: string;
  ips?: readonly string[];
  port?: number;
  ssl_verify_with_host?: boolean;
  hosts?: readonly string[] | "";
  login_type?: "basic" | "vault";
  vault_type?: string;
  vault_id?: number;
  secret_kv_path?: string;
  secret_kv_name?: string;
  secret_kv_key?: string;
  use_ad_hashicorp?: boolean;
  network_id?: number | "";
  comments?: string;
}

/**
 * `ids` as Qualys writes them: sorted, consecutive ids compressed into ranges (`1-5,8`). Non-numeric
 * ids are refused (they would be a 1905 from Qualys, and could smuggle a comma).
 */
export function formatIds(ids: readonly string[]): string {
  const nums = [
    ...new Set(
      ids.map((id) => {
        if (!/^\d+$/.test(id))
          throw new QualysError({
            kind: "invalid-request",
            api: "api",
            operation: "NSX auth record ids",
            hint: `"${id}" is not a numeric record id`,
          });
        return BigInt(id);
      }),
    ),
  ].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const parts: string[] = [];
  for (let i = 0; i < nums.length;) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j] + 1n) j++;
    parts.push(j === i ? String(nums[i]) : j === i + 1 ? `${nums[i]},${nums[j]}` : `${nums[i]}-${nums[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}

/** One record's outcome in a batched delete: deleted, or refused (with Qualys's CODE and TEXT when it named the id). */
export type NsxDeleteOutcome = { deleted: true } | { deleted: false; code?: string; text?: string };

function toForm(params: NsxWriteParams): XmlParams {
  const out: XmlParams = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined) out[k] = v as XmlParams[string];
  return out;
}

export class NsxApi {
  constructor(private readonly xml: XmlClient) {}

  /** `action=create`; returns the new record's id (a BATCH_RETURN without one is an error). */
  async create(params: NsxWriteParams): Promise<string> {
    const result = await this.xml.postBatch(
      NSX_PATH,
      { action: "create", ...toForm(params) },
      { operation: "NSX auth record create", expectId: true },
    );
    return succeededIds(result)[0];
  }

  /** `action=update&ids=<id>`: the BATCH_RETURN must name `id`, or the update did not happen. */
  async update(id: string, params: NsxWriteParams): Promise<void> {
    const operation = `NSX auth record update (id ${id})`;
    const result = await this.xml.postBatch(
      NSX_PATH,
      { action: "update", ids: formatIds([id]), ...toForm(params) },
      { operation, expectId: true },
    );
    this.expectId(result, id, operation);
  }

  /** `action=delete&ids=<id>`: the BATCH_RETURN must name `id`. */
  async delete(id: string): Promise<void> {
    const operation = `NSX auth record delete (id ${id})`;
    const result = await this.xml.postBatch(NSX_PATH, { action: "delete", ids: formatIds([id]) }, { operation, expectId: true });
    this.expectId(result, id, operation);
  }

  /**
   * `action=delete&ids=a,b,c`: one call for many records, each id's outcome as the BATCH_RETURN says
   * it (Qualys groups ids per outcome: the deleted ones in a batch without CODE, the others per CODE).
   * An id the answer does not name is "unconfirmed"; the caller decides (the handler asks the list).
   */
  async deleteMany(ids: readonly string[]): Promise<Map<string, NsxDeleteOutcome>> {
    const out = new Map<string, NsxDeleteOutcome>();
    if (ids.length === 0) return out;
    const operation = `NSX auth record delete (${ids.length === 1 ? `id ${ids[0]}` : `${ids.length} ids`})`;
    const result = await this.xml.postBatch(NSX_PATH, { action: "delete", ids: formatIds(ids) }, { operation, outcomesPerId: true });
    // The answer's ids are canonical (the parser made them so); the caller's are not necessarily.
    const named = new Map<string, NsxDeleteOutcome>();
    for (const b of result.batches) {
      for (const id of b.ids) named.set(id, b.code === undefined ? { deleted: true } : { deleted: false, code: b.code, text: b.text });
    }
    for (const id of ids) out.set(id, named.get(canonicalId(id)) ?? { deleted: false });
    return out;
  }

  /** One page of `action=list` (optionally restricted to `ids`, starting at `idMin`). */
  async listPage(opts: { ids?: readonly string[]; idMin?: string } = {}): Promise<AuthNsxList> {
    const operation = opts.ids ? `NSX auth record list (${opts.ids.length} id${opts.ids.length === 1 ? "" : "s"})` : "NSX auth record list";
    const params: XmlParams = { action: "list" };
    if (opts.ids) params.ids = formatIds(opts.ids);
    if (opts.idMin !== undefined) params.id_min = opts.idMin;
    return parseNsxList(await this.xml.post(NSX_PATH, params, { operation, idempotent: true }), operation);
  }

  /**
   * Every record (or every one of `ids`), following the truncation marker (WARNING 1980 with a URL
   * whose `id_min` is where to continue) until the answer is complete. `ids: []` lists nothing.
   */
  async list(ids?: readonly string[]): Promise<AuthNsx[]> {
    if (ids && ids.length === 0) return [];
    const out: AuthNsx[] = [];
    let idMin: string | undefined;
    for (let page = 1; ; page++) {
      const r = await this.listPage({ ids, idMin });
      out.push(...r.records);
      if (!r.truncated) return out;
      // Continue where Qualys said; if it did not say, after the highest id received.
      const next =
        r.nextIdMin ??
        (r.records.length > 0 ? String(r.records.reduce((m, x) => (BigInt(x.ID) > m ? BigInt(x.ID) : m), 0n) + 1n) : undefined);
      if (next === undefined || (idMin !== undefined && BigInt(next) <= BigInt(idMin)) || page >= MAX_PAGES) {
        throw new QualysError({
          kind: "unexpected-response",
          api: "api",
          operation: "NSX auth record list",
          hint: `the list was truncated but its continuation marker does not move forward (id_min ${next ?? "missing"} after ${idMin ?? "the first page"})`,
        });
      }
      idMin = next;
    }
  }

  private expectId(result: Parameters<typeof succeededIds>[0], id: string, operation: string): void {
    const ids = succeededIds(result);
    if (!ids.includes(canonicalId(id))) {
      throw new QualysError({
        kind: "unexpected-response",
        api: "api",
        operation,
        qualysText:
          result.batches
            .map((b) => b.text)
            .filter((t): t is string => !!t && t.trim() !== "")
            .join(" / ") || undefined,
        hint: `the BATCH_RETURN names id(s) ${ids.join(", ")} but not ${id}, so the call cannot be confirmed for this record`,
      });
    }
  }
}
