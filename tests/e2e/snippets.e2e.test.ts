/**
 * The TypeScript in README.md and docs/*.md runs as written: every ```ts block is staged as a
 * `pulumi new typescript` project (complete blocks as they are; blocks marked
 * `<!-- snippet: fragment -->` appended to the page's previous program), type-checked with the
 * tsconfig that template writes (README asks for no other setting), and run by the
 * real Pulumi CLI against the emulator, configured the way README's emulator section says.
 *
 * Programs that declare resources (README's quick start, the resource pages) go through `up` and
 * `destroy`: that is where the emulator's catalog and validations are met. The function pages declare
 * none, so `preview` runs them whole (every invoke is made while the program runs) at a fraction of
 * the cost of an update.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { capture, REPO, useE2E } from "../helpers/pulumi";
import {
  documentedTsconfig,
  pageControlCalls,
  programsOf,
  readmeEmulatorConfig,
  readmeTsconfigAdditions,
  snippetFiles,
  stageProgram,
  STOCK_TSCONFIG,
  type Program,
} from "../helpers/snippets";

const E = useE2E(600_000);

const programs = programsOf(snippetFiles());
const staging = mkdtempSync(join(REPO, ".snippets-"));
const dirOf = (p: Program) => join(staging, p.name);
for (const p of programs) stageProgram(dirOf(p), p);
afterAll(() => rmSync(staging, { recursive: true, force: true }));

const declaresResources = (p: Program) => /new qualys\.\w+\(/.test(p.code);

test("the README and every resource page have TypeScript snippets, all of them in a program", () => {
  const files = snippetFiles();
  for (const page of [
    "README.md",
    "docs/service-account.md",
    "docs/target-account.md",
    "docs/nsx-auth-record.md",
    "docs/gcp-internal-scan-job.md",
  ]) {
    expect(files).toContain(page);
  }
  const count = programs.reduce((n, p) => n + p.snippets.length, 0);
  // Every resource page's "Other languages" TypeScript block is a fragment of the page's program.
  expect(programs.filter((p) => p.snippets.some((s) => s.fragment)).map((p) => p.file)).toEqual(
    expect.arrayContaining([
      "docs/service-account.md",
      "docs/target-account.md",
      "docs/nsx-auth-record.md",
      "docs/gcp-internal-scan-job.md",
    ]),
  );
  console.log(`snippets: ${count} TypeScript blocks in ${files.length} files, ${programs.length} programs`);
  expect(count).toBeGreaterThanOrEqual(programs.length);
});

test("every snippet program type-checks with the tsconfig `pulumi new typescript` writes, unchanged", () => {
  const config = documentedTsconfig();
  // One compiler run for every program (each file is a module, so they cannot clash).
  const root = join(staging, "tsconfig.all.json");
  writeFileSync(root, JSON.stringify({ ...config, files: programs.map((p) => join(p.name, "index.ts")) }, null, 2));
  let out = "";
  try {
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", root, "--noEmit", "--pretty", "false"], {
      cwd: staging,
      encoding: "utf8",
      stdio: "pipe",
    });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    out = `${err.stdout ?? ""}${err.stderr ?? ""}`;
  }
  expect(out).toBe("");
  // The package's declarations are plain interfaces (sdk/nodejs, generated) that name no zod type, so
  // nothing of zod's .d.cts is compiled: the README asks for no setting (no allowSyntheticDefaultImports,
  // esModuleInterop or skipLibCheck).
  expect(readmeTsconfigAdditions()).toEqual({});
  expect(config).toEqual(STOCK_TSCONFIG);
});

/** The stack config README's emulator section sets, with this test's emulator URL. */
function emulatorConfig(p: Program): ConfigMap {
  const config: ConfigMap = {};
  for (const c of readmeEmulatorConfig()) {
    const key = c.key.includes(":") ? c.key : `${p.name}:${c.key}`;
    config[key] = { value: c.value.replace("http://127.0.0.1:8080", E.emu.url), secret: c.secret };
  }
  return config;
}

/** What the program's page tells readers to do to the emulator first (discover member accounts, register an account). */
async function prepareEmulator(p: Program): Promise<void> {
  for (const call of pageControlCalls(p.file)) {
    const res = await E.raw("POST", call.path, { body: JSON.stringify(call.body) });
    expect({ path: call.path, status: res.status }).toEqual({ path: call.path, status: 200 });
  }
}

async function stackFor(p: Program) {
  await prepareEmulator(p);
  return E.stack(dirOf(p), { config: emulatorConfig(p) });
}

test("README's emulator section sets the three URLs, a seeded token and the quick start's secret", () => {
  const keys = readmeEmulatorConfig().map((c) => c.key);
  expect(keys).toEqual(expect.arrayContaining(["qualys:apiUrl", "qualys:gatewayUrl", "qualys:portalUrl", "qualys:token", "nsxPassword"]));
  expect(readmeEmulatorConfig().find((c) => c.key === "qualys:token")).toEqual({
    key: "qualys:token",
    value: "emulator-token-acme",
    secret: true,
  });
  expect(pageControlCalls("README.md").map((c) => c.path)).toEqual([
    "/__emulator/tenants/acme/service-accounts/123456789012/discovered-targets",
  ]);
});

const withResources = programs.filter(declaresResources);
const readOnly = programs.filter((p) => !declaresResources(p));

test.each(withResources.map((p) => [`${p.file} (${p.snippets.length} blocks)`, p] as const))(
  "%s: up, then destroy, against the emulator",
  async (_, p) => {
    const s = await stackFor(p);
    const up = await s.stack.up(capture(s));
    expect(up.summary.result).toBe("succeeded");
    const created = up.summary.resourceChanges?.create ?? 0;
    expect(created).toBeGreaterThan(1); // the stack and at least one resource
    const destroy = await s.stack.destroy(capture(s));
    expect(destroy.summary.result).toBe("succeeded");
    expect(destroy.summary.resourceChanges?.delete).toBe(created);
  },
);

test.each(readOnly.map((p) => [`${p.file} (${p.snippets.length} blocks)`, p] as const))(
  "%s: preview runs every function against the emulator",
  async (_, p) => {
    const s = await stackFor(p);
    const preview = await s.stack.preview(capture(s));
    expect(preview.changeSummary.create).toBe(1); // the stack only
  },
);
