/**
 * `make bench-fleet`: the reference fleet (docs/fleet-scale.md) in one stack, with the real CLI
 * against the bundled emulator. Prints, for up, refresh, preview --refresh, an update of every
 * resource and destroy: API calls, the fewest calls the APIs allow for that step
 * (tests/helpers/fleet.ts `minimumCalls`) and the ratio of the two, calls and the most calls in
 * flight per API (measured at the emulator), and wall time. Then the same at an emulator latency of
 * 150 ms on a smaller fleet, with the ratio of wall time to minimum × latency ÷ 2 (the time a
 * minimum-call script at `maxConcurrency: 2` needs at best). Figures are printed, never asserted.
 *
 * Environment: FLEET="nsx=300,jobs=200,accounts=50,parents=3,targets=300" (the first run's size),
 * LATENCY_FLEET (default a tenth of it), LATENCY_MS (150; 0 skips the second run),
 * PULUMI_SKIP_CHECKPOINTS (default true here, printed; the user's choice in real runs, see the docs),
 * FLEET_UPDATE_RUNS (updates of every resource in the first run, 3 by default: the provider's CPU for
 * the same update varies by about ±10 % between runs, so the median is printed too),
 * FLEET_SLOPE (1 by default; 0 skips it): the tenth of the fleet at loopback too, with the same
 * update runs, to split the update's provider CPU into a cost per resource (the slope between the
 * two sizes) and a cost per run (Pulumi starts a provider process per `pulumi up`: its start, and
 * the code's first, still unoptimised calls, are paid once per run whatever the fleet's size),
 * BENCH_JSON (a file to write the figures to as well), CPU_PROF_DIR (V8 CPU profiles of the first
 * run's Node processes per step, the dynamic provider's among them: `<dir>/<step>/*.cpuprofile`).
 */
import { writeFileSync } from "node:fs";
import { startEmulator } from "../emulator";
import {
  createFleetStack,
  minimumCalls,
  parseFleetSize,
  REFERENCE_FLEET,
  runFleet,
  type FleetSize,
  type StepFigures,
} from "../tests/helpers/fleet";

const APIS = ["api", "gateway", "portal"];

function fmt(r: Record<string, number>): string {
  return (
    APIS.filter((a) => r[a] !== undefined)
      .map((a) => `${a} ${r[a]}`)
      .join(", ") || "-"
  );
}

function describe(size: FleetSize): string {
  return `${size.nsx} NSX, ${size.jobs} jobs, ${size.targets} targets under ${size.parents} parents, ${size.accounts} accounts`;
}

async function run(
  size: FleetSize,
  latencyMs: number,
  env: Record<string, string>,
  options: { cpuProfDir?: string; updateRuns?: number } = {},
): Promise<StepFigures[]> {
  const emu = await startEmulator({ latencyMs });
  const s = await createFleetStack(emu, size, env);
  try {
    return await runFleet(emu, s, options);
  } finally {
    await s.cleanup();
    await emu.close();
  }
}

const results: { title: string; size: FleetSize; latencyMs: number; figures: StepFigures[] }[] = [];

function print(title: string, size: FleetSize, figures: StepFigures[], latencyMs: number): void {
  results.push({ title, size, latencyMs, figures });
  console.log(`\n## ${title}`);
  const ratio = latencyMs > 0;
  console.log(
    `| step | API calls | minimum | calls ÷ minimum | calls per API | peak in flight per API | wall s | provider CPU s |${ratio ? " wall ÷ (minimum × latency ÷ 2) |" : ""}`,
  );
  console.log(`| --- | --- | --- | --- | --- | --- | --- | --- |${ratio ? " --- |" : ""}`);
  for (const f of figures) {
    const min = minimumCalls(size, f.step);
    const ideal = (min * latencyMs) / 2 / 1000;
    const r = ratio ? ` ${ideal > 0 ? (f.wallSeconds / ideal).toFixed(2) : "-"} |` : "";
    const x = min > 0 ? (f.total / min).toFixed(2) : "-";
    console.log(
      `| ${f.step}${f.run !== undefined ? ` (run ${f.run})` : ""} | ${f.total} | ${min} | ${x} | ${fmt(f.calls)} | ${fmt(f.peak)} | ${f.wallSeconds.toFixed(1)} | ${f.providerCpuSeconds?.toFixed(2) ?? "-"} |${r}`,
    );
  }
  const updates = updateCpuSeconds(figures);
  if (updates.length > 1) {
    const resources = resourcesOf(size);
    const perResource = updates.map((s) => (s * 1000) / resources);
    console.log(
      `\nUpdate, provider CPU per resource (${resources} resources) in ${updates.length} runs: ${perResource.map((m) => m.toFixed(2)).join(" / ")} ms; median ${median(perResource).toFixed(2)} ms.`,
    );
  }
}

const resourcesOf = (size: FleetSize): number => size.nsx + size.jobs + size.accounts + size.targets;

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The provider CPU seconds of each update run of one fleet run. */
function updateCpuSeconds(figures: StepFigures[]): number[] {
  return figures.filter((f) => f.step === "update" && f.providerCpuSeconds !== undefined).map((f) => f.providerCpuSeconds!);
}

/**
 * The update's provider CPU as a line through two fleet sizes (medians of their runs): the slope is
 * what one more resource costs, the intercept what a run costs before its first resource.
 */
function printUpdateSlope(big: { size: FleetSize; figures: StepFigures[] }, small: { size: FleetSize; figures: StepFigures[] }): void {
  const [bigCpu, smallCpu] = [updateCpuSeconds(big.figures), updateCpuSeconds(small.figures)];
  if (bigCpu.length === 0 || smallCpu.length === 0) return;
  const [n1, n2] = [resourcesOf(big.size), resourcesOf(small.size)];
  const [c1, c2] = [median(bigCpu), median(smallCpu)];
  const slope = (c1 - c2) / (n1 - n2);
  console.log(
    `\nUpdate, provider CPU by fleet size (medians): ${n1} resources ${c1.toFixed(2)} s, ${n2} resources ${c2.toFixed(2)} s (runs: ${smallCpu.map((c) => c.toFixed(2)).join(" / ")} s)` +
      ` → per resource ${(slope * 1000).toFixed(2)} ms, per run ${(c1 - slope * n1).toFixed(2)} s; all of it ÷ ${n1}: ${((c1 * 1000) / n1).toFixed(2)} ms.`,
  );
}

async function main(): Promise<void> {
  const size = parseFleetSize(process.env.FLEET, REFERENCE_FLEET);
  const tenth: FleetSize = {
    nsx: Math.ceil(size.nsx / 10),
    jobs: Math.ceil(size.jobs / 10),
    accounts: Math.max(Math.ceil(size.accounts / 10), size.parents),
    parents: size.parents,
    targets: Math.ceil(size.targets / 10),
  };
  const latencySize = parseFleetSize(process.env.LATENCY_FLEET, tenth);
  const latencyMs = Number(process.env.LATENCY_MS ?? 150);
  const skip = process.env.PULUMI_SKIP_CHECKPOINTS ?? "true";
  const env = { PULUMI_SKIP_CHECKPOINTS: skip };
  console.log(`bench-fleet: PULUMI_SKIP_CHECKPOINTS=${skip} (file:// backend), qualys:maxConcurrency 2 (the default)`);

  const updateRuns = Number(process.env.FLEET_UPDATE_RUNS ?? 3);
  const reference = { size, figures: await run(size, 0, env, { cpuProfDir: process.env.CPU_PROF_DIR, updateRuns }) };
  print(`Fleet of ${describe(size)}: loopback emulator, no added latency`, size, reference.figures, 0);
  if (process.env.FLEET_SLOPE !== "0") {
    const small = { size: tenth, figures: await run(tenth, 0, env, { updateRuns }) };
    print(`Fleet of ${describe(tenth)}: loopback emulator, no added latency`, tenth, small.figures, 0);
    printUpdateSlope(reference, small);
  }
  if (latencyMs > 0) {
    print(
      `Fleet of ${describe(latencySize)}: emulator latency ${latencyMs} ms`,
      latencySize,
      await run(latencySize, latencyMs, env),
      latencyMs,
    );
  }
  if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(results, null, 2));
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
