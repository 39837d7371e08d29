/**
 * `make bench-drift`: the reference fleet (docs/fleet-scale.md) split over 3 stacks of one backend
 * and one Qualys subscription, with the real CLI against the bundled emulator. Prints the API calls
 * of the three stacks' `pulumi preview --refresh` runs (summed) against one `qualys-drift` run over
 * the same three stacks (its refresh previews plus the unmanaged scan), the drift run's wall time,
 * and the size of each report. Figures are printed, never asserted.
 *
 * Environment: FLEET="nsx=300,jobs=200,accounts=50,parents=3,targets=300", SHARDS (3).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { startEmulator } from "../emulator";
import { discoverFleetTargets, measureStep, parseFleetSize, REFERENCE_FLEET } from "../tests/helpers/fleet";
import { capture, createExampleStack, REPO, type E2EStack } from "../tests/helpers/pulumi";

const DRIFT_MAIN = join(REPO, "node_modules/pulumi-qualys/dist/provider/drift/main.js");

async function main(): Promise<void> {
  const size = parseFleetSize(process.env.FLEET, REFERENCE_FLEET);
  const shards = Number(process.env.SHARDS ?? 3);
  const emu = await startEmulator({});
  const shared = mkdtempSync(join(tmpdir(), "pq-bench-drift-"));
  const env = {
    PULUMI_BACKEND_URL: `file://${shared}`,
    PULUMI_HOME: join(shared, ".pulumi-home"),
    PULUMI_SKIP_CHECKPOINTS: process.env.PULUMI_SKIP_CHECKPOINTS ?? "true",
  };
  const stacks: E2EStack[] = [];
  try {
    await discoverFleetTargets(emu, size);
    for (let shard = 0; shard < shards; shard++) {
      const config = Object.fromEntries(
        Object.entries({ ...size, shards, shard }).map(([k, v]) => [`qualys-fleet:${k}`, { value: String(v) }]),
      );
      const s = await createExampleStack("../bench/fleet", { emulatorUrl: emu.url, config, env });
      stacks.push(s);
      const t = performance.now();
      await s.stack.up(capture(s));
      console.error(`up of stack ${shard + 1} of ${shards}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    const previews = [];
    for (const s of stacks)
      previews.push(await measureStep(emu, "preview --refresh", () => s.stack.preview({ refresh: true, ...capture(s) })));

    const out = join(shared, "reports");
    const args = ["--cwd", join(REPO, "bench/fleet"), ...stacks.flatMap((s) => ["--stack", s.name])];
    args.push("--format", "json,markdown,junit,html", "--out", out, "--parallel", process.env.DRIFT_PARALLEL ?? "1");
    let code = 0;
    let stderr = "";
    const drift = await measureStep(emu, "refresh", () => {
      return new Promise<void>((resolve) =>
        execFile(
          process.execPath,
          [DRIFT_MAIN, ...args],
          { env: { ...process.env, ...stacks[0].env }, maxBuffer: 64 << 20 },
          (err, _o, e) => {
            code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
            stderr = e;
            resolve();
          },
        ),
      );
    });

    const sum = previews.reduce((n, p) => n + p.total, 0);
    console.log(`\nqualys-drift over the fleet split into ${shards} stacks (${describe(size)})`);
    console.log(
      `  ${shards} × pulumi preview --refresh: ${sum} calls (${previews.map((p) => p.total).join(" + ")}); wall ${previews.reduce((n, p) => n + p.wallSeconds, 0).toFixed(1)} s`,
    );
    console.log(
      `  one qualys-drift run:        ${drift.total} calls (${Object.entries(drift.byLabel)
        .map(([l, n]) => `${l} ${n}`)
        .join(", ")})`,
    );
    console.log(`  drift run wall time: ${drift.wallSeconds.toFixed(1)} s; exit code ${code}`);
    console.log(`  last progress line: ${stderr.trim().split("\n").slice(-1)[0] ?? ""}`);
    for (const f of readdirSync(out)) console.log(`  ${f}: ${(statSync(join(out, f)).size / 1024).toFixed(1)} kB`);
  } finally {
    for (const s of stacks) await s.cleanup();
    rmSync(shared, { recursive: true, force: true });
    await emu.close();
  }
}

function describe(size: typeof REFERENCE_FLEET): string {
  return `${size.nsx} NSX, ${size.jobs} jobs, ${size.targets} targets under ${size.parents} parents, ${size.accounts} accounts`;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
