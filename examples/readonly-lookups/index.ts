// Read-only look-ups: data from Qualys, exported as stack outputs. Nothing is created or changed.
//
// Against the bundled emulator: `EXAMPLE=readonly-lookups make example`, plus
// `pulumi config set qualys:username acme_user` / `pulumi config set --secret qualys:password acme-password`
// for CloudView (Basic auth). Against a real tenant: `pulumi config set qualys:platform US2`,
// `pulumi config set --secret qualys:token …`, and the username/password for CloudView.
import * as pulumi from "@pulumi/pulumi";
import * as qualys from "pulumi-qualys";

const config = new pulumi.Config();
const connectorName = config.get("connectorName") ?? "prod-gcp-connector";
const policyTitle = config.get("policyTitle") ?? "AssetTagPolicy-1";
const failedScans = config.getNumber("failedScans") ?? 3;

// 1. A GCP connector by its exact name (CloudView, filter `name=…`).
const connector = qualys.getCloudViewConnectorOutput({ provider: "gcp", name: connectorName });
export const connectorId = connector.connectorId;
export const connectorState = connector.state;
export const connectorLastSyncedOn = connector.lastSyncedOn;

// 2. The service account scanning that connector's project, and its last failed scans (Flexscan
//    scan logs, every page, newest update first). The scan-log list has no status filter, so the
//    filtering happens here.
export const serviceAccountId = connector.projectId;
const scanLogs = qualys.getScanLogsOutput({ all: true, sort: "updatedAt,desc" });
export const lastFailedScans = pulumi.all([scanLogs, connector.projectId]).apply(([logs, account]) =>
  logs.items
    .filter((l) => l.serviceAccountId === account && l.scanStatus === "FAILED")
    .slice(0, failedScans)
    .map((l) => ({ scanUuid: l.scanUuid, resourceName: l.resourceName, updatedAt: l.updatedAt, stateReason: l.stateReason })),
);

// 3. The tag scope of a policy (Policy Compliance, /pcrs/2.0 with requireTagInfo).
const policy = qualys.getPolicyOutput({ title: policyTitle });
export const policyId = policy.id;
export const policyTagScope = policy.apply(({ tagInfo: t }) => ({
  includeTagsScope: t?.includeTagsScope ?? null,
  includeTags: (t?.includeTags ?? []).map((tag) => tag.name),
  excludeTagsScope: t?.excludeTagsScope ?? null,
  excludeTags: (t?.excludeTags ?? []).map((tag) => tag.name),
}));
