/**
 * How the XML API (`/api/3.0/fo/...`) reports failure, turned into QualysErrors.
 *
 * Qualys reports errors in a SIMPLE_RETURN with CODE and TEXT, and not always with an error status:
 * a caller's mistake can come back as HTTP 200 with `<CODE>1905</CODE>`. So success is judged on the
 * document, not only the status. The transport has already retried what may be retried (409/1960,
 * 409/1965, 429, 503, reads on 5xx); whatever reaches this function is final.
 *
 * Code → kind, from Qualys's documented common error codes:
 *  - 1901 unrecognized parameter, 1903 missing parameter, 1904 "only one of", 1905 invalid value,
 *    1907 unsupported key=value combination, 1908 wrong method for the parameters, 1922 "at least one
 *    of": the request is wrong → "invalid-request" (never retried: it would fail the same way).
 *  - 1920 blocked by existing objects (e.g. a record in use) → "conflict".
 *  - 1960 concurrency limit → "concurrency-limited"; 1965 rate limit → "rate-limited", with the wait
 *    Qualys asked for (X-RateLimit-ToWait-Sec, Retry-After, or the SECONDS_TO_WAIT item).
 *  - 2000 bad login/password, 2002 inactive user, 2003 registration not completed, 2011 SecureID
 *    required: the credentials cannot be used for the API at all → "unauthorized" (whatever the
 *    status). 2012 "user license is not authorized to run this API": the user authenticated but is
 *    not allowed → "forbidden", like HTTP 403.
 *  - 999 internal error, 1999 maintenance, 1981 "request is being processed, try again later"
 *    → "server" (temporary, on Qualys's side).
 * A known code decides the kind; otherwise the status does: 401 unauthorized, 403 forbidden,
 * 404/410 not-found, 409 conflict, 429 rate-limited, 5xx server, 3xx unexpected-response (a redirect
 * means the URL is wrong, e.g. a portal login page), other 4xx invalid-request. An unknown CODE in a
 * 2xx is "invalid-request": Qualys refused, and it said why.
 *
 * Not-found is not guessed from TEXT. Reads go through list actions (no record = gone), and what a
 * delete of a missing id returns is for the resource to decide from `code`/`qualysText`.
 */
import { QualysError, type QualysErrorKind } from "../../errors";
import type { ResponseSnapshot } from "../retry";
import { serverWaitMs } from "../retry";
import { bodyForMessage, cutQuote, kindForStatus, MAX_QUOTED_BODY } from "../error-body";
import { parseXml } from "./parser";

export { MAX_QUOTED_BODY };

interface CodeRule {
  kind: QualysErrorKind;
  hint?: string;
}

export const XML_ERROR_CODES: Readonly<Record<string, CodeRule>> = {
  "1901": { kind: "invalid-request" },
  "1903": { kind: "invalid-request" },
  "1904": { kind: "invalid-request" },
  "1905": { kind: "invalid-request" },
  "1907": { kind: "invalid-request" },
  "1908": { kind: "invalid-request" },
  "1922": { kind: "invalid-request" },
  "1920": { kind: "conflict" },
  "1960": {
    kind: "concurrency-limited",
    hint: "too many API calls ran at once for this user; lower qualys:maxConcurrency or run fewer Pulumi operations in parallel",
  },
  "1965": { kind: "rate-limited" },
  "2000": { kind: "unauthorized", hint: "check qualys:username/qualys:password (or QUALYS_USERNAME/QUALYS_PASSWORD), or qualys:token" },
  "2002": { kind: "unauthorized", hint: "the Qualys user is inactive; an administrator must activate it" },
  "2003": { kind: "unauthorized", hint: "log in to the Qualys UI once to complete the account registration" },
  "2011": { kind: "unauthorized", hint: "this account requires SecureID, which blocks API access; use an API user" },
  "2012": { kind: "forbidden", hint: "the user's license or role does not include this API" },
  "999": { kind: "server" },
  "1999": { kind: "server", hint: "Qualys is in scheduled maintenance; try again later" },
  "1981": { kind: "server", hint: "Qualys is still processing an earlier request; try again later" },
};

/**
 * The shared status rule (error-body.ts), with the XML reader's one difference, kept as it was:
 * 410 Gone reads as not-found here (an invalid request for the JSON clients). A non-2xx below 300
 * never reaches a caller; it reads as an invalid request.
 */
function kindForXmlStatus(status: number): QualysErrorKind {
  return status === 410 ? "not-found" : status < 300 ? "invalid-request" : kindForStatus(status);
}

/** What an error document says: CODE/TEXT of a SIMPLE_RETURN (or any RESPONSE), or of a failed BATCH. */
interface Said {
  xml: boolean;
  code?: string;
  text?: string;
  /** Ids of the batches that did succeed when another batch carried a CODE. */
  succeeded?: string[];
}

const ENVELOPE_ARRAYS = ["ITEM_LIST.ITEM", "ITEM.VALUE", "BATCH_LIST.BATCH", "ID_SET.ID", "ID_SET.ID_RANGE"] as const;

function str(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (v !== null && typeof v === "object" && typeof (v as Record<string, unknown>)["#text"] === "string")
    return (v as Record<string, string>)["#text"];
  return undefined;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/**
 * Read CODE/TEXT leniently (no schema): an error document must be understood even when it does not
 * have the exact documented shape, so the user sees Qualys's words rather than a parse failure.
 */
function readEnvelope(body: string): Said {
  const head = body.replace(/^\uFEFF/, "").trimStart();
  if (!head.startsWith("<")) return { xml: false };
  let doc: Record<string, unknown>;
  try {
    doc = parseXml(head, { arrays: ENVELOPE_ARRAYS });
  } catch {
    return { xml: false };
  }
  const root = Object.keys(doc)[0];
  const response = obj(obj(doc[root])?.RESPONSE);
  if (!response) return { xml: true };
  const code = str(response.CODE)?.trim();
  const text = str(response.TEXT);
  if (code !== undefined && code !== "") return { xml: true, code, text };
  const batches = obj(response.BATCH_LIST)?.BATCH;
  if (Array.isArray(batches)) {
    const failed = batches.map(obj).find((b) => b !== undefined && (str(b.CODE) ?? "").trim() !== "");
    if (failed) {
      const succeeded = batches
        .map(obj)
        .filter((b) => b !== undefined && (str(b.CODE) ?? "").trim() === "")
        .flatMap((b) => {
          const set = obj(b!.ID_SET);
          return [
            ...(Array.isArray(set?.ID) ? (set.ID as unknown[]) : []),
            ...(Array.isArray(set?.ID_RANGE) ? (set.ID_RANGE as unknown[]) : []),
          ].map((x) => str(x) ?? "");
        });
      return { xml: true, code: str(failed.CODE)!.trim(), text: str(failed.TEXT), succeeded };
    }
  }
  return { xml: true, text };
}

/**
 * The root element's name, read past the declaration, comments and DOCTYPE of the first 4 KiB without
 * parsing the document (undefined when it is not found there: the caller then parses as before).
 */
function rootElementName(body: string): string | undefined {
  const head = body
    .slice(0, 4096)
    .replace(/^\uFEFF/, "")
    .trimStart();
  return /^(?:<\?[\s\S]*?\?>\s*|<!--[\s\S]*?-->\s*|<!DOCTYPE(?:[^>"'[]|"[^"]*"|'[^']*')*(?:\[[^\]]*\])?\s*>\s*)*<([A-Za-z_][\w.-]*)/.exec(
    head,
  )?.[1];
}

/** A short, single-line quote of a body that is not a Qualys document (HTML error page, proxy text). */
export function quoteBody(body: string, max = MAX_QUOTED_BODY): string {
  const plain = bodyForMessage(body)
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return cutQuote(plain, max - 1, max);
}

/**
 * The error a response represents, or undefined when it is a successful document.
 *
 * Success: a 2xx whose document carries no CODE (neither a SIMPLE_RETURN CODE nor a failed BATCH).
 * A 2xx body that is not XML is not judged here: the document reader that expects a given root
 * reports it precisely ("expected a BATCH_RETURN document, got …").
 */
export function xmlErrorFrom(response: ResponseSnapshot, operation: string): QualysError | undefined {
  const { status } = response;
  const ok = status >= 200 && status < 300;
  // The RESPONSE of a list document (AUTH_NSX_LIST_OUTPUT, SCHEDULE_SCAN_LIST_OUTPUT: their DTDs in
  // the release notes) has no CODE; Qualys answers a failed list with a SIMPLE_RETURN. So a 2xx list
  // is a success without parsing it here, and a list of thousands of records is parsed once, by its reader.
  if (ok && /_LIST_OUTPUT$/.test(rootElementName(response.body) ?? "")) return undefined;
  // Nor can a 2xx with no CODE element anywhere be an error (readEnvelope finds a code only in one):
  // a write's SIMPLE_RETURN or BATCH_RETURN is then parsed once, by its reader, and not redacted for
  // a message nobody reads. Every write of an update goes through here.
  if (ok && !/<CODE[\s>/]/.test(response.body)) return undefined;
  // Read for the message only from the redacted body: the parser unescapes, the quote collapses and cuts.
  const body = bodyForMessage(response.body);
  const said = readEnvelope(body);
  if (ok && said.code === undefined) return undefined;

  const rule = said.code !== undefined ? XML_ERROR_CODES[said.code] : undefined;
  const kind: QualysErrorKind = rule?.kind ?? (ok ? "invalid-request" : kindForXmlStatus(status));

  // Qualys's TEXT when there is one; otherwise a short quote of whatever came back (an HTML error
  // page from a proxy, a bare "Service Unavailable"), so the user sees more than a status code.
  let qualysText = said.text?.trim() || undefined;
  if (qualysText === undefined && body.trim() !== "") qualysText = quoteBody(body) || undefined;
  if (qualysText !== undefined) qualysText = cutQuote(qualysText, 1999, 2000);

  const hints: string[] = [];
  let retryAfterMs: number | undefined;
  if (kind === "rate-limited" || kind === "concurrency-limited" || status === 503) {
    retryAfterMs = serverWaitMs(response);
    if (retryAfterMs !== undefined) hints.push(`Qualys asked to wait ${Math.ceil(retryAfterMs / 1000)} s before the next call`);
  }
  if (rule?.hint) hints.push(rule.hint);
  if (!rule && kind === "unauthorized") hints.push("the credentials were refused (check qualys:token or qualys:username/qualys:password)");
  if (!rule && kind === "forbidden") hints.push("the user is not allowed to do this (role, module or subscription)");
  if (status >= 300 && status < 400) {
    const location = response.headers["location"];
    hints.push(`redirected${location ? ` to ${location.split("?")[0]}` : ""}; check qualys:apiUrl / qualys:platform`);
  }
  if (said.succeeded !== undefined && said.succeeded.length > 0)
    hints.push(`the same call succeeded for id(s) ${said.succeeded.join(", ")}`);

  return new QualysError({
    kind,
    api: "api",
    operation,
    status,
    code: said.code,
    qualysText,
    retryAfterMs,
    hint: hints.length > 0 ? hints.join("; ") : undefined,
  });
}
