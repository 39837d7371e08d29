// Scheduled Qualys internal scans of GCP Compute Engine instances.
//
// Run it against the bundled emulator (no Qualys account needed: its seed data has the connector,
// option profiles, scanner, tags and distribution groups used here), or against a real tenant with
// `pulumi config set qualys:platform US2`, `pulumi config set --secret qualys:token …` and your own
// connector / scanner names. See docs/gcp-internal-scan-job.md.
import * as pulumi from "@pulumi/pulumi";
import * as qualys from "pulumi-qualys";

const config = new pulumi.Config();
const connectorName = config.get("connectorName") ?? "gcp-prod-connector";
const scannerName = config.get("scannerName") ?? "RM_GCP_SCANNER";

// Every Monday and Thursday at 22:30 California time: production instances only (tagged
// GCP_Targets AND env-prod, minus anything tagged qualys-skip). Notifies the SecOps distribution
// group two hours before and once finished; the scan is stopped if it runs longer than 6 hours.
const weekly = new qualys.GcpInternalScanJob("weekly-internal-scan", {
  title: "GCP weekly internal scan (production)",
  connectorName,
  optionProfileTitle: "Qualys Recommended Option Profile",
  scannerNames: [scannerName],
  priority: 5,
  regionCode: "us-east1",
  tags: { setBy: "name", include: ["GCP_Targets", "env-prod"], includeSelector: "all", exclude: ["qualys-skip"] },
  schedule: {
    type: "weekly",
    frequencyWeeks: 1,
    weekdays: ["Monday", "Thursday"],
    startHour: config.getNumber("weeklyStartHour") ?? 22,
    startMinute: 30,
    timeZoneCode: "US-CA",
    observeDst: true,
    endAfterHours: 6,
  },
  notifications: {
    before: { unit: "hours", time: 2, message: "The weekly GCP internal scan of production starts in 2 hours." },
    after: { message: "The weekly GCP internal scan of production has finished." },
    recipientGroupIds: [401],
  },
});

// The second Tuesday of every month at 02:00 New York time (monthly by Nth weekday): a policy
// audit of the PCI instances; pauses after 4 hours and resumes a day later.
const monthly = new qualys.GcpInternalScanJob("monthly-policy-audit", {
  title: "GCP monthly policy audit (PCI)",
  connectorName,
  optionProfileTitle: "GCP Policy Audit",
  scannerNames: [scannerName],
  tags: { setBy: "name", include: ["pci"] },
  schedule: {
    type: "monthly",
    frequencyMonths: 1,
    dayOfWeek: 2, // Tuesday (0 = Sunday)
    weekOfMonth: "second",
    startHour: 2,
    startMinute: 0,
    timeZoneCode: "US-NY",
    pauseAfterHours: 4,
    resumeInDays: 1,
  },
  notifications: { after: { message: "The monthly PCI policy audit has finished." }, recipientGroupIds: [401, 402] },
});

// Optional: a one-off scan, launched when it is created. It is a one-shot: refresh and later `up`s
// never launch it again (once it has run it reads back as launchState "completed"); changing any
// of its inputs replaces it, which launches a new scan.
const oneOff = config.getBoolean("launchNow")
  ? new qualys.GcpInternalScanJob("one-off-scan", {
      title: "GCP one-off internal scan",
      connectorName,
      optionProfileTitle: "Qualys Recommended Option Profile",
      scannerNames: [scannerName],
      priority: config.getNumber("oneOffPriority") ?? 1,
      schedule: { type: "now" },
    })
  : undefined;

export const weeklyScheduleId = weekly.scheduleId;
export const weeklyStart = weekly.schedule.apply((s) =>
  s.type === "now" ? "now" : `${s.startHour}:${String(s.startMinute).padStart(2, "0")} ${s.timeZoneCode}`,
);
export const monthlyScheduleId = monthly.scheduleId;
export const oneOffScheduleId = oneOff?.scheduleId;
export const oneOffLaunchState = oneOff?.launchState;
