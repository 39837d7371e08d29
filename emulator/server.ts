/**
 * The emulator server: one process, loopback, in-memory state per tenant.
 *
 * Request flow: route match → authentication (tenant) → call counted → injected fault (before or
 * after the handler; an explicit fault first, else seeded chaos) → handler → reply. The control API
 * under `/__emulator/` (never counted, no auth: the emulator listens on loopback only) lets tests
 * and scripts inspect state, count calls, inject faults and change objects out of band.
 *
 * It never dies on input: bad requests are 4xx with a message, and anything a handler throws
 * unexpectedly is a 500 with a message (see `handleSafely`), never an unhandled rejection.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Chaos, type ChaosOptions } from "./chaos";
import { FaultQueue, faultReply, parseFaultSpecs, simpleReturnError, type FaultSpec } from "./faults";
import { BodyTooLargeError, json, readBody, send, text, utcTimestamp, type Reply } from "./http";
import { ApiError, Router, type Route, type RouteContext } from "./router";
import { allServices } from "./services";
import { TenantRegistry, type Tenant, type TenantSpec } from "./tenants";

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback only: the emulator has no real authentication. */
  host?: string;
  tenants?: TenantSpec[];
  /** Lifetime of tokens minted at /auth. */
  tokenTtlMs?: number;
  /** Log each request to stderr. */
  verbose?: boolean;
  /** Seeded chaos from the start (also `POST /__emulator/chaos`, CLI `--chaos P --chaos-seed N`). */
  chaos?: ChaosOptions;
  /**
   * Added to every counted request before it is answered, in milliseconds (benchmarks: real Qualys
   * answers in 100–300 ms, loopback in well under 1 ms, and how calls overlap only shows with latency).
   */
  latencyMs?: number;
}

/**
 * The provider's name of the API a path belongs to (its limiter's key): the XML API under /api/,
 * CloudView on the portal host, everything else (Flexscan, QFlow, policies, /auth) on the gateway.
 */
export function apiOf(path: string): "api" | "gateway" | "portal" {
  if (path.startsWith("/api/")) return "api";
  if (path.startsWith("/cloudview-api/")) return "portal";
  return "gateway";
}

export interface RecordedCall {
  label: string;
  method: string;
  path: string;
  tenant?: string;
  /** The request body as received (tests assert what reached "Qualys"). */
  body: string;
  query: string;
  status: number;
}

/**
 * What the emulator tells a waiting test, in order: a call `held` by a hold fault, `handled` (its
 * handler ran: the object exists from here on), `answered` (its outcome is decided: an answer, a
 * fault reply or a cut). Control routes are not reported.
 */
export interface EmulatorEvent {
  /** 1, 2, 3 … since the last reset: `emu.mark()` returns the latest, to wait for what comes after. */
  seq: number;
  phase: "held" | "handled" | "answered";
  /** The call's label, as in `calls()`: "POST /flexscan-api/rest/v1/service-accounts/register". */
  label: string;
  /** The HTTP status of an answered call (0 for a cut connection). */
  status?: number;
  /** The fault that holds (or held) the call. */
  faultId?: number;
}

/** Which events a wait is for: a label substring, a regular expression, or a test of the event. */
export type EventMatch = string | RegExp | ((e: EmulatorEvent) => boolean);

interface Waiter {
  phase: EmulatorEvent["phase"];
  match: EventMatch;
  since: number;
  count: number;
  resolve: (events: EmulatorEvent[]) => void;
}

function eventMatches(e: EmulatorEvent, match: EventMatch): boolean {
  if (typeof match === "string") return e.label.includes(match);
  if (match instanceof RegExp) return match.test(e.label);
  return match(e);
}

export class Emulator {
  readonly registry: TenantRegistry;
  readonly faults = new FaultQueue();
  readonly chaos = new Chaos();
  readonly router = new Router();
  private readonly counts = new Map<string, number>();
  /** Requests being answered right now, and the most at once since the last reset, per API (see apiOf). */
  private readonly inFlight = new Map<string, number>();
  private readonly peaks = new Map<string, number>();
  latencyMs: number;
  readonly log: RecordedCall[] = [];
  /** The events since the last reset (`waitFor` reads them), and the tests waiting on them. */
  private readonly journal: EmulatorEvent[] = [];
  private waiters: Waiter[] = [];
  /** Calls a hold fault keeps, by fault id, each with what lets it go. */
  private readonly holds = new Map<number, Array<() => void>>();
  private server?: Server;
  url = "";

  constructor(readonly options: EmulatorOptions = {}) {
    this.registry = new TenantRegistry(options.tenants);
    if (options.tokenTtlMs !== undefined) this.registry.tokenTtlMs = options.tokenTtlMs;
    this.latencyMs = options.latencyMs ?? 0;
    if (!(this.latencyMs >= 0)) throw new Error(`latencyMs must be >= 0, got ${options.latencyMs}`);
    for (const service of allServices) this.router.add(...service.routes(this));
    this.router.add(...this.controlRoutes());
    if (options.chaos) this.chaos.enable(options.chaos);
  }

  async start(): Promise<this> {
    const host = this.options.host ?? "127.0.0.1";
    if (!/^(127\.|localhost$|::1$)/.test(host)) throw new Error(`the emulator listens on loopback only, not ${host}`);
    this.server = createServer((req, res) => this.handleSafely(req, res));
    // Malformed HTTP (bad request line, header overflow, bad chunking) never reaches a handler:
    // answer it in plain text and close, as Node would, but say what was wrong.
    this.server.on("clientError", (err: NodeJS.ErrnoException, socket) => {
      if (!socket.writable || err.code === "ECONNRESET") {
        socket.destroy();
        return;
      }
      const status = err.code === "HPE_HEADER_OVERFLOW" ? "431 Request Header Fields Too Large" : "400 Bad Request";
      const msg = `malformed HTTP request: ${err.code ?? err.message}\n`;
      socket.end(
        `HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(msg)}\r\nConnection: close\r\n\r\n${msg}`,
      );
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(this.options.port ?? 0, host, () => resolve());
    });
    const addr = this.server.address() as AddressInfo;
    this.url = `http://${host.includes(":") ? `[${host}]` : host}:${addr.port}`;
    return this;
  }

  async close(): Promise<void> {
    this.release(); // a held call would keep its connection, and close() waiting, forever
    const s = this.server;
    if (!s) return;
    this.server = undefined;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  tenant(name = "acme"): Tenant {
    const t = this.registry.get(name);
    if (!t) throw new Error(`no tenant ${name}`);
    return t;
  }

  /** Calls per endpoint label since the last reset. */
  calls(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort());
  }

  totalCalls(filter?: (label: string) => boolean): number {
    let n = 0;
    for (const [k, v] of this.counts) if (!filter || filter(k)) n += v;
    return n;
  }

  /** The most requests answered at once per API since the last resetCalls() (the high-water mark a limiter must keep). */
  peakInFlight(): Record<string, number> {
    return Object.fromEntries([...this.peaks.entries()].sort());
  }

  resetCalls(): void {
    this.counts.clear();
    this.log.length = 0;
    this.journal.length = 0;
    // Requests still being answered stay counted in inFlight; the peak restarts from them.
    this.peaks.clear();
    for (const [api, n] of this.inFlight) if (n > 0) this.peaks.set(api, n);
  }

  reset(): void {
    this.registry.reset();
    this.faults.clear();
    this.chaos.disable();
    this.resetCalls();
  }

  /** Queue a fault; its `id` is what `release` takes for a hold fault. */
  injectFault(spec: FaultSpec): { id: number } {
    return { id: this.faults.add(spec).id };
  }

  /** The sequence number of the latest event: `waitFor(…, { since: emu.mark() })` waits for newer ones. */
  mark(): number {
    return this.journal.at(-1)?.seq ?? 0;
  }

  /**
   * Resolves with the events once `count` (default 1) events of `phase` matching `match` have
   * happened after `since` (default: since the last reset) — at once when they already have. Tests
   * wait on this instead of sleeping until a call "should" have got somewhere.
   */
  waitFor(phase: EmulatorEvent["phase"], match: EventMatch, opts: { since?: number; count?: number } = {}): Promise<EmulatorEvent[]> {
    const w: Omit<Waiter, "resolve"> = { phase, match, since: opts.since ?? 0, count: opts.count ?? 1 };
    const done = this.satisfied(w);
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => this.waiters.push({ ...w, resolve }));
  }

  /** A matching call has been answered (or cut): its effects, if any, are in the tenant's state. */
  settled(match: EventMatch, opts: { since?: number; count?: number } = {}): Promise<EmulatorEvent[]> {
    return this.waitFor("answered", match, opts);
  }

  /** A matching call is being held by a hold fault. */
  held(match: EventMatch, opts: { since?: number; count?: number } = {}): Promise<EmulatorEvent[]> {
    return this.waitFor("held", match, opts);
  }

  /** Let the calls held by one hold fault go on (every held call when no id is given). */
  release(faultId?: number): void {
    for (const [id, resumes] of [...this.holds]) {
      if (faultId !== undefined && id !== faultId) continue;
      this.holds.delete(id);
      for (const resume of resumes) resume();
    }
  }

  private satisfied(w: Omit<Waiter, "resolve">): EmulatorEvent[] | undefined {
    const found = this.journal.filter((e) => e.seq > w.since && e.phase === w.phase && eventMatches(e, w.match));
    return found.length >= w.count ? found : undefined;
  }

  private emit(e: Omit<EmulatorEvent, "seq">): void {
    this.journal.push({ ...e, seq: this.mark() + 1 });
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) {
      const done = this.satisfied(w);
      if (done) w.resolve(done);
      else this.waiters.push(w);
    }
  }

  private hold(faultId: number, label: string): Promise<void> {
    return new Promise((resume) => {
      this.holds.set(faultId, [...(this.holds.get(faultId) ?? []), resume]);
      this.emit({ phase: "held", label, faultId });
    });
  }

  /**
   * The top-level catch: whatever `handle` throws (an emulator bug, a reply it cannot write) is a
   * 500 with the message, or a closed socket when the answer had already started. Never an
   * unhandled rejection, which would end the process.
   */
  private handleSafely(req: IncomingMessage, res: ServerResponse): void {
    res.on("error", () => undefined);
    this.handle(req, res).catch((e: unknown) => {
      const message = e instanceof Error ? e.message : String(e);
      process.stderr.write(`[emulator] internal error on ${req.method} ${req.url}: ${message}\n`);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      try {
        send(
          res,
          json(500, {
            data: null,
            errors: [{ code: "INTERNAL_ERROR", message: `emulator error: ${message}` }],
            meta: { timestamp: utcTimestamp() },
          }),
        );
      } catch {
        res.destroy();
      }
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = req.url ?? "/";
    // Origin-form only ("/path?query"): an absolute or authority form would let `new URL` pick
    // another host and path than the caller meant.
    if (!/^\/(?![/\\])/.test(target)) {
      send(res, text(400, `request target must be a path starting with one "/", got ${JSON.stringify(target.slice(0, 200))}`));
      return;
    }
    const url = new URL(target, "http://emulator");
    if (url.pathname.startsWith("/__emulator")) return this.answer(req, res, url);
    // Counted from the first byte to the last: what a client's limiter must bound.
    const api = apiOf(url.pathname);
    const now = (this.inFlight.get(api) ?? 0) + 1;
    this.inFlight.set(api, now);
    if (now > (this.peaks.get(api) ?? 0)) this.peaks.set(api, now);
    try {
      if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
      await this.answer(req, res, url);
    } finally {
      this.inFlight.set(api, (this.inFlight.get(api) ?? 1) - 1);
    }
  }

  private async answer(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    let body = "";
    try {
      body = await readBody(req);
    } catch (e) {
      if (e instanceof BodyTooLargeError) send(res, text(413, e.message, { connection: "close" }));
      else res.destroy(); // the client went away mid-body: nobody to answer
      return;
    }
    let found: ReturnType<Router["match"]>;
    try {
      found = this.router.match(method, url.pathname);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      send(res, json(e.status, { data: null, errors: [{ code: e.code, message: e.message }], meta: { timestamp: utcTimestamp() } }));
      return;
    }
    if (!found) {
      send(
        res,
        json(404, {
          data: null,
          errors: [{ code: "NOT_FOUND", message: `No endpoint ${url.pathname}` }],
          meta: { timestamp: utcTimestamp() },
        }),
      );
      return;
    }
    if ("allowed" in found) {
      send(
        res,
        json(
          405,
          {
            data: null,
            errors: [{ code: "METHOD_NOT_ALLOWED", message: `Use ${found.allowed.join(" or ")}` }],
            meta: { timestamp: utcTimestamp() },
          },
          { allow: found.allowed.join(", ") },
        ),
      );
      return;
    }
    const { route, params } = found;
    const isControl = route.path.startsWith("/__emulator");
    let label = `${method} ${route.path}`;
    let formCache: URLSearchParams | undefined;
    const form = () => {
      if (!formCache) {
        formCache = new URLSearchParams(url.searchParams);
        const ct = String(req.headers["content-type"] ?? "");
        if (body && (ct.includes("application/x-www-form-urlencoded") || ct === "")) {
          for (const [k, v] of new URLSearchParams(body)) formCache.append(k, v);
        }
      }
      return formCache;
    };
    const action = route.style === "xml" ? (form().get("action") ?? undefined) : undefined;
    if (action) label += ` action=${action}`;

    let tenant: Tenant | undefined;
    let reply: Reply;
    let fault: (FaultSpec & { id?: number }) | undefined = undefined; // set once the call is authenticated; `record` reads it
    const record = (status: number) => {
      if (isControl) return;
      this.counts.set(label, (this.counts.get(label) ?? 0) + 1);
      this.log.push({ label, method, path: url.pathname, tenant: tenant?.name, body, query: url.search, status });
      if (this.options.verbose) process.stderr.write(`[emulator] ${label} → ${status}\n`);
      this.emit({ phase: "answered", label, status, faultId: fault?.id });
    };

    try {
      tenant = this.authenticate(route, req);
    } catch (e) {
      reply = this.errorReply(route, e);
      record(reply.status);
      send(res, reply);
      return;
    }

    fault = isControl ? undefined : this.faultFor(method, url, body, action);
    if (fault?.delayMs && !fault.afterHandler) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.hold && !fault.afterHandler) await this.hold(fault.id ?? 0, label);
    if (fault && !fault.afterHandler) {
      if (fault.cut) {
        record(0);
        req.socket.destroy();
        return;
      }
      if (fault.status !== undefined) {
        reply = faultReply(fault, route.style);
        record(reply.status);
        send(res, reply);
        return;
      }
    }

    const ctx: RouteContext = {
      method,
      path: url.pathname,
      params,
      query: url.searchParams,
      headers: req.headers,
      body,
      tenant: tenant as Tenant,
      json: () => {
        try {
          return body.trim() === "" ? undefined : JSON.parse(body);
        } catch {
          throw new ApiError(400, "Malformed JSON request body", "BAD_REQUEST");
        }
      },
      form,
      label: (suffix) => {
        label = `${label} ${suffix}`;
      },
    };
    try {
      reply = await route.handler(ctx);
    } catch (e) {
      reply = this.errorReply(route, e);
    }
    if (!isControl) this.emit({ phase: "handled", label, status: reply.status, faultId: fault?.id });
    if (fault?.afterHandler) {
      // The handler ran; the answer comes too late (the client timed out while Qualys executed).
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault.hold) await this.hold(fault.id ?? 0, label);
      if (fault.cut) {
        record(0);
        req.socket.destroy();
        return;
      }
      if (fault.status !== undefined) reply = faultReply(fault, route.style);
    }
    record(reply.status);
    send(res, reply);
  }

  /** An explicit fault (tests) wins; otherwise seeded chaos may draw one. */
  private faultFor(method: string, url: URL, body: string, action: string | undefined): FaultSpec | undefined {
    return (
      this.faults.take(method, url.pathname, action) ?? this.chaos.decide({ method, path: url.pathname, query: url.search, body })?.fault
    );
  }

  private authenticate(route: Route, req: IncomingMessage): Tenant | undefined {
    if (route.auth === "none") return undefined;
    const header = String(req.headers["authorization"] ?? "");
    const bearer = /^Bearer\s+(.+)$/i.exec(header);
    const basic = /^Basic\s+(.+)$/i.exec(header);
    if (bearer && (route.auth === "bearer" || route.auth === "bearer-or-basic")) {
      const t = this.registry.byBearer(bearer[1].trim());
      if (t) return t;
      throw new ApiError(401, "Invalid or expired token", "UNAUTHORIZED");
    }
    if (basic && (route.auth === "basic" || route.auth === "bearer-or-basic")) {
      // Node decodes any text as base64 leniently, so a malformed value is simply a wrong password.
      const decoded = Buffer.from(basic[1], "base64").toString("utf8");
      const i = decoded.indexOf(":");
      const t = i > 0 ? this.registry.byPassword(decoded.slice(0, i), decoded.slice(i + 1)) : undefined;
      if (t) return t;
      throw new ApiError(401, "Bad Login/Password", "UNAUTHORIZED");
    }
    throw new ApiError(401, route.auth === "basic" ? "Basic authentication required" : "Missing bearer token", "UNAUTHORIZED");
  }

  private errorReply(route: Route, e: unknown): Reply {
    const err = e instanceof ApiError ? e : new ApiError(500, e instanceof Error ? e.message : String(e), "INTERNAL_ERROR");
    if (route.style === "xml") {
      // Qualys answers XML API errors with a SIMPLE_RETURN; auth failures keep their HTTP status.
      return {
        status: err.status,
        headers: { "content-type": "text/xml; charset=UTF-8", ...err.headers },
        body: simpleReturnError(err.code ?? String(err.status), err.message),
      };
    }
    return json(
      err.status,
      {
        data: null,
        errors: [{ code: err.code ?? String(err.status), message: err.message, ...(err.field ? { field: err.field } : {}) }],
        meta: { timestamp: utcTimestamp() },
      },
      err.headers,
    );
  }

  /** The control API. Out-of-band changes per service are contributed by the service models. */
  private controlRoutes(): Route[] {
    const route = (method: string, path: string, handler: Route["handler"]): Route => ({
      method,
      path,
      auth: "none",
      style: "json",
      handler,
    });
    return [
      route("GET", "/__emulator/health", () => json(200, { ok: true })),
      route("POST", "/__emulator/reset", () => {
        this.reset();
        return json(200, { ok: true });
      }),
      route("GET", "/__emulator/calls", () =>
        json(200, { calls: this.calls(), total: this.totalCalls(), peakInFlight: this.peakInFlight() }),
      ),
      route("POST", "/__emulator/calls/reset", () => {
        this.resetCalls();
        return json(200, { ok: true });
      }),
      route("GET", "/__emulator/log", () => json(200, { log: this.log })),
      route("POST", "/__emulator/faults", (ctx) => {
        // All validated before any is queued: a bad list registers nothing.
        let specs: FaultSpec[];
        try {
          specs = parseFaultSpecs(ctx.json());
        } catch (e) {
          if (e instanceof ApiError) throw e;
          throw new ApiError(400, `Invalid fault spec: ${(e as Error).message}`, "BAD_REQUEST");
        }
        for (const s of specs) this.faults.add(s);
        return json(200, { faults: this.faults.list() });
      }),
      route("GET", "/__emulator/chaos", () => json(200, this.chaos.stats())),
      route("POST", "/__emulator/chaos", (ctx) => {
        try {
          this.chaos.enable(ctx.json());
        } catch (e) {
          if (e instanceof ApiError) throw e;
          throw new ApiError(400, `Invalid chaos settings: ${(e as Error).message}`, "BAD_REQUEST");
        }
        return json(200, this.chaos.stats());
      }),
      route("DELETE", "/__emulator/chaos", () => {
        this.chaos.disable();
        return json(200, this.chaos.stats());
      }),
      route("DELETE", "/__emulator/faults", () => {
        this.faults.clear();
        return json(200, { ok: true });
      }),
      route("POST", "/__emulator/tokens/revoke", () => json(200, { revoked: this.registry.revokeMinted() })),
      // Token rotation: {"add": "<new static token>", "revoke": "<old static token>"}, both optional.
      route("POST", "/__emulator/tenants/{tenant}/tokens/rotate", (ctx) => {
        const tenant = this.tenantOr404(ctx.params.tenant);
        let spec: { add?: unknown; revoke?: unknown };
        try {
          spec = JSON.parse(ctx.body || "{}") as { add?: unknown; revoke?: unknown };
        } catch {
          return json(400, { error: "body must be JSON: {add?: string, revoke?: string}" });
        }
        if (typeof spec.add === "string" && spec.add !== "") this.registry.addStaticToken(tenant.name, spec.add);
        const revoked = typeof spec.revoke === "string" ? this.registry.revokeStaticToken(spec.revoke) : false;
        return json(200, { added: typeof spec.add === "string", revoked });
      }),
      route("GET", "/__emulator/tenants/{tenant}/state", (ctx) => json(200, this.tenantOr404(ctx.params.tenant).dump())),
    ];
  }

  tenantOr404(name: string): Tenant {
    const t = this.registry.get(name);
    if (!t) throw new ApiError(404, `No tenant ${name}`);
    return t;
  }
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return new Emulator(options).start();
}
