/**
 * Fault specs validated at registration, and seeded chaos: every kind fires, per-kind counters,
 * determinism per seed, and the lost-answer kinds really run the handler before losing the answer.
 */
import { CHAOS_KINDS, Chaos } from "./chaos";
import { nsxSlice } from "./services/nsx";
import { useEmulator } from "../tests/helpers/emulator-client";

const E = useEmulator();

const NSX = "/api/3.0/fo/auth/nsx/";
const create = (title: string, signal?: AbortSignal) =>
  E.form(NSX, { action: "create", title, ips: "10.0.0.1", username: "u", password: "p" }, { signal });
const titles = () => [...nsxSlice(E.emu.tenant()).records.values()].map((r) => r.title);
const control = E.admin;

describe("fault specs are validated when registered", () => {
  test.each([
    [{ path: "/(/" }, "path: path is not a valid regular expression"],
    [{ status: "500" }, "status"],
    [{ status: 200 }, "status must be an error status (400–599)"],
    [{ times: -1 }, "times"],
    [{ delayMs: -5 }, "delayMs"],
    [{ afterhandler: true }, "afterhandler"],
    [{ cut: true, status: 500 }, "cut and status exclude each other"],
    [[{ status: 500 }, { waitSeconds: "1" }], "fault 1: waitSeconds"],
  ])("%j → 400 naming the field, nothing registered, the next API call answers normally", async (spec, message) => {
    const r = await control("POST", "faults", spec);
    expect(r.status).toBe(400);
    expect(r.json.errors[0].message).toContain(message);
    expect(E.emu.faults.list()).toEqual([]);
    expect((await create("still fine")).status).toBe(200);
  });

  test("in process too: injectFault throws instead of queueing a fault that would throw later", () => {
    expect(() => E.emu.injectFault({ path: "/(/" })).toThrow(/path is not a valid regular expression/);
  });

  test("a valid regex path is compiled once and matches", async () => {
    expect((await control("POST", "faults", { path: "/fo/auth/nsx/$/", status: 503, waitSeconds: 1 })).status).toBe(200);
    expect((await create("a")).status).toBe(503);
    expect((await create("b")).status).toBe(200);
  });
});

describe("chaos", () => {
  test("probability 1 over every kind: each kind fires, counters per kind add up, control calls are never faulted", async () => {
    expect((await control("POST", "chaos", { seed: 7, probability: 1, timeoutMs: 50, slowMs: 1 })).status).toBe(200);
    const statuses: Array<number | string> = [];
    for (let i = 0; i < 120; i++) {
      statuses.push(
        await create(`r${i}`).then(
          (r) => r.status,
          () => "cut",
        ),
      );
    }
    const s = (await control("GET", "chaos")).json;
    expect(s.enabled).toBe(true);
    expect(s.calls).toBe(120);
    expect(s.faults).toBe(120);
    for (const k of CHAOS_KINDS) expect(s.byKind[k]).toBeGreaterThan(0);
    // The wire shows what the counters say.
    const count = (p: (x: number | string) => boolean) => statuses.filter(p).length;
    expect(count((x) => x === "cut")).toBe(s.byKind["cut-before"] + s.byKind["cut-after"]);
    expect(count((x) => x === 429)).toBe(s.byKind["429"]);
    expect(count((x) => x === 409)).toBe(s.byKind["409-1960"] + s.byKind["409-1965"]);
    expect(count((x) => x === 503)).toBe(s.byKind["503"]);
    // Each kind that ran the handler left its record: slow, timeout-after (late 200), cut-after, 5xx-after.
    expect(titles()).toHaveLength(s.byKind.slow + s.byKind["timeout-after"] + s.byKind["cut-after"] + s.byKind["5xx-after"]);
    expect((await control("DELETE", "chaos")).json).toMatchObject({ enabled: false, faults: 120 });
    expect((await create("calm")).status).toBe(200);
  });

  test("409/1965 and 429 carry the limit headers with the configured wait", async () => {
    await control("POST", "chaos", { seed: 3, probability: 1, kinds: ["409-1965"], waitSeconds: 1 });
    const r = await create("x");
    expect(r.status).toBe(409);
    expect(r.headers.get("x-ratelimit-towait-sec")).toBe("1");
    expect(r.body).toContain("<KEY>SECONDS_TO_WAIT</KEY>");
    await control("POST", "chaos", { seed: 3, probability: 1, kinds: ["429"], waitSeconds: 1 });
    expect((await create("y")).headers.get("retry-after")).toBe("1");
  });

  test("timeout-after: the client gives up, the server still executes the call", async () => {
    await control("POST", "chaos", { seed: 1, probability: 1, kinds: ["timeout-after"], timeoutMs: 400 });
    await expect(create("late", AbortSignal.timeout(100))).rejects.toThrow();
    expect(titles()).toEqual(["late"]);
  });

  test("deterministic per seed, whatever order the calls arrive in; another seed differs", () => {
    const calls = Array.from({ length: 300 }, (_, i) => ({ method: "POST", path: NSX, query: "", body: `title=t${i % 60}` }));
    const run = (seed: number, order: typeof calls) => {
      const c = new Chaos();
      c.enable({ seed, probability: 0.2 });
      const out = new Map<string, string[]>();
      for (const call of order) out.set(call.body, [...(out.get(call.body) ?? []), c.decide(call)?.kind ?? "-"]);
      return { stats: c.stats(), out: Object.fromEntries([...out.entries()].sort()) };
    };
    const a = run(1, calls);
    const b = run(1, [...calls].reverse());
    expect(b).toEqual(a);
    expect(a.stats.faults).toBeGreaterThan(30);
    expect(a.stats.faults).toBeLessThan(90);
    expect(run(2, calls).out).not.toEqual(a.out);
  });

  test("bad chaos settings are a 400 naming the field; reset turns chaos off", async () => {
    const r = await control("POST", "chaos", { seed: 1, probability: 1.5 });
    expect(r.status).toBe(400);
    expect(r.json.errors[0].message).toContain("probability");
    await control("POST", "chaos", { seed: 1, probability: 1 });
    await control("POST", "reset");
    expect((await control("GET", "chaos")).json.enabled).toBe(false);
  });
});
