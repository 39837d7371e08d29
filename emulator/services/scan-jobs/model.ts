/**
 * Scan-jobs model: the per-tenant state (jobs, seed catalog, settings, launch and completion
 * records) and the lifecycle of `now` jobs (launch on create, complete after their lifetime).
 */
import { utcTimestamp } from "../../http";
import type { Tenant } from "../../tenants";

export interface EmuConnector {
  id: string;
  uuid: string;
  name: string;
}
export interface EmuOptionProfile {
  id: string;
  title: string;
  isDefault: boolean;
}
export interface EmuNamed {
  id: string;
  name: string;
}
export interface EmuTimeZone {
  code: string;
  /** As the list prints it: `(GMT+0530) India: Asia/Calcutta`. */
  details: string;
  /** Standard offset from UTC in minutes. */
  offsetMinutes: number;
  /** Daylight saving time: none, or summer in the northern (Apr–Oct) / southern (Oct–Mar) half. */
  dst: "none" | "north" | "south";
}

export interface ScanCatalog {
  connectors: EmuConnector[];
  optionProfiles: EmuOptionProfile[];
  scanners: EmuNamed[];
  tags: EmuNamed[];
  distributionGroups: EmuNamed[];
  timeZones: EmuTimeZone[];
}

/** The deterministic seed every tenant starts with (names from the notes' samples, plus a few). */
export function defaultCatalog(): ScanCatalog {
  return {
    connectors: [
      { id: "37361", uuid: "0f3e8f7a-1111-4222-8333-444455556666", name: "Rohanpod4qwebxrm3" },
      { id: "37362", uuid: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", name: "CPSGLOBAL_clvautomationproject" },
      { id: "37363", uuid: "8047abce-c3ac-42e0-ad49-be4181d22c84", name: "gcp-prod-connector" },
    ],
    optionProfiles: [
      { id: "101", title: "Qualys Recommended Option Profile", isDefault: true },
      { id: "102", title: "Initial Options", isDefault: false },
      { id: "103", title: "GCP Policy Audit", isDefault: false },
    ],
    scanners: [
      { id: "201", name: "RM_GCP_SCANNER" },
      { id: "202", name: "gcp-scanner-us-east1" },
      { id: "203", name: "gcp-scanner-us-central1" },
    ],
    tags: [
      { id: "301", name: "GCP_Targets" },
      { id: "302", name: "env-prod" },
      { id: "303", name: "GCP_Test" },
      { id: "304", name: "qualys-skip" },
      { id: "305", name: "pci" },
    ],
    distributionGroups: [
      { id: "401", name: "SecOps" },
      { id: "402", name: "Platform Team" },
    ],
    timeZones: [
      { code: "US-CA", details: "(GMT-0800) United States (California): America/Los_Angeles", offsetMinutes: -480, dst: "north" },
      { code: "US-AZ", details: "(GMT-0700) United States (Arizona): America/Phoenix", offsetMinutes: -420, dst: "none" },
      { code: "US-IL", details: "(GMT-0600) United States (Illinois): America/Chicago", offsetMinutes: -360, dst: "north" },
      { code: "US-NY", details: "(GMT-0500) United States (New York): America/New_York", offsetMinutes: -300, dst: "north" },
      { code: "GB", details: "(GMT+0000) United Kingdom: Europe/London", offsetMinutes: 0, dst: "north" },
      { code: "DE", details: "(GMT+0100) Germany: Europe/Berlin", offsetMinutes: 60, dst: "north" },
      { code: "FR", details: "(GMT+0100) France: Europe/Paris", offsetMinutes: 60, dst: "north" },
      { code: "AE", details: "(GMT+0400) United Arab Emirates: Asia/Dubai", offsetMinutes: 240, dst: "none" },
      { code: "IN", details: "(GMT+0530) India: Asia/Calcutta", offsetMinutes: 330, dst: "none" },
      { code: "SG", details: "(GMT+0800) Singapore: Asia/Singapore", offsetMinutes: 480, dst: "none" },
      { code: "JP", details: "(GMT+0900) Japan: Asia/Tokyo", offsetMinutes: 540, dst: "none" },
      { code: "AU-NSW", details: "(GMT+1000) Australia (New South Wales): Australia/Sydney", offsetMinutes: 600, dst: "south" },
    ],
  };
}

export const WEEKDAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;
export const WEEKS_OF_MONTH = ["first", "second", "third", "fourth", "last"] as const;
export const PRIORITY_LABELS = [
  "No Priority",
  "Emergency",
  "Ultimate",
  "Critical",
  "Major",
  "High",
  "Standard",
  "Medium",
  "Minor",
  "Low",
] as const;

export type Occurrence =
  | { occurrence: "daily"; frequencyDays: number }
  | { occurrence: "weekly"; frequencyWeeks: number; weekdays: number[] }
  | { occurrence: "monthly"; frequencyMonths: number; dayOfMonth: number }
  | { occurrence: "monthly"; frequencyMonths: number; dayOfWeek: number; weekOfMonth: (typeof WEEKS_OF_MONTH)[number] };

export interface RecurringJobSchedule {
  kind: "recurring";
  occurrence: Occurrence;
  /** mm/dd/yyyy, local to the time zone. */
  startDate: string;
  startHour: number;
  startMinute: number;
  timeZoneCode: string;
  observeDst: boolean;
  recurrence?: number;
  endAfterHours?: number;
  endAfterMinutes?: number;
  pauseAfterHours?: number;
  pauseAfterMinutes?: number;
  resumeInDays?: number | "Manually";
  resumeInHours?: number;
}

export interface NowJobSchedule {
  kind: "now";
  /** When the scan was launched (ms since the epoch); undefined for an inactive now job (never launched). */
  launchedAt?: number;
}

export interface EmuScanJob {
  id: string;
  title: string;
  active: boolean;
  userLogin: string;
  connectorId: string;
  optionProfileId: string;
  scannerIds: string[];
  module: "cm";
  priority: number;
  regionCode?: string;
  virtualNetworkId?: string;
  /** Tags by id (tag_set_by=name is resolved on the way in). */
  tags: { includeSelector: "any" | "all"; excludeSelector: "any" | "all"; include: string[]; exclude: string[] };
  cloudResourceIds: string[];
  schedule: RecurringJobSchedule | NowJobSchedule;
  notifications: {
    before: boolean;
    beforeUnit?: "days" | "hours" | "minutes";
    beforeTime?: number;
    /** Kept while before is off ("we keep the previous setting"); only "" deletes it. */
    beforeMessage?: string;
    after: boolean;
    afterMessage?: string;
    recipientGroupIds: string[];
  };
  createdAt: string;
  updatedAt: string;
  /** Scans this job launched (a now job: one per create or schedule=now update). */
  launches: number;
}

export interface ScanJobSettings {
  /** How long a launched `now` job stays in the schedule list before it "completes" and disappears. */
  nowJobLifetimeMs: number;
  /** The pre-5.0 schedule-scan endpoints: still answering with deprecation headers, or gone (410). */
  legacyScheduleApi: "deprecated" | "removed";
}

export interface LaunchRecord {
  id: string;
  title: string;
  at: string;
}

export interface ScanJobsSlice {
  catalog: ScanCatalog;
  jobs: Map<string, EmuScanJob>;
  nextId: number;
  settings: ScanJobSettings;
  /** Every scan launch, in order: what tests count to prove a `now` job is not relaunched. */
  launches: LaunchRecord[];
  /** `now` jobs that completed and left the schedule list. */
  completed: LaunchRecord[];
}

/** Env override of the default `now` job lifetime (users' CI runs of the bundled emulator). */
export const NOW_JOB_LIFETIME_ENV = "QUALYS_EMULATOR_NOW_JOB_LIFETIME_MS";
export const DEFAULT_NOW_JOB_LIFETIME_MS = 5 * 60_000;

/** The first schedule id of a tenant: the one of the notes' create sample. */
export const FIRST_JOB_ID = 7469466;

function defaultLifetime(): number {
  const v = Number(process.env[NOW_JOB_LIFETIME_ENV]);
  return Number.isFinite(v) && v >= 0 && process.env[NOW_JOB_LIFETIME_ENV] !== undefined && process.env[NOW_JOB_LIFETIME_ENV] !== ""
    ? v
    : DEFAULT_NOW_JOB_LIFETIME_MS;
}

export function scanJobs(tenant: Tenant): ScanJobsSlice {
  return tenant.slice<ScanJobsSlice>("scanJobs", () => ({
    catalog: defaultCatalog(),
    jobs: new Map(),
    nextId: FIRST_JOB_ID,
    settings: { nowJobLifetimeMs: defaultLifetime(), legacyScheduleApi: "deprecated" },
    launches: [],
    completed: [],
  }));
}

/** `now` jobs whose scan has run its course leave the schedule list. */
export function sweep(slice: ScanJobsSlice, now = Date.now()): void {
  for (const job of [...slice.jobs.values()]) {
    if (job.schedule.kind !== "now" || job.schedule.launchedAt === undefined) continue;
    if (now - job.schedule.launchedAt >= slice.settings.nowJobLifetimeMs) complete(slice, job);
  }
}

export function complete(slice: ScanJobsSlice, job: EmuScanJob): void {
  slice.jobs.delete(job.id);
  slice.completed.push({ id: job.id, title: job.title, at: utcTimestamp() });
}

export function launch(slice: ScanJobsSlice, job: EmuScanJob): void {
  if (job.schedule.kind !== "now" || !job.active) return;
  job.schedule.launchedAt = Date.now();
  job.launches++;
  slice.launches.push({ id: job.id, title: job.title, at: utcTimestamp() });
}
