/**
 * The two forms of every read-only function, built from its definition (provider/functions):
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
import { SETTINGS, type ConfigSources } from "../config";
import { QualysClients } from "../clients";
import type { TransportOptions } from "../clients/transport";
import { functionNamed, invokeFunction } from "../functions";
import type { ArgsOf } from "./types";

export interface FunctionOptions {
  /** Stack-style settings (`{ "qualys:gatewayUrl": …, "qualys:token": … }`); replace the program's stack config. */
  config?: Record<string, unknown>;
  /** Environment to read `QUALYS_*` from instead of `process.env`. */
  env?: Record<string, string | undefined>;
  /** Transport hooks (custom dispatcher, event logging). Clients built with these are not cached and are closed after the call. */
  transport?: TransportOptions;
}

/** The `qualys:*` stack config of the running program, or {} outside one. */
function stackConfig(): Record<string, unknown> {
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

function configSources(options: FunctionOptions = {}): ConfigSources {
  return { stack: options.config ?? stackConfig(), env: options.env ?? process.env };
}

/**
 * The clients for this configuration: the process's one client set per effective configuration
 * (`QualysClients.shared`, the same the resources of a provider process use), so every function of
 * a program shares one limiter per API host. Transport hooks (tests) get a set of their own.
 */
function clientsFor(options: FunctionOptions = {}): QualysClients {
  const sources = configSources(options);
  if (options.transport) return QualysClients.fromSources(sources, options.transport);
  return QualysClients.shared(sources);
}

/** Close every shared client set (tests, long-running tools). */
export async function closeQualysFunctionClients(): Promise<void> {
  await QualysClients.closeShared();
}

/**
 * Kept for programs written against earlier versions, whose result types were inferred from the
 * clients: it dropped the `[key: string]: unknown` index signature of loose records. The generated
 * result types (sdk/nodejs/functions/) are plain interfaces of the documented fields, so it
 * changes nothing on them.
 */
export type Plain<T> = T extends readonly (infer U)[]
  ? Plain<U>[]
  : T extends object
    ? [NamedKeys<T>] extends [never]
      ? { [K in keyof T]: Plain<T[K]> }
      : { [K in keyof T as string extends K ? never : number extends K ? never : K]: Plain<T[K]> }
    : T;
type NamedKeys<T> = keyof { [K in keyof T as string extends K ? never : number extends K ? never : K]: 0 };

/** `getX(args, options?)`. The argument and result types are the generated interfaces of sdk/nodejs/functions/. */
export type PromiseForm<In, Out> = (args: In, options?: FunctionOptions) => Promise<Out>;
/** `getXOutput(args, options?)`: the same, with every argument an Input. */
export type OutputForm<In, Out> = (args: ArgsOf<In & object>, options?: FunctionOptions) => pulumi.Output<Out>;

/**
 * The Promise form of the function `name` (provider/functions): arguments validated (a clear error,
 * nothing sent), then run with this configuration's clients. A failure is one line naming the
 * function, the error kind and the setting to check (provider/functions `functionError`), and
 * Pulumi's language host prints it without a stack trace or an object dump (`RunError`). Looked up
 * by name so that the declarations the SDK publishes name no zod type.
 */
export function promiseForm<In, Out>(name: string): PromiseForm<In, Out> {
  const def = functionNamed(name);
  if (def === undefined) throw new Error(`pulumi-qualys: no read-only function ${name}`);
  return async (args, options) => {
    let clients: QualysClients | undefined;
    try {
      return (await invokeFunction(def, () => (clients = clientsFor(options)), args as never)) as Out;
    } catch (e) {
      throw asRunError(e);
    } finally {
      // Clients built for custom transport hooks are not cached: close them after the call.
      if (options?.transport && clients) await clients.close();
    }
  };
}

/**
 * The Output form: args may be Inputs/Outputs; the call runs once they are known (during preview
 * too: these calls have no side effects). The promise is made inside `apply`, so its rejection is
 * the Output's own, handled as it happens (no PromiseRejectionHandledWarning).
 */
export function outputForm<In, Out>(name: string): OutputForm<In, Out> {
  const run = promiseForm<In, Out>(name);
  return (args, options) => pulumi.output(args as pulumi.Input<object>).apply((plain) => run(plain as In, options));
}

/**
 * Mark an error the way Pulumi's Node.js language host recognises (`RunError.isInstance` reads the
 * `__pulumiRunError` brand): it then logs the message alone, where it would otherwise print the
 * stack and every own property of the error.
 */
function asRunError(e: unknown): unknown {
  if (e instanceof Error) Object.defineProperty(e, "__pulumiRunError", { value: true, enumerable: false });
  return e;
}
