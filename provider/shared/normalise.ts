/**
 * Normalisation rules, in one place, so that what `check` stores is what Qualys stores and a
 * refresh right after `up` shows no change.
 */

/**
 * Lists that are sets have two canonical forms, chosen per resource, and both live here:
 *  - `canonicalSet` dedupes and sorts: for lists Qualys stores in its own order (regions, IPs, tags
 *    of the Flexscan and NSX resources), so state matches what a read returns;
 *  - `dedupe` drops repeats and keeps the program's order: for lists the GCP scan job keeps as
 *    written (scanners, tags, resource ids, weekdays), so state and the request show that order.
 * Either way, comparison ignores order and repeats: `setEqual`, or `setwiseEqual` for resources
 * whose lists all mean sets.
 */
export function canonicalSet(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

/** A string set as Qualys stores it (regions, scan and resource types): lowercase, deduped, sorted. */
export function canonicalLowercaseSet(values: readonly string[]): string[] {
  return canonicalSet(values.map((s) => s.toLowerCase()));
}

/** Drop repeats, first occurrence wins, order kept (see canonicalSet). */
export function dedupe<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

/** Two lists equal as sets (order and duplicates ignored); a missing list is an empty one. */
export function setEqual(a: readonly string[] | undefined | null, b: readonly string[] | undefined | null): boolean {
  return setwiseEqual(a ?? [], b ?? []);
}

/**
 * Structural equality in which EVERY list, at any depth, is a set (order and duplicates ignored) and
 * an undefined property is the same as a missing one. For resources whose lists all mean sets
 * (scanners, tag ids, weekdays, recipient groups): Qualys neither keeps nor means an order there.
 * Unlike `canonicalSet`, nothing is rewritten: the comparison alone ignores order.
 */
export function setwiseEqual(a: unknown, b: unknown): boolean {
  return setwiseJson(a) === setwiseJson(b);
}

function setwiseJson(v: unknown): string {
  return JSON.stringify(setwiseCanonical(v)) ?? "undefined";
}

function setwiseCanonical(v: unknown): unknown {
  if (Array.isArray(v)) return [...new Set(v.map((x) => setwiseJson(x)))].sort();
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = setwiseCanonical(x);
    }
    return out;
  }
  return v;
}

/** Structural equality for JSON-like values (state and inputs are plain JSON). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * Qualys lowercases every string list it stores. Lowercase the same way and report which values
 * changed, so `check` can warn ("Team=Platform is stored as team=platform").
 */
export function lowercaseList(values: readonly string[]): { values: string[]; changed: string[] } {
  const changed: string[] = [];
  const out = values.map((v) => {
    const lower = v.toLowerCase();
    if (lower !== v) changed.push(v);
    return lower;
  });
  return { values: out, changed };
}

/**
 * Drop `undefined` at every depth. Normalised values carry explicit `undefined`s (an absent list, a
 * cleared message), and the dynamic-provider host turns results into a protobuf Struct, which
 * refuses `undefined` ("Unexpected struct type"). Absent and undefined mean the same in state.
 */
export function withoutUndefined<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x: unknown) => withoutUndefined(x)) as T;
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = withoutUndefined(x);
    return out as T;
  }
  return v;
}
