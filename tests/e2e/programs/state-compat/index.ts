// One resource of each type, written once by the 0.1.0 package: the state that version wrote is
// the fixture tests/e2e/fixtures/state-compat/, which the current package must load, refresh without
// a change and destroy. Do not change these inputs without capturing the fixture again.
import * as pulumi from "@pulumi/pulumi";
import * as qualys from "pulumi-qualys";

const config = new pulumi.Config();

const org = new qualys.ServiceAccount("org", {
  accountId: "123456789012",
  cloudType: "AWS",
  regions: ["us-east-1", "us-west-2"],
  vmScanTypes: ["os", "sca"],
  mustHaveTags: ["env=production"],
});

const payments = new qualys.TargetAccount("payments", {
  accountId: "210987654321",
  serviceAccountId: org.accountId,
  regions: ["us-east-1"],
  scanInterval: 48,
});

const weekly = new qualys.GcpInternalScanJob("weekly", {
  title: "State compatibility weekly scan",
  connectorName: "gcp-prod-connector",
  optionProfileTitle: "Qualys Recommended Option Profile",
  scannerNames: ["RM_GCP_SCANNER"],
  regionCode: "us-east1",
  tags: { setBy: "name", include: ["GCP_Targets"] },
  schedule: { type: "weekly", frequencyWeeks: 1, weekdays: ["Monday"], startHour: 22, startMinute: 30, timeZoneCode: "US-CA" },
  notifications: { before: { unit: "hours", time: 2 } },
});

const nsx = new qualys.NsxAuthRecord("nsx", {
  title: "State compatibility NSX",
  ips: ["10.20.0.10"],
  username: "svc-qualys-nsx",
  password: config.requireSecret("nsxPassword"),
  comments: "Managed by Pulumi",
});

export const orgState = org.state;
export const paymentsRegions = payments.regions;
export const scanJobId = weekly.id;
export const nsxId = nsx.id;
