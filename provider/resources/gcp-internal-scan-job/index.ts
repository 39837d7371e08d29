import { defineResource } from "../define";
import { gcpInternalScanJobHandler } from "./handler";
import { gcpInternalScanJobSpec } from "./schema";

export const gcpInternalScanJob = defineResource({
  spec: gcpInternalScanJobSpec,
  handler: gcpInternalScanJobHandler,
  testKit: {
    sampleInputs: (unique) => ({
      title: `GCP ${unique}`,
      connectorName: "gcp-prod-connector",
      optionProfileTitle: "Qualys Recommended Option Profile",
      scannerNames: ["RM_GCP_SCANNER"],
      schedule: { type: "daily", frequencyDays: 1, startHour: 22, startMinute: 30, timeZoneCode: "US-CA" },
    }),
  },
});
