/**
 * The TypeScript SDK's TSDoc is generated from the zod descriptions (sdk-docs.ts): the committed
 * sdk/<module>.ts files are current, and the published .d.ts carries the docs an editor shows.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as ts from "typescript";
import { RESOURCES } from "../resources";
import type { ServiceAccountArgsShape } from "../resources/service-account/schema";
import type { TargetAccountArgsShape } from "../resources/target-account/schema";
import type { NsxAuthRecordArgsShape } from "../resources/nsx-auth-record/schema";
import type { GcpInternalScanJobArgsShape } from "../resources/gcp-internal-scan-job/schema";
import type * as sdk from "../../sdk";
import type { ArgsOf } from "../../sdk/types";
import { generateSchema, packageRoot, type PulumiProperty } from "./generate";
import { NOT_DECLARED, renderSdkDocs, replaceSdkBlock, tsdoc } from "./sdk-docs";

const read = (file: string) => readFileSync(join(packageRoot(), file), "utf8");

test("the committed SDK TSDoc matches the zod descriptions (run `make schema` if this fails)", () => {
  for (const [file, text] of renderSdkDocs(read)) expect({ file, text: read(file) }).toEqual({ file, text });
});

test("a file without the markers is an error naming the file and the marker; regenerating changes nothing", () => {
  expect(() => replaceSdkBlock("sdk/x.ts", "no markers\n", "args", "x")).toThrow(
    'sdk/x.ts: missing "// BEGIN GENERATED: args (make schema)"',
  );
  const once = replaceSdkBlock("sdk/x.ts", "a\n// BEGIN GENERATED: args (make schema)\nold\n// END GENERATED\nb\n", "args", "new");
  expect(once).toBe("a\n// BEGIN GENERATED: args (make schema)\nnew\n// END GENERATED\nb\n");
  expect(replaceSdkBlock("sdk/x.ts", once, "args", "new")).toBe(once);
});

test("a description cannot end its comment early, and keeps its lines", () => {
  expect(tsdoc("a */ b", "  ")).toBe("  /** a *\\/ b */");
  expect(tsdoc("one\n\ntwo", "  ")).toBe("  /**\n   * one\n   *\n   * two\n   */");
});

/**
 * Checked by the compiler (make typecheck): the generated Args interfaces only add docs, their type
 * is exactly the one inferred from the zod shape (optionality included).
 */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Same<T extends true> = T;
/**
 * Nested objects are named Args interfaces (for their docs) built from the same shape: the SDK accepts
 * nothing `check` would not, and everything else but an Output/Promise for a union's literal `type`
 * tag (declared as the literal so that an editor narrows the union by it).
 */
type Within<A, B> = [A] extends [B] ? true : false;
export type ArgsAreInferred = [
  Same<Equal<sdk.ServiceAccountArgs, ArgsOf<ServiceAccountArgsShape>>>,
  Same<Equal<sdk.TargetAccountArgs, ArgsOf<TargetAccountArgsShape>>>,
  Same<Within<sdk.GcpInternalScanJobArgs, ArgsOf<GcpInternalScanJobArgsShape>>>,
  Same<Equal<sdk.NsxAuthRecordArgs, ArgsOf<Omit<NsxAuthRecordArgsShape, "ownerMarker" | "ownerHint">>>>,
];

/** The .d.ts `tsc -p tsconfig.build.json` publishes for the SDK classes, emitted in memory. */
function publishedDeclarations(): Map<string, string> {
  const root = packageRoot();
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, "tsconfig.build.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  )!;
  const files = RESOURCES.map((r) => join(root, "sdk", `${r.module}.ts`));
  const program = ts.createProgram(files, { ...config.options, declaration: true, emitDeclarationOnly: true, noEmit: false });
  const out = new Map<string, string>();
  for (const file of files) {
    const emitted = program.emit(program.getSourceFile(file), (name, text) => {
      if (name.endsWith(".d.ts")) out.set(name.slice(name.lastIndexOf("/sdk/") + 1), text);
    });
    expect(emitted.emitSkipped).toBe(false);
  }
  return out;
}

test("the published .d.ts of every resource documents each Args and output property", () => {
  const dts = publishedDeclarations();
  const schema = generateSchema() as {
    resources: Record<string, { inputProperties: Record<string, PulumiProperty>; properties: Record<string, PulumiProperty> }>;
  };
  // Leading whitespace differs between source and .d.ts; the text does not.
  const flat = (s: string) => s.replace(/^[ \t]+/gm, "");
  for (const spec of RESOURCES) {
    const file = `sdk/${spec.module}.d.ts`;
    const text = flat(dts.get(file) ?? "");
    expect({ file, emitted: text.length > 0 }).toEqual({ file, emitted: true });
    const res = schema.resources[`qualys:index:${spec.name}`];
    const args = text.slice(text.indexOf(`export interface ${spec.name}Args {`));
    const cls = text.slice(text.indexOf(`export declare class ${spec.name} `));
    for (const [name, p] of Object.entries(res.inputProperties))
      expect({ file, arg: name, documented: args.includes(`${flat(tsdoc(p.description!, ""))}\n${name}`) }).toEqual({
        file,
        arg: name,
        documented: true,
      });
    for (const [name, p] of Object.entries(res.properties)) {
      if (NOT_DECLARED[spec.name]?.includes(name)) continue;
      expect({
        file,
        output: name,
        documented: cls.includes(`${flat(tsdoc(p.description!, ""))}\nreadonly ${name}: pulumi.Output<`),
      }).toEqual({
        file,
        output: name,
        documented: true,
      });
    }
  }
});

test("an editor's hover (the TypeScript language service) shows the description on an argument and on an output", () => {
  const root = packageRoot();
  const probe = join(root, "sdk", "__hover_probe__.ts");
  const source = [
    'import { ServiceAccount } from "./service-account";',
    'import { GcpInternalScanJob } from "./gcp-internal-scan-job";',
    'const a = new ServiceAccount("a", { accountId: "p", cloudType: "GCP", regions: [] });',
    "export const s = a.state;",
    'new GcpInternalScanJob("j", { title: "t", schedule: { type: "weekly", frequencyWeeks: 1, weekdays: ["Monday"], startHour: 3, startMinute: 0, timeZoneCode: "US-CA" } });',
    "",
  ].join("\n");
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => ({
      strict: true,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      types: [],
    }),
    getScriptFileNames: () => [probe],
    getScriptVersion: () => "1",
    getScriptSnapshot: (f) =>
      f === probe
        ? ts.ScriptSnapshot.fromString(source)
        : ts.sys.fileExists(f)
          ? ts.ScriptSnapshot.fromString(ts.sys.readFile(f)!)
          : undefined,
    getCurrentDirectory: () => root,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (f) => f === probe || ts.sys.fileExists(f),
    readFile: (f) => (f === probe ? source : ts.sys.readFile(f)),
  };
  const service = ts.createLanguageService(host);
  const hover = (text: string) => ts.displayPartsToString(service.getQuickInfoAtPosition(probe, source.indexOf(text))?.documentation);
  const res = (
    generateSchema() as {
      resources: Record<string, { inputProperties: Record<string, PulumiProperty>; properties: Record<string, PulumiProperty> }>;
    }
  ).resources["qualys:index:ServiceAccount"];
  expect(hover("accountId:")).toBe(res.inputProperties.accountId.description);
  expect(hover("state;")).toBe(res.properties.state.description);
  // Nested objects too: the weekly schedule's properties, from their .describe() texts.
  const weekly = (generateSchema() as { types: Record<string, { properties: Record<string, PulumiProperty> }> }).types[
    "qualys:index:GcpInternalScanJobScheduleWeekly"
  ].properties;
  for (const k of ["startHour", "weekdays", "timeZoneCode"]) expect({ k, doc: hover(`${k}:`) }).toEqual({ k, doc: weekly[k].description });
});
