import { defineResource } from "../define";
import { gcpInternalScanJobHandler } from "./handler";
import { gcpInternalScanJobSpec } from "./schema";
import { gcpInternalScanJobTestKit } from "./test-kit";

export const gcpInternalScanJob = defineResource({
  spec: gcpInternalScanJobSpec,
  handler: gcpInternalScanJobHandler,
  summary: {
    manages: "an internal scan job of GCP Compute Engine instances",
    qualysApi: "Policy Audit 1.11 release notes, Scans API (GCP instance-based scans); VM/PC schedule scan list API",
  },
  testKit: gcpInternalScanJobTestKit,
});
