/**
 * The group commit of batched deletes (shared/batch.ts GroupCommit), played against a simulated
 * engine on jest's fake clock: P workers, each sending the next delete only after the previous
 * one's answer and its checkpoint write, the writes made one at a time (as the engine's snapshot
 * manager does). Call counts are exact; no wall time is involved.
 */
import { GroupCommit } from "./batch";
import { Limiter } from "../clients/limiter";

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Engine {
  /** Deletes in the destroy. */
  n: number;
  /** --parallel. */
  p: number;
  /** Time one checkpoint write takes (0 = PULUMI_SKIP_CHECKPOINTS), or the time of the i-th. Writes are serialised. */
  checkpointMs: number | ((i: number) => number);
  /** Time one commit takes at the API. */
  commitMs?: number;
  /** Spread of the engine's first wave (the gap between its first deletes). */
  firstWaveGapMs?: number;
}

/** Run a destroy of `n` keys through a fresh group commit; the sizes of its commits. */
async function destroy(e: Engine, limiter = new Limiter(2)): Promise<{ sizes: number[]; outcomes: unknown[] }> {
  const sizes: number[] = [];
  const gc = new GroupCommit<number, string>({
    commit: (keys) =>
      limiter.run(async () => {
        sizes.push(keys.length);
        await sleep(e.commitMs ?? 30);
        return new Map(keys.filter((k) => k % 97 !== 5).map((k) => [k, `deleted ${k}`]));
      }),
  });
  let next = 0;
  let writer = Promise.resolve();
  const outcomes: unknown[] = [];
  const worker = async (w: number) => {
    if (e.firstWaveGapMs) await sleep(w * e.firstWaveGapMs);
    while (next < e.n) {
      const key = next++;
      outcomes[key] = await gc.submit(key);
      const ms = typeof e.checkpointMs === "number" ? e.checkpointMs : e.checkpointMs(key);
      if (ms > 0) {
        const write = writer.then(() => sleep(ms));
        writer = write;
        await write;
      }
    }
  };
  const done = Promise.all(Array.from({ length: e.p }, (_, w) => worker(w)));
  let finished = false;
  void done.then(() => (finished = true));
  while (!finished) await jest.advanceTimersByTimeAsync(1_000);
  await done;
  return { sizes, outcomes };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

const EXACT_LOADED = 100;
const bound = (n: number, p: number) => Math.ceil(n / Math.min(p, 100)) + 2;

// [N, P, checkpoint ms, exact commits]
const MATRIX: Array<[number, number, number, number]> = [
  [200, 8, 0, 25],
  [200, 8, 40, 25],
  [200, 128, 0, 2],
  [200, 128, 40, 3],
  [800, 8, 0, 100],
  [800, 8, 40, 100],
  [800, 128, 0, 8],
  [800, 128, 40, 9],
];

test.each(MATRIX)("N=%i at --parallel %i, checkpoint write %i ms: %i commits (≤ ⌈N / min(P, 100)⌉ + 2)", async (n, p, ckpt, exact) => {
  const { sizes, outcomes } = await destroy({ n, p, checkpointMs: ckpt });
  expect(sizes.length).toBe(exact);
  expect(sizes.length).toBeLessThanOrEqual(bound(n, p));
  expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
  expect(sizes.reduce((a, b) => a + b, 0)).toBe(n); // every key committed exactly once
  // Each submitter got its own key's outcome; a key the answer does not name gets undefined.
  expect(outcomes).toHaveLength(n);
  outcomes.forEach((o, k) => expect(o).toBe(k % 97 === 5 ? undefined : `deleted ${k}`));
});

test("a slow engine (checkpoint writes of 150 ms, a first wave spread 40 ms apart) is waited for: still within the bound", async () => {
  const { sizes } = await destroy({ n: 200, p: 8, checkpointMs: 150, firstWaveGapMs: 40 });
  // The first delete goes alone (the second had not arrived within the first wait), the last 7 are the tail.
  expect(sizes.length).toBe(26);
  expect(sizes.length).toBeLessThanOrEqual(bound(200, 8));
});

test("a loaded machine (checkpoint writes of 600 ms, every 7th one 2.5 s) is waited for: still within the bound", async () => {
  const { sizes } = await destroy({ n: 800, p: 8, checkpointMs: (i) => (i % 7 === 3 ? 2500 : 600) });
  expect(sizes.length).toBeLessThanOrEqual(bound(800, 8));
  expect(sizes.length).toBe(EXACT_LOADED);
});

test("only one commit is in flight: deletes that arrive meanwhile wait and go out together", async () => {
  const sizes: number[] = [];
  let release!: () => void;
  const gc = new GroupCommit<string, boolean>({
    commit: async (keys) => {
      sizes.push(keys.length);
      if (sizes.length === 1) await new Promise<void>((r) => (release = r));
      return new Map(keys.map((k) => [k, true]));
    },
  });
  const first = gc.submit("a");
  await jest.advanceTimersByTimeAsync(25); // the idle wait: "a" goes alone
  expect(sizes).toEqual([1]);
  const later = ["b", "c", "d"].map((k) => gc.submit(k));
  await jest.advanceTimersByTimeAsync(10_000); // however long the first commit takes, nothing else is sent
  expect(sizes).toEqual([1]);
  release();
  await jest.advanceTimersByTimeAsync(1_000);
  expect(await Promise.all([first, ...later])).toEqual([true, true, true, true]);
  expect(sizes).toEqual([1, 3]);
});

test("a commit that waits for a limiter slot (reads hold both) gathers everything queued behind it", async () => {
  const limiter = new Limiter(2);
  const hold: Array<() => void> = [];
  const reads = [0, 1].map(() => limiter.run(() => new Promise<void>((r) => hold.push(r))));
  const sizes: number[] = [];
  const gc = new GroupCommit<number, boolean>({
    commit: (keys) =>
      limiter.run(async () => {
        sizes.push(keys.length);
        return new Map(keys.map((k) => [k, true]));
      }),
  });
  const all = [gc.submit(1)];
  await jest.advanceTimersByTimeAsync(25);
  for (let k = 2; k <= 5; k++) all.push(gc.submit(k)); // the commit of 1 waits for a slot: these queue
  await jest.advanceTimersByTimeAsync(1_000);
  expect(sizes).toEqual([]);
  hold.forEach((r) => r());
  await Promise.all(reads);
  await jest.advanceTimersByTimeAsync(1_000);
  expect(await Promise.all(all)).toEqual([true, true, true, true, true]);
  expect(sizes).toEqual([1, 4]);
});

test("once the engine was seen to stop at P queued deletes, a queue of P is sent without waiting", async () => {
  const sizes: number[] = [];
  const gc = new GroupCommit<number, boolean>({
    commit: async (keys) => {
      sizes.push(keys.length);
      return new Map(keys.map((k) => [k, true]));
    },
  });
  const first = [1, 2, 3].map((k) => gc.submit(k));
  await jest.advanceTimersByTimeAsync(24);
  expect(sizes).toEqual([]); // still waiting for company
  await jest.advanceTimersByTimeAsync(1);
  expect(sizes).toEqual([3]); // the engine stopped at 3: its parallelism
  await Promise.all(first);
  const second = [4, 5, 6].map((k) => gc.submit(k));
  await jest.advanceTimersByTimeAsync(0);
  expect(sizes).toEqual([3, 3]); // no wait: nothing more can join
  await Promise.all(second);
  expect(gc.stats.full).toBe(1);
});

test("a commit's error reaches every submitter of that commit; the next commit works again", async () => {
  let fail = true;
  const gc = new GroupCommit<string, string>({
    commit: async (keys) => {
      if (fail) throw new Error("Qualys said no");
      return new Map(keys.map((k) => [k, k.toUpperCase()]));
    },
  });
  const failed = [gc.submit("a"), gc.submit("b")].map((p) => p.catch((e: Error) => e.message));
  await jest.advanceTimersByTimeAsync(25);
  expect(await Promise.all(failed)).toEqual(["Qualys said no", "Qualys said no"]);
  fail = false;
  const ok = gc.submit("c");
  // Alone where two were seen: it waits once more (twice the idle wait) for the missing one, then goes.
  await jest.advanceTimersByTimeAsync(75);
  expect(await ok).toBe("C");
  expect(gc.stats.commits).toBe(2);
});
