/**
 * The only conversion between GcpInternalScanJob state and the Qualys API, in two halves:
 * request building (`request.ts`) and reading back (`read.ts`).
 */
export * from "./request";
export * from "./read";
