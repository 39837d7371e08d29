/**
 * Provider CPU and API calls of writes (part of `make bench-fleet`; figures printed, never asserted).
 *
 * The handlers run in this process exactly as the dynamic provider runs them (`parallel` operations
 * at once, the next starting when one ends, as the engine's `--parallel` does); the emulator runs in
 * a child process, so `process.cpuUsage()` here is the provider's CPU alone.
 *  1. GcpInternalScanJob creates at N = 50, 200, 400: CPU per create and calls (the list-before-create
 *     is where creates used to grow quadratically);
 *  2. creates of every type: calls per create (ServiceAccount, NSX read-backs);
 *  3. an update of every resource: CPU per update and calls.
 *
 * Environment: WRITES_N="50,200,400" (job creates), WRITES_UPDATE_N (50 of each type), WRITES_PARALLEL (8).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { QualysClients } from "../provider/clients";
import type { HandlerContext, ResourceHandler } from "../provider/engine/handler";
import { gcpInternalScanJobHandler } from "../provider/resources/gcp-internal-scan-job/handler";
import { nsxAuthRecordHandler } from "../provider/resources/nsx-auth-record/handler";
import { serviceAccountHandler } from "../provider/resources/service-account/handler";
import { targetAccountHandler } from "../provider/resources/target-account/handler";

const TOKEN = "emulator-token-acme";

interface Emu {
  url: string;
  child: ChildProcess;
}

async function startEmulatorProcess(): Promise<Emu> {
  const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", join(__dirname, "../emulator/main.ts")], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  let buf = "";
  for await (const chunk of child.stdout) {
    buf += String(chunk);
    const m = /QUALYS_EMULATOR_URL=(\S+)/.exec(buf);
    if (m) return { url: m[1], child };
  }
  throw new Error("the emulator exited before it was ready");
}

async function control(emu: Emu, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${emu.url}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function calls(emu: Emu): Promise<{ calls: Record<string, number>; total: number }> {
  return (await control(emu, "GET", "/__emulator/calls")) as { calls: Record<string, number>; total: number };
}

/** Run `ops` with at most `parallel` at once; the provider's CPU (ms) and the emulator's call counts. */
async function measure(emu: Emu, parallel: number, ops: Array<() => Promise<unknown>>) {
  await control(emu, "POST", "/__emulator/calls/reset");
  let next = 0;
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: Math.min(parallel, ops.length) }, async () => {
      while (next < ops.length) await ops[next++]();
    }),
  );
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, ...(await calls(emu)) };
}

function checked<I>(h: ResourceHandler<I, unknown>, props: Record<string, unknown>): I {
  const r = h.check({}, props);
  if (r.failures.length > 0) throw new Error(`${h.type}: ${JSON.stringify(r.failures)}`);
  return r.inputs as I;
}

type AnyHandler = ResourceHandler<unknown, unknown>;

/** Inputs per type; `rev` changes one updatable field (as bench/fleet's `rev`). */
const FLEET_INPUTS: Record<string, (i: number, rev: number) => Record<string, unknown>> = {
  NsxAuthRecord: (i, rev) => ({
    title: `Bench NSX ${i}`,
    ips: [`10.90.${Math.floor(i / 250)}.${(i % 250) + 1}`],
    username: "svc",
    password: "Bench-Pa55word",
    ...(rev > 0 ? { comments: `rev ${rev}` } : {}),
  }),
  GcpInternalScanJob: (i, rev) => ({
    title: `Bench scan ${i}`,
    connectorName: "gcp-prod-connector",
    optionProfileTitle: "Qualys Recommended Option Profile",
    scannerNames: ["RM_GCP_SCANNER"],
    schedule: { type: "weekly", frequencyWeeks: 1, weekdays: ["Monday"], startHour: i % 24, startMinute: 0, timeZoneCode: "US-CA" },
    ...(rev > 0 ? { priority: rev % 10 } : {}),
  }),
  ServiceAccount: (i, rev) => ({ accountId: `bench-project-${i}`, cloudType: "GCP", regions: ["us-east1"], scanInterval: 24 + rev }),
  TargetAccount: (i, rev) => ({
    accountId: `7${String(i).padStart(11, "0")}`,
    serviceAccountId: PARENT,
    regions: ["us-east-1"],
    scanInterval: 24 + rev,
  }),
};
const PARENT = "900000000099";
const HANDLERS: AnyHandler[] = [
  nsxAuthRecordHandler,
  gcpInternalScanJobHandler,
  serviceAccountHandler,
  targetAccountHandler,
] as AnyHandler[];

async function withTenant<T>(emu: Emu, n: number, fn: (ctx: HandlerContext) => Promise<T>): Promise<T> {
  await control(emu, "POST", "/__emulator/reset");
  const clients = QualysClients.fromSources({
    env: { QUALYS_API_URL: emu.url, QUALYS_GATEWAY_URL: emu.url, QUALYS_PORTAL_URL: emu.url, QUALYS_TOKEN: TOKEN },
  });
  const ctx: HandlerContext = { clients: () => clients };
  try {
    // The parent of the targets, and the targets Qualys discovered under it.
    await serviceAccountHandler.create(
      ctx,
      checked(serviceAccountHandler as AnyHandler, { accountId: PARENT, cloudType: "AWS", regions: ["us-east-1"] }) as never,
    );
    await control(
      emu,
      "POST",
      `/__emulator/tenants/acme/service-accounts/${PARENT}/discovered-targets`,
      Array.from({ length: n }, (_, i) => `7${String(i).padStart(11, "0")}`),
    );
    return await fn(ctx);
  } finally {
    await clients.close();
  }
}

function perApiCall(c: Record<string, number>): string {
  return Object.entries(c)
    .map(([label, n]) => `${n}× ${label}`)
    .join(", ");
}

async function main(): Promise<void> {
  const sizes = (process.env.WRITES_N ?? "50,200,400").split(",").map(Number);
  const updateN = Number(process.env.WRITES_UPDATE_N ?? 50);
  const parallel = Number(process.env.WRITES_PARALLEL ?? 8);
  const warn = console.warn;
  console.warn = () => undefined;
  const emu = await startEmulatorProcess();
  try {
    console.log(`\n## GcpInternalScanJob creates, ${parallel} at a time: provider CPU and calls`);
    console.log("| N | provider CPU ms per create | calls | calls ÷ N | bound N + ⌈N/P⌉ + 2 |");
    console.log("| --- | --- | --- | --- | --- |");
    for (const n of sizes) {
      const h = gcpInternalScanJobHandler as AnyHandler;
      const m = await withTenant(emu, 0, (ctx) =>
        measure(
          emu,
          parallel,
          Array.from({ length: n }, (_, i) => () => h.create(ctx, checked(h, FLEET_INPUTS[h.type](i, 0)))),
        ),
      );
      console.log(`| ${n} | ${(m.cpuMs / n).toFixed(2)} | ${m.total} | ${(m.total / n).toFixed(2)} | ${n + Math.ceil(n / parallel) + 2} |`);
    }

    console.log(`\n## Create and update of ${updateN} resources per type, ${parallel} at a time`);
    console.log(
      "| type | create calls | calls per create | update calls | calls per update | provider CPU ms per update | update calls by endpoint |",
    );
    console.log("| --- | --- | --- | --- | --- | --- | --- |");
    for (const h of HANDLERS) {
      await withTenant(emu, updateN, async (ctx) => {
        const made: Array<{ id: string; outs: unknown }> = [];
        const c = await measure(
          emu,
          parallel,
          Array.from({ length: updateN }, (_, i) => async () => {
            made[i] = await h.create(ctx, checked(h, FLEET_INPUTS[h.type](i, 0)));
          }),
        );
        const u = await measure(
          emu,
          parallel,
          made.map((r, i) => () => h.update(ctx, r.id, r.outs, checked(h, FLEET_INPUTS[h.type](i, 1)))),
        );
        console.log(
          `| ${h.type} | ${c.total} | ${(c.total / updateN).toFixed(2)} | ${u.total} | ${(u.total / updateN).toFixed(2)} | ${(u.cpuMs / updateN).toFixed(2)} | ${perApiCall(u.calls)} |`,
        );
      });
    }
  } finally {
    console.warn = warn;
    emu.child.kill("SIGTERM");
    await once(emu.child, "exit");
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
