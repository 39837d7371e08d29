/**
 * The engine core: every rule of serving a resource to Pulumi that does not depend on how the
 * engine talks. The dynamic bridge (provider/engine/dynamic.ts) and the native plugin
 * (provider/native/server.ts) each hold one `Engine` and only translate their wire format to and
 * from its calls (docs/architecture.md, "The data path of a resource"):
 *
 *  - configure: the `qualys:*` settings (config.ts SETTINGS), the secret ones registered for
 *    redaction before check or diff can print them; clients built on first use, so check and diff
 *    never call Qualys;
 *  - check: secret inputs unwrapped and registered for redaction, the handler's rules, the
 *    configuration for the APIs the resource calls, failures on secret inputs without a property (the
 *    engine prints a named property's value), an import's unseen fields carried, and — where the
 *    engine is told the URN — the definition's URN hooks and the one-owner rule for natural keys;
 *  - diff, update, read: the import guard (shared/import-guard.ts);
 *  - every answer stripped of `undefined` (a protobuf Struct refuses it), every error surfaced as a
 *    redacted message, a pending create keeping its id and properties (shared/lost-answer.ts).
 *
 * Notices (shared/notices.ts) are routed by the adapter, which knows where the engine shows them.
 */
import type { QualysClients } from "../clients";
import { configProblems, SETTINGS, type ConfigSources, type Setting } from "../config";
import { QualysError, type QualysApi } from "../errors";
import { outgoingFailures, type CheckFailure } from "../shared/check";
import type { DiffDecision } from "../shared/diff";
import { carryUnconfirmed, keepUnconfirmed, unconfirmedRefusal, withoutUnconfirmed } from "../shared/import-guard";
import { withoutUndefined } from "../shared/normalise";
import { claimNaturalKey, duplicateKeyMessage, type NaturalKeyRegistry } from "../shared/ownership";
import { redact, registerSecret } from "../shared/redact";
import type { EngineResource, HandlerContext, ResourceHandler } from "./handler";
import { importRead } from "./import-read";
import { parseUrn } from "../shared/urn";
import { unwrapSecrets } from "./values";

type Props = Record<string, unknown>;

/** The error of a create that left the object pending: its id, the properties to keep in state, and why. */
export type PendingError = Error & { id: string; properties: Props; reasons: string[] };

export function isPending(e: unknown): e is PendingError {
  const id = (e as { id?: unknown } | null)?.id;
  return e instanceof Error && typeof id === "string" && id !== "";
}

/**
 * Errors leave the provider as plain Errors with a redacted message (the engine prints `${e}` and the
 * stack). A create that could not find out whether its lost call ran fails with the object's id
 * (shared/lost-answer.ts `pendingCreate`); those fields survive, redacted, so each adapter can send
 * the engine a partial failure (ErrorResourceInitFailed).
 */
export function surface(e: unknown): Error {
  if (e instanceof QualysError) {
    // Redacted when built, and again now: a secret registered since (a later check) is scrubbed too.
    const err = new Error(redact(e.message));
    err.stack = `${err.message}`; // the stack of a Qualys error is noise for users
    return err;
  }
  const err = new Error(redact(e instanceof Error ? e.message : String(e)));
  err.stack = redact((e instanceof Error && e.stack) || err.message);
  if (!isPending(e)) return err;
  const src = e as Partial<PendingError>;
  return Object.assign(err, {
    id: src.id,
    properties: withoutUndefined({ ...(src.properties ?? {}) }),
    reasons: Array.isArray(src.reasons) ? src.reasons.map((r) => redact(String(r))) : [err.message],
  });
}

async function surfaced<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw surface(e);
  }
}

/**
 * The provider configuration's problems as check failures (config.ts `configProblems`: the rules
 * live there once). Each reason names the stack config key and the environment variable; none
 * carries a property, so the engine never prints a setting's value (the token is one).
 */
export function configFailures(sources: ConfigSources, needs: readonly QualysApi[] | "any-api"): CheckFailure[] {
  return configProblems(sources, needs).map((p) => ({ property: "", reason: redact(`pulumi-qualys configuration: ${p}`) }));
}

/**
 * The settings among `values` (keyed `qualys:<name>`, config.ts SETTINGS), as strings (a typed value
 * is its JSON); the secret ones are registered for redaction at once: check and diff run before any
 * client exists.
 */
export function settingsOf(values: Props): Props {
  const out: Props = {};
  for (const s of Object.values(SETTINGS) as Setting[]) {
    const v = values[s.key];
    if (v === undefined || v === null) continue;
    const text = typeof v === "string" ? v : JSON.stringify(v);
    out[s.key] = text;
    if (s.type === "string" && s.secret) registerSecret(text);
  }
  return out;
}

export interface EngineOptions {
  /** The client set for a configuration: one per process and configuration (dynamic modules share it), or one per provider. */
  clients(sources: ConfigSources): QualysClients;
  env?: NodeJS.ProcessEnv;
}

type Handler = ResourceHandler<unknown, unknown>;
const handlerOf = (r: EngineResource): Handler => r.handler;

/** One provider instance as the engine sees it: its settings, its clients, and the resources it served. */
export class Engine {
  private settings: Props = {};
  /** Only a configured provider judges its configuration (a bare `check` in a unit test has none). */
  private configured = false;
  /** False while a setting is computed by another resource (unknown at preview): it is checked once known. */
  private settingsKnown = true;
  private clients: QualysClients | undefined;
  /**
   * The configuration's failures per set of APIs a resource calls: the settings change only in
   * `configure`, and resolving them (URLs parsed and checked, environment read) for every resource
   * checked cost more than the rest of a check.
   */
  private configFailureCache = new Map<string, CheckFailure[]>();
  /** Natural key → URN of the resource that has it, for this process (one deployment). */
  private readonly keys: NaturalKeyRegistry = new Map();
  private readonly env: NodeJS.ProcessEnv;
  readonly ctx: HandlerContext;

  constructor(private readonly opts: EngineOptions) {
    this.env = opts.env ?? process.env;
    this.ctx = { clients: () => (this.clients ??= this.opts.clients({ stack: this.settings, env: this.env })) };
  }

  /** `values`: `qualys:<name>` → value, as the engine sent them; `known`: false while some are unknown. */
  configure(values: Props, known = true): void {
    this.settings = settingsOf(values);
    this.settingsKnown = known;
    this.configured = true;
    this.clients = undefined;
    this.configFailureCache = new Map();
  }

  /**
   * The provider configuration alone (the native plugin's CheckConfig): which resources will be used
   * is not known, so a URL is required for at least one API; each resource's check then requires
   * the URLs of the APIs it calls.
   */
  checkSettings(values: Props): CheckFailure[] {
    return configFailures({ stack: settingsOf(values), env: this.env }, "any-api");
  }

  /**
   * `urn`: given by engines that say which resource they check. It feeds the definition's URN hooks
   * and the one-owner rule: the engine checks every resource of a deployment through one provider, so
   * the second resource whose natural key the first already has is refused here, naming both URNs.
   */
  check(r: EngineResource, olds: Props, news: Props, urn?: string): { inputs: Props; failures: CheckFailure[] } {
    const handler = handlerOf(r);
    const secretInputs = r.secretInputs ?? [];
    const parsed = urn === undefined ? undefined : parseUrn(urn);
    const given = unwrapSecrets(news) as Props;
    if (parsed && r.hooks?.inputsFromUrn) {
      for (const [k, v] of Object.entries(r.hooks.inputsFromUrn(parsed))) if (given[k] === undefined) given[k] = v;
    }
    // Registered before anything else can print them.
    for (const k of secretInputs) if (typeof given[k] === "string") registerSecret(given[k]);
    const checked = handler.check(withoutUnconfirmed(olds), given);
    const fromConfig = this.configured && this.settingsKnown ? this.configFailuresFor(r.apis ?? []) : [];
    const ok = checked.failures.length === 0;
    const inputs = ok ? carryUnconfirmed(olds, given, checked.inputs as Props) : (checked.inputs as Props);
    const failures = [...fromConfig, ...outgoingFailures(checked.failures, secretInputs)];
    // Only a resource that passes every rule claims its key: a refused one owns nothing.
    const duplicate = failures.length === 0 && parsed ? this.duplicateKey(r, parsed.stack, parsed.project, urn!, inputs) : undefined;
    if (duplicate) failures.push(duplicate);
    return { inputs: withoutUndefined(inputs), failures };
  }

  private configFailuresFor(apis: readonly QualysApi[]): CheckFailure[] {
    const key = apis.join(",");
    let failures = this.configFailureCache.get(key);
    if (!failures) {
      failures = configFailures({ stack: this.settings, env: this.env }, apis);
      this.configFailureCache.set(key, failures);
    }
    return failures;
  }

  private duplicateKey(r: EngineResource, stack: string, project: string, urn: string, inputs: Props): CheckFailure | undefined {
    const property = r.naturalKey;
    const key = property === undefined ? undefined : inputs[property];
    if (property === undefined || typeof key !== "string") return undefined;
    const type = r.handler.type;
    const held = claimNaturalKey(this.keys, `${stack}::${project}`, type, key, urn);
    return held === undefined ? undefined : { property, reason: duplicateKeyMessage(type, property, key, held, urn) };
  }

  /** The handler's decision, refused when it would send fields an import could not see and the program does not set. */
  diff(r: EngineResource, id: string, olds: Props, news: Props): DiffDecision {
    const handler = handlerOf(r);
    const d = handler.diff(id, withoutUnconfirmed(olds), withoutUnconfirmed(news));
    const refusal = d.changes ? unconfirmedRefusal(handler.type, id, news) : undefined;
    if (refusal) throw surface(refusal);
    return d;
  }

  create(r: EngineResource, inputs: Props): Promise<{ id: string; outs: Props }> {
    return surfaced(async () => {
      const created = await handlerOf(r).create(this.ctx, inputs);
      return { id: created.id, outs: withoutUndefined(created.outs as Props) };
    });
  }

  /** `undefined`: the object is gone. An import's mark of unseen fields survives a refresh. */
  read(r: EngineResource, id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props } | undefined> {
    return surfaced(async () => {
      const found = await handlerOf(r).read(this.ctx, id, withoutUnconfirmed(props));
      if (!found) return undefined;
      return {
        id: found.id,
        props: withoutUndefined(keepUnconfirmed(props, found.props as Props)),
        ...(found.inputs === undefined ? {} : { inputs: withoutUndefined(keepUnconfirmed(props, found.inputs as Props)) }),
      };
    });
  }

  /** Read with only an id (`pulumi import`): see import-read.ts. */
  import(r: EngineResource, id: string): Promise<{ id: string; props: Props; inputs: Props } | undefined> {
    return surfaced(async () => {
      const found = await importRead(r, this.ctx, id);
      return found && { id: found.id, props: withoutUndefined(found.props), inputs: withoutUndefined(found.inputs) };
    });
  }

  /** The same refusal as diff, in case the engine did not diff first. An update that finishes a pending create may leave it pending again. */
  update(r: EngineResource, id: string, olds: Props, news: Props): Promise<Props> {
    return surfaced(async () => {
      const handler = handlerOf(r);
      const refusal = unconfirmedRefusal(handler.type, id, news);
      if (refusal) throw refusal;
      return withoutUndefined((await handler.update(this.ctx, id, withoutUnconfirmed(olds), news)) as Props);
    });
  }

  delete(r: EngineResource, id: string, props: Props): Promise<void> {
    return surfaced(() => handlerOf(r).delete(this.ctx, id, props));
  }
}
