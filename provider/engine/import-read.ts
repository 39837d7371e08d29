/**
 * Read with only an id: what `pulumi import` asks of the native plugin (its Read gets neither
 * properties nor inputs). Written against the handler and the definition only, like the rest of the
 * engine core (core.ts).
 */
import { IMPORT_UNCONFIRMED, unconfirmedAtImport } from "../shared/import-guard";
import { warn, withNoticeSink } from "../shared/notices";
import type { EngineResource, HandlerContext, ResourceHandler } from "./handler";

type Props = Record<string, unknown>;

/**
 * Import: Read with only an id. The handler reads what Qualys reports. Some inputs Qualys never
 * reports (`importUnreported`: a ServiceAccount's scanInterval, vmScanTypes and tag filters, a
 * TargetAccount's tag lists, an NSX password, a scan job's notifications): the warning names every
 * one of them. They are left out of the imported inputs (so `pulumi import` does not write a value it
 * never saw into the generated program); the outputs get what `check` fills for them, so the preview
 * right after shows no change. Where an update would send them anyway (`updateSendsUnreported`),
 * the import marks them not seen (shared/import-guard.ts): an update is refused, naming them, until
 * the program sets them. What check cannot do without (a write-only secret input: the NSX password)
 * is named too, with the definition's advice (`hooks.importAdvice`) on how to set it.
 */
export async function importRead(
  resource: EngineResource,
  ctx: HandlerContext,
  id: string,
): Promise<{ id: string; props: Props; inputs: Props } | undefined> {
  const handler = resource.handler as unknown as ResourceHandler<unknown, unknown>;
  // The handler's own read notices compare Qualys with the previous state, and there is none yet.
  const r = await withNoticeSink(
    () => undefined,
    () => handler.read(ctx, id, {}),
  );
  if (!r) return undefined;
  const readInputs = (r.inputs ?? {}) as Props;
  const props = { ...(r.props as Props) };
  const inputs = { ...readInputs };
  const checked = handler.check({}, readInputs);
  const missing = checked.failures.map((f) => `${f.property}: ${f.reason}`);
  // A secret input Qualys never reports is one `check` requires: the "cannot be read back" line names it.
  const secret = new Set(resource.secretInputs ?? []);
  const unreported = [...(handler.importUnreported ?? [])].sort();
  if (checked.failures.length === 0) {
    const full = checked.inputs as Props;
    // Outputs as the next update would see them, so an unchanged program previews with no change.
    for (const k of handler.diff(r.id, props, full).changed) if (readInputs[k] === undefined && full[k] !== undefined) props[k] = full[k];
  }
  const unconfirmed = unconfirmedAtImport(handler);
  if (unconfirmed.length > 0) {
    props[IMPORT_UNCONFIRMED] = unconfirmed;
    inputs[IMPORT_UNCONFIRMED] = unconfirmed;
  }
  const lines: string[] = [];
  const them = (n: number, many: string, one: string) => (n > 1 ? many : one);
  const fields = unreported.filter((k) => !secret.has(k));
  if (fields.length > 0) {
    lines.push(
      `${handler.type} ${r.id}: Qualys does not report ${fields.join(", ")}, so the import could not see ${them(fields.length, "their", "its")} live value and left ${them(fields.length, "them", "it")} out of the imported inputs. ` +
        (unconfirmed.length > 0
          ? `An update sends ${them(fields.length, "them", "it")} whatever the program says, so until the program sets ${fields.join(", ")} to the live value${them(fields.length, "s", "")}, any update of it is refused (nothing is sent).`
          : `An update leaves ${them(fields.length, "them", "it")} as ${them(fields.length, "they are", "it is")} in Qualys unless the program changes ${them(fields.length, "them", "it")}.`),
    );
  }
  if (missing.length > 0) {
    const advice = resource.hooks?.importAdvice?.(checked.failures) ?? "Set these in the program before the next `pulumi up`.";
    lines.push(`${handler.type} ${r.id}: cannot be read back from Qualys: ${missing.join("; ")}. ${advice}`);
  }
  for (const line of lines) warn(line);
  return { id: r.id, props, inputs };
}
