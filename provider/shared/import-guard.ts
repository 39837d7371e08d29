/**
 * Import never changes what it could not see (docs/failure-model.md, "Import").
 *
 * Some inputs Qualys never reports (a ServiceAccount's scan interval and tag filters, a
 * TargetAccount's tag lists, …). An import cannot see their live values, and where an update sends
 * the whole configuration (the Flexscan setup replaces it), the first update after an import would
 * overwrite them with whatever `check` fills in: a default, or for a TargetAccount's left-out tag
 * list, "inherit the parent's". So the import records which of them it could not see
 * (`importUnconfirmed`, in the imported inputs and outputs), `check` drops each one the program
 * writes, and a `diff` or `update` that would send the others is refused with a message naming
 * them. A preview with no change passes; nothing is ever sent for a field the program did not write.
 *
 * One home for both engine-facing servers (the dynamic bridge and the native plugin).
 */
/** The bookkeeping key, in the inputs and outputs of an imported resource until the program has written every field. */
export const IMPORT_UNCONFIRMED = "importUnconfirmed";

type Props = Record<string, unknown>;

function unconfirmedOf(props: Props | undefined): string[] {
  const v = props?.[IMPORT_UNCONFIRMED];
  return Array.isArray(v) ? v.filter((k): k is string => typeof k === "string") : [];
}

/** `props` without the bookkeeping key (what a handler sees). */
export function withoutUnconfirmed<T>(props: T): T {
  const p = props as Props;
  if (p === null || typeof p !== "object" || !(IMPORT_UNCONFIRMED in p)) return props;
  const { [IMPORT_UNCONFIRMED]: _u, ...rest } = p;
  return rest as T;
}

/** The fields an import marks as not seen: only where an update would send them regardless. */
export function unconfirmedAtImport(handler: { importUnreported?: readonly string[]; updateSendsUnreported?: boolean }): string[] {
  return handler.updateSendsUnreported ? [...(handler.importUnreported ?? [])].sort() : [];
}

/** After `check`: the fields still not seen, i.e. marked in the old inputs and not written by the program (`news`). */
export function carryUnconfirmed(olds: Props, news: Props, checked: Props): Props {
  const left = unconfirmedOf(olds).filter((k) => news[k] === undefined);
  return left.length > 0 ? { ...checked, [IMPORT_UNCONFIRMED]: left } : checked;
}

/** After a read: the mark stays until an update clears it (a refresh must not forget it). */
export function keepUnconfirmed(previous: Props, props: Props): Props {
  const left = unconfirmedOf(previous);
  return left.length > 0 ? { ...props, [IMPORT_UNCONFIRMED]: left } : props;
}

/** The refusal of a change that would send fields the import could not see; undefined when none is left. */
export function unconfirmedRefusal(type: string, id: string, news: Props): Error | undefined {
  const left = unconfirmedOf(news);
  if (left.length === 0) return undefined;
  const names = left.join(", ");
  return new Error(
    `${type} ${id} was imported, and Qualys does not report ${names}, so the import could not see ${left.length > 1 ? "their" : "its"} live value. An update sends ${left.length > 1 ? "them" : "it"} whatever the program says, and the program does not set ${left.length > 1 ? "them" : "it"} yet: set ${names} in the program to the value${left.length > 1 ? "s" : ""} the live ${type} should have (for a tag list: \`[]\` = no filtering, \`null\` = inherit the parent's), then run again. Nothing was sent.`,
  );
}
