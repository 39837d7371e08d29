/**
 * QFlow read-only endpoints (the QFlow 1.16 notes) on the gateway, Bearer token:
 *  - `GET /qflowapi/v1/workflows` and `GET /qflowapi/v1/workflows/{workflowId}/executions`:
 *    `pageSize` and `pageNumber` mandatory (pageNumber from 1), `query` (QQL tokens `field: value`
 *    joined by `and`), `startAt`/`endAt` (ISO dates, on createdAt), `order` (`field` or `-field`);
 *    answer `{ "total": n, "items": [...] }` (the shape of the note's step list sample);
 *  - `GET /qflowapi/v1/workflows/{workflowId}` and `GET /qflowapi/v1/executions/{executionId}`
 *    (`includeSteps`): `{ "data": {...} }`;
 *  - `GET /qflowapi/v1/executions/{executionId}/steps` (`includeData`, `startAt`, `endAt`, `order`):
 *    `{ "total", "items" }`; `GET …/steps/{nodeId}`: the bare step with input/output gzip+base64;
 *    `GET …/steps/{nodeId}/input|output`: the payload as a JSON document inside a JSON string.
 * "Run workflow" is not emulated (the SDK has no function for it).
 *
 * Default data per tenant: 30 workflows (the first is the note's `aws-action-node`
 * f516bcf4-…, the second is named "Publicly accessible RDS DB Instances"); the first has 25
 * executions (including the note's 0e72b4a1-… with its six steps and sample payloads, and
 * 0e71f117-…), the second 3, the others none.
 */
import { gzipSync } from "node:zlib";
import { json, type Reply } from "../../http";
import { ApiError, type Route } from "../../router";
import type { Tenant } from "../../tenants";
import { badRequest, detHex, detUuid, optBool, optInt, parseFilter, parseIso } from "./common";
import { SAMPLE_EXECUTION_ID, SAMPLE_NODE_ID, SAMPLE_STEP_INPUT_GZIP_B64, SAMPLE_STEP_OUTPUT_GZIP_B64 } from "./qflow-sample";
import { gunzipSync } from "node:zlib";

const BASE = "/qflowapi/v1";
export const QFLOW_EMULATOR_MAX_PAGE_SIZE = 1000;
export const SAMPLE_WORKFLOW_ID = "f516bcf4-f6fb-46ac-a54f-ddbcf2a2d24a";
export const SAMPLE_EXECUTION_DETAILS_ID = "0e71f117-648f-4ad2-a3a9-8f1b857a1b70";

export interface EmuQflowWorkflow {
  id: string;
  createdAt: number;
  updatedAt: number;
  tags: string[];
  workflow: string;
  revision: string;
  definition: string;
  deletedAt: null;
  customerId: string;
  name: string;
  description: string;
  state: null;
  active: boolean;
  properties: Record<string, unknown>;
  last_execution_details: { message: string; executionEndDate: number } | null;
  last_execution_status: string | null;
  type: string;
}

export interface EmuQflowExecution {
  id: string;
  createdAt: number;
  updatedAt: number;
  tags: string[];
  workflow: string;
  execution: string;
  customerId: string;
  status: string;
  startDate: number;
  endDate: number | null;
  details: { executionEndDate: number } | null;
  linkedExecutionIds: string[] | null;
  executionType: string;
  parentExecutionId: string | null;
  categories: Record<string, unknown>;
  source: string;
  variables: string[];
  parDateKey: string;
}

export interface EmuQflowStep {
  id: string;
  createdAt: number;
  updatedAt: number;
  tags: string[];
  customerId: string;
  eventOrder: number;
  nodeId: string;
  execution: string;
  nodeType: string;
  status: string;
  startDate: number;
  endDate: number | null;
  details: Record<string, unknown> | null;
  parDateKey: string;
  /** The payloads as JSON text (what the input/output endpoints put inside their JSON string). */
  inputText: string;
  outputText: string;
  /** gzip+base64 as served in the step details (kept verbatim for the note's sample step). */
  inputGzip?: string;
  outputGzip?: string;
}

export interface QflowSlice {
  workflows: EmuQflowWorkflow[];
  executions: EmuQflowExecution[];
  steps: EmuQflowStep[];
}

export function qflowSlice(tenant: Tenant): QflowSlice {
  return tenant.slice<QflowSlice>("qflow", () => generateQflowData(tenant, 30, 25));
}

const CREATED_BY = "created_by=0ffaf046-768b-79fc-83f6-aa25be52c2a1";
const SAMPLE_WORKFLOW_CREATED = 1744786878828;
const NAMES = [
  "stop-tagged-instances",
  "snapshot-before-patch",
  "close-public-buckets",
  "rotate-stale-keys",
  "quarantine-vm",
  "notify-owner",
];

/** The six steps of the note's step list sample: node, type, event order, status, offsets (ms) and message. */
const SAMPLE_STEPS = [
  {
    id: "01JT3585YRG0DHQNS9DNN432X3",
    createdAt: 1746010380248,
    updatedAt: 1746010380248,
    eventOrder: 2,
    nodeId: "node-e3a84822-qualysevent",
    nodeType: "qualysevent",
    status: "Success",
    startDate: 1746010380100,
    endDate: 1746010380193,
    message: "1 events sent",
  },
  {
    id: "01JT359MNDCV83CTYGPP95RB0R",
    createdAt: 1746010428077,
    updatedAt: 1746010428077,
    eventOrder: 2,
    nodeId: "node-e3a84822-post-event",
    nodeType: "post-event",
    status: "Success",
    startDate: 1746010427974,
    endDate: 1746010428028,
    message: "Success",
  },
  {
    id: "01JT359NAD5FJE0S2BXCAK86JR",
    createdAt: 1746010428749,
    updatedAt: 1746010428749,
    eventOrder: 2,
    nodeId: "node-e3a84822-post-workflow-trigger",
    nodeType: "post-workflow-trigger",
    status: "Success",
    startDate: 1746010428645,
    endDate: 1746010428707,
    message: "Success",
  },
  {
    id: "01JT359Q39BZ9946H04WJWS12N",
    createdAt: 1746010430570,
    updatedAt: 1746010430569,
    eventOrder: 2,
    nodeId: "node-ea318327-action",
    nodeType: "action",
    status: "Success",
    startDate: 1746010429394,
    endDate: 1746010430521,
    message: "2 Instances acted on",
  },
  {
    id: "01JT3580ZDJDN1427C44NE56BX",
    createdAt: 1746010375149,
    updatedAt: 1746010375149,
    eventOrder: 1,
    nodeId: "trigger",
    nodeType: "trigger",
    status: "Running",
    startDate: 1746010375084,
    endDate: null,
    message: null,
  },
  {
    id: "01JT3583JM731H2TKDHDK8TJHF",
    createdAt: 1746010377813,
    updatedAt: 1746010377813,
    eventOrder: 2,
    nodeId: "node-67649155-filter",
    nodeType: "filter",
    status: "Success",
    startDate: 1746010377720,
    endDate: 1746010377729,
    message: "2 Instances filtered",
  },
] as const;
const SAMPLE_EXECUTION_START = 1746010375084;

const categories = () => ({
  services: [],
  accounts: ["@aa70acae-6ea8-3acf-b504-f327855b316a"],
  regions: ["us-east-1"],
  resource_groups: [],
  projects: [[]],
  solutions: ["AWS Best Practices"],
  apps: [],
  cloud_providers: ["AWS"],
});

function definitionFor(name: string): string {
  return JSON.stringify({
    variables: [{ key: "region", value: ["us-east-1"] }],
    components: [
      { name: "Trigger", id: "trigger", type: "trigger", next: "node-6748e0e3-resource", previous: null },
      {
        name: "AWS Resource",
        id: "node-6748e0e3-resource",
        type: "resource",
        next: "node-67649155-filter",
        previous: "trigger",
        inputs: { service: "EC2", method: "describeInstances" },
      },
      {
        name: "Filter",
        id: "node-67649155-filter",
        type: "filter",
        next: "node-e3a84822-action",
        previous: "node-6748e0e3-resource",
        inputs: { expression: "( (c1) )" },
      },
      { name: `${name} action`, id: "node-e3a84822-action", type: "action", next: null, previous: "node-67649155-filter" },
    ],
  });
}

/** The default data set: `workflowCount` workflows, `executionCount` executions of the first one. */
export function generateQflowData(tenant: Tenant, workflowCount: number, executionCount: number): QflowSlice {
  const customerId = tenant.customerUuid;
  const workflows: EmuQflowWorkflow[] = [];
  const executions: EmuQflowExecution[] = [];
  const steps: EmuQflowStep[] = [];
  for (let i = 0; i < workflowCount; i++) {
    const id = i === 0 ? SAMPLE_WORKFLOW_ID : detUuid(`${tenant.name}/qflow/workflow/${i}`);
    const name =
      i === 0
        ? "aws-action-node"
        : i === 1
          ? "Publicly accessible RDS DB Instances"
          : `${NAMES[i % NAMES.length]}-${String(i).padStart(2, "0")}`;
    const createdAt = SAMPLE_WORKFLOW_CREATED - i * 3 * 86_400_000;
    workflows.push({
      id,
      createdAt,
      updatedAt: i === 0 ? 1747114432724 : createdAt + 3_600_000,
      tags: [CREATED_BY],
      workflow: id,
      revision: detHex(`${tenant.name}/qflow/revision/${i}`, 64),
      definition: definitionFor(name),
      deletedAt: null,
      customerId,
      name,
      description: i === 0 ? " " : `Emulated workflow ${name}`,
      state: null,
      active: i % 9 !== 8,
      properties: { priority: 1, severity: 1, categories: categories(), editorVersion: "2.0", hidden: false },
      last_execution_details:
        i === 0
          ? { message: "connect ECONNREFUSED 10.238.62.201:8090", executionEndDate: 1747114432510 }
          : i === 1
            ? { message: "Success", executionEndDate: createdAt + 7_200_000 }
            : null,
      last_execution_status: i === 0 ? "Error" : i === 1 ? "Success" : null,
      type: "normal",
    });
  }
  const runs: Array<{ workflow: number; count: number }> = [
    { workflow: 0, count: executionCount },
    { workflow: 1, count: Math.min(3, executionCount) },
  ];
  for (const { workflow, count } of runs) {
    if (workflow >= workflows.length) continue;
    const wf = workflows[workflow];
    for (let k = 0; k < count; k++) {
      const isStepSample = workflow === 0 && k === 0;
      const isDetailsSample = workflow === 0 && k === 1;
      const id = isStepSample
        ? SAMPLE_EXECUTION_ID
        : isDetailsSample
          ? SAMPLE_EXECUTION_DETAILS_ID
          : detUuid(`${tenant.name}/qflow/execution/${workflow}/${k}`);
      const start = isStepSample
        ? SAMPLE_EXECUTION_START
        : isDetailsSample
          ? 1746007562041
          : SAMPLE_EXECUTION_START - (k - 1) * 6 * 3_600_000 - workflow * 86_400_000;
      const status = isStepSample || isDetailsSample ? "Success" : k % 7 === 3 ? "Error" : k % 11 === 5 ? "Running" : "Success";
      const end = status === "Running" ? null : isDetailsSample ? 1746007633052 : start + 71_011;
      executions.push({
        id,
        createdAt: start + 1,
        updatedAt: end === null ? start + 1 : end + 45,
        tags: [CREATED_BY],
        workflow: wf.id,
        execution: id,
        customerId,
        status,
        startDate: start,
        endDate: end,
        details: end === null ? null : { executionEndDate: end },
        linkedExecutionIds: null,
        executionType: "Simple",
        parentExecutionId: null,
        categories: categories(),
        source: k % 3 === 2 ? "PUBLIC_API" : "UI",
        variables: ["region=us-east-1"],
        parDateKey: `${new Date(start).toISOString().slice(0, 10)}T00:00:00.000Z`,
      });
      if (workflow !== 0) continue;
      for (const s of SAMPLE_STEPS) {
        const shift = start - SAMPLE_EXECUTION_START;
        const sample = isStepSample && s.nodeId === SAMPLE_NODE_ID;
        const failed = status === "Error" && s.nodeId === "node-ea318327-action";
        steps.push({
          id: isStepSample ? s.id : `01${detHex(`${tenant.name}/qflow/step/${id}/${s.nodeId}`, 24).toUpperCase()}`,
          createdAt: s.createdAt + shift,
          updatedAt: s.updatedAt + shift,
          tags: [CREATED_BY],
          customerId,
          eventOrder: s.eventOrder,
          nodeId: s.nodeId,
          execution: id,
          nodeType: s.nodeType,
          status: failed ? "Error" : s.status,
          startDate: s.startDate + shift,
          endDate: s.endDate === null ? null : s.endDate + shift,
          details: s.message === null ? null : { message: failed ? "connect ECONNREFUSED 10.238.62.201:8090" : s.message },
          parDateKey: `${new Date(start).toISOString().slice(0, 10)}T00:00:00.000Z`,
          inputText: sample
            ? gunzipSync(Buffer.from(SAMPLE_STEP_INPUT_GZIP_B64, "base64")).toString("utf8")
            : JSON.stringify({ executionId: id, nodeId: s.nodeId, region: "us-east-1", previousOutputPath: "" }),
          outputText: sample
            ? gunzipSync(Buffer.from(SAMPLE_STEP_OUTPUT_GZIP_B64, "base64")).toString("utf8")
            : JSON.stringify([{ nodeId: s.nodeId, status: failed ? "Error" : s.status, message: s.message }]),
          ...(sample ? { inputGzip: SAMPLE_STEP_INPUT_GZIP_B64, outputGzip: SAMPLE_STEP_OUTPUT_GZIP_B64 } : {}),
        });
      }
    }
  }
  return { workflows, executions, steps };
}

const gz = (text: string) => gzipSync(Buffer.from(text, "utf8")).toString("base64");

function stepView(s: EmuQflowStep, withData: boolean) {
  const { inputText, outputText, inputGzip, outputGzip, ...rest } = s;
  if (!withData) return rest;
  // The details sample puts input/output between `nodeType` and `status`.
  const { status, startDate, endDate, details, parDateKey, ...head } = rest;
  return {
    ...head,
    input: inputGzip ?? gz(inputText),
    output: outputGzip ?? gz(outputText),
    status,
    startDate,
    endDate,
    details,
    parDateKey,
  };
}

const bad = (field: string) => (m: string) => new ApiError(400, m, "BAD_REQUEST", field);

function pageParams(q: URLSearchParams): { pageSize: number; pageNumber: number } {
  if (q.get("pageSize") === null) throw new ApiError(400, "pageSize is required", "BAD_REQUEST", "pageSize");
  if (q.get("pageNumber") === null) throw new ApiError(400, "pageNumber is required", "BAD_REQUEST", "pageNumber");
  return {
    pageSize: optInt(q, "pageSize", 1, QFLOW_EMULATOR_MAX_PAGE_SIZE, bad("pageSize"))!,
    pageNumber: optInt(q, "pageNumber", 1, Number.MAX_SAFE_INTEGER, bad("pageNumber"))!,
  };
}

function dateRange<T extends { createdAt: number }>(items: T[], q: URLSearchParams): T[] {
  const bound = (name: string) => {
    const raw = q.get(name);
    if (raw === null) return undefined;
    const ms = parseIso(raw);
    if (ms === undefined) throw new ApiError(400, `${name} must be an ISO-8601 date, e.g. 2024-10-15T00:00:00Z`, "BAD_REQUEST", name);
    return ms;
  };
  const from = bound("startAt");
  const to = bound("endAt");
  return items.filter((x) => (from === undefined || x.createdAt >= from) && (to === undefined || x.createdAt <= to));
}

/** QQL tokens `field: value` (or `=`), exact, case-insensitive; unknown fields are refused. */
function applyQuery<T>(items: T[], q: URLSearchParams, fields: Record<string, (x: T) => unknown>): T[] {
  const raw = q.get("query");
  if (raw === null || raw.trim() === "") return items;
  const tokens = parseFilter(raw, bad("query"));
  let out = items;
  for (const t of tokens) {
    const get = fields[t.key.toLowerCase()];
    if (!get)
      throw new ApiError(
        400,
        `Invalid query: unsupported field '${t.key}'. Supported fields: ${Object.keys(fields).join(", ")}`,
        "BAD_REQUEST",
        "query",
      );
    const want = t.value.toLowerCase();
    out = out.filter((x) => String(get(x) ?? "").toLowerCase() === want);
  }
  return out;
}

function applyOrder<T>(items: T[], q: URLSearchParams, allowed: string[], dflt: string): T[] {
  const raw = (q.get("order") ?? dflt).trim();
  const desc = raw.startsWith("-");
  const field = desc ? raw.slice(1) : raw;
  if (!allowed.includes(field))
    throw new ApiError(
      400,
      `Invalid order '${raw}': sort by one of ${allowed.join(", ")} (prefix '-' for descending)`,
      "BAD_REQUEST",
      "order",
    );
  return [...items].sort((a, b) => {
    const x = (a as Record<string, unknown>)[field] as string | number | null;
    const y = (b as Record<string, unknown>)[field] as string | number | null;
    const c = x === y ? 0 : x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
    return desc ? -c : c;
  });
}

function listReply<T>(items: T[], q: URLSearchParams): Reply {
  const { pageSize, pageNumber } = pageParams(q);
  return json(200, { total: items.length, items: items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize) });
}

function workflowOr404(tenant: Tenant, id: string): EmuQflowWorkflow {
  const w = qflowSlice(tenant).workflows.find((x) => x.id === id);
  if (!w) throw new ApiError(404, `Workflow ${id} not found`, "NOT_FOUND", "workflowId");
  return w;
}
function executionOr404(tenant: Tenant, id: string): EmuQflowExecution {
  const e = qflowSlice(tenant).executions.find((x) => x.id === id);
  if (!e) throw new ApiError(404, `Execution ${id} not found`, "NOT_FOUND", "executionId");
  return e;
}
function stepOr404(tenant: Tenant, executionId: string, nodeId: string): EmuQflowStep {
  executionOr404(tenant, executionId);
  const s = qflowSlice(tenant).steps.find((x) => x.execution === executionId && x.nodeId === nodeId);
  if (!s) throw new ApiError(404, `Step ${nodeId} of execution ${executionId} not found`, "NOT_FOUND", "nodeId");
  return s;
}

export function qflowRoutes(): Route[] {
  const r = (path: string, handler: Route["handler"]): Route => ({
    method: "GET",
    path: `${BASE}${path}`,
    auth: "bearer",
    style: "json",
    handler,
  });
  return [
    r("/workflows", (ctx) => {
      const q = ctx.query;
      pageParams(q);
      let items = dateRange(qflowSlice(ctx.tenant).workflows, q);
      items = applyQuery(items, q, {
        "qflow.name": (w) => w.name,
        "qflow.id": (w) => w.id,
        "qflow.active": (w) => w.active,
        "qflow.status": (w) => w.last_execution_status,
        "qflow.type": (w) => w.type,
      });
      items = applyOrder(items, q, ["createdAt", "updatedAt", "name"], "-createdAt");
      return listReply(items, q);
    }),
    r("/workflows/{workflowId}", (ctx) => json(200, { data: workflowOr404(ctx.tenant, ctx.params.workflowId) })),
    r("/workflows/{workflowId}/executions", (ctx) => {
      const q = ctx.query;
      pageParams(q);
      const wf = workflowOr404(ctx.tenant, ctx.params.workflowId);
      let items = dateRange(
        qflowSlice(ctx.tenant).executions.filter((e) => e.workflow === wf.id),
        q,
      );
      items = applyQuery(items, q, { status: (e) => e.status, source: (e) => e.source, executiontype: (e) => e.executionType });
      items = applyOrder(items, q, ["createdAt", "updatedAt", "startDate", "endDate", "status"], "-startDate");
      return listReply(items, q);
    }),
    r("/executions/{executionId}", (ctx) => {
      const e = executionOr404(ctx.tenant, ctx.params.executionId);
      const includeSteps = optBool(ctx.query, "includeSteps", bad("includeSteps")) ?? false;
      const steps = qflowSlice(ctx.tenant)
        .steps.filter((s) => s.execution === e.id)
        .sort((a, b) => a.eventOrder - b.eventOrder || a.startDate - b.startDate);
      return json(200, { data: includeSteps ? { ...e, steps: steps.map((s) => stepView(s, false)) } : e });
    }),
    r("/executions/{executionId}/steps", (ctx) => {
      const q = ctx.query;
      const e = executionOr404(ctx.tenant, ctx.params.executionId);
      const withData = optBool(q, "includeData", bad("includeData")) ?? false;
      let items = dateRange(
        qflowSlice(ctx.tenant).steps.filter((s) => s.execution === e.id),
        q,
      );
      if (q.get("order") !== null)
        items = applyOrder(items, q, ["eventOrder", "startDate", "endDate", "createdAt", "nodeId", "status"], "eventOrder");
      return json(200, { total: items.length, items: items.map((s) => stepView(s, withData)) });
    }),
    r("/executions/{executionId}/steps/{nodeId}", (ctx) =>
      json(200, stepView(stepOr404(ctx.tenant, ctx.params.executionId, ctx.params.nodeId), true)),
    ),
    r("/executions/{executionId}/steps/{nodeId}/input", (ctx) =>
      json(200, stepOr404(ctx.tenant, ctx.params.executionId, ctx.params.nodeId).inputText),
    ),
    r("/executions/{executionId}/steps/{nodeId}/output", (ctx) =>
      json(200, stepOr404(ctx.tenant, ctx.params.executionId, ctx.params.nodeId).outputText),
    ),
  ];
}

/**
 * Seeds: `qflow-workflows` `{ count, executions? }` regenerates the default set with that many
 * workflows (and executions of the first); a list replaces the workflows (then executions/steps of
 * removed workflows go too). `qflow-executions`: a list replaces the executions (steps of removed
 * executions go too); `{ count }` regenerates the first workflow's executions.
 */
export function seedQflow(tenant: Tenant, kind: "workflows" | "executions", body: unknown): number {
  const slice = qflowSlice(tenant);
  if (Array.isArray(body)) {
    if (kind === "workflows") slice.workflows = body as EmuQflowWorkflow[];
    else slice.executions = body as EmuQflowExecution[];
    slice.executions = slice.executions.filter((e) => slice.workflows.some((w) => w.id === e.workflow));
    slice.steps = slice.steps.filter((s) => slice.executions.some((e) => e.id === s.execution));
    return body.length;
  }
  const b = (body ?? {}) as { count?: unknown; executions?: unknown };
  const n = typeof b.count === "number" && Number.isInteger(b.count) && b.count >= 0 && b.count <= 10_000 ? b.count : undefined;
  if (n === undefined) throw badRequest('body must be a JSON list of records or {"count": n} (0–10000)');
  if (kind === "workflows") {
    const execs = typeof b.executions === "number" && Number.isInteger(b.executions) && b.executions >= 0 ? b.executions : 25;
    Object.assign(slice, generateQflowData(tenant, n, execs));
  } else {
    Object.assign(slice, generateQflowData(tenant, Math.max(slice.workflows.length, 2), n));
  }
  return n;
}
