/**
 * One owner per Qualys object, program side (docs/failure-model.md, "Ownership"): the resource
 * classes register their natural key (an NSX title, an account id) here, and a second resource of the
 * same stack with the same key fails its registration, so `preview` stops before any API call and
 * names both resources. It has to happen in the program: the dynamic provider's `check` is not told
 * which resource it checks (no URN), so it cannot see two of them.
 */
import * as pulumi from "@pulumi/pulumi";
import { claimNaturalKey, duplicateKeyMessage, ownerHintOf, type NaturalKeyRegistry } from "../shared/ownership";

/** Per process; keyed by stack, since one process may run several programs (the Automation API). */
const registry: NaturalKeyRegistry = new Map();

/**
 * The props of a resource, with its natural key replaced by one that fails when another resource of
 * this stack already has it. The key may be an Output: it is checked once known (a key that is only
 * known at `up` is checked at `up`, still before this resource's create).
 */
export function withOwnedKey(
  spec: { name: string; naturalKey?: string },
  name: string,
  props: Record<string, unknown>,
): Record<string, unknown> {
  const property = spec.naturalKey;
  if (property === undefined || props[property] === undefined) return props;
  const scope = `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`;
  const key = pulumi.output(props[property]).apply((v) => {
    if (typeof v !== "string") return v;
    const held = claimNaturalKey(registry, scope, spec.name, v, name);
    // RunError: the CLI prints the message alone, without the program's stack trace.
    if (held !== undefined)
      throw new pulumi.RunError(duplicateKeyMessage(spec.name, property, v, JSON.stringify(held), JSON.stringify(name)));
    return v;
  });
  return { ...props, [property]: key };
}

/** The informative half of an owner marker: which resource of which stack made the object (never trusted). */
export function ownerHint(name: string): string {
  return ownerHintOf({ project: pulumi.getProject(), stack: pulumi.getStack(), name });
}
