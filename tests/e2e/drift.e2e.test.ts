/**
 * `qualys-drift` end to end: the real CLI and engine, two stacks (TypeScript dynamic resources and
 * Pulumi YAML through the native plugin) in one backend, objects made by hand in the emulator, and
 * out-of-band changes (regions removed, NSX ips changed, a job deactivated, a record deleted). The
 * report must name exactly those, with no write call at the emulator, validate against the JSON
 * Schema, and hold no secret. Then the documented repair, `pulumi up --refresh`, leaves a clean
 * `preview --expect-no-changes`.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isWrite, QualysClients } from "../../provider/clients";
import type { DriftReport } from "../../provider/drift/model";
import { gcpInternalScanJobHandler } from "../../provider/resources/gcp-internal-scan-job/handler";
import { nsxAuthRecordHandler } from "../../provider/resources/nsx-auth-record/handler";
import { serviceAccountHandler } from "../../provider/resources/service-account/handler";
import { remindersFor } from "../../provider/shared/notices";
import { expectValidReport } from "../helpers/drift-report";
import { renderInChromium } from "../helpers/drift-report-browser";
import { emulatorEnv } from "../helpers/provider-harness";
import { nativeProject, type NativeProject } from "../helpers/native";
import { REPO, useE2E } from "../helpers/pulumi";

const E = useE2E(900_000);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const NSX_PASSWORD = "drift-e2e-nsx-password-0123";
const DRIFT_MAIN = join(REPO, "node_modules/pulumi-qualys/dist/provider/drift/main.js");
let yaml: NativeProject | undefined;
afterEach(() => yaml?.cleanup());

function drift(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [DRIFT_MAIN, ...args], { env, cwd: REPO, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

function checked<T>(
  handler: { check(o: Record<string, unknown>, n: Record<string, unknown>): { inputs: unknown } },
  raw: Record<string, unknown>,
): T {
  return handler.check({}, raw).inputs as T;
}

/** Objects someone made in the Qualys UI, or another stack: one of every type. */
async function handMade(url: string): Promise<void> {
  const clients = QualysClients.fromSources({ env: emulatorEnv({ url } as never) });
  const ctx = { clients: () => clients };
  try {
    await serviceAccountHandler.create(
      ctx,
      checked(serviceAccountHandler, { accountId: "555555555555", cloudType: "GCP", regions: ["us-east1"] }),
    );
    // The UI writes no owner marker: made through the client, not the handler (which always marks).
    await clients.nsx.create({ title: "NSX made in the UI", ips: ["10.50.0.1"], username: "u", password: "x-long-password-1" });
    await nsxAuthRecordHandler.create(
      ctx,
      checked(nsxAuthRecordHandler, {
        title: "NSX of a deleted stack",
        ips: ["10.60.0.1"],
        username: "u",
        password: "x-long-password-2",
        ownerHint: "platform/deleted-stack/nsx-old",
      }),
    );
    await gcpInternalScanJobHandler.create(
      ctx,
      checked(gcpInternalScanJobHandler, {
        title: "GCP job made in the UI",
        connectorName: "gcp-prod-connector",
        optionProfileTitle: "Qualys Recommended Option Profile",
        scannerNames: ["RM_GCP_SCANNER"],
        schedule: { type: "weekly", frequencyWeeks: 1, weekdays: ["Friday"], startHour: 1, startMinute: 0, timeZoneCode: "US-CA" },
      }),
    );
  } finally {
    await clients.close();
  }
}

test("two stacks + hand-made objects + out-of-band changes: the report names exactly those, writes nothing, validates; up --refresh repairs", async () => {
  // The YAML program's organisation has two member accounts; the stack manages one of them.
  await E.controlOk("POST", "service-accounts/123456789012/discovered-targets", ["210987654321", "210987654399"]);
  const ts = await E.stack("nsx-auth-records", { config: { nsxPassword: { value: NSX_PASSWORD, secret: true } } });
  await ts.stack.up();
  // The YAML stack lives in the same backend, so one drift run (one environment) reads both.
  yaml = await nativeProject(
    E.emu.url,
    { example: "yaml-all-resources" },
    { nsxPassword: { value: NSX_PASSWORD, secret: true } },
    {
      PULUMI_BACKEND_URL: ts.env.PULUMI_BACKEND_URL,
      PULUMI_HOME: ts.env.PULUMI_HOME,
    },
  );
  await yaml.pulumi(["up", "--yes"]);
  const tsOut = await ts.stack.outputs();
  const yamlOut = JSON.parse((await yaml.pulumi(["stack", "output", "--json"])).out) as Record<string, string>;
  await handMade(E.emu.url);
  // Nothing changed yet: a TypeScript stack's preview --refresh shows no `-password` on its NSX record.
  const quiet: string[] = [];
  await ts.stack.preview({ refresh: true, expectNoChanges: true, onOutput: (o) => quiet.push(o) });
  expect(quiet.join("")).not.toMatch(/password/);

  // Out of band: regions removed, NSX ips changed, a job deactivated, a record deleted.
  await E.controlOk("PATCH", "service-accounts/123456789012", { regions: ["us-east-1"] });
  await E.controlOk("PATCH", `nsx/${String(tsOut.basicId.value)}`, { ips: ["10.20.0.99"] });
  await E.controlOk("PATCH", `scan-jobs/${yamlOut.scanJobId}`, { active: false });
  await E.controlOk("DELETE", `nsx/${String(tsOut.vaultId.value)}`);

  // A reminder the provider wrote earlier (an account deregistered by a stack), due by the run's clock.
  const out = mkdtempSync(join(tmpdir(), "drift-out-"));
  dirs.push(out);
  const remindersFile = join(out, "reminders.jsonl");
  const reminder = remindersFor({
    accountId: "444444444444",
    cloudType: "AWS",
    cloudInfo: { "eu-west-1": { subnetId: "subnet-0abc" } },
    regions: ["eu-west-1"],
    reason: "deregistered",
    kinds: ["subnet"],
    now: new Date("2026-12-01T00:00:00Z"),
  })[0];
  writeFileSync(remindersFile, `${JSON.stringify({ ...reminder, project: "qualys-nsx-auth-records" })}\n`);

  // The Pulumi CLI's own codes for `preview --expect-no-changes` (docs/drift-detection.md): 7 on a change.
  expect((await yaml.pulumi(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true })).code).toBe(7);

  E.emu.resetCalls();
  const env = { ...(process.env as Record<string, string>), ...ts.env, QUALYS_CLEANUP_REMINDERS_FILE: remindersFile };
  const run = await drift(
    [
      ...["--cwd", join(REPO, "examples/nsx-auth-records"), "--stack", ts.name],
      ...["--cwd", yaml.dir, "--stack", "dev"],
      ...["--format", "json,markdown,junit,html", "--out", out, "--fail-on", "drift,unmanaged", "--now", "2026-12-02T00:00:00Z"],
    ],
    env,
  );
  expect(run.stderr).toMatch(/stack 1 of 2/);
  expect(run.stderr).toMatch(/stack 2 of 2/);
  expect(run.stdout).toBe(""); // reports went to --out
  expect(run.code).toBe(2);

  // Not one write reached "Qualys": every call was a GET, an action=list or a token.
  const calls = [...E.emu.log];
  expect(calls.length).toBeGreaterThan(0);
  expect(calls.filter((c) => isWrite({ method: c.method as "GET", path: c.path, body: c.body })).map((c) => c.label)).toEqual([]);

  const text = readFileSync(join(out, "drift-report.json"), "utf8");
  expectValidReport(text);
  const report = JSON.parse(text) as DriftReport;
  const byName = Object.fromEntries(report.resources.map((r) => [`${r.type}/${r.name}`, r]));
  expect(Object.fromEntries(Object.entries(byName).map(([k, r]) => [k, r.status]))).toEqual({
    "NsxAuthRecord/nsx-basic": "drifted",
    "NsxAuthRecord/nsx-vault-ad": "gone",
    "ServiceAccount/org": "drifted",
    "TargetAccount/payments": "in-sync",
    "GcpInternalScanJob/weekly": "drifted",
    "NsxAuthRecord/nsx": "in-sync",
  });
  expect(byName["NsxAuthRecord/nsx-basic"].fields).toEqual([{ path: "ips", state: ["10.20.0.10-10.20.0.12"], qualys: ["10.20.0.99"] }]);
  expect(byName["ServiceAccount/org"].fields).toEqual([{ path: "regions", state: ["us-east-1", "us-west-2"], qualys: ["us-east-1"] }]);
  expect(byName["GcpInternalScanJob/weekly"].fields).toEqual([{ path: "active", state: true, qualys: false }]);
  expect(byName["NsxAuthRecord/nsx"].unobservable).toEqual(["password"]);

  expect(report.unmanaged.map((u) => `${u.type}: ${u.naturalKey}${u.madeByPulumiElsewhere ? " (Pulumi elsewhere)" : ""}`).sort()).toEqual([
    "GcpInternalScanJob: GCP job made in the UI",
    "NsxAuthRecord: NSX made in the UI",
    "NsxAuthRecord: NSX of a deleted stack (Pulumi elsewhere)",
    "ServiceAccount: GCP 555555555555",
    "TargetAccount: 210987654399",
  ]);
  expect(report.coverage.find((c) => c.type === "NsxAuthRecord")).toMatchObject({ managed: 2, total: 4, ratio: 0.5 });
  expect(report.reminders).toEqual([
    expect.objectContaining({ stack: ts.name, account: "444444444444", region: "eu-west-1", due: true, source: "file" }),
  ]);
  expect(report.summary).toMatchObject({
    stacks: 2,
    stacksFailed: 0,
    resources: 6,
    inSync: 2,
    drifted: 3,
    gone: 1,
    unmanaged: 5,
    remindersDue: 1,
  });
  // The scan's own budget: one walk per type for the one subscription both stacks use.
  expect(report.apiCalls).toEqual({ reads: 4, writes: 0 });

  for (const file of ["drift-report.json", "drift-report.md", "drift-report.junit.xml", "drift-report.html"]) {
    const body = readFileSync(join(out, file), "utf8");
    expect(body).toContain("nsx-basic");
    for (const secret of [NSX_PASSWORD, "emulator-token-acme", "x-long-password"]) expect(body).not.toContain(secret);
  }

  // The run's own HTML page renders in Chromium and shows the run's figures, with a clean console.
  const page = await renderInChromium(readFileSync(join(out, "drift-report.html"), "utf8"));
  expect(page.figures).toMatchObject({
    stacks: "2",
    drifted: "3",
    "gone-from-qualys": "1",
    "unmanaged-objects": "5",
    "reminders-due": "1",
  });
  expect(page.driftedFields).toContainEqual(["active", "true", "false"]);
  expect(page.problems.console).toEqual([]);
  expect(page.externalRequests).toEqual([]);

  // The repair: `pulumi up --refresh` (a plain `up` compares the program with the unrefreshed state).
  await ts.stack.up({ refresh: true });
  await ts.stack.preview({ refresh: true, expectNoChanges: true });
  await yaml.pulumi(["up", "--refresh", "--yes"]);
  await yaml.pulumi(["preview", "--refresh", "--expect-no-changes"]);
  const again = await drift(
    [
      ...["--cwd", join(REPO, "examples/nsx-auth-records"), "--stack", ts.name],
      ...["--cwd", yaml.dir, "--stack", "dev"],
      "--fail-on",
      "drift",
    ],
    { ...env, QUALYS_CLEANUP_REMINDERS_FILE: "" },
  );
  expect(again.code).toBe(0);
  const clean = JSON.parse(again.stdout) as DriftReport; // stdout carries only the JSON report
  expectValidReport(clean);
  expect(clean.summary).toMatchObject({ drifted: 0, gone: 0, unreadable: 0, inSync: 6 });
  expect((await yaml.pulumi(["preview", "--refresh", "--expect-no-changes"])).code).toBe(0);

  // Qualys refuses the stacks' reads: the CLI exits 1; qualys-drift exits 1 too and still writes the
  // report, naming each unreadable resource with the error kind.
  E.emu.injectFault({ path: "/api/3.0/fo/auth/nsx", status: 403, times: 1000 });
  expect((await yaml.pulumi(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true })).code).toBe(1);
  const broken = await drift(["--cwd", join(REPO, "examples/nsx-auth-records"), "--stack", ts.name, "--fail-on", "drift"], {
    ...env,
    QUALYS_CLEANUP_REMINDERS_FILE: "",
  });
  expect(broken.code).toBe(1);
  const partial = JSON.parse(broken.stdout) as DriftReport;
  expectValidReport(partial);
  // The stack, and the unmanaged scan (it lists NSX records too), failed and say why.
  expect(partial.stacks).toContainEqual(expect.objectContaining({ stack: ts.name, ok: false, error: expect.any(String) }));
  expect(partial.resources.map((r) => [r.name, r.status, r.error?.kind]).sort()).toEqual([
    ["nsx-basic", "unreadable", "forbidden"],
    ["nsx-vault-ad", "unreadable", "forbidden"],
  ]);
});
