/**
 * The resource registry (RESOURCES, spec.ts) against the files that cannot be generated from it:
 * package.json `exports`, the one-line provider modules, the resource folders, the SDK classes. A
 * resource added in one place and forgotten in another fails here, naming the place.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import * as sdk from "../../sdk";
import type { ResourceHandler } from "../shared/dynamic";
import { RESOURCES } from ".";
import type { GcpInternalScanJobOutputs } from "./gcp-internal-scan-job/schema";
import type { NsxAuthRecordOutputs } from "./nsx-auth-record/schema";
import type { ServiceAccountOutputs } from "./service-account/schema";
import type { TargetAccountOutputs } from "./target-account/schema";

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

/** What a handler's `check` refuses in empty inputs: the required fields, which tell the resources apart. */
async function refusals(check: (olds: Record<string, unknown>, news: Record<string, unknown>) => unknown): Promise<string[]> {
  const r = (await check({}, {})) as { failures?: Array<{ property: string }> };
  return (r.failures ?? []).map((f) => f.property).sort();
}

test.each(RESOURCES.map((r) => [r.name, r] as const))("%s: its provider module serves its own handler", async (_name, spec) => {
  // The module as state requires it: its exported provider must answer as this resource's handler,
  // and as no other resource's.
  const provider = (await import(`../dynamic/${spec.module}`)) as pulumi.dynamic.ResourceProvider;
  const handlers = await Promise.all(
    RESOURCES.map(async (r) => {
      const exports: Record<string, { type?: unknown; check?: unknown }> = await import(`./${r.module}/handler`);
      const h = Object.values(exports).find((x) => x.type === r.name) as ResourceHandler<unknown, unknown>;
      return { name: r.name, refused: await refusals((o, n) => h.check(o, n)) };
    }),
  );
  const own = handlers.find((h) => h.name === spec.name)!;
  expect(own.refused.length).toBeGreaterThan(0);
  expect(await refusals((o, n) => provider.check!(o, n))).toEqual(own.refused);
  for (const other of handlers.filter((h) => h.name !== spec.name)) expect(other.refused).not.toEqual(own.refused);
});

test.each(RESOURCES.map((r) => [r.name, r] as const))("%s: sdk/index.ts exports its class from sdk/<module>.ts", async (_name, spec) => {
  expect(typeof (sdk as Record<string, unknown>)[spec.name]).toBe("function");
  const own = (await import(`../../sdk/${spec.module}`)) as Record<string, unknown>;
  expect((sdk as Record<string, unknown>)[spec.name]).toBe(own[spec.name]);
});

/**
 * Checked by the compiler (make typecheck), not at run time: every property of a resource's state
 * (its Outputs type, inferred from the zod schemas) is declared as an Output on its SDK class.
 */
type AllDeclared<T extends never> = T;
type Undeclared<Class, Outputs> = Exclude<keyof Outputs, keyof Class>;
export type EveryOutputDeclared = [
  AllDeclared<Undeclared<sdk.ServiceAccount, ServiceAccountOutputs>>,
  AllDeclared<Undeclared<sdk.TargetAccount, TargetAccountOutputs>>,
  AllDeclared<Undeclared<sdk.GcpInternalScanJob, GcpInternalScanJobOutputs>>,
  AllDeclared<Undeclared<sdk.NsxAuthRecord, NsxAuthRecordOutputs>>,
];
