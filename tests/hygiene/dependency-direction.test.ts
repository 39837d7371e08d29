/**
 * Folder-level dependency direction: `sdk/` builds on `provider/`, never the other way round, and
 * the native plugin answers Invoke without loading `@pulumi/pulumi`'s runtime (the read-only
 * functions live in provider/functions; only the SDK's Output forms need Pulumi).
 *
 * Read from the sources' import statements (type-only imports are erased by the compiler and do
 * not count), so it fails before anything is built.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = resolve(__dirname, "../..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) return e === "__fixtures__" ? [] : sourceFiles(p);
    return p.endsWith(".ts") && !p.endsWith(".test.ts") && !p.endsWith(".d.ts") ? [p] : [];
  });
}

/** The module specifiers a file loads at run time (static imports, re-exports, require, import()). */
export function runtimeImports(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(type\s+)?(?:[^"';]*?\s+from\s+)?["']([^"']+)["']/gm)) if (!m[1]) out.push(m[2]);
  for (const m of text.matchAll(/\b(?:require|import)\(\s*["']([^"']+)["']\s*\)/g)) out.push(m[1]);
  return out;
}

function resolveLocal(from: string, spec: string): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  const base = resolve(dirname(from), spec);
  return [`${base}.ts`, join(base, "index.ts")].find((p) => existsSync(p));
}

/** Every local file reachable from `entry` through run-time imports, and the packages they load. */
function closure(entry: string): { files: Set<string>; packages: Map<string, string> } {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const todo = [entry];
  while (todo.length > 0) {
    const f = todo.pop()!;
    if (files.has(f)) continue;
    files.add(f);
    for (const spec of runtimeImports(readFileSync(f, "utf8"))) {
      const local = resolveLocal(f, spec);
      if (local) todo.push(local);
      else if (!spec.startsWith(".")) packages.set(spec, relative(ROOT, f));
    }
  }
  return { files, packages };
}

test("the import scanner sees static, multi-line, re-exported and required modules, and skips type-only ones", () => {
  const text = [
    'import { a,\n  b } from "./x";',
    'import type { T } from "./types";',
    'export * from "./y";',
    'export type { U } from "./u";',
    'const z = require("./z");',
    'import "./side-effect";',
  ].join("\n");
  expect(runtimeImports(text)).toEqual(["./x", "./y", "./side-effect", "./z"]);
});

/** Every import of a file under `from` (type-only ones included) that reaches into the folder `to`. */
function importsInto(from: string, to: string): string[] {
  const offenders: string[] = [];
  for (const file of sourceFiles(join(ROOT, from))) {
    const text = readFileSync(file, "utf8");
    const all = [...runtimeImports(text), ...[...text.matchAll(/^\s*import\s+type\s+[^"';]*?from\s+["']([^"']+)["']/gm)].map((m) => m[1])];
    for (const spec of all) {
      if (!spec.startsWith(".")) continue;
      const target = relative(ROOT, resolve(dirname(file), spec));
      if (target === to || target.startsWith(`${to}/`)) offenders.push(`${relative(ROOT, file)} → ${spec}`);
    }
  }
  return offenders;
}

test("no file of provider/ imports sdk/ (the SDK builds on the provider, not the reverse)", () => {
  expect(importsInto("provider", "sdk")).toEqual([]);
});

test("provider/shared/ imports nothing of provider/engine/ (the engine builds on the shared rules; its adapters live in it)", () => {
  expect(importsInto("provider/shared", "provider/engine")).toEqual([]);
});

test("the read-only functions and the native plugin's Invoke load no @pulumi/pulumi runtime", () => {
  const fns = closure(join(ROOT, "provider/functions/index.ts"));
  expect([...fns.packages.keys()].filter((p) => p.startsWith("@pulumi/"))).toEqual([]);
  // The server speaks gRPC with the engine through @pulumi/pulumi's generated protobuf modules only.
  const plugin = closure(join(ROOT, "provider/native/main.ts"));
  const pulumiModules = [...plugin.packages.keys()].filter((p) => p.startsWith("@pulumi/"));
  expect(pulumiModules.filter((p) => !p.startsWith("@pulumi/pulumi/proto/"))).toEqual([]);
  expect(plugin.files).toContain(join(ROOT, "provider/functions/index.ts"));
});
