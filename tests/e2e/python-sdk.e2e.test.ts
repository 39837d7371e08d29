/**
 * Python programs end to end: examples/python-platform (all four resources and two read-only
 * functions through the generated SDK, sdk/python) run by the real Pulumi CLI with the Python
 * language host and virtualenv of scripts/python-toolchain.sh, the native plugin of the staged
 * package, against the emulator. up → refresh → no-change preview → drift detected and repaired →
 * `pulumi import --out` to a Python file → destroy with the reminders; no credential or NSX password in clear in state or CLI output.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultPolicies } from "../../emulator/services/readonly/policy";
import { controlOk, holdUntilAnswered } from "../helpers/emulator-client";
import { useE2E } from "../helpers/pulumi";
import { destroyPlatformWithoutSecrets, type NativeProject } from "../helpers/native";
import { pythonProject, pythonVenv } from "../helpers/python";

const E = useE2E(600_000);
const NSX_PASSWORD = "py-nsx-Secret-4242";
const ORG = "123456789012";
const PAYMENTS = "210987654321";
/** The service-account listing (label without the query), as getServiceAccounts calls it. */
const ACCOUNT_LIST = /^GET \/flexscan-api\/rest\/v1\/service-accounts$/;

let p: NativeProject | undefined;
afterEach(() => p?.cleanup());

test("python-platform: up → refresh → no-change preview → drift repaired → import --out Python → destroy with reminders; secrets never in clear", async () => {
  await controlOk(E.emu, "POST", `service-accounts/${ORG}/discovered-targets`, [PAYMENTS]);
  p = await pythonProject("python-platform", E.emu.url, {
    nsxPassword: { value: NSX_PASSWORD, secret: true },
    // CloudView and the policy lookup accept only Basic auth: the emulator's user of the same tenant.
    "qualys:username": { value: "acme_user" },
    "qualys:password": { value: "acme-password", secret: true },
  });

  // getServiceAccounts does not depend on the account, so the engine may call it before or after
  // the register: the register is held until the lookup has been answered, so it must see none.
  const ordered = holdUntilAnswered(E.emu, { path: "/service-accounts/register" }, ACCOUNT_LIST);
  const up = await p.pulumi(["up", "--yes"]);
  await ordered;
  expect(up.out).toMatch(/\+ 5 created/);
  const outputs = JSON.parse((await p.pulumi(["stack", "output", "--json"])).out) as Record<string, unknown>;
  expect(outputs).toMatchObject({ orgState: "REGISTERED", paymentsRegions: ["us-east-1"], paymentsScanInterval: 24 });
  // The two read-only functions answered from the emulator's seed data.
  expect(outputs.policyId).toBe(defaultPolicies().find((x) => x.title === "AssetTagPolicy-1")?.id);
  expect(outputs.serviceAccountCount).toBe(0); // looked up before the account was registered (held above)
  const nsx = await controlOk(E.emu, "GET", `nsx/${String(outputs.nsxId)}`);
  expect(nsx.password).toBe(NSX_PASSWORD); // it reached Qualys …

  await p.pulumi(["refresh", "--yes"]);
  await p.pulumi(["preview", "--expect-no-changes"]);

  // Drift: someone widens the payments account to a second region in the Qualys UI.
  await controlOk(E.emu, "PATCH", `target-accounts/${PAYMENTS}`, { regions: ["us-east-1", "us-west-2"] });
  const drift = await p.pulumi(["preview", "--refresh", "--diff"]);
  expect(drift.out).toMatch(/~ qualys:index:TargetAccount: \(update\)[\s\S]*payments/);
  await p.pulumi(["up", "--refresh", "--yes"]);
  expect((await controlOk(E.emu, "GET", `target-accounts/${PAYMENTS}`)).regions).toEqual(["us-east-1"]);
  // This run's lookup came after the registration (the account existed before the program ran).
  expect(JSON.parse((await p.pulumi(["stack", "output", "--json"])).out)).toMatchObject({ serviceAccountCount: 1 });
  await p.pulumi(["preview", "--refresh", "--expect-no-changes"]);

  // pulumi import --out to Python: the NSX record, under a second name. GenerateProgram comes from
  // our front of the v3.68 host (sdkgen/pythonhost); the password cannot be read back, and says so.
  const out = join(p.dir, "imported.py");
  const imp = await p.pulumi([
    "import",
    "qualys:index:NsxAuthRecord",
    "imported-nsx",
    String(outputs.nsxId),
    "--yes",
    "--protect=false",
    "--out",
    out,
  ]);
  expect(imp.out).toMatch(/= 1 imported/);
  expect(imp.out).toMatch(/cannot be read back from Qualys: password/);
  const code = readFileSync(out, "utf8");
  expect(code).toContain("import pulumi_qualys as qualys");
  expect(code).toMatch(/qualys\.NsxAuthRecord\("imported-nsx",[\s\S]*title="NSX Manager \(Python\)"/);
  expect(code).toContain('ips=["10.20.0.10-10.20.0.12"]');
  execFileSync(join(pythonVenv(), "bin/python"), ["-m", "py_compile", out]);
  // The record is managed by nsx-basic: forget the second name again before destroy.
  await p.pulumi(["state", "delete", "urn:pulumi:dev::qualys-python-platform::qualys:index:NsxAuthRecord::imported-nsx", "--yes"]);

  // … and the password never appears in clear, nor do the credentials.
  await destroyPlatformWithoutSecrets(p, async () => (await controlOk<{ records: unknown[] }>(E.emu, "GET", "nsx")).records, [
    NSX_PASSWORD,
    "emulator-token-acme",
    "acme-password",
  ]);
});
