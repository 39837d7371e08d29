/**
 * The contract between a resource and the engines that serve it (the dynamic bridge,
 * provider/engine/dynamic.ts, and the native plugin, provider/native/server.ts). A resource's
 * handler implements `ResourceHandler`; its definition (provider/resources/define.ts) is an
 * `EngineResource`. Nothing here knows an engine's wire format or a particular resource.
 */
import type { QualysClients } from "../clients";
import type { QualysApi } from "../errors";
import type { CheckFailure } from "../shared/check";
import type { DiffDecision } from "../shared/diff";
import type { ResourceUrn } from "../shared/urn";

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

/** Any resource's handler, as an engine holds it (it never looks inside inputs or outputs). */
export type AnyHandler = ResourceHandler<never, never>;

/**
 * What a resource may ask of an engine beyond its handler. Resource-specific behaviour lives here,
 * on the definition, so that no engine ever tests a resource's name.
 */
export interface EngineHooks {
  /**
   * Inputs filled from the resource's URN when the program did not send them. Only the native plugin
   * is told the URN; the TypeScript SDK sets the same inputs itself (it knows the resource's name).
   */
  inputsFromUrn?(urn: ResourceUrn): Record<string, unknown>;
  /**
   * How to set what an import could not read back (`failures`: the handler's check of the imported
   * inputs; a write-only secret is one): the sentence the import warning ends with, when the
   * generic "set these in the program" is not enough.
   */
  importAdvice?(failures: readonly CheckFailure[]): string | undefined;
}

/** What an engine needs to serve a resource: its handler and what the definition says about it (provider/resources/spec.ts). */
export interface EngineResource<I = never, O = never> {
  readonly handler: ResourceHandler<I, O>;
  /** The Qualys APIs the resource calls: `check` requires their URLs to be configured. */
  readonly apis?: readonly QualysApi[];
  /** Top-level inputs that are secrets: registered for redaction at check, never named by a failure. */
  readonly secretInputs?: readonly string[];
  /** Properties marked secret in what an engine that can mark them hands back. */
  readonly secretOutputs?: readonly string[];
  /** The input naming the Qualys object: a second resource of a stack with the same value is refused at check. */
  readonly naturalKey?: string;
  readonly hooks?: EngineHooks;
}
