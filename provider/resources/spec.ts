/**
 * What the package knows about one resource (its `schema.ts` exports it); define.ts joins it to the
 * handler in the one value `index.ts` lists in RESOURCES. Everything else is derived from it or checked
 * against it: schema.json (provider/schema/generate.ts), the TypeScript SDK class and the one-line
 * provider module (provider/schema/sdk-nodejs.ts), the state type token, and — checked by
 * provider/resources/registry.test.ts — package.json `exports`.
 */
import type { z } from "zod";
import type { QualysApi } from "../errors";

export interface ResourceSpec {
  /** Class name, e.g. "ServiceAccount"; the state type token is `pulumi-nodejs:dynamic/qualys:<name>`. */
  name: string;
  /**
   * Slug of the resource's files: provider/resources/<module>/, provider/dynamic/<module>.ts (the
   * module state requires: `pulumi-qualys/dynamic/<module>`) and sdk/nodejs/<module>.ts (both generated).
   */
  module: string;
  /**
   * The Qualys APIs the resource calls. Their URLs must be configured (a platform, or each API's
   * URL setting): `check` refuses the configuration at preview otherwise (config.ts `configProblems`).
   */
  apis: readonly QualysApi[];
  description: string;
  inputs: z.ZodType;
  /** Outputs beyond the (normalised) inputs. */
  observed: z.ZodObject;
  /** Outputs that must be secret in state. */
  secretOutputs: string[];
  /**
   * Inputs the SDK or the native plugin sets, never the program (NSX `ownerMarker`): the handler
   * accepts them, but schema.json leaves them out of the inputs, so generated SDKs and YAML do not
   * offer them.
   */
  internalInputs?: string[];
  /**
   * Top-level inputs whose value is a secret (the NSX password): registered for redaction the moment
   * `check` sees them, and their check failures never name them as a property, because the engine
   * prints a named property's value even when it is secret (shared/check.ts `outgoingFailures`).
   * Both the dynamic bridge and the native server read it from here.
   */
  secretInputs?: readonly string[];
  /**
   * The input that names the Qualys object (an NSX title, an account id): two resources of one stack
   * with the same value would both own one object, so the second is refused before any call (the
   * TypeScript SDK's constructor and the native plugin's Check, shared/ownership.ts).
   */
  naturalKey?: string;
  /**
   * Inputs the TypeScript class does not declare as outputs, because the provider never returns them
   * in clear (the NSX password: state keeps only its salted hash, `passwordHash`).
   */
  writeOnlyInputs?: readonly string[];
}

/**
 * The outputs Qualys reports beside the inputs, read off the observed schema. The SDK class passes
 * each as `undefined` so the engine knows the key and fills it from the provider's answer.
 */
export function observedKeys(spec: Pick<ResourceSpec, "observed">): string[] {
  return Object.keys(spec.observed.shape);
}

/** The input property names, read off the inputs schema (through its transforms and preprocessing). */
export function inputKeys(spec: Pick<ResourceSpec, "inputs">): string[] {
  return objectKeys(spec.inputs);
}

function objectKeys(schema: unknown): string[] {
  const s = schema as { shape?: Record<string, unknown>; in?: unknown; out?: unknown } | undefined;
  if (s?.shape) return Object.keys(s.shape);
  for (const side of [s?.in, s?.out]) {
    const keys = side === undefined ? [] : objectKeys(side);
    if (keys.length > 0) return keys;
  }
  return [];
}
