/**
 * Diff decisions shared by every resource: which properties changed, whether the change forces a
 * replacement, and whether the old object must go first.
 */
import { deepEqual, setEqual, setwiseEqual } from "./normalise";

export interface DiffSpec {
  /** Properties whose change needs a new object. */
  replaceOn: readonly string[];
  /** List properties compared as sets. */
  sets: readonly string[];
  /** Properties that never cause a diff (behaviour switches like `adopt`). */
  ignore?: readonly string[];
  /** Every list at any depth is a set (resources whose lists all mean sets); `sets` is then moot. */
  allListsAreSets?: boolean;
  /**
   * Replacement that depends on the values, not only on which property changed (e.g. a one-shot
   * job is replaced whatever changed). Its `replaces` are added to those of `replaceOn`, and its
   * `reasons` say why, for the user.
   */
  replacement?: (
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
    changed: string[],
  ) => { replaces: string[]; reasons: string[] };
}

export interface DiffDecision {
  changes: boolean;
  replaces: string[];
  stables: string[];
  /** Every changed property, for `detailedDiff`-style messages and tests. */
  changed: string[];
  deleteBeforeReplace: boolean;
  /** Why the object is replaced, when the resource's policy says (shown to the user). */
  reasons?: string[];
}

export function diffInputs(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  spec: DiffSpec,
  opts: { deleteBeforeReplace?: (changed: string[]) => boolean } = {},
): DiffDecision {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)].filter((k) => k !== "__provider"));
  const changed: string[] = [];
  for (const k of keys) {
    if (spec.ignore?.includes(k)) continue;
    const a = olds[k];
    const b = news[k];
    const same = spec.allListsAreSets
      ? setwiseEqual(a, b)
      : spec.sets.includes(k) && (Array.isArray(a) || Array.isArray(b)) && (a === undefined) === (b === undefined)
        ? setEqual(a as string[] | undefined, b as string[] | undefined)
        : deepEqual(a, b);
    if (!same) changed.push(k);
  }
  changed.sort();
  const policy = changed.length > 0 ? spec.replacement?.(olds, news, changed) : undefined;
  const replaces = [...new Set([...changed.filter((k) => spec.replaceOn.includes(k)), ...(policy?.replaces ?? [])])].sort();
  const stables = spec.replaceOn.filter((k) => !changed.includes(k));
  return {
    changes: changed.length > 0,
    replaces,
    stables,
    changed,
    deleteBeforeReplace: replaces.length > 0 && (opts.deleteBeforeReplace?.(changed) ?? false),
    ...(policy && policy.reasons.length > 0 ? { reasons: policy.reasons } : {}),
  };
}
