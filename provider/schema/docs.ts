/**
 * The generated tables of docs/*.md: each resource page's Inputs and Outputs, each read-only
 * function page's Arguments. They come from the same zod schemas as schema.json (through
 * generate.ts, so a property reads the same in both), and are written between markers:
 *
 *   <!-- BEGIN GENERATED: inputs -->  …  <!-- END GENERATED -->
 *
 * Everything outside the markers is hand-written. `make schema` rewrites the blocks; `--check` (and
 * docs.test.ts, in CI) fails when a committed page is stale.
 */
import { z } from "zod";
import { RESOURCES, type ResourceSpec } from "../resources";
import { generateSchema, packageRoot, props, type PulumiProperty } from "./generate";
import * as flexscan from "../../sdk/functions/flexscan";
import * as qflow from "../../sdk/functions/qflow";
import * as cloudview from "../../sdk/functions/cloudview";
import * as policy from "../../sdk/functions/policy";
import * as scheduleScans from "../../sdk/functions/schedule-scans";

type Json = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Read-only functions: which page documents which function, and with which argument schema.

export interface FunctionDoc {
  name: string;
  args: z.ZodType;
}

export interface FunctionGroup {
  /** File under docs/. */
  page: string;
  title: string;
  functions: FunctionDoc[];
}

/**
 * Hand-kept, because a function's argument schema is not reachable from the function itself
 * (several functions share one schema). docs.test.ts fails when an exported `getX` is missing here.
 *
 * Its entries are alike in shape on purpose: a table (page, title, functions with their args schema), one entry per docs page.
 */
export const FUNCTION_GROUPS: FunctionGroup[] = [
  {
    page: "functions-flexscan.md",
    title: "Flexscan",
    functions: [
      { name: "getServiceAccounts", args: flexscan.getServiceAccountsArgs },
      { name: "getServiceAccount", args: flexscan.getServiceAccountArgs },
      { name: "getServiceAccountState", args: flexscan.getServiceAccountArgs },
      { name: "getTargetAccounts", args: flexscan.getTargetAccountsArgs },
      { name: "getTargetAccount", args: flexscan.getTargetAccountArgs },
      { name: "getTargetAccountState", args: flexscan.getTargetAccountArgs },
      { name: "getScanLogs", args: flexscan.getScanLogsArgs },
      { name: "getScanLog", args: flexscan.getScanLogArgs },
      { name: "getResourceAuditTrail", args: flexscan.getResourceAuditTrailArgs },
      { name: "getWorkflowTimeline", args: flexscan.getWorkflowTimelineArgs },
      { name: "getAuditWorkflows", args: flexscan.getAuditWorkflowsArgs },
    ],
  },
  {
    page: "functions-qflow.md",
    title: "QFlow",
    functions: [
      { name: "getQflowWorkflows", args: qflow.getQflowWorkflowsArgs },
      { name: "getQflowWorkflow", args: qflow.getQflowWorkflowArgs },
      { name: "getQflowExecutions", args: qflow.getQflowExecutionsArgs },
      { name: "getQflowExecution", args: qflow.getQflowExecutionArgs },
      { name: "getQflowExecutionSteps", args: qflow.getQflowExecutionStepsArgs },
      { name: "getQflowExecutionStep", args: qflow.getQflowExecutionStepArgs },
      { name: "getQflowExecutionStepInputData", args: qflow.getQflowExecutionStepArgs },
      { name: "getQflowExecutionStepOutputData", args: qflow.getQflowExecutionStepArgs },
    ],
  },
  {
    page: "functions-cloudview.md",
    title: "CloudView",
    functions: [
      { name: "getCloudViewConnectors", args: cloudview.getCloudViewConnectorsArgs },
      { name: "getCloudViewConnector", args: cloudview.getCloudViewConnectorArgs },
      { name: "getCloudViewEvaluations", args: cloudview.getCloudViewEvaluationsArgs },
      { name: "getCloudViewEvaluatedResources", args: cloudview.getCloudViewEvaluatedResourcesArgs },
    ],
  },
  {
    page: "functions-policy-compliance.md",
    title: "Policy Compliance",
    functions: [
      { name: "getPolicies", args: policy.getPoliciesArgs },
      { name: "getPolicy", args: policy.getPolicyArgs },
    ],
  },
  {
    page: "functions-scheduled-scans.md",
    title: "Scheduled scans",
    functions: [{ name: "getScheduledScans", args: scheduleScans.getScheduledScansArgs }],
  },
];

/**
 * Argument descriptions. The function schemas document their arguments in TSDoc comments, which do
 * not exist at run time, so the texts live here: a key `function.argument` wins over `argument`. A
 * zod `.describe()` on the argument wins over both (docs.test.ts then flags the entry here as
 * unused, so each text keeps one home); generation fails for an argument with no text at all.
 */
export const ARG_DESCRIPTIONS: Record<string, string> = {
  // Paging
  page: "Page number, from 1 (default 1).",
  limit: "Items per page. Without `all`: the API's default page size unless given; with `all: true`: the endpoint's maximum unless given.",
  all: "Fetch every page from the given page to the end (stops at a short or empty page, the API's total or its `last` flag).",
  pageNumber: "Page, from 1 (default 1).",
  pageNo: "Page, from 0 (default 0).",
  pageSize: "Records per page (default 50; always sent).",
  sort: 'Sort as `"field,direction"`, e.g. `"createdAt,desc"`.',
  // Flexscan
  accountId: "The account's id (GCP project id, AWS account id or Azure subscription id).",
  "getServiceAccountState.accountId": "The service account's id.",
  "getTargetAccount.accountId": "The target account's id.",
  "getTargetAccountState.accountId": "The target account's id.",
  "getTargetAccounts.serviceAccountId": "Only targets of this parent service account.",
  "getTargetAccounts.cloudType": "AWS, AZURE, GCP or OCI (any case; Qualys validates it).",
  "getTargetAccounts.state": "The parent's state: REGISTERED, ACTIVE, INACTIVE, ERROR (Qualys validates it).",
  scanUuid: "The scan record's UUID (`scanUuid` of a scan log).",
  includeDetails: "Adds `resultFileName` and `correlationIds` (a JSON array in a string, as given).",
  correlationId: "The workflow's correlation id.",
  status: "SUCCESS, FAILED, IN_PROGRESS, MAX_RETRIES_EXCEEDED (any case; Qualys validates it).",
  eventCategory: "DISCOVERY, SNAPSHOT, SCAN, MANAGEMENT (any case; Qualys validates it).",
  serviceAccountId: "Only workflows of this service account.",
  cloudType: "AWS, AZURE, GCP, OCI (any case; Qualys validates it).",
  stepType: "e.g. ROOT, DISCOVER_TARGET_VMS (any case).",
  // QFlow
  query: "QQL query, e.g. `qflow.name: Publicly accessible RDS DB Instances` or `status: Success`.",
  startAt: "Created on or after (ISO-8601).",
  endAt: "Created on or before (ISO-8601); not before `startAt`.",
  order: "Sort field; `-field` for descending (e.g. `-createdAt`).",
  workflowId: "The workflow's id (UUID).",
  executionId: "The execution's id (UUID).",
  includeSteps: "Include the execution's steps (as `steps`).",
  includeData: "Include every step's input and output, decoded.",
  nodeId: "The step's node id, e.g. `node-67649155-filter`.",
  // CloudView
  provider: "`aws`, `azure` or `gcp` (any case).",
  filter:
    "A Qualys filter string sent as given, or an object of search tokens: connectors take `name`, `description`, `state` (SUCCESS, PENDING, REGIONS_DISCOVERED, ERROR), `connector.uuid`, `lastSyncedOn` (UTC), joined as `state%3DSUCCESS`.",
  "getCloudViewEvaluations.filter": 'A Qualys filter string (`"cid:67"`) or an object of search tokens (`{ cid: "67" }` → `cid%3A67`).',
  "getCloudViewEvaluatedResources.filter":
    'A Qualys filter string (`"cid:67"`) or an object of search tokens (`{ cid: "67" }` → `cid%3A67`).',
  "getCloudViewConnectors.sort":
    '`"lastSyncedOn:asc"`, `"lastSyncedOn:desc"` or `{ lastSyncedOn: "asc" | "desc" }`: CloudView sorts by lastSyncedOn only.',
  name: "The connector's exact name.",
  "getCloudViewEvaluations.accountId": "AWS account id, Azure subscription id or GCP project id.",
  "getCloudViewEvaluatedResources.accountId": "AWS account id, Azure subscription id or GCP project id.",
  controlId: "The control id (CID).",
  // Policy Compliance
  lastEvaluationDate: 'Only policies evaluated since this date/time (ISO-8601, e.g. "2021-09-30T07:25:58Z").',
  requireTagInfo: "Include each policy's `tagInfo` (include/exclude tags and their ALL/ANY scope).",
  id: "The policy id; exactly one of `id` / `title`.",
  title: "The policy's exact title; exactly one of `id` / `title`.",
  // Scheduled scans
  ids: "Only these schedules (ids as numbers or strings of digits).",
  active: "Only active (true) or inactive (false) schedules.",
  scanType: 'e.g. `"perimeter"` (VM/PC schedule scan list API).',
  showCloudDetails: "Include CLOUD_DETAILS (provider, connector, scan type, cloud target).",
};

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

/**
 * Where an argument's text comes from: its zod `.describe()` first (the one home, once the function
 * schemas carry them), then ARG_DESCRIPTIONS (`function.argument`, then `argument`). Returns the
 * ARG_DESCRIPTIONS key used, or undefined when `.describe()` supplies the text.
 */
function argDescriptionKey(fn: string, name: string, raw: Json | undefined): string | undefined {
  if (typeof raw?.description === "string") return undefined;
  const key = [`${fn}.${name}`, name].find((k) => k in ARG_DESCRIPTIONS);
  // The generator's own "One of: …" text for an enum is a last resort, not a description.
  if (key === undefined && raw?.enum === undefined)
    throw new Error(`docs: no description for argument ${fn}.${name} (add it to ARG_DESCRIPTIONS in provider/schema/docs.ts)`);
  return key;
}

/** ARG_DESCRIPTIONS keys no argument uses (shadowed by a `.describe()`, or the argument is gone). */
export function unusedArgDescriptions(): string[] {
  const used = new Set<string>();
  for (const g of FUNCTION_GROUPS)
    for (const f of g.functions) {
      const js = z.toJSONSchema(f.args, { io: "input", unrepresentable: "any" }) as Json;
      for (const [name, raw] of Object.entries((js.properties ?? {}) as Record<string, Json>)) {
        const key = argDescriptionKey(f.name, name, raw);
        if (key !== undefined) used.add(key);
      }
    }
  return Object.keys(ARG_DESCRIPTIONS).filter((k) => !used.has(k));
}

function rangeOf(js: Json | undefined): string | undefined {
  if (!js) return undefined;
  const min = js.minimum as number | undefined;
  const max = js.maximum as number | undefined;
  // zod writes Number.MAX_SAFE_INTEGER as the maximum of an unbounded integer: not a rule worth showing.
  // A lower bound alone is a page number's "from 0/1", which its description already says.
  return min !== undefined && max !== undefined && max < Number.MAX_SAFE_INTEGER ? `Range ${min}–${max}.` : undefined;
}

/** The Arguments tables of one function page: one table per function. */
export function functionTables(group: FunctionGroup): string {
  return group.functions
    .map((f) => {
      const js = z.toJSONSchema(f.args, { io: "input", unrepresentable: "any" }) as Json;
      const converted = props(js, f.name, {});
      const required = (js.required as string[] | undefined) ?? [];
      const raw = (js.properties ?? {}) as Record<string, Json>;
      const rows = Object.entries(converted).map(([name, prop]) => {
        const key = argDescriptionKey(f.name, name, raw[name]);
        return {
          name,
          prop: key === undefined ? prop : { ...prop, description: ARG_DESCRIPTIONS[key] },
          required: required.includes(name),
          default: raw[name]?.default,
          range: rangeOf(raw[name]),
        };
      });
      return `#### \`${f.name}\`\n\n${rows.length > 0 ? table(rows) : "No arguments."}`;
    })
    .join("\n\n");
}

// ---------------------------------------------------------------------------------------------
// Pages

const END = "<!-- END GENERATED -->";

/** Replace the body of the block `name` in a page; a page without the block is an error. */
export function replaceBlock(page: string, text: string, name: string, body: string): string {
  const begin = `<!-- BEGIN GENERATED: ${name} -->`;
  const start = text.indexOf(begin);
  const end = start < 0 ? -1 : text.indexOf(END, start);
  if (start < 0 || end < 0) throw new Error(`docs/${page}: missing "${begin}" … "${END}"`);
  const note = "<!-- Generated from the zod schemas by `make schema` (provider/schema/docs.ts). Do not edit by hand. -->";
  return `${text.slice(0, start)}${begin}\n${note}\n\n${body}\n\n${text.slice(end)}`;
}

/** Every generated page: file under docs/ → the blocks it holds. */
export function generatedBlocks(schema: Json = generateSchema()): Map<string, Record<string, string>> {
  const pages = new Map<string, Record<string, string>>();
  for (const spec of RESOURCES) pages.set(`${spec.module}.md`, resourceTables(spec, schema));
  for (const g of FUNCTION_GROUPS) pages.set(g.page, { arguments: functionTables(g) });
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
