/**
 * Read-only Qualys data as functions, each as `getX(args) → Promise` and `getXOutput(args) → Output`.
 * See docs/functions.md.
 */
export * from "./flexscan";
export * from "./qflow";
export * from "./cloudview";
export * from "./policy";
export * from "./schedule-scans";
export { closeQualysFunctionClients, type FunctionOptions, type ListResult, type Plain } from "./invoke";
export { decodeQflowPayload } from "../../provider/clients/qflow-payload";
