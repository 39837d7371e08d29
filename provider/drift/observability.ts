/**
 * What the report may show of a resource's fields, read off the resource definitions (RESOURCES) so
 * that the drift run names no resource:
 * - the inputs Qualys never reports (each definition's `drift.unobservable`, provider/resources/define.ts):
 *   refresh keeps them from state, so a drift run can never see them change. The report lists them per
 *   resource, so that a reader knows what "in sync" does not cover;
 * - the fields that are secret (each spec's secret inputs and outputs), masked whatever the engine sent.
 */
import { RESOURCES, resourceNamed } from "../resources";

/** The unobservable fields a resource of `type` has in its state (top-level key present). */
export function unobservableOf(type: string, inputs: Record<string, unknown>): string[] {
  const unobservable = resourceNamed(type)?.drift.unobservable ?? [];
  return unobservable.filter((path) => inputs[path.split(".")[0]] !== undefined);
}

/** Every input or output a definition declares secret (the NSX password and its hash), of any type. */
export const SECRET_FIELDS: ReadonlySet<string> = new Set(RESOURCES.flatMap((r) => [...(r.secretInputs ?? []), ...r.secretOutputs]));
