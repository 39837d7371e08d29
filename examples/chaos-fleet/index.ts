// A fleet of every resource type, the stack the chaos tier (tests/chaos, `make soak`) runs while the
// emulator fails about one API call in five: 10 service accounts (9 GCP projects and one AWS
// organisation), 3 target accounts of that organisation, 10 NSX authentication records and 3
// recurring GCP internal scan jobs.
//
// `make example EXAMPLE=chaos-fleet` runs it against the bundled emulator (CHAOS=0.2 CHAOS_SEED=7 to
// run it under chaos). Targets are "discovered" before `up`, as Qualys does once the organisation is
// registered; against the emulator that is a control call:
//   curl -X POST $QUALYS_EMULATOR_URL/__emulator/tenants/acme/service-accounts/123456789012/discovered-targets \
//        -d '["210987654321","310987654321","410987654321"]'
import * as pulumi from "@pulumi/pulumi";
import * as qualys from "pulumi-qualys";

const config = new pulumi.Config();
const nsxPassword = config.requireSecret("nsxPassword");

export const projects: pulumi.Output<string>[] = [];
for (let i = 0; i < 9; i++) {
  const project = new qualys.ServiceAccount(`gcp-${i}`, {
    accountId: `chaos-fleet-project-${i}`,
    cloudType: "GCP",
    regions: i % 2 === 0 ? ["us-east1"] : ["us-east1", "europe-west1"],
    mustHaveTags: ["env=production"],
  });
  projects.push(project.accountId);
}

const org = new qualys.ServiceAccount("aws-org", {
  accountId: "123456789012",
  cloudType: "AWS",
  regions: ["us-east-1", "eu-west-1"],
  vmScanTypes: ["os", "sca"],
});

export const targets = ["210987654321", "310987654321", "410987654321"].map(
  (accountId, i) =>
    new qualys.TargetAccount(`member-${i}`, {
      accountId,
      serviceAccountId: org.accountId,
      regions: i === 0 ? ["us-east-1", "eu-west-1"] : ["eu-west-1"],
      scanInterval: 24 * (i + 1),
    }).accountId,
);

export const nsxIds: pulumi.Output<string>[] = [];
for (let i = 0; i < 10; i++) {
  const record = new qualys.NsxAuthRecord(`nsx-${i}`, {
    title: `Chaos fleet NSX Manager ${String(i).padStart(2, "0")}`,
    ips: [`10.70.0.${i + 1}`],
    username: "svc-qualys-nsx",
    password: nsxPassword,
  });
  nsxIds.push(record.id);
}

// Recurring only: a `now` job launches a scan when created, which is not what a fleet keeps.
const weekdays = [["Monday"], ["Wednesday"], ["Friday", "Sunday"]] as const;
export const scanJobIds = weekdays.map(
  (days, i) =>
    new qualys.GcpInternalScanJob(`weekly-${i}`, {
      title: `Chaos fleet weekly scan ${i}`,
      connectorName: "gcp-prod-connector",
      optionProfileTitle: "Qualys Recommended Option Profile",
      scannerNames: ["RM_GCP_SCANNER"],
      tags: { setBy: "name", include: ["GCP_Targets"] },
      schedule: {
        type: "weekly",
        frequencyWeeks: 1,
        weekdays: [...days],
        startHour: 20 + i,
        startMinute: 0,
        timeZoneCode: "US-CA",
      },
    }).scheduleId,
);
