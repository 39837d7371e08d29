/**
 * GCP internal scan jobs (Policy Audit 1.11 release notes, GCP internal scan job API):
 * `/api/3.0/fo/scan/cloud/internal/job/` with `action=create|update`, answered with a SIMPLE_RETURN
 * whose ITEM `ID` is the schedule id. The job API has no list or delete of its own: a job is a scan
 * schedule, so reading it back and deleting it go through the schedule-scan API
 * (`schedule-scans.ts`, which owns that endpoint).
 *
 * Version: the notes' EOS/EOL table retires the job API's 2.0 endpoint (EOS November 2026, EOL May
 * 2027); 3.0 is the current one.
 */
import type { XmlClient, XmlParams } from "./xml/client";

export const GCP_SCAN_JOB_PATH = "/api/3.0/fo/scan/cloud/internal/job/";

export class GcpScanJobsApi {
  constructor(private readonly xml: XmlClient) {}

  /** action=create; the schedule id the SIMPLE_RETURN names, canonical ("" when it names none: the caller decides). */
  async create(params: XmlParams, operation = "GCP internal scan job create"): Promise<string> {
    const r = await this.xml.postSimple(GCP_SCAN_JOB_PATH, { action: "create", ...params }, { operation });
    return r.items.ID ?? "";
  }

  /** action=update of one job with the given parameters (only what changes, plus what the API requires). */
  async update(id: string, params: XmlParams, operation = "GCP internal scan job update"): Promise<void> {
    await this.xml.postSimple(GCP_SCAN_JOB_PATH, { action: "update", id, ...params }, { operation });
  }
}
