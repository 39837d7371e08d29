/**
 * Bad provider configuration fails `pulumi preview`, through the real CLI, with a message naming the
 * stack config key and the environment variable, and 0 calls at the emulator: a TypeScript stack of
 * dynamic resources (checked in `check`) and a YAML stack of the native plugin (`CheckConfig`, and
 * each resource's `Check` for the URLs of the APIs it calls).
 */
import { nativeProject, type NativeProject } from "../helpers/native";
import { capture, failureText, useE2E } from "../helpers/pulumi";

const E = useE2E(300_000);
let project: NativeProject | undefined;
afterEach(() => project?.cleanup());

const PLATFORM = /`qualys:platform` \(stack config\) or QUALYS_PLATFORM \(environment\) is "us-2", which is not a Qualys platform/;
const PLAIN_HTTP =
  /`qualys:gatewayUrl` \(stack config\) or QUALYS_GATEWAY_URL \(environment\) uses plain http:\/\/ to gateway\.qg2\.apps\.qualys\.com/;
const NO_CREDENTIALS = /no Qualys credentials: set `qualys:token` \(stack config\) or QUALYS_TOKEN \(environment\)/;
const NO_GATEWAY =
  /no Qualys gateway URL: set `qualys:platform` \(stack config\) or QUALYS_PLATFORM \(environment\), or `qualys:gatewayUrl`/;

test("TypeScript (dynamic resources): unknown platform, plain http, missing credentials and URL fail preview, 0 calls", async () => {
  const s = await E.stack("gcp-service-account", {
    qualysConfig: {
      "qualys:platform": { value: "us-2" },
      "qualys:gatewayUrl": { value: "http://gateway.qg2.apps.qualys.com" },
    },
  });
  E.emu.resetCalls();
  const first = await failureText(s.stack.preview(capture(s)));
  expect(first).toMatch(PLATFORM);
  expect(first).toMatch(PLAIN_HTTP);

  await s.stack.removeAllConfig(["qualys:platform", "qualys:gatewayUrl", "qualys:token"]);
  const second = await failureText(s.stack.preview(capture(s)));
  expect(second).toMatch(NO_CREDENTIALS);
  expect(second).toMatch(NO_GATEWAY);

  expect(E.emu.totalCalls()).toBe(0);
  expect(s.transcript.join("\n")).not.toContain("emulator-token-acme");
});

test("YAML (native plugin): CheckConfig refuses an unknown platform and missing credentials; Check a missing gateway URL; 0 calls", async () => {
  const yaml = [
    "name: qualys-config-preview",
    "runtime: yaml",
    "resources:",
    "  account:",
    "    type: qualys:index:ServiceAccount",
    "    properties:",
    '      accountId: "123456789012"',
    "      cloudType: AWS",
    "      regions: [us-east-1]",
    "",
  ].join("\n");
  const p = (project = await nativeProject(E.emu.url, { yaml }, { "qualys:platform": { value: "us-2" } }));
  E.emu.resetCalls();
  const first = await p.pulumi(["preview"], { allowFailure: true });
  expect(first.code).not.toBe(0);
  expect(first.out).toMatch(PLATFORM);

  // The API server's URL alone is a usable configuration (an NSX-only stack), so CheckConfig passes;
  // the ServiceAccount's own Check asks for the gateway it calls.
  await p.pulumi(["config", "rm", "qualys:platform"]);
  await p.pulumi(["config", "rm", "qualys:gatewayUrl"]);
  const second = await p.pulumi(["preview"], { allowFailure: true });
  expect(second.code).not.toBe(0);
  expect(second.out).toMatch(NO_GATEWAY);

  await p.pulumi(["config", "rm", "qualys:token"]);
  const third = await p.pulumi(["preview"], { allowFailure: true });
  expect(third.code).not.toBe(0);
  expect(third.out).toMatch(NO_CREDENTIALS);

  expect(E.emu.totalCalls()).toBe(0);
  expect(p.transcript.join("\n")).not.toContain("emulator-token-acme");
});
