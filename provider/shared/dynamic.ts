/**
 * The bridge between a resource handler and Pulumi's dynamic-provider protocol.
 *
 * Each resource module (provider/dynamic/<name>.ts) does `export = dynamicProvider(handler)`, so the
 * object Pulumi serialises as `__provider` is that module itself and the state holds a one-line
 * `require("pulumi-qualys/dynamic/<name>")`: no closure, no secret, and a package upgrade fixes
 * existing resources.
 *
 * Everything handed back to the engine is stripped of `undefined` (the host's protobuf Struct refuses
 * it), here, once, for every resource.
 *
 * Credentials arrive through `configure(req)` (stack config `qualys:*`, decrypted by the engine) and
 * the environment; the clients are built on first use, so `check` and `diff` never need them and
 * never call Qualys.
 */
import type * as pulumi from "@pulumi/pulumi";
import { QualysClients } from "../clients";
import { SETTINGS } from "../config";
import { QualysError } from "../errors";
import type { CheckFailure } from "./check";
import type { DiffDecision } from "./diff";
import { withoutUndefined } from "./normalise";
import { redact } from "./redact";

export interface HandlerContext {
  clients(): QualysClients;
}

export interface ResourceHandler<Inputs, Outputs> {
  /** Resource type name, e.g. "ServiceAccount". */
  readonly type: string;
  /** Validate and normalise. Pure: no API call, no side effect. */
  check(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): { inputs: Inputs | Record<string, unknown>; failures: CheckFailure[] };
  /** Pure comparison of the state's outputs with the checked inputs. */
  diff(id: string, olds: Outputs, news: Inputs): DiffDecision;
  create(ctx: HandlerContext, inputs: Inputs): Promise<{ id: string; outs: Outputs }>;
  /** `undefined` = the object is gone. `inputs` report drift in the inputs (Pulumi ≥ 3.216). */
  read(ctx: HandlerContext, id: string, props: Outputs): Promise<{ id: string; props: Outputs; inputs?: Inputs } | undefined>;
  update(ctx: HandlerContext, id: string, olds: Outputs, news: Inputs): Promise<Outputs>;
  delete(ctx: HandlerContext, id: string, props: Outputs): Promise<void>;
}

/** Strip the engine's bookkeeping keys from what a handler sees. */
function clean<T>(props: unknown): T {
  const { __provider: _p, ...rest } = (props ?? {}) as Record<string, unknown>;
  return rest as T;
}

/** Errors leave the provider as plain Errors with a redacted message (the engine prints `${e}` and the stack). */
function surface(e: unknown): Error {
  if (e instanceof QualysError) {
    const err = new Error(e.message);
    err.stack = `${err.message}`; // the stack of a Qualys error is noise for users
    return err;
  }
  const err = new Error(redact(e instanceof Error ? e.message : String(e)));
  err.stack = redact((e instanceof Error && e.stack) || err.message);
  return keepPending(e, err);
}

/**
 * A create that could not find out whether its lost call ran fails with the object's `id`
 * (shared/lost-answer.ts `pendingCreate`): @pulumi/pulumi's dynamic provider sends such an error as
 * ErrorResourceInitFailed, so the engine keeps the resource in state and finishes it on the next
 * `up`. Those fields must survive the trip through `surface`.
 */
function keepPending(from: unknown, to: Error): Error {
  const src = from as { id?: unknown; properties?: unknown; reasons?: unknown };
  if (typeof src?.id !== "string" || src.id === "") return to;
  const out = to as Error & { id: string; properties: Record<string, unknown>; reasons: string[] };
  out.id = src.id;
  out.properties = withoutUndefined((src.properties ?? {}) as Record<string, unknown>);
  out.reasons = Array.isArray(src.reasons) ? src.reasons.map((r) => redact(String(r))) : [to.message];
  return out;
}

export function dynamicProvider<I, O>(handler: ResourceHandler<I, O>): pulumi.dynamic.ResourceProvider {
  let stackConfig: Record<string, unknown> = {};
  let clients: QualysClients | undefined;
  const ctx: HandlerContext = {
    clients: () => (clients ??= QualysClients.fromSources({ stack: stackConfig, env: process.env })),
  };
  const guard = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      throw surface(e);
    }
  };

  return {
    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
      const values: Record<string, unknown> = {};
      for (const s of Object.values(SETTINGS)) {
        const v = req.config.get(s.key);
        if (v !== undefined) values[s.key] = v;
      }
      stackConfig = values;
      clients = undefined;
    },
    async check(olds, news) {
      const r = handler.check(clean(olds), clean(news));
      return { inputs: withoutUndefined(r.inputs as Record<string, unknown>), failures: r.failures };
    },
    async diff(id, olds, news) {
      const d = handler.diff(id, clean<O>(olds), clean<I>(news));
      return { changes: d.changes, replaces: d.replaces, stables: d.stables, deleteBeforeReplace: d.deleteBeforeReplace };
    },
    create: (inputs) =>
      guard(async () => {
        const r = await handler.create(ctx, clean<I>(inputs));
        return { id: r.id, outs: withoutUndefined(r.outs) };
      }),
    read: (id, props) =>
      guard(async () => {
        const r = await handler.read(ctx, id, clean<O>(props));
        // An empty id tells the engine the object is gone (refresh drops it from the stack).
        if (!r) return { id: "", props: {} };
        return { id: r.id, props: withoutUndefined(r.props), ...(r.inputs === undefined ? {} : { inputs: withoutUndefined(r.inputs) }) };
      }),
    update: (id, olds, news) =>
      guard(async () => ({ outs: withoutUndefined(await handler.update(ctx, id, clean<O>(olds), clean<I>(news))) })),
    delete: (id, props) => guard(() => handler.delete(ctx, id, clean<O>(props))),
  };
}
