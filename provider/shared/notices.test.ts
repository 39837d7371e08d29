/** Cleanup reminders: what they say, and where they go (stderr and the GitOps file). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  publishReminders,
  REMINDERS_FILE_ENV,
  remindersFor,
  warn,
  withNoticeSink,
  type CleanupReminder,
  type ReminderRecord,
} from "./notices";
import { forgetSecretsForTests, registerSecret } from "./redact";

const NOW = new Date("2026-05-28T11:35:00.000Z");
const FOUR_HOURS_LATER = "2026-05-28T15:35:00.000Z";

const gcpInfo = {
  "us-east1": {
    vpcId: "projects/p1/global/networks/qualys-scan-vpc",
    subnetId: "projects/p1/regions/us-east1/subnetworks/qualys-scan-subnet-us-east1",
  },
  "us-west1": {
    vpcId: "projects/p1/global/networks/qualys-scan-vpc",
    subnetId: "projects/p1/regions/us-west1/subnetworks/qualys-scan-subnet-us-west1",
  },
};
const azureInfo = {
  eastus: {
    vnetId: "/subscriptions/s1/vnets/qualys-vnet-eastus",
    subnetId: "/subscriptions/s1/vnets/qualys-vnet-eastus/subnets/qualys-subnet",
    storageAccountName: "qualysstore1",
  },
};

let warnings: string[];
beforeEach(() => {
  warnings = [];
  jest.spyOn(console, "warn").mockImplementation((m: unknown) => void warnings.push(String(m)));
});
afterEach(() => jest.restoreAllMocks());

describe("remindersFor", () => {
  test("region removal: the removed region's subnet only", () => {
    const r = remindersFor({
      accountId: "p1",
      cloudType: "GCP",
      cloudInfo: gcpInfo,
      regions: ["us-west1"],
      reason: "region-removed",
      kinds: ["subnet"],
      now: NOW,
    });
    expect(r).toEqual([
      {
        kind: "subnet",
        resourceId: gcpInfo["us-west1"].subnetId,
        cloudType: "GCP",
        accountId: "p1",
        region: "us-west1",
        reason: "region-removed",
        triggeredAt: NOW.toISOString(),
        notBefore: FOUR_HOURS_LATER,
        message: expect.any(String),
      },
    ]);
    const m = r[0].message;
    for (const s of [gcpInfo["us-west1"].subnetId, "us-west1", "p1", "GCP", FOUR_HOURS_LATER, "removed"]) expect(m).toContain(s);
    expect(m).not.toContain("qualys-scan-vpc");
  });

  test("deregistration (GCP): each region's subnet and the VPC, the shared VPC named once", () => {
    const r = remindersFor({
      accountId: "p1",
      cloudType: "GCP",
      cloudInfo: gcpInfo,
      regions: ["us-east1", "us-west1"],
      reason: "deregistered",
      kinds: ["subnet", "vpc", "vnet"],
      now: NOW,
    });
    expect(r.map((x) => [x.kind, x.region, x.resourceId])).toEqual([
      ["subnet", "us-east1", gcpInfo["us-east1"].subnetId],
      ["vpc", "us-east1", gcpInfo["us-east1"].vpcId],
      ["subnet", "us-west1", gcpInfo["us-west1"].subnetId],
    ]);
    for (const x of r) {
      expect(x.reason).toBe("deregistered");
      expect(x.notBefore).toBe(FOUR_HOURS_LATER);
      expect(x.message).toContain(x.resourceId);
      expect(x.message).toContain(x.region);
      expect(x.message).toContain("p1");
      expect(x.message).toContain("deregistered");
    }
  });

  // The remindersFor calls below are alike in shape on purpose: each spells out every input of the case it checks.
  test("deregistration (Azure): subnet and VNet; other cloudInfo keys are not infrastructure to delete", () => {
    const r = remindersFor({
      accountId: "s1",
      cloudType: "AZURE",
      cloudInfo: azureInfo,
      regions: ["eastus"],
      reason: "deregistered",
      kinds: ["subnet", "vpc", "vnet"],
      now: NOW,
    });
    expect(r.map((x) => [x.kind, x.resourceId])).toEqual([
      ["subnet", azureInfo.eastus.subnetId],
      ["vnet", azureInfo.eastus.vnetId],
    ]);
    expect(r.map((x) => x.message).join("\n")).not.toContain("qualysstore1");
  });

  test("notBefore is 4 h after now, and the reminder says so", () => {
    const now = new Date("2026-12-31T22:10:05.123Z");
    const [r] = remindersFor({
      accountId: "a",
      cloudType: "AWS",
      cloudInfo: { "us-east-1": { subnetId: "subnet-1" } },
      regions: ["us-east-1"],
      reason: "region-removed",
      kinds: ["subnet"],
      now,
    });
    expect(r.triggeredAt).toBe(now.toISOString());
    expect(r.notBefore).toBe("2027-01-01T02:10:05.123Z");
    expect(r.message).toContain("by hand after 2027-01-01T02:10:05.123Z (4 h after");
  });

  test("a region whose ids Qualys did not report still gets a reminder saying what to look for", () => {
    const r = remindersFor({
      accountId: "p1",
      cloudType: "GCP",
      cloudInfo: undefined,
      regions: ["europe-west1"],
      reason: "region-removed",
      kinds: ["subnet"],
      now: NOW,
    });
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ kind: "subnet", region: "europe-west1", accountId: "p1" });
    expect(r[0].resourceId).toMatch(/europe-west1.*not reported/);
  });

  test("no regions, no reminders", () => {
    expect(
      remindersFor({
        accountId: "p1",
        cloudType: "GCP",
        cloudInfo: gcpInfo,
        regions: [],
        reason: "region-removed",
        kinds: ["subnet"],
        now: NOW,
      }),
    ).toEqual([]);
  });
});

describe("publishReminders", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "qualys-reminders-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const make = (region: string) =>
    remindersFor({
      accountId: "p1",
      cloudType: "GCP",
      cloudInfo: gcpInfo,
      regions: [region],
      reason: "region-removed",
      kinds: ["subnet"],
      now: NOW,
    });

  test("appends one JSON line per reminder to the file named by QUALYS_CLEANUP_REMINDERS_FILE", () => {
    const file = join(dir, "reminders.jsonl");
    writeFileSync(file, '{"earlier":true}\n');
    const first = make("us-west1");
    const second = [...make("us-east1"), ...make("us-west1")];
    publishReminders(first, { [REMINDERS_FILE_ENV]: file });
    publishReminders(second, { [REMINDERS_FILE_ENV]: file });
    const lines = readFileSync(file, "utf8").split("\n");
    expect(lines.at(-1)).toBe("");
    const parsed = lines.filter(Boolean).map((l) => JSON.parse(l) as CleanupReminder);
    expect(parsed).toEqual([{ earlier: true }, ...first, ...second]);
  });

  test("each line names its stack, project and URN when the call carries a URN (native plugin)", () => {
    const file = join(dir, "native.jsonl");
    const urn = "urn:pulumi:prod::platform::qualys:index:ServiceAccount::gcp-main";
    const r = make("us-west1");
    withNoticeSink(
      () => undefined,
      () => publishReminders(r, { [REMINDERS_FILE_ENV]: file, PULUMI_PROJECT: "other" }),
      urn,
    );
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ ...r[0], stack: "prod", project: "platform", urn });
  });

  test("without a URN (dynamic provider) the line names what the environment says: project, and stack when exported", () => {
    const file = join(dir, "dynamic.jsonl");
    const r = make("us-west1");
    publishReminders(r, { [REMINDERS_FILE_ENV]: file, PULUMI_PROJECT: "platform" });
    publishReminders(r, { [REMINDERS_FILE_ENV]: file, PULUMI_PROJECT: "platform", PULUMI_STACK: "prod" });
    const [a, b] = readFileSync(file, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as ReminderRecord);
    expect(a).toEqual({ ...r[0], project: "platform" });
    expect(b).toEqual({ ...r[0], project: "platform", stack: "prod" });
  });

  test("writes the reminders to console.warn (the CLI's diagnostics)", () => {
    const r = make("us-west1");
    publishReminders(r, {});
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("CLEANUP REMINDER");
    expect(warnings[0]).toContain(r[0].message);
  });

  test("uses process.env by default", () => {
    const file = join(dir, "from-process-env.jsonl");
    const before = process.env[REMINDERS_FILE_ENV];
    process.env[REMINDERS_FILE_ENV] = file;
    try {
      publishReminders(make("us-east1"));
    } finally {
      if (before === undefined) delete process.env[REMINDERS_FILE_ENV];
      else process.env[REMINDERS_FILE_ENV] = before;
    }
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ region: "us-east1", kind: "subnet" });
  });

  test("nothing to say: no warning, no file", () => {
    const file = join(dir, "none.jsonl");
    publishReminders([], { [REMINDERS_FILE_ENV]: file });
    expect(warnings).toEqual([]);
    expect(() => readFileSync(file)).toThrow();
  });

  test("an unwritable file does not fail the operation; it is reported", () => {
    expect(() => publishReminders(make("us-west1"), { [REMINDERS_FILE_ENV]: dir })).not.toThrow();
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toContain(REMINDERS_FILE_ENV);
    expect(warnings[1]).toContain(dir);
  });

  test("what is printed is redacted", () => {
    forgetSecretsForTests();
    registerSecret("p1-secret-project");
    const r = remindersFor({
      accountId: "p1-secret-project",
      cloudType: "GCP",
      cloudInfo: {},
      regions: ["us-east1"],
      reason: "deregistered",
      kinds: ["subnet"],
      now: NOW,
    });
    publishReminders(r, {});
    warn("token is p1-secret-project");
    expect(warnings.join("\n")).not.toContain("p1-secret-project");
    expect(warnings[1]).toBe("[qualys] token is [REDACTED]");
    forgetSecretsForTests();
  });
});
