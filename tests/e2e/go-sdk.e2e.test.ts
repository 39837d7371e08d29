/**
 * Go programs end to end: examples/go-platform (all four resources and a read-only function through
 * the generated SDK, sdk/go) run by the real Pulumi CLI with our Go language host (sdkgen/gohost,
 * built by scripts/go-toolchain.sh), the native plugin of the staged package, against the emulator:
 * up → refresh → no-change preview → destroy with the cleanup reminders; no credential or NSX password
 * in clear in state or CLI output.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { defaultPolicies } from "../../emulator/services/readonly/policy";
import { controlOk } from "../helpers/emulator-client";
import { destroyPlatformWithoutSecrets, nativeProject, type NativeProject } from "../helpers/native";
import { REPO, pulumiBinDir, useE2E } from "../helpers/pulumi";

const E = useE2E(900_000);
const NSX_PASSWORD = "go-nsx-Secret-4242";
const ORG = "123456789012";
const PAYMENTS = "210987654321";

/** The directory holding pulumi-language-go (test.sh provides it before jest; built here only when run alone). */
function goHostDir(): string {
  const fromEnv = process.env.PULUMI_QUALYS_GOHOST;
  if (fromEnv) return fromEnv;
  const out = execFileSync("bash", [join(REPO, "scripts/go-toolchain.sh")], { cwd: REPO, encoding: "utf8" });
  return out.trim().split("\n").pop() ?? "";
}

let p: NativeProject | undefined;
afterEach(() => p?.cleanup());

test("go-platform: up → refresh → no-change preview → destroy with reminders; secrets never in clear", async () => {
  await controlOk(E.emu, "POST", `service-accounts/${ORG}/discovered-targets`, [PAYMENTS]);
  // Offline: test.sh downloaded the example's modules; the build may not fetch anything.
  const goEnv = { GOFLAGS: "-mod=readonly", GOPROXY: "off", GOSUMDB: "off", GOWORK: "off", CGO_ENABLED: "0" };
  p = await nativeProject(
    E.emu.url,
    { example: "go-platform" },
    {
      nsxPassword: { value: NSX_PASSWORD, secret: true },
      // The policy lookup accepts only Basic auth: the emulator's user of the same tenant.
      "qualys:username": { value: "acme_user" },
      "qualys:password": { value: "acme-password", secret: true },
    },
    { ...goEnv, PATH: `${goHostDir()}:${pulumiBinDir()}:${process.env.PATH ?? ""}` },
  );
  // The copied example's `replace … => ../../sdk/go` must point at this checkout's generated SDK.
  execFileSync("go", ["mod", "edit", "-replace", `github.com/pulumi-qualys/pulumi-qualys/sdk/go=${join(REPO, "sdk/go")}`], {
    cwd: p.dir,
    env: { ...process.env, ...goEnv },
  });

  const up = await p.pulumi(["up", "--yes"]);
  expect(up.out).toMatch(/\+ 5 created/);
  const outputs = JSON.parse((await p.pulumi(["stack", "output", "--json", "--show-secrets"])).out) as Record<string, unknown>;
  expect(outputs).toMatchObject({ organisation: ORG, paymentsState: "REGISTERED" });
  // A typed result: the Go SDK reads the policy's id field (GetPolicyResult.Id).
  expect(outputs.policyId).toBe(defaultPolicies().find((x) => x.title === "AssetTagPolicy-1")?.id);
  const nsx = await controlOk(E.emu, "GET", `nsx/${String(outputs.nsxId)}`);
  expect(nsx.password).toBe(NSX_PASSWORD); // it reached Qualys …
  const jobs = await controlOk<{ jobs: { title: string }[] }>(E.emu, "GET", "scan-jobs");
  expect(jobs.jobs.map((j) => j.title)).toContain("GCP weekly internal scan (production)");

  await p.pulumi(["refresh", "--yes"]);
  await p.pulumi(["preview", "--expect-no-changes"]);

  // … and the password never appears in clear, nor do the credentials.
  await destroyPlatformWithoutSecrets(p, async () => (await controlOk<{ records: unknown[] }>(E.emu, "GET", "nsx")).records, [
    NSX_PASSWORD,
    "emulator-token-acme",
    "acme-password",
  ]);
});
