/**
 * Read-only QFlow data (note 002): workflows, executions, execution steps and step payloads.
 * Gateway URL with the Bearer token (inferred; see provider/clients/qflow.ts and docs/functions.md).
 *
 * "Run workflow" is not offered: it starts an automation (side effects), and these functions only
 * read.
 *
 * Epoch-millisecond fields keep their number and get an ISO-8601 twin (`startDate` →
 * `startDateIso`). Step input/output arrive gzip+base64 or as JSON inside a string and are returned
 * decoded (objects/arrays). Paging (workflows, executions): `pageSize` (1–1000; the note sets no
 * maximum, 1000 is this package's guard; default 50) and `pageNumber` (from 1); `all: true` walks
 * every page. The step list has no paging in the note: one call.
 */
import { z } from "zod";
import { collectPages } from "../../provider/clients/paging";
import {
  QFLOW_DEFAULT_PAGE_SIZE,
  QFLOW_MAX_PAGE_SIZE,
  type QflowExecution,
  type QflowStep,
  type QflowWorkflow,
} from "../../provider/clients/qflow";
import type { QflowListQuery } from "../../provider/clients/qflow";
import { defineFunction, idArg, isoDateArg, pageNumberArg, pageSizeArg, type ListResult } from "./invoke";

const listShape = {
  /** Records per page (1–1000, default 50). */
  pageSize: pageSizeArg(1, QFLOW_MAX_PAGE_SIZE, `QFlow lists take 1–${QFLOW_MAX_PAGE_SIZE} records per page`).optional(),
  /** Page, from 1 (default 1). */
  pageNumber: pageNumberArg(1).optional(),
  /** QQL query, e.g. `qflow.name: Publicly accessible RDS DB Instances` or `status: Success`. */
  query: z.string().trim().min(1).optional(),
  /** Created on or after (ISO-8601). */
  startAt: isoDateArg.optional(),
  /** Created on or before (ISO-8601). */
  endAt: isoDateArg.optional(),
  /** Sort field; `-field` for descending. */
  order: z
    .string()
    .trim()
    .regex(/^-?[A-Za-z_][\w.]*$/, 'must be a field name, or "-" and a field name for descending order')
    .optional(),
  /** Every page from `pageNumber` to the end. */
  all: z.boolean().optional(),
};

function startBeforeEnd(a: { startAt?: string; endAt?: string }, ctx: z.RefinementCtx) {
  if (a.startAt && a.endAt && Date.parse(a.startAt) > Date.parse(a.endAt)) {
    ctx.addIssue({ code: "custom", path: ["endAt"], message: "must not be before startAt" });
  }
}

/** One API's paging (first page number, size, total) adapted to the package's one page walker. */
async function walk<T>(
  a: { pageSize?: number; pageNumber?: number; all?: boolean; query?: string; startAt?: string; endAt?: string; order?: string },
  operation: string,
  fetch: (q: QflowListQuery) => Promise<{ items: T[]; total?: number | null }>,
): Promise<ListResult<T>> {
  const pageSize = a.pageSize ?? QFLOW_DEFAULT_PAGE_SIZE;
  return collectPages(
    async (pageNumber) => {
      const res = await fetch({ pageSize, pageNumber, query: a.query, startAt: a.startAt, endAt: a.endAt, order: a.order });
      return { items: res.items, total: res.total ?? undefined };
    },
    { all: a.all === true, firstPage: a.pageNumber ?? 1, pageSize, operation },
  );
}

// The definitions below are alike in shape on purpose: each declares one function (name, args schema, client call);
// the rules (argument checks, paging walk, invoke and its errors) have one home in invoke.ts and the walkers.
export const getQflowWorkflowsArgs = z.strictObject(listShape).superRefine(startBeforeEnd);
/** QFlow workflows (query, date range, order). */
export const [getQflowWorkflows, getQflowWorkflowsOutput] = defineFunction(
  "getQflowWorkflows",
  getQflowWorkflowsArgs,
  (c, a): Promise<ListResult<QflowWorkflow>> => walk(a, "getQflowWorkflows", (q) => c.readOnly.qflow.listWorkflows(q)),
);

export const getQflowWorkflowArgs = z.strictObject({ workflowId: idArg("workflow id (UUID)") });
/** One workflow's metadata and definition (`definition` is left as the JSON string QFlow returns). */
export const [getQflowWorkflow, getQflowWorkflowOutput] = defineFunction(
  "getQflowWorkflow",
  getQflowWorkflowArgs,
  (c, a): Promise<QflowWorkflow> => c.readOnly.qflow.getWorkflow(a.workflowId),
);

export const getQflowExecutionsArgs = z.strictObject({ workflowId: idArg("workflow id (UUID)"), ...listShape }).superRefine(startBeforeEnd);
/** The executions (run history) of one workflow. */
export const [getQflowExecutions, getQflowExecutionsOutput] = defineFunction(
  "getQflowExecutions",
  getQflowExecutionsArgs,
  (c, a): Promise<ListResult<QflowExecution>> => walk(a, "getQflowExecutions", (q) => c.readOnly.qflow.listExecutions(a.workflowId, q)),
);

export const getQflowExecutionArgs = z.strictObject({
  executionId: idArg("execution id (UUID)"),
  /** Include the execution's steps (as `steps`). */
  includeSteps: z.boolean().optional(),
});
/** One execution: status, start/end, details, and optionally its steps. */
export const [getQflowExecution, getQflowExecutionOutput] = defineFunction(
  "getQflowExecution",
  getQflowExecutionArgs,
  (c, a): Promise<QflowExecution> => c.readOnly.qflow.getExecution(a.executionId, a.includeSteps),
);

export const getQflowExecutionStepsArgs = z
  .strictObject({
    executionId: idArg("execution id (UUID)"),
    startAt: isoDateArg.optional(),
    endAt: isoDateArg.optional(),
    /** Include every step's input and output (decoded). */
    includeData: z.boolean().optional(),
    order: listShape.order,
  })
  .superRefine(startBeforeEnd);
/** The steps of one execution (one call: the step list is not paged). */
export const [getQflowExecutionSteps, getQflowExecutionStepsOutput] = defineFunction(
  "getQflowExecutionSteps",
  getQflowExecutionStepsArgs,
  async (c, a): Promise<ListResult<QflowStep>> => {
    const r = await c.readOnly.qflow.listSteps(a.executionId, {
      startAt: a.startAt,
      endAt: a.endAt,
      includeData: a.includeData,
      order: a.order,
    });
    return { items: r.items, total: r.total ?? undefined, pagesFetched: 1 };
  },
);

export const getQflowExecutionStepArgs = z.strictObject({
  executionId: idArg("execution id (UUID)"),
  nodeId: idArg("node id, e.g. node-67649155-filter"),
});
/** One step: status, times, details, and its input/output decoded. */
export const [getQflowExecutionStep, getQflowExecutionStepOutput] = defineFunction(
  "getQflowExecutionStep",
  getQflowExecutionStepArgs,
  (c, a): Promise<QflowStep> => c.readOnly.qflow.getStep(a.executionId, a.nodeId),
);
/** The input a step received (`…/steps/{nodeId}/input`), decoded to a JSON value. */
export const [getQflowExecutionStepInputData, getQflowExecutionStepInputDataOutput] = defineFunction(
  "getQflowExecutionStepInputData",
  getQflowExecutionStepArgs,
  (c, a): Promise<unknown> => c.readOnly.qflow.getStepInput(a.executionId, a.nodeId),
);
/**
 * The output a step produced, decoded to a JSON value. (Named `…OutputData` so that it does not
 * collide with `getQflowExecutionStepOutput`, the Output form of `getQflowExecutionStep`.)
 */
export const [getQflowExecutionStepOutputData, getQflowExecutionStepOutputDataOutput] = defineFunction(
  "getQflowExecutionStepOutputData",
  getQflowExecutionStepArgs,
  (c, a): Promise<unknown> => c.readOnly.qflow.getStepOutput(a.executionId, a.nodeId),
);
