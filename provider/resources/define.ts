/**
 * One value per resource: its spec (schemas, module slug, secret inputs, APIs), its handler, its row
 * of the docs index, and the test kit the cross-resource tests exercise it with. RESOURCES
 * (index.ts) lists these values and nothing else; the native plugin's handler map, the dynamic
 * modules (provider/dynamic/<module>.ts), schema.json, the docs and the cross-resource tests are
 * derived from that list, and registry.test.ts checks the files that cannot be.
 */
import type { QualysClients } from "../clients";
import type { EngineHooks, HandlerContext, ResourceHandler } from "../engine/handler";
import type { ResourceSpec } from "./spec";

/** An API call of the emulator, as its faults select one: a path (fragment) and the XML API's `action`. */
export interface EmulatorCall {
  path: string;
  action?: string;
}

/**
 * An emulator tenant's state, read in process: each service's slice by its name (the emulator's
 * `Tenant.dump()`). Declared by shape so that the provider needs nothing of the emulator.
 */
export interface TenantState {
  dump(): Record<string, unknown>;
}

/**
 * The Qualys a cross-resource test runs against: the emulator, in process, with clients logged in to
 * it. The kit gets it as a parameter so that its code needs no test helper nor emulator module at run
 * time: production code loads the kit with the definition.
 */
export interface TestQualys {
  /** The tenant the test's clients log in to. */
  tenant: TenantState;
  clients: QualysClients;
  ctx: HandlerContext;
  /** Have Qualys discover `members` under the registered organisation `parent` (an emulator control call). */
  discover(parent: string, members: string[]): Promise<void>;
}

/** The resource's objects in the emulator's tenant, read three ways. */
export interface QualysObjects {
  /** Every object of its kind, by id, with its natural key (two objects with one key are duplicates). */
  all: Array<{ id: string; key: string }>;
  /** The ids of those a create made (a target: the configured ones). */
  made: string[];
  /** The ids of those its delete must end (a target: configured and still scanning). */
  live: string[];
}

/** The objects of a resource that Qualys removes on delete: every one counts as made and, until deleted, live. */
export function removableObjects(all: Array<{ id: string; key: string }>): QualysObjects {
  const ids = all.map((o) => o.id);
  return { all, made: ids, live: ids };
}

/**
 * What cross-resource tests need to exercise a resource without knowing it. Every field is required:
 * a resource without one fails to compile, and a tier never skips it.
 */
export interface ResourceTestKit {
  /**
   * Inputs that pass `check` and create the resource against a fresh emulator once `arrange` ran.
   * `unique` is a short token for the names Qualys requires to be unique within a test.
   */
  sampleInputs(unique: string): Record<string, unknown>;
  /** What must exist in Qualys before the sample create can succeed (a target: its discovering parent). */
  arrange(q: TestQualys): Promise<void>;
  /** The resource's objects in the tenant (what a test counts as made, left, orphaned or duplicated). */
  objects(tenant: TenantState): QualysObjects;
  /**
   * Qualys makes these objects itself (a target, discovered under its parent): one the state does not
   * hold is an orphan only once the stack is destroyed.
   */
  discoveredByQualys: boolean;
  /** The write whose answer a lost create loses: the call that makes the object. */
  createCall: EmulatorCall;
  /**
   * An object made outside the stack with the sample's natural key (`unique` as in `sampleInputs`);
   * its id. The sample create must never take it over.
   */
  foreign(q: TestQualys, unique: string): Promise<string>;
  /**
   * How the sample create refuses the foreign object; `undefined` when Qualys lets two objects share
   * the key (a scan job's title), and the create makes its own.
   */
  foreignRefusal: RegExp | undefined;
  /**
   * A change someone makes to the sample object `id` in Qualys, outside the stack: the body of an
   * emulator control PATCH to `path` (under the tenant's control API, as a Qualys UI change), and the
   * inputs a refresh then reports as drifted.
   */
  outOfBandChange(id: string): { path: string; body: Record<string, unknown>; drifts: string[] };
  /** The write whose answers a lost delete loses, and how often a delete sends it when every answer is lost. */
  deleteCall: EmulatorCall & {
    /** 1 when a read can show the delete done; more when none can (a target's stop-scanning setup). */
    sends: number;
    /** The warning a delete gives when it could not confirm itself (`undefined`: none). */
    unconfirmedWarning: RegExp | undefined;
  };
}

/** The resource's row of docs/index.md (provider/schema/docs.ts writes it). */
export interface ResourceSummary {
  /** What one resource manages in Qualys, as a noun phrase. */
  manages: string;
  /** The Qualys documents its behaviour follows (release notes, API guides). */
  qualysApi: string;
}

/** The spec's fields, plus the handler that serves them: callers that read a spec read a definition unchanged. */
export interface ResourceDefinition extends ResourceSpec {
  readonly handler: ResourceHandler<never, never>;
  /** What the resource needs of the engines beyond its handler (engine/handler.ts EngineHooks). */
  readonly hooks?: EngineHooks;
  readonly summary: ResourceSummary;
  readonly testKit: ResourceTestKit;
}

export function defineResource<I, O>(parts: {
  spec: ResourceSpec;
  handler: ResourceHandler<I, O>;
  hooks?: EngineHooks;
  summary: ResourceSummary;
  testKit: ResourceTestKit;
}): ResourceDefinition {
  // The native plugin finds a handler by the name in the type token, the dynamic bridge by the module:
  // a handler filed under another resource's spec would serve the wrong type in one engine only.
  if (parts.handler.type !== parts.spec.name) throw new Error(`resource ${parts.spec.name}: its handler serves ${parts.handler.type}`);
  return {
    ...parts.spec,
    handler: parts.handler as unknown as ResourceHandler<never, never>,
    ...(parts.hooks ? { hooks: parts.hooks } : {}),
    summary: parts.summary,
    testKit: parts.testKit,
  };
}
