/**
 * One value per resource: its spec (schemas, module slug, secret inputs, APIs), its handler and its
 * drift hooks, with optional test data. RESOURCES (index.ts) lists these values and nothing else; the native plugin's
 * handler map, the dynamic modules (provider/dynamic/<module>.ts), schema.json, the docs and the
 * cross-resource tests are derived from that list, and registry.test.ts checks the files that cannot be.
 */
import type { QualysClients } from "../clients";
import type { EngineHooks, ResourceHandler } from "../engine/handler";
import type { ResourceSpec } from "./spec";

/** What cross-resource tests need to exercise a resource without knowing it. */
export interface ResourceTestKit {
  /**
   * Inputs that pass `check` and create the resource against a fresh emulator. `unique` is a short
   * token for the names Qualys requires to be unique within a test.
   */
  sampleInputs(unique: string): Record<string, unknown>;
}

/** One Qualys object of the resource's kind, as the kind's list shows it. */
export interface InventoryItem {
  /** The id as the client parsed it (already canonical: compare it with `canonicalId` of a state's id). */
  id: string;
  /** What identifies it to a person: an account id, a title. */
  naturalKey: string;
  /** The ownership marker the object carries, where the resource writes one (shared/ownership.ts). */
  owner?: { hint?: string; nonce: string };
}

/**
 * What the drift run (`qualys-drift`, provider/drift/) needs of a resource. It iterates RESOURCES and
 * knows no resource by name, so a resource's drift behaviour is declared here or nowhere.
 */
export interface ResourceDriftHooks {
  /**
   * Every object of the kind in the subscription: one list walk (the drift run's budget is one per
   * type per subscription, provider/drift/hooks.test.ts pins it), reads only.
   */
  readonly inventory: (clients: QualysClients) => Promise<InventoryItem[]>;
  /**
   * A state's id in the form `inventory` gives ids (an imported id may be typed "007"). Default:
   * trimmed, which is right for ids whose leading zeros mean something (an AWS account id).
   */
  readonly canonicalId?: (id: string) => string;
  /**
   * Inputs a refresh cannot compare with Qualys: `read` keeps the state's value, so they never drift,
   * and the drift report lists them per resource as `unobservable`. Dotted paths below the top level.
   * Default: the handler's `importUnreported` (the inputs an import warns it could not see): an input
   * Qualys never reports is kept by refresh and unseen by an import alike, one list for both.
   * Declared where refresh keeps more than an import warns about (the GCP scan job: its definition
   * says which, and why).
   */
  readonly unobservable?: readonly string[];
}

/** The spec's fields, plus the handler that serves them: callers that read a spec read a definition unchanged. */
export interface ResourceDefinition extends ResourceSpec {
  readonly handler: ResourceHandler<never, never>;
  /** What the resource needs of the engines beyond its handler (engine/handler.ts EngineHooks). */
  readonly hooks?: EngineHooks;
  readonly testKit?: ResourceTestKit;
  /** The drift hooks with their defaults filled in. */
  readonly drift: Required<ResourceDriftHooks>;
}

export function defineResource<I, O>(parts: {
  spec: ResourceSpec;
  handler: ResourceHandler<I, O>;
  hooks?: EngineHooks;
  testKit?: ResourceTestKit;
  drift: ResourceDriftHooks;
}): ResourceDefinition {
  // The native plugin finds a handler by the name in the type token, the dynamic bridge by the module:
  // a handler filed under another resource's spec would serve the wrong type in one engine only.
  if (parts.handler.type !== parts.spec.name) throw new Error(`resource ${parts.spec.name}: its handler serves ${parts.handler.type}`);
  return {
    ...parts.spec,
    handler: parts.handler as unknown as ResourceHandler<never, never>,
    ...(parts.hooks ? { hooks: parts.hooks } : {}),
    ...(parts.testKit ? { testKit: parts.testKit } : {}),
    drift: {
      inventory: parts.drift.inventory,
      canonicalId: parts.drift.canonicalId ?? ((id) => id.trim()),
      unobservable: parts.drift.unobservable ?? parts.handler.importUnreported ?? [],
    },
  };
}
