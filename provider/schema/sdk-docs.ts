/**
 * The TSDoc of the TypeScript SDK: each resource class's `<Name>Args` interface and its output
 * declarations (sdk/<module>.ts), and the read-only functions' `getX` / `getXOutput` declarations
 * (sdk/functions/index.ts, derived from provider/functions), with the same descriptions as schema.json and the docs/
 * tables (through generate.ts), so an editor shows them on hover and the published .d.ts carries
 * them. Written between markers:
 *
 *   // BEGIN GENERATED: args (make schema)  …  // END GENERATED
 *   // BEGIN GENERATED: outputs (make schema)  …  // END GENERATED
 *
 * Only the docs are generated from the descriptions. The Args TYPES stay inferred from the zod
 * schemas (each property is `ArgsOf<<Name>ArgsShape>["prop"]`), and each output's type expression is
 * the hand-written one already in the block (a type is not recoverable from JSON Schema): a new
 * output is declared by hand once, then its doc is kept current here. `make schema` rewrites the
 * blocks; `--check` (and sdk-docs.test.ts, in CI) fails when a committed file is stale.
 */
import { FUNCTIONS, FUNCTION_GROUPS, type AnyFunctionDefinition } from "../functions";
import { RESOURCES, type ResourceSpec } from "../resources";
import { generateSchema, packageRoot, type PulumiProperty } from "./generate";

type Json = Record<string, unknown>;

interface SchemaResource {
  inputProperties: Record<string, PulumiProperty>;
  requiredInputs: string[];
  properties: Record<string, PulumiProperty>;
}

/**
 * schema.json output properties a class does not declare, and why. NSX `password` is an input the
 * provider never returns (only its salted hash, `passwordHash`): an Output for it would always be
 * undefined.
 */
export const NOT_DECLARED: Record<string, string[]> = { NsxAuthRecord: ["password"] };

const END = "// END GENERATED";
const begin = (name: string) => `// BEGIN GENERATED: ${name} (make schema)`;

/** A TSDoc comment at `indent`; `*\/` in a description must not end the comment early. */
export function tsdoc(description: string, indent: string): string {
  const lines = description
    .replace(/\*\//g, "*\\/")
    .split(/\r?\n/)
    .map((l) => l.trimEnd());
  if (lines.length === 1) return `${indent}/** ${lines[0]} */`;
  return [`${indent}/**`, ...lines.map((l) => (l === "" ? `${indent} *` : `${indent} * ${l}`)), `${indent} */`].join("\n");
}

/** [start of the body, end of the body, indent of the marker] of block `name`; missing markers are an error. */
function blockAt(file: string, text: string, name: string): [number, number, string] {
  const marker = begin(name);
  const at = text.indexOf(marker);
  const end = at < 0 ? -1 : text.indexOf(END, at);
  if (at < 0 || end < 0) throw new Error(`${file}: missing "${marker}" … "${END}"`);
  const lineStart = text.lastIndexOf("\n", at) + 1;
  const bodyStart = text.indexOf("\n", at) + 1;
  const bodyEnd = text.lastIndexOf("\n", end) + 1;
  return [bodyStart, bodyEnd, text.slice(lineStart, at)];
}

/** Replace the body of block `name` (the lines between its markers). */
export function replaceSdkBlock(file: string, text: string, name: string, body: string): string {
  const [start, end] = blockAt(file, text, name);
  return `${text.slice(0, start)}${body}\n${text.slice(end)}`;
}

/** The hand-written type of each output declared in the outputs block: name → type expression. */
export function declaredOutputTypes(file: string, text: string): Map<string, string> {
  const [start, end] = blockAt(file, text, "outputs");
  const types = new Map<string, string>();
  for (const m of text.slice(start, end).matchAll(/^\s*declare readonly (\w+): (.+);$/gm)) types.set(m[1], m[2]);
  return types;
}

function description(spec: ResourceSpec, prop: string, p: PulumiProperty | undefined): string {
  const d = p?.description;
  if (d === undefined || d === "")
    throw new Error(`sdk-docs: ${spec.name}.${prop} has no description (add a .describe() to its zod schema)`);
  return d;
}

/** One interface member, a long union one member a line (as the repository's Prettier settings print it). */
function declaration(name: string, optional: string, type: string): string {
  const line = `  ${name}${optional}: ${type};`;
  if (line.length <= 140 || !type.includes(" | ")) return line;
  return [`  ${name}${optional}:`, ...type.split(" | ").map((t) => `    | ${t}`)].join("\n") + ";";
}

interface SchemaType {
  description?: string;
  properties?: Record<string, PulumiProperty>;
  required?: string[];
}

const TYPE_REF = "#/types/qualys:index:";

/**
 * The Args interfaces of a resource's nested objects (`GcpInternalScanJobScheduleWeeklyArgs`, …),
 * one per schema.json type, each property with its description, so an editor's hover shows it on
 * `schedule.startHour` too. Their types still come from the zod shape: each property is the
 * Inputify'd type at its path (`ArgsOf<Extract<NonNullable<Shape["schedule"]>, { type: "weekly" }>>["startHour"]`).
 */
class NestedArgs {
  readonly interfaces = new Map<string, string>();
  constructor(
    private readonly spec: ResourceSpec,
    private readonly types: Record<string, SchemaType>,
  ) {}

  /** The Args type of a property holding objects, or undefined when it holds none. `expr`: its zod input type. */
  typeOf(p: PulumiProperty, expr: string): string | undefined {
    if (p.$ref?.startsWith(TYPE_REF)) return `pulumi.Input<${this.build(p.$ref.slice(TYPE_REF.length), `NonNullable<${expr}>`)}>`;
    if (p.oneOf && p.oneOf.every((v) => v.$ref?.startsWith(TYPE_REF))) {
      // A union tagged by `type` (the schedule): each variant by its tag, the end of its type name.
      const names = p.oneOf.map((v) => v.$ref!.slice(TYPE_REF.length));
      const prefix = names.reduce((a, b) => {
        let i = 0;
        while (i < a.length && a[i] === b[i]) i++;
        return a.slice(0, i);
      });
      return names
        .map((n) => {
          const tag = n.slice(prefix.length).toLowerCase();
          return `pulumi.Input<${this.build(n, `Extract<NonNullable<${expr}>, { type: "${tag}" }>`, tag)}>`;
        })
        .join(" | ");
    }
    if (p.type === "array" && p.items) {
      const item = this.typeOf(p.items, `NonNullable<${expr}>[number]`);
      return item === undefined ? undefined : `pulumi.Input<Array<${item}>>`;
    }
    return undefined;
  }

  /** An optional property's object type also takes an Input of undefined, as `ArgsOf` gives it. */
  optionalType(type: string | undefined, optional: string): string | undefined {
    return type === undefined || optional === "" ? type : `${type} | pulumi.Input<undefined>`;
  }

  /**
   * `tag`: a union variant's `type`, declared as its literal (not an Input of it) so that an
   * editor narrows the union by it and shows the variant's docs on the properties they share.
   */
  private build(typeName: string, expr: string, tag?: string): string {
    const name = `${typeName}Args`;
    if (this.interfaces.has(name)) return name;
    this.interfaces.set(name, "");
    const t = this.types[`qualys:index:${typeName}`];
    const lines = [tsdoc(t.description ?? typeName, ""), `export interface ${name} {`];
    for (const [k, p] of Object.entries(t.properties ?? {})) {
      const optional = (t.required ?? []).includes(k) ? "" : "?";
      const type =
        tag !== undefined && k === "type"
          ? `"${tag}"`
          : (this.optionalType(this.typeOf(p, `${expr}["${k}"]`), optional) ?? `ArgsOf<${expr}>["${k}"]`);
      lines.push(tsdoc(description(this.spec, `${typeName}.${k}`, p), "  "), declaration(k, optional, type));
    }
    lines.push("}");
    this.interfaces.set(name, lines.join("\n"));
    return name;
  }
}

/** The `<Name>Args` interface (and its nested objects' ones): docs from the descriptions, types from the zod shape. */
export function argsBlock(spec: ResourceSpec, res: SchemaResource, types: Record<string, SchemaType> = {}): string {
  const nested = new NestedArgs(spec, types);
  const lines = [`export interface ${spec.name}Args {`];
  for (const [name, p] of Object.entries(res.inputProperties)) {
    const optional = res.requiredInputs.includes(name) ? "" : "?";
    const type =
      nested.optionalType(nested.typeOf(p, `${spec.name}ArgsShape["${name}"]`), optional) ?? `ArgsOf<${spec.name}ArgsShape>["${name}"]`;
    lines.push(tsdoc(description(spec, name, p), "  "), declaration(name, optional, type));
  }
  lines.push("}");
  return [lines.join("\n"), ...nested.interfaces.values()].join("\n\n");
}

/** The class's output declarations: every schema.json property the class declares, with its doc. */
export function outputsBlock(spec: ResourceSpec, res: SchemaResource, file: string, types: Map<string, string>, indent: string): string {
  const skip = NOT_DECLARED[spec.name] ?? [];
  const names = Object.keys(res.properties).filter((k) => !skip.includes(k));
  const lines: string[] = [];
  for (const name of names) {
    const type = types.get(name);
    if (type === undefined)
      throw new Error(
        `${file}: output \`${name}\` is not declared: add \`declare readonly ${name}: pulumi.Output<…>;\` inside its "${begin("outputs")}" block, then run \`make schema\``,
      );
    lines.push(tsdoc(description(spec, name, res.properties[name]), indent), `${indent}declare readonly ${name}: ${type};`);
  }
  const extra = [...types.keys()].filter((k) => !names.includes(k));
  if (extra.length > 0) throw new Error(`${file}: declares ${extra.join(", ")}, which schema.json does not have as outputs`);
  return lines.join("\n");
}

interface SchemaFunction {
  inputs: { properties: Record<string, PulumiProperty>; required: string[] };
}

/**
 * A function's TSDoc: its description, its arguments with theirs, and where its docs page is. The
 * Output form's points to the Promise form's for the arguments (the same ones).
 */
function functionDoc(f: AnyFunctionDefinition, res: SchemaFunction, form: "promise" | "output"): string {
  const args = Object.entries(res.inputs.properties).map(
    ([name, p]) => `- \`${name}\`${res.inputs.required.includes(name) ? " (required)" : ""}: ${p.description ?? ""}`,
  );
  const how =
    form === "promise"
      ? "Resolves to the result; plain Node.js, no Pulumi program needed."
      : `The Output form of \`${f.name}\` (arguments: see there): they may be Inputs/Outputs; the call runs once they are known (preview too).`;
  return [
    f.description,
    "",
    how,
    "",
    ...(args.length > 0 && form === "promise" ? ["Arguments:", ...args, ""] : []),
    `See docs/${FUNCTION_GROUPS[f.group].page}.`,
  ].join("\n");
}

/** The `getX` / `getXOutput` declarations of every function, with their TSDoc. */
export function functionsBlock(schema: Json): string {
  const lines: string[] = [];
  for (const f of FUNCTIONS) {
    const res = (schema.functions as Record<string, SchemaFunction>)[`qualys:index:${f.name}`];
    lines.push(tsdoc(functionDoc(f, res, "promise"), ""), `export const ${f.name} = promiseForm(F.${f.name});`);
    lines.push(tsdoc(functionDoc(f, res, "output"), ""), `export const ${f.name}Output = outputForm(F.${f.name});`);
  }
  return lines.join("\n");
}

export const FUNCTIONS_FILE = "sdk/functions/index.ts";

/** Each SDK file's text with its blocks regenerated; `read` gives a file's committed text (path from the package root). */
export function renderSdkDocs(read: (file: string) => string, schema: Json = generateSchema()): Map<string, string> {
  const out = new Map<string, string>();
  for (const spec of RESOURCES) {
    const file = `sdk/${spec.module}.ts`;
    const res = (schema.resources as Record<string, SchemaResource>)[`qualys:index:${spec.name}`];
    let text = read(file);
    text = replaceSdkBlock(file, text, "args", argsBlock(spec, res, schema.types as Record<string, SchemaType>));
    const indent = blockAt(file, text, "outputs")[2];
    text = replaceSdkBlock(file, text, "outputs", outputsBlock(spec, res, file, declaredOutputTypes(file, text), indent));
    out.set(file, text);
  }
  out.set(FUNCTIONS_FILE, replaceSdkBlock(FUNCTIONS_FILE, read(FUNCTIONS_FILE), "functions", functionsBlock(schema)));
  return out;
}

/** `node dist/provider/schema/sdk-docs.js [--check]` rewrites the SDK classes' TSDoc, or checks it is current. */
if (require.main === module) {
  const fs = require("node:fs") as typeof import("node:fs");
  const path = require("node:path") as typeof import("node:path");
  const read = (file: string) => fs.readFileSync(path.join(packageRoot(), file), "utf8");
  const stale: string[] = [];
  for (const [file, text] of renderSdkDocs(read)) {
    if (read(file) === text) continue;
    if (process.argv.includes("--check")) stale.push(file);
    else fs.writeFileSync(path.join(packageRoot(), file), text);
  }
  if (stale.length > 0) {
    process.stderr.write(`Generated TSDoc is stale in ${stale.join(", ")}: run \`make schema\` and commit them.\n`);
    process.exit(1);
  }
}
