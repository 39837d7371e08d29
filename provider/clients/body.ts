/**
 * One HTTP exchange within bounds, on undici's dispatch API: at most `maxBytes` of body, and all of
 * it (headers and body) within `timeoutMs`.
 *
 * The chunks are counted as they arrive, so an answer larger than the cap costs at most the cap in
 * memory: the request is aborted the moment the count passes it, and the rest is never downloaded.
 * A declared Content-Length above the cap is refused before the first byte of body is read.
 *
 * Why the dispatch API and not `undici.request`: `request` wraps every answer in a Readable stream
 * and an AbortSignal, which this code then drained chunk by chunk. A provider process is short-lived
 * and makes about one call per resource, so most of that machinery ran cold (interpreted) on every
 * call: about a third of the CPU of one call. The handler below does the same job with a buffer list
 * and a timer. Abort semantics are undici's own: a deadline that passes before the request has a
 * connection takes effect as soon as it gets one (`onRequestStart`), as with a signal.
 */
import type { Dispatcher } from "undici";

/** The body passed the cap; classified by the transport as "too-large" (never retried). */
export class BodyTooLargeError extends Error {
  readonly code = "PQ_BODY_TOO_LARGE";
  constructor(
    readonly limit: number,
    /** Bytes seen when reading stopped, or the declared Content-Length. */
    readonly seen: number,
    readonly declared: boolean,
  ) {
    super(
      declared
        ? `the response declares ${seen} bytes (Content-Length), more than the limit of ${limit}`
        : `the response passed the limit of ${limit} bytes`,
    );
    this.name = "BodyTooLargeError";
  }
}

/** The attempt's overall deadline passed (headers and body together). */
export class DeadlineExceededError extends Error {
  readonly code = "PQ_DEADLINE_EXCEEDED";
  constructor(ms: number) {
    super(`no complete response within ${ms / 1000} s`);
    this.name = "DeadlineExceededError";
  }
}

export interface BoundedResponse {
  status: number;
  /** Lowercased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
}

export interface BoundedRequest {
  url: URL;
  method: Dispatcher.HttpMethod;
  headers: Record<string, string>;
  body?: string;
  maxBytes: number;
  timeoutMs: number;
  /** Starts the deadline's timer and returns its cancel; `setTimeout` unless a test drives the clock. */
  startTimer?: (fire: () => void, ms: number) => () => void;
}

const realTimer = (fire: () => void, ms: number): (() => void) => {
  const t = setTimeout(fire, ms);
  return () => clearTimeout(t);
};

/** Send one request through `dispatcher` and read its whole answer as UTF-8 text, within bounds. */
export function exchange(dispatcher: Dispatcher, req: BoundedRequest): Promise<BoundedResponse> {
  return new Promise((resolve, reject) => {
    let controller: Dispatcher.DispatchController | undefined;
    // A reason to stop decided before undici handed us a controller (deadline while queued).
    let pending: Error | undefined;
    let settled = false;
    let status = 0;
    let headers: Record<string, string> = {};
    const chunks: Buffer[] = [];
    let total = 0;

    const stop = (reason: Error) => {
      if (controller) controller.abort(reason);
      else pending = reason;
    };
    const finish = (err: Error | undefined, value?: BoundedResponse) => {
      if (settled) return;
      settled = true;
      cancelTimer();
      if (err) reject(err);
      else resolve(value!);
    };
    const cancelTimer = (req.startTimer ?? realTimer)(() => stop(new DeadlineExceededError(req.timeoutMs)), req.timeoutMs);

    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(c) {
        controller = c;
        if (pending) c.abort(pending);
      },
      onResponseStart(c, statusCode, raw) {
        status = statusCode;
        headers = lowercased(raw);
        const declared = headers["content-length"];
        if (declared !== undefined && /^\d+$/.test(declared.trim()) && Number(declared) > req.maxBytes)
          c.abort(new BodyTooLargeError(req.maxBytes, Number(declared), true));
      },
      onResponseData(c, chunk) {
        total += chunk.length;
        // Stop the download: past the cap, the rest is neither received nor buffered.
        if (total > req.maxBytes) c.abort(new BodyTooLargeError(req.maxBytes, total, false));
        else chunks.push(chunk);
      },
      onResponseEnd() {
        finish(undefined, { status, headers, body: Buffer.concat(chunks, total).toString("utf8") });
      },
      onResponseError(_c, err) {
        finish(err);
      },
    };
    try {
      dispatcher.dispatch(
        { origin: req.url.origin, path: req.url.pathname + req.url.search, method: req.method, headers: req.headers, body: req.body },
        handler,
      );
    } catch (e) {
      finish(e as Error);
    }
  });
}

function lowercased(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k in raw) {
    const v = raw[k];
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : String(v);
  }
  return out;
}
