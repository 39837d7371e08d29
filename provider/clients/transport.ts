/**
 * The HTTP transport: every call the provider makes to Qualys goes through `Transport.request`.
 *
 * It owns, in one place: base URLs per API, authentication headers (Bearer JWT, Basic), a
 * concurrency limit per API, timeouts, the retry loop (decisions in ./retry.ts), one token renewal
 * on 401, and turning network failures into QualysErrors. It returns every HTTP response, success
 * or not, to the API client that made the call: only that client knows how its API reports errors
 * (a JSON envelope, a SIMPLE_RETURN), so error *mapping* lives there, through `errors.ts`.
 *
 * The undici dispatcher is injectable (tests, proxies, custom TLS), as are sleep and randomness.
 */
import type { Dispatcher, buildConnector as UndiciConnector } from "undici";
import { Agent, buildConnector } from "./undici";
import { API_SETTING, baseUrl, describeSetting, type ResolvedConfig } from "../config";
import { QualysError, type QualysApi } from "../errors";
import { redact } from "../shared/redact";
import { basicHeader, TokenSource } from "./auth";
import { BodyTooLargeError, DeadlineExceededError, exchange } from "./body";
import { kindForStatus, snippet } from "./error-body";
import { Limiter } from "./limiter";
import { decideRetry, type NetworkFailure, type ResponseSnapshot } from "./retry";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE" | "PATCH";

/**
 * How a call authenticates:
 *  - bearer: the JWT (gateway APIs);
 *  - basic: username/password (portal APIs that accept nothing else);
 *  - auto: Basic when username/password are configured, otherwise Bearer (the /api/ XML server
 *    accepts either);
 *  - none: the token endpoint itself.
 */
export type AuthMode = "bearer" | "basic" | "auto" | "none";

export interface RequestOptions {
  api: QualysApi;
  method: HttpMethod;
  /** Path below the API's base URL, starting with "/". */
  path: string;
  query?: Record<string, string | number | boolean | undefined> | URLSearchParams;
  headers?: Record<string, string>;
  body?: string;
  /** Safe to repeat after an ambiguous failure. Defaults to true for GET only. */
  idempotent?: boolean;
  auth?: AuthMode;
  /** Label for errors and logs; defaults to `METHOD path`. Must not contain secrets. */
  operation?: string;
}

export interface TransportEvent {
  operation: string;
  attempt: number;
  status?: number;
  failure?: NetworkFailure;
  retry?: { delayMs: number; reason: string };
}

export interface TransportOptions {
  dispatcher?: Dispatcher;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Called after every attempt (debug logging, benchmarks). */
  onEvent?: (event: TransportEvent) => void;
}

const USER_AGENT = "pulumi-qualys";

/**
 * Reads are GETs, the XML API's `action=list` and minting a token (POST /auth changes no object);
 * everything else may change what a read returns.
 */
export function isWrite(opts: Pick<RequestOptions, "method" | "body" | "path">): boolean {
  if (opts.method === "GET" || opts.path === "/auth") return false;
  return !(typeof opts.body === "string" && /(^|&)action=list(&|$)/.test(opts.body));
}

export class Transport {
  readonly tokens: TokenSource;
  private readonly limiters = new Map<QualysApi, Limiter>();
  private readonly dispatcher: Dispatcher;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly onEvent?: (event: TransportEvent) => void;
  private readonly writeListeners: Array<() => void> = [];

  constructor(
    readonly config: ResolvedConfig,
    options: TransportOptions = {},
  ) {
    this.dispatcher =
      options.dispatcher ??
      new Agent({
        connect: markingConnector(Math.min(config.requestTimeoutMs, 30_000)),
        headersTimeout: config.requestTimeoutMs,
        bodyTimeout: config.requestTimeoutMs,
      });
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.random = options.random ?? Math.random;
    this.onEvent = options.onEvent ?? debugLogger();
    this.tokens = new TokenSource(config.credentials, (u, p) => this.mintToken(u, p));
  }

  /**
   * Call `listener` after every write sent through this transport (see `isWrite`), once per call
   * whatever its outcome, retries included. The coalescing readers drop their snapshots on it
   * (shared/readers.ts): one place decides what a write is, so no handler can forget to say so.
   */
  onWrite(listener: () => void): void {
    this.writeListeners.push(listener);
  }

  async request(opts: RequestOptions): Promise<ResponseSnapshot> {
    try {
      return await this.call(opts);
    } finally {
      if (isWrite(opts)) for (const l of this.writeListeners) l();
    }
  }

  /** One call: its attempts, token renewal and retries, and the error that ends it. */
  private async call(opts: RequestOptions): Promise<ResponseSnapshot> {
    const operation = opts.operation ?? `${opts.method} ${opts.path}`;
    const url = this.urlFor(opts);
    const idempotent = opts.idempotent ?? opts.method === "GET";
    const limiter = this.limiterFor(opts.api);
    let renewedAfter401 = false;

    for (let attempt = 1; ; attempt++) {
      const { headers, bearer } = await this.headersFor(opts);
      let response: ResponseSnapshot | undefined;
      let failure: NetworkFailure | undefined;
      let cause: unknown;
      try {
        response = await limiter.run(() => this.send(url, opts.method, headers, opts.body));
      } catch (e) {
        failure = classifyNetworkError(e);
        cause = e;
      }

      // One renewal on 401, only for tokens we minted ourselves; a given token stays refused.
      if (response?.status === 401 && bearer !== undefined && this.tokens.canRenew && !renewedAfter401) {
        renewedAfter401 = true;
        this.tokens.invalidate(bearer);
        this.onEvent?.({ operation, attempt, status: 401, retry: { delayMs: 0, reason: "token refused; minting a new one" } });
        attempt--; // a renewal is not a retry of the call
        continue;
      }

      const decision = decideRetry({ attempt, maxAttempts: this.config.maxAttempts, idempotent, response, failure }, this.random);
      this.onEvent?.({
        operation,
        attempt,
        status: response?.status,
        failure,
        retry: decision.retry ? { delayMs: decision.delayMs, reason: decision.reason } : undefined,
      });
      if (decision.retry) {
        await this.sleep(decision.delayMs);
        continue;
      }
      if (response) return response;
      if (failure === "too-large") {
        throw new QualysError({
          kind: "response-too-large",
          api: opts.api,
          operation,
          hint: `${cause instanceof Error ? cause.message : "too large"}; the download was stopped and is not repeated. Raise ${describeSetting("maxResponseBytes")} (now ${this.config.maxResponseBytes} bytes) if the answer is legitimately this large, or ask for less`,
        });
      }
      if (failure === "not-sent") {
        throw new QualysError({
          kind: "network",
          sent: false,
          api: opts.api,
          operation,
          hint: `${notSentWhat(cause)} (${redact(describeCause(cause))}); nothing was sent, so nothing ran in Qualys (${decision.reason}). Check ${this.settingFor(opts.api)}`,
        });
      }
      throw new QualysError({
        kind: failure === "timeout" ? "timeout" : "network",
        api: opts.api,
        operation,
        hint: `${decision.reason} (${redact(describeCause(cause))})${failure === "timeout" ? `; the deadline of one attempt is ${describeSetting("requestTimeoutSeconds")}` : ""}`,
        cause: undefined, // the raw undici error can hold request options; keep it out
      });
    }
  }

  private urlFor(opts: RequestOptions): URL {
    const base = baseUrl(this.config, opts.api);
    const u = new URL(base + opts.path);
    if (opts.query) {
      const q = opts.query instanceof URLSearchParams ? opts.query : toSearchParams(opts.query);
      for (const [k, v] of q) u.searchParams.append(k, v);
    }
    return u;
  }

  /** The setting a wrong URL for `api` comes from: its own URL setting, or the platform it was derived from. */
  private settingFor(api: QualysApi): string {
    const u = this.config.urls[api];
    const own = describeSetting(API_SETTING[api]);
    return "from" in u && u.from === "platform"
      ? `${describeSetting("platform")} (the URL ${u.url} is derived from it), or set ${own}`
      : own;
  }

  private limiterFor(api: QualysApi): Limiter {
    let l = this.limiters.get(api);
    if (!l) {
      l = new Limiter(this.config.maxConcurrency);
      this.limiters.set(api, l);
    }
    return l;
  }

  private async headersFor(opts: RequestOptions): Promise<{ headers: Record<string, string>; bearer?: string }> {
    const headers: Record<string, string> = { "user-agent": USER_AGENT, ...lowerKeys(opts.headers ?? {}) };
    const creds = this.config.credentials;
    const mode = opts.auth ?? "bearer";
    const hasPassword = creds.kind === "password" || creds.kind === "token+password";
    if (mode === "none") return { headers };
    if (mode === "basic" || (mode === "auto" && hasPassword)) {
      if (!hasPassword) {
        throw new QualysError({
          kind: "config",
          hint: `${opts.operation ?? opts.path} needs Basic authentication: set qualys:username and qualys:password (or QUALYS_USERNAME and QUALYS_PASSWORD)`,
        });
      }
      headers["authorization"] = basicHeader(creds.username, creds.password);
      return { headers };
    }
    const bearer = await this.tokens.token();
    headers["authorization"] = `Bearer ${bearer}`;
    return { headers, bearer };
  }

  /**
   * One attempt, bounded twice (body.ts): one deadline (`requestTimeoutMs`) for the headers AND the
   * whole body, so an answer trickling a byte at a time cannot outlive it the way it outlives undici's
   * idle timeouts; and a size cap (`maxResponseBytes`), checked while the body streams in.
   */
  private send(url: URL, method: HttpMethod, headers: Record<string, string>, body?: string): Promise<ResponseSnapshot> {
    return exchange(this.dispatcher, {
      url,
      method,
      headers,
      body,
      maxBytes: this.config.maxResponseBytes,
      timeoutMs: this.config.requestTimeoutMs,
    });
  }

  /** POST <gateway>/auth; goes through `request` so it gets the same limits and retries. */
  private async mintToken(username: string, password: string): Promise<string> {
    const body = new URLSearchParams({ username, password, token: "true" }).toString();
    const res = await this.request({
      api: "gateway",
      method: "POST",
      path: "/auth",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      auth: "none",
      // Minting twice is harmless, so an ambiguous failure may be repeated.
      idempotent: true,
      operation: "POST /auth (mint token)",
    });
    if (res.status === 201 || res.status === 200) return res.body;
    // The token endpoint's own status says nothing about the object a read asked for: a 404 here
    // (a wrong gateway URL) must never read as "gone" (refresh would drop resources), nor a 409 as a
    // conflict. Only refusal, limits and server trouble keep their kind; the rest is configuration.
    const kind = kindForStatus(res.status);
    throw new QualysError({
      kind: kind === "not-found" || kind === "conflict" || kind === "invalid-request" || kind === "forbidden" ? "config" : kind,
      api: "gateway",
      status: res.status,
      operation: "POST /auth (mint token)",
      hint: res.status === 401 ? "username or password refused (qualys:username / qualys:password)" : undefined,
      // The refusal may quote the form it got, password included, in any escaping: quoted redacted.
      qualysText: snippet(res.body) || undefined,
    });
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

function toSearchParams(q: Record<string, string | number | boolean | undefined>): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined) p.append(k, String(v));
  return p;
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}

/**
 * Errors our connector reported: the connection (DNS lookup, TCP connect, TLS handshake and its
 * certificate check) failed before undici had a socket to write on, so no byte of the request was
 * sent, whatever the error's code. This is the primary test; `NOT_SENT_CODES` covers an injected
 * dispatcher, whose connector we do not wrap.
 */
const connectFailures = new WeakSet<object>();

/** undici's own connector, with every error it reports marked as a connect failure. */
function markingConnector(timeoutMs: number): UndiciConnector.connector {
  const connect = buildConnector({ timeout: timeoutMs });
  return (options, callback) =>
    connect(options, (...args) => {
      if (args[0]) connectFailures.add(args[0]);
      callback(...args);
    });
}

/** Codes that only a failed connection setup produces (DNS, TCP connect, TLS certificate checks). */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_FAIL",
  "UND_ERR_CONNECT_TIMEOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
]);
const TIMEOUT_CODES = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "ETIMEDOUT"]);

export function classifyNetworkError(e: unknown): NetworkFailure {
  if (e instanceof BodyTooLargeError) return "too-large";
  if (e instanceof DeadlineExceededError) return "timeout";
  if (causes(e).some((c) => connectFailures.has(c))) return "not-sent";
  const code = errorCode(e);
  if (code && NOT_SENT_CODES.has(code)) return "not-sent";
  if (code && TIMEOUT_CODES.has(code)) return "timeout";
  return "maybe-sent";
}

/** `e` and its causes, at most 4 deep. */
function causes(e: unknown): object[] {
  const out: object[] = [];
  for (let cur: unknown = e; out.length < 4 && cur && typeof cur === "object"; cur = (cur as { cause?: unknown }).cause) out.push(cur);
  return out;
}

function errorCode(e: unknown): string | undefined {
  for (const c of causes(e)) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

/** What failed, in words, for a connection that never carried the request. */
function notSentWhat(e: unknown): string {
  const code = errorCode(e) ?? "";
  const text = causes(e)
    .map((c) => (c instanceof Error ? c.message : ""))
    .join(" ");
  if (/^(ENOTFOUND|EAI_)/.test(code)) return "the host name did not resolve (DNS)";
  if (code === "ECONNREFUSED") return "the connection was refused (nothing listens at that address and port)";
  if (code === "UND_ERR_CONNECT_TIMEOUT") return "the connection was not established in time";
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") return "the host is unreachable";
  if (NOT_SENT_CODES.has(code) || /^ERR_(SSL|TLS)_|^EPROTO$|CERT/.test(code) || /\b(SSL|TLS)\b|certificate/i.test(text))
    return "the TLS handshake failed (is it an https:// server, with a certificate for that host name?)";
  return "the connection could not be opened";
}

function describeCause(e: unknown): string {
  const code = errorCode(e);
  // OpenSSL's text runs on with a source path and a newline: its first line says what failed.
  const msg = (e instanceof Error ? e.message : String(e)).split("\n")[0].replace(/:\.\.\/deps\/\S*$/, "");
  return code ? `${code}: ${msg}` : msg;
}

/** QUALYS_DEBUG=1 logs every attempt (operation, status, retry reason) to stderr; never headers or bodies. */
function debugLogger(): ((e: TransportEvent) => void) | undefined {
  if (!process.env.QUALYS_DEBUG) return undefined;
  return (e) => {
    const what = e.status !== undefined ? `HTTP ${e.status}` : e.failure;
    const retry = e.retry ? `; retry in ${e.retry.delayMs} ms (${e.retry.reason})` : "";
    process.stderr.write(redact(`[qualys] ${e.operation} attempt ${e.attempt}: ${what}${retry}\n`));
  };
}
