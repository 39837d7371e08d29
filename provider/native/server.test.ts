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
import { controlOk } from "../../tests/helpers/emulator-client";
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

/** What the engine does around an import: Read with only the id, then Check (olds = imported inputs) and Diff. */
async function importThenDiff(type: string, id: string, program: (imported: Record<string, unknown>) => Record<string, unknown>) {
  const read = await call<provproto.ReadResponse>(client.read, new provproto.ReadRequest().setUrn(urn(type)).setId(id));
  const imported = read.getInputs()!.toJavaScript() as Record<string, unknown>;
  const check = await call<provproto.CheckResponse>(
    client.check,
    new provproto.CheckRequest()
      .setUrn(urn(type))
      .setOlds(read.getInputs())
      .setNews(struct(program(imported))),
  );
  expect(check.getFailuresList().map((f) => f.getReason())).toEqual([]);
  const diff = call<provproto.DiffResponse>(
    client.diff,
    new provproto.DiffRequest().setUrn(urn(type)).setId(id).setOlds(read.getProperties()).setNews(check.getInputs()),
  );
  return { read, imported, checked: check.getInputs()!.toJavaScript() as Record<string, unknown>, diff };
}
const noBookkeeping = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== "importUnconfirmed"));

test("import (Read with only the id): every field Qualys does not report is named and left out; an update that would send one the program does not set is refused", async () => {
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
  emu.resetCalls();
  // The generated program (the imported inputs) previews with no change …
  const same = await importThenDiff("ServiceAccount", "unit-import-1", noBookkeeping);
  expect(same.imported).toMatchObject({ accountId: "unit-import-1", regions: ["us-east1"] });
  expect(same.imported).not.toHaveProperty("scanInterval");
  expect((await same.diff).getChanges()).toBe(provproto.DiffResponse.DiffChanges.DIFF_NONE);
  expect(notices).toEqual([
    {
      urn: urn("ServiceAccount"),
      text: expect.stringMatching(
        /ServiceAccount unit-import-1: Qualys does not report atLeastOneTag, mustHaveTags, noneOfTheTag, resourceTypes, scanInterval, vmScanTypes, so the import could not see their live value.*any update of it is refused/,
      ) as string,
    },
  ]);
  // … but a change (a region) would send scanInterval 24 over the live 48: refused, naming the fields.
  const change = await importThenDiff("ServiceAccount", "unit-import-1", (i) => ({
    ...noBookkeeping(i),
    regions: ["us-east1", "us-west1"],
  }));
  await expect(change.diff).rejects.toThrow(
    /does not report atLeastOneTag, mustHaveTags, noneOfTheTag, resourceTypes, scanInterval, vmScanTypes.*Nothing was sent/s,
  );
  // Once the program sets them all, the change goes through.
  const all = { scanInterval: 48, resourceTypes: ["vm"], vmScanTypes: ["os"], mustHaveTags: [], atLeastOneTag: [], noneOfTheTag: [] };
  const written = await importThenDiff("ServiceAccount", "unit-import-1", (i) => ({
    ...noBookkeeping(i),
    regions: ["us-east1", "us-west1"],
    ...all,
  }));
  expect(written.checked).not.toHaveProperty("importUnconfirmed");
  expect((await written.diff).getChanges()).toBe(provproto.DiffResponse.DiffChanges.DIFF_SOME);
  expect(emu.calls()["POST /service-accounts/setup"]).toBeUndefined(); // nothing was ever sent
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

test("NSX check: the handler mints a random owner marker, kept from the old inputs; the plugin sends the URN's project/stack/name as the hint", async () => {
  const check = async (news: object, olds: object = {}, u = urn("NsxAuthRecord")) =>
    (await call<provproto.CheckResponse>(client.check, new provproto.CheckRequest().setUrn(u).setOlds(struct(olds)).setNews(struct(news))))
      .getInputs()!
      .toJavaScript() as Record<string, unknown>;
  const base = { title: "unit marker", ips: ["10.0.0.1"], username: "u", password: "unit-password-0123" };
  const first = await check(base);
  expect(first.ownerMarker).toMatch(/^[0-9a-f]{32}$/);
  expect(first.ownerHint).toBe("p/dev/r");
  // Not computed from names: the same resource checked afresh gets another one …
  expect((await check(base)).ownerMarker).not.toBe(first.ownerMarker);
  // … and once in state it is kept, whatever the program sends.
  expect((await check({ ...base, ownerMarker: "0123456789abcdef0123456789abcdef" }, first)).ownerMarker).toBe(first.ownerMarker);
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

test("check refuses a second resource of the stack with the same natural key, naming both URNs, before any call", async () => {
  const failures = async (u: string, news: object) =>
    (await call<provproto.CheckResponse>(client.check, new provproto.CheckRequest().setUrn(u).setOlds(struct({})).setNews(struct(news))))
      .getFailuresList()
      .map((f) => `${f.getProperty()}: ${f.getReason()}`);
  const nsx = { title: "unit duplicate", ips: ["10.0.0.1"], username: "u", password: "unit-password-0123" };
  const a = "urn:pulumi:dev::p::qualys:index:NsxAuthRecord::a";
  const b = "urn:pulumi:dev::p::qualys:index:NsxAuthRecord::b";
  emu.resetCalls();
  expect(await failures(a, nsx)).toEqual([]);
  expect(await failures(a, nsx)).toEqual([]); // the same resource again (preview, then up) is not a duplicate
  const [second] = await failures(b, nsx);
  expect(second).toContain(`title: NsxAuthRecord ${b}: title "unit duplicate" is also the title of NsxAuthRecord ${a} in this stack`);
  // Another stack, or another type with the same key, is not this stack's duplicate.
  expect(await failures("urn:pulumi:prod::p::qualys:index:NsxAuthRecord::b", nsx)).toEqual([]);
  const sa = { accountId: "unit-dup-123", cloudType: "GCP", regions: ["us-east1"] };
  expect(await failures(urn("ServiceAccount"), sa)).toEqual([]);
  expect((await failures("urn:pulumi:dev::p::qualys:index:ServiceAccount::other", sa))[0]).toMatch(
    /^accountId: .*is also the accountId of ServiceAccount/,
  );
  expect(emu.totalCalls()).toBe(0);
});

test("import of a TargetAccount: its three tag lists are named; an update is refused until the program sets them, so none is sent as null", async () => {
  await call(
    client.check,
    new provproto.CheckRequest()
      .setUrn(urn("ServiceAccount"))
      .setOlds(struct({}))
      .setNews(struct({ accountId: "111122223333", cloudType: "AWS", regions: ["us-east-1"] })),
  );
  const parent = (
    await call<provproto.CheckResponse>(
      client.check,
      new provproto.CheckRequest()
        .setUrn(urn("ServiceAccount"))
        .setOlds(struct({}))
        .setNews(struct({ accountId: "111122223333", cloudType: "AWS", regions: ["us-east-1"] })),
    )
  ).getInputs()!;
  await call(client.create, new provproto.CreateRequest().setUrn(urn("ServiceAccount")).setProperties(parent));
  await controlOk(emu, "POST", "service-accounts/111122223333/discovered-targets", ["444455556666"]);
  // Set up outside Pulumi with its own filters: no must-have filter, exclude skip=true.
  const target = (
    await call<provproto.CheckResponse>(
      client.check,
      new provproto.CheckRequest()
        .setUrn(urn("TargetAccount"))
        .setOlds(struct({}))
        .setNews(
          struct({
            accountId: "444455556666",
            serviceAccountId: "111122223333",
            regions: ["us-east-1"],
            mustHaveTags: [],
            noneOfTheTag: ["skip=true"],
          }),
        ),
    )
  ).getInputs()!;
  await call(client.create, new provproto.CreateRequest().setUrn(urn("TargetAccount")).setProperties(target));
  notices.splice(0);
  emu.resetCalls();
  const same = await importThenDiff("TargetAccount", "444455556666", noBookkeeping);
  expect((await same.diff).getChanges()).toBe(provproto.DiffResponse.DiffChanges.DIFF_NONE);
  expect(notices.map((n) => n.text).join("\n")).toMatch(
    /TargetAccount 444455556666: Qualys does not report atLeastOneTag, mustHaveTags, noneOfTheTag, resourceTypes, scanInterval, vmScanTypes/,
  );
  const change = await importThenDiff("TargetAccount", "444455556666", (i) => ({ ...noBookkeeping(i), scanInterval: 48 }));
  await expect(change.diff).rejects.toThrow(
    /does not set them yet: set atLeastOneTag, mustHaveTags, noneOfTheTag, resourceTypes, vmScanTypes in the program/,
  );
  expect(emu.calls()["POST /target-accounts/setup"]).toBeUndefined();
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
    // The connection is cut on the register and on the one repeat the create sends after looking
    // for it: both answers are lost, and the account never shows up.
    emu.injectFault({ path: "/service-accounts/register", cut: true, times: 2 });
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
