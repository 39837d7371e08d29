/**
 * What every generated resource class (sdk/nodejs/<module>.ts) does in its constructor, from the
 * facts the generator wrote into it (read off the resource's definition, provider/resources): the
 * props the engine is given and the options it registers with.
 *
 * The facts are written into the class rather than read from the definition here, so the SDK's
 * published declarations name no zod type and a program loads no handler before the engine asks.
 */
import * as pulumi from "@pulumi/pulumi";
import { ownerHint, withOwnedKey } from "./ownership";

/** One resource as its SDK class needs it. */
export interface SdkResource {
  /** Class name (the state type token's last part). */
  name: string;
  /** Every property, inputs then observed outputs: each gets an Output even when the program leaves it out. */
  properties: readonly string[];
  /** Inputs that are secrets: wrapped in `pulumi.secret` so the copy of the inputs in state is encrypted even when given in clear. */
  secretInputs: readonly string[];
  /** Outputs that must be secret in state (`additionalSecretOutputs`). */
  secretOutputs: readonly string[];
  /** The input naming the Qualys object: a second resource of the stack with the same value fails at registration. */
  naturalKey?: string;
  /** The class sends `ownerHint` (`project/stack/name`), which the provider writes beside the owner marker. */
  sendsOwnerHint: boolean;
}

export function resourceInputs(
  r: SdkResource,
  name: string,
  args: object,
  opts: pulumi.CustomResourceOptions | undefined,
): { props: Record<string, unknown>; opts: pulumi.CustomResourceOptions | undefined } {
  const props: Record<string, unknown> = { ...args };
  for (const k of r.secretInputs) if (props[k] !== undefined) props[k] = pulumi.secret(props[k]);
  // An undefined value is not sent to the engine (a left-out input stays left out, e.g. a tag list
  // that inherits the parent's), but its key makes the engine fill the Output from the provider's answer.
  for (const k of r.properties) if (!(k in props)) props[k] = undefined;
  if (r.sendsOwnerHint) props.ownerHint = ownerHint(name);
  const secretOutputs = [...new Set([...(opts?.additionalSecretOutputs ?? []), ...r.secretOutputs])];
  return {
    props: withOwnedKey(r, name, props),
    opts: secretOutputs.length > 0 ? { ...opts, additionalSecretOutputs: secretOutputs } : opts,
  };
}
