/**
 * The bridge between a resource handler and Pulumi's dynamic-provider protocol.
 *
 * Each resource module (provider/dynamic/<name>.ts) does `export = dynamicProvider(definition)`, so the
 * object Pulumi serialises as `__provider` is that module itself and the state holds a one-line
 * `require("pulumi-qualys/dynamic/<name>")`: no closure, no secret, and a package upgrade fixes
 * existing resources.
 *
 * Everything handed back to the engine is stripped of `undefined` (the host's protobuf Struct refuses
 * it), here, once, for every resource.
 *
 * Credentials arrive through `configure(req)` (stack config `qualys:*`, decrypted by the engine) and
 * the environment; the clients are built on first use, so `check` and `diff` never need them and
 * never call Qualys. `check` does validate that effective configuration (stack config, then
 * environment) for the APIs the resource uses, so a bad or missing setting fails at preview. Modules with the same effective configuration share one client set
 * (`QualysClients.shared`), so a mixed stack keeps `maxConcurrency` calls in flight per API in all.
 */
import type * as pulumi from "@pulumi/pulumi";
import { QualysClients } from "../clients";
import { configProblems, SETTINGS, type ConfigSources } from "../config";
import { QualysError, type QualysApi } from "../errors";
import { outgoingFailures, type CheckFailure } from "./check";
import type { DiffDecision } from "./diff";
import { withoutUndefined } from "./normalise";
import { carryUnconfirmed, keepUnconfirmed, unconfirmedRefusal, withoutUnconfirmed } from "./import-guard";
import { redact, registerSecret } from "./redact";

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
  /** Inputs Qualys never reports: an import names every one of them in its warning. */
  readonly importUnreported?: readonly string[];
  /**
   * True where an update sends every input whether it changed or not (the Flexscan setup replaces
   * the configuration): after an import, an update is refused until the program sets each
   * `importUnreported` field (shared/import-guard.ts).
   */
  readonly updateSendsUnreported?: boolean;
}

/** Strip the engine's bookkeeping keys from what a handler sees: the one place `__provider` is removed. */
function clean<T>(props: unknown): T {
  const { __provider: _p, ...rest } = (props ?? {}) as Record<string, unknown>;
  return rest as T;
}

/**
 * Errors leave the provider as plain Errors with a redacted message (the engine prints `${e}` and the
 * stack). Also used by the native plugin. `providerRef`: the `__provider` a pending create's error
 * must carry back (see `keepPending`).
 */
export function surface(e: unknown, providerRef?: unknown): Error {
  if (e instanceof QualysError) {
    // Redacted when built, and again now: a secret registered since (a later check) is scrubbed too.
    const err = new Error(redact(e.message));
    err.stack = `${err.message}`; // the stack of a Qualys error is noise for users
    return err;
  }
  const err = new Error(redact(e instanceof Error ? e.message : String(e)));
  err.stack = redact((e instanceof Error && e.stack) || err.message);
  return keepPending(e, err, providerRef);
}

/**
 * A create that could not find out whether its lost call ran fails with the object's `id`
 * (shared/lost-answer.ts `pendingCreate`): @pulumi/pulumi's dynamic provider sends such an error as
 * ErrorResourceInitFailed, so the engine keeps the resource in state and finishes it on the next
 * `up`. Those fields must survive the trip through `surface`.
 */
function keepPending(from: unknown, to: Error, providerRef?: unknown): Error {
  const src = from as { id?: unknown; properties?: unknown; reasons?: unknown };
  if (typeof src?.id !== "string" || src.id === "") return to;
  const out = to as Error & { id: string; properties: Record<string, unknown>; reasons: string[] };
  out.id = src.id;
  // The engine stores these properties as the resource's outputs, and the dynamic provider finds
  // its code for read/delete in the outputs' `__provider`, which it adds itself only on success:
  // without it, refresh and destroy of the pending resource could not load the provider.
  out.properties = withoutUndefined({ ...((src.properties ?? {}) as Record<string, unknown>), __provider: providerRef });
  out.reasons = Array.isArray(src.reasons) ? src.reasons.map((r) => redact(String(r))) : [to.message];
  return out;
}

/**
 * The provider configuration's problems as check failures (config.ts `configProblems`: the rules
 * live there once). Each reason names the stack config key and the environment variable; none
 * carries a property, so the engine never prints a setting's value (the token is one).
 */
export function configFailures(sources: ConfigSources, needs: readonly QualysApi[] | "any-api"): CheckFailure[] {
  return configProblems(sources, needs).map((p) => ({ property: "", reason: redact(`pulumi-qualys configuration: ${p}`) }));
}

/** The effective configuration a check validates, and the APIs the resource will call. */
export interface ConfigToCheck {
  sources: ConfigSources;
  apis: readonly QualysApi[];
}

/**
 * `check` as every engine-facing server runs it (the dynamic bridge and the native plugin): the
 * secret inputs are registered for redaction before anything else can print them, and failures on
 * them carry no property (the engine would print the value). With `config`, the provider
 * configuration is checked too, before any call can be made with it.
 */
export function checkForEngine<I, O>(
  handler: ResourceHandler<I, O>,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  secretInputs: readonly string[] = [],
  config?: ConfigToCheck,
): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
  for (const k of secretInputs) {
    const v = news[k];
    if (typeof v === "string") registerSecret(v);
  }
  const r = handler.check(withoutUnconfirmed(olds), news);
  const fromConfig = config ? configFailures(config.sources, config.apis) : [];
  const inputs =
    r.failures.length === 0 ? carryUnconfirmed(olds, news, r.inputs as Record<string, unknown>) : (r.inputs as Record<string, unknown>);
  return { inputs, failures: [...fromConfig, ...outgoingFailures(r.failures, secretInputs)] };
}

/**
 * `diff` as every engine-facing server runs it: the handler's decision, refused when it would send
 * fields an import could not see and the program does not set (shared/import-guard.ts).
 */
export function diffForEngine<I, O>(handler: ResourceHandler<I, O>, id: string, olds: O, news: I): DiffDecision {
  const d = handler.diff(id, withoutUnconfirmed(olds), withoutUnconfirmed(news));
  const refusal = d.changes ? unconfirmedRefusal(handler.type, id, news as Record<string, unknown>) : undefined;
  if (refusal) throw refusal;
  return d;
}

/** `update` as every engine-facing server runs it (the same refusal, in case the engine did not diff first). */
export async function updateForEngine<I, O>(handler: ResourceHandler<I, O>, ctx: HandlerContext, id: string, olds: O, news: I): Promise<O> {
  const refusal = unconfirmedRefusal(handler.type, id, news as Record<string, unknown>);
  if (refusal) throw refusal;
  return handler.update(ctx, id, withoutUnconfirmed(olds), news);
}

/** `read` as every engine-facing server runs it: an import's mark of unseen fields survives a refresh. */
export async function readForEngine<I, O>(
  handler: ResourceHandler<I, O>,
  ctx: HandlerContext,
  id: string,
  props: O,
): Promise<{ id: string; props: O; inputs?: I } | undefined> {
  const r = await handler.read(ctx, id, withoutUnconfirmed(props));
  if (!r) return r;
  const previous = props as Record<string, unknown>;
  return {
    id: r.id,
    props: keepUnconfirmed(previous, r.props as Record<string, unknown>) as O,
    ...(r.inputs === undefined ? {} : { inputs: keepUnconfirmed(previous, r.inputs as Record<string, unknown>) as I }),
  };
}

/** The secret settings (token, password) are registered at configure: check and diff run before any client exists. */
export function registerConfigSecrets(values: Record<string, unknown>): void {
  for (const key of [SETTINGS.token.key, SETTINGS.password.key]) {
    const v = values[key];
    if (typeof v === "string") registerSecret(v);
  }
}

export interface DynamicProviderOptions {
  /** Top-level inputs that are secrets: their check failures never carry the property (see outgoingFailures). */
  secretInputs?: readonly string[];
  /** The Qualys APIs the resource calls: `check` requires their URLs to be configured. */
  apis?: readonly QualysApi[];
}

/**
 * `resource`: a resource definition (provider/resources/define.ts), whose secret inputs and APIs come
 * with it, or a bare handler (tests), which has neither.
 */
export function dynamicProvider<I, O>(
  resource: ResourceHandler<I, O> | (DynamicProviderOptions & { readonly handler: ResourceHandler<I, O> }),
): pulumi.dynamic.ResourceProvider {
  const { handler, ...options }: DynamicProviderOptions & { handler: ResourceHandler<I, O> } =
    "handler" in resource ? resource : { handler: resource };
  let stackConfig: Record<string, unknown> = {};
  /** The engine configures a provider before its first check; a bare `check` (unit tests) has no configuration to judge. */
  let configured = false;
  let clients: QualysClients | undefined;
  const ctx: HandlerContext = {
    // Shared with every other resource module of this process that has the same configuration
    // (one limiter per API host, one set of readers).
    clients: () => (clients ??= QualysClients.shared({ stack: stackConfig, env: process.env })),
  };
  /** `props`: what the engine sent, whose `__provider` a pending create's error must carry back. */
  const guard = async <T>(fn: () => Promise<T>, props?: unknown): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      throw surface(e, (props as Record<string, unknown> | undefined)?.__provider);
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
      configured = true;
      clients = undefined;
      registerConfigSecrets(values);
    },
    async check(olds, news) {
      const config = configured ? { sources: { stack: stackConfig, env: process.env }, apis: options.apis ?? [] } : undefined;
      const r = checkForEngine(handler, clean(olds), clean(news), options.secretInputs, config);
      return { inputs: withoutUndefined(r.inputs), failures: r.failures };
    },
    async diff(id, olds, news) {
      const d = diffForEngine(handler, id, clean<O>(olds), clean<I>(news));
      return { changes: d.changes, replaces: d.replaces, stables: d.stables, deleteBeforeReplace: d.deleteBeforeReplace };
    },
    create: (inputs) =>
      guard(async () => {
        const r = await handler.create(ctx, clean<I>(inputs));
        return { id: r.id, outs: withoutUndefined(r.outs) };
      }, inputs),
    read: (id, props) =>
      guard(async () => {
        const r = await readForEngine(handler, ctx, id, clean<O>(props));
        // An empty id tells the engine the object is gone (refresh drops it from the stack).
        if (!r) return { id: "", props: {} };
        return { id: r.id, props: withoutUndefined(r.props), ...(r.inputs === undefined ? {} : { inputs: withoutUndefined(r.inputs) }) };
      }),
    update: (id, olds, news) =>
      guard(async () => ({ outs: withoutUndefined(await updateForEngine(handler, ctx, id, clean<O>(olds), clean<I>(news))) }), news),
    delete: (id, props) => guard(() => handler.delete(ctx, id, clean<O>(props))),
  };
}
