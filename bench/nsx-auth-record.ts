/**
 * NsxAuthRecord benchmark (figures printed, never asserted): API calls per operation through the
 * handler against the emulator, and the list calls a refresh of 20 records costs when the reads
 * arrive all at once or in the engine's waves of `--parallel` (default 4 × CPU cores).
 */
import { performance } from "node:perf_hooks";
import { startHarness, type Harness } from "../tests/helpers/provider-harness";
import { nsxAuthRecordHandler as h, recordReader } from "../provider/resources/nsx-auth-record/handler";
import type { NsxAuthRecordInputs, NsxAuthRecordOutputs } from "../provider/resources/nsx-auth-record/schema";

const BASIC = { title: "bench basic", ips: ["10.70.0.1"], username: "svc", password: "Bench-Pa55word" };
const VAULT = {
  title: "bench vault",
  ips: ["10.70.0.2"],
  loginType: "vault",
  vaultType: "HashiCorp",
  vaultId: 4980801,
  secretKvName: "adnsx",
  useAdHashicorp: true,
};

function inputs(base: Record<string, unknown>, over: Record<string, unknown> = {}): NsxAuthRecordInputs {
  const r = h.check({}, { ...base, ...over });
  if (r.failures.length > 0) throw new Error(JSON.stringify(r.failures));
  return r.inputs as NsxAuthRecordInputs;
}

function describeCalls(calls: Record<string, number>): string {
  return Object.entries(calls)
    .map(([label, n]) => `${n}× ${label.replace("POST /api/3.0/fo/auth/nsx/ ", "")}`)
    .join(", ");
}

async function measure<T>(
  H: Harness,
  fn: () => Promise<T>,
): Promise<{ value: T; calls: Record<string, number>; total: number; ms: number }> {
  H.emu.resetCalls();
  const t = performance.now();
  const value = await fn();
  return { value, calls: H.emu.calls(), total: H.emu.totalCalls(), ms: performance.now() - t };
}

/** `count` reads with at most `parallel` in flight, the next starting when one answers (as the engine does). */
async function engineRefresh(H: Harness, records: Array<{ id: string; outs: NsxAuthRecordOutputs }>, parallel: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, records.length) }, async () => {
      while (next < records.length) {
        const r = records[next++];
        await h.read(H.ctx, r.id, r.outs);
      }
    }),
  );
}

export async function nsxAuthRecordBenchmark(): Promise<void> {
  const H = await startHarness();
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    const rows: Array<[string, string, number, number]> = [];
    const row = (op: string, m: { calls: Record<string, number>; total: number; ms: number }) =>
      rows.push([op, describeCalls(m.calls), m.total, m.ms]);

    const basic = await measure(H, () => h.create(H.ctx, inputs(BASIC)));
    row("create (basic)", basic);
    const vault = await measure(H, () => h.create(H.ctx, inputs(VAULT)));
    row("create (vault + AD)", vault);
    row("read (one record)", await measure(H, () => h.read(H.ctx, basic.value.id, basic.value.outs)));
    const port = await measure(H, () => h.update(H.ctx, basic.value.id, basic.value.outs, inputs(BASIC, { port: 8443 })));
    row("update (port)", port);
    const pw = await measure(H, () =>
      h.update(H.ctx, basic.value.id, port.value, inputs(BASIC, { port: 8443, password: "Rotated-Pa55word" })),
    );
    row("update (password)", pw);
    row(
      "update (vault secret key)",
      await measure(H, () => h.update(H.ctx, vault.value.id, vault.value.outs, inputs(VAULT, { secretKvKey: "566" }))),
    );
    // Adoption takes over a record made outside Pulumi (no owner marker): one made in the Qualys UI.
    const UI_MADE = { title: "bench made in the UI", ips: ["10.70.0.9"], username: "svc", password: "Bench-Pa55word" };
    await H.clients.nsx.create(UI_MADE);
    row("create with adopt: true (record exists)", await measure(H, () => h.create(H.ctx, inputs(UI_MADE, { port: 8443, adopt: true }))));
    row("delete", await measure(H, () => h.delete(H.ctx, basic.value.id, pw.value)));
    row("delete (already gone)", await measure(H, () => h.delete(H.ctx, basic.value.id, pw.value)));

    console.log("\n## NsxAuthRecord: API calls per operation (handler → emulator)");
    console.log("| operation | calls | total | ms |");
    console.log("| --- | --- | --- | --- |");
    for (const [op, calls, total, ms] of rows) console.log(`| ${op} | ${calls} | ${total} | ${ms.toFixed(1)} |`);

    // Refresh of 20 records.
    const fleet: Array<{ id: string; outs: NsxAuthRecordOutputs }> = [];
    for (let i = 0; i < 20; i++) fleet.push(await h.create(H.ctx, inputs(BASIC, { title: `bench fleet ${i}`, ips: [`10.71.0.${i + 1}`] })));
    console.log("\n## NsxAuthRecord: refresh of 20 records (list calls)");
    console.log("| reads arrive | list calls | ms |");
    console.log("| --- | --- | --- |");
    const all = await measure(H, () => Promise.all(fleet.map((r) => h.read(H.ctx, r.id, r.outs))));
    console.log(`| all 20 at once (--parallel ≥ 20) | ${all.total} | ${all.ms.toFixed(1)} |`);
    for (const parallel of [16, 8, 4]) {
      recordReader(H.clients).invalidate(); // each refresh starts cold, as in a new provider process
      const m = await measure(H, () => engineRefresh(H, fleet, parallel));
      console.log(`| ${parallel} at a time${parallel === 8 ? " (default on 2 cores)" : ""} | ${m.total} | ${m.ms.toFixed(1)} |`);
    }
    recordReader(H.clients).invalidate();
    const one = await measure(H, async () => {
      for (const r of fleet) await h.read(H.ctx, r.id, r.outs);
    });
    console.log(`| one at a time (--parallel 1) | ${one.total} | ${one.ms.toFixed(1)} |`);
  } finally {
    console.warn = warn;
    await H.close();
  }
}
