/**
 * Benchmarks (`make bench`): figures printed, never asserted. Measures
 *  1. API calls per ServiceAccount operation (emulator counters),
 *  2. provider overhead per operation against the loopback emulator,
 *  3. the size of `__provider` in state,
 *  4. `pulumi up` / `refresh` wall time for N resources with the real CLI.
 */
import { performance } from "node:perf_hooks";
import { startHarness } from "../tests/helpers/provider-harness";
import { capture, createExampleStack } from "../tests/helpers/pulumi";
import { serviceAccountHandler as h } from "../provider/resources/service-account/handler";
import type { ServiceAccountInputs } from "../provider/resources/service-account/schema";
import { startEmulator } from "../emulator";
import { extraBenchmarks } from "./extra";
import { nativeBenchmark } from "./native";

function inputs(id: string, regions = ["us-east1", "us-west1"]): ServiceAccountInputs {
  return h.check({}, { accountId: id, cloudType: "GCP", regions }).inputs as ServiceAccountInputs;
}

async function apiCallsAndOverhead(): Promise<void> {
  const H = await startHarness();
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    const ops: Record<string, { calls: number; ms: number[] }> = {};
    const record = async (op: string, fn: () => Promise<unknown>) => {
      H.emu.resetCalls();
      const t = performance.now();
      await fn();
      const ms = performance.now() - t;
      (ops[op] ??= { calls: H.emu.totalCalls(), ms: [] }).ms.push(ms);
    };
    const N = 50;
    for (let i = 0; i < N; i++) {
      const id = `bench-${i}`;
      let outs!: Awaited<ReturnType<typeof h.create>>["outs"];
      await record("create", async () => (outs = (await h.create(H.ctx, inputs(id))).outs));
      await record("read (refresh)", () => h.read(H.ctx, id, outs));
      let updated!: typeof outs;
      await record("update", async () => (updated = await h.update(H.ctx, id, outs, inputs(id, ["us-east1"]))));
      await record("delete", () => h.delete(H.ctx, id, updated));
    }
    console.log("\n## ServiceAccount: API calls and provider time per operation (loopback emulator)");
    console.log("| operation | API calls | median ms | p95 ms |");
    console.log("| --- | --- | --- | --- |");
    for (const [op, v] of Object.entries(ops)) {
      const s = [...v.ms].sort((a, b) => a - b);
      console.log(`| ${op} | ${v.calls} | ${s[Math.floor(s.length / 2)].toFixed(2)} | ${s[Math.floor(s.length * 0.95)].toFixed(2)} |`);
    }
  } finally {
    console.warn = warn;
    await H.close();
  }
}

async function cliWallTime(count: number): Promise<void> {
  const emu = await startEmulator();
  const s = await createExampleStack("../bench/stack", {
    emulatorUrl: emu.url,
    config: { "qualys-bench:count": { value: String(count) } },
  });
  try {
    const time = async (fn: () => Promise<unknown>) => {
      const t = performance.now();
      await fn();
      return (performance.now() - t) / 1000;
    };
    emu.resetCalls();
    const up = await time(() => s.stack.up(capture(s)));
    const upCalls = emu.totalCalls();
    emu.resetCalls();
    const refresh = await time(() => s.stack.refresh(capture(s)));
    const refreshCalls = emu.totalCalls();
    const preview = await time(() => s.stack.preview({ expectNoChanges: true, ...capture(s) }));
    const deployment = await s.stack.exportStack();
    const sa = deployment.deployment.resources.find((r: { type: string }) => r.type.endsWith("qualys:ServiceAccount"));
    const destroy = await time(() => s.stack.destroy(capture(s)));
    console.log(`\n## Real CLI, ${count} ServiceAccounts (file:// backend, loopback emulator)`);
    console.log(`| step | wall s | API calls |\n| --- | --- | --- |`);
    console.log(`| up | ${up.toFixed(1)} | ${upCalls} |`);
    console.log(`| refresh | ${refresh.toFixed(1)} | ${refreshCalls} |`);
    console.log(`| preview --expect-no-changes | ${preview.toFixed(1)} | - |`);
    console.log(`| destroy | ${destroy.toFixed(1)} | - |`);
    console.log(`\n__provider in state: ${Buffer.byteLength(String(sa.inputs.__provider))} bytes: ${JSON.stringify(sa.inputs.__provider)}`);
  } finally {
    await s.cleanup();
    await emu.close();
  }
}

async function main(): Promise<void> {
  await apiCallsAndOverhead();
  await extraBenchmarks();
  await nativeBenchmark();
  await cliWallTime(Number(process.env.BENCH_COUNT ?? 10));
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
