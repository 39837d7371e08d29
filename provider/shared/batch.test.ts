import { BatchReader, DEFAULT_WAVE_GAP_MS, SharedAnswer } from "./batch";
import { nextTurn } from "../../tests/helpers/timing";

/** A fetch that records the keys of every call and answers from `data`. */
function recorder(data: Record<string, string>) {
  const calls: string[][] = [];
  const fetch = async (keys: string[]) => {
    calls.push([...keys]);
    return new Map(keys.filter((k) => k in data).map((k) => [k, data[k]]));
  };
  return { calls, fetch };
}

test("loads that arrive together are served by one fetch of all their keys", async () => {
  const r = recorder({ a: "A", b: "B", c: "C" });
  const reader = new BatchReader({ fetch: r.fetch, windowMs: 10 });
  const values = await Promise.all(["a", "b", "c"].map((k) => reader.load(k)));
  expect(values).toEqual(["A", "B", "C"]);
  expect(r.calls).toEqual([["a", "b", "c"]]);
  expect(reader.stats).toEqual({ batches: 1, loads: 3, largest: 3, snapshots: 0, snapshotHits: 0 });
});

test("loads spread over the window join the batch; a load after it opens a new one", async () => {
  // Fake timers: the window's edges are stepped exactly, not raced against the wall clock.
  jest.useFakeTimers();
  try {
    const r = recorder({ a: "A", b: "B", c: "C" });
    const reader = new BatchReader({ fetch: r.fetch, windowMs: 30 });
    const pa = reader.load("a");
    jest.advanceTimersByTime(29);
    const pb = reader.load("b"); // 1 ms before the window closes: joins the batch
    expect(r.calls).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(r.calls).toEqual([["a", "b"]]);
    expect(await Promise.all([pa, pb])).toEqual(["A", "B"]);
    const pc = reader.load("c"); // after the window: a batch of its own
    jest.advanceTimersByTime(30);
    expect(await pc).toBe("C");
    expect(r.calls).toEqual([["a", "b"], ["c"]]);
  } finally {
    jest.useRealTimers();
  }
});

test("a key missing from the answer resolves to undefined (gone), the others keep their values", async () => {
  const r = recorder({ a: "A" });
  const reader = new BatchReader({ fetch: r.fetch, windowMs: 5 });
  expect(await Promise.all([reader.load("a"), reader.load("gone")])).toEqual(["A", undefined]);
});

test("a fetch error reaches every waiter of that batch, and the next batch works again", async () => {
  let fail = true;
  const calls: string[][] = [];
  const reader = new BatchReader<string, string>({
    windowMs: 5,
    fetch: async (keys) => {
      calls.push(keys);
      if (fail) throw new Error("Qualys said no");
      return new Map(keys.map((k) => [k, k.toUpperCase()]));
    },
  });
  const results = await Promise.allSettled([reader.load("a"), reader.load("b"), reader.load("a")]);
  expect(results.map((x) => x.status)).toEqual(["rejected", "rejected", "rejected"]);
  for (const x of results) expect((x as PromiseRejectedResult).reason).toEqual(new Error("Qualys said no"));
  fail = false;
  expect(await reader.load("c")).toBe("C");
  expect(calls).toEqual([["a", "b"], ["c"]]);
});

test("a fetch that throws synchronously is reported to the waiters, not thrown at the timer", async () => {
  const reader = new BatchReader<string, string>({
    windowMs: 1,
    fetch: () => {
      throw new Error("sync failure");
    },
  });
  await expect(reader.load("a")).rejects.toThrow("sync failure");
});

test("the same key asked for twice in one batch is fetched once and both waiters get it", async () => {
  const r = recorder({ a: "A" });
  const reader = new BatchReader({ fetch: r.fetch, windowMs: 5 });
  expect(await Promise.all([reader.load("a"), reader.load("a")])).toEqual(["A", "A"]);
  expect(r.calls).toEqual([["a"]]);
});

test("a batch is sent as soon as it holds maxBatch keys, without waiting for the window", async () => {
  const r = recorder(Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`k${i}`, `v${i}`])));
  // The window's timer never fires here: both batches must go out on their size alone.
  const timers: Array<() => void> = [];
  const reader = new BatchReader({ fetch: r.fetch, maxBatch: 10, setTimer: (fn) => (timers.push(fn), { cancel: () => undefined }) });
  const loads = Promise.all(Array.from({ length: 20 }, (_, i) => reader.load(`k${i}`)));
  expect(r.calls.map((c) => c.length)).toEqual([10, 10]); // sent at once, before any wait
  expect(await loads).toEqual(Array.from({ length: 20 }, (_, i) => `v${i}`));
  expect(timers).toHaveLength(2); // each batch armed its window, and neither was needed
});

test("a slow batch does not hold back the next one", async () => {
  const order: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const due: Array<() => void> = [];
  const reader = new BatchReader<string, string>({
    setTimer: (fn) => (due.push(fn), { cancel: () => undefined }),
    fetch: async (keys) => {
      if (keys.includes("slow")) await gate;
      order.push(keys.join(","));
      return new Map(keys.map((k) => [k, k]));
    },
  });
  const slow = reader.load("slow");
  due.shift()!(); // the slow batch is sent and waits at the gate
  const fast = reader.load("fast");
  due.shift()!();
  expect(await fast).toBe("fast");
  release();
  expect(await slow).toBe("slow");
  expect(order).toEqual(["fast", "slow"]);
});

test("timer injection: the window is whatever the timer says", async () => {
  const timers: Array<() => void> = [];
  const r = recorder({ a: "A", b: "B" });
  const reader = new BatchReader({ fetch: r.fetch, setTimer: (fn) => (timers.push(fn), { cancel: () => undefined }) });
  const p = Promise.all([reader.load("a"), reader.load("b")]);
  expect(r.calls).toEqual([]);
  expect(timers).toHaveLength(1);
  timers[0]();
  expect(await p).toEqual(["A", "B"]);
  expect(r.calls).toEqual([["a", "b"]]);
});

test("invalid options are refused", () => {
  expect(() => new BatchReader({ fetch: async () => new Map(), maxBatch: 0 })).toThrow(/maxBatch/);
  expect(() => new BatchReader({ fetch: async () => new Map(), windowMs: -1 })).toThrow(/windowMs/);
});

describe("waves: a refresh of more records than the engine runs at once", () => {
  /** An engine that keeps `parallel` loads in flight, starting the next one when one answers. */
  async function engine(reader: BatchReader<string, string>, keys: string[], parallel: number): Promise<Array<string | undefined>> {
    const out: Array<string | undefined> = new Array(keys.length);
    let next = 0;
    const worker = async () => {
      while (next < keys.length) {
        const i = next++;
        out[i] = await reader.load(keys[i]);
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
    return out;
  }

  function source(n: number) {
    const data = new Map(Array.from({ length: n }, (_, i) => [`k${i}`, `v${i}`] as [string, string]));
    const calls: Array<string[] | "all"> = [];
    return {
      data,
      calls,
      fetch: async (keys: string[]) => (calls.push(keys), new Map(keys.filter((k) => data.has(k)).map((k) => [k, data.get(k)!]))),
      fetchAll: async () => (calls.push("all"), new Map(data)),
    };
  }

  test("without fetchAll: one call per wave (20 reads, 8 at a time → 3 calls)", async () => {
    const src = source(20);
    const reader = new BatchReader({ fetch: src.fetch, windowMs: 5 });
    const keys = [...src.data.keys()];
    expect(await engine(reader, keys, 8)).toEqual([...src.data.values()]);
    expect(src.calls.map((c) => (c === "all" ? "all" : c.length))).toEqual([8, 8, 4]);
  });

  test("with fetchAll: the second full wave lists everything once and the rest is served from it (2 calls)", async () => {
    const src = source(20);
    const reader = new BatchReader({ fetch: src.fetch, fetchAll: src.fetchAll, windowMs: 5 });
    const keys = [...src.data.keys()];
    expect(await engine(reader, keys, 8)).toEqual([...src.data.values()]);
    expect(src.calls.map((c) => (c === "all" ? "all" : c.length))).toEqual([8, "all"]);
    expect(reader.stats).toMatchObject({ batches: 2, snapshots: 1, snapshotHits: 4 });
  });

  test("a key absent from the snapshot is gone", async () => {
    const src = source(20);
    src.data.delete("k17");
    const reader = new BatchReader({ fetch: src.fetch, fetchAll: src.fetchAll, windowMs: 5 });
    const values = await engine(
      reader,
      Array.from({ length: 20 }, (_, i) => `k${i}`),
      8,
    );
    expect(values[17]).toBeUndefined();
    expect(values.filter((v) => v === undefined)).toHaveLength(1);
  });

  test("a refresh of fewer records than minWave never lists everything; once the chain reaches it, the next batch does", async () => {
    const src = source(9);
    const reader = new BatchReader({ fetch: src.fetch, fetchAll: src.fetchAll, windowMs: 5 });
    for (const k of ["k0", "k1", "k2"]) await reader.load(k); // one at a time, chained: 1, 2, 3 keys loaded
    expect(src.calls).toEqual([["k0"], ["k1"], ["k2"]]);
    await reader.load("k3"); // the chain has loaded 3 < minWave (4): still by id
    expect(src.calls).toHaveLength(4);
    expect(src.calls).not.toContain("all");
    await reader.load("k4"); // 4 loaded: a refresh in progress, list everything once
    await reader.load("k5"); // served by the snapshot
    expect(src.calls.slice(4)).toEqual(["all"]);
  });

  test("a mixed stack's uneven shares of each wave (2, 1, 3 …) still chain into one listing", async () => {
    const src = source(30);
    const reader = new BatchReader({ fetch: src.fetch, fetchAll: src.fetchAll, windowMs: 5 });
    let i = 0;
    for (const n of [2, 1, 3, 2, 1, 3, 2]) await Promise.all(Array.from({ length: n }, () => reader.load(`k${i++}`)));
    expect(src.calls.map((c) => (c === "all" ? "all" : c.length))).toEqual([2, 1, 3, "all"]);
  });

  test("a batch long after the previous answer is not a continuing wave", async () => {
    let now = 0;
    const src = source(16);
    const reader = new BatchReader({ fetch: src.fetch, fetchAll: src.fetchAll, windowMs: 1, now: () => now });
    await Promise.all(Array.from({ length: 8 }, (_, i) => reader.load(`k${i}`)));
    now += DEFAULT_WAVE_GAP_MS + 1;
    await Promise.all(Array.from({ length: 8 }, (_, i) => reader.load(`k${i + 8}`)));
    expect(src.calls.map((c) => (c === "all" ? "all" : c.length))).toEqual([8, 8]);
  });

  test("the snapshot expires after its ttl, and invalidate() drops it at once", async () => {
    let now = 0;
    const src = source(20);
    const reader = new BatchReader({ fetch: src.fetch, fetchAll: src.fetchAll, windowMs: 1, now: () => now, snapshotTtlMs: 1000 });
    await Promise.all(Array.from({ length: 8 }, (_, i) => reader.load(`k${i}`)));
    await Promise.all(Array.from({ length: 8 }, (_, i) => reader.load(`k${i + 8}`)));
    expect(src.calls.at(-1)).toBe("all");
    expect(await reader.load("k19")).toBe("v19");
    expect(src.calls).toHaveLength(2); // from the snapshot
    now += DEFAULT_WAVE_GAP_MS + 1; // past the ttl, and past the gap that would chain it to the refresh
    expect(await reader.load("k19")).toBe("v19");
    expect(src.calls).toHaveLength(3); // expired: a real call
    expect(src.calls.at(-1)).toEqual(["k19"]);

    // fresh snapshot, then a write: the next load must call again and see the new value
    await Promise.all(Array.from({ length: 8 }, (_, i) => reader.load(`k${i}`)));
    await Promise.all(Array.from({ length: 8 }, (_, i) => reader.load(`k${i + 8}`)));
    const before = src.calls.length;
    src.data.set("k19", "changed");
    reader.invalidate();
    expect(await reader.load("k19")).toBe("changed");
    expect(src.calls.length).toBe(before + 1);
  });

  test("a snapshot fetched across a write is not kept", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const src = source(20);
    const reader = new BatchReader<string, string>({
      fetch: src.fetch,
      fetchAll: async () => {
        await gate;
        return src.fetchAll();
      },
      windowMs: 1,
    });
    await Promise.all(Array.from({ length: 8 }, (_, i) => reader.load(`k${i}`)));
    jest.useFakeTimers();
    let wave2: Promise<unknown>;
    try {
      wave2 = Promise.all(Array.from({ length: 8 }, (_, i) => reader.load(`k${i + 8}`)));
      jest.advanceTimersByTime(1); // the wave's batch is sent: the unfiltered list is in flight
    } finally {
      jest.useRealTimers();
    }
    expect(reader.stats.snapshots).toBe(1); // the unfiltered list was asked for (and waits at the gate)
    reader.invalidate(); // a write completed while the list was in flight
    release();
    await wave2;
    const calls = src.calls.length;
    await reader.load("k19");
    expect(src.calls.length).toBe(calls + 1); // not served from the stale snapshot
  });
});

test("one big batch right after a small one is not a wave (no unfiltered list)", async () => {
  const data = new Map(Array.from({ length: 20 }, (_, i) => [`k${i}`, `v${i}`] as [string, string]));
  const calls: string[] = [];
  const reader = new BatchReader<string, string>({
    windowMs: 1,
    fetch: async (keys) => (calls.push(`ids:${keys.length}`), new Map(keys.map((k) => [k, data.get(k)!]))),
    fetchAll: async () => (calls.push("all"), new Map(data)),
  });
  await reader.load("k0");
  await Promise.all([...data.keys()].map((k) => reader.load(k)));
  expect(calls).toEqual(["ids:1", "ids:20"]);
});

describe("scopes and eager full fetches (injected timer and clock: no wall-clock waits)", () => {
  /** A timer that fires only when the test says so. */
  function manualTimer() {
    const due: Array<() => void> = [];
    return {
      setTimer: (fn: () => void) => {
        due.push(fn);
        return { cancel: () => void due.splice(due.indexOf(fn) >>> 0, 1) };
      },
      fire: () => {
        for (const fn of due.splice(0)) fn();
      },
    };
  }
  /** fetchAll per scope that waits until released, recording each call. */
  function scoped(data: Record<string, Record<string, string>>) {
    const calls: string[] = [];
    const gates: Array<() => void> = [];
    const fetchAll = (scope: string) => {
      calls.push(scope);
      return new Promise<Map<string, string>>((resolve) => gates.push(() => resolve(new Map(Object.entries(data[scope] ?? {})))));
    };
    const release = async () => {
      for (const g of gates.splice(0)) g();
      await nextTurn(); // the answer's .then chain (snapshot kept, waiters served) runs to the end
    };
    return { calls, fetchAll, release };
  }
  const never = () => Promise.reject(new Error("fetch must not be called when eager"));

  test("eager: one full fetch per scope of the batch, values from each scope's answer", async () => {
    const t = manualTimer();
    const src = scoped({ p1: { a: "A", b: "B" }, p2: { c: "C" } });
    const reader = new BatchReader<string, string>({ fetch: never, fetchAll: src.fetchAll, eager: true, setTimer: t.setTimer });
    const loads = [reader.load("a", "p1"), reader.load("b", "p1"), reader.load("c", "p2"), reader.load("x", "p2")];
    t.fire();
    await src.release();
    expect(await Promise.all(loads)).toEqual(["A", "B", "C", undefined]);
    expect(src.calls).toEqual(["p1", "p2"]);
    expect(reader.stats).toMatchObject({ batches: 2, snapshots: 2 });
  });

  test("loads arriving while a scope's full fetch runs join it; later loads are served by the snapshot", async () => {
    const t = manualTimer();
    let now = 0;
    const src = scoped({ p1: { a: "A", b: "B", c: "C" } });
    const reader = new BatchReader<string, string>({
      fetch: never,
      fetchAll: src.fetchAll,
      eager: true,
      setTimer: t.setTimer,
      now: () => now,
      snapshotTtlMs: 100,
    });
    const first = reader.load("a", "p1");
    t.fire(); // the full fetch of p1 is now running
    const joined = reader.load("b", "p1");
    t.fire();
    await src.release();
    expect(await Promise.all([first, joined])).toEqual(["A", "B"]);
    now = 50;
    expect(await reader.load("c", "p1")).toBe("C");
    expect(src.calls).toEqual(["p1"]);
    now = 151; // past the ttl: listed again
    const again = reader.load("c", "p1");
    t.fire();
    await src.release();
    expect(await again).toBe("C");
    expect(src.calls).toEqual(["p1", "p1"]);
  });

  test("invalidate() during a full fetch: its answer still serves its waiters but is not kept", async () => {
    const t = manualTimer();
    const src = scoped({ p1: { a: "A" } });
    const reader = new BatchReader<string, string>({ fetch: never, fetchAll: src.fetchAll, eager: true, setTimer: t.setTimer });
    const first = reader.load("a", "p1");
    t.fire();
    reader.invalidate(); // a write happened while the list was on its way
    const after = reader.load("a", "p1"); // must not join the stale fetch
    t.fire();
    await src.release();
    expect(await Promise.all([first, after])).toEqual(["A", "A"]);
    expect(src.calls).toEqual(["p1", "p1"]);
    const third = reader.load("a", "p1");
    t.fire();
    await src.release();
    expect(await third).toBe("A");
    expect(src.calls).toEqual(["p1", "p1"]); // the second answer (after the write) is kept
  });

  test("a failed full fetch reaches its waiters and is not kept", async () => {
    const t = manualTimer();
    let fail = true;
    const reader = new BatchReader<string, string>({
      fetch: never,
      eager: true,
      setTimer: t.setTimer,
      fetchAll: () => (fail ? Promise.reject(new Error("list failed")) : Promise.resolve(new Map([["a", "A"]]))),
    });
    const p = reader.load("a");
    t.fire();
    await expect(p).rejects.toThrow("list failed");
    fail = false;
    const q = reader.load("a");
    t.fire();
    expect(await q).toBe("A");
  });

  test("eager without fetchAll is refused", () => {
    expect(() => new BatchReader<string, string>({ fetch: never, eager: true })).toThrow("eager needs fetchAll");
  });
});

describe("SharedAnswer", () => {
  function counted(maxUses = 3, ttlMs = 1000, graceMs?: number) {
    let calls = 0;
    let clock = 0;
    const gates: Array<() => void> = [];
    const answer = new SharedAnswer<number>({
      fetch: async () => ++calls,
      maxUses,
      ttlMs,
      graceMs,
      now: () => clock,
    });
    let keys = 0;
    /** A use that holds the answer until released. */
    const hold = (key = `k${keys++}`) => {
      let seen = 0;
      const done = answer.use(key, async (a) => {
        seen = a;
        await new Promise<void>((r) => gates.push(r));
        return a;
      });
      return { done, seen: () => seen };
    };
    const once = (key = `k${keys++}`) => answer.use(key, async (x) => x);
    return { answer, hold, once, gates, tick: (ms: number) => (clock += ms), calls: () => calls };
  }
  const settle = nextTurn;

  test("operations that overlap share one call; one after another each make their own", async () => {
    const t = counted(10);
    const a = t.hold();
    const b = t.hold();
    await settle();
    t.gates.shift()!(); // a ends while b still runs …
    await a.done;
    const c = t.hold(); // … so c still shares the first answer
    await settle();
    expect([a.seen(), b.seen(), c.seen()]).toEqual([1, 1, 1]);
    t.gates.splice(0).forEach((g) => g());
    await Promise.all([b.done, c.done]);
    expect(await t.once()).toBe(2); // nothing running (and no grace): a fresh call
    expect(await t.once()).toBe(3);
    expect(t.answer.stats).toEqual({ calls: 3, uses: 5 });
  });

  test("an answer serves at most maxUses callers and is not used past ttlMs", async () => {
    const t = counted(2, 1000);
    const held = [t.hold(), t.hold(), t.hold()];
    await settle();
    expect(held.map((h) => h.seen())).toEqual([1, 1, 2]);
    t.tick(1001);
    const late = t.hold();
    await settle();
    expect(late.seen()).toBe(3); // answer 2 is still in use, but too old
    t.gates.splice(0).forEach((g) => g());
    await Promise.all([...held, late].map((h) => h.done));
    expect(t.calls()).toBe(3);
  });

  test("graceMs: an answer nobody uses serves a new caller until graceMs after its last use settled", async () => {
    const t = counted(10, 1000, 200);
    expect(await t.once()).toBe(1);
    t.tick(200); // idle exactly the grace: still served
    expect(await t.once()).toBe(1);
    t.tick(150); // the grace runs from the last use, not the first
    expect(await t.once()).toBe(1);
    t.tick(201);
    expect(await t.once()).toBe(2); // idle longer than the grace: a fresh call
    // The grace never stretches ttlMs: uses 150 ms apart keep it alive only until it is 1000 ms old.
    for (let i = 0; i < 6; i++) {
      t.tick(150);
      await t.once();
    }
    t.tick(150);
    expect(await t.once()).toBe(3); // answer 2 is 1050 ms old
  });

  test("a key is never served an answer whose call started before its own last use settled", async () => {
    const t = counted(10, 1000, 1000);
    const first = t.hold("job A");
    const other = t.hold("job B");
    await settle();
    t.gates.shift()!();
    expect(await first.done).toBe(1);
    // A again (a repeat of A's create): answer 1 predates A's first attempt, so a fresh call, even
    // though answer 1 is still in use by B and young.
    const again = t.hold("job A");
    await settle();
    expect(again.seen()).toBe(2);
    // Another key is served the newest answer; A's next attempt after this one settles calls again.
    const c = t.hold("job C");
    await settle();
    expect(c.seen()).toBe(2);
    t.gates.splice(0).forEach((g) => g());
    await Promise.all([other.done, again.done, c.done]);
    expect(await t.once("job A")).toBe(3);
    expect(await t.once("job B")).toBe(3); // answer 3 started after B's use settled
  });

  test("a failed call fails its own callers only; the next caller calls again", async () => {
    let n = 0;
    const answer = new SharedAnswer<number>({
      fetch: async () => {
        if (++n === 1) throw new Error("lost");
        return n;
      },
      maxUses: 10,
      ttlMs: 1000,
      graceMs: 1000,
      now: () => 0,
    });
    const first = answer.use("a", async (x) => x);
    const second = answer.use("b", async (x) => x);
    await expect(first).rejects.toThrow("lost");
    await expect(second).rejects.toThrow("lost");
    expect(await answer.use("c", async (x) => x)).toBe(2);
  });
});

test("holdWhileFetching: loads whose window ends while a call runs wait for it and share the next call", async () => {
  jest.useFakeTimers();
  try {
    const calls: string[][] = [];
    const answers: Array<() => void> = [];
    const reader = new BatchReader<string, string>({
      windowMs: 10,
      holdWhileFetching: true,
      fetch: (keys) => {
        calls.push([...keys]);
        return new Promise((r) => answers.push(() => r(new Map(keys.map((k) => [k, k.toUpperCase()])))));
      },
    });
    const a = reader.load("a");
    jest.advanceTimersByTime(10);
    expect(calls).toEqual([["a"]]);
    const b = reader.load("b");
    jest.advanceTimersByTime(10); // b's window ends while a's call runs: held
    const c = reader.load("c");
    jest.advanceTimersByTime(50);
    expect(calls).toEqual([["a"]]);
    answers.shift()!();
    await a;
    expect(calls).toEqual([["a"], ["b", "c"]]);
    answers.shift()!();
    expect(await Promise.all([b, c])).toEqual(["B", "C"]);
  } finally {
    jest.useRealTimers();
  }
});
