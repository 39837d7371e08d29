/**
 * The native plugin's gRPC service against the emulator over loopback (no CLI): what the engine
 * sends, what comes back. The lifecycle through the real CLI is in tests/e2e/native-*.e2e.test.ts.
 */
import * as grpc from "@grpc/grpc-js";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { startEmulator, type Emulator } from "../../emulator";
import { serve } from "./server";

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
let emu: Emulator;
let server: grpc.Server;
let client: provrpc.ResourceProviderClient;
const notices: Array<{ urn: string; text: string }> = [];

type Unary = (req: unknown, cb: (e: grpc.ServiceError | null, r: unknown) => void) => unknown;
function call<Res = unknown>(fn: unknown, req: unknown): Promise<Res> {
  return new Promise((resolve, reject) => (fn as Unary).call(client, req, (e, r) => (e ? reject(e) : resolve(r as Res))));
}
const struct = (o: object) => structproto.Struct.fromJavaScript(o as Record<string, structproto.JavaScriptValue>);
const urn = (type: string) => `urn:pulumi:dev::p::qualys:index:${type}::r`;

beforeAll(async () => {
  emu = await startEmulator();
  const s = await serve({ fallbackSink: (u, text) => notices.push({ urn: u, text }) });
  server = s.server;
  client = new provrpc.ResourceProviderClient(`127.0.0.1:${s.port}`, grpc.credentials.createInsecure());
  const configure = new provproto.ConfigureRequest();
  // As the engine sends it: `qualys:config:<key>`, plain strings (secrets already removed).
  for (const [k, v] of Object.entries({ apiUrl: emu.url, gatewayUrl: emu.url, portalUrl: emu.url, token: "emulator-token-acme" }))
    configure.getVariablesMap().set(`qualys:config:${k}`, v);
  const r = await call<provproto.ConfigureResponse>(client.configure, configure);
  expect(r.getAcceptsecrets()).toBe(false);
});
afterAll(async () => {
  client.close();
  server.forceShutdown();
  await emu.close();
});
beforeEach(() => notices.splice(0));

test("check: the handler's rules and defaults; a bad value is a failure naming the property, before any call", async () => {
  emu.resetCalls();
  const bad = await call<provproto.CheckResponse>(
    client.check,
    new provproto.CheckRequest()
      .setUrn(urn("ServiceAccount"))
      .setOlds(struct({}))
      .setNews(struct({ accountId: "x", cloudType: "GCP", regions: [] })),
  );
  expect(bad.getFailuresList().map((f) => f.getProperty())).toContain("regions");
  const ok = await call<provproto.CheckResponse>(
    client.check,
    new provproto.CheckRequest()
      .setUrn(urn("ServiceAccount"))
      .setOlds(struct({}))
      .setNews(struct({ accountId: "p-1", cloudType: "gcp", regions: ["us-east1"] })),
  );
  expect(ok.getFailuresList()).toEqual([]);
  expect(ok.getInputs()!.toJavaScript()).toMatchObject({ cloudType: "GCP", scanInterval: 24, vmScanTypes: ["os"] });
  expect(emu.totalCalls()).toBe(0);
});

test("NSX: the password and its hash leave the plugin marked secret; diff is detailed", async () => {
  const inputs = (
    await call<provproto.CheckResponse>(
      client.check,
      new provproto.CheckRequest()
        .setUrn(urn("NsxAuthRecord"))
        .setOlds(struct({}))
        .setNews(struct({ title: "unit nsx", ips: ["10.0.0.1"], username: "u", password: "unit-password-0123" })),
    )
  ).getInputs()!;
  expect((inputs.toJavaScript().password as Record<string, unknown>)[SECRET_SIG]).toBeDefined();
  // The engine unwraps secrets before Create (acceptSecrets=false): send plain values, as it does.
  const plain = { ...inputs.toJavaScript(), password: "unit-password-0123" };
  const created = await call<provproto.CreateResponse>(
    client.create,
    new provproto.CreateRequest().setUrn(urn("NsxAuthRecord")).setProperties(struct(plain)),
  );
  const outs = created.getProperties()!.toJavaScript();
  expect((outs.passwordHash as Record<string, unknown>)[SECRET_SIG]).toBeDefined();
  expect(JSON.stringify(outs)).not.toContain("unit-password-0123");
  const plainOuts = { ...outs, passwordHash: (outs.passwordHash as { value: string }).value };
  const diff = await call<provproto.DiffResponse>(
    client.diff,
    new provproto.DiffRequest()
      .setUrn(urn("NsxAuthRecord"))
      .setId(created.getId())
      .setOlds(struct(plainOuts))
      .setNews(struct({ ...plain, port: 8443, password: "another-password-0123" })),
  );
  expect(diff.getChanges()).toBe(provproto.DiffResponse.DiffChanges.DIFF_SOME);
  expect(diff.getHasdetaileddiff()).toBe(true);
  expect([...diff.getDetaileddiffMap().keys()].sort()).toEqual(["password", "port"]);
  expect(diff.getDetaileddiffMap().get("port")!.getKind()).toBe(provproto.PropertyDiff.Kind.UPDATE);
  expect(diff.getReplacesList()).toEqual([]);
});

test("import (Read with only the id): unreported fields get the values the next update sends, and a warning names them under the URN", async () => {
  const checked = (
    await call<provproto.CheckResponse>(
      client.check,
      new provproto.CheckRequest()
        .setUrn(urn("ServiceAccount"))
        .setOlds(struct({}))
        .setNews(struct({ accountId: "imp-1", cloudType: "GCP", regions: ["us-east1"], scanInterval: 48 })),
    )
  ).getInputs()!;
  await call(client.create, new provproto.CreateRequest().setUrn(urn("ServiceAccount")).setProperties(checked));
  notices.splice(0);
  const read = await call<provproto.ReadResponse>(client.read, new provproto.ReadRequest().setUrn(urn("ServiceAccount")).setId("imp-1"));
  expect(read.getId()).toBe("imp-1");
  expect(read.getInputs()!.toJavaScript()).toMatchObject({ accountId: "imp-1", regions: ["us-east1"], scanInterval: 24 });
  expect(read.getProperties()!.toJavaScript()).toMatchObject({ scanInterval: 24 });
  expect(notices).toEqual([
    {
      urn: urn("ServiceAccount"),
      text: expect.stringMatching(/ServiceAccount imp-1: Qualys does not report .*scanInterval.*scanInterval = 24/) as string,
    },
  ]);
  // A missing object: empty id (the engine says "does not exist").
  const gone = await call<provproto.ReadResponse>(client.read, new provproto.ReadRequest().setUrn(urn("ServiceAccount")).setId("nope-1"));
  expect(gone.getId()).toBe("");
});

test("diffConfig never asks for a replacement; invoke validates arguments like the TypeScript functions", async () => {
  const d = await call<provproto.DiffResponse>(
    client.diffConfig,
    new provproto.DiffRequest().setOlds(struct({ apiUrl: "a" })).setNews(struct({ apiUrl: "b" })),
  );
  expect(d.getReplacesList()).toEqual([]);
  const r = await call<provproto.InvokeResponse>(
    client.invoke,
    new provproto.InvokeRequest().setTok("qualys:index:getServiceAccounts").setArgs(struct({ limit: 5 })),
  );
  expect(r.getReturn()!.toJavaScript()).toMatchObject({ result: { pagesFetched: 1 } });
  await expect(
    call(client.invoke, new provproto.InvokeRequest().setTok("qualys:index:getServiceAccounts").setArgs(struct({ limit: 0 }))),
  ).rejects.toThrow(/limit: must be a whole number from 1 to 100/);
});
