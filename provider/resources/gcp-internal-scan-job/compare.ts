/**
 * Semantic comparison of GcpInternalScanJob inputs, shared by the replacement rule (schema.ts), the
 * update minimisation and the read merge (mapping.ts).
 *
 * Every list in this resource's inputs is a set (scanners, resource ids, tag include/exclude,
 * weekdays, recipient groups): Qualys neither keeps nor means an order. So lists compare as sets,
 * and a reordered list is not a change. `undefined` properties compare equal to missing ones.
 */
import type { Inputs } from "./schema";

/** Structural equality; arrays as sets; undefined = absent. */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** Top-level properties whose values differ semantically, in a stable order. */
export function changedProperties(olds: Inputs, news: Inputs): Array<keyof Inputs> {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)] as Array<keyof Inputs>);
  return [...keys].filter((k) => !sameValue(olds[k], news[k])).sort();
}

function canonicalJson(v: unknown): string {
  return JSON.stringify(canonical(v)) ?? "undefined";
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = [...new Set(v.map((x) => canonicalJson(x)))].sort();
    return items;
  }
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = canonical(x);
    }
    return out;
  }
  return v;
}
