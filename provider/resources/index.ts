/**
 * The resource registry: every resource of the package, once, as the value its folder's index.ts
 * defines (define.ts). Everything else is derived from this list or checked against it by
 * registry.test.ts. Adding a resource = its folder, and one line here.
 */
import type { ResourceDefinition } from "./define";
import { gcpInternalScanJob } from "./gcp-internal-scan-job";
import { nsxAuthRecord } from "./nsx-auth-record";
import { serviceAccount } from "./service-account";
import { targetAccount } from "./target-account";

export { observedKeys, type ResourceSpec } from "./spec";
export { defineResource, type ResourceDefinition, type ResourceTestKit } from "./define";

export const RESOURCES: readonly ResourceDefinition[] = [serviceAccount, targetAccount, gcpInternalScanJob, nsxAuthRecord];

/** The definition of the resource named `name` (a type token's last part), as both engines and the drift report look it up. */
export function resourceNamed(name: string): ResourceDefinition | undefined {
  return RESOURCES.find((r) => r.name === name);
}
