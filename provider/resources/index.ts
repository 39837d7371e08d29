/**
 * Every resource of the package, for the schema generator and docs. Adding a resource = one line here.
 */
import type { z } from "zod";
import { serviceAccountSpec } from "./service-account/schema";
import { nsxAuthRecordSpec } from "./nsx-auth-record/schema";
import { gcpInternalScanJobSpec } from "./gcp-internal-scan-job/schema";
import { targetAccountSpec } from "./target-account/schema";

export interface ResourceSpec {
  /** Class name, e.g. "ServiceAccount"; the state type token is `pulumi-nodejs:dynamic/qualys:<name>`. */
  name: string;
  /** Provider module: `pulumi-qualys/dynamic/<module>`. */
  module: string;
  description: string;
  inputs: z.ZodType;
  /** GcpInternalScanJobOutputs beyond the (normalised) inputs. */
  observed: z.ZodType;
  /** GcpInternalScanJobOutputs that must be secret in state. */
  secretOutputs: string[];
}

export const RESOURCES: ResourceSpec[] = [serviceAccountSpec, targetAccountSpec, gcpInternalScanJobSpec, nsxAuthRecordSpec];
