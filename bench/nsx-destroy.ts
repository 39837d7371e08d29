/**
 * NSX destroy calls with the real CLI (figures printed, never asserted): bench/fleet with only NSX
 * records, `pulumi up` (at --parallel 64, checkpoints off, to build the stack quickly), then
 * `pulumi destroy` at each `--parallel`, with checkpoints on and off (`PULUMI_SKIP_CHECKPOINTS`), counting the emulator's
 * `action=delete` calls against the bound ⌈N / min(P, 100)⌉ + 2 (docs/nsx-auth-record.md).
 *
 * The `up` is measured too (its `action=list` calls are the creates' read-backs, grouped like the
 * deletes): one line per N before the destroy table's rows.
 *
 * Environment: NSX_DESTROY_N="200,800", NSX_DESTROY_P="8,128", NSX_DESTROY_CHECKPOINTS="on,off"
 * (NSX_DESTROY_P="" measures only the `up`), NSX_UP_P="64", NSX_UP_CHECKPOINTS="off",
 * NSX_DESTROY_LATENCY_MS="0" (added by the emulator to every call of the destroys, not the `up`: a
 * slow API is where the group commit's waits show; real Qualys answers in 100–300 ms).
 * Run: bash scripts/prepare-e2e.sh && PULUMI_QUALYS_BIN=$(bash scripts/pulumi-toolchain.sh | tail -n1) \
 *      npx ts-node --transpile-only bench/nsx-destroy.ts
 */
import { startEmulator } from "../emulator";
import { capture } from "../tests/helpers/pulumi";
import { createFleetStack, measureStep } from "../tests/helpers/fleet";
import { nsxSlice } from "../emulator/services/nsx";

const list = (v: string | undefined, d: string) => (v ?? d).split(",").map((x) => x.trim());
const destroyLatencyMs = Number(process.env.NSX_DESTROY_LATENCY_MS ?? "0");

/**
 * One `up` per N, then a destroy per (P, checkpoints): before each destroy after the first, the
 * stack's state and the emulator's records are put back as the `up` left them (an `up` of 800
 * records takes minutes on a loaded machine; the destroy is what is measured).
 */
async function forN(n: number, configs: Array<[number, boolean]>): Promise<string[]> {
  const emu = await startEmulator();
  const upP = Number(process.env.NSX_UP_P ?? "64");
  const upCheckpoints = (process.env.NSX_UP_CHECKPOINTS ?? "off") === "on";
  const s = await createFleetStack(
    emu,
    { nsx: n, jobs: 0, accounts: 0, parents: 0, targets: 0 },
    { PULUMI_SKIP_CHECKPOINTS: upCheckpoints ? "false" : "true" },
  );
  const rows: string[] = [];
  try {
    const up = await measureStep(emu, "up", () => s.stack.up({ parallel: upP, ...capture(s) }));
    const creates = up.byLabel["POST /api/3.0/fo/auth/nsx/ action=create"] ?? 0;
    const lists = up.byLabel["POST /api/3.0/fo/auth/nsx/ action=list"] ?? 0;
    const upBound = Math.ceil(n / Math.min(upP, 100)) + 2;
    console.log(
      `up: N=${n} --parallel ${upP} checkpoints ${upCheckpoints ? "on" : "off"}: ${creates} create, ${lists} list (bound ⌈N/min(P,100)⌉+2 = ${upBound}), ${up.total} calls, ${up.wallSeconds.toFixed(1)} s`,
    );
    const state = await s.stack.exportStack();
    const records = structuredClone(nsxSlice(emu.tenant()).records);
    for (const [p, checkpoints] of configs) {
      if (rows.length > 0) {
        await s.stack.importStack(state);
        nsxSlice(emu.tenant()).records = structuredClone(records);
      }
      s.stack.workspace.envVars.PULUMI_SKIP_CHECKPOINTS = checkpoints ? "false" : "true";
      emu.latencyMs = destroyLatencyMs;
      const d = await measureStep(emu, "destroy", () => s.stack.destroy({ parallel: p, ...capture(s) }));
      emu.latencyMs = 0;
      const deletes = d.byLabel["POST /api/3.0/fo/auth/nsx/ action=delete"] ?? 0;
      const bound = Math.ceil(n / Math.min(p, 100)) + 2;
      const left = nsxSlice(emu.tenant()).records.size;
      const row = `| ${n} | ${p} | ${checkpoints ? "on" : "off"} | ${deletes} | ${d.total} | ${bound} | ${d.wallSeconds.toFixed(1)} | ${left} |`;
      console.log(row);
      rows.push(row);
    }
  } finally {
    await s.cleanup();
    await emu.close();
  }
  return rows;
}

async function main(): Promise<void> {
  if (destroyLatencyMs > 0) console.log(`destroy calls answered after ${destroyLatencyMs} ms (emulator latency)`);
  console.log("| N | --parallel | checkpoints | delete calls | all calls | bound ⌈N/min(P,100)⌉+2 | destroy wall s | left |");
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
  const configs: Array<[number, boolean]> = [];
  for (const p of list(process.env.NSX_DESTROY_P, "8,128")
    .filter((x) => x !== "")
    .map(Number))
    for (const c of list(process.env.NSX_DESTROY_CHECKPOINTS, "on,off")) configs.push([p, c === "on"]);
  for (const n of list(process.env.NSX_DESTROY_N, "200,800").map(Number)) await forN(n, configs);
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
