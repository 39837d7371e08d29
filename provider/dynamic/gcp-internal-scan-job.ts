/**
 * `require("pulumi-qualys/dynamic/gcp-internal-scan-job")`: the GcpInternalScanJob dynamic provider.
 * This module *is* the provider object, so Pulumi serialises it as a one-line require (DESIGN §2).
 */
import { gcpInternalScanJobHandler } from "../resources/gcp-internal-scan-job/handler";
import { gcpInternalScanJobSpec } from "../resources/gcp-internal-scan-job/schema";
import { dynamicProvider } from "../shared/dynamic";

export = dynamicProvider(gcpInternalScanJobHandler, gcpInternalScanJobSpec);
