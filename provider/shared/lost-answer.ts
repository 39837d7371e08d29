/**
 * What a create does when its answer is lost (docs/failure-model.md).
 *
 * A create whose answer never arrived — the connection was cut after the request was sent, a 5xx
 * came after the server acted, or the client timed out while the server still worked — may or may
 * not have run, and when it ran the object may appear only later. The handlers tell their own lost
 * create from an object someone else made with three tools, all here so there is one home for them:
 *
 *  - `ambiguous(e)`: the one definition of "the answer was lost" (the retry policy, retry.ts, does
 *    not repeat such a write, so the handler must find out what happened);
 *  - `pollFor(probe)`: after a lost answer, look again for a while — the server may still be
 *    executing the call (the timeout kind), so one look right away is not enough;
 *  - (who owns an object, and how a look proves a record is ours, is shared/ownership.ts);
 *  - `pendingCreate(...)`: when the outcome is still unknown at the end of the attempt, the create
 *    fails *with the object's id*; Pulumi's dynamic provider (and the native plugin, grpcError in
 *    provider/native/server.ts) turns an error carrying `id` into a
 *    partial failure (ErrorResourceInitFailed), so the engine keeps the resource in state with
 *    these properties and calls `update` on the next `up` (a resource with init errors is always
 *    updated), where the handler finishes the create. Where the id is not known before the call
 *    (NSX records, scan jobs) it is kept under a placeholder id that the next `up` replaces.
 */
import { redact } from "./redact";
import { isQualysError } from "../errors";

/**
 * Failures that leave us unsure whether a write ran (the answer was lost). 503 = not taken; a
 * connection, DNS or TLS failure before the request was sent (`sent: false`) = nothing ran.
 */
export function ambiguous(e: unknown): boolean {
  // A write whose answer was too large to read did run: its answer is lost as surely as a cut one.
  return (
    isQualysError(e) &&
    e.sent &&
    (e.kind === "network" || e.kind === "timeout" || e.kind === "response-too-large" || (e.kind === "server" && e.status !== 503))
  );
}

/**
 * Among the lost answers, Qualys's own 500, on its XML APIs and behind the gateway's JSON API alike:
 * Qualys ends its work on the call before it answers 500, so the write ran completely or not at all,
 * and one look tells which (a delete's `settled`, shared/lost-delete.ts; a scan-job create's repeat).
 * Not so a 502/504 (a gateway in front of Qualys gave up waiting while Qualys may still be working),
 * a timeout or a cut connection: there the object may change only a moment later, so the looks go on
 * for one request timeout.
 */
export function settledByQualys(e: unknown): boolean {
  return isQualysError(e, "server") && e.status === 500;
}

/** The steps between looks after a lost answer, in milliseconds (then the last one repeats). */
export const POLL_STEPS_MS = [0, 250, 500, 1000, 2000, 5000];

/**
 * Look for the outcome of a lost write until `probe` finds it or `withinMs` has passed. The window
 * is the request timeout: a server that has not acted within two timeouts of the call (the one the
 * client waited, and this one) is treated as not having acted *in this run*; the caller then either
 * proceeds as if the call never ran (only when repeating it is safe) or records a pending create.
 * A probe failure ends the wait (the caller decides what an unknown outcome means).
 */
export async function pollFor<T>(
  probe: () => Promise<T | undefined>,
  withinMs: number,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<T | undefined> {
  const deadline = Date.now() + withinMs;
  for (let i = 0; ; i++) {
    const step = POLL_STEPS_MS[Math.min(i, POLL_STEPS_MS.length - 1)];
    const left = deadline - Date.now();
    if (i > 0 && left <= 0) return undefined;
    if (step > 0) await sleep(Math.min(step, Math.max(left, 0)));
    const found = await probe();
    if (found !== undefined) return found;
  }
}

/** Properties a create left unfinished carries in state, until `update` finishes it. */
export interface PendingCreate {
  /** When the lost call was made (ISO 8601). */
  since: string;
  /** What was lost (the first error's message, redacted). */
  reason: string;
}

/**
 * The error a create throws when its outcome is still unknown and the id is known: the engine
 * records the resource in state with `properties` (and init errors), `up` fails with `message`, and
 * the next `up` calls `update`, which sees `pendingCreate` in the old outputs and finishes the job.
 */
export function pendingCreate(id: string, properties: Record<string, unknown>, message: string): Error {
  const safe = redact(message);
  const err = new Error(safe) as Error & { id: string; properties: Record<string, unknown>; reasons: string[] };
  err.id = id;
  // The reason is kept in state (pendingCreate.reason): it passes the redactor like every message.
  const pending = properties.pendingCreate as { reason?: unknown } | undefined;
  err.properties =
    pending && typeof pending.reason === "string"
      ? { ...properties, pendingCreate: { ...pending, reason: redact(pending.reason) } }
      : properties;
  err.reasons = [safe];
  return err;
}
