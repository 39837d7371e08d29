import { canonicalId } from "../../clients/xml/documents";
import { defineResource, removableObjects, type ResourceDriftHooks, type ResourceTestKit } from "../define";
import { gcpInternalScanJobHandler } from "./handler";
import { gcpInternalScanJobSpec, type GcpInternalScanJobInputs } from "./schema";

const sampleInputs = (unique: string) => ({
  title: `GCP ${unique}`,
  connectorName: "gcp-prod-connector",
  optionProfileTitle: "Qualys Recommended Option Profile",
  scannerNames: ["RM_GCP_SCANNER"],
  schedule: { type: "daily", frequencyDays: 1, startHour: 22, startMinute: 30, timeZoneCode: "US-CA" },
});

/** How the cross-resource tests exercise the resource (define.ts ResourceTestKit). */
const testKit: ResourceTestKit = {
  sampleInputs,
  arrange: async () => {},
  objects: (tenant) => {
    const slice = tenant.dump().scanJobs as { jobs: Map<string, { title: string }> } | undefined;
    return removableObjects([...(slice?.jobs.entries() ?? [])].map(([id, j]) => ({ id: String(id), key: j.title })));
  },
  discoveredByQualys: false,
  createCall: { path: "/fo/scan/cloud/internal/job/", action: "create" },
  // Another job with the same title, made as any stack would make it.
  foreign: async (q, unique) => {
    const r = gcpInternalScanJobHandler.check({}, sampleInputs(unique));
    if (r.failures.length > 0) throw new Error(`sample inputs refused: ${JSON.stringify(r.failures)}`);
    return (await gcpInternalScanJobHandler.create(q.ctx, r.inputs as GcpInternalScanJobInputs)).id;
  },
  // Titles are not unique for scan jobs: a same-titled job outside the stack is left alone, and the
  // create makes (and keeps) its own.
  foreignRefusal: undefined,
  outOfBandChange: (id) => ({ path: `scan-jobs/${id}`, body: { schedule: { startHour: 3 } }, drifts: ["schedule"] }),
  deleteCall: { path: "/fo/schedule/scan/", action: "delete", sends: 1, unconfirmedWarning: undefined },
};

/** What the drift run reads of the resource (define.ts ResourceDriftHooks). */
const drift: ResourceDriftHooks = {
  // The schedule list holds every kind of scheduled scan; the GCP internal scan jobs are those with
  // a GCP cloud provider and an internal scan type (the VM/PC schedule scan list notes' CLOUD_DETAILS).
  inventory: async (clients) =>
    (await clients.scheduleScans.list({ showCloudDetails: true }, "list scheduled scans (drift run)")).scans
      .filter((s) => s.CLOUD_DETAILS?.PROVIDER?.trim().toUpperCase() === "GCP" && /internal/i.test(s.CLOUD_DETAILS?.SCAN_TYPE ?? ""))
      .map((s) => ({ id: s.ID, naturalKey: s.TITLE ?? "" })),
  canonicalId,
  // More than the handler's importUnreported (what an import warns it could not see): the list shows
  // scanner names, not ids, so a state with `scannerIds` keeps them (an import writes `scannerNames`
  // instead, nothing unseen), and `module` has one allowed value, never read back. Tag ids and the
  // option profile id are left out: refresh compares part of them (which tag lists are set; the
  // profile id when the list shows one).
  unobservable: ["scannerIds", "cloudResourceIds", "module", "notifications", "schedule.recurrence"],
};

export const gcpInternalScanJob = defineResource({
  spec: gcpInternalScanJobSpec,
  handler: gcpInternalScanJobHandler,
  summary: {
    manages: "an internal scan job of GCP Compute Engine instances",
    qualysApi: "Policy Audit 1.11 release notes, Scans API (GCP instance-based scans); VM/PC schedule scan list API",
  },
  testKit,
  drift,
});
