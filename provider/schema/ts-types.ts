/**
 * TypeScript types written out from the JSON Schema zod makes of a schema (`z.toJSONSchema`), for the
 * generated TypeScript SDK (sdk-nodejs.ts): its public types are plain interfaces and literal
 * unions, so the declarations the package publishes name no zod type and a program's `tsc` never
 * reads zod's own declaration files.
 *
 * Two forms: `plainType` (outputs, function arguments and results) and `ArgsWriter` (a resource's
 * Args: every value a `pulumi.Input`, objects as named interfaces so an editor shows their docs).
 */
import { typePart } from "./generate";

type Json = Record<string, unknown>;

/** A TSDoc comment at `indent`; `*\/` in a description must not end the comment early. */
export function tsdoc(description: string, indent: string): string {
  const lines = description
    .replace(/\*\//g, "*\\/")
    .split(/\r?\n/)
    .map((l) => l.trimEnd());
  if (lines.length === 1) return `${indent}/** ${lines[0]} */`;
  return [`${indent}/**`, ...lines.map((l) => (l === "" ? `${indent} *` : `${indent} * ${l}`)), `${indent} */`].join("\n");
}

/** A property name as TypeScript accepts it in a type literal. */
export function propertyName(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key);
}

const variantsOf = (js: Json) => (js.anyOf ?? js.oneOf) as Json[] | undefined;
const union = (types: string[]) => [...new Set(types)].join(" | ");
const paren = (t: string) => (t.includes(" | ") || t.includes("&") ? `(${t})` : t);
const objectProperties = (js: Json) => js.properties as Record<string, Json> | undefined;

/** The plain type of a JSON Schema; objects are written inline, each property with its doc. */
export function plainType(js: Json, indent = ""): string {
  const variants = variantsOf(js);
  if (variants) return union(variants.map((v) => plainType(v, indent)));
  if (Array.isArray(js.type)) return union((js.type as string[]).map((t) => plainType({ ...js, type: t }, indent)));
  if (js.const !== undefined) return JSON.stringify(js.const);
  if (Array.isArray(js.enum)) return union(js.enum.map((v) => JSON.stringify(v)));
  switch (js.type) {
    case "string":
    case "boolean":
    case "null":
      return js.type;
    case "integer":
    case "number":
      return "number";
    case "array":
      return `${paren(js.items ? plainType(js.items as Json, indent) : "unknown")}[]`;
    case "object": {
      const props = objectProperties(js);
      // Records are described by their documented fields; one a program needs beyond them is read with a cast.
      if (props && Object.keys(props).length > 0) return `{\n${members(js, `${indent}  `, (p, i) => plainType(p, i))}\n${indent}}`;
      const ap = js.additionalProperties;
      return `Record<string, ${ap && typeof ap === "object" ? plainType(ap as Json, indent) : "unknown"}>`;
    }
    default:
      return "unknown";
  }
}

/** The members of an object schema: each with its doc, optional unless required. */
export function members(js: Json, indent: string, typeOf: (p: Json, indent: string, key: string) => string): string {
  const required = (js.required as string[] | undefined) ?? [];
  const lines: string[] = [];
  for (const [key, p] of Object.entries(objectProperties(js) ?? {})) {
    if (typeof p.description === "string") lines.push(tsdoc(p.description, indent));
    lines.push(`${indent}${propertyName(key)}${required.includes(key) ? "" : "?"}: ${typeOf(p, indent, key)};`);
  }
  return lines.join("\n");
}

/**
 * A resource's Args types: every value a `pulumi.Input` (arrays' items too), each object a named
 * interface `<Owner><Property>Args` (a tagged union's variants `<Owner><Property><Tag>Args`, the
 * names schema.json gives their types), declared in `interfaces`.
 */
export class ArgsWriter {
  readonly interfaces = new Map<string, string>();

  /** The Args type of `js`, named from `owner` (the type name its object would have). */
  type(js: Json, owner: string): string {
    const variants = variantsOf(js);
    if (variants) {
      const nonNull = variants.filter((v) => v.type !== "null");
      const nullable = nonNull.length < variants.length ? ["pulumi.Input<null>"] : [];
      if (nonNull.every((v) => !isStructured(v))) return `pulumi.Input<${plainType(js)}>`;
      return union([
        ...nonNull.map((v, i) => this.type(v, nonNull.length === 1 ? owner : `${owner}${variantName(v, i)}`)),
        ...nullable,
      ]);
    }
    if (js.type === "array") return `pulumi.Input<${paren(js.items ? this.type(js.items as Json, `${owner}Item`) : "unknown")}[]>`;
    const props = objectProperties(js);
    if (js.type === "object" && props && Object.keys(props).length > 0) return `pulumi.Input<${this.declare(js, owner)}>`;
    return `pulumi.Input<${plainType(js)}>`;
  }

  /** The Args interface `name` of an object schema, with its members. */
  declare(js: Json, owner: string, name = `${owner}Args`): string {
    if (this.interfaces.has(name)) return name;
    this.interfaces.set(name, "");
    const tag = (objectProperties(js)?.type)?.const;
    const body = members(js, "  ", (p, _indent, key) =>
      // A union variant's `type` tag is its literal, not an Input of it: an editor narrows the union by it.
      key === "type" && tag !== undefined ? JSON.stringify(tag) : this.type(p, `${owner}${typePart(key)}`),
    );
    const doc = typeof js.description === "string" ? `${tsdoc(js.description, "")}\n` : "";
    this.interfaces.set(name, `${doc}export interface ${name} {\n${body}\n}`);
    return name;
  }
}

function isStructured(js: Json): boolean {
  return js.type === "array" || (js.type === "object" && Object.keys(objectProperties(js) ?? {}).length > 0) || variantsOf(js) !== undefined;
}

/** A tagged variant's name part: its `type` literal, capitalised (`Weekly`), as schema.json names it. */
function variantName(v: Json, i: number): string {
  const tag = (objectProperties(v)?.type)?.const ?? ((objectProperties(v)?.type)?.enum as unknown[])?.[0];
  return typeof tag === "string" ? tag.charAt(0).toUpperCase() + tag.slice(1) : `Variant${i + 1}`;
}
