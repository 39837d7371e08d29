/**
 * Read-only VM/PC scheduled scans (schedule scan list API release notes): the schedule scan list
 * with cloud details, parsed from the SCHEDULE_SCAN_LIST_OUTPUT XML by the package's one XML parser.
 * API server URL; Basic when a username/password is configured, otherwise the Bearer token. Called
 * at `/api/5.0/fo/schedule/scan/`: 2.0–4.0 reach end of life in December 2026. Not paged by Qualys:
 * one call.
 */
import { z } from "zod";
import { scheduleScanSchema, type ScheduleScanList } from "../clients/xml/documents";
import { defineGroup, fn } from "./define";
import { documented } from "./documented";

const scheduleId = z.union([z.number().int().positive(), z.string().trim().regex(/^\d+$/)], {
  error: "must be a schedule id (a whole number)",
});

const idTitle = { ID: "Its id.", UUID: "Its UUID.", NAME: "Its name." };
const scanResult = documented(scheduleScanSchema, "One scheduled scan (a SCAN element; fields named as in the XML).", {
  ID: "The schedule id.",
  SCAN_TYPE: "The scan type.",
  ACTIVE: "1 when the schedule is active, 0 when not (may be empty).",
  TITLE: "The scan title.",
  USER_LOGIN: "The Qualys user who owns the schedule.",
  TARGET: "The scan target, as Qualys prints it.",
  NETWORK_ID: "The network id.",
  ISCANNER_NAME: "The scanner appliance name(s), comma-separated.",
  EC2_INSTANCE: [
    "EC2 scan settings.",
    { CONNECTOR_UUID: "The AWS connector's UUID.", EC2_ENDPOINT: "The EC2 region endpoint.", EC2_ONLY_CLASSIC: "1 for EC2-Classic only." },
  ],
  CLOUD_DETAILS: [
    "The cloud target (with `showCloudDetails`).",
    {
      PROVIDER: "AWS, or GCP for GCP internal scan jobs.",
      CONNECTOR: ["The connector.", idTitle],
      SCAN_TYPE: 'The cloud scan type, e.g. "Cloud Perimeter".',
      CLOUD_TARGET: [
        "What is scanned.",
        {
          PLATFORM: "The cloud platform.",
          REGION: ["The region.", { UUID: "Its UUID.", CODE: "Its code, e.g. us-east1.", NAME: "Its name." }],
          VPC_SCOPE: '"None" when not restricted to VPCs / virtual networks.',
          VPC_LIST: "The VPCs / virtual networks when the scope is restricted, as Qualys sends them.",
        },
      ],
    },
  ],
  ASSET_GROUP_TITLE_LIST: ["The asset groups scanned.", { ASSET_GROUP_TITLE: "Their titles." }],
  ASSET_TAGS: [
    "The tag selection.",
    {
      TAG_INCLUDE_SELECTOR: "any or all of the include tags.",
      TAG_SET_INCLUDE: "Include tag names, comma-separated.",
      TAG_EXCLUDE_SELECTOR: "any or all of the exclude tags.",
      TAG_SET_EXCLUDE: "Exclude tag names, comma-separated.",
      USE_IP_NT_RANGE_TAGS: "1 when IP network range tags are used.",
    },
  ],
  EXCLUDE_IP_PER_SCAN: "IPs excluded from this scan.",
  USER_ENTERED_IPS: ["IPs entered by hand.", { RANGE: ["Their ranges.", { START: "First IP.", END: "Last IP." }] }],
  ELB_DNS: ["Load balancer DNS names scanned.", { DNS: "The names." }],
  OPTION_PROFILE: ["The option profile.", { TITLE: "Its title.", DEFAULT_FLAG: "1 when it is the default profile.", ID: "Its id." }],
  PROCESSING_PRIORITY: '"N - Label", e.g. "0 - No Priority".',
  SCHEDULE: [
    "When it runs.",
    {
      DAILY: "Daily occurrence settings (XML attributes, e.g. `@_frequency_days`).",
      WEEKLY: "Weekly occurrence settings (XML attributes, e.g. `@_frequency_weeks`, `@_weekdays`).",
      MONTHLY: "Monthly occurrence settings (XML attributes, e.g. `@_frequency_months`, `@_day_of_month`).",
      START_DATE_UTC: "First run, UTC.",
      START_HOUR: "Start hour (0–23) in the time zone.",
      START_MINUTE: "Start minute (0–59).",
      TIME_ZONE: ["The time zone.", { TIME_ZONE_CODE: "Its code, e.g. US-CA.", TIME_ZONE_DETAILS: "Its description." }],
      DST_SELECTED: "1 when daylight saving time is observed.",
      RECURRENCE: "Runs before the schedule deactivates itself.",
      MAX_OCCURRENCE: "Most runs allowed.",
      END_AFTER_HOURS: "End a run after this many hours.",
      END_AFTER_MINUTES: "… and minutes.",
      PAUSE_AFTER_HOURS: "Pause a run after this many hours.",
      PAUSE_AFTER_MINUTES: "… and minutes.",
      RESUME_IN_DAYS: "Resume a paused run after this many days.",
      RESUME_IN_HOURS: "… and hours.",
      NEXTLAUNCH_UTC: "Next run, UTC.",
    },
  ],
  NOTIFICATIONS: "Notification settings, as Qualys sends them.",
});

export const SCHEDULED_SCANS = defineGroup("scheduled-scans", {
  getScheduledScans: fn({
    description: "Scheduled scans (`scans`: one object per SCAN element, named as in the XML).",
    args: z.strictObject({
      ids: z.array(scheduleId).optional().describe("Only these schedules (ids as numbers or strings of digits)."),
      active: z.boolean().optional().describe("Only active (true) or inactive (false) schedules."),
      scanType: z.string().trim().min(1).optional().describe('e.g. `"perimeter"` (VM/PC schedule scan list API).'),
      showCloudDetails: z.boolean().default(true).describe("Include CLOUD_DETAILS (provider, connector, scan type, cloud target)."),
    }),
    result: z
      .object({
        datetime: z.string().optional().describe("When Qualys produced the list."),
        scans: z.array(scanResult).describe("The schedules, one per SCAN element."),
      })
      .describe("The schedule scan list."),
    run: (c, a): Promise<ScheduleScanList> =>
      c.readOnly.scheduleScans.list({
        ids: a.ids?.map(String),
        active: a.active,
        scanType: a.scanType,
        showCloudDetails: a.showCloudDetails,
      }),
  }),
});
