/**
 * Coalescing reads: many `load(key)` calls that arrive together are served by ONE fetch of all
 * their keys.
 *
 * Why: `pulumi refresh` reads every resource in parallel (up to `--parallel` at once, default
 * 4 × CPU cores) and the dynamic provider gets one `read` per resource. An API that lists many
 * objects in one call (`action=list&ids=a,b,c`) should then be called once per wave of reads, not
 * once per resource: Qualys counts calls against a rate limit.
 *
 * How: the first `load` opens a batch and starts a timer (`windowMs`); every `load` until the timer
 * fires (or until `maxBatch` distinct keys are waiting) joins it. Then one `fetch(keys)` runs, and
 * each waiter gets its value; a key absent from the answer resolves to `undefined` ("gone"). If the
 * fetch fails, every waiter of that batch gets the same error. A key asked for twice in one batch is
 * fetched once. Batches are independent: a slow fetch does not hold back the next batch.
 *
 * Waves. The engine keeps at most `--parallel` reads in flight (4 × CPU cores by default: 8 on a
 * 2-core CI runner) and sends the next ones only as answers come back, so a refresh of 20 records
 * arrives as waves of 8, 8 and 4, i.e. three batches. With `fetchAll` (one call that answers for
 * every key, e.g. an unfiltered list), the reader recognises that pattern — a batch opened within
 * `waveGapMs` of the answer to the previous one, when the batches chained that way have already
 * loaded at least `minWave` keys — fetches everything once instead, and serves the loads of the next
 * `snapshotTtlMs` from that snapshot without further calls. A refresh then costs two calls whatever
 * its size (one when all reads fit in one wave). The chain counts keys, not batch sizes, because in
 * a stack that mixes resource types each type's share of a wave is small and uneven (2 jobs, then
 * 1, then 3): the refresh is still one continuous stream of reads. Writers call `invalidate()` after every write, so no load is served from a
 * snapshot taken before a write of this process; without `fetchAll` nothing outlives its batch.
 *
 * Scopes. Some APIs list everything only within a parent (target accounts: `?serviceAccountId=…`).
 * `load(key, scope)` names the scope a key belongs to; `fetchAll(scope)` answers for every key of
 * that scope, and snapshots are kept per scope. `eager` makes every batch a full fetch of its
 * scopes, for APIs whose listing is the cheapest read even of one key (the service-account list has
 * no id filter; a target's parent is listed in pages of 100 with one read of the parent). A full
 * fetch still running serves the loads of its scope that arrive meanwhile (no second listing).
 *
 * Writes that answer per key (NSX `action=delete&ids=a,b,c`) are grouped by GroupCommit
 * (shared/group-commit.ts), which waits for the engine instead of a fixed window.
 *
 * One reader per provider process and per client set (shared/readers.ts).
 */

export interface BatchReaderOptions<K, V> {
  /** One call for many keys. Keys missing from the returned map are "gone" (undefined). */
  fetch(keys: K[]): Promise<Map<K, V>>;
  /** How long a batch stays open after its first key, in milliseconds. */
  windowMs?: number;
  /** A batch is sent as soon as it holds this many distinct keys. */
  maxBatch?: number;
  /** Timer function (tests). */
  setTimer?: (fn: () => void, ms: number) => { cancel(): void };
  /** One call (or walk of pages) that answers for every key of `scope` (absent = gone). Enables snapshots (see above). */
  fetchAll?(scope: string): Promise<Map<K, V>>;
  /** Every batch is a full fetch of its keys' scopes (needs fetchAll; `fetch` is then never called). */
  eager?: boolean;
  /** How long a snapshot serves loads, in milliseconds. */
  snapshotTtlMs?: number;
  /** A batch opened this soon after the previous batch's answer continues the same wave. */
  waveGapMs?: number;
  /** Smallest batch that counts as a wave. */
  minWave?: number;
  /** Clock (tests). */
  now?: () => number;
  /**
   * Group commit: a batch whose window ends while a call of this reader is still running stays open
   * (later loads join it) and is sent when that call answers, or when it is full. Loads that arrive
   * spread out, as the read-backs of creates that finish one by one do, then share a call instead of
   * each making its own.
   */
  holdWhileFetching?: boolean;
}

export interface BatchStats {
  /** fetch and fetchAll calls made. */
  batches: number;
  /** load calls served. */
  loads: number;
  /** Size of the largest batch. */
  largest: number;
  /** fetchAll calls made (included in `batches`). */
  snapshots: number;
  /** load calls served from a snapshot, without a call. */
  snapshotHits: number;
}

export interface Waiter<V> {
  resolve(v: V | undefined): void;
  reject(e: unknown): void;
}

interface OpenBatch<K, V> {
  /** Its window has ended, and it waits for the running call (holdWhileFetching). */
  held?: boolean;
  waiters: Map<K, Array<Waiter<V>>>;
  /** The scope of each key (the scope its first load named). */
  scopes: Map<K, string>;
  timer?: { cancel(): void };
}

export const DEFAULT_BATCH_WINDOW_MS = 25;
export const DEFAULT_MAX_BATCH = 100;
/**
 * How long a full listing serves the rest of a refresh. The engine's waves of reads follow each other
 * within a second on an idle machine but several seconds apart on a loaded CI runner, so both
 * numbers are generous; any write by this provider process drops the snapshot at once.
 */
export const DEFAULT_SNAPSHOT_TTL_MS = 30_000;
export const DEFAULT_WAVE_GAP_MS = 5_000;
export const DEFAULT_MIN_WAVE = 4;

export function defaultTimer(fn: () => void, ms: number): { cancel(): void } {
  const t = setTimeout(fn, ms);
  return { cancel: () => clearTimeout(t) };
}

export class BatchReader<K, V> {
  private open?: OpenBatch<K, V>;
  private readonly windowMs: number;
  private readonly maxBatch: number;
  private readonly setTimer: NonNullable<BatchReaderOptions<K, V>["setTimer"]>;
  private readonly now: () => number;
  /** Bumped by every invalidate(): a fetchAll that started before it is not kept. */
  private generation = 0;
  private readonly snapshots = new Map<string, { values: Map<K, V>; at: number }>();
  /** Full fetches still running, per scope (with the generation they started in). */
  private readonly pendingAll = new Map<string, { promise: Promise<Map<K, V>>; generation: number }>();
  /** The chain of batches each opened within waveGapMs of the previous answer: keys loaded, last answer. */
  private lastBatch?: { loaded: number; answeredAt: number };
  /** Calls (fetch or fetchAll) of this reader not yet answered. */
  private running = 0;
  readonly stats: BatchStats = { batches: 0, loads: 0, largest: 0, snapshots: 0, snapshotHits: 0 };

  constructor(private readonly options: BatchReaderOptions<K, V>) {
    this.windowMs = options.windowMs ?? DEFAULT_BATCH_WINDOW_MS;
    this.maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
    if (!Number.isInteger(this.maxBatch) || this.maxBatch < 1) throw new Error(`maxBatch must be a positive integer, got ${this.maxBatch}`);
    if (!(this.windowMs >= 0)) throw new Error(`windowMs must be >= 0, got ${this.windowMs}`);
    this.setTimer = options.setTimer ?? defaultTimer;
    this.now = options.now ?? Date.now;
    if (options.eager && !options.fetchAll) throw new Error("eager needs fetchAll");
  }

  /** Forget the snapshot (call after every write, so no later load sees data from before it). */
  invalidate(): void {
    this.generation++;
    this.snapshots.clear();
    this.pendingAll.clear();
    this.lastBatch = undefined;
  }

  /** The value for `key` (of `scope`), or undefined when the fetch's answer does not contain it. */
  load(key: K, scope = ""): Promise<V | undefined> {
    this.stats.loads++;
    const snap = this.snapshots.get(scope);
    if (snap && this.now() - snap.at <= (this.options.snapshotTtlMs ?? DEFAULT_SNAPSHOT_TTL_MS)) {
      this.stats.snapshotHits++;
      return Promise.resolve(snap.values.get(key));
    }
    const pending = this.pendingAll.get(scope);
    if (pending && pending.generation === this.generation) {
      this.stats.snapshotHits++;
      return pending.promise.then((found) => found.get(key));
    }
    return new Promise<V | undefined>((resolve, reject) => {
      let batch = this.open;
      if (!batch) {
        batch = { waiters: new Map(), scopes: new Map() };
        this.open = batch;
        const opened = batch;
        batch.timer = this.setTimer(() => this.flush(opened), this.windowMs);
      }
      const list = batch.waiters.get(key);
      if (list) list.push({ resolve, reject });
      else {
        batch.waiters.set(key, [{ resolve, reject }]);
        batch.scopes.set(key, scope);
      }
      if (batch.waiters.size >= this.maxBatch) this.flush(batch);
    });
  }

  private flush(batch: OpenBatch<K, V>): void {
    if (this.options.holdWhileFetching && this.running > 0 && batch.waiters.size < this.maxBatch && this.open === batch) {
      batch.held = true;
      return;
    }
    if (this.open === batch) this.open = undefined;

    batch.timer?.cancel();
    if (batch.waiters.size === 0) return;
    const keys = [...batch.waiters.keys()];
    const waiters = batch.waiters;
    batch.waiters = new Map(); // a second flush of the same batch (timer after size) does nothing
    this.stats.largest = Math.max(this.stats.largest, keys.length);
    const previous = this.lastBatch;
    const chained = previous !== undefined && this.now() - previous.answeredAt <= (this.options.waveGapMs ?? DEFAULT_WAVE_GAP_MS);
    const loaded = (chained ? previous.loaded : 0) + keys.length;
    const wave =
      this.options.fetchAll !== undefined &&
      (this.options.eager === true || (chained && previous.loaded >= (this.options.minWave ?? DEFAULT_MIN_WAVE)));
    const generation = this.generation;
    let pending: Promise<Map<K, V>>;
    if (wave) {
      const scopes = [...new Set(batch.scopes.values())];
      pending = Promise.all(scopes.map((scope) => this.fetchScope(scope, generation))).then((maps) => {
        const all = new Map<K, V>();
        for (const m of maps) for (const [k, v] of m) all.set(k, v);
        return all;
      });
    } else {
      this.stats.batches++;
      pending = this.call(() => this.options.fetch(keys));
    }
    this.running++;
    const answered = () => {
      this.running--;
      if (this.running === 0 && this.open?.held) this.flush(this.open);
    };
    pending.then(answered, answered);
    pending.then(
      (found) => {
        if (generation === this.generation) this.lastBatch = { loaded, answeredAt: this.now() };
        for (const [key, list] of waiters) {
          const value = found.get(key);
          for (const w of list) w.resolve(value);
        }
      },
      (error: unknown) => {
        for (const list of waiters.values()) for (const w of list) w.reject(error);
      },
    );
  }

  /** One full fetch of `scope`, kept as its snapshot unless a write happened meanwhile. */
  private fetchScope(scope: string, generation: number): Promise<Map<K, V>> {
    const running = this.pendingAll.get(scope);
    if (running && running.generation === generation) return running.promise;
    this.stats.batches++;
    this.stats.snapshots++;
    const promise = this.call(() => this.options.fetchAll!(scope));
    this.pendingAll.set(scope, { promise, generation });
    const settle = () => {
      if (this.pendingAll.get(scope)?.promise === promise) this.pendingAll.delete(scope);
    };
    promise.then((values) => {
      settle();
      if (generation === this.generation) this.snapshots.set(scope, { values, at: this.now() });
    }, settle);
    return promise;
  }

  /** Run a fetch; one that throws synchronously becomes a rejected promise (reported to the waiters). */
  private call(fn: () => Promise<Map<K, V>>): Promise<Map<K, V>> {
    try {
      return fn();
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }
}

export interface SharedAnswerOptions<T> {
  /** The call whose answer is shared. */
  fetch(): Promise<T>;
  /** Callers one answer serves at most. */
  maxUses: number;
  /** Age (from the start of its call) after which an answer serves no new caller, in milliseconds. */
  ttlMs: number;
  /**
   * How long an answer nobody is using still serves a new caller, from when its last caller
   * settled, in milliseconds (default 0: only while a caller is running).
   */
  graceMs?: number;
  /** Clock (tests). */
  now?: () => number;
}

/** One answer of a SharedAnswer, and who uses it. */
interface Answer<T> {
  promise: Promise<T>;
  /** The number of its call (SharedAnswer.started when it began). */
  seq: number;
  /** When its call started. */
  at: number;
  uses: number;
  running: number;
  /** When `running` last dropped to 0. */
  idleSince: number;
}

/**
 * One answer shared by overlapping operations: a caller of `use` is served the current answer (or
 * the call still fetching it) while it has served fewer than `maxUses` callers, is younger than
 * `ttlMs`, and either another caller is still running or the last one settled at most `graceMs`
 * ago; otherwise a new call is made. A failed call serves nobody after its own callers.
 *
 * Unlike BatchReader's snapshots, writes do not drop it: it is for callers that need "an answer from
 * before my write", which an answer taken before an overlapping operation's write still is
 * (GcpInternalScanJob's list-before-create). The grace is for an engine that interleaves types: in
 * a mixed `pulumi up` the slots can all go to other resources for a moment, and without it every
 * such moment cost a new call.
 *
 * What an answer may not be is older than the caller's own earlier attempt: `use(key, …)` is served
 * only an answer whose call started after the last `use` with the same key settled (a repeat of a
 * create must see what the first attempt may have made). The keys live as long as this object:
 * one provider process, which the engine starts for each run.
 */
export class SharedAnswer<T> {
  private current?: Answer<T>;
  /** Calls started so far; an answer's `seq` is its call's number. */
  private started = 0;
  /** Per key: `started` when its last use settled (answers with a higher seq started after it). */
  private readonly settledAt = new Map<string, number>();
  readonly stats = { calls: 0, uses: 0 };

  constructor(private readonly options: SharedAnswerOptions<T>) {}

  private serves(c: Answer<T>, key: string): boolean {
    const now = (this.options.now ?? Date.now)();
    if (c.seq <= (this.settledAt.get(key) ?? 0)) return false;
    if (c.uses >= this.options.maxUses || now - c.at > this.options.ttlMs) return false;
    const grace = this.options.graceMs ?? 0;
    return c.running > 0 || (grace > 0 && now - c.idleSince <= grace);
  }

  /** Run `fn` with an answer; the answer counts as in use until `fn` settles. `key`: see the class. */
  async use<R>(key: string, fn: (answer: T) => Promise<R>): Promise<R> {
    const now = this.options.now ?? Date.now;
    let c = this.current;
    if (!c || !this.serves(c, key)) {
      this.stats.calls++;
      let promise: Promise<T>;
      try {
        promise = this.options.fetch();
      } catch (e) {
        promise = Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
      c = { promise, seq: ++this.started, at: now(), uses: 0, running: 0, idleSince: 0 };
      this.current = c;
      const made = c;
      promise.catch(() => {
        if (this.current === made) this.current = undefined;
      });
    }
    this.stats.uses++;
    c.uses++;
    c.running++;
    try {
      return await fn(await c.promise);
    } finally {
      if (--c.running === 0) c.idleSince = now();
      this.settledAt.set(key, this.started);
    }
  }
}
