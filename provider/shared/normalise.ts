/**
 * Normalisation rules, in one place, so that what `check` stores is what Qualys stores and a
 * refresh right after `up` shows no change.
 */

/**
 * Lists that are sets have two canonical forms, chosen per resource, and both live here:
 *  - `canonicalSet` dedupes and sorts: for lists Qualys stores in its own order (regions, IPs, tags
 *    of the Flexscan and NSX resources), so state matches what a read returns;
 *  - `dedupe` drops repeats and keeps the program's order: for lists Qualys echoes as sent (the GCP
 *    scan job's scanners, tags, resource ids), so state and the request keep the order written.
 * Either way, two lists are compared with `setEqual` / `sameSet`: order and repeats never count.
 */
export function canonicalSet(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

/** Drop repeats, first occurrence wins, order kept (see canonicalSet). */
export function dedupe<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

type SetItem = string | number;

/** Two lists equal as sets (order and duplicates ignored); an absent list counts as empty. */
export function setEqual(a: readonly SetItem[] | undefined | null, b: readonly SetItem[] | undefined | null): boolean {
  const x = new Set(a ?? []);
  const y = new Set(b ?? []);
  return x.size === y.size && [...x].every((v) => y.has(v));
}

/** Two optional lists equal as sets, where absent (undefined or null) equals only absent: [] is a value. */
export function sameSet(a: readonly SetItem[] | undefined | null, b: readonly SetItem[] | undefined | null): boolean {
  return (a == null) === (b == null) && setEqual(a, b);
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
