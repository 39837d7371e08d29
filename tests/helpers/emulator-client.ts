/**
 * Raw-HTTP access to the bundled emulator for tests: a fresh emulator per test (or per file) with
 * jest hooks registered by `useEmulator()`, request helpers for its JSON (gateway) and form (XML API)
 * routes, and the out-of-band control API (`/__emulator/tenants/{tenant}/...`, no auth) that every
 * kind of test uses to change Qualys "behind the provider's back".
 */
import { startEmulator, type Emulator, type EmulatorOptions } from "../../emulator";
import type { FaultSpec } from "../../emulator/faults";
import type { EmulatorEvent, EventMatch } from "../../emulator/server";

export const ACME_TOKEN = "emulator-token-acme";
export const GLOBEX_TOKEN = "emulator-token-globex";

export interface ControlAnswer<T = any> {
  status: number;
  json: T;
}

/** Options of a raw request: whatever a test needs to send exactly (headers, a body as is, an abort signal). */
export interface RawRequestOptions {
  headers?: Record<string, string>;
  /** Sent as is (a string is not encoded again). */
  body?: string | URLSearchParams;
  signal?: AbortSignal;
}

/**
 * One HTTP request to the emulator, sent as given: no authorization, content type or encoding
 * added. For what the typed helpers below deliberately do not send (malformed paths, odd
 * credentials, a body that is not JSON); the answer's body as text.
 */
export async function emulatorRequest(
  emu: { url: string },
  method: string,
  path: string,
  opts: RawRequestOptions = {},
): Promise<Answer<string>> {
  const res = await fetch(emu.url + path, { method, headers: opts.headers, body: opts.body, signal: opts.signal });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

/**
 * A call to the emulator's own control routes (`/__emulator/<path>`: faults, chaos, calls, reset,
 * tokens/revoke, health), which belong to no tenant: the status and the parsed JSON answer.
 */
export async function adminRequest<T = any>(emu: { url: string }, method: string, path: string, body?: unknown): Promise<ControlAnswer<T>> {
  const res = await fetch(`${emu.url}/__emulator/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as T };
}

/** What `GET /__emulator/calls` reports: the calls per endpoint label, their total and the in-flight peaks per API. */
export interface CallCounts {
  calls: Record<string, number>;
  total: number;
  peakInFlight: Record<string, number>;
}

/** The emulator's call counters as a separate process would read them (over HTTP, not in process). */
export async function callCounts(emu: { url: string }): Promise<CallCounts> {
  const r = await adminRequest<CallCounts>(emu, "GET", "calls");
  expect(r.status).toBe(200);
  return r.json;
}

/** A control-API call for `tenant` (default acme): the status and the parsed JSON answer, whatever the status. */
export async function controlRequest<T = any>(
  emu: { url: string },
  method: string,
  path: string,
  body?: unknown,
  tenant = "acme",
): Promise<ControlAnswer<T>> {
  const res = await fetch(`${emu.url}/__emulator/tenants/${tenant}/${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as T };
}

/** A control-API call that must answer 200 (asserted): the parsed JSON answer. */
export async function controlOk<T = any>(emu: { url: string }, method: string, path: string, body?: unknown, tenant = "acme"): Promise<T> {
  const r = await controlRequest<T>(emu, method, path, body, tenant);
  expect(r.status).toBe(200);
  return r.json;
}

/** The gateway's `{data, errors, meta}` envelope. */
export interface Envelope<T = any> {
  data: T;
  errors: Array<{ code?: string; message?: string; field?: string }>;
  meta: Record<string, unknown>;
}

export interface Answer<B> {
  status: number;
  headers: Headers;
  body: B;
}

export interface JsonRequestOptions {
  /** Sent as the JSON body (with its content type) when given. */
  json?: unknown;
  /** Bearer token; default acme's, `null` sends no authorization. */
  token?: string | null;
  headers?: Record<string, string>;
}

export interface FormRequestOptions {
  /** Default POST. */
  method?: string;
  /** Bearer token; default acme's, `null` sends no authorization. */
  token?: string | null;
  /** Send the parameters in the query string (no body); default: only for GET. */
  query?: boolean;
  /** Merged last: they override authorization, content type and X-Requested-With. */
  headers?: Record<string, string>;
  /** Aborts the request (a client that gives up). */
  signal?: AbortSignal;
}

function authorization(token: string | null | undefined): Record<string, string> {
  const t = token === undefined ? ACME_TOKEN : token;
  return t === null ? {} : { authorization: `Bearer ${t}` };
}

/** A JSON request; the answer's body parsed as JSON (as type B). */
export async function jsonRequest<B = any>(
  emu: { url: string },
  method: string,
  path: string,
  opts: JsonRequestOptions = {},
): Promise<Answer<B>> {
  const headers: Record<string, string> = { ...opts.headers, ...authorization(opts.token) };
  if (opts.json !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(emu.url + path, { method, headers, body: opts.json === undefined ? undefined : JSON.stringify(opts.json) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: JSON.parse(text) as B };
}

/** A form-encoded request to the XML API (with the X-Requested-With header it requires); the answer's body as text. */
export async function formRequest(
  emu: { url: string },
  path: string,
  params: Record<string, string>,
  opts: FormRequestOptions = {},
): Promise<Answer<string>> {
  const method = opts.method ?? "POST";
  const inQuery = opts.query ?? method === "GET";
  const form = new URLSearchParams(params).toString();
  const res = await fetch(`${emu.url}${path}${inQuery ? `?${form}` : ""}`, {
    method,
    headers: {
      ...authorization(opts.token),
      "x-requested-with": "jest",
      ...(inQuery ? {} : { "content-type": "application/x-www-form-urlencoded" }),
      ...opts.headers,
    },
    body: inQuery ? undefined : form,
    signal: opts.signal,
  });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

/**
 * Orders two calls a program makes in parallel, whose order the engine does not fix (a lookup with
 * no dependency on a create, say): the first call matching `held` is kept (a hold fault) until a
 * call matching `answered` has been answered, then let go. The promise resolves once both happened
 * and the held call is released: a test that awaits it after the run knows the order was this one.
 */
export async function holdUntilAnswered(emu: Emulator, held: Omit<FaultSpec, "hold" | "times">, answered: EventMatch): Promise<void> {
  const fault = emu.injectFault({ ...held, hold: true });
  await Promise.all([emu.held((e) => e.faultId === fault.id), emu.settled(answered)]);
  emu.release(fault.id);
}

/**
 * A slow Qualys for a client that gives up, stepped on the emulator's events: each call held by one
 * of `faults` (hold faults of one call each: `holdEach`) is let go only once the client has moved on
 * from it — a later call of its own was answered (a look for the object) or held (a repeat) — so the
 * call takes effect while the client is still at work, on a fast machine or a loaded one. Calls
 * still held when `run` ends are let go then. Resolves with `run`'s outcome once every held call
 * has been answered.
 */
export async function releaseWhenGivenUp<T>(emu: Emulator, faults: Array<{ id: number }>, run: Promise<T>): Promise<T> {
  const ids = new Set(faults.map((f) => f.id));
  const ours = (e: EmulatorEvent) => e.faultId !== undefined && ids.has(e.faultId);
  let ended = false;
  const end = run.then(
    () => void (ended = true),
    () => void (ended = true),
  );
  let since = 0;
  while (!ended) {
    const held = await Promise.race([emu.held(ours, { since }).then((events) => events[0]), end.then(() => undefined)]);
    if (!held) break;
    await Promise.race([emu.settled((e) => !ours(e), { since: held.seq }), emu.held(ours, { since: held.seq }), end]);
    emu.release(held.faultId);
    since = held.seq;
  }
  for (const id of ids) emu.release(id);
  const everHeld = await emu.held(ours, { count: 0 }); // count 0: the ones so far, at once
  await emu.settled(ours, { count: everHeld.length });
  return run;
}

/**
 * Resolves once every call the given faults (still armed: `times` not used up) have taken so far
 * has been answered: a delayed call has landed, a held one was released and ran. For a test that
 * looks at Qualys after the client stopped waiting for those calls.
 */
export async function takenCallsSettled(emu: Emulator, faults: Array<{ id: number }>): Promise<void> {
  for (const { id } of faults) {
    const armed = emu.faults.list().find((f) => f.id === id);
    if (!armed) throw new Error(`fault ${id} is used up: how many calls it took is no longer known`);
    await emu.settled((e) => e.faultId === id, { count: (armed.times ?? 1) - armed.remaining });
  }
}

/** `n` hold faults of one call each for `where` (the next `n` matching calls, each released on its own). */
export function holdEach(emu: Emulator, where: Omit<FaultSpec, "hold" | "times">, n: number): Array<{ id: number }> {
  return Array.from({ length: n }, () => emu.injectFault({ ...where, hold: true }));
}

export interface EmulatorSession {
  /** The running emulator (valid inside tests and hooks only). */
  readonly emu: Emulator;
  /** Close the running emulator and start a fresh one with the same options. */
  restart(): Promise<Emulator>;
  json<B = any>(method: string, path: string, opts?: JsonRequestOptions): Promise<Answer<B>>;
  form(path: string, params: Record<string, string>, opts?: FormRequestOptions): Promise<Answer<string>>;
  raw(method: string, path: string, opts?: RawRequestOptions): Promise<Answer<string>>;
  admin<T = any>(method: string, path: string, body?: unknown): Promise<ControlAnswer<T>>;
  control<T = any>(method: string, path: string, body?: unknown, tenant?: string): Promise<ControlAnswer<T>>;
  controlOk<T = any>(method: string, path: string, body?: unknown, tenant?: string): Promise<T>;
}

/**
 * Registers the hooks that start an emulator before each test (or once for the file, with
 * `scope: "all"`) and close it after, and returns a session whose members use the running one.
 * The methods may be destructured (`const { json: call } = useEmulator()`); `emu` must be read
 * through the session, since each test gets a new one.
 */
export function useEmulator(options: EmulatorOptions = {}, { scope = "each" }: { scope?: "each" | "all" } = {}): EmulatorSession {
  let current: Emulator | undefined;
  const running = (): Emulator => {
    if (!current) throw new Error("useEmulator: the emulator runs only inside tests and hooks");
    return current;
  };
  const start = async () => {
    current = await startEmulator(options);
  };
  const stop = async () => {
    const e = current;
    current = undefined;
    await e?.close();
  };
  if (scope === "all") {
    beforeAll(start);
    afterAll(stop);
  } else {
    beforeEach(start);
    afterEach(stop);
  }
  return {
    get emu() {
      return running();
    },
    restart: async () => {
      await stop();
      await start();
      return running();
    },
    json: (method, path, opts) => jsonRequest(running(), method, path, opts),
    form: (path, params, opts) => formRequest(running(), path, params, opts),
    raw: (method, path, opts) => emulatorRequest(running(), method, path, opts),
    admin: (method, path, body) => adminRequest(running(), method, path, body),
    control: (method, path, body, tenant) => controlRequest(running(), method, path, body, tenant),
    controlOk: (method, path, body, tenant) => controlOk(running(), method, path, body, tenant),
  };
}
