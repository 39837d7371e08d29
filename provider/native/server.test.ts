/**
 * The native plugin's gRPC service against the emulator over loopback (no CLI): what the engine
 * sends, what comes back. The lifecycle through the real CLI is in tests/e2e/native-*.e2e.test.ts.
 */
import * as grpc from "@grpc/grpc-js";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { startEmulator, type Emulator } from "../../emulator";
import { ownerMarker } from "../shared/lost-answer";
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
  const r = await configure();
  expect(r.getAcceptsecrets()).toBe(false);
});
function configure(extra: Record<string, string> = {}): Promise<provproto.ConfigureResponse> {
  const req = new provproto.ConfigureRequest();
  // As the engine sends it: `qualys:config:<key>`, plain strings (secrets already removed).
  for (const [k, v] of Object.entries({ apiUrl: emu.url, gatewayUrl: emu.url, portalUrl: emu.url, token: "emulator-token-acme", ...extra }))
    req.getVariablesMap().set(`qualys:config:${k}`, v);
  return call<provproto.ConfigureResponse>(client.configure, req);
}
afterAll(async () => {
  client.close();
  server.forceShutdown();
  await emu.close();
});
beforeEach(() => notices.splice(0));

// The tests below are alike in shape on purpose: each drives the plugin through the real gRPC calls (check → create → diff …)
// for one resource, and spelling the requests out keeps each protocol step visible.
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
      .setNews(struct({ accountId: "unit-proj-1", cloudType: "gcp", regions: ["us-east1"] })),
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
        .setNews(struct({ accountId: "unit-import-1", cloudType: "GCP", regions: ["us-east1"], scanInterval: 48 })),
    )
  ).getInputs()!;
  await call(client.create, new provproto.CreateRequest().setUrn(urn("ServiceAccount")).setProperties(checked));
  notices.splice(0);
  const read = await call<provproto.ReadResponse>(
    client.read,
    new provproto.ReadRequest().setUrn(urn("ServiceAccount")).setId("unit-import-1"),
  );
  expect(read.getId()).toBe("unit-import-1");
  expect(read.getInputs()!.toJavaScript()).toMatchObject({ accountId: "unit-import-1", regions: ["us-east1"], scanInterval: 24 });
  expect(read.getProperties()!.toJavaScript()).toMatchObject({ scanInterval: 24 });
  expect(notices).toEqual([
    {
      urn: urn("ServiceAccount"),
      text: expect.stringMatching(/ServiceAccount unit-import-1: Qualys does not report .*scanInterval.*scanInterval = 24/) as string,
    },
  ]);
  // A missing object: empty id (the engine says "does not exist").
  const gone = await call<provproto.ReadResponse>(
    client.read,
    new provproto.ReadRequest().setUrn(urn("ServiceAccount")).setId("unit-nope-1"),
  );
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
  // The result's properties are the function's outputs (schema.json), as YAML reads `${accounts.total}`.
  const accounts = r.getReturn()!.toJavaScript() as { items: unknown[]; total: number; pagesFetched: number };
  expect(Object.keys(accounts).sort()).toEqual(["items", "pagesFetched", "total"]);
  expect(accounts).toMatchObject({ pagesFetched: 1, total: accounts.items.length });
  await expect(
    call(client.invoke, new provproto.InvokeRequest().setTok("qualys:index:getServiceAccounts").setArgs(struct({ limit: 0 }))),
  ).rejects.toThrow(/limit: must be a whole number from 1 to 100/);
});

test("invoke: a result that is any JSON value comes back as `value`; a failure is one line naming the function, the kind and the setting", async () => {
  const invoke = (tok: string, args: object) =>
    call<provproto.InvokeResponse>(client.invoke, new provproto.InvokeRequest().setTok(`qualys:index:${tok}`).setArgs(struct(args)));
  const step = { executionId: "0e72b4a1-abea-45b2-9ae9-91cd87506404", nodeId: "node-e3a84822-qualysevent" };
  const input = (await invoke("getQflowExecutionStepInputData", step)).getReturn()!.toJavaScript();
  expect(Object.keys(input)).toEqual(["value"]);
  expect(input.value).not.toBeNull();

  await configure({ token: "emulator-token-refused" });
  try {
    const e = (await invoke("getServiceAccounts", {}).catch((x: unknown) => x)) as grpc.ServiceError;
    expect(e.details).toBe(
      'getServiceAccounts failed (unauthorized): Qualys list service accounts failed (HTTP 401, code UNAUTHORIZED): Qualys said: "Invalid or expired token"; check qualys:token (QUALYS_TOKEN), or qualys:username/qualys:password for Basic-auth APIs',
    );
    expect(e.details).not.toContain("\n");
  } finally {
    await configure();
  }
});

test("NSX check: without an ownerMarker (YAML/Python/Go programs) the plugin derives it from the URN, with the SDK's function", async () => {
  const check = async (news: object, u = urn("NsxAuthRecord")) =>
    (await call<provproto.CheckResponse>(client.check, new provproto.CheckRequest().setUrn(u).setOlds(struct({})).setNews(struct(news))))
      .getInputs()!
      .toJavaScript().ownerMarker;
  const base = { title: "unit marker", ips: ["10.0.0.1"], username: "u", password: "unit-password-0123" };
  // urn(): stack dev, project p, name r; the URN carries no organization (docs/failure-model.md).
  expect(await check(base)).toBe(ownerMarker({ project: "p", stack: "dev", type: "qualys:NsxAuthRecord", name: "r" }));
  // A child resource (parent type in the URN) and another stack get their own markers.
  const child = await check(base, "urn:pulumi:dev::p::my:comp:C$qualys:index:NsxAuthRecord::r");
  expect(child).toBe(ownerMarker({ project: "p", stack: "dev", type: "qualys:NsxAuthRecord", name: "r" }));
  expect(await check(base, "urn:pulumi:prod::p::qualys:index:NsxAuthRecord::r")).not.toBe(child);
  // One the program sent (the TypeScript SDK's) is kept.
  expect(await check({ ...base, ownerMarker: "0123456789abcdef" })).toBe("0123456789abcdef");
  // Other resources get none.
  expect(
    (
      await call<provproto.CheckResponse>(
        client.check,
        new provproto.CheckRequest()
          .setUrn(urn("ServiceAccount"))
          .setOlds(struct({}))
          .setNews(struct({ accountId: "unit-proj-1", cloudType: "GCP", regions: ["us-east1"] })),
      )
    )
      .getInputs()!
      .toJavaScript().ownerMarker,
  ).toBeUndefined();
});

/** The ErrorResourceInitFailed a partial failure carries (as the engine decodes `grpc-status-details-bin`). */
function initFailure(e: unknown): provproto.ErrorResourceInitFailed | undefined {
  const bin = (e as grpc.ServiceError).metadata?.get("grpc-status-details-bin")[0];
  if (!bin) return undefined;
  const any = statusproto.Status.deserializeBinary(new Uint8Array(bin as Buffer)).getDetailsList()[0];
  expect(any.getTypeName()).toBe("pulumirpc.ErrorResourceInitFailed");
  return provproto.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
}
async function failure(p: Promise<unknown>): Promise<grpc.ServiceError> {
  return p.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: grpc.ServiceError) => e,
  );
}

test("a pending create is a partial failure (ErrorResourceInitFailed with id, properties, inputs), in Create and in the Update that finds it still pending", async () => {
  // 1 s requests: after a lost register the handler looks for the account for 1 s, not 60.
  await configure({ requestTimeoutSeconds: "1" });
  try {
    const inputs = (
      await call<provproto.CheckResponse>(
        client.check,
        new provproto.CheckRequest()
          .setUrn(urn("ServiceAccount"))
          .setOlds(struct({}))
          .setNews(struct({ accountId: "unit-pending-1", cloudType: "GCP", regions: ["us-east1"] })),
      )
    ).getInputs()!;
    // The connection is cut on the register: the answer is lost, and the account never shows up.
    emu.injectFault({ path: "/service-accounts/register", cut: true });
    const created = await failure(call(client.create, new provproto.CreateRequest().setUrn(urn("ServiceAccount")).setProperties(inputs)));
    expect(created.details).toMatch(/kept in the stack as pending.*next `pulumi up` finishes the create/s);
    const init = initFailure(created)!;
    expect(init.getId()).toBe("unit-pending-1");
    const props = init.getProperties()!.toJavaScript();
    expect(props).toMatchObject({ accountId: "unit-pending-1", state: "PENDING", pendingCreate: { reason: expect.any(String) as string } });
    expect(props).not.toHaveProperty("__provider");
    expect(init.getInputs()!.toJavaScript()).toEqual(inputs.toJavaScript());
    expect(init.getReasonsList()).toEqual([created.details]);

    // The next `up` updates the pending resource; its register is lost too: pending again, same shape.
    emu.injectFault({ path: "/service-accounts/register", cut: true });
    const update = () =>
      call<provproto.UpdateResponse>(
        client.update,
        new provproto.UpdateRequest().setUrn(urn("ServiceAccount")).setId("unit-pending-1").setOlds(struct(props)).setNews(inputs),
      );
    const again = initFailure(await failure(update()))!;
    expect(again.getId()).toBe("unit-pending-1");
    expect(again.getProperties()!.toJavaScript()).toMatchObject({ state: "PENDING" });
    expect(again.getInputs()!.toJavaScript()).toEqual(inputs.toJavaScript());

    // The one after finishes the create.
    const done = (await update()).getProperties()!.toJavaScript();
    expect(done).toMatchObject({ accountId: "unit-pending-1", regions: ["us-east1"], state: "REGISTERED" });
    expect(done).not.toHaveProperty("pendingCreate");

    // A plain error stays plain: no details, the engine records nothing.
    const refused = await failure(call(client.create, new provproto.CreateRequest().setUrn(urn("ServiceAccount")).setProperties(inputs)));
    expect(refused.details).toMatch(/already registered/);
    expect(initFailure(refused)).toBeUndefined();
  } finally {
    await configure();
  }
});

test("NSX check: a password that fails a rule is never named as the failing property (the engine would print its value), and no reason quotes it", async () => {
  const PASSWORD = "P&s w"; // too short, with the characters that redaction must cover
  const r = await call<provproto.CheckResponse>(
    client.check,
    new provproto.CheckRequest()
      .setUrn(urn("NsxAuthRecord"))
      .setOlds(struct({}))
      .setNews(struct({ title: "unit secret check", ips: ["10.0.0.1"], username: "u", password: "abc" })),
  );
  const failures = r.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() }));
  expect(failures.length).toBeGreaterThan(0);
  expect(failures.map((f) => f.property)).not.toContain("password");
  expect(failures.some((f) => /password/.test(f.reason))).toBe(true);
  const vault = await call<provproto.CheckResponse>(
    client.check,
    new provproto.CheckRequest()
      .setUrn(urn("NsxAuthRecord"))
      .setOlds(struct({}))
      .setNews(struct({ title: "unit secret check", ips: ["10.0.0.1"], loginType: "vault", password: `${PASSWORD}-long-enough` })),
  );
  const reasons = vault.getFailuresList().map((f) => f.getReason());
  expect(vault.getFailuresList().map((f) => f.getProperty())).not.toContain("password");
  expect(reasons.join("\n")).not.toContain(`${PASSWORD}-long-enough`);
});
