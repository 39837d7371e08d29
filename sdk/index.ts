/** pulumi-qualys: Qualys resources and data for Pulumi programs. */
export { ServiceAccount, type ServiceAccountArgs, type CleanupReminder } from "./service-account";
export { NsxAuthRecord, type NsxAuthRecordArgs } from "./nsx-auth-record";
export { TargetAccount, type TargetAccountArgs } from "./target-account";
export { GcpInternalScanJob, type GcpInternalScanJobArgs } from "./gcp-internal-scan-job";
export * from "./functions";
