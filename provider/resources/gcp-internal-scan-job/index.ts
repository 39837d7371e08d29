import { canonicalId } from "../../clients/xml/documents";
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
  drift: {
    // The schedule list holds every kind of scheduled scan; the GCP internal scan jobs are those with
    // a GCP cloud provider and an internal scan type (the VM/PC schedule scan list notes' CLOUD_DETAILS).
    inventory: async (clients) =>
      (await clients.scheduleScans.list({ showCloudDetails: true }, "list scheduled scans (drift run)")).scans
        .filter((s) => s.CLOUD_DETAILS?.PROVIDER?.trim().toUpperCase() === "GCP" && /internal/i.test(s.CLOUD_DETAILS?.SCAN_TYPE ?? ""))
        .map((s) => ({ id: s.ID, naturalKey: s.TITLE ?? "" })),
    canonicalId,
    // Not the handler's importUnreported (["notifications"]), which names what an import warns it
    // could not see. Refresh keeps more from state: the list shows scanner names, not ids, so a state
    // with `scannerIds` keeps them (an import writes `scannerNames` instead, nothing unseen); `module`
    // has one allowed value, never read back. The rest is what mapping/read.ts `fromScheduleScan`
    // names as not observable (an import does not see cloudResourceIds or the recurrence either,
    // though its warning names only notifications). Tag ids and the option profile id are left out:
    // refresh compares part of them (which tag lists are set; the profile id when the list shows one).
    unobservable: ["scannerIds", "cloudResourceIds", "module", "notifications", "schedule.recurrence"],
  },
});
