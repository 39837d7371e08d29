// One weekly GCP internal scan job limited to two instances: the API takes cloud resource ids only
// on update, so the job is created inactive and a follow-up update sets the ids and activates it.
import * as qualys from "pulumi-qualys";

const job = new qualys.GcpInternalScanJob("pending-job", {
  title: "GCP job pending in the e2e",
  connectorName: "gcp-prod-connector",
  optionProfileTitle: "Qualys Recommended Option Profile",
  scannerNames: ["RM_GCP_SCANNER"],
  cloudResourceIds: ["vm-1", "vm-2"],
  schedule: { type: "weekly", frequencyWeeks: 1, weekdays: ["Monday"], startHour: 22, startMinute: 30, timeZoneCode: "US-CA" },
});

export const scheduleId = job.scheduleId;
