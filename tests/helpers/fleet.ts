/**
 * The mixed fleet of bench/fleet (every resource type in one stack) driven with the real CLI against
 * an emulator, measuring each step at the emulator: calls per API, the most calls in flight per API,
 * and wall time. Shared by `make bench-fleet` (figures printed) and tests/e2e/fleet-budget.e2e.test.ts
 * (call counts and peaks asserted, never time).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { apiOf, type Emulator } from "../../emulator/server";
import { capture, createExampleStack, type E2EStack } from "./pulumi";

export interface FleetSize {
  nsx: number;
  jobs: number;
  accounts: number;
  /** The first `parents` accounts are AWS organisations; `targets` member accounts are spread over them. */
  parents: number;
  targets: number;
}

export const REFERENCE_FLEET: FleetSize = { nsx: 300, jobs: 200, accounts: 50, parents: 3, targets: 300 };

/** The same ids as bench/fleet/index.ts (the program cannot export them before `up`). */
export const fleetParentId = (i: number): string => `9000000000${String(i).padStart(2, "0")}`;
export const fleetTargetId = (i: number): string => `8${String(i).padStart(11, "0")}`;

export type FleetStep = "up" | "refresh" | "preview --refresh" | "update" | "destroy";

/** Targets per parent, as {@link discoverFleetTargets} and bench/fleet/index.ts spread them. */
function targetsPerParent(size: FleetSize): number[] {
  return Array.from(
    { length: size.parents },
    (_, p) => Math.floor(size.targets / size.parents) + (p < size.targets % size.parents ? 1 : 0),
  );
}

/**
 * The fewest API calls a step of the fleet can take, from what the Qualys APIs offer (the release
 * notes in the seeds): what a hand-written script that knows the whole fleet up front would send.
 * The one home of this figure; `make bench-fleet` prints each step's calls as a multiple of it.
 */
export function minimumCalls(size: FleetSize, step: FleetStep): number {
  const perParent = targetsPerParent(size);
  switch (step) {
    case "up":
      return (
        // NsxAuthRecord: action=create takes one record and its BATCH_RETURN carries the new id.
        size.nsx +
        // GcpInternalScanJob: action=create takes one job and its SIMPLE_RETURN carries the new id.
        size.jobs +
        // ServiceAccount: register, then setup (regions, interval, tags); neither takes several accounts.
        2 * size.accounts +
        // TargetAccount: Qualys discovers the target under its parent; one setup configures it.
        size.targets
      );
    case "refresh":
    case "preview --refresh":
      return (
        // NsxAuthRecord: one unfiltered action=list shows every record (the list is not paged).
        (size.nsx > 0 ? 1 : 0) +
        // GcpInternalScanJob: one schedule-scan action=list&show_cloud_details=1 (not paged either).
        (size.jobs > 0 ? 1 : 0) +
        // ServiceAccount: the account list, 100 a page (regions and state; cloudInfo only changes
        // with the regions, so /state is not needed on a night without changes).
        Math.ceil(size.accounts / 100) +
        // TargetAccount: per parent, its targets 100 a page (target-accounts?serviceAccountId=) and
        // the parent's /state (a target's cloudInfo and state are the parent's).
        perParent.filter((n) => n > 0).reduce((sum, n) => sum + Math.ceil(n / 100) + 1, 0)
      );
    case "update":
      return (
        // NsxAuthRecord: action=update&ids=; several ids share one call only when every value is
        // the same, which records of a fleet (own title, own ips) never are: 1 each.
        size.nsx +
        // GcpInternalScanJob: action=update&id= (one job a call).
        size.jobs +
        // ServiceAccount and TargetAccount: one setup each (setup is the update).
        size.accounts +
        size.targets
      );
    case "destroy":
      return (
        // NsxAuthRecord: action=delete&ids= takes a list; 100 ids a call keeps the form small.
        Math.ceil(size.nsx / 100) +
        // GcpInternalScanJob: schedule-scan action=delete takes one id.
        size.jobs +
        // ServiceAccount: one deregister each.
        size.accounts
        // TargetAccount: none. No API removes a target, and bench/fleet declares each target
        // `deletedWith` its parent, whose deregister stops its scanning (docs/target-account.md);
        // without deletedWith it would be one stop-scanning setup each.
      );
  }
}

export interface StepFigures {
  step: FleetStep;
  /** Calls per API (`api` = XML /api/, `gateway`, `portal`). */
  calls: Record<string, number>;
  total: number;
  /** The most calls answered at once per API during the step. */
  peak: Record<string, number>;
  /** Calls per endpoint label (for the tests' exact assertions). */
  byLabel: Record<string, number>;
  wallSeconds: number;
  /** CPU seconds of the dynamic provider process(es) of the step; undefined where /proc is not there. */
  providerCpuSeconds?: number;
  /** The step's run number when it is repeated (the update, see `RunFleetOptions.updateRuns`). */
  run?: number;
}

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

function procStat(pid: string): { ppid: number; ticks: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces: the fields after it start past the last ")".
    const f = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return undefined;
  }
}

/**
 * Samples, every 100 ms, the CPU time of this process's descendants that run Pulumi's dynamic
 * provider (the process the handlers run in). A provider process ends with the step, so up to the
 * last 100 ms of its CPU can be missed: a bound of 0.1 s per step on the figure.
 */
function providerCpuSampler(): { stop(): number | undefined } {
  if (process.platform !== "linux") return { stop: () => undefined };
  const seen = new Map<string, number>();
  const isOurs = (pid: string): boolean => {
    let p = procStat(pid)?.ppid;
    for (let hops = 0; p !== undefined && p > 1 && hops < 8; hops++) {
      if (p === process.pid) return true;
      p = procStat(String(p))?.ppid;
    }
    return false;
  };
  const sample = () => {
    for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
      if (!seen.has(pid)) {
        let cmd = "";
        try {
          cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
        } catch {
          continue;
        }
        if (!cmd.includes("cmd/dynamic-provider") || !isOurs(pid)) continue;
      }
      const st = procStat(pid);
      if (st) seen.set(pid, st.ticks);
    }
  };
  const timer = setInterval(sample, 100);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return [...seen.values()].reduce((a, b) => a + b, 0) / USER_HZ;
    },
  };
}

export function parseFleetSize(text: string | undefined, base: FleetSize): FleetSize {
  const out = { ...base };
  for (const part of (text ?? "").split(",").filter((p) => p.trim() !== "")) {
    const [k, v] = part.split("=").map((x) => x.trim());
    if (!(k in out) || !/^\d+$/.test(v ?? ""))
      throw new Error(`fleet size "${part}": expected one of ${Object.keys(out).join(", ")}=<count>`);
    out[k as keyof FleetSize] = Number(v);
  }
  return out;
}

/** Tell the emulator which member accounts each organisation has (Qualys discovers them). */
export async function discoverFleetTargets(emu: { url: string }, size: FleetSize): Promise<void> {
  const members = new Map<number, string[]>();
  for (let i = 0; i < size.targets && size.parents > 0; i++) {
    const p = i % size.parents;
    members.set(p, [...(members.get(p) ?? []), fleetTargetId(i)]);
  }
  for (const [p, ids] of members) {
    const res = await fetch(`${emu.url}/__emulator/tenants/acme/service-accounts/${fleetParentId(p)}/discovered-targets`, {
      method: "POST",
      body: JSON.stringify(ids),
    });
    if (res.status !== 200) throw new Error(`discovery for ${fleetParentId(p)} answered ${res.status}: ${await res.text()}`);
  }
}

export async function createFleetStack(emu: Emulator, size: FleetSize, env: Record<string, string> = {}): Promise<E2EStack> {
  await discoverFleetTargets(emu, size);
  const config = Object.fromEntries(Object.entries(size).map(([k, v]) => [`qualys-fleet:${k}`, { value: String(v) }]));
  return createExampleStack("../bench/fleet", { emulatorUrl: emu.url, config, env });
}

/** Run one step and measure it at the emulator. */
export async function measureStep(emu: Emulator, step: FleetStep, run: () => Promise<unknown>): Promise<StepFigures> {
  emu.resetCalls();
  const cpu = providerCpuSampler();
  const t = performance.now();
  let providerCpuSeconds: number | undefined;
  try {
    await run();
  } finally {
    providerCpuSeconds = cpu.stop();
  }
  const wallSeconds = (performance.now() - t) / 1000;
  const byLabel = emu.calls();
  const calls: Record<string, number> = {};
  for (const [label, n] of Object.entries(byLabel)) {
    const api = apiOf(label.split(" ")[1] ?? "");
    calls[api] = (calls[api] ?? 0) + n;
  }
  return { step, calls, total: emu.totalCalls(), peak: emu.peakInFlight(), byLabel, wallSeconds, providerCpuSeconds };
}

const PRELOAD = resolve(__dirname, "../../bench/cpu-prof-preload.js");

export interface RunFleetOptions {
  /**
   * Write V8 CPU profiles of the step's dynamic provider process into `<cpuProfDir>/<step>/`
   * (bench/cpu-prof-preload.js, through NODE_OPTIONS; summed by bench/cpu-profile.ts, or open one in
   * Chrome DevTools).
   */
  cpuProfDir?: string;
  /**
   * Updates of every resource to run (each changes the same fields to a new value): the provider's
   * CPU for the same work varies by about ±10 % from run to run on a 2-core machine, so one figure
   * says little. Default 1.
   */
  updateRuns?: number;
}

/** up, refresh, preview --refresh --expect-no-changes, an update of every resource (`rev` 1), destroy. */
export async function runFleet(emu: Emulator, s: E2EStack, options: RunFleetOptions = {}): Promise<StepFigures[]> {
  const out: StepFigures[] = [];
  const step = async (name: FleetStep, run: () => Promise<unknown>) => {
    const env = s.stack.workspace.envVars;
    const before = env.NODE_OPTIONS;
    if (options.cpuProfDir) {
      env.NODE_OPTIONS = `${before ?? ""} --require ${PRELOAD}`.trim();
      env.QUALYS_CPU_PROF_DIR = join(options.cpuProfDir, name.replace(/[^a-z]+/g, "-"));
    }
    try {
      out.push(await measureStep(emu, name, run));
    } finally {
      if (before === undefined) delete env.NODE_OPTIONS;
      else env.NODE_OPTIONS = before;
      delete env.QUALYS_CPU_PROF_DIR;
    }
  };
  await step("up", () => s.stack.up(capture(s)));
  await step("refresh", () => s.stack.refresh(capture(s)));
  await step("preview --refresh", () => s.stack.preview({ refresh: true, expectNoChanges: true, ...capture(s) }));
  const updateRuns = options.updateRuns ?? 1;
  for (let rev = 1; rev <= updateRuns; rev++) {
    await s.setConfig({ "qualys-fleet:rev": { value: String(rev) } });
    await step("update", () => s.stack.up(capture(s)));
    if (updateRuns > 1) out[out.length - 1].run = rev;
  }
  await step("destroy", () => s.stack.destroy(capture(s)));
  return out;
}
