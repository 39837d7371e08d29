// A GCP project under Qualys Flexscan: registered, set up for two regions, tag-filtered.
//
// Run it against the bundled emulator with `make example` (no Qualys account needed), or against a
// real tenant with `pulumi config set qualys:platform US2` and `pulumi config set --secret qualys:token …`.
import * as pulumi from "@pulumi/pulumi";
import * as qualys from "pulumi-qualys";

const config = new pulumi.Config();

const project = new qualys.ServiceAccount("gcp-project", {
  accountId: config.get("projectId") ?? "my-gcp-project-123",
  cloudType: "GCP",
  regions: config.getObject<string[]>("regions") ?? ["us-east1", "us-west1"],
  scanInterval: config.getNumber("scanInterval") ?? 24,
  vmScanTypes: config.getObject<string[]>("vmScanTypes") ?? ["os"],
  mustHaveTags: config.getObject<string[]>("mustHaveTags") ?? ["env=production"],
  noneOfTheTag: ["qualys-scan=skip"],
});

export const accountId = project.accountId;
export const state = project.state;
export const regions = project.regions;
export const connectorUuid = project.connectorUuid;
export const subnets = project.cloudInfo.apply((info) =>
  Object.fromEntries(Object.entries(info).map(([region, i]) => [region, i.subnetId])),
);
export const cleanupReminders = project.cleanupReminders.apply((rs) => rs.map((r) => r.message));
