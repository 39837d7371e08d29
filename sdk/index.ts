/** pulumi-qualys: Qualys resources and data for Pulumi programs. */
export { ServiceAccount, type ServiceAccountArgs, type CleanupReminder } from "./service-account";
