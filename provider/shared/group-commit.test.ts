/**
 * The group commit (shared/group-commit.ts) played against a simulated engine on jest's fake clock:
 * P workers; each operation is a checkpoint write before it, the provider call, a checkpoint write
 * after it, and the writes are made one at a time in the order they were asked for (the engine's
 * snapshot manager serves its mutations from one queue). Call counts are exact; no wall time is
 * involved.
 */
import { GroupCommit } from "./group-commit";
import { Limiter } from "../clients/limiter";
import { sleepOnFakeClock as sleep } from "../../tests/helpers/timing";

interface Engine {
  /** Operations (deletes) in the run. */
  n: number;
  /** --parallel. */
  p: number;
  /** Time one checkpoint write takes (0 = PULUMI_SKIP_CHECKPOINTS), or the time of the i-th write. */
  checkpointMs: number | ((i: number) => number);
  /** Time one commit takes at the API, or the time of the i-th commit. */
  commitMs?: number | ((i: number) => number);
  /** Time the engine takes to send one operation, one at a time (its own work and the gRPC call). */
  sendMs?: number;
  /** Time from an answer to the engine's worker being free again. */
  reactMs?: number;
}

interface Run {
  sizes: number[];
  outcomes: unknown[];
  /** Fake time each commit went out at. */
  sentAt: number[];
  /** Fake time of the last submit. */
  lastArrival: number;
}

/** Run `n` operations through a fresh group commit; the sizes of its commits and each submitter's outcome. */
async function run(e: Engine, limiter = new Limiter(2)): Promise<Run> {
  const sizes: number[] = [];
  const sentAt: number[] = [];
  let lastArrival = 0;
  const gc = new GroupCommit<number, string>({
    commit: (keys) =>
      limiter.run(async () => {
        sizes.push(keys.length);
        sentAt.push(Date.now());
        await sleep(typeof e.commitMs === "function" ? e.commitMs(sizes.length - 1) : (e.commitMs ?? 30));
        return new Map(keys.filter((k) => k % 97 !== 5).map((k) => [k, `deleted ${k}`]));
      }),
  });
  let next = 0;
  let writes = 0;
  let writer = Promise.resolve();
  const checkpoint = async () => {
    const ms = typeof e.checkpointMs === "number" ? e.checkpointMs : e.checkpointMs(writes++);
    if (ms <= 0) return;
    const write = writer.then(() => sleep(ms));
    writer = write;
    await write;
  };
  let sender = Promise.resolve();
  const send = async () => {
    if (!e.sendMs) return;
    const sent = sender.then(() => sleep(e.sendMs!));
    sender = sent;
    await sent;
  };
  const outcomes: unknown[] = [];
  const worker = async () => {
    while (next < e.n) {
      const key = next++;
      await checkpoint(); // the pending operation is recorded first
      await send();
      lastArrival = Date.now();
      outcomes[key] = await gc.submit(key);
      if (e.reactMs) await sleep(e.reactMs);
      await checkpoint(); // then its outcome
    }
  };
  const done = Promise.all(Array.from({ length: e.p }, () => worker()));
  let finished = false;
  void done.then(() => (finished = true));
  while (!finished) await jest.advanceTimersByTimeAsync(1_000);
  await done;
  return { sizes, outcomes, sentAt, lastArrival };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

const bound = (n: number, p: number) => Math.ceil(n / Math.min(p, 100)) + 2;

// [N, P, checkpoint write ms (0: checkpoints off; 40: a fast engine; 600: a loaded machine at 800 records), exact commits]
const MATRIX: Array<[number, number, number, number]> = [
  [200, 8, 0, 25],
  [200, 8, 40, 26],
  [200, 8, 600, 26],
  [200, 128, 0, 2],
  [200, 128, 40, 3],
  [200, 128, 600, 3],
  [800, 8, 0, 100],
  [800, 8, 40, 101],
  [800, 8, 600, 101],
  [800, 128, 0, 8],
  [800, 128, 40, 9],
  [800, 128, 600, 9],
];

test.each(MATRIX)("N=%i at --parallel %i, checkpoint writes of %i ms: %i commits (≤ ⌈N / min(P, 100)⌉ + 2)", async (n, p, ckpt, exact) => {
  const { sizes, outcomes } = await run({ n, p, checkpointMs: ckpt });
  expect(sizes.length).toBeLessThanOrEqual(bound(n, p));
  expect(sizes.length).toBe(exact);
  expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
  expect(sizes.reduce((a, b) => a + b, 0)).toBe(n); // every key committed exactly once
  // Each submitter got its own key's outcome; a key the answer does not name gets undefined.
  expect(outcomes).toHaveLength(n);
  outcomes.forEach((o, k) => expect(o).toBe(k % 97 === 5 ? undefined : `deleted ${k}`));
});

// A loaded machine: writes of 600 ms, every 7th 2.5 s. The first slow write comes before any was
// seen, so one early wait ends too soon (the second commit); after that the slow ones are known.
test.each([
  [200, 8, 27],
  [200, 128, 4],
  [800, 8, 102],
  [800, 128, 10],
])("N=%i at --parallel %i on a loaded machine (writes of 600 ms, every 7th 2.5 s): %i commits, within the bound", async (n, p, exact) => {
  const { sizes } = await run({ n, p, checkpointMs: (i) => (i % 7 === 3 ? 2500 : 600) });
  expect(sizes.length).toBeLessThanOrEqual(bound(n, p));
  expect(sizes.length).toBe(exact);
  expect(sizes.reduce((a, b) => a + b, 0)).toBe(n);
});

// Without checkpoints the engine answers in milliseconds (3 ms to send an operation, 20 ms to take
// up an answer), but a commit can take seconds at the API: the first one of a provider process on a
// loaded machine (5 s here, 300 ms after). That time is not the engine's: it holds every slot the
// engine has in the queue. When it counted as a gap between two deletes, the last partial batch
// waited 3 × 5 s and more for deletes that could not come (36.7 s for N = 150 at --parallel 128,
// 38.0 s for N = 120 at 100), and a destroy at --parallel 128 took longer than one at 8.
test.each([
  [150, 128, [100, 50]],
  [120, 100, [100, 20]],
  [60, 50, [50, 10]],
])(
  "N=%i at --parallel %i without checkpoints, a first commit of 5 s: %j, and the last batch does not wait out the API's time",
  async (n, p, exact) => {
    const { sizes, sentAt, lastArrival } = await run({
      n,
      p,
      checkpointMs: 0,
      sendMs: 3,
      reactMs: 20,
      commitMs: (i) => (i === 0 ? 5_000 : 300),
    });
    expect(sizes).toEqual(exact);
    // The engine's longest gap is 20 ms: the wait is 3 × that plus the owed term (2 × owed × mean gap).
    expect(sentAt[sentAt.length - 1] - lastArrival).toBeLessThan(1_000);
  },
);

test("the same destroy at --parallel 128 is not slower than at 8 (without checkpoints, fake time)", async () => {
  const engine = { n: 150, checkpointMs: 0, sendMs: 3, reactMs: 20, commitMs: (i: number) => (i === 0 ? 5_000 : 300) };
  const t0 = Date.now();
  const low = await run({ ...engine, p: 8 });
  const lowMs = low.sentAt[low.sentAt.length - 1] - t0;
  const t1 = Date.now();
  const high = await run({ ...engine, p: 128 });
  const highMs = high.sentAt[high.sentAt.length - 1] - t1;
  expect(low.sizes.length).toBeLessThanOrEqual(bound(150, 8));
  expect(high.sizes.length).toBeLessThanOrEqual(bound(150, 128));
  expect(highMs).toBeLessThan(lowMs);
});

/** Keys `first`, `first + 1`, `first + 2` submitted 10 ms apart (fake clock), as an engine's wave of three. */
async function threeAtTheEnginePace(gc: GroupCommit<number, boolean>, first: number): Promise<Promise<boolean | undefined>[]> {
  const all = [gc.submit(first)];
  for (const k of [first + 1, first + 2]) {
    await jest.advanceTimersByTimeAsync(10);
    all.push(gc.submit(k));
  }
  return all;
}

test("the time a commit spends at the API does not lengthen the next quiet wait", async () => {
  const sizes: number[] = [];
  const answer: Array<() => void> = [];
  const gc = new GroupCommit<number, boolean>({
    commit: async (keys) => {
      sizes.push(keys.length);
      await new Promise<void>((r) => answer.push(r));
      return new Map(keys.map((k) => [k, true]));
    },
  });
  // Three at a time, 10 ms apart: the quiet wait is 3 × 10 ms.
  const wave = (first: number) => threeAtTheEnginePace(gc, first);
  const w1 = await wave(1);
  await jest.advanceTimersByTimeAsync(30);
  expect(sizes).toEqual([3]);
  await jest.advanceTimersByTimeAsync(5_000); // Qualys takes 5 s to answer
  answer.shift()!();
  await Promise.all(w1);
  await jest.advanceTimersByTimeAsync(10);
  const w2 = await wave(4); // the engine comes back at its pace
  expect(gc.quietMs).toBe(30); // counted from the last arrival, the 5 s made it 15 s
  await jest.advanceTimersByTimeAsync(30);
  expect(sizes).toEqual([3, 3]);
  answer.shift()!();
  expect(await Promise.all(w2)).toEqual([true, true, true]);
});

test("a single operation is not held: it goes after the shortest wait (25 ms)", async () => {
  const sizes: number[] = [];
  const gc = new GroupCommit<string, boolean>({
    commit: async (keys) => {
      sizes.push(keys.length);
      return new Map(keys.map((k) => [k, true]));
    },
  });
  const one = gc.submit("a");
  await jest.advanceTimersByTimeAsync(24);
  expect(sizes).toEqual([]);
  await jest.advanceTimersByTimeAsync(1);
  expect(sizes).toEqual([1]);
  expect(await one).toBe(true);
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

test("once two quiet waits in a row ended with every outstanding operation queued, a queue that size goes at once", async () => {
  const sizes: number[] = [];
  const gc = new GroupCommit<number, boolean>({
    commit: async (keys) => {
      sizes.push(keys.length);
      return new Map(keys.map((k) => [k, true]));
    },
  });
  // Three at a time, 10 ms apart (the engine's pace): each wave waits out the quiet before it goes.
  const wave = (first: number) => threeAtTheEnginePace(gc, first);
  const w1 = await wave(1);
  await jest.advanceTimersByTimeAsync(29);
  expect(sizes).toEqual([]); // the quiet wait is 3 × 10 ms after the last arrival
  await jest.advanceTimersByTimeAsync(1);
  expect(sizes).toEqual([3]);
  await Promise.all(w1);
  const w2 = await wave(4);
  await jest.advanceTimersByTimeAsync(1_000);
  expect(sizes).toEqual([3, 3]); // stopped at 3 again: the engine's parallelism is confirmed
  await Promise.all(w2);
  expect(gc.stats.full).toBe(0);
  const w3 = await wave(7);
  await jest.advanceTimersByTimeAsync(0);
  expect(sizes).toEqual([3, 3, 3]); // no wait: nothing more can join
  await Promise.all(w3);
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
  // The two failed ones are owed: the engine would need time to come back with them, so it waits longer than 25 ms.
  await jest.advanceTimersByTimeAsync(25);
  expect(gc.stats.commits).toBe(1);
  await jest.advanceTimersByTimeAsync(1_000);
  expect(await ok).toBe("C");
  expect(gc.stats.commits).toBe(2);
});
