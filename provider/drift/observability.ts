/**
 * The inputs Qualys never reports, per resource type: refresh keeps them from state (each
 * resource's mapping says so: service-account/mapping.ts, target-account/mapping.ts,
 * nsx-auth-record/mapping.ts, gcp-internal-scan-job/mapping/read.ts `fromScheduleScan`), so a drift
 * run can never see them change. The report lists them per resource, so that a reader knows what
 * "in sync" does not cover.
 */
const ACCOUNT_SETTINGS = ["scanInterval", "resourceTypes", "vmScanTypes", "mustHaveTags", "atLeastOneTag", "noneOfTheTag"];

export const UNOBSERVABLE: Readonly<Record<string, readonly string[]>> = {
  ServiceAccount: ACCOUNT_SETTINGS,
  TargetAccount: ACCOUNT_SETTINGS,
  NsxAuthRecord: ["password"],
  GcpInternalScanJob: ["scannerIds", "cloudResourceIds", "module", "notifications", "schedule.recurrence"],
};

/** The unobservable fields a resource of `type` has in its state (top-level key present). */
export function unobservableOf(type: string, inputs: Record<string, unknown>): string[] {
  return (UNOBSERVABLE[type] ?? []).filter((path) => inputs[path.split(".")[0]] !== undefined);
}
