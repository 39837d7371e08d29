/**
 * The read-only API clients behind the read-only functions (`provider/functions/`), grouped so that
 * `QualysClients` carries them as one property (`clients.readOnly`) on the shared transport.
 * Service accounts reuse `clients.serviceAccounts`; target accounts use
 * `flexscan/target-accounts.ts`.
 */
import { AuditApi } from "./flexscan/audit";
import { ScanLogsApi } from "./flexscan/scan-logs";
import { CloudViewApi } from "./cloudview";
import type { GatewayClient } from "./gateway";
import { JsonApiClient } from "./json-api";
import { PolicyApi } from "./policy";
import { QflowApi } from "./qflow";
import { ScheduleScansApi } from "./schedule-scans";
import type { Transport } from "./transport";
import { XmlClient } from "./xml/client";

export class ReadOnlyApis {
  readonly json: JsonApiClient;
  readonly scanLogs: ScanLogsApi;
  readonly audit: AuditApi;
  readonly qflow: QflowApi;
  readonly cloudView: CloudViewApi;
  readonly policies: PolicyApi;
  readonly scheduleScans: ScheduleScansApi;

  constructor(transport: Transport, gateway: GatewayClient) {
    this.json = new JsonApiClient(transport);
    this.scanLogs = new ScanLogsApi(gateway);
    this.audit = new AuditApi(gateway);
    this.qflow = new QflowApi(this.json);
    this.cloudView = new CloudViewApi(this.json);
    this.policies = new PolicyApi(this.json);
    this.scheduleScans = new ScheduleScansApi(new XmlClient(transport));
  }
}
