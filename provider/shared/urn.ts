/**
 * Pulumi resource URNs, read once for every part of the provider that is told one (the native
 * plugin with every call; notices to attribute cleanup reminders; the drift report's state).
 * Format: `urn:pulumi:<stack>::<project>::<[parent-type$]type>::<name>`.
 */

export interface ResourceUrn {
  stack: string;
  project: string;
  /** The resource's own type token (`qualys:index:ServiceAccount`), without its parents' types. */
  type: string;
  /** The name the program gave the resource (it may itself contain `::`). */
  name: string;
}

/** The parts of a URN; `undefined` when `urn` is not one. */
export function parseUrn(urn: string): ResourceUrn | undefined {
  const m = /^urn:pulumi:([^:]+)::([^:]+)::([^:]+(?::[^:]+)*?)::(.*)$/s.exec(urn);
  if (!m) return undefined;
  return { stack: m[1], project: m[2], type: m[3].split("$").pop() ?? "", name: m[4] };
}
