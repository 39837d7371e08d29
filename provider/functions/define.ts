/**
 * What a read-only function is: data. Each function is one value (`FunctionDefinition`): its
 * arguments and its result as zod schemas carrying their descriptions, `run` (one call into the
 * clients), its paging, its docs group and a one-line description. Everything else is derived from
 * that value: the TypeScript SDK's `getX` / `getXOutput` (sdk/nodejs/functions/), the native plugin's Invoke,
 * schema.json's functions (inputs and outputs), the docs pages' tables and the SDK's TSDoc.
 *
 * Nothing here loads `@pulumi/pulumi`: the native plugin answers Invoke from these definitions
 * alone, and the SDK adds the Pulumi forms on top.
 */
import { z } from "zod";
import { QualysError, errorMessage, isQualysError, type QualysErrorKind } from "../errors";
import type { QualysClients } from "../clients";
import { formatPath } from "../shared/check";

/** The docs page a function is documented on (docs/functions-<group>.md). */
export type FunctionGroup = "flexscan" | "qflow" | "cloudview" | "policy-compliance" | "scheduled-scans";

/** How a list function pages: its argument names, first page number and page-size range. */
export interface Paging {
  pageArg: string;
  sizeArg: string;
  firstPage: number;
  minSize: number;
  maxSize: number;
  /** Page size used when the caller gives none and `all: true` asks for every page. */
  defaultSize: number | "the endpoint's maximum";
}

/** A read-only function as data. `S`: its arguments' zod schema; `Out`: what `run` resolves to. */
export interface FunctionDefinition<S extends z.ZodType<object> = z.ZodType<object>, Out = unknown> {
  name: string;
  group: FunctionGroup;
  /** One or two sentences: the TSDoc of `getX` and the schema's description. */
  description: string;
  args: S;
  /**
   * The result's shape with a description on every property (schema.json outputs, docs). Not a
   * validator: the clients already parsed the answer. A result that is not an object (a QFlow step
   * payload, any JSON value) is described by `valueResult`, and the native plugin returns it as
   * `{ value }`, because a Pulumi function's outputs are an object.
   */
  result: z.ZodType;
  paging?: Paging;
  run(clients: QualysClients, args: z.output<S>): Promise<Out>;
}

/** Every definition, whatever its argument and result types. */
export type AnyFunctionDefinition = FunctionDefinition<z.ZodType<object>, unknown>;

/** The property that holds a non-object result in the native plugin's answer. */
export const VALUE_PROPERTY = "value";

/** Result schemas made by `valueResult`: their function answers any JSON value. */
const VALUE_RESULTS = new WeakSet<z.ZodType>();

/** The result schema of a function whose answer is any JSON value (returned by Invoke as `{ value }`). */
export function valueResult(description: string) {
  const schema = z.object({ [VALUE_PROPERTY]: z.unknown().describe(description) }).describe(description);
  VALUE_RESULTS.add(schema);
  return schema;
}

/** True when the function's answer is any JSON value, which the native plugin returns as `{ value }`. */
export function wrapsValue(fn: AnyFunctionDefinition): boolean {
  return VALUE_RESULTS.has(fn.result);
}

/**
 * The definitions of one docs group, keyed by function name (the key is the function's one name;
 * `name` and `group` are filled in from it). Types are kept per key, so the SDK's wrappers infer
 * each function's argument and result types.
 */
export function defineGroup<G extends Record<string, Omit<AnyFunctionDefinition, "name" | "group">>>(
  group: FunctionGroup,
  defs: G,
): { [K in keyof G]: G[K] & { name: K & string; group: FunctionGroup } } {
  return Object.fromEntries(Object.entries(defs).map(([name, d]) => [name, { ...d, name, group }])) as never;
}

/** One definition with its types checked: `run` receives the parsed, defaulted arguments. */
export function fn<S extends z.ZodType<object>, Out>(
  d: Omit<FunctionDefinition<S, Out>, "name" | "group">,
): Omit<FunctionDefinition<S, Out>, "name" | "group"> {
  return d;
}

/** Validate arguments; the error names each offending argument and its rule. No call is made. */
export function parseArgs<S extends z.ZodType>(name: string, schema: S, args: unknown): z.output<S> {
  const r = schema.safeParse(args ?? {});
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => `${formatPath(i.path) || "(arguments)"}: ${i.message}`);
  throw functionError(
    name,
    new QualysError({ kind: "invalid-request", operation: `${name} (arguments)`, hint: problems.join("; ") }),
    `invalid arguments: ${problems.join("; ")}. Nothing was sent to Qualys`,
  );
}

/** Parse the arguments and run the function: the one path of the SDK's two forms and of Invoke. */
export async function invokeFunction<S extends z.ZodType<object>, Out>(
  def: FunctionDefinition<S, Out>,
  clients: () => QualysClients,
  args: unknown,
): Promise<Out> {
  const parsed = parseArgs(def.name, def.args, args);
  try {
    return await def.run(clients(), parsed);
  } catch (e) {
    throw functionError(def.name, e);
  }
}

// ---------------------------------------------------------------------------------------------
// Errors: one line a user can act on, whichever form failed.

/** The setting to check for each kind of failure (the hint of the one-line message). */
const SETTING_TO_CHECK: Partial<Record<QualysErrorKind, string>> = {
  config: "the qualys:* settings",
  unauthorized: "check qualys:token (QUALYS_TOKEN), or qualys:username/qualys:password for Basic-auth APIs",
  forbidden: "check the Qualys user's role and modules (qualys:token / qualys:username)",
  "rate-limited": "retry later, or lower qualys:maxConcurrency",
  "concurrency-limited": "lower qualys:maxConcurrency",
  timeout: "check the URL, or raise qualys:requestTimeoutSeconds",
  network: "check qualys:apiUrl / qualys:gatewayUrl / qualys:portalUrl (or qualys:platform)",
  "response-too-large": "narrow the query, or raise qualys:maxResponseBytes",
};

/** Marks an error as already formatted for a function, so it is not wrapped twice. */
const FORMATTED = Symbol.for("pulumi-qualys.functionError");

/**
 * A failure of function `name` as one line: `getX failed (kind): <what Qualys said>; <setting to
 * check>` (`what` replaces the error's own message). A QualysError stays a QualysError of the same kind (callers test `kind`); anything else
 * (a bug) keeps its message. Its stack is dropped and no property holds an object, so a runtime that
 * prints the error whole prints one line.
 */
export function functionError(name: string, e: unknown, what?: string): Error {
  if (e instanceof Error && (e as { [FORMATTED]?: true })[FORMATTED]) return e;
  const kind = isQualysError(e) ? e.kind : "error";
  let text = (what ?? errorMessage(e)).replace(/\s*\n\s*/g, " ");
  const setting = isQualysError(e) ? SETTING_TO_CHECK[e.kind] : undefined;
  if (setting && !text.includes(setting)) text = `${text}; ${setting}`;
  const message = `${name} failed (${kind}): ${text}`;
  const out = isQualysError(e)
    ? Object.assign(Object.create(QualysError.prototype) as QualysError, {
        kind: e.kind,
        operation: e.operation,
        api: e.api,
        status: e.status,
        code: e.code,
        qualysText: e.qualysText,
        retryAfterMs: e.retryAfterMs,
      })
    : new Error(message);
  Object.defineProperties(out, {
    name: { value: isQualysError(e) ? "QualysError" : "Error", enumerable: false, writable: true },
    message: { value: message, enumerable: false, writable: true },
    // `name: message` only: Node and Pulumi print `stack` for an uncaught error.
    stack: { value: `${isQualysError(e) ? "QualysError" : "Error"}: ${message}`, enumerable: false, writable: true },
    [FORMATTED]: { value: true, enumerable: false },
  });
  // The plain fields are kept for callers, hidden from printing (no object dump under the line).
  for (const k of Object.keys(out)) Object.defineProperty(out, k, { enumerable: false });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Argument building blocks

/** A non-empty identifier (path parameter). */
export const idArg = (what: string) =>
  z
    .string({ error: `must be a string (the ${what})` })
    .trim()
    .min(1, `must not be empty (the ${what})`);

/** An integer page size with the API's documented (or guarded) range, with the rule in the message. */
export function pageSizeArg(min: number, max: number, what: string) {
  const rule = `must be a whole number from ${min} to ${max} (${what})`;
  return z.number({ error: rule }).int(rule).min(min, rule).max(max, rule);
}

/** A page number: whole number ≥ first. */
export function pageNumberArg(first: number) {
  const rule = `must be a whole number, at least ${first} (pages are numbered from ${first})`;
  return z.number({ error: rule }).int(rule).min(first, rule);
}

/** An ISO-8601 date or date-time (QFlow startAt/endAt, policy lastEvaluationDate). */
export const isoDateArg = z
  .string()
  .refine((s) => /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(s) && !Number.isNaN(Date.parse(s)), {
    message: 'must be an ISO-8601 date or date-time, e.g. "2024-10-15T00:00:00Z"',
  });

/** `all: true`: every page to the end. */
export const allArg = (from: string) =>
  z
    .boolean()
    .optional()
    .describe(`Fetch every page from \`${from}\` to the end (stops at a short or empty page, the API's total or its \`last\` flag).`);

export type { ListResult } from "./list-result";

/** The result schema of a list function whose records have the schema `item`. */
export function listResult(item: z.ZodType, what: string) {
  return z
    .object({
      items: z.array(item).describe(`The ${what}, as the API returns them (fields named as the API names them).`),
      total: z.number().int().optional().describe("Total matching records, when the API reports one."),
      pagesFetched: z.number().int().describe("Pages fetched for this result (1 unless `all: true`)."),
    })
    .describe(`A page (or, with \`all: true\`, every page) of ${what}.`);
}
