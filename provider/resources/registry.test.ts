/**
 * The resource registry (RESOURCES, define.ts) against everything derived from it: the native
 * handler map, schema.json, the docs index rows and pages, the generated provider modules and SDK
 * classes (provider/schema/sdk-nodejs.test.ts checks they are current and declare every output), and
 * what cannot be generated (package.json `exports`, the resource folders). A resource added in one
 * place and forgotten in another fails here, naming the place.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import * as sdk from "../../sdk/nodejs";
import { dynamicProvider } from "../engine/dynamic";
import { RESOURCES } from ".";

const REPO = join(__dirname, "..", "..");
const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { exports: Record<string, unknown> };

test("names and modules are unique", () => {
  expect(new Set(RESOURCES.map((r) => r.name)).size).toBe(RESOURCES.length);
  expect(new Set(RESOURCES.map((r) => r.module)).size).toBe(RESOURCES.length);
});

test("package.json exports every provider module through one pattern, and nothing else under ./dynamic/", () => {
  // `require("pulumi-qualys/dynamic/<module>")`, as state holds it, resolves through the pattern, so a
  // new resource needs no exports entry; the module file itself is checked below.
  const dynamic = Object.fromEntries(Object.entries(pkg.exports).filter(([k]) => k.startsWith("./dynamic/")));
  expect(dynamic).toEqual({ "./dynamic/*": "./dist/provider/dynamic/*.js" });
});

test("every resource folder and every provider module is registered", () => {
  const folders = readdirSync(join(REPO, "provider", "resources"), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(REPO, "provider", "resources", d.name, "schema.ts")))
    .map((d) => d.name);
  const modules = readdirSync(join(REPO, "provider", "dynamic")).map((f) => f.replace(/\.ts$/, ""));
  const registered = RESOURCES.map((r) => r.module).sort();
  expect(folders.sort()).toEqual(registered);
  expect(modules.sort()).toEqual(registered);
});

test.each(RESOURCES.map((r) => [r.name, r] as const))("%s: its provider module serves its own definition", async (_name, def) => {
  // Judged by behaviour, not by the module's import line: an empty program fails check with the
  // resource's own required fields (and hides its secret inputs), which no other resource shares.
  const module = (await import(`../dynamic/${def.module}`)) as pulumi.dynamic.ResourceProvider;
  const own = dynamicProvider(def);
  const failures = (await module.check!({}, {})).failures;
  expect(failures?.length).toBeGreaterThan(0);
  expect(failures).toEqual((await own.check!({}, {})).failures);
  for (const other of RESOURCES.filter((r) => r !== def))
    expect((await dynamicProvider(other).check!({}, {})).failures).not.toEqual(failures);
});

test.each(RESOURCES.map((r) => [r.name, r] as const))(
  "%s: sdk/nodejs/index.ts exports its class from sdk/nodejs/<module>.ts",
  async (_name, spec) => {
    expect(typeof (sdk as Record<string, unknown>)[spec.name]).toBe("function");
    const own = (await import(`../../sdk/nodejs/${spec.module}`)) as Record<string, unknown>;
    expect((sdk as Record<string, unknown>)[spec.name]).toBe(own[spec.name]);
  },
);

const schema = JSON.parse(readFileSync(join(REPO, "schema.json"), "utf8")) as { resources: Record<string, unknown> };
const docsIndex = readFileSync(join(REPO, "docs", "index.md"), "utf8");
/** `| [Name](module.md) | …` rows of the "## Resources" section of docs/index.md (up to its first subsection). */
const resourcesSection = /^## Resources\n([\s\S]*?)^#/m.exec(docsIndex)?.[1] ?? "";
const docsRows = [...resourcesSection.matchAll(/^\| \[(\w+)\]\(([\w-]+)\.md\) \|/gm)].map(([, name, page]) => `${name} ${page}`);

test.each(RESOURCES.map((r) => [r.name, r] as const))("%s: is in everything derived from RESOURCES", (name, def) => {
  expect(schema.resources).toHaveProperty([`qualys:index:${name}`]);
  expect(docsRows).toContain(`${name} ${def.module}`);
  expect(existsSync(join(REPO, "docs", `${def.module}.md`))).toBe(true);
});

test("nothing derived names a resource RESOURCES does not list", () => {
  const names = RESOURCES.map((r) => r.name).sort();
  expect(Object.keys(schema.resources).sort()).toEqual(names.map((n) => `qualys:index:${n}`));
  expect(docsRows.sort()).toEqual(RESOURCES.map((r) => `${r.name} ${r.module}`).sort());
});
