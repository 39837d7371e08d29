/**
 * The resource registry: every resource of the package, once (see spec.ts for what is derived from
 * it and what registry.test.ts checks against it). Adding a resource = one line here.
 */
import type { ResourceSpec } from "./spec";
import { serviceAccountSpec } from "./service-account/schema";
import { nsxAuthRecordSpec } from "./nsx-auth-record/schema";
import { gcpInternalScanJobSpec } from "./gcp-internal-scan-job/schema";
import { targetAccountSpec } from "./target-account/schema";

export { observedKeys, type ResourceSpec } from "./spec";

export const RESOURCES: ResourceSpec[] = [serviceAccountSpec, targetAccountSpec, gcpInternalScanJobSpec, nsxAuthRecordSpec];
