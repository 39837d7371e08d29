/**
 * Read-only VM/PC scheduled scans (note 004): the schedule scan list with cloud details, parsed from
 * the SCHEDULE_SCAN_LIST_OUTPUT XML by the package's one XML parser. API server URL; Basic when a
 * username/password is configured, otherwise the Bearer token. Called at `/api/5.0/fo/schedule/scan/`:
 * 2.0–4.0 reach end of life in December 2026 (note 001's EOL table). Not paged by Qualys: one call.
 */
import { z } from "zod";
import type { ScheduleScanList } from "../../provider/clients/xml/documents";
import { defineFunction } from "./invoke";

const scheduleId = z.union([z.number().int().positive(), z.string().trim().regex(/^\d+$/)], {
  error: "must be a schedule id (a whole number)",
});

// The definitions below are alike in shape on purpose: each declares one function (name, args schema, client call);
// the rules (argument checks, paging walk, invoke and its errors) have one home in invoke.ts and the walkers.
export const getScheduledScansArgs = z.strictObject({
  /** Only these schedules. */
  ids: z.array(scheduleId).optional(),
  /** Only active (true) or inactive (false) schedules. */
  active: z.boolean().optional(),
  /** e.g. "perimeter" (note 004). */
  scanType: z.string().trim().min(1).optional(),
  /** Include CLOUD_DETAILS (provider, connector, scan type, cloud target). Default true. */
  showCloudDetails: z.boolean().default(true),
});

/** Scheduled scans (`scans`: one object per SCAN element, named as in the XML). */
export const [getScheduledScans, getScheduledScansOutput] = defineFunction(
  "getScheduledScans",
  getScheduledScansArgs,
  (c, a): Promise<ScheduleScanList> =>
    c.readOnly.scheduleScans.list({
      ids: a.ids?.map(String),
      active: a.active,
      scanType: a.scanType,
      showCloudDetails: a.showCloudDetails,
    }),
);
