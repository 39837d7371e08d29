#!/usr/bin/env node
/**
 * `qualys-emulator [--port N] [--host 127.0.0.1] [--verbose] [--latency-ms N] [--chaos P --chaos-seed N]`: run the
 * emulator until interrupted. `--chaos 0.2` fails 20% of API calls with every fault kind, drawn from
 * `--chaos-seed` (default 1); see README "Chaos".
 * Prints one line `QUALYS_EMULATOR_URL=http://127.0.0.1:PORT` on stdout when ready (scripts read it).
 */
import { DEFAULT_TENANTS } from "./tenants";
import { startEmulator } from "./server";

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string): string | undefined => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  if (args.includes("--help")) {
    process.stdout.write(
      "usage: qualys-emulator [--port N] [--host 127.0.0.1] [--verbose] [--latency-ms N] [--chaos PROBABILITY [--chaos-seed N]]\n",
    );
    return;
  }
  const chaosP = opt("chaos");
  const emu = await startEmulator({
    latencyMs: Number(opt("latency-ms") ?? 0),
    chaos: chaosP === undefined ? undefined : { probability: Number(chaosP), seed: Number(opt("chaos-seed") ?? 1) },
    port: Number(opt("port") ?? 0),
    host: opt("host") ?? "127.0.0.1",
    verbose: args.includes("--verbose"),
  });
  process.stdout.write(`QUALYS_EMULATOR_URL=${emu.url}\n`);
  process.stderr.write(`Qualys emulator on ${emu.url}\n`);
  for (const t of DEFAULT_TENANTS) {
    process.stderr.write(`  tenant ${t.name}: token ${t.tokens[0]}, user ${Object.keys(t.users)[0]}\n`);
  }
  const stop = () => void emu.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

void main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
