/**
 * The native plugin from a Pulumi YAML program (examples/yaml-all-resources: all four resources and
 * a read-only function), with the real CLI and YAML language host, against the emulator:
 * up → refresh → preview --expect-no-changes → out-of-band drift detected and repaired → destroy with
 * the CLEANUP REMINDER shown under the resource (engine log), and no secret in clear anywhere.
 */
import { controlOk, holdUntilAnswered, useEmulator } from "../helpers/emulator-client";
import { nativeProject, type NativeProject } from "../helpers/native";

jest.setTimeout(240_000);
const E = useEmulator();
const NSX_PASSWORD = "yaml-nsx-password-0123456789";
let project: NativeProject | undefined;
afterEach(() => project?.cleanup());

test("YAML: up → refresh → no-change preview → drift detected and repaired → destroy with reminders; secrets never in clear", async () => {
  await controlOk(E.emu, "POST", "service-accounts/123456789012/discovered-targets", ["210987654321"]);
  const p = (project = await nativeProject(
    E.emu.url,
    { example: "yaml-all-resources" },
    { nsxPassword: { value: NSX_PASSWORD, secret: true } },
  ));

  // getServiceAccounts does not depend on the account, so the engine may call it before or after
  // the register: the register is held until the lookup has been answered, so it must see none.
  const ordered = holdUntilAnswered(E.emu, { path: "/service-accounts/register" }, /^GET \/flexscan-api\/rest\/v1\/service-accounts$/);
  const up = await p.pulumi(["up", "--yes"]);
  await ordered;
  expect(up.out).toMatch(/\+ 5 created/);
  const outputs = JSON.parse((await p.pulumi(["stack", "output", "--json"])).out) as Record<string, unknown>;
  expect(outputs.paymentsRegions).toEqual(["us-east-1"]);
  expect(outputs.serviceAccountsBefore).toMatchObject({ items: [], pagesFetched: 1 });
  const nsx = await controlOk(E.emu, "GET", `nsx/${String(outputs.nsxId)}`);
  expect(nsx.password).toBe(NSX_PASSWORD); // it reached Qualys …

  await p.pulumi(["refresh", "--yes"]);
  await p.pulumi(["preview", "--expect-no-changes"]);

  // Drift: the scan job's title changed in Qualys behind the stack's back.
  await controlOk(E.emu, "PATCH", `scan-jobs/${String(outputs.scanJobId)}`, { title: "changed out of band" });
  const drift = await p.pulumi(["preview", "--refresh", "--diff"], {});
  expect(drift.out).toMatch(/~ title: "changed out of band" => "GCP weekly internal scan \(YAML\)"/);
  await p.pulumi(["up", "--refresh", "--yes"]);
  expect((await controlOk(E.emu, "GET", `scan-jobs/${String(outputs.scanJobId)}`)).title).toBe("GCP weekly internal scan (YAML)");
  // This run's lookup came after the registration (the account existed before the program ran).
  const after = JSON.parse((await p.pulumi(["stack", "output", "--json"])).out) as Record<string, any>;
  expect(after.serviceAccountsBefore.items.map((a: { accountId: string }) => a.accountId)).toEqual(["123456789012"]);
  await p.pulumi(["preview", "--refresh", "--expect-no-changes"]);

  const destroy = await p.pulumi(["destroy", "--yes"]);
  // The reminder arrives through the engine log, shown under the resource (the plugin's stderr is hidden).
  expect(destroy.out).toMatch(
    /qualys:index:ServiceAccount \(org\):\s+warning: \[qualys\] CLEANUP REMINDER\s+- Qualys does not delete the subnet/,
  );
  expect((await controlOk(E.emu, "GET", "nsx")).records).toEqual([]);

  // … and never appears in clear: not in the state (every checkpoint and backup), not in CLI output.
  const state = p.stateFileText();
  expect(state).toContain("passwordHash");
  for (const secret of [NSX_PASSWORD, "emulator-token-acme"]) {
    expect(state).not.toContain(secret);
    expect(p.transcript.join("\n")).not.toContain(secret);
  }
});
