/**
 * The VM/PC schedule scan list (note 004), read through the shared XML client and parser
 * (`xml/client.ts`, `xml/documents.ts` `parseScheduleScanList`; no XML parser config of its own).
 *
 * Version: note 004 shows `/api/2.0/fo/schedule/scan/`, but note 001's "Extended EOL Timelines"
 * table retires 2.0, 3.0 and 4.0 of the Schedule Scan API in December 2026 and recommends
 * `/api/5.0/fo/schedule/scan/index.php`; that is the one called. Parameters: `action=list`,
 * `show_cloud_details=1` (cloud details in the output; on by default here), optional `id`
 * (one id or a comma list), `active` (0|1) and `scan_type` (`perimeter`, per note 004). The list is
 * not paged by Qualys: one call returns every matching schedule.
 */
import type { XmlClient } from "./xml/client";
import { parseScheduleScanList, type ScheduleScanList } from "./xml/documents";

export const SCHEDULE_SCAN_LIST_PATH = "/api/5.0/fo/schedule/scan/";

export interface ScheduleScanListQuery {
  ids?: readonly string[];
  active?: boolean;
  scanType?: string;
  showCloudDetails?: boolean;
}

export class ScheduleScansApi {
  constructor(private readonly xml: XmlClient) {}

  async list(q: ScheduleScanListQuery = {}): Promise<ScheduleScanList> {
    const operation = "list scheduled scans";
    const body = await this.xml.post(
      SCHEDULE_SCAN_LIST_PATH,
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
}
