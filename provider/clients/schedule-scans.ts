/**
 * The VM/PC Schedule Scan API (the VM/PC schedule scan list notes): the schedule list, and deleting a schedule, through the
 * shared XML client and parser (`xml/client.ts`, `xml/documents.ts` `parseScheduleScanList`; no XML
 * parser config of its own). One client for the API's two users: the GCP internal scan job handler
 * (a job is a schedule: it is read back and deleted here) and the getScheduledScans function (the
 * list only, through `clients.readOnly.scheduleScans`).
 *
 * Version: the VM/PC schedule scan list notes shows `/api/2.0/fo/schedule/scan/`, but the Policy Audit 1.11 notes' "Extended EOL Timelines"
 * table retires 2.0, 3.0 and 4.0 of the Schedule Scan API in December 2026 and recommends
 * `/api/5.0/fo/schedule/scan/index.php`; that is the one called. Parameters: `action=list`,
 * `show_cloud_details=1` (cloud details in the output; on by default here), optional `id`
 * (one id or a comma list), `active` (0|1) and `scan_type` (`perimeter`, per the VM/PC schedule scan list notes). The list is
 * not paged by Qualys: one call returns every matching schedule.
 */
import { isQualysError } from "../errors";
import type { XmlClient } from "./xml/client";
import { canonicalId, parseScheduleScanList, type ScheduleScan, type ScheduleScanList } from "./xml/documents";

export const SCHEDULE_SCAN_PATH = "/api/5.0/fo/schedule/scan/";

export interface ScheduleScanListQuery {
  ids?: readonly string[];
  active?: boolean;
  scanType?: string;
  showCloudDetails?: boolean;
}

export class ScheduleScansApi {
  constructor(private readonly xml: XmlClient) {}

  async list(q: ScheduleScanListQuery = {}, operation = "list scheduled scans"): Promise<ScheduleScanList> {
    const body = await this.xml.post(
      SCHEDULE_SCAN_PATH,
      {
        action: "list",
        id: q.ids && q.ids.length > 0 ? q.ids : undefined,
        active: q.active,
        scan_type: q.scanType,
        show_cloud_details: q.showCloudDetails ?? true,
      },
      { operation, idempotent: true },
    );
    return parseScheduleScanList(body, operation);
  }

  /**
   * One schedule as the list shows it (with cloud details unless `showCloudDetails: false`: a caller
   * that only asks whether it is listed), or undefined when the list does not show it. `id` may
   * come from outside (an imported id, "007"): it compares in the parser's canonical form, which
   * the listed ids already have.
   */
  async get(id: string, operation = "schedule scan list", opts: { showCloudDetails?: boolean } = {}): Promise<ScheduleScan | undefined> {
    let list: ScheduleScanList;
    try {
      list = await this.list({ ids: [id], showCloudDetails: opts.showCloudDetails }, operation);
    } catch (e) {
      if (isQualysError(e, "not-found")) return undefined;
      throw e;
    }
    const want = canonicalId(id);
    return list.scans.find((s) => s.ID === want);
  }

  /** action=delete of one schedule. Errors (an unknown id included) are the caller's to interpret. */
  async delete(id: string, operation = "schedule scan delete"): Promise<void> {
    await this.xml.postSimple(SCHEDULE_SCAN_PATH, { action: "delete", id }, { operation });
  }
}
