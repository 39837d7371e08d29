/**
 * Group commit of calls that answer per key (NSX `action=delete&ids=a,b,c`, and the read-backs of
 * NSX creates and updates, `action=list&ids=a,b,c`): every `submit` joins a queue, and the queue goes
 * out as ONE `commit(keys)` of at most `maxBatch` keys; each submitter gets its own key's outcome (a
 * key missing from the answer gets `undefined`), or the commit's error.
 *
 * Why a fixed window does not do. The engine keeps at most `--parallel` (P) operations in flight and
 * starts the next one only after the previous one's answer; with checkpoints on it also writes the
 * stack's state before and after every operation, one write at a time (a full snapshot, 0.3–0.6 s at
 * 800 records on a loaded 2-core machine). So operations reach the provider one write apart, and
 * after an answer of B of them the engine first makes B writes (the "after" writes queue ahead of the
 * next "before" writes) and only then sends anything new: a silence that grows with B. A 25 ms
 * window merged few of them (N = 800 deletes cost 532–692 calls), and a wait that did not grow with
 * B broke every batch after the first at P = 128 (136 calls where 10 were possible).
 *
 * What the group commit relies on: an operation the provider has not answered still holds one of the
 * engine's P slots. Holding the queue until the engine goes quiet therefore ends with every slot
 * waiting in the queue, and each commit carries min(P, maxBatch) keys. Concretely:
 *  - at most ONE commit is in flight; a submit that arrives meanwhile (or while the commit waits for
 *    the API's limiter) waits for the next one;
 *  - the queue is sent at `maxBatch` keys, or when no submit has arrived for the quiet wait:
 *      OWED_FACTOR × owed × mean gap + GAP_FACTOR × longest gap (at least `idleMs`, at most `maxIdleMs`)
 *    where the gaps are the recent ones between two arrivals (the pace of the engine's writes, less
 *    the time a commit was at the API in between: that is Qualys's pace, not the engine's), and
 *    `owed` counts answered operations whose worker has not come back yet (each owes the engine a
 *    write before the next arrival). Before any gap is known the wait is `idleMs`: a single
 *    operation (N = 1) is not held;
 *  - when two quiet waits in a row ended with the same number queued and that is every submit ever
 *    outstanding at once (the engine's P as the provider sees it), a queue that reaches it is sent at
 *    once: nothing can join it. Two, because one wait can end early on a loaded machine (one write far
 *    slower than the ones before), and trusting that smaller number would keep every batch small.
 * At parallelism P, N operations then cost ⌈N / min(P, maxBatch)⌉ commits, +1 for the first one
 * (sent alone, before the engine's pace is known) and +1 when a write far slower than any seen so far
 * ends a wait early (provider/shared/group-commit.test.ts plays engines with and without checkpoint writes on an
 * injected clock). The waiting costs latency, never calls: at the end of a destroy the last partial
 * batch waits out the silence the engine would need for the writes it owes.
 */
import { DEFAULT_MAX_BATCH, defaultTimer, type Waiter } from "./batch";

export interface GroupCommitOptions<K, V> {
  /** One call for many keys, each key's outcome in the answer (a missing key resolves to undefined). */
  commit(keys: K[]): Promise<Map<K, V>>;
  /** Keys per commit at most (the API's limit). */
  maxBatch?: number;
  /** Shortest quiet wait (and the wait before the engine's pace is known), in milliseconds. */
  idleMs?: number;
  /** Longest quiet wait, in milliseconds (bounds the latency the adaptation can add). */
  maxIdleMs?: number;
  /** Timer function (tests). */
  setTimer?: (fn: () => void, ms: number) => { cancel(): void };
  /** Clock (tests). */
  now?: () => number;
}

export interface GroupCommitStats {
  /** commit calls made. */
  commits: number;
  /** submit calls served. */
  submits: number;
  /** Size of the largest commit. */
  largest: number;
  /** Commits sent at once because the queue held every slot of the engine (its confirmed parallelism). */
  full: number;
}

export const DEFAULT_GROUP_IDLE_MS = 25;
/**
 * With checkpoints on, 100 answered deletes of an 800-record stack cost the engine 100 writes of
 * 0.3–0.6 s each on a loaded 2-core machine before it sends the next: the quiet wait must be able to
 * outlast a minute and more.
 */
export const DEFAULT_GROUP_MAX_IDLE_MS = 180_000;
/** The silence owed writes cause is waited out twice over (their times vary with the machine's load). */
const OWED_FACTOR = 2;
/** Plus this many times the longest recent gap (a GC pause, a slow write). */
const GAP_FACTOR = 3;
/** Gaps remembered. */
const GAP_MEMORY = 32;

export class GroupCommit<K, V> {
  private readonly queue = new Map<K, Array<Waiter<V>>>();
  private queued = 0;
  private inFlight = false;
  private outstanding = 0;
  private highWater = 0;
  /** Queue size the last quiet wait ended with, and the size two waits in a row ended with. */
  private lastStall = 0;
  private confirmed = 0;
  /** Answered submits whose engine worker has not sent anything since (see the class comment). */
  private owed = 0;
  private lastArrival?: number;
  /** An answer came after the last arrival (the next gap then includes the writes it caused). */
  private answeredSince = false;
  /** When the commit now in flight was sent. */
  private sentAt = 0;
  /** Time since the last arrival that commits were at the API (not the engine's pace: see `observe`). */
  private heldMs = 0;
  /** Recent times of one engine write, as the gaps between arrivals show them. */
  private readonly gaps: number[] = [];
  private timer?: { cancel(): void };
  private readonly maxBatch: number;
  private readonly idleMs: number;
  private readonly maxIdleMs: number;
  private readonly setTimer: NonNullable<GroupCommitOptions<K, V>["setTimer"]>;
  private readonly now: () => number;
  readonly stats: GroupCommitStats = { commits: 0, submits: 0, largest: 0, full: 0 };

  constructor(private readonly options: GroupCommitOptions<K, V>) {
    this.maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
    if (!Number.isInteger(this.maxBatch) || this.maxBatch < 1) throw new Error(`maxBatch must be a positive integer, got ${this.maxBatch}`);
    this.idleMs = options.idleMs ?? DEFAULT_GROUP_IDLE_MS;
    this.maxIdleMs = Math.max(this.idleMs, options.maxIdleMs ?? DEFAULT_GROUP_MAX_IDLE_MS);
    this.setTimer = options.setTimer ?? defaultTimer;
    this.now = options.now ?? Date.now;
  }

  /** The outcome for `key` of the commit it joins (undefined when the answer does not name it). */
  submit(key: K): Promise<V | undefined> {
    this.stats.submits++;
    this.outstanding++;
    this.highWater = Math.max(this.highWater, this.outstanding);
    const at = this.now();
    if (this.lastArrival !== undefined) this.observe(at - this.lastArrival, this.heldMs);
    this.lastArrival = at;
    this.answeredSince = false;
    this.heldMs = 0;
    if (this.owed > 0) this.owed--;
    return new Promise<V | undefined>((resolve, reject) => {
      const list = this.queue.get(key);
      if (list) list.push({ resolve, reject });
      else this.queue.set(key, [{ resolve, reject }]);
      this.queued++;
      this.pump();
    });
  }

  /** How long the queue now waits for the next arrival before it goes (undefined: the engine's pace is not known yet). */
  get quietMs(): number | undefined {
    const mean = this.meanGap();
    if (mean === undefined) return undefined;
    const wait = OWED_FACTOR * this.owed * mean + GAP_FACTOR * Math.max(...this.gaps);
    return Math.min(this.maxIdleMs, Math.max(this.idleMs, wait));
  }

  private meanGap(): number | undefined {
    return this.gaps.length === 0 ? undefined : this.gaps.reduce((a, b) => a + b, 0) / this.gaps.length;
  }

  /**
   * One gap between two arrivals. With no answer between them it is one engine write. After an
   * answer it also holds the writes `owed` stands for, and `held`, the time a commit spent at the API
   * after the last arrival: neither is the engine's pace. What is left beyond them is one write (a
   * slow one shows there as much as anywhere), so that is what is kept. The time at the API used to
   * count: the next quiet wait (3 × the longest gap) then lasted three times Qualys's slowest answer,
   * and a first commit of 5 s (a process's cold start on a loaded machine) held the last partial
   * batch of a destroy 15–40 s for deletes that could not come, so `--parallel` 128 took longer than
   * 8. While the pace is not known the whole gap is kept (the engine may have been writing while
   * the commit was out; too long a wait costs time, too short one costs calls).
   */
  private observe(gap: number, held: number): void {
    let write = gap;
    if (this.answeredSince) {
      const mean = this.meanGap();
      if (mean !== undefined) write = gap - held - this.owed * mean;
      if (write <= 0) return;
    }
    this.gaps.push(write);
    if (this.gaps.length > GAP_MEMORY) this.gaps.shift();
  }

  private pump(): void {
    this.timer?.cancel();
    this.timer = undefined;
    if (this.inFlight || this.queue.size === 0) return;
    if (this.queue.size >= this.maxBatch) return this.send();
    const all = Math.min(this.highWater, this.maxBatch);
    if (this.queued >= all && this.confirmed >= all) {
      this.stats.full++;
      return this.send();
    }
    this.timer = this.setTimer(() => this.quietEnded(), this.quietMs ?? this.idleMs);
  }

  private quietEnded(): void {
    this.timer = undefined;
    if (this.inFlight || this.queue.size === 0) return;
    // Nothing in flight: every outstanding submit is queued. The engine stopped with this many.
    if (this.quietMs !== undefined) {
      if (this.queued === this.lastStall && this.queued >= this.highWater) this.confirmed = Math.max(this.confirmed, this.queued);
      this.lastStall = this.queued;
    }
    this.send();
  }

  private send(): void {
    const keys = [...this.queue.keys()].slice(0, this.maxBatch);
    const waiters = new Map(keys.map((k) => [k, this.queue.get(k)!]));
    for (const k of keys) this.queue.delete(k);
    let sent = 0;
    for (const list of waiters.values()) sent += list.length;
    this.queued -= sent;
    this.inFlight = true;
    this.sentAt = this.now();
    this.stats.commits++;
    this.stats.largest = Math.max(this.stats.largest, keys.length);
    let pending: Promise<Map<K, V>>;
    try {
      pending = this.options.commit(keys);
    } catch (e) {
      pending = Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    const settle = (deliver: (w: Waiter<V>, key: K) => void) => {
      this.inFlight = false;
      this.answeredSince = true;
      const answeredAt = this.now();
      this.heldMs += answeredAt - Math.max(this.sentAt, this.lastArrival ?? this.sentAt);
      this.outstanding -= sent;
      this.owed += sent;
      for (const [key, list] of waiters) for (const w of list) deliver(w, key);
      this.pump();
    };
    pending.then(
      (found) => settle((w, key) => w.resolve(found.get(key))),
      (error: unknown) => settle((w) => w.reject(error)),
    );
  }
}
