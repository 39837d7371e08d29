/**
 * schema.json: the Pulumi package schema of every resource, generated from the zod schemas.
 * `make schema` writes it; a test compares it with the committed file so CI fails when it is stale.
 */
import { z } from "zod";
import { SETTINGS, settingText, type Setting } from "../config";
import { withSettingsTable } from "./settings-table";
import { RESOURCES, type ResourceSpec } from "../resources";
import { FUNCTIONS, FUNCTION_GROUPS, type AnyFunctionDefinition } from "../functions";

type Json = Record<string, unknown>;

export interface PulumiProperty {
  type?: string;
  items?: PulumiProperty;
  additionalProperties?: PulumiProperty;
  $ref?: string;
  oneOf?: PulumiProperty[];
  description?: string;
  default?: unknown;
  secret?: boolean;
}

const PACKAGE = "qualys";
/** Go import path of the generated Go SDK (sdk/go/qualys); the Go module is its parent. Keep in step with docs/native-provider.md. */
export const GO_IMPORT_BASE_PATH = "github.com/pulumi-qualys/pulumi-qualys/sdk/go/qualys";
/** The GitHub releases of the repository (docs/releasing.md); the SDKs' pulumi-plugin.json carry it as `server`. */
export const PLUGIN_DOWNLOAD_URL = "github://api.github.com/pulumi-qualys/pulumi-qualys";
/** Python distribution/package name of the generated Python SDK. */
export const PYTHON_PACKAGE_NAME = "pulumi_qualys";

/** The package's own package.json, found by walking up (the same code runs from source and from dist/). */
export function packageRoot(): string {
  const fs = require("node:fs") as typeof import("node:fs");
  const path = require("node:path") as typeof import("node:path");
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file) && (JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string }).name === "pulumi-qualys") return dir;
  }
  throw new Error("pulumi-qualys package.json not found");
}

export function generateSchema(version = (require(`${packageRoot()}/package.json`) as { version: string }).version): Json {
  const types: Record<string, Json> = {};
  const resources: Record<string, Json> = {};
  for (const spec of RESOURCES) resources[`${PACKAGE}:index:${spec.name}`] = resourceSchema(spec, types);
  const functions: Record<string, Json> = {};
  for (const fn of [...FUNCTIONS].sort((a, b) => a.name.localeCompare(b.name)))
    functions[`${PACKAGE}:index:${fn.name}`] = functionSchema(fn, types);
  return {
    name: PACKAGE,
    displayName: "Qualys",
    version,
    description:
      "Qualys Flexscan accounts, NSX authentication records and GCP internal scan jobs, as Pulumi dynamic resources (npm: pulumi-qualys) and as the native plugin pulumi-resource-qualys.",
    keywords: ["pulumi", "qualys", "security", "category/utility"],
    license: "Apache-2.0",
    repository: "https://github.com/pulumi-qualys/pulumi-qualys",
    // Where the CLI fetches pulumi-resource-qualys-v<version>-<os>-<arch>.tar.gz when a program needs
    // the plugin: the repository's GitHub release of tag v<version> (make release writes those assets).
    pluginDownloadURL: PLUGIN_DOWNLOAD_URL,
    config: {
      variables: Object.fromEntries(
        Object.entries(SETTINGS).map(([name, setting]: [string, Setting]) => [
          name,
          { type: setting.type, ...(setting.type === "string" && setting.secret ? { secret: true } : {}), description: settingText(setting) },
        ]),
      ),
    },
    // respectSchemaVersion: generated SDKs carry this version; without it they are 0.0.0 and
    // `pulumi import`'s code generation fails ("loader returned qualys@0.1.0; requested qualys@0.0.0").
    language: {
      nodejs: {
        packageName: "pulumi-qualys",
        respectSchemaVersion: true,
        dynamicTypeTokens: Object.fromEntries(RESOURCES.map((r) => [r.name, `pulumi-nodejs:dynamic/qualys:${r.name}`])),
      },
      python: { packageName: PYTHON_PACKAGE_NAME, respectSchemaVersion: true },
      go: { importBasePath: GO_IMPORT_BASE_PATH, respectSchemaVersion: true },
    },
    types,
    resources,
    functions,
  };
}

function resourceSchema(spec: ResourceSpec, types: Record<string, Json>): Json {
  const input = z.toJSONSchema(spec.inputs, { io: "input", unrepresentable: "any" }) as Json;
  const observed = z.toJSONSchema(spec.observed, { io: "output", unrepresentable: "any" }) as Json;
  const output = outputShapeOfInputs(spec, input);
  const inputProperties = props(input, `${spec.name}`, types);
  for (const k of spec.internalInputs ?? []) delete inputProperties[k];
  const outProps = { ...props(output, spec.name, types), ...props(observed, spec.name, types) };
  for (const k of spec.secretOutputs) if (outProps[k]) outProps[k].secret = true;
  for (const [k, v] of Object.entries(inputProperties)) if (spec.secretOutputs.includes(k)) v.secret = true;
  return {
    description: `${spec.description}\n\nNative plugin token: \`${PACKAGE}:index:${spec.name}\`. Dynamic-resource state type token: \`pulumi-nodejs:dynamic/qualys:${spec.name}\`; provider module \`pulumi-qualys/dynamic/${spec.module}\`.`,
    inputProperties,
    requiredInputs: ((input.required as string[] | undefined) ?? []).filter((k) => !spec.internalInputs?.includes(k)).sort(),
    properties: outProps,
    required: Object.keys(outProps)
      .filter(
        (k) =>
          ((output.required as string[] | undefined) ?? []).includes(k) || ((observed.required as string[] | undefined) ?? []).includes(k),
      )
      .sort(),
  };
}

/**
 * A read-only function: its arguments and its result, each from its zod schema (descriptions
 * included). The result's properties are the function's outputs, so `${accounts.total}` works in
 * Pulumi YAML and the Python and Go SDKs return typed objects; a result that is not an object (a
 * QFlow step payload) is `value`.
 */
function functionSchema(fn: AnyFunctionDefinition, types: Record<string, Json>): Json {
  const args = z.toJSONSchema(fn.args, { io: "input", unrepresentable: "any" }) as Json;
  const result = z.toJSONSchema(fn.result, { io: "output", unrepresentable: "any" }) as Json;
  const page = FUNCTION_GROUPS[fn.group].page;
  return {
    description: `${fn.description}\n\nRead-only (docs/${page}). TypeScript: \`${fn.name}\` / \`${fn.name}Output\`.`,
    inputs: {
      properties: props(args, cap(fn.name), types),
      required: ((args.required as string[] | undefined) ?? []).slice().sort(),
    },
    outputs: {
      ...(typeof result.description === "string" ? { description: result.description } : {}),
      properties: props(result, `${cap(fn.name)}Result`, types),
      required: ((result.required as string[] | undefined) ?? []).slice().sort(),
    },
  };
}

/**
 * The normalised inputs as they appear in outputs. When the schema ends in an object-level transform
 * (normalisation after cross-field validation), zod cannot describe its output; the outputs then have
 * the input's properties, each one present (defaults applied).
 */
export function outputShapeOfInputs(spec: ResourceSpec, input: Json): Json {
  const output = z.toJSONSchema(spec.inputs, { io: "output", unrepresentable: "any" }) as Json;
  if (output.properties) return output;
  const properties = (input.properties ?? {}) as Record<string, Json>;
  const required = Object.keys(properties).filter(
    (k) => ((input.required as string[] | undefined) ?? []).includes(k) || properties[k].default !== undefined,
  );
  return { ...input, required };
}

/** JSON Schema properties → Pulumi schema properties; object types are added to `types` (also used by docs.ts). */
export function props(js: Json, owner: string, types: Record<string, Json>): Record<string, PulumiProperty> {
  const out: Record<string, PulumiProperty> = {};
  const properties = (js.properties ?? {}) as Record<string, Json>;
  for (const key of Object.keys(properties).sort()) out[key] = convert(properties[key], `${owner}${typePart(key)}`, types);
  return out;
}

/** A property name as part of a type name: `CLOUD_DETAILS`, `last_execution_details` → `CloudDetails`, `LastExecutionDetails`. */
export function typePart(key: string): string {
  if (!/[^A-Za-z0-9]/.test(key) && !/^[A-Z0-9]+$/.test(key)) return cap(key);
  return key
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => cap(w.toLowerCase()))
    .join("");
}

function convert(js: Json, typeName: string, types: Record<string, Json>): PulumiProperty {
  const base: PulumiProperty = {};
  if (typeof js.description === "string") base.description = js.description;
  if (js.default !== undefined && (typeof js.default !== "object" || js.default === null)) base.default = js.default;
  const variants = (js.oneOf ?? js.anyOf) as Json[] | undefined;
  if (variants) {
    const nonNull = variants.filter((v) => v.type !== "null");
    if (nonNull.length === 1) return { ...convert(nonNull[0], typeName, types), ...base };
    return { ...base, oneOf: nonNull.map((v, i) => convert(v, `${typeName}${variantName(v, i)}`, types)) };
  }
  // A union of primitives comes out of zod as `type: ["number", "string"]`: one variant per type.
  if (Array.isArray(js.type)) {
    const kinds = (js.type as string[]).filter((t) => t !== "null");
    if (kinds.length === 1) return convert({ ...js, type: kinds[0] }, typeName, types);
    return { ...base, oneOf: kinds.map((t) => convert({ type: t }, typeName, types)) };
  }
  const enumValues = js.enum as unknown[] | undefined;
  if (enumValues && base.description === undefined) base.description = `One of: ${enumValues.map(String).join(", ")}.`;
  switch (js.type) {
    case "string":
    case "boolean":
      return { ...base, type: js.type };
    case "integer":
      return { ...base, type: "integer" };
    case "number":
      return { ...base, type: "number" };
    case "array":
      return { ...base, type: "array", items: convert((js.items ?? {}) as Json, `${typeName}Item`, types) };
    case "object": {
      if (js.properties) {
        const token = `${PACKAGE}:index:${typeName}`;
        // Inputs are converted before outputs: the input shape of an object type wins, because the
        // output side turns every transformed field (normalised values) into Any.
        types[token] ??= {
          type: "object",
          ...(base.description ? { description: base.description } : {}),
          properties: props(js, typeName, types),
          required: ((js.required as string[] | undefined) ?? []).slice().sort(),
        };
        return { ...base, $ref: `#/types/${token}` };
      }
      const ap = js.additionalProperties;
      return {
        ...base,
        type: "object",
        additionalProperties: ap && typeof ap === "object" ? convert(ap as Json, `${typeName}Value`, types) : { $ref: "pulumi.json#/Any" },
      };
    }
    default:
      return { ...base, $ref: "pulumi.json#/Any" };
  }
}

function variantName(v: Json, i: number): string {
  const props = v.properties as Record<string, Json> | undefined;
  const tag = props?.type?.const ?? (props?.type?.enum as unknown[] | undefined)?.[0];
  return typeof tag === "string" ? cap(tag) : `Variant${i + 1}`;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * `node dist/provider/schema/generate.js [--check]` writes schema.json and the README's configuration
 * table (both declare the settings, from SETTINGS), or checks they are current.
 */
if (require.main === module) {
  const fs = require("node:fs") as typeof import("node:fs");
  const path = require("node:path") as typeof import("node:path");
  const readme = path.join(packageRoot(), "README.md");
  const outputs: Array<[string, string]> = [
    [path.join(packageRoot(), "schema.json"), `${JSON.stringify(generateSchema(), null, 2)}\n`],
    [readme, withSettingsTable(fs.readFileSync(readme, "utf8"))],
  ];
  for (const [file, text] of outputs) {
    if (process.argv.includes("--check")) {
      const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
      if (current !== text) {
        process.stderr.write(`${path.basename(file)} is stale: run \`make schema\` and commit it.\n`);
        process.exit(1);
      }
    } else fs.writeFileSync(file, text);
  }
}
