/**
 * The single error taxonomy of the provider. Every failure that reaches a user is one of these,
 * so the message shape is predictable: what was attempted, what Qualys said (quoted), what to do.
 *
 * Messages never contain credentials: they are built from the method, the path (never the query of
 * a form that carries a password, never headers) and Qualys's own text, and they pass through
 * `redact` on construction as a second line of defence.
 */
import { redact } from "./shared/redact";

export type QualysApi = "gateway" | "api" | "portal";

export type QualysErrorKind =
  /** A setting is missing or wrong (platform, URL, credentials). Fix the configuration. */
  | "config"
  /** 401: the credentials were refused. */
  | "unauthorized"
  /** 403: authenticated, but not allowed (role, module, subscription). */
  | "forbidden"
  /** 404 or "no such object". */
  | "not-found"
  /** 400/422 or a Qualys "caller's mistake" code: the request is wrong; retrying will not help. */
  | "invalid-request"
  /** 409 state conflict that is not a rate/concurrency limit (e.g. already registered). */
  | "conflict"
  /** Qualys refused because of a rate limit (429, 409/1965). */
  | "rate-limited"
  /** Qualys refused because too many calls ran at once (409/1960). */
  | "concurrency-limited"
  /** 5xx. */
  | "server"
  /** The connection failed or was cut before a response arrived. */
  | "network"
  /** No response within the configured timeout. */
  | "timeout"
  /** The response did not have the shape the API documents (bad JSON/XML, missing id). */
  | "unexpected-response"
  /** The response passed the size limit (`qualys:maxResponseBytes`); its download was stopped. */
  | "response-too-large";

export interface QualysErrorInit {
  kind: QualysErrorKind;
  /** What was attempted, e.g. `POST /flexscan-api/rest/v1/service-accounts/setup`. */
  operation?: string;
  api?: QualysApi;
  status?: number;
  /** Qualys's own error code (XML `CODE`, gateway `errors[].code`). */
  code?: string;
  /** Qualys's own error text, quoted verbatim in the message. */
  qualysText?: string;
  /** Wait the server asked for before a retry, in milliseconds. */
  retryAfterMs?: number;
  /** Extra sentence for the user (what to do). */
  hint?: string;
  /**
   * False when the transport knows that no byte of the request left (the connection, DNS lookup or
   * TLS handshake failed first): nothing can have run in Qualys, so no answer was lost.
   */
  sent?: false;
  cause?: unknown;
}

export class QualysError extends Error {
  readonly kind: QualysErrorKind;
  readonly operation?: string;
  readonly api?: QualysApi;
  readonly status?: number;
  readonly code?: string;
  readonly qualysText?: string;
  readonly retryAfterMs?: number;
  /** Whether the request may have reached Qualys (see QualysErrorInit.sent). */
  readonly sent: boolean;

  constructor(init: QualysErrorInit) {
    super(redact(formatMessage(init)), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "QualysError";
    this.kind = init.kind;
    this.operation = init.operation;
    this.api = init.api;
    this.status = init.status;
    this.code = init.code;
    this.qualysText = init.qualysText === undefined ? undefined : redact(init.qualysText);
    this.retryAfterMs = init.retryAfterMs;
    this.sent = init.sent ?? true;
  }
}

function formatMessage(init: QualysErrorInit): string {
  if (init.kind === "config") return `pulumi-qualys configuration: ${init.hint ?? defaultText("config")}`;
  const parts: string[] = [];
  parts.push(init.operation ? `Qualys ${init.operation} failed` : "Qualys request failed");
  const detail: string[] = [];
  if (init.status !== undefined) detail.push(`HTTP ${init.status}`);
  if (init.code !== undefined) detail.push(`code ${init.code}`);
  if (detail.length > 0) parts[0] += ` (${detail.join(", ")})`;
  if (init.qualysText) parts.push(`Qualys said: "${init.qualysText.trim()}"`);
  else parts.push(defaultText(init.kind));
  if (init.hint) parts.push(init.hint);
  return parts.join(": ");
}

function defaultText(kind: QualysErrorKind): string {
  switch (kind) {
    case "config":
      return "the provider configuration is incomplete";
    case "unauthorized":
      return "the credentials were refused (check qualys:token or qualys:username/qualys:password)";
    case "forbidden":
      return "the user is not allowed to do this";
    case "not-found":
      return "the object does not exist";
    case "invalid-request":
      return "the request was rejected as invalid";
    case "conflict":
      return "the object is in a conflicting state";
    case "rate-limited":
      return "the API rate limit was reached";
    case "concurrency-limited":
      return "the API concurrency limit was reached";
    case "server":
      return "the Qualys server failed";
    case "network":
      return "the connection failed";
    case "timeout":
      return "no response before the timeout";
    case "unexpected-response":
      return "the response did not have the documented shape";
    case "response-too-large":
      return "the response was larger than the size limit";
  }
}

/** A configuration error that names the setting, the stack config key and the environment variable. */
export function configError(message: string): QualysError {
  return new QualysError({ kind: "config", hint: message });
}

export function isQualysError(e: unknown, kind?: QualysErrorKind): e is QualysError {
  return e instanceof QualysError && (kind === undefined || e.kind === kind);
}

/** What `read` resolves to, or undefined when Qualys answers that the object does not exist. */
export async function unlessNotFound<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    if (isQualysError(e, "not-found")) return undefined;
    throw e;
  }
}

/** The message of anything thrown, for composing a user-facing sentence around it. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
