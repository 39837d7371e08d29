// An AWS Organization under Qualys Flexscan: the management account as a ServiceAccount, three
// member accounts as TargetAccounts with their own regions, intervals and tag filters.
//
// Targets cannot be created: Qualys discovers an organisation's member accounts once the management
// account is registered, and a TargetAccount sets one of them up. Against the bundled emulator,
// "discovery" is a control call made before `pulumi up` (the e2e test does it):
//   curl -X POST $QUALYS_EMULATOR_URL/__emulator/tenants/acme/service-accounts/123456789012/discovered-targets \
//        -d '["210987654321","310987654321","410987654321"]'
import * as pulumi from "@pulumi/pulumi";
import * as qualys from "pulumi-qualys";

const config = new pulumi.Config();

const org = new qualys.ServiceAccount("aws-org", {
  accountId: "123456789012",
  cloudType: "AWS",
  regions: ["us-east-1", "us-west-2", "eu-west-1"],
  vmScanTypes: ["os", "sca"],
  mustHaveTags: ["env=production"],
  noneOfTheTag: ["qualys-scan:skip"],
});

// `serviceAccountId: org.accountId` ties each target to its parent: created after it, destroyed
// before it (deregistering the parent takes its targets' configuration with it).

// Inherits all three tag lists from the organisation account (left out = inherit).
const payments = new qualys.TargetAccount("payments", {
  accountId: "210987654321",
  serviceAccountId: org.accountId,
  regions: config.getObject<string[]>("paymentsRegions") ?? ["us-east-1", "us-west-2"],
  scanInterval: 24,
});

// Filtering switched off: `[]` overrides the parent's lists, every VM is scanned. Left configured in
// Qualys when removed from the stack.
const sandbox = new qualys.TargetAccount("sandbox", {
  accountId: "310987654321",
  serviceAccountId: org.accountId,
  regions: ["us-west-2"],
  scanInterval: 168,
  mustHaveTags: [],
  atLeastOneTag: [],
  noneOfTheTag: [],
  onDelete: "retain",
});

// Its own filters (AWS accepts key=value and key:value), and SCA scans as the parent allows.
const data = new qualys.TargetAccount("data-platform", {
  accountId: "410987654321",
  serviceAccountId: org.accountId,
  regions: ["eu-west-1"],
  scanInterval: config.getNumber("dataScanInterval") ?? 72,
  vmScanTypes: config.getObject<string[]>("dataVmScanTypes") ?? ["os", "sca"],
  mustHaveTags: ["env=staging"],
  atLeastOneTag: ["team=data", "team:analytics"],
  noneOfTheTag: [],
  onDelete: "stop-scanning",
});

export const organisation = org.accountId;
export const targets = pulumi
  .all([payments, sandbox, data].map((t) => pulumi.all([t.accountId, t.regions, t.scanInterval, t.state, t.inheritedTagLists])))
  .apply((rows) =>
    Object.fromEntries(
      rows.map(([id, regions, interval, state, inherited]) => [
        id,
        { regions, scanInterval: interval, state, inheritedTagLists: inherited },
      ]),
    ),
  );
