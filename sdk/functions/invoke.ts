/**
 * The machinery shared by every read-only SDK function.
 *
 * Each function comes in two forms, built here from one zod argument schema and one implementation:
 *  - `getX(args, options?) → Promise<Result>`: plain Node.js, no Pulumi program needed;
 *  - `getXOutput(args, options?) → pulumi.Output<Result>`: args may be Inputs/Outputs; the call runs
 *    once they are known (during preview too: these calls have no side effects).
 *
 * Configuration, highest precedence first (the same rule as the provider, `resolveConfig`):
 *  1. `options.config` (stack-style keys, `{ "qualys:token": … }`) when given;
 *  2. the `qualys:*` stack config of the running Pulumi program, read with `pulumi.Config("qualys")`.
 *     Detection: no engine check (`pulumi.runtime.hasEngine()` is only true once the SDK has opened
 *     its engine connection, so it is unreliable this early); the Config is read inside a try: in a
 *     Pulumi program it holds the stack's values (secrets decrypted), outside one it is empty, and
 *     if `@pulumi/pulumi` cannot be loaded at all it counts as empty;
 *  3. the environment, `QUALYS_*` (`options.env` replaces `process.env` when given).
 *
 * Arguments are validated with zod before anything is sent: an invalid page size, a missing id or
 * an unknown filter key is a QualysError (kind "invalid-request") naming the argument and the rule,
 * and no request is made.
 *
 * Clients (one transport, connection pool and token) are cached per configuration for the life of
 * the process, so a program that calls many functions mints one token; idle connections do not
 * keep Node.js alive. `closeQualysFunctionClients()` closes them (tests, long-running tools).
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { SETTINGS, type ConfigSources } from "../../provider/config";
import { QualysError } from "../../provider/errors";
import { QualysClients } from "../../provider/clients";
import type { TransportOptions } from "../../provider/clients/transport";
import { formatPath } from "../../provider/shared/check";
import type { ArgsOf } from "../types";

export interface FunctionOptions {
  /** Stack-style settings (`{ "qualys:gatewayUrl": …, "qualys:token": … }`); replace the program's stack config. */
  config?: Record<string, unknown>;
  /** Environment to read `QUALYS_*` from instead of `process.env`. */
  env?: Record<string, string | undefined>;
  /** Transport hooks (custom dispatcher, event logging). Clients built with these are not cached and are closed after the call. */
  transport?: TransportOptions;
}

/** The `qualys:*` stack config of the running program, or {} outside one. */
export function stackConfig(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  try {
    const cfg = new pulumi.Config("qualys");
    for (const s of Object.values(SETTINGS)) {
      const v = cfg.get(s.key.slice("qualys:".length));
      if (v !== undefined) out[s.key] = v;
    }
  } catch {
    // Not in a Pulumi program, or no usable @pulumi/pulumi: the environment decides.
  }
  return out;
}

export function configSources(options: FunctionOptions = {}): ConfigSources {
  return { stack: options.config ?? stackConfig(), env: options.env ?? process.env };
}

/**
 * The clients for this configuration: the process's one client set per effective configuration
 * (`QualysClients.shared`, the same the resources of a provider process use), so every function of
 * a program shares one limiter per API host. Transport hooks (tests) get a set of their own.
 */
export function clientsFor(options: FunctionOptions = {}): QualysClients {
  const sources = configSources(options);
  if (options.transport) return QualysClients.fromSources(sources, options.transport);
  return QualysClients.shared(sources);
}

/** Close every shared client set (tests, long-running tools). */
export async function closeQualysFunctionClients(): Promise<void> {
  await QualysClients.closeShared();
}

/** Validate arguments; the error names each offending argument and its rule. No call is made. */
export function parseArgs<S extends z.ZodType>(fn: string, schema: S, args: unknown): z.output<S> {
  const r = schema.safeParse(args ?? {});
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => `${formatPath(i.path) || "(arguments)"}: ${i.message}`);
  throw new QualysError({
    kind: "invalid-request",
    operation: `${fn} (arguments)`,
    hint: `${problems.join("; ")}. Nothing was sent to Qualys`,
  });
}

/**
 * A result type with the documented fields only. Records are parsed "loose" (every field Qualys
 * sends is kept at run time, so nothing new is lost), which gives their inferred types a
 * `[key: string]: unknown` index signature; Pulumi's Output lifting (`policy.tagInfo`) and editors
 * cannot see the named fields past it. `Plain` drops the index signature of objects that also have
 * named fields and keeps genuine maps (`cloudInfo`, `details`) as they are. Undocumented fields are
 * still there: read them with a cast.
 */
export type Plain<T> = T extends readonly (infer U)[]
  ? Plain<U>[]
  : T extends object
    ? [NamedKeys<T>] extends [never]
      ? { [K in keyof T]: Plain<T[K]> }
      : { [K in keyof T as string extends K ? never : number extends K ? never : K]: Plain<T[K]> }
    : T;
type NamedKeys<T> = keyof { [K in keyof T as string extends K ? never : number extends K ? never : K]: 0 };

export type PromiseForm<In, Out> = (args: In, options?: FunctionOptions) => Promise<Plain<Out>>;
export type OutputForm<In, Out> = (args: ArgsOf<In & object>, options?: FunctionOptions) => pulumi.Output<Plain<Out>>;

/** A function as the native plugin serves it (Invoke) and schema.json describes it. */
export interface FunctionDefinition {
  name: string;
  schema: z.ZodType<object>;
  run: (clients: QualysClients, args: never) => Promise<unknown>;
}

/** Every function built by `defineFunction`, by name (filled as the modules load: import ./index first). */
export const FUNCTIONS = new Map<string, FunctionDefinition>();

/**
 * Build both forms of a function. `In` is what callers write (zod input: defaults optional),
 * `run` gets the parsed, defaulted arguments.
 */
export function defineFunction<S extends z.ZodType<object>, Out>(
  name: string,
  schema: S,
  run: (clients: QualysClients, args: z.output<S>) => Promise<Out>,
): [PromiseForm<z.input<S>, Out>, OutputForm<z.input<S>, Out>] {
  FUNCTIONS.set(name, { name, schema, run });
  const promiseForm: PromiseForm<z.input<S>, Out> = async (args, options) => {
    const parsed = parseArgs(name, schema, args);
    const clients = clientsFor(options);
    try {
      return (await run(clients, parsed)) as Plain<Out>;
    } finally {
      // Clients built for custom transport hooks are not cached: close them after the call.
      if (options?.transport) await clients.close();
    }
  };
  const outputForm: OutputForm<z.input<S>, Out> = (args, options) =>
    pulumi.output(args as pulumi.Input<object>).apply((plain) => promiseForm(plain as z.input<S>, options));
  return [promiseForm, outputForm];
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

/** Result of every list function. */
export interface ListResult<T> {
  /** The records, as the API returns them (fields named as the API names them). */
  items: T[];
  /** Total matching records when the API reports one. */
  total?: number;
  /** Pages fetched for this result (1 unless `all: true`). */
  pagesFetched: number;
}
