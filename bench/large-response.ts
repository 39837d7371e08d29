/**
 * Peak memory of the provider on a 200 MB answer (issue 9: it used to crash at about 4.5 GB RSS).
 *
 * A node:http server on 127.0.0.1 port 0 streams a 200 MB XML-ish answer lazily (never held in
 * memory). A CHILD node process, so that the figure is the provider's alone, makes one NSX list call
 * through the real Transport and reports its peak RSS (`process.resourceUsage().maxRSS`) and how the
 * call ended. Run twice: with the default size cap, and with the cap raised above 200 MB (the whole
 * answer read). Figures are printed, never asserted.
 *
 * `npx ts-node --transpile-only bench/large-response.ts` (needs `npm run build`: the child loads dist/).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { Readable } from "node:stream";

const TOTAL = 200 * 1024 * 1024;
const REPO = resolve(__dirname, "..");

function lazyBody(total: number): Readable {
  const chunk = Buffer.alloc(64 * 1024, "<AUTH_NSX><ID>12426322</ID><TITLE><![CDATA[NSX_AD ]]></TITLE></AUTH_NSX>\n");
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      const n = Math.min(chunk.length, total - sent);
      sent += n;
      this.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    },
  });
}

/** The child: one call through the real transport, then its own peak RSS on stdout as JSON. */
const CHILD = `
const { Transport } = require(${JSON.stringify(join(REPO, "dist/provider/clients/transport.js"))});
const { resolveConfig } = require(${JSON.stringify(join(REPO, "dist/provider/config.js"))});
(async () => {
  const config = resolveConfig({ env: process.env });
  const t = new Transport(config, { sleep: async () => {} });
  let outcome;
  try {
    const r = await t.request({ api: "api", method: "POST", path: "/api/3.0/fo/auth/nsx/", body: "action=list", idempotent: true });
    outcome = "read " + r.body.length + " characters";
  } catch (e) {
    outcome = e.kind + ": " + e.message;
  }
  await t.close();
  process.stdout.write(JSON.stringify({ maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), outcome }));
})();
`;

async function runChild(url: string, env: Record<string, string>): Promise<{ maxRssMb: number; outcome: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ["-e", CHILD], {
      env: { PATH: process.env.PATH ?? "", QUALYS_API_URL: url, QUALYS_TOKEN: "bench-token-0123456789", ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`child exited ${code}: ${out}`));
      resolveRun(JSON.parse(out) as { maxRssMb: number; outcome: string });
    });
  });
}

export async function largeResponseBenchmark(): Promise<void> {
  if (!existsSync(join(REPO, "dist/provider/clients/transport.js"))) throw new Error("run `npm run build` first (the child loads dist/)");
  let requests = 0;
  const server = createServer((_req, res) => {
    requests++;
    res.writeHead(200, { "content-type": "text/xml" }); // chunked: no Content-Length to refuse early
    const body = lazyBody(TOTAL);
    body.pipe(res);
    res.on("close", () => body.destroy());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    console.log("\nLarge response (200 MB NSX list answer, one call, child process peak RSS)");
    console.log("| size cap | requests seen | peak RSS | outcome |");
    console.log("| --- | --- | --- | --- |");
    for (const [label, env] of [
      ["default (64 MiB)", {}],
      ["256 MiB (whole answer read)", { QUALYS_MAX_RESPONSE_BYTES: String(256 * 1024 * 1024) }],
    ] as const) {
      requests = 0;
      const r = await runChild(url, env);
      console.log(`| ${label} | ${requests} | ${r.maxRssMb} MB | ${r.outcome.slice(0, 140)} |`);
    }
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

if (require.main === module) {
  largeResponseBenchmark().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
