/**
 * The mixed fleet of bench/fleet (every resource type in one stack) driven with the real CLI against
 * an emulator, measuring each step at the emulator: calls per API, the most calls in flight per API,
 * and wall time. Shared by `make bench-fleet` (figures printed) and tests/e2e/fleet-budget.e2e.test.ts
 * (call counts and peaks asserted, never time).
 */
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

export type FleetStep = "up" | "refresh" | "preview --refresh" | "destroy";

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
  const t = performance.now();
  await run();
  const wallSeconds = (performance.now() - t) / 1000;
  const byLabel = emu.calls();
  const calls: Record<string, number> = {};
  for (const [label, n] of Object.entries(byLabel)) {
    const api = apiOf(label.split(" ")[1] ?? "");
    calls[api] = (calls[api] ?? 0) + n;
  }
  return { step, calls, total: emu.totalCalls(), peak: emu.peakInFlight(), byLabel, wallSeconds };
}

/** up, refresh, preview --refresh --expect-no-changes, destroy. */
export async function runFleet(emu: Emulator, s: E2EStack): Promise<StepFigures[]> {
  const out: StepFigures[] = [];
  out.push(await measureStep(emu, "up", () => s.stack.up(capture(s))));
  out.push(await measureStep(emu, "refresh", () => s.stack.refresh(capture(s))));
  out.push(await measureStep(emu, "preview --refresh", () => s.stack.preview({ refresh: true, expectNoChanges: true, ...capture(s) })));
  out.push(await measureStep(emu, "destroy", () => s.stack.destroy(capture(s))));
  return out;
}
