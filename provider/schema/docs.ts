/**
 * The generated tables of docs/*.md: the Resources rows of docs/index.md (from RESOURCES), each
 * resource page's Inputs and Outputs, each read-only function page's Arguments and Results (from the functions' definitions, provider/functions). They come from the same zod schemas as schema.json (through
 * generate.ts, so a property reads the same in both), and are written between markers:
 *
 *   <!-- BEGIN GENERATED: inputs -->  …  <!-- END GENERATED -->
 *
 * Everything outside the markers is hand-written. `make schema` rewrites the blocks; `--check` (and
 * docs.test.ts, in CI) fails when a committed page is stale.
 */
import { z } from "zod";
import { RESOURCES, type ResourceSpec } from "../resources";
import { generateSchema, packageRoot, type PulumiProperty } from "./generate";
import { FUNCTIONS, FUNCTION_GROUPS, type AnyFunctionDefinition, type FunctionGroup } from "../functions";

type Json = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Rendering

interface Row {
  name: string;
  prop: PulumiProperty;
  required: boolean;
  /** A default of any kind (schema.json keeps only primitive ones). */
  default?: unknown;
  /** Range of a number, from the JSON Schema (function arguments). */
  range?: string;
}

const TOKEN_PREFIX = "#/types/";

function cell(s: string): string {
  return s.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

function typeOf(p: PulumiProperty): string {
  if (p.$ref === "pulumi.json#/Any") return "any";
  if (p.$ref?.startsWith(TOKEN_PREFIX)) return "object";
  if (p.oneOf) return [...new Set(p.oneOf.map(typeOf))].join(" | ");
  if (p.type === "array") {
    const item = p.items ? typeOf(p.items) : "any";
    return item.includes(" ") ? `(${item})[]` : `${item}[]`;
  }
  if (p.type === "object") return p.additionalProperties ? `map of ${typeOf(p.additionalProperties)}` : "object";
  return p.type ?? "any";
}

function requiredCell(r: Row, output: boolean): string {
  if (output) return r.required ? "always" : "when known";
  if (r.required) return "**required**";
  const d = r.default ?? r.prop.default;
  return d === undefined ? "optional" : `default \`${JSON.stringify(d)}\``;
}

function table(rows: Row[], output = false): string {
  const lines = ["| property | type | required / default | description |", "| --- | --- | --- | --- |"];
  for (const r of rows) {
    const type = typeOf(r.prop) + (r.prop.secret ? ", **secret**" : "");
    const desc = [r.prop.description ?? "", r.range ?? ""].filter((s) => s !== "").join(" ") || "—";
    lines.push(`| \`${r.name}\` | ${cell(type)} | ${cell(requiredCell(r, output))} | ${cell(desc)} |`);
  }
  return lines.join("\n");
}

/** The object types a property refers to, with a label for their sub-table (`schedule` (weekly)). */
function referencedTypes(path: string, p: PulumiProperty): { label: string; token: string }[] {
  if (p.$ref?.startsWith(TOKEN_PREFIX)) return [{ label: `\`${path}\``, token: p.$ref.slice(TOKEN_PREFIX.length) }];
  if (p.items) return referencedTypes(`${path}[]`, p.items);
  if (p.oneOf) {
    const tokens = p.oneOf.flatMap((v) => referencedTypes(path, v)).map((t) => t.token);
    const common = commonPrefix(tokens);
    // Variants of a union tagged by `type` (GcpInternalScanJob's schedule): label each by its tag.
    return tokens.map((token) => ({
      label: tokens.length > 1 ? `\`${path}\` with \`type: "${token.slice(common.length).toLowerCase()}"\`` : `\`${path}\``,
      token,
    }));
  }
  return [];
}

function commonPrefix(xs: string[]): string {
  if (xs.length < 2) return "";
  let i = 0;
  while (xs.every((x) => x[i] !== undefined && x[i] === xs[0][i])) i++;
  return xs[0].slice(0, i);
}

/** The main table, then one sub-table per object type reached from it (depth first, each once). */
function tableWithTypes(rows: Row[], types: Record<string, Json>, output = false): string {
  const out = [table(rows, output)];
  const seen = new Set<string>();
  const queue = rows.flatMap((r) => referencedTypes(r.name, r.prop));
  while (queue.length > 0) {
    const { label, token } = queue.shift()!;
    if (seen.has(token)) continue;
    seen.add(token);
    const t = types[token] as { properties?: Record<string, PulumiProperty>; required?: string[]; description?: string };
    const required = t.required ?? [];
    const sub = Object.entries(t.properties ?? {}).map(([name, prop]) => ({ name, prop, required: required.includes(name) }));
    out.push(`**${label}:**\n\n${table(sub, output)}`);
    const rawLabel = label.replace(/^`([^`]*)`.*$/, "$1");
    queue.push(...sub.flatMap((r) => referencedTypes(`${rawLabel}.${r.name}`, r.prop)));
  }
  return out.join("\n\n");
}

interface SchemaResource {
  inputProperties: Record<string, PulumiProperty>;
  requiredInputs: string[];
  properties: Record<string, PulumiProperty>;
  required: string[];
}

/** The Inputs and Outputs tables of one resource page. */
export function resourceTables(spec: ResourceSpec, schema: Json = generateSchema()): { inputs: string; outputs: string } {
  const res = (schema.resources as Record<string, SchemaResource>)[`qualys:index:${spec.name}`];
  const types = schema.types as Record<string, Json>;
  // Array and object defaults (`resourceTypes: ["vm"]`) are left out of schema.json; the docs show them.
  const raw = z.toJSONSchema(spec.inputs, { io: "input", unrepresentable: "any" }) as { properties?: Record<string, Json> };
  const inputs = Object.entries(res.inputProperties).map(([name, prop]) => ({
    name,
    prop,
    required: res.requiredInputs.includes(name),
    default: raw.properties?.[name]?.default,
  }));
  const outputs = Object.entries(res.properties)
    .filter(([name]) => !(name in res.inputProperties))
    .map(([name, prop]) => ({ name, prop, required: res.required.includes(name) }));
  return { inputs: tableWithTypes(inputs, types), outputs: tableWithTypes(outputs, types, true) };
}

function rangeOf(js: Json | undefined): string | undefined {
  if (!js) return undefined;
  const min = js.minimum as number | undefined;
  const max = js.maximum as number | undefined;
  // zod writes Number.MAX_SAFE_INTEGER as the maximum of an unbounded integer: not a rule worth showing.
  // A lower bound alone is a page number's "from 0/1", which its description already says.
  return min !== undefined && max !== undefined && max < Number.MAX_SAFE_INTEGER ? `Range ${min}–${max}.` : undefined;
}

interface SchemaFunction {
  inputs: { properties: Record<string, PulumiProperty>; required: string[] };
  outputs: { properties: Record<string, PulumiProperty>; required: string[] };
}

/** The functions of one docs group, in their list's order. */
export function functionsOf(group: FunctionGroup): AnyFunctionDefinition[] {
  return FUNCTIONS.filter((f) => f.group === group);
}

function pagingLine(f: AnyFunctionDefinition): string {
  const p = f.paging;
  if (!p) return "";
  return `\n\nPaged: \`${p.pageArg}\` from ${p.firstPage}, \`${p.sizeArg}\` ${p.minSize}–${p.maxSize} (with \`all: true\` and no \`${p.sizeArg}\`: ${p.defaultSize}).`;
}

/** The Arguments tables of one function page: one table per function, with its description and paging. */
export function functionTables(group: FunctionGroup, schema: Json = generateSchema()): string {
  return functionsOf(group)
    .map((f) => {
      const res = (schema.functions as Record<string, SchemaFunction>)[`qualys:index:${f.name}`];
      const raw = ((z.toJSONSchema(f.args, { io: "input", unrepresentable: "any" }) as Json).properties ?? {}) as Record<string, Json>;
      const rows = Object.entries(res.inputs.properties).map(([name, prop]) => ({
        name,
        prop,
        required: res.inputs.required.includes(name),
        default: raw[name]?.default,
        range: rangeOf(raw[name]),
      }));
      return `#### \`${f.name}\`\n\n${f.description}${pagingLine(f)}\n\n${rows.length > 0 ? table(rows) : "No arguments."}`;
    })
    .join("\n\n");
}

/** The Results tables of one function page: each function's result, nested objects below it. */
export function resultTables(group: FunctionGroup, schema: Json = generateSchema()): string {
  const types = schema.types as Record<string, Json>;
  return functionsOf(group)
    .map((f) => {
      const res = (schema.functions as Record<string, SchemaFunction>)[`qualys:index:${f.name}`];
      const rows = Object.entries(res.outputs.properties).map(([name, prop]) => ({
        name,
        prop,
        required: res.outputs.required.includes(name),
      }));
      return `#### \`${f.name}\`\n\n${tableWithTypes(rows, types, true)}`;
    })
    .join("\n\n");
}

/** The Resources table of docs/index.md: one row per resource of RESOURCES, in its order, linking its page. */
export function resourceIndex(): string {
  const lines = ["| page | what it manages | Qualys API |", "| --- | --- | --- |"];
  for (const r of RESOURCES) lines.push(`| [${r.name}](${r.module}.md) | ${cell(r.summary.manages)} | ${cell(r.summary.qualysApi)} |`);
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------
// Pages

const END = "<!-- END GENERATED -->";

/** What a generated block is made from, as its note says. */
const SOURCES: Record<string, string> = { resources: "the resource definitions (provider/resources)" };

/** Replace the body of the block `name` in a page; a page without the block is an error. */
export function replaceBlock(page: string, text: string, name: string, body: string): string {
  const begin = `<!-- BEGIN GENERATED: ${name} -->`;
  const start = text.indexOf(begin);
  const end = start < 0 ? -1 : text.indexOf(END, start);
  if (start < 0 || end < 0) throw new Error(`docs/${page}: missing "${begin}" … "${END}"`);
  const note = `<!-- Generated from ${SOURCES[name] ?? "the zod schemas"} by \`make schema\` (provider/schema/docs.ts). Do not edit by hand. -->`;
  return `${text.slice(0, start)}${begin}\n${note}\n\n${body}\n\n${text.slice(end)}`;
}

/** Every generated page: file under docs/ → the blocks it holds. */
export function generatedBlocks(schema: Json = generateSchema()): Map<string, Record<string, string>> {
  const pages = new Map<string, Record<string, string>>([["index.md", { resources: resourceIndex() }]]);
  for (const spec of RESOURCES) pages.set(`${spec.module}.md`, resourceTables(spec, schema));
  for (const [group, g] of Object.entries(FUNCTION_GROUPS) as [FunctionGroup, { page: string }][])
    pages.set(g.page, { arguments: functionTables(group, schema), results: resultTables(group, schema) });
  return pages;
}

/** Each page's text with its blocks regenerated; `read` gives a page's committed text. */
export function renderDocs(read: (page: string) => string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [page, blocks] of generatedBlocks()) {
    let text = read(page);
    for (const [name, body] of Object.entries(blocks)) text = replaceBlock(page, text, name, body);
    out.set(page, text);
  }
  return out;
}

/** `node dist/provider/schema/docs.js [--check]` rewrites the docs' tables, or checks they are current. */
if (require.main === module) {
  const fs = require("node:fs") as typeof import("node:fs");
  const path = require("node:path") as typeof import("node:path");
  const dir = path.join(packageRoot(), "docs");
  const read = (page: string) => fs.readFileSync(path.join(dir, page), "utf8");
  const stale: string[] = [];
  for (const [page, text] of renderDocs(read)) {
    if (read(page) === text) continue;
    if (process.argv.includes("--check")) stale.push(`docs/${page}`);
    else fs.writeFileSync(path.join(dir, page), text);
  }
  if (stale.length > 0) {
    process.stderr.write(`Generated tables are stale in ${stale.join(", ")}: run \`make schema\` and commit them.\n`);
    process.exit(1);
  }
}
