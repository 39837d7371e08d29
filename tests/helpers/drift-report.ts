/**
 * Drift reports for tests: a realistic sample (two stacks, every outcome, unmanaged objects of every type,
 * reminders), a hostile one (markup, control characters and quotes in every string), a huge one, and
 * `expectValidReport`, which every test that produces a JSON report calls to check it against the JSON Schema.
 */
import { DRIFT_REPORT_VERSION, type DriftReport, type ResourceOutcome } from "../../provider/drift/model";
import { validateReport } from "../../provider/drift/report";
import { summarise } from "../../provider/drift/run";

/** Fails the test, naming each JSON pointer and rule, when `json` (text or parsed) does not match the report schema. */
export function expectValidReport(json: unknown): void {
  const { ok, errors } = validateReport(json);
  if (!ok) throw new Error(`drift report does not validate against the schema:\n  ${errors.join("\n  ")}`);
}

const SUB = "https://gateway.qg2.apps.qualys.com (svc-platform)";

function outcome(
  stack: string,
  type: string,
  name: string,
  status: ResourceOutcome["status"],
  extra: Partial<ResourceOutcome> = {},
): ResourceOutcome {
  return {
    stack,
    urn: `urn:pulumi:${stack}::platform::qualys:index:${type}::${name}`,
    type,
    name,
    id: status === "pending" ? undefined : `${type.length}${name.length}0417`,
    status,
    fields: [],
    unobservable: type === "NsxAuthRecord" ? ["password"] : [],
    ...extra,
  };
}

/** Two stacks of one subscription: what a nightly run over the reference fleet finds after out-of-band changes. */
export function sampleDriftReport(): DriftReport {
  const resources: ResourceOutcome[] = [
    outcome("platform-dev", "ServiceAccount", "aws-prod", "drifted", {
      fields: [{ path: "regions", state: ["us-east-1", "us-west-2", "eu-west-1"], qualys: ["us-east-1"] }],
    }),
    outcome("platform-dev", "TargetAccount", "aws-prod-target", "in-sync"),
    outcome("platform-dev", "TargetAccount", "aws-staging-target", "in-sync"),
    outcome("platform-dev", "NsxAuthRecord", "nsx-dc1", "drifted", {
      fields: [{ path: "ips", state: ["10.20.0.10", "10.20.0.11"], qualys: ["10.20.0.10", "10.20.0.99"] }],
    }),
    outcome("platform-dev", "NsxAuthRecord", "nsx-dc2", "gone"),
    outcome("platform-dev", "ServiceAccount", "azure-shared", "in-sync"),
    outcome("platform-yaml", "GcpInternalScanJob", "nightly-gcp", "drifted", {
      fields: [{ path: "active", state: true, qualys: false }],
    }),
    outcome("platform-yaml", "ServiceAccount", "gcp-analytics", "in-sync"),
    outcome("platform-yaml", "TargetAccount", "gcp-analytics-target", "in-sync"),
    outcome("platform-yaml", "ServiceAccount", "gcp-sandbox", "unreadable", {
      error: { kind: "throttled", message: "HTTP 429 from /flexscan-api/serviceAccount after 5 attempts" },
    }),
    outcome("platform-yaml", "NsxAuthRecord", "nsx-lab", "pending"),
  ];
  const reminders: DriftReport["reminders"] = [
    {
      stack: "platform-dev",
      urn: "urn:pulumi:platform-dev::platform::qualys:index:ServiceAccount::aws-prod",
      resource: "aws-prod",
      cloud: "AWS",
      account: "123456789012",
      region: "us-west-2",
      what: "delete subnet subnet-0a1b2c3d (region-removed)",
      notBefore: "2026-12-07T02:10:00.000Z",
      due: true,
      source: "state",
    },
    {
      stack: "platform-dev",
      urn: "urn:pulumi:platform-dev::platform::qualys:index:ServiceAccount::aws-prod",
      resource: "aws-prod",
      cloud: "AWS",
      account: "123456789012",
      region: "eu-west-1",
      what: "delete subnet subnet-0e5f6a7b (region-removed)",
      notBefore: "2026-12-07T02:10:00.000Z",
      due: true,
      source: "file",
    },
    {
      stack: "platform-yaml",
      urn: "urn:pulumi:platform-yaml::platform::qualys:index:ServiceAccount::gcp-old",
      resource: "gcp-old",
      cloud: "GCP",
      account: "analytics-prod-4411",
      region: "europe-west4",
      what: "delete VPC qualys-scan-vpc (deregistered)",
      notBefore: "2026-12-07T09:00:00.000Z",
      due: false,
      source: "file",
    },
  ];
  const unmanaged: DriftReport["unmanaged"] = [
    { subscription: SUB, type: "ServiceAccount", id: "88213", naturalKey: "AWS/210987654321", madeByPulumiElsewhere: false },
    { subscription: SUB, type: "TargetAccount", id: "88240", naturalKey: "AWS/210987654321/scanner-role", madeByPulumiElsewhere: false },
    {
      subscription: SUB,
      type: "NsxAuthRecord",
      id: "551002",
      naturalKey: "nsx-dc3 (made in the UI)",
      madeByPulumiElsewhere: false,
    },
    {
      subscription: SUB,
      type: "NsxAuthRecord",
      id: "551007",
      naturalKey: "nsx-legacy",
      madeByPulumiElsewhere: true,
      ownerHint: "security/legacy-prod",
    },
    {
      subscription: SUB,
      type: "GcpInternalScanJob",
      id: "job-7731",
      naturalKey: "weekly-adhoc (project analytics-prod-4411)",
      madeByPulumiElsewhere: false,
    },
  ];
  const coverage: DriftReport["coverage"] = [
    { subscription: SUB, type: "ServiceAccount", managed: 4, total: 5, ratio: 0.8 },
    { subscription: SUB, type: "TargetAccount", managed: 3, total: 4, ratio: 0.75 },
    { subscription: SUB, type: "NsxAuthRecord", managed: 2, total: 4, ratio: 0.5 },
    { subscription: SUB, type: "GcpInternalScanJob", managed: 1, total: 2, ratio: 0.5 },
  ];
  const stacks: DriftReport["stacks"] = [
    { stack: "platform-dev", project: "platform", cwd: "/srv/infra/platform", ok: true, resources: 6, durationMs: 8421 },
    { stack: "platform-yaml", project: "platform-yaml", cwd: "/srv/infra/platform-yaml", ok: true, resources: 5, durationMs: 7310 },
  ];
  return {
    version: DRIFT_REPORT_VERSION,
    generatedAt: "2026-12-07T06:00:12.345Z",
    stacks,
    resources,
    unmanaged,
    coverage,
    reminders,
    summary: summarise({ stacks, resources, unmanaged, reminders }),
    apiCalls: { reads: 31, writes: 0 },
    exitCode: 2,
    failOn: ["drift", "unmanaged"],
  };
}

/** A string that breaks every format that forgets to escape: markup, quotes, pipes, backticks, control characters. */
export const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)>]]>&amp;'|\`@team\u0000\u001b\n# heading`;

/** The sample with HOSTILE in every string a renderer shows, and a failed stack. */
export function hostileDriftReport(): DriftReport {
  const r = sampleDriftReport();
  const h = (s: string) => `${s}${HOSTILE}`;
  r.stacks.push({ stack: h("broken"), project: h("p"), cwd: h("/srv"), ok: false, error: h("login failed"), resources: 0, durationMs: 12 });
  r.summary.stacks += 1;
  r.summary.stacksFailed += 1;
  r.exitCode = 1;
  r.resources = r.resources.map((o) => ({
    ...o,
    stack: h(o.stack),
    name: h(o.name),
    type: h(o.type),
    id: o.id === undefined ? undefined : h(o.id),
    urn: h(o.urn),
    fields: o.fields.map((f) => ({ path: h(f.path), state: h(JSON.stringify(f.state)), qualys: { nested: HOSTILE } })),
    unobservable: o.unobservable.map(h),
    error: o.error && { kind: h(o.error.kind), message: h(o.error.message) },
  }));
  r.unmanaged = r.unmanaged.map((u) => ({
    ...u,
    subscription: h(u.subscription),
    type: h(u.type),
    id: h(u.id),
    naturalKey: h(u.naturalKey),
    ownerHint: h("owner"),
  }));
  r.coverage = r.coverage.map((c) => ({ ...c, subscription: h(c.subscription), type: h(c.type) }));
  r.reminders = r.reminders.map((m) => ({
    ...m,
    stack: h(m.stack),
    resource: h(m.resource),
    what: h(m.what),
    account: h(m.account),
    region: h(m.region),
    cloud: h(m.cloud),
  }));
  return r;
}

/** A fleet far past any comment limit: `n` drifted resources with long values, plus `n` unmanaged objects and due reminders. */
export function hugeDriftReport(n: number): DriftReport {
  const r = sampleDriftReport();
  const long = "x".repeat(5000);
  r.resources = Array.from({ length: n }, (_, i) =>
    outcome(`stack-${i % 7}`, "ServiceAccount", `account-${i}`, i % 3 === 0 ? "gone" : "drifted", {
      fields: Array.from({ length: 12 }, (_, k) => ({ path: `regions[${k}]`, state: `${long}-${k}`, qualys: null })),
    }),
  );
  r.unmanaged = Array.from({ length: n }, (_, i) => ({ ...r.unmanaged[0], id: String(90000 + i), naturalKey: `AWS/${100000000000 + i}` }));
  r.reminders = Array.from({ length: n }, (_, i) => ({ ...r.reminders[0], region: `region-${i}`, due: true }));
  r.summary = {
    ...r.summary,
    resources: n,
    inSync: 0,
    drifted: r.resources.filter((o) => o.status === "drifted").length,
    gone: r.resources.filter((o) => o.status === "gone").length,
    pending: 0,
    unreadable: 0,
    unmanaged: n,
    remindersDue: n,
  };
  return r;
}
