/**
 * The one retry policy of the provider. Pure decisions, no I/O, so every rule is unit-tested.
 *
 * The principle: retry only what cannot have had an effect, or what has no effect to repeat.
 *  - 409 with Qualys code 1960 (concurrency limit) or 1965 (rate limit): Qualys refused the call
 *    before running it, so repeating it cannot double anything. Any method.
 *  - 429 Too Many Requests: same reasoning (refused, not executed). Any method.
 *  - 503 Service Unavailable: the server did not take the request. Any method.
 *  - 500/502/504 and timeouts or connections cut after the request was sent: the call may have run.
 *    Only idempotent reads (GET, list) are repeated; a POST that maybe registered an account is
 *    surfaced instead, and the next `pulumi up` converges through read/adopt logic.
 *  - A connection that failed before any byte of the request was sent (refused, DNS lookup failed,
 *    TLS handshake or certificate refused, connect timeout; transport.ts tells these apart by the
 *    connector that reported them): Qualys never received the call, so it cannot have run and a
 *    repeat cannot double it. Any method, a non-idempotent POST included. When the attempts run out
 *    it is a plain error, never a lost answer (shared/lost-answer.ts `ambiguous`).
 *  - An answer larger than `qualys:maxResponseBytes`: never repeated, whatever the method. It is not a
 *    transient fault: the same request gets the same (or a larger) answer, so a retry would only
 *    download the capped bytes again. The user narrows the request or raises the setting.
 *  - Everything else (4xx): the caller's mistake; repeating it would fail the same way.
 * Waits honour what the server asked for (X-RateLimit-ToWait-Sec, Retry-After, SECONDS_TO_WAIT),
 * otherwise exponential backoff with full jitter so parallel resources do not retry in lock-step.
 */

import { QUALYS_CONCURRENCY_LIMIT_CODE, QUALYS_RATE_LIMIT_CODE, qualysCodeOf } from "./error-body";

export interface ResponseSnapshot {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type NetworkFailure =
  /** No byte of the request left (refused, DNS, TLS handshake, connect timeout): safe to repeat any call. */
  | "not-sent"
  /** The request may have reached the server (reset, socket closed mid-way). */
  | "maybe-sent"
  /** No (complete) response within the timeout: headers and whole body, one deadline per attempt. */
  | "timeout"
  /** The answer passed `qualys:maxResponseBytes`; its download was stopped. */
  | "too-large";

export interface AttemptOutcome {
  /** 1-based number of the attempt that just finished. */
  attempt: number;
  maxAttempts: number;
  /** GET and other calls that have no effect when repeated. */
  idempotent: boolean;
  response?: ResponseSnapshot;
  failure?: NetworkFailure;
}

export type RetryDecision = { retry: true; delayMs: number; reason: string } | { retry: false; reason: string };

export const RETRY_BASE_DELAY_MS = 500;
export const RETRY_MAX_BACKOFF_MS = 10_000;
/** Longer waits than this are not sat out: the error tells the user how long Qualys asked for. */
export const RETRY_MAX_SERVER_WAIT_MS = 120_000;

// The code rules live with the other readings of an error body; re-exported for the retry's callers.
export { QUALYS_CONCURRENCY_LIMIT_CODE, QUALYS_RATE_LIMIT_CODE, qualysCodeOf } from "./error-body";

/** The wait the server asked for, in milliseconds, if it said. */
export function serverWaitMs(res: ResponseSnapshot): number | undefined {
  const h = (name: string) => res.headers[name.toLowerCase()];
  const toWait = h("x-ratelimit-towait-sec");
  if (toWait !== undefined && /^\d+(\.\d+)?$/.test(toWait.trim())) return Math.round(Number(toWait) * 1000);
  const retryAfter = h("retry-after");
  if (retryAfter !== undefined) {
    if (/^\d+$/.test(retryAfter.trim())) return Number(retryAfter) * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  }
  const fromBody = /<KEY>\s*SECONDS_TO_WAIT\s*<\/KEY>\s*<VALUE>\s*(\d+)\s*<\/VALUE>/.exec(res.body);
  if (fromBody) return Number(fromBody[1]) * 1000;
  return undefined;
}

export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(RETRY_MAX_BACKOFF_MS, RETRY_BASE_DELAY_MS * 2 ** (attempt - 1));
  // Full jitter, but never zero: a zero wait against a rate limit is a wasted attempt.
  return Math.max(50, Math.round(random() * ceiling));
}

export function decideRetry(o: AttemptOutcome, random: () => number = Math.random): RetryDecision {
  const last = o.attempt >= o.maxAttempts;
  const retryWith = (reason: string, serverWait?: number): RetryDecision => {
    if (last) return { retry: false, reason: `${reason}; gave up after ${o.attempt} attempts` };
    if (serverWait !== undefined) {
      if (serverWait > RETRY_MAX_SERVER_WAIT_MS) {
        return {
          retry: false,
          reason: `${reason}; Qualys asked to wait ${Math.ceil(serverWait / 1000)} s, longer than the provider waits`,
        };
      }
      // A little jitter on top of the server's wait spreads the parallel resources that all got it.
      return { retry: true, delayMs: serverWait + Math.round(random() * 250), reason };
    }
    return { retry: true, delayMs: backoffMs(o.attempt, random), reason };
  };

  if (o.failure !== undefined) {
    if (o.failure === "too-large") {
      return {
        retry: false,
        reason: "the answer is larger than the response size limit; the same request would get it again, so it is not repeated",
      };
    }
    if (o.failure === "not-sent") return retryWith("connection failed before the request was sent");
    if (o.idempotent) return retryWith(o.failure === "timeout" ? "read timed out" : "connection lost during a read");
    return {
      retry: false,
      reason: `the ${o.failure === "timeout" ? "request timed out" : "connection was lost"} after the request was sent; it may have run, so it is not repeated`,
    };
  }
  const res = o.response;
  if (!res) return { retry: false, reason: "no response" };
  const status = res.status;
  if (status < 400) return { retry: false, reason: "success" };
  if (status === 409) {
    const code = qualysCodeOf(res.body);
    if (code === QUALYS_CONCURRENCY_LIMIT_CODE) return retryWith("Qualys concurrency limit (409/1960)", serverWaitMs(res));
    if (code === QUALYS_RATE_LIMIT_CODE) return retryWith("Qualys rate limit (409/1965)", serverWaitMs(res));
    return { retry: false, reason: "409 conflict is not a rate or concurrency limit" };
  }
  if (status === 429) return retryWith("429 too many requests", serverWaitMs(res));
  if (status === 503) return retryWith("503 service unavailable", serverWaitMs(res));
  if (status === 500 || status === 502 || status === 504) {
    if (o.idempotent) return retryWith(`${status} on a read`);
    return { retry: false, reason: `${status} after a write; it may have run, so it is not repeated` };
  }
  return { retry: false, reason: `${status} is not retryable` };
}
