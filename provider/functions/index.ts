/**
 * The read-only functions: the one list. A function is added by adding it to its group's
 * `defineGroup` (provider/functions/<group>.ts); the SDK's `getX`/`getXOutput`, the native plugin's
 * Invoke, schema.json, the docs pages and the TSDoc all read this list.
 */
import { CLOUDVIEW } from "./cloudview";
import type { AnyFunctionDefinition, FunctionGroup } from "./define";
import { FLEXSCAN } from "./flexscan";
import { POLICY } from "./policy";
import { QFLOW } from "./qflow";
import { SCHEDULED_SCANS } from "./schedule-scans";

/** Every function, by name (the SDK's wrappers keep each one's types). */
export const FUNCTIONS_BY_NAME = { ...FLEXSCAN, ...QFLOW, ...CLOUDVIEW, ...POLICY, ...SCHEDULED_SCANS };

/** Every function, in docs order. */
export const FUNCTIONS: readonly AnyFunctionDefinition[] = Object.values(FUNCTIONS_BY_NAME);

/** A function by name (Invoke's token), or undefined. */
export function functionNamed(name: string): AnyFunctionDefinition | undefined {
  return Object.hasOwn(FUNCTIONS_BY_NAME, name) ? (FUNCTIONS_BY_NAME as Record<string, AnyFunctionDefinition>)[name] : undefined;
}

/** The docs page and title of each group. */
export const FUNCTION_GROUPS: Record<FunctionGroup, { page: string; title: string }> = {
  flexscan: { page: "functions-flexscan.md", title: "Flexscan" },
  qflow: { page: "functions-qflow.md", title: "QFlow" },
  cloudview: { page: "functions-cloudview.md", title: "CloudView" },
  "policy-compliance": { page: "functions-policy-compliance.md", title: "Policy Compliance" },
  "scheduled-scans": { page: "functions-scheduled-scans.md", title: "Scheduled scans" },
};

export { connectorFilterQuery, connectorSortQuery } from "./cloudview";
export type { PolicyList } from "./policy";
export * from "./define";
