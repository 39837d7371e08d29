/**
 * The read-only API clients behind the read-only functions (`provider/functions/`), grouped so that
 * `QualysClients` carries them as one property (`clients.readOnly`) on the shared transport.
 * Service accounts reuse `clients.serviceAccounts`; target accounts use
 * `flexscan/target-accounts.ts`; the schedule scan list is `clients.scheduleScans`, the one client of
 * that API (the GCP scan job handler reads and deletes through it too).
 */
import { AuditApi } from "./flexscan/audit";
import { ScanLogsApi } from "./flexscan/scan-logs";
import { CloudViewApi } from "./cloudview";
import type { GatewayClient } from "./gateway";
import { JsonApiClient } from "./json-api";
import { PolicyApi } from "./policy";
import { QflowApi } from "./qflow";
import type { ScheduleScansApi } from "./schedule-scans";
import type { Transport } from "./transport";

/** What the functions may do with the schedule scan API: read it. */
export type ScheduleScanReader = Pick<ScheduleScansApi, "list" | "get">;

export class ReadOnlyApis {
  readonly json: JsonApiClient;
  readonly scanLogs: ScanLogsApi;
  readonly audit: AuditApi;
  readonly qflow: QflowApi;
  readonly cloudView: CloudViewApi;
  readonly policies: PolicyApi;
  /** The schedule scan list (`clients.scheduleScans`, read-only here: the scan job handler deletes through that client). */
  readonly scheduleScans: ScheduleScanReader;

  constructor(transport: Transport, gateway: GatewayClient, scheduleScans: ScheduleScansApi) {
    this.json = new JsonApiClient(transport);
    this.scanLogs = new ScanLogsApi(gateway);
    this.audit = new AuditApi(gateway);
    this.qflow = new QflowApi(this.json);
    this.cloudView = new CloudViewApi(this.json);
    this.policies = new PolicyApi(this.json);
    this.scheduleScans = scheduleScans;
  }
}
