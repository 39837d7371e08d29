/**
 * One owner per Qualys object, through the real CLI (docs/failure-model.md, "Ownership" and "Import"):
 *  - two resources of one stack with the same natural key are refused at preview, naming both, with
 *    no call to Qualys: a TypeScript stack (the SDK's program-side check) and a YAML stack (the native
 *    plugin's Check);
 *  - two backends with the same project and stack names do not share an NSX record: the second
 *    stack's create is refused, naming the first as owner, and so is its `adopt: true`;
 *  - an imported TargetAccount is not updated while the program leaves out the tag lists Qualys
 *    does not report: the update is refused naming them, and no setup reaches Qualys.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { nativeProject, type NativeProject } from "../helpers/native";
import { failureText, useE2E } from "../helpers/pulumi";

const E = useE2E(300_000);
const projects: NativeProject[] = [];
afterEach(() => projects.splice(0).forEach((p) => p.cleanup()));

const NSX_CALLS = /\/api\/3\.0\/fo\/auth\/nsx\//;
const nsxCalls = () =>
  Object.entries(E.emu.calls())
    .filter(([k]) => NSX_CALLS.test(k))
    .reduce((n, [, v]) => n + v, 0);

/** A vault-login NSX record in YAML (no password to handle). */
const record = (name: string, title: string, extra = "") => `  ${name}:
    type: qualys:NsxAuthRecord
    properties:
      title: ${JSON.stringify(title)}
      ips: ["10.50.0.1"]
      username: nsxuser
      loginType: vault
      vaultType: HashiCorp
      vaultId: 4980801
      secretKvName: adnsx
${extra}`;

test("TypeScript stack: two NsxAuthRecords with one title fail preview naming both, before any call", async () => {
  const s = await E.stack("nsx-auth-records", {
    config: {
      "qualys-nsx-auth-records:nsxPassword": { value: "E2e-Own-Pa55word-1", secret: true },
      "qualys-nsx-auth-records:basicTitle": { value: "NSX Manager (HashiCorp AD)" },
    },
  });
  E.emu.resetCalls();
  const text = await failureText(s.stack.preview());
  expect(text).toMatch(
    /NsxAuthRecord "nsx-(basic|vault-ad)": title "NSX Manager \(HashiCorp AD\)" is also the title of NsxAuthRecord "nsx-(basic|vault-ad)" in this stack/,
  );
  expect(text).toContain('"nsx-basic"');
  expect(text).toContain('"nsx-vault-ad"');
  expect(nsxCalls()).toBe(0);
});

test("YAML stack (native plugin): two NsxAuthRecords with one title fail preview naming both URNs, before any call", async () => {
  const p = await nativeProject(E.emu.url, {
    yaml: `name: qualys-own\nruntime: yaml\nresources:\n${record("a", "Same title")}${record("b", "Same title")}`,
  });
  projects.push(p);
  E.emu.resetCalls();
  const r = await p.pulumi(["preview"], { allowFailure: true });
  expect(r.code).not.toBe(0);
  expect(r.out).toMatch(
    /urn:pulumi:dev::qualys-own::qualys:index:NsxAuthRecord::(a|b): title "Same title" is also the title of NsxAuthRecord urn:pulumi:dev::qualys-own::qualys:index:NsxAuthRecord::(a|b) in this stack/,
  );
  expect(nsxCalls()).toBe(0);
});

test("two backends with the same project and stack names do not share an NSX record; adopt: true does not take the other's", async () => {
  const yaml = (adopt: boolean, username = "nsxuser") =>
    `name: qualys-own\nruntime: yaml\nresources:\n${record("rec", "Team record", adopt ? "      adopt: true\n" : "").replace("username: nsxuser", `username: ${username}`)}`;
  const first = await nativeProject(E.emu.url, { yaml: yaml(false) });
  const second = await nativeProject(E.emu.url, { yaml: yaml(false, "second-team") });
  projects.push(first, second);
  await first.pulumi(["up", "--yes"]);
  const mine = async () =>
    (await E.controlOk<{ records: Array<{ title: string; username?: string; comments?: string }> }>("GET", "nsx")).records.filter(
      (r) => r.title === "Team record",
    );
  const before = await mine();
  expect(before).toHaveLength(1);
  expect(before[0].comments).toMatch(/^\[pulumi:[0-9a-f]{32} qualys-own\/dev\/rec\]$/);

  const up = await second.pulumi(["up", "--yes"], { allowFailure: true });
  expect(up.code).not.toBe(0);
  expect(up.out).toContain('is managed by another Pulumi resource (it says it is "qualys-own/dev/rec"');
  expect(up.out).not.toMatch(/To manage it from this stack set `adopt: true`/);
  second.writeProgram(yaml(true, "second-team"));
  const adopt = await second.pulumi(["up", "--yes"], { allowFailure: true });
  expect(adopt.code).not.toBe(0);
  expect(adopt.out).toContain("cannot take it over, not even with `adopt: true`");
  // Qualys still has the first team's record, untouched; the second stack holds nothing.
  expect(await mine()).toEqual(before);
  expect(second.stateFileText()).not.toMatch(/NsxAuthRecord::rec[^]*"id":/);
});

test("an imported TargetAccount is not updated while the program leaves out the tag lists Qualys does not report", async () => {
  await E.controlOk("POST", "service-accounts/999911112222/discovered-targets", ["888833334444"]);
  const p = await nativeProject(E.emu.url, {
    yaml: `name: qualys-own-import\nruntime: yaml\nresources:\n  org:\n    type: qualys:ServiceAccount\n    properties:\n      accountId: "999911112222"\n      cloudType: AWS\n      regions: ["us-east-1"]\n  t:\n    type: qualys:TargetAccount\n    properties:\n      accountId: "888833334444"\n      serviceAccountId: \${org.accountId}\n      regions: ["us-east-1"]\n      mustHaveTags: []\n      noneOfTheTag: ["skip=true"]\n`,
  });
  projects.push(p);
  await p.pulumi(["up", "--yes"]);
  // Forget the target in the stack, then import it as a new program would.
  await p.pulumi(["state", "delete", "urn:pulumi:dev::qualys-own-import::qualys:index:TargetAccount::t", "--yes"]);
  const imp = await p.pulumi([
    "import",
    "qualys:index:TargetAccount",
    "t",
    "888833334444",
    "--yes",
    "--protect=false",
    "--out",
    join(p.dir, "gen.yaml"),
  ]);
  expect(imp.out).toMatch(
    /TargetAccount 888833334444: Qualys does not report atLeastOneTag, mustHaveTags, noneOfTheTag, resourceTypes, scanInterval, vmScanTypes/,
  );
  const generated = readFileSync(join(p.dir, "gen.yaml"), "utf8");
  expect(generated).not.toMatch(/importUnconfirmed|mustHaveTags|noneOfTheTag/);
  const program = readFileSync(join(p.dir, "Pulumi.yaml"), "utf8").split("\nplugins:")[0];
  const withoutTarget = program.replace(/\n {2}t:\n( {4}.*\n| {6}.*\n)*/, "\n");
  p.writeProgram(`${withoutTarget}${generated.replace(/^resources:\n/, "")}`);
  await p.pulumi(["preview", "--expect-no-changes"]);
  // A change (the scan interval) would send the tag lists as inherit: refused, nothing sent.
  E.emu.resetCalls();
  p.writeProgram(`${withoutTarget}${generated.replace(/^resources:\n/, "").replace(/(\n {6}regions:)/, "\n      scanInterval: 48$1")}`);
  const up = await p.pulumi(["up", "--yes"], { allowFailure: true });
  expect(up.code).not.toBe(0);
  expect(up.out).toMatch(/TargetAccount 888833334444 was imported, and Qualys does not report .*mustHaveTags.*Nothing was sent/s);
  expect(E.emu.calls()["POST /target-accounts/setup"]).toBeUndefined();
});
