/**
 * `require("pulumi-qualys/dynamic/gcp-internal-scan-job")`: the GcpInternalScanJob dynamic provider.
 * This module *is* the provider object, so Pulumi serialises it as a one-line require: state written
 * by every version holds this path, so it must not move.
 */
import { gcpInternalScanJob } from "../resources/gcp-internal-scan-job";
import { dynamicProvider } from "../shared/dynamic";

export = dynamicProvider(gcpInternalScanJob);
