/**
 * The package's public contract, on the package as it is published (`npm pack`, staged by
 * scripts/prepare-e2e.sh): `import * as qualys from "pulumi-qualys"` gives the names 0.1.0 gave
 * (tests/e2e/fixtures/public-api-0.1.0.json: the same run-time names, and every declared name
 * still declared), package.json's main/types/exports point at files the package has, and every
 * `pulumi-qualys/dynamic/<module>` path that state names resolves to a provider. The resource type
 * tokens and the `__provider` text are proven against a real 0.1.0 state by state-compat.e2e.test.ts.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import * as ts from "typescript";
import { RESOURCES } from "../../provider/resources";
import { assertPackageStaged, REPO } from "../helpers/pulumi";

const STAGED = join(REPO, "node_modules", "pulumi-qualys");
/**
 * `require` as a program of the repository sees the package: from a folder with a package.json of
 * its own, so the name resolves through node_modules (the staged package), not to this checkout
 * itself (Node.js resolves a package's own name from inside it).
 */
const programRequire = createRequire(join(REPO, "tests", "e2e", "programs", "state-compat", "index.ts"));
const before = JSON.parse(readFileSync(join(__dirname, "fixtures", "public-api-0.1.0.json"), "utf8")) as {
  runtime: string[];
  declarations: string[];
};

beforeAll(() => assertPackageStaged());

test("the package's run-time exports are 0.1.0's, no more and no fewer", () => {
  expect(programRequire.resolve("pulumi-qualys")).toBe(join(STAGED, "dist", "sdk", "nodejs", "index.js"));
  const qualys = programRequire("pulumi-qualys") as Record<string, unknown>;
  expect(Object.keys(qualys).sort()).toEqual(before.runtime);
  for (const r of RESOURCES) expect({ [r.name]: typeof qualys[r.name] }).toEqual({ [r.name]: "function" });
});

test("every name 0.1.0 declared (classes, Args, functions, option and result types) is still declared", () => {
  const types = (JSON.parse(readFileSync(join(STAGED, "package.json"), "utf8")) as { types: string }).types;
  const file = join(STAGED, types);
  const program = ts.createProgram([file], {
    strict: true,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    types: [],
  });
  const checker = program.getTypeChecker();
  const names = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(file)!)!).map((s) => s.name);
  expect(before.declarations.filter((n) => !names.includes(n))).toEqual([]);
});

test("package.json's main, types and exports name files the package has; each provider module resolves", () => {
  const pkg = JSON.parse(readFileSync(join(STAGED, "package.json"), "utf8")) as {
    main: string;
    types: string;
    exports: Record<string, string | Record<string, string>>;
  };
  const targets = [pkg.main, pkg.types, ...Object.values(pkg.exports).flatMap((e) => (typeof e === "string" ? [e] : Object.values(e)))];
  const missing = targets.filter((t) => !t.includes("*") && !existsSync(join(STAGED, t)));
  expect(missing).toEqual([]);
  expect(pkg.main).toBe("dist/sdk/nodejs/index.js");
  for (const r of RESOURCES) {
    const path = programRequire.resolve(`pulumi-qualys/dynamic/${r.module}`);
    expect(path).toBe(join(STAGED, "dist", "provider", "dynamic", `${r.module}.js`));
    const provider = programRequire(path) as Record<string, unknown>;
    expect({
      [r.module]: ["check", "diff", "create", "read", "update", "delete"].filter((m) => typeof provider[m] !== "function"),
    }).toEqual({
      [r.module]: [],
    });
  }
});
