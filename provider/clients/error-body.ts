/**
 * What a failed answer says, read the same way by every client: the error kind its HTTP status
 * means, the Qualys code in a JSON error body, and a short quote of a body that says nothing better.
 * One home for these rules: the gateway and JSON clients, the XML error reader, the transport
 * (token minting) and the retry policy all use them. (The XML error reader reads CODE from the parsed
 * document, with its TEXT; `qualysCodeOf` reads raw bytes, for the retry policy, which decides before
 * any document is parsed.)
 */
import type { QualysErrorKind } from "../errors";
import { redact, withoutSecretTail } from "../shared/redact";

/** Qualys codes meaning "refused before running it". */
export const QUALYS_CONCURRENCY_LIMIT_CODE = "1960";
export const QUALYS_RATE_LIMIT_CODE = "1965";

/**
 * HTTP status → error kind. A Qualys code that means "refused before running it" (1960, 1965) wins
 * over the status, since Qualys answers both with 409. Anything else 4xx is the caller's request.
 */
export function kindForStatus(status: number, code?: string): QualysErrorKind {
  if (code === QUALYS_CONCURRENCY_LIMIT_CODE) return "concurrency-limited";
  if (code === QUALYS_RATE_LIMIT_CODE) return "rate-limited";
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not-found";
  if (status === 409) return "conflict";
  if (status === 429) return "rate-limited";
  if (status >= 500) return "server";
  if (status >= 400) return "invalid-request";
  return "unexpected-response";
}

/** The shapes a JSON error body carries its code in (gateway envelope, Spring Boot, bare). */
export interface JsonErrorCodes {
  errors?: ReadonlyArray<{ code?: unknown }> | null;
  errorCode?: unknown;
  code?: unknown;
}

/**
 * The Qualys code of a JSON error body: the first `errors[].code` given, else `errorCode`, else
 * `code`. Only strings and numbers count (a code is compared as text).
 */
export function qualysCodeOfJson(body: JsonErrorCodes): string | undefined {
  const text = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : undefined);
  for (const e of body.errors ?? []) {
    const c = text(e.code);
    if (c !== undefined) return c;
  }
  return text(body.errorCode) ?? text(body.code);
}

/** The Qualys error code of a raw body: XML `<CODE>`, or a JSON error body's (see qualysCodeOfJson). */
export function qualysCodeOf(body: string): string | undefined {
  const xml = /<CODE>\s*(\d+)\s*<\/CODE>/.exec(body);
  if (xml) return xml[1];
  const trimmed = body.trim();
  if (!trimmed.startsWith("{")) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return typeof parsed === "object" && parsed !== null ? qualysCodeOfJson(parsed) : undefined;
  } catch {
    return undefined;
  }
}

/** At most this much of a body is quoted in a message. */
export const MAX_QUOTED_BODY = 300;

/**
 * A body as it may be read for a message: every registered secret cut out of the raw text, before
 * anything parses, unescapes, strips, collapses or cuts it (each of those can turn a spelling the
 * redactor finds into one it cannot: a quote cut in the middle of a secret leaves a fragment).
 * Only for messages: a successful answer is read as Qualys sent it.
 */
export function bodyForMessage(body: string): string {
  return redact(body);
}

/**
 * `text` cut to its first `keep` characters and an ellipsis when it is longer than `limit`. The
 * cut never ends in what reads as the start of a registered secret (shared/redact.ts
 * `withoutSecretTail`).
 */
export function cutQuote(text: string, keep: number, limit = keep): string {
  return text.length > limit ? `${withoutSecretTail(text.slice(0, keep)).trimEnd()}…` : text;
}

/** A body quoted in a message: redacted, one line, at most 300 characters. */
export function snippet(body: string): string {
  return cutQuote(bodyForMessage(body).replace(/\s+/g, " ").trim(), MAX_QUOTED_BODY);
}
