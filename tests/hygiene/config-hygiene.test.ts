/**
 * Bad provider configuration fails at preview, before any call (issue 16): the dynamic resources'
 * `check` (the modules Pulumi loads, configured as the engine configures them) and the native
 * plugin's `CheckConfig` and `Check` over real gRPC. Each failure names the stack config key and the
 * environment variable, carries no property (the engine would print the setting's value, and the
 * token is one), and the emulator's call counter stays at 0. The e2e through the CLI is
 * tests/e2e/config-preview.e2e.test.ts.
 */
import * as grpc from "@grpc/grpc-js";
import type * as pulumi from "@pulumi/pulumi";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { serve } from "../../provider/native/server";
import { useHarness } from "../helpers/provider-harness";
import { RESOURCES } from "../../provider/resources";
import serviceAccount = require("../../provider/dynamic/service-account");

const H = useHarness();
const TOKEN = "config-hygiene-token-0123456789";

/**
 * Per resource: its dynamic module as Pulumi loads it (`pulumi-qualys/dynamic/<module>`), its test
 * kit's sample inputs, and the API whose URL it needs.
 */
const VALID: Record<string, [pulumi.dynamic.ResourceProvider, Record<string, unknown>, "api" | "gateway" | "portal"]> = Object.fromEntries(
  RESOURCES.map((r) => [
    r.name,
    [
      jest.requireActual<pulumi.dynamic.ResourceProvider>(`../../provider/dynamic/${r.module}`),
      r.testKit.sampleInputs("config"),
      r.apis[0],
    ],
  ]),
);

/** Bad configurations, and what each failure must say (the key and the variable of the setting). */
const BAD: Array<[name: string, stack: Record<string, string>, says: RegExp]> = [
  ["no platform", { "qualys:token": TOKEN }, /`qualys:platform` \(stack config\) or QUALYS_PLATFORM \(environment\)/],
  [
    "unknown platform us-2",
    { "qualys:platform": "us-2", "qualys:token": TOKEN },
    /`qualys:platform`.*QUALYS_PLATFORM.*"us-2", which is not a Qualys platform/,
  ],
  [
    "malformed URLs",
    { "qualys:apiUrl": "qualysapi dot com", "qualys:gatewayUrl": "gateway dot com", "qualys:token": TOKEN },
    /`qualys:(api|gateway)Url` \(stack config\) or QUALYS_(API|GATEWAY)_URL \(environment\) is "\w+ dot com", which is not a URL/,
  ],
  [
    "plain http:// to a non-loopback host",
    {
      "qualys:apiUrl": "http://qualysapi.qg2.apps.qualys.com",
      "qualys:gatewayUrl": "http://gateway.qg2.apps.qualys.com",
      "qualys:token": TOKEN,
    },
    /`qualys:(api|gateway)Url`.*QUALYS_(API|GATEWAY)_URL.*plain http:\/\/ to \w+\.qg2\.apps\.qualys\.com/,
  ],
  [
    "no credentials",
    { "qualys:platform": "US2" },
    /no Qualys credentials: set `qualys:token` \(stack config\) or QUALYS_TOKEN \(environment\)/,
  ],
  [
    "username without password",
    { "qualys:platform": "US2", "qualys:username": "alice" },
    /`qualys:password` \(stack config\) or QUALYS_PASSWORD/,
  ],
];

let savedEnv: NodeJS.ProcessEnv;
beforeAll(() => {
  savedEnv = { ...process.env };
  for (const k of Object.keys(process.env)) if (k.startsWith("QUALYS_")) delete process.env[k];
});
afterAll(() => {
  process.env = savedEnv;
});

async function configure(p: pulumi.dynamic.ResourceProvider, stack: Record<string, string>): Promise<void> {
  await p.configure?.({ config: { get: (k: string) => stack[k] } } as unknown as pulumi.dynamic.ConfigureRequest);
}

describe("dynamic resources: check refuses the effective configuration", () => {
  test.each(Object.keys(VALID))("%s: every bad configuration is a failure naming the key and the variable, 0 calls", async (name) => {
    const [provider, inputs] = VALID[name];
    H.emu.resetCalls();
    for (const [what, stack, says] of BAD) {
      await configure(provider, stack);
      const r = await provider.check!({}, inputs);
      const hit = (r.failures ?? []).find((f) => says.test(f.reason));
      if (!hit) throw new Error(`${name}, ${what}: expected a failure matching ${says}, got ${JSON.stringify(r.failures)}`);
      expect(hit.property).toBe("");
      expect(hit.reason).toMatch(/^pulumi-qualys configuration: /);
      expect(JSON.stringify(r.failures)).not.toContain(TOKEN);
    }
    expect(H.emu.totalCalls()).toBe(0);
  });

  test("only the URLs of the APIs a resource calls are required: an NSX stack needs no gateway URL, a ServiceAccount one does", async () => {
    const stack = { "qualys:apiUrl": H.emu.url, "qualys:token": TOKEN };
    for (const [name, [provider, inputs, api]] of Object.entries(VALID)) {
      await configure(provider, stack);
      const failures = (await provider.check!({}, inputs)).failures ?? [];
      if (api === "api") expect([name, failures]).toEqual([name, []]);
      else
        expect([name, failures.map((f) => f.reason)]).toEqual([
          name,
          [expect.stringMatching(/no Qualys gateway URL: set `qualys:platform`/)],
        ]);
    }
  });

  test("the environment counts (GitOps jobs): QUALYS_PLATFORM and QUALYS_TOKEN alone pass; stack config wins over it", async () => {
    process.env.QUALYS_PLATFORM = "US2";
    process.env.QUALYS_TOKEN = TOKEN;
    try {
      await configure(serviceAccount, {});
      expect((await serviceAccount.check!({}, VALID.ServiceAccount[1])).failures).toEqual([]);
      await configure(serviceAccount, { "qualys:platform": "us-2" });
      expect((await serviceAccount.check!({}, VALID.ServiceAccount[1])).failures?.[0]?.reason).toMatch(
        /"us-2", which is not a Qualys platform/,
      );
    } finally {
      delete process.env.QUALYS_PLATFORM;
      delete process.env.QUALYS_TOKEN;
    }
  });
});

describe("native plugin: CheckConfig and Check", () => {
  let server: grpc.Server;
  let client: provrpc.ResourceProviderClient;
  beforeAll(async () => {
    const s = await serve({ fallbackSink: () => undefined });
    server = s.server;
    client = new provrpc.ResourceProviderClient(`127.0.0.1:${s.port}`, grpc.credentials.createInsecure());
  });
  afterAll(() => {
    client.close();
    server.forceShutdown();
  });
  type Unary = (req: unknown, cb: (e: grpc.ServiceError | null, r: unknown) => void) => unknown;
  const call = <R>(fn: unknown, req: unknown) =>
    new Promise<R>((resolve, reject) => (fn as Unary).call(client, req, (e, r) => (e ? reject(e) : resolve(r as R))));
  const struct = (o: object) => structproto.Struct.fromJavaScript(o as Record<string, structproto.JavaScriptValue>);
  /** As the engine sends a provider's settings: keys without the namespace. */
  const unprefixed = (stack: Record<string, string>) =>
    Object.fromEntries(Object.entries(stack).map(([k, v]) => [k.replace(/^qualys:/, ""), v]));

  test.each(BAD)("CheckConfig refuses %s, naming the key and the variable, no property, 0 calls", async (_what, stack, says) => {
    H.emu.resetCalls();
    const r = await call<provproto.CheckResponse>(
      client.checkConfig,
      new provproto.CheckRequest()
        .setUrn("urn:pulumi:dev::p::pulumi:providers:qualys::default")
        .setNews(struct({ version: "1.0.0", ...unprefixed(stack) })),
    );
    const failures = r.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() }));
    expect(failures.some((f) => says.test(f.reason))).toBe(true);
    for (const f of failures) expect(f.property).toBe("");
    expect(JSON.stringify(failures)).not.toContain(TOKEN);
    expect(H.emu.totalCalls()).toBe(0);
  });

  test("CheckConfig passes a good configuration, and an API URL alone (the resources check the rest)", async () => {
    for (const stack of [
      { platform: "us2", token: TOKEN },
      { apiUrl: H.emu.url, username: "u", password: "p" },
    ]) {
      const r = await call<provproto.CheckResponse>(client.checkConfig, new provproto.CheckRequest().setNews(struct(stack)));
      expect(r.getFailuresList()).toEqual([]);
    }
  });

  test("Check requires the URLs of the APIs the resource calls", async () => {
    const configure = new provproto.ConfigureRequest();
    configure.getVariablesMap().set("qualys:config:apiUrl", H.emu.url);
    configure.getVariablesMap().set("qualys:config:token", TOKEN);
    await call(client.configure, configure);
    const check = (type: string, news: Record<string, unknown>) =>
      call<provproto.CheckResponse>(
        client.check,
        new provproto.CheckRequest().setUrn(`urn:pulumi:dev::p::qualys:index:${type}::r`).setOlds(struct({})).setNews(struct(news)),
      );
    const sa = await check("ServiceAccount", VALID.ServiceAccount[1]);
    expect(sa.getFailuresList().map((f) => f.getReason())).toEqual([
      expect.stringMatching(/no Qualys gateway URL.*`qualys:gatewayUrl`.*QUALYS_GATEWAY_URL/),
    ]);
    const rec = await check("NsxAuthRecord", VALID.NsxAuthRecord[1]);
    expect(rec.getFailuresList()).toEqual([]);
  });
});
