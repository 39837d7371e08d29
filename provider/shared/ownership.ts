/**
 * Who owns a Qualys object (docs/failure-model.md, "Ownership"): one resource of one stack.
 *
 * Two tools, one home:
 *
 *  - The OWNER MARKER of an NSX record: a random 128-bit nonce minted by the resource's `check` the
 *    first time it sees the resource, and carried over from the old inputs on every later run, so it
 *    is stable once created and known before any create call (a pending create keeps it in state).
 *    It cannot be computed from names, so two stacks with the same project and stack names (two
 *    backends, two organisations) never share one. Qualys keeps it at the end of the record's
 *    comments as `[pulumi:<32 hex> <hint>]`; the hint (`project/stack/name`) is informative only,
 *    for messages that name the owner, never trusted. Records made by earlier versions carry the old
 *    deterministic form `[pulumi:<16 hex>]`: it stays recognised as theirs, because the stacks that
 *    made them keep that value in state.
 *
 *  - NATURAL KEYS: the field that names a Qualys object (an NSX title, a scan-job title, an account
 *    id). Two resources of one stack with the same key would both own one object; `claimNaturalKey`
 *    refuses the second before any call (the TypeScript SDK per program, the native plugin per
 *    Check). Each resource says what its key is (`naturalKey` on its spec).
 */
import { randomBytes } from "node:crypto";

/** A nonce as the provider mints it (32 hex digits), or the old deterministic marker (16 hex digits). */
export const OWNER_MARKER_PATTERN = /^(?:[0-9a-f]{32}|[0-9a-f]{16})$/;

/** The longest hint kept in Qualys: enough for `project/stack/name`, short enough for the comments field. */
export const OWNER_HINT_MAX = 80;

/** A new random owner marker: 128 bits, hex. */
export function mintOwnerMarker(): string {
  return randomBytes(16).toString("hex");
}

/**
 * The hint as it is stored: one line, no `]` (it ends the marker), at most OWNER_HINT_MAX characters.
 * Informative only: anyone can write any hint.
 */
export function cleanOwnerHint(hint: string | undefined): string | undefined {
  if (hint === undefined) return undefined;
  // eslint-disable-next-line no-control-regex
  const s = hint.replace(/[\u0000-\u001f\u007f\][]/g, "").trim();
  return s === "" ? undefined : s.slice(0, OWNER_HINT_MAX);
}

/** The hint of a resource: `project/stack/name` (the TypeScript SDK and the native plugin's URN hook both write this). */
export function ownerHintOf(r: { project: string; stack: string; name: string }): string {
  return `${r.project}/${r.stack}/${r.name}`;
}

/** The marker text kept at the end of a free-text field. */
export function formatOwnerMarker(marker: string, hint?: string): string {
  const h = cleanOwnerHint(hint);
  return h === undefined ? `[pulumi:${marker}]` : `[pulumi:${marker} ${h}]`;
}

/** `[pulumi:<16|32 hex>]` or `[pulumi:<32 hex> <hint>]` at the very end, after an optional space. */
const MARKER_SUFFIX = / ?\[pulumi:([0-9a-f]{32}|[0-9a-f]{16})(?: ([^\]\n]{1,80}))?\]$/;

/** The user's text and the owner marker, out of what Qualys stores in a free-text field. */
export function splitOwnerMarker(stored: string | undefined): { text?: string; marker?: { nonce: string; hint?: string } } {
  if (stored === undefined) return {};
  const m = MARKER_SUFFIX.exec(stored);
  if (!m) return { text: stored };
  // Only the 32-digit form carries a hint; a 16-digit marker followed by text is not one of ours.
  if (m[1].length === 16 && m[2] !== undefined) return { text: stored };
  const rest = stored.slice(0, m.index);
  return { text: rest === "" ? undefined : rest, marker: m[2] === undefined ? { nonce: m[1] } : { nonce: m[1], hint: m[2] } };
}

/**
 * The owner marker at the end of an NSX record's comments, in either form (the old 16-hex one has no
 * hint). `undefined` when the comments end in none. Used by `qualys-drift` to label records made by
 * Pulumi elsewhere.
 */
export function parseOwnerMarker(comments: string | undefined): { hint?: string; nonce: string } | undefined {
  return splitOwnerMarker(comments).marker;
}

/** How a message names the owner of a marker that is not this resource's. */
export function describeOwner(marker: { hint?: string; nonce: string }): string {
  return marker.hint === undefined
    ? `another Pulumi resource (owner marker ${marker.nonce.slice(0, 8)}…)`
    : `another Pulumi resource (it says it is ${JSON.stringify(marker.hint)}; owner marker ${marker.nonce.slice(0, 8)}…)`;
}

/**
 * The marker a resource keeps: the one in its old inputs, else a new one. Called by `check`, the one
 * step that sees the old inputs of every run (a create, an update, a replacement after a pending
 * create). A marker the program itself sends is ignored: it could be copied from someone else's record.
 */
export function ownerMarkerFor(olds: Record<string, unknown>): string {
  const kept = olds.ownerMarker;
  return typeof kept === "string" && OWNER_MARKER_PATTERN.test(kept) ? kept : mintOwnerMarker();
}

/** Which resource holds each natural key, per stack and type: `<scope>\u0000<type>\u0000<key>` → owner. */
export type NaturalKeyRegistry = Map<string, string>;

/**
 * Register `owner` as the one resource with `key`; the owner already registered, when it is another.
 * `scope` separates stacks (one process may run several programs: the Automation API).
 */
export function claimNaturalKey(registry: NaturalKeyRegistry, scope: string, type: string, key: string, owner: string): string | undefined {
  const k = `${scope}\u0000${type}\u0000${key}`;
  const held = registry.get(k);
  if (held !== undefined && held !== owner) return held;
  registry.set(k, owner);
  return undefined;
}

/** The message when two resources of one stack name the same Qualys object. */
export function duplicateKeyMessage(type: string, what: string, key: string, first: string, second: string): string {
  return `${type} ${second}: ${what} ${JSON.stringify(key)} is also the ${what} of ${type} ${first} in this stack. Both would manage the same Qualys object (one would overwrite the other's settings, and deleting one deletes the other's object): give each resource its own ${what}.`;
}
