/**
 * One value per resource: its spec (schemas, module slug, secret inputs, APIs) and its handler, with
 * optional test data. RESOURCES (index.ts) lists these values and nothing else; the native plugin's
 * handler map, the dynamic modules (provider/dynamic/<module>.ts), schema.json, the docs and the
 * cross-resource tests are derived from that list, and registry.test.ts checks the files that cannot be.
 */
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

/** The spec's fields, plus the handler that serves them: callers that read a spec read a definition unchanged. */
export interface ResourceDefinition extends ResourceSpec {
  readonly handler: ResourceHandler<never, never>;
  /** What the resource needs of the engines beyond its handler (engine/handler.ts EngineHooks). */
  readonly hooks?: EngineHooks;
  readonly testKit?: ResourceTestKit;
}

export function defineResource<I, O>(parts: {
  spec: ResourceSpec;
  handler: ResourceHandler<I, O>;
  hooks?: EngineHooks;
  testKit?: ResourceTestKit;
}): ResourceDefinition {
  // The native plugin finds a handler by the name in the type token, the dynamic bridge by the module:
  // a handler filed under another resource's spec would serve the wrong type in one engine only.
  if (parts.handler.type !== parts.spec.name) throw new Error(`resource ${parts.spec.name}: its handler serves ${parts.handler.type}`);
  return {
    ...parts.spec,
    handler: parts.handler as unknown as ResourceHandler<never, never>,
    ...(parts.hooks ? { hooks: parts.hooks } : {}),
    ...(parts.testKit ? { testKit: parts.testKit } : {}),
  };
}
