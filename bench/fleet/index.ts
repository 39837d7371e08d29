// A mixed fleet in one stack, sized by config (the reference fleet of docs/fleet-scale.md by default):
// `nsx` NSX auth records, `jobs` GCP internal scan jobs, `accounts` GCP service accounts of which the
// first `parents` are AWS organisations with `targets` member accounts spread over them.
//
// Targets are discovered by the emulator's control route before `up` (bench/fleet.ts does it), as
// Qualys discovers an organisation's members once its management account is registered.
import * as pulumi from "@pulumi/pulumi";
import * as qualys from "pulumi-qualys";

const config = new pulumi.Config();
const nsx = config.getNumber("nsx") ?? 300;
const jobs = config.getNumber("jobs") ?? 200;
const accounts = config.getNumber("accounts") ?? 50;
const parents = config.getNumber("parents") ?? 3;
const targets = config.getNumber("targets") ?? 300;
// `rev` > 0 changes one updatable field of every resource (make bench-fleet's "update" step):
// NSX comments, the job's priority, the accounts' and targets' scanInterval.
const rev = config.getNumber("rev") ?? 0;
// One fleet split over several stacks (bench/drift.ts): this stack makes the objects i with
// i % shards === shard. A target whose organisation is in another shard names it by id.
const shards = config.getNumber("shards") ?? 1;
const shard = config.getNumber("shard") ?? 0;
const mine = (i: number) => i % shards === shard;
// A target goes with its parent: its own delete (a stop-scanning setup) is skipped by the engine when
// the parent is deregistered in the same run (docs/target-account.md, "Delete"). `false` makes every
// target run its own delete, as a program without `deletedWith` does.
const targetsDeletedWithParent = config.getBoolean("targetsDeletedWithParent") ?? true;

for (let i = 0; i < nsx; i++) {
  if (!mine(i)) continue;
  new qualys.NsxAuthRecord(`nsx-${i}`, {
    title: `Fleet NSX Manager ${String(i).padStart(4, "0")}`,
    ips: [`10.80.${Math.floor(i / 250)}.${(i % 250) + 1}`],
    username: "svc-qualys-nsx",
    password: "Fleet-Pa55word",
    ...(rev > 0 ? { comments: `Fleet revision ${rev}` } : {}),
  });
}

for (let i = 0; i < jobs; i++) {
  if (!mine(i)) continue;
  new qualys.GcpInternalScanJob(`job-${i}`, {
    title: `Fleet weekly scan ${String(i).padStart(4, "0")}`,
    connectorName: "gcp-prod-connector",
    optionProfileTitle: "Qualys Recommended Option Profile",
    scannerNames: ["RM_GCP_SCANNER"],
    ...(rev > 0 ? { priority: rev % 10 } : {}),
    schedule: { type: "weekly", frequencyWeeks: 1, weekdays: ["Monday"], startHour: i % 24, startMinute: 0, timeZoneCode: "US-CA" },
  });
}

const orgs = new Map<number, qualys.ServiceAccount>();
for (let i = 0; i < accounts; i++) {
  if (!mine(i)) continue;
  const org = i < parents;
  const sa = new qualys.ServiceAccount(`account-${i}`, {
    accountId: org ? fleetParentId(i) : `fleet-project-${i}`,
    cloudType: org ? "AWS" : "GCP",
    regions: org ? ["us-east-1", "us-west-2"] : ["us-east1", "us-west1"],
    scanInterval: 24 + rev,
  });
  if (org) orgs.set(i, sa);
}

for (let i = 0; i < targets && parents > 0; i++) {
  if (!mine(i)) continue;
  const p = i % parents;
  const parent = orgs.get(p);
  new qualys.TargetAccount(
    `target-${i}`,
    {
      accountId: fleetTargetId(i),
      serviceAccountId: parent?.accountId ?? fleetParentId(p),
      regions: ["us-east-1"],
      scanInterval: 24 + rev,
    },
    // deletedWith only where the parent is in this stack (a shard's parent in another stack is not deleted with it).
    targetsDeletedWithParent && parent ? { deletedWith: parent } : {},
  );
}

/** Twelve-digit AWS account ids (also used by bench/fleet.ts for the discovery call). */
function fleetParentId(i: number): string {
  return `9000000000${String(i).padStart(2, "0")}`;
}
function fleetTargetId(i: number): string {
  return `8${String(i).padStart(11, "0")}`;
}
