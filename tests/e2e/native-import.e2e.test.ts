/**
 * `pulumi import` with the native plugin, real CLI + YAML host, against the emulator:
 *  - one object of each of the four types, made behind Pulumi's back (through the Qualys API of the
 *    emulator, with settings the API never reports: scanInterval 48, [os, sca], tag filters), is
 *    imported; the generated YAML program then previews with no change, and the import warned about
 *    each unreported field (left out of the generated code; an update is refused until it is set). A basic-login NSX record needs its
 *    password in the program: the preview then shows that one change only.
 *  - a stack of dynamic resources moves to the native plugin without re-creating anything:
 *    `pulumi state delete` + `pulumi import` (docs/native-provider.md, "Migrating").
 */
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { QualysClients } from "../../provider/clients";
import { resourceNamed } from "../../provider/resources";
import { callCounts, controlOk, useEmulator } from "../helpers/emulator-client";
import { nativeProject, type NativeProject } from "../helpers/native";
import { REPO, createExampleStack } from "../helpers/pulumi";

jest.setTimeout(240_000);
const E = useEmulator();
const projects: NativeProject[] = [];
afterEach(() => projects.splice(0).forEach((p) => p.cleanup()));

const HEADER = "name: qualys-import\nruntime: yaml\nconfig:\n  nsxPassword:\n    type: string\n    secret: true\n";

/** Create an object the way another tool would: straight through the Qualys API (the emulator's). */
async function outOfBand(type: string, raw: Record<string, unknown>): Promise<string> {
  const url = E.emu.url;
  const clients = QualysClients.fromSources({
    stack: { "qualys:apiUrl": url, "qualys:gatewayUrl": url, "qualys:portalUrl": url, "qualys:token": "emulator-token-acme" },
    env: {},
  });
  try {
    const h = resourceNamed(type)!.handler as unknown as {
      check(o: object, n: object): { inputs: object; failures: unknown[] };
      create(ctx: object, i: object): Promise<{ id: string }>;
    };
    const c = h.check({}, raw);
    expect(c.failures).toEqual([]);
    return (await h.create({ clients: () => clients }, c.inputs)).id;
  } finally {
    await clients.close();
  }
}

test("import of each type, made out of band: warnings name what Qualys cannot report; the generated program previews with no change", async () => {
  await controlOk(E.emu, "POST", "service-accounts/999988887777/discovered-targets", ["888877776666"]);
  const ids = {
    org: await outOfBand("ServiceAccount", {
      accountId: "999988887777",
      cloudType: "AWS",
      regions: ["us-east-1"],
      scanInterval: 48,
      vmScanTypes: ["os", "sca"],
      mustHaveTags: ["team=sec"],
    }),
    target: await outOfBand("TargetAccount", { accountId: "888877776666", serviceAccountId: "999988887777", regions: ["us-east-1"] }),
    job: await outOfBand("GcpInternalScanJob", {
      title: "out-of-band job",
      connectorName: "gcp-prod-connector",
      optionProfileTitle: "Qualys Recommended Option Profile",
      scannerNames: ["RM_GCP_SCANNER"],
      regionCode: "us-east1",
      tags: { setBy: "name", include: ["GCP_Targets"] },
      schedule: { type: "daily", frequencyDays: 1, startHour: 3, startMinute: 0, timeZoneCode: "US-CA" },
    }),
    vault: await outOfBand("NsxAuthRecord", {
      title: "out-of-band vault",
      ips: ["10.9.9.10"],
      username: "u2",
      loginType: "vault",
      vaultType: "HashiCorp",
      vaultId: 4980801,
      secretKvPath: "/tmp",
      secretKvName: "adnsx",
    }),
    basic: await outOfBand("NsxAuthRecord", {
      title: "out-of-band basic",
      ips: ["10.9.9.9"],
      username: "u1",
      password: "old-password-0123456789",
    }),
  };
  const types = {
    org: "ServiceAccount",
    target: "TargetAccount",
    job: "GcpInternalScanJob",
    vault: "NsxAuthRecord",
    basic: "NsxAuthRecord",
  };
  const p = await nativeProject(E.emu.url, { yaml: HEADER }, { nsxPassword: { value: "new-password-0123456789", secret: true } });
  projects.push(p);
  const file = join(p.dir, "import.json");
  writeFileSync(
    file,
    JSON.stringify({
      resources: Object.entries(ids).map(([name, id]) => ({ type: `qualys:index:${types[name as keyof typeof types]}`, name, id })),
    }),
  );
  const imp = await p.pulumi(["import", "--file", file, "--yes", "--protect=false", "--out", join(p.dir, "generated.yaml")]);
  expect(imp.out).toMatch(/= 5 imported/);
  // Each field Qualys cannot report is named, with what the next update sends.
  expect(imp.out).toMatch(
    /ServiceAccount 999988887777: Qualys does not report atLeastOneTag, mustHaveTags, noneOfTheTag, resourceTypes, scanInterval, vmScanTypes, so the import could not see their live value and left them out of the imported inputs.*any update of it is refused/,
  );
  expect(imp.out).toMatch(/TargetAccount 888877776666: Qualys does not report .*scanInterval/);
  expect(imp.out).toMatch(/GcpInternalScanJob \d+: Qualys does not report cloudResourceIds, notifications, schedule\.recurrence/);
  expect(imp.out).toMatch(/NsxAuthRecord \d+: cannot be read back from Qualys: password: .*Set `password` in the program/);

  // The generated code as the program (plus the password, which cannot be imported): no change but the password.
  const generated = readFileSync(join(p.dir, "generated.yaml"), "utf8");
  const program = `${HEADER}${generated.replace(/(\n {2}basic:\n {4}type: qualys:NsxAuthRecord\n {4}properties:\n)/, "$1      password: ${nsxPassword}\n")}`;
  expect(program).toContain("password: ${nsxPassword}");
  p.writeProgram(program);
  const preview = await p.pulumi(["preview", "--diff"]);
  expect(preview.out).toMatch(/~ 1 to update/);
  expect(preview.out).toMatch(/~ qualys:index:NsxAuthRecord: \(update\)[\s\S]*password/);
  // Without the basic record the rest is exactly what Qualys has: no change at all.
  await p.pulumi(["state", "delete", `urn:pulumi:dev::qualys-import::qualys:index:NsxAuthRecord::basic`, "--yes"]);
  p.writeProgram(
    `${HEADER}${generated.replace(/\n {2}basic:\n {4}type: qualys:NsxAuthRecord\n {4}properties:\n( {6}.*\n| {8}.*\n)*/, "\n")}`,
  );
  await p.pulumi(["preview", "--expect-no-changes"]);
  expect(p.stateFileText()).not.toContain("old-password-0123456789");
});

test("migrating a dynamic-resource stack to the native plugin re-creates nothing (state delete + import)", async () => {
  // The dynamic stack: examples/gcp-service-account (TypeScript, pulumi-qualys's dynamic ServiceAccount).
  const dyn = await createExampleStack("gcp-service-account", { emulatorUrl: E.emu.url });
  try {
    await dyn.stack.up();
    const urn = (await dyn.stack.exportStack()).deployment.resources.find((r: { type: string }) => r.type.endsWith("ServiceAccount"))
      .urn as string;
    const calls0 = await calls();
    // 1. Forget it in the dynamic stack (nothing is sent to Qualys) …
    await new Promise<void>((resolve, reject) =>
      execFile(
        "pulumi",
        ["state", "delete", urn, "--stack", dyn.name, "--yes", "--non-interactive"],
        { cwd: join(REPO, "examples/gcp-service-account"), env: { ...process.env, ...dyn.env } },
        (e, _o, err) => (e ? reject(new Error(err)) : resolve()),
      ),
    );
    // 2. … and import it into the native one; its generated code previews with no change.
    const header = "name: qualys-migrated\nruntime: yaml\n";
    const p = await nativeProject(E.emu.url, { yaml: header });
    projects.push(p);
    await p.pulumi([
      "import",
      "qualys:index:ServiceAccount",
      "gcp-project",
      "my-gcp-project-123",
      "--yes",
      "--protect=false",
      "--out",
      join(p.dir, "gen.yaml"),
    ]);
    p.writeProgram(`${header}${readFileSync(join(p.dir, "gen.yaml"), "utf8")}`);
    await p.pulumi(["preview", "--expect-no-changes"]);
    // Nothing was re-created: no register or deregister reached Qualys during the move.
    const calls1 = await calls();
    expect(Object.keys(calls1).filter((k) => /register/.test(k) && calls1[k] !== calls0[k])).toEqual([]);
  } finally {
    await dyn.cleanup();
  }
});

async function calls(): Promise<Record<string, number>> {
  return (await callCounts(E.emu)).calls;
}
