/**
 * Flexscan scan logs (the Connector 2.18 notes, "Scan Logs API"): read-only scan status records, one per VM/resource
 * scan attempt. `GET /scan/logs` (page from 1, limit 1–500, default 100, sort `updatedAt,desc`) and
 * `GET /scan/logs/{scanUuid}` (`includeDetails=true` adds `resultFileName` and `correlationIds`).
 *
 * Field names and values are kept as the gateway sends them; dates are the note's local timestamps
 * (`2026-05-28T11:30:00`), left as given. `correlationIds` is a string holding a JSON array in the
 * note's sample (`"[\"corr-001\",\"corr-002\"]"`) and is returned as that string.
 */
import { z } from "zod";
import type { GatewayClient, GatewayMeta } from "../gateway";
import { optString, optNumber } from "../fields";

const BASE = "/flexscan-api/rest/v1/scan/logs";

export const SCAN_LOGS_MAX_LIMIT = 500;
export const SCAN_LOGS_DEFAULT_LIMIT = 100;

// The fields as this API's release notes show them. Response schemas share no fields with each other: Qualys
// versions each object separately.
export const scanLogSchema = z.looseObject({
  scanUuid: z.string(),
  cloudType: optString,
  resourceId: optString,
  resourceName: optString,
  resourceType: optString,
  customerUuid: optString,
  portalUuid: optString,
  serviceAccountId: optString,
  targetAccountId: optString,
  targetRegion: optString,
  targetZone: optString,
  scannerPlatform: optString,
  storageCount: optNumber,
  scanPriority: optNumber,
  scanAttempts: optNumber,
  scanType: optString,
  scanStatus: optString,
  expiresAt: optString,
  stateReason: optString,
  createdAt: optString,
  updatedAt: optString,
  /** Only with includeDetails=true. */
  resultFileName: optString,
  /** Only with includeDetails=true; a JSON array inside a string, as the note shows it. */
  correlationIds: z
    .union([z.string(), z.array(z.string())])
    .nullable()
    .optional(),
});
export type ScanLog = z.infer<typeof scanLogSchema>;

export class ScanLogsApi {
  constructor(private readonly gw: GatewayClient) {}

  async list(opts: { page?: number; limit?: number; sort?: string } = {}): Promise<{ items: ScanLog[]; meta: GatewayMeta }> {
    return this.gw.page(scanLogSchema, {
      method: "GET",
      path: BASE,
      query: { page: opts.page, limit: opts.limit, sort: opts.sort },
      operation: "list scan logs",
    });
  }

  async get(scanUuid: string, includeDetails = false): Promise<ScanLog> {
    return (
      await this.gw.call(scanLogSchema, {
        method: "GET",
        path: `${BASE}/${encodeURIComponent(scanUuid)}`,
        query: { includeDetails: includeDetails ? "true" : undefined },
        operation: "get scan log",
      })
    ).data;
  }
}
