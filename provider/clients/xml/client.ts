/**
 * The client of the Qualys XML API (`/api/3.0/fo/...` on the API server).
 *
 * Every call is a form-encoded POST (`application/x-www-form-urlencoded`) with the
 * `X-Requested-With` header Qualys requires on this API, authenticated with "auto" (Basic when a
 * username/password is configured, otherwise the Bearer token; the API server accepts either).
 * Parameters go in the body, never in the URL: NSX create/update carries a password, and URLs end
 * up in proxy and server logs.
 *
 * The transport retries what may be retried; this client turns the final response into the body of
 * a successful document or a QualysError (`xmlErrorFrom`), and offers the two envelopes the
 * resources need: SIMPLE_RETURN (`postSimple`) and BATCH_RETURN (`postBatch`).
 */
import { QualysError } from "../../errors";
import { registerSecret } from "../../shared/redact";
import type { Transport } from "../transport";
import { parseBatchReturn, parseSimpleReturn, succeededIds, type BatchReturn, type SimpleReturn } from "./documents";
import { xmlErrorFrom } from "./errors";

export type XmlParamValue = string | number | boolean | undefined | readonly string[];
export type XmlParams = Record<string, XmlParamValue>;

export interface XmlPostOptions {
  /** Label for errors and logs, e.g. `NSX auth record create`. Must not contain secrets. */
  operation: string;
  /**
   * Safe to repeat after an ambiguous failure (connection lost, 500 after sending). Defaults to
   * true for `action=list` (a read) and false for everything else (create/update/delete may have run).
   */
  idempotent?: boolean;
}

export interface XmlBatchOptions extends XmlPostOptions {
  /** The BATCH_RETURN must name at least one id (create/update/delete of one record). */
  expectId?: boolean;
  /**
   * A call for many ids (`action=delete&ids=a,b,c`): a 2xx BATCH_RETURN whose batches carry CODEs is
   * returned, not thrown, because each batch is the outcome of the ids it names and the caller
   * reports them per id. Any other error (a status, a SIMPLE_RETURN CODE) is thrown as usual.
   */
  outcomesPerId?: boolean;
}

/** The value of the `X-Requested-With` header Qualys requires on its XML API. */
export const X_REQUESTED_WITH = "pulumi-qualys";

/** Parameters whose values are secrets: registered for redaction before they are sent. */
const SECRET_PARAM = /pass(word|phrase)?$|secret$|token$|private_key$/i;

/**
 * Encode parameters as a form body:
 *  - undefined is skipped (the parameter is not sent: "keep the previous setting" on update);
 *  - "" is sent as an empty value (Qualys's way to clear a message or a recipient list on update);
 *  - booleans are "1"/"0" (Qualys flags are `{0|1}`);
 *  - numbers must be finite and are sent as written by `String`;
 *  - lists are comma-joined (`ips=10.0.0.1,10.0.0.2-10.0.0.9`); a list element containing a comma
 *    cannot be encoded and is refused, rather than silently becoming two elements. [] is sent as "".
 */
export function encodeForm(params: XmlParams, operation?: string): string {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const encoded = encodeValue(key, value, operation);
    if (SECRET_PARAM.test(key)) registerSecret(encoded);
    form.append(key, encoded);
  }
  return form.toString();
}

/**
 * One parameter value as it goes on the wire (the rules above). Exported so request builders that
 * need the string form (e.g. to compare with what Qualys reads back) use the same rule, not a copy.
 */
export function encodeValue(key: string, value: Exclude<XmlParamValue, undefined>, operation?: string): string {
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw badParam(operation, `parameter ${key} is ${value}, which is not a number Qualys accepts`);
    return String(value);
  }
  if (typeof value === "string") return value;
  const bad = value.find((v) => v.includes(","));
  if (bad !== undefined)
    throw badParam(operation, `parameter ${key} is a comma-separated list, so its element "${bad}" cannot contain a comma`);
  return value.join(",");
}

function badParam(operation: string | undefined, hint: string): QualysError {
  return new QualysError({ kind: "invalid-request", api: "api", operation, hint });
}

export class XmlClient {
  constructor(private readonly transport: Transport) {}

  /**
   * POST a form to `path` (e.g. `/api/3.0/fo/auth/nsx/`) and return the body of the successful
   * response. Any error status, and any error document (a SIMPLE_RETURN with CODE, even in HTTP 200),
   * is thrown as a QualysError quoting Qualys's CODE and TEXT.
   */
  async post(path: string, params: XmlParams, opts: XmlPostOptions): Promise<string> {
    const body = encodeForm(params, opts.operation);
    const response = await this.transport.request({
      api: "api",
      method: "POST",
      path,
      body,
      headers: { "content-type": "application/x-www-form-urlencoded", "x-requested-with": X_REQUESTED_WITH },
      auth: "auto",
      idempotent: opts.idempotent ?? params.action === "list",
      operation: opts.operation,
    });
    const error = xmlErrorFrom(response, opts.operation);
    const perId =
      (opts as XmlBatchOptions).outcomesPerId === true &&
      response.status >= 200 &&
      response.status < 300 &&
      /<BATCH_RETURN[\s>]/.test(response.body);
    if (error && !perId) throw error;
    return response.body;
  }

  /** POST and read the SIMPLE_RETURN (GCP internal scan job create/update return the new id as item `ID`). */
  async postSimple(path: string, params: XmlParams, opts: XmlPostOptions): Promise<SimpleReturn> {
    return parseSimpleReturn(await this.post(path, params, opts), opts.operation);
  }

  /**
   * POST and read the BATCH_RETURN (NSX auth record create/update/delete). A batch with a CODE has
   * already been thrown by `post`. With `expectId`, a BATCH_RETURN that names no id is an
   * "unexpected-response" error: without the id nobody knows whether (or what) the call created.
   */
  async postBatch(path: string, params: XmlParams, opts: XmlBatchOptions): Promise<BatchReturn> {
    const result = parseBatchReturn(await this.post(path, params, opts), opts.operation);
    if (opts.expectId && succeededIds(result).length === 0) {
      const said = result.batches
        .map((b) => b.text)
        .filter((t): t is string => t !== undefined && t.trim() !== "")
        .join(" / ");
      throw new QualysError({
        kind: "unexpected-response",
        api: "api",
        operation: opts.operation,
        qualysText: said || undefined,
        hint: `the BATCH_RETURN of ${opts.operation} names no id, so the provider cannot tell which record the call affected`,
      });
    }
    return result;
  }
}
