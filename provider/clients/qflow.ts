/**
 * QFlow (Qualys Flow) read-only endpoints (the QFlow 1.16 notes): workflows, executions, execution steps and
 * the steps' input/output. "Run workflow" (`POST /workflows/{id}/run`) is deliberately absent: it
 * has side effects and this client only reads.
 *
 * Host and authentication (not stated by the note, inferred): the note writes `<qualys_base_url>`
 * and authenticates every call with `Authorization: Bearer <authToken>`. A Bearer JWT is what the
 * gateway issues and accepts (`POST <gateway>/auth`, the Connector 2.18 notes' APIs), and Qualys's API guides for
 * the gateway-hosted services call the gateway URL `<qualys_base_url>` too; the API server
 * (`qualysapi.*`) and the portal (`qualysguard.*`) take Basic. So QFlow is called on the gateway
 * URL with the Bearer token (`qualys:gatewayUrl` / `qualys:platform`).
 *
 * Shapes, as far as the note shows them (its samples are shuffled: the "workflow list" sample is a
 * single workflow's details, the "workflow details" sample is the run answer, and the execution
 * list has no sample):
 *  - details answer `{ "data": {…} }` (workflow, execution) or the bare object (step details);
 *  - the step list answers `{ "total": n, "items": [...] }`; the workflow and execution lists are
 *    read the same way, and `{ "data": [...] }` / `{ "data": { total, items } }` are accepted too;
 *  - epoch-millisecond fields (`createdAt`, `updatedAt`, `deletedAt`, `startDate`, `endDate`,
 *    `executionEndDate`) are kept and each gets an ISO-8601 twin beside it (`createdAtIso`, …);
 *  - step payloads (`input`/`output`, gzip+base64 or JSON-in-a-string) are decoded to JSON values by
 *    `decodeQflowPayload`.
 * Lists take `pageSize` and `pageNumber` (from 1; both mandatory for workflows and executions),
 * `query` (QQL), `startAt`/`endAt` (ISO dates) and `order` (`field` or `-field`). The step list has
 * no paging parameters in the note.
 */
import { z } from "zod";
import { decodeQflowPayload } from "./qflow-payload";
import type { JsonApiClient } from "./json-api";
import { optString } from "./fields";

const BASE = "/qflowapi/v1";

/** The note documents no maximum page size; this guard keeps answers bounded. */
export const QFLOW_MAX_PAGE_SIZE = 1000;
export const QFLOW_DEFAULT_PAGE_SIZE = 50;

export const EPOCH_MS_FIELDS = ["createdAt", "updatedAt", "deletedAt", "startDate", "endDate", "executionEndDate"] as const;
export type EpochMsField = (typeof EPOCH_MS_FIELDS)[number];

/** `1746007562042` → `"2025-04-30T10:06:02.042Z"`; null/absent/non-numbers → null. */
export function epochMsToIso(value: unknown): string | null {
  return typeof value === "number" && Number.isFinite(value) ? new Date(value).toISOString() : null;
}

type WithIso<T, K extends string> = T & { [P in K as `${P}Iso`]?: string | null };

/** Adds `<field>Iso` beside each epoch-ms field that is present (null stays null). */
export function addIso<K extends EpochMsField>(keys: readonly K[]) {
  return <T extends object>(o: T): WithIso<T, K> => {
    const out: Record<string, unknown> = { ...(o as Record<string, unknown>) };
    for (const k of keys) if (k in o) out[`${k}Iso`] = epochMsToIso((o as Record<string, unknown>)[k]);
    return out as WithIso<T, K>;
  };
}

const epochMs = z.number().nullable().optional();
const stringList = z.array(z.string()).nullable().optional();

/** A step payload, decoded (gzip+base64 or JSON-in-a-string → JSON value). */
export const stepPayloadSchema = z.unknown().transform((v, ctx) => {
  try {
    return decodeQflowPayload(v);
  } catch (e) {
    ctx.addIssue({ code: "custom", message: e instanceof Error ? e.message : String(e) });
    return z.NEVER;
  }
});

const executionEndDetails = z.looseObject({ message: optString, executionEndDate: epochMs }).transform(addIso(["executionEndDate"]));

// The fields as this API's release notes show them. Response schemas share no fields with each other: Qualys
// versions each object separately.
export const qflowWorkflowSchema = z
  .looseObject({
    id: z.string(),
    createdAt: epochMs,
    updatedAt: epochMs,
    deletedAt: epochMs,
    tags: stringList,
    workflow: optString,
    revision: optString,
    /** The workflow definition, a JSON document inside a string (left as given). */
    definition: z
      .union([z.string(), z.record(z.string(), z.unknown())])
      .nullable()
      .optional(),
    customerId: optString,
    name: optString,
    description: optString,
    state: z.unknown().optional(),
    active: z.boolean().nullable().optional(),
    properties: z.record(z.string(), z.unknown()).nullable().optional(),
    last_execution_details: executionEndDetails.nullable().optional(),
    last_execution_status: optString,
    type: optString,
  })
  .transform(addIso(["createdAt", "updatedAt", "deletedAt"]));
export type QflowWorkflow = z.output<typeof qflowWorkflowSchema>;

export const qflowStepSchema = z
  .looseObject({
    id: z.string(),
    createdAt: epochMs,
    updatedAt: epochMs,
    tags: stringList,
    customerId: optString,
    eventOrder: z.number().nullable().optional(),
    nodeId: z.string(),
    execution: optString,
    nodeType: optString,
    status: optString,
    startDate: epochMs,
    endDate: epochMs,
    details: z.record(z.string(), z.unknown()).nullable().optional(),
    parDateKey: optString,
    /** Step details, and the step list with includeData=true: decoded. */
    input: stepPayloadSchema.optional(),
    output: stepPayloadSchema.optional(),
  })
  .transform(addIso(["createdAt", "updatedAt", "startDate", "endDate"]));
export type QflowStep = z.output<typeof qflowStepSchema>;

export const qflowExecutionSchema = z
  .looseObject({
    id: z.string(),
    createdAt: epochMs,
    updatedAt: epochMs,
    tags: stringList,
    workflow: optString,
    execution: optString,
    customerId: optString,
    status: optString,
    startDate: epochMs,
    endDate: epochMs,
    details: executionEndDetails.nullable().optional(),
    linkedExecutionIds: stringList,
    executionType: optString,
    parentExecutionId: optString,
    categories: z.record(z.string(), z.unknown()).nullable().optional(),
    source: optString,
    variables: stringList,
    parDateKey: optString,
    /** With includeSteps=true (field name not shown by the note; read as `steps`). */
    steps: z.array(qflowStepSchema).nullable().optional(),
  })
  .transform(addIso(["createdAt", "updatedAt", "startDate", "endDate"]));
export type QflowExecution = z.output<typeof qflowExecutionSchema>;

/** `{ data: X }` or bare X. */
function detailsOf<S extends z.ZodType>(item: S) {
  return z.preprocess((v) => {
    if (v && typeof v === "object" && !Array.isArray(v) && "data" in v && !("id" in v)) return v.data;
    return v;
  }, item);
}

/** `{ total, items }`, `{ data: [...] , total? }` or `{ data: { total, items } }` → `{ items, total? }`. */
function listOf<S extends z.ZodType>(item: S) {
  return z.preprocess(
    (v) => {
      if (!v || typeof v !== "object" || Array.isArray(v)) return v;
      const o = v as Record<string, unknown>;
      if (Array.isArray(o.items)) return { items: o.items, total: o.total };
      if (Array.isArray(o.data)) return { items: o.data, total: o.total };
      if (o.data && typeof o.data === "object" && Array.isArray((o.data as Record<string, unknown>).items)) {
        const d = o.data as Record<string, unknown>;
        return { items: d.items, total: d.total };
      }
      return v;
    },
    z.object({ items: z.array(item), total: z.number().nullable().optional() }),
  );
}

export interface QflowListQuery {
  pageSize: number;
  pageNumber: number;
  query?: string;
  startAt?: string;
  endAt?: string;
  order?: string;
}

export interface QflowStepsQuery {
  startAt?: string;
  endAt?: string;
  includeData?: boolean;
  order?: string;
}

export class QflowApi {
  constructor(private readonly json: JsonApiClient) {}

  private get<S extends z.ZodType>(
    schema: S,
    path: string,
    operation: string,
    query?: Record<string, string | number | boolean | undefined>,
  ) {
    return this.json.get(schema, { api: "gateway", auth: "bearer", path: `${BASE}${path}`, query, operation });
  }

  async listWorkflows(q: QflowListQuery) {
    return this.get(listOf(qflowWorkflowSchema), "/workflows", "list QFlow workflows", listQuery(q));
  }

  async getWorkflow(workflowId: string): Promise<QflowWorkflow> {
    return this.get(detailsOf(qflowWorkflowSchema), `/workflows/${encodeURIComponent(workflowId)}`, "get QFlow workflow");
  }

  async listExecutions(workflowId: string, q: QflowListQuery) {
    return this.get(
      listOf(qflowExecutionSchema),
      `/workflows/${encodeURIComponent(workflowId)}/executions`,
      "list QFlow executions",
      listQuery(q),
    );
  }

  async getExecution(executionId: string, includeSteps?: boolean): Promise<QflowExecution> {
    return this.get(detailsOf(qflowExecutionSchema), `/executions/${encodeURIComponent(executionId)}`, "get QFlow execution", {
      includeSteps: includeSteps === undefined ? undefined : String(includeSteps),
    });
  }

  async listSteps(executionId: string, q: QflowStepsQuery = {}) {
    return this.get(listOf(qflowStepSchema), `/executions/${encodeURIComponent(executionId)}/steps`, "list QFlow execution steps", {
      startAt: q.startAt,
      endAt: q.endAt,
      includeData: q.includeData === undefined ? undefined : String(q.includeData),
      order: q.order,
    });
  }

  async getStep(executionId: string, nodeId: string): Promise<QflowStep> {
    return this.get(detailsOf(qflowStepSchema), stepPath(executionId, nodeId), "get QFlow execution step");
  }

  /** The step's input, decoded (the API answers a JSON document inside a JSON string). */
  async getStepInput(executionId: string, nodeId: string): Promise<unknown> {
    return this.get(stepPayloadSchema, `${stepPath(executionId, nodeId)}/input`, "get QFlow execution step input");
  }

  async getStepOutput(executionId: string, nodeId: string): Promise<unknown> {
    return this.get(stepPayloadSchema, `${stepPath(executionId, nodeId)}/output`, "get QFlow execution step output");
  }
}

function stepPath(executionId: string, nodeId: string): string {
  return `/executions/${encodeURIComponent(executionId)}/steps/${encodeURIComponent(nodeId)}`;
}

function listQuery(q: QflowListQuery): Record<string, string | number | undefined> {
  return { pageSize: q.pageSize, pageNumber: q.pageNumber, query: q.query, startAt: q.startAt, endAt: q.endAt, order: q.order };
}
