/**
 * What a delete does when its answer is lost (docs/failure-model.md, "Deletes").
 *
 * A delete whose answer never arrived — the connection was cut after the request was sent, a 5xx
 * came after the server acted, or the client timed out while the server still worked — may or may
 * not have run (`ambiguous`, shared/lost-answer.ts). Failing the destroy there would leave the object
 * in the stack although it is usually gone already, and the next run would delete it again, losing
 * the same answer again. Instead the delete reads: gone means done, in the same run. When the object
 * is still there after the look (the server never ran the call, or has not yet), the delete is sent
 * again — every delete here is safe to repeat: a second delete of a gone object is "not found",
 * which the caller reads as done.
 *
 * Calls on a lost answer: the looks (one right away, then the steps of `pollFor` for `withinMs`,
 * stopping at the first that finds the object gone; only the one right away when `settled` says
 * Qualys is done with the call) and, while it is still there, the repeat.
 */
import { errorMessage } from "../errors";
import { ambiguous, pollFor } from "./lost-answer";

/** Deletes sent at most, the first included, when every answer is lost and the object stays. */
export const DELETE_ATTEMPTS = 3;

export interface LostDeleteOptions {
  /** What is deleted, for the message ("NSX auth record 12345"). */
  what: string;
  /** The delete call. Throws on failure; resolves when Qualys answered that it deleted. */
  send(): Promise<void>;
  /** A read: true when the object no longer exists. */
  gone(): Promise<boolean>;
  /** How long to look after a lost answer (the request timeout: the server may still be working). */
  withinMs: number;
  /** Deletes sent at most (default DELETE_ATTEMPTS). */
  attempts?: number;
  /**
   * When every attempt lost its answer and the read cannot tell (TargetAccount: Qualys reports no
   * field its stop-scanning setup changes): end with "unconfirmed" instead of failing.
   */
  acceptUnconfirmed?: boolean;
  /**
   * A lost answer after which Qualys is done with the call, so one look decides instead of a polling
   * window: the delete ran completely (gone) or not at all (still there: send it again).
   */
  settled?(e: unknown): boolean;
  /** An error of a repeated delete that means the first one did run ("not found"). */
  goneError?(e: unknown): boolean;
  /** Sleep (tests). */
  sleep?: (ms: number) => Promise<void>;
}

/** How the delete ended: answered, seen gone after a lost answer, or (acceptUnconfirmed) every answer lost. */
export type LostDeleteOutcome = "answered" | "seen-gone" | "unconfirmed";

/**
 * Send the delete; after a lost answer, look until the object is gone (done) or `withinMs` passed
 * (then repeat). Throws the last lost answer, saying so, when every attempt lost its answer and the
 * object is still there; any other failure is the caller's, as the delete threw it.
 */
export async function deleteConfirmed(o: LostDeleteOptions): Promise<LostDeleteOutcome> {
  const attempts = o.attempts ?? DELETE_ATTEMPTS;
  let lost: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await o.send();
      return "answered";
    } catch (e) {
      if (attempt > 1 && o.goneError?.(e)) return "seen-gone"; // an earlier, lost delete did run
      if (!ambiguous(e)) throw e;
      lost = e;
    }
    let gone: boolean | undefined;
    try {
      gone = await pollFor(async () => ((await o.gone()) ? true : undefined), o.settled?.(lost) ? 0 : o.withinMs, o.sleep);
    } catch {
      gone = undefined; // the look failed too: unknown, and repeating the delete is safe
    }
    if (gone) return "seen-gone";
  }
  if (o.acceptUnconfirmed) return "unconfirmed";
  throw new Error(
    `${errorMessage(lost)}. The answer to each of ${attempts} deletes of ${o.what} was lost, and Qualys still lists it; run again, or check Qualys.`,
  );
}
