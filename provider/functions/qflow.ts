/**
 * Read-only QFlow data (QFlow API release notes): workflows, executions, execution steps and step
 * payloads. Gateway URL with the Bearer token (inferred; see provider/clients/qflow.ts and
 * docs/functions.md).
 *
 * "Run workflow" is not offered: it starts an automation (side effects), and these functions only
 * read.
 *
 * Epoch-millisecond fields keep their number and get an ISO-8601 twin (`startDate` →
 * `startDateIso`). Step input/output arrive gzip+base64 or as JSON inside a string and are returned
 * decoded (objects/arrays). Paging (workflows, executions): `pageSize` (1–1000; the notes set no
 * maximum, 1000 is this package's guard; default 50) and `pageNumber` (from 1); `all: true` walks
 * every page. The step list has no paging in the notes: one call.
 */
import { z } from "zod";
import { collectPages } from "../clients/paging";
import {
  QFLOW_DEFAULT_PAGE_SIZE,
  QFLOW_MAX_PAGE_SIZE,
  qflowExecutionSchema,
  qflowStepSchema,
  qflowWorkflowSchema,
  type QflowListQuery,
} from "../clients/qflow";
import {
  allArg,
  defineGroup,
  fn,
  idArg,
  isoDateArg,
  listResult,
  pageNumberArg,
  pageSizeArg,
  valueResult,
  type ListResult,
  type Paging,
} from "./define";
import { documented, type Docs } from "./documented";

const startAtArg = isoDateArg.optional().describe("Created on or after (ISO-8601).");
const endAtArg = isoDateArg.optional().describe("Created on or before (ISO-8601); not before `startAt`.");
const orderArg = z
  .string()
  .trim()
  .regex(/^-?[A-Za-z_][\w.]*$/, 'must be a field name, or "-" and a field name for descending order')
  .optional()
  .describe("Sort field; `-field` for descending (e.g. `-createdAt`).");

const listShape = {
  pageSize: pageSizeArg(1, QFLOW_MAX_PAGE_SIZE, `QFlow lists take 1–${QFLOW_MAX_PAGE_SIZE} records per page`)
    .optional()
    .describe("Records per page (default 50; always sent)."),
  pageNumber: pageNumberArg(1).optional().describe("Page, from 1 (default 1)."),
  query: z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe("QQL query, e.g. `qflow.name: Publicly accessible RDS DB Instances` or `status: Success`."),
  startAt: startAtArg,
  endAt: endAtArg,
  order: orderArg,
  all: allArg("pageNumber"),
};
const paging: Paging = {
  pageArg: "pageNumber",
  sizeArg: "pageSize",
  firstPage: 1,
  minSize: 1,
  maxSize: QFLOW_MAX_PAGE_SIZE,
  defaultSize: QFLOW_DEFAULT_PAGE_SIZE,
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

// ---------------------------------------------------------------------------------------------
// Result fields

const iso = z.string().nullable().optional();
/** The ISO-8601 twins the client adds beside epoch-millisecond fields. */
const isoDocs = (...fields: string[]): Docs =>
  Object.fromEntries(fields.map((f) => [`${f}Iso`, { added: iso, text: `\`${f}\` as ISO-8601.` }]));
const record: Docs = {
  id: "The record's id (UUID).",
  createdAt: "Created (epoch milliseconds).",
  updatedAt: "Last changed (epoch milliseconds).",
  tags: "Its tags.",
  customerId: "The Qualys customer id.",
};
const endDetails: Docs = {
  message: "How the execution ended.",
  executionEndDate: "When it ended (epoch milliseconds).",
  ...isoDocs("executionEndDate"),
};

const workflowResult = documented(qflowWorkflowSchema, "A QFlow workflow.", {
  ...record,
  deletedAt: "Deleted (epoch milliseconds), if it was.",
  workflow: "The workflow's id within QFlow.",
  revision: "Its revision.",
  definition: "Its definition: a JSON document inside a string, as QFlow returns it.",
  name: "Its name.",
  description: "Its description.",
  state: "Its state, as QFlow returns it.",
  active: "Whether it is active.",
  properties: "Its properties, as QFlow returns them.",
  last_execution_details: ["How its last execution ended.", endDetails],
  last_execution_status: "Its last execution's status.",
  type: "Its type.",
  ...isoDocs("createdAt", "updatedAt", "deletedAt"),
});

const stepDocs: Docs = {
  ...record,
  eventOrder: "Its position in the execution.",
  nodeId: "Its node id, e.g. `node-67649155-filter`.",
  execution: "The execution it belongs to.",
  nodeType: "The node's type.",
  status: "Its status.",
  startDate: "Started (epoch milliseconds).",
  endDate: "Ended (epoch milliseconds).",
  details: "Step details, as QFlow returns them.",
  parDateKey: "QFlow's partition date key.",
  input: "The input it received, decoded (step details, or the step list with `includeData`).",
  output: "The output it produced, decoded (step details, or the step list with `includeData`).",
  ...isoDocs("createdAt", "updatedAt", "startDate", "endDate"),
};
const stepResult = documented(qflowStepSchema, "One step of an execution.", stepDocs);

const executionResult = documented(qflowExecutionSchema, "One execution (run) of a workflow.", {
  ...record,
  workflow: "The workflow it ran.",
  execution: "The execution's id within QFlow.",
  status: "Its status, e.g. Success.",
  startDate: "Started (epoch milliseconds).",
  endDate: "Ended (epoch milliseconds).",
  details: ["How it ended.", endDetails],
  linkedExecutionIds: "Executions linked to it.",
  executionType: "Its type.",
  parentExecutionId: "The execution that started it, if any.",
  categories: "Its categories, as QFlow returns them.",
  source: "What started it.",
  variables: "Its variables.",
  parDateKey: "QFlow's partition date key.",
  steps: ["Its steps (with `includeSteps`).", stepDocs],
  ...isoDocs("createdAt", "updatedAt", "startDate", "endDate"),
});

// ---------------------------------------------------------------------------------------------
// Functions

const workflowIdArg = idArg("workflow id (UUID)").describe("The workflow's id (UUID).");
const executionIdArg = idArg("execution id (UUID)").describe("The execution's id (UUID).");
const stepArgs = z.strictObject({
  executionId: executionIdArg,
  nodeId: idArg("node id, e.g. node-67649155-filter").describe("The step's node id, e.g. `node-67649155-filter`."),
});

export const QFLOW = defineGroup("qflow", {
  getQflowWorkflows: fn({
    description: "QFlow workflows (query, date range, order).",
    args: z.strictObject(listShape).superRefine(startBeforeEnd),
    result: listResult(workflowResult, "workflows"),
    paging,
    run: (c, a) => walk(a, "getQflowWorkflows", (q) => c.readOnly.qflow.listWorkflows(q)),
  }),
  getQflowWorkflow: fn({
    description: "One workflow's metadata and definition (`definition` is left as the JSON string QFlow returns).",
    args: z.strictObject({ workflowId: workflowIdArg }),
    result: workflowResult,
    run: (c, a) => c.readOnly.qflow.getWorkflow(a.workflowId),
  }),
  getQflowExecutions: fn({
    description: "The executions (run history) of one workflow.",
    args: z.strictObject({ workflowId: workflowIdArg, ...listShape }).superRefine(startBeforeEnd),
    result: listResult(executionResult, "executions"),
    paging,
    run: (c, a) => walk(a, "getQflowExecutions", (q) => c.readOnly.qflow.listExecutions(a.workflowId, q)),
  }),
  getQflowExecution: fn({
    description: "One execution: status, start/end, details, and optionally its steps.",
    args: z.strictObject({
      executionId: executionIdArg,
      includeSteps: z.boolean().optional().describe("Include the execution's steps (as `steps`)."),
    }),
    result: executionResult,
    run: (c, a) => c.readOnly.qflow.getExecution(a.executionId, a.includeSteps),
  }),
  getQflowExecutionSteps: fn({
    description: "The steps of one execution (one call: the step list is not paged).",
    args: z
      .strictObject({
        executionId: executionIdArg,
        startAt: startAtArg,
        endAt: endAtArg,
        includeData: z.boolean().optional().describe("Include every step's input and output, decoded."),
        order: orderArg,
      })
      .superRefine(startBeforeEnd),
    result: listResult(stepResult, "steps"),
    run: async (c, a): Promise<ListResult<z.output<typeof qflowStepSchema>>> => {
      const r = await c.readOnly.qflow.listSteps(a.executionId, {
        startAt: a.startAt,
        endAt: a.endAt,
        includeData: a.includeData,
        order: a.order,
      });
      return { items: r.items, total: r.total ?? undefined, pagesFetched: 1 };
    },
  }),
  getQflowExecutionStep: fn({
    description: "One step: status, times, details, and its input/output decoded.",
    args: stepArgs,
    result: stepResult,
    run: (c, a) => c.readOnly.qflow.getStep(a.executionId, a.nodeId),
  }),
  getQflowExecutionStepInputData: fn({
    description: "The input a step received (`…/steps/{nodeId}/input`), decoded to a JSON value.",
    args: stepArgs,
    result: valueResult("The step's input, decoded to a JSON value."),
    run: (c, a): Promise<unknown> => c.readOnly.qflow.getStepInput(a.executionId, a.nodeId),
  }),
  getQflowExecutionStepOutputData: fn({
    description:
      "The output a step produced, decoded to a JSON value. (Named `…OutputData` so that it does not collide with `getQflowExecutionStepOutput`, the Output form of `getQflowExecutionStep`.)",
    args: stepArgs,
    result: valueResult("The step's output, decoded to a JSON value."),
    run: (c, a): Promise<unknown> => c.readOnly.qflow.getStepOutput(a.executionId, a.nodeId),
  }),
});
