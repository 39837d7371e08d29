/**
 * The emulator's fidelity to the Connector 2.18 notes ("Service Accounts API"), over real HTTP:
 * envelopes and status codes, setup validations and lowercasing, region bookkeeping, pagination,
 * tenant isolation, fault injection and call counting.
 */
import {
  ACME_TOKEN as ACME,
  GLOBEX_TOKEN as GLOBEX,
  callCounts,
  useEmulator,
  type Answer as HttpAnswer,
  type Envelope,
  type JsonRequestOptions,
} from "../../../tests/helpers/emulator-client";

const BASE = "/flexscan-api/rest/v1/service-accounts";

const E = useEmulator();

type Answer<T = any> = HttpAnswer<Envelope<T>>;
const call = <T = any>(method: string, path: string, opts?: JsonRequestOptions) => E.json<Envelope<T>>(method, path, opts);

const register = (accountId: string, cloudType = "GCP", token?: string) =>
  call("POST", `${BASE}/register`, { json: { accountId, cloudType }, token });
const setup = (body: Record<string, unknown>, token?: string) => call("POST", `${BASE}/setup`, { json: body, token });

/** A 400 naming `field`, in the envelope's errors. */
function expectRejected(a: Answer, field: string, rule?: RegExp): void {
  expect(a.status).toBe(400);
  expect(a.body.data).toBeNull();
  expect(a.body.errors).toHaveLength(1);
  expect(a.body.errors[0].field).toBe(field);
  expect(a.body.errors[0].message).toContain(field);
  if (rule) expect(a.body.errors[0].message).toMatch(rule);
}

const LOCAL_TS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/;
const UTC_TS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("authentication", () => {
  test("no token → 401 with an error envelope", async () => {
    const a = await call("GET", BASE, { token: null });
    expect(a.status).toBe(401);
    expect(a.body.data).toBeNull();
    expect(a.body.errors[0].message).toMatch(/token/i);
  });

  test("an unknown token → 401", async () => {
    const a = await call("POST", `${BASE}/register`, { json: { accountId: "p", cloudType: "GCP" }, token: "not-a-real-token" });
    expect(a.status).toBe(401);
    expect(a.body.errors[0].code).toBe("UNAUTHORIZED");
    // Nothing was registered.
    expect((await call("GET", `${BASE}/p`)).status).toBe(404);
  });

  test("a token minted at /auth is accepted; wrong credentials are refused", async () => {
    const form = (u: string, p: string) => new URLSearchParams({ username: u, password: p, token: "true" }).toString();
    const mint = (u: string, p: string) =>
      E.raw("POST", "/auth", { headers: { "content-type": "application/x-www-form-urlencoded" }, body: form(u, p) });
    expect((await mint("acme_user", "wrong")).status).toBe(401);
    const good = await mint("acme_user", "acme-password");
    expect(good.status).toBe(201);
    const jwt = good.body;
    expect(jwt.split(".")).toHaveLength(3);
    expect((await call("GET", BASE, { token: jwt })).status).toBe(200);
  });
});

describe("register", () => {
  test("201 with the notes' envelope", async () => {
    const a = await register("my-gcp-project-123", "GCP");
    expect(a.status).toBe(201);
    expect(a.headers.get("content-type")).toMatch(/application\/json/);
    expect(Object.keys(a.body).sort()).toEqual(["data", "errors", "meta"]);
    expect(a.body.data).toEqual({ accountId: "my-gcp-project-123", status: "REGISTERED", registeredAt: expect.stringMatching(LOCAL_TS) });
    expect(a.body.errors).toEqual([]);
    expect(a.body.meta).toEqual({ timestamp: expect.stringMatching(UTC_TS) });
  });

  test("cloudType is case-insensitive and stored upper case", async () => {
    await register("sub-1", "azure");
    const a = await call("GET", `${BASE}/sub-1`);
    expect(a.body.data.cloudType).toBe("AZURE");
  });

  test("registering twice → 409", async () => {
    expect((await register("p1")).status).toBe(201);
    const again = await register("p1");
    expect(again.status).toBe(409);
    expect(again.body.data).toBeNull();
    expect(again.body.errors[0].message).toContain("p1");
  });

  test("missing accountId or an unknown cloud → 400 naming the field", async () => {
    expectRejected(await call("POST", `${BASE}/register`, { json: { cloudType: "GCP" } }), "accountId");
    expectRejected(await register("p1", "OCI"), "cloudType", /GCP, AWS, AZURE/);
  });

  test("a body that is not JSON → 400", async () => {
    const res = await E.raw("POST", `${BASE}/register`, {
      headers: { authorization: `Bearer ${ACME}`, "content-type": "application/json" },
      body: "{oops",
    });
    expect(res.status).toBe(400);
  });
});

describe("setup", () => {
  test("on an unknown account → 404 envelope with errors[].message", async () => {
    const a = await setup({ accountId: "nobody", regions: ["us-east1"] });
    expect(a.status).toBe(404);
    expect(a.body.data).toBeNull();
    expect(a.body.errors[0].message).toContain("nobody");
    expect(a.body.errors[0].message).toMatch(/not found/);
  });

  test("the notes' sample: 200, ACCEPTED, the configuration echoed", async () => {
    await register("my-gcp-project-XXX");
    const a = await setup({
      accountId: "my-gcp-project-XXX",
      regions: ["us-east1", "us-west1"],
      scanInterval: 24,
      resourceTypes: ["vm"],
      vmScanTypes: ["os"],
      mustHaveTags: ["env=production"],
      atLeastOneTag: ["team=platform", "team=infra"],
      noneOfTheTag: ["ignore=true"],
    });
    expect(a.status).toBe(200);
    expect(a.body.errors).toEqual([]);
    expect(a.body.data).toEqual({
      status: "ACCEPTED",
      accountId: "my-gcp-project-XXX",
      cloudType: "GCP",
      previousRegions: [],
      currentRegions: ["us-east1", "us-west1"],
      addedRegions: ["us-east1", "us-west1"],
      removedRegions: [],
      scanInterval: 24,
      resourceTypes: ["vm"],
      vmScanTypes: ["os"],
      mustHaveTags: ["env=production"],
      atLeastOneTag: ["team=platform", "team=infra"],
      noneOfTheTag: ["ignore=true"],
    });
  });

  test("defaults when optional parameters are left out; absent tag lists stay null", async () => {
    await register("p1");
    const a = await setup({ accountId: "p1", regions: ["us-east1"] });
    expect(a.body.data).toMatchObject({
      scanInterval: 24,
      resourceTypes: ["vm"],
      vmScanTypes: ["os"],
      mustHaveTags: null,
      atLeastOneTag: null,
      noneOfTheTag: null,
    });
  });

  test("every string list is lowercased in the answer", async () => {
    await register("p1", "AWS");
    const a = await setup({
      accountId: "p1",
      regions: ["US-East-1"],
      resourceTypes: ["VM"],
      vmScanTypes: ["OS", "Sca"],
      mustHaveTags: ["Env=Prod"],
      atLeastOneTag: ["Owner:PlatformTeam"],
      noneOfTheTag: ["IGNORE=TRUE"],
    });
    expect(a.status).toBe(200);
    expect(a.body.data).toMatchObject({
      currentRegions: ["us-east-1"],
      resourceTypes: ["vm"],
      vmScanTypes: ["os", "sca"],
      mustHaveTags: ["env=prod"],
      atLeastOneTag: ["owner:platformteam"],
      noneOfTheTag: ["ignore=true"],
    });
    expect((await call("GET", `${BASE}/p1`)).body.data.regions).toEqual(["us-east-1"]);
  });

  describe("validations → 400 naming the field", () => {
    beforeEach(async () => {
      await register("gcp-1", "GCP");
      await register("aws-1", "AWS");
      await register("az-1", "AZURE");
    });
    const ok = { accountId: "gcp-1", regions: ["us-east1"] };

    test.each([12, 721, 24.5, "48"])("scanInterval %p", async (n) => {
      expectRejected(await setup({ ...ok, scanInterval: n }), "scanInterval", /24 and 720/);
    });

    test("scanInterval 24 and 720 are accepted", async () => {
      expect((await setup({ ...ok, scanInterval: 24 })).status).toBe(200);
      expect((await setup({ ...ok, scanInterval: 720 })).status).toBe(200);
    });

    test("sca without os", async () => {
      expectRejected(await setup({ ...ok, vmScanTypes: ["sca"] }), "vmScanTypes", /os must also be included/);
    });

    test("an unknown scan type", async () => {
      expectRejected(await setup({ ...ok, vmScanTypes: ["os", "secret"] }), "vmScanTypes", /secret/);
    });

    test("resourceTypes other than vm", async () => {
      expectRejected(await setup({ ...ok, resourceTypes: ["vm", "container"] }), "resourceTypes", /vm/);
    });

    test("GCP tag with ':'", async () => {
      expectRejected(await setup({ ...ok, mustHaveTags: ["env:prod"] }), "mustHaveTags", /env:prod/);
    });

    test("Azure tag with ':'", async () => {
      expectRejected(await setup({ accountId: "az-1", regions: ["eastus"], noneOfTheTag: ["env:prod"] }), "noneOfTheTag");
    });

    test("AWS tag with ':' is accepted", async () => {
      const a = await setup({ accountId: "aws-1", regions: ["us-east-1"], atLeastOneTag: ["env:prod", "team=infra"] });
      expect(a.status).toBe(200);
      expect(a.body.data.atLeastOneTag).toEqual(["env:prod", "team=infra"]);
    });

    test("empty or missing regions, or an empty region name", async () => {
      expectRejected(await setup({ ...ok, regions: [] }), "regions");
      expectRejected(await setup({ accountId: "gcp-1" }), "regions");
      expectRejected(await setup({ ...ok, regions: ["us-east1", " "] }), "regions");
    });

    test("a rejected setup changes nothing", async () => {
      await setup({ ...ok, regions: ["us-east1"] });
      await setup({ ...ok, regions: ["us-west1"], scanInterval: 1 });
      expect((await call("GET", `${BASE}/gcp-1`)).body.data.regions).toEqual(["us-east1"]);
    });
  });

  test("previous/current/added/removed regions across setups; cloudInfo follows", async () => {
    await register("p1");
    const first = await setup({ accountId: "p1", regions: ["us-east1", "us-west1"] });
    expect(first.body.data).toMatchObject({
      previousRegions: [],
      currentRegions: ["us-east1", "us-west1"],
      addedRegions: ["us-east1", "us-west1"],
      removedRegions: [],
    });
    const second = await setup({ accountId: "p1", regions: ["us-west1", "europe-west1"] });
    expect(second.body.data).toMatchObject({
      previousRegions: ["us-east1", "us-west1"],
      currentRegions: ["us-west1", "europe-west1"],
      addedRegions: ["europe-west1"],
      removedRegions: ["us-east1"],
    });
    const same = await setup({ accountId: "p1", regions: ["us-west1", "europe-west1"] });
    expect(same.body.data).toMatchObject({ addedRegions: [], removedRegions: [] });
    const state = await call("GET", `${BASE}/p1/state`);
    expect(Object.keys(state.body.data.cloudInfo).sort()).toEqual(["europe-west1", "us-west1"]);
  });
});

describe("get, state, list", () => {
  test("GET {id} has the notes' fields; regions reflect the setup", async () => {
    await register("my-gcp-project");
    await setup({ accountId: "my-gcp-project", regions: ["us-east1", "us-west1"] });
    const a = await call("GET", `${BASE}/my-gcp-project`);
    expect(a.status).toBe(200);
    expect(a.body.data).toEqual({
      accountId: "my-gcp-project",
      cloudType: "GCP",
      customerUuid: expect.stringMatching(UUID),
      connectorUuid: expect.stringMatching(UUID),
      portalUuid: expect.stringMatching(UUID),
      regions: ["us-east1", "us-west1"],
      state: "REGISTERED",
      createdAt: expect.stringMatching(LOCAL_TS),
      updatedAt: expect.stringMatching(LOCAL_TS),
    });
    expect(a.body.data.customerUuid).toBe(E.emu.tenant("acme").customerUuid);
  });

  test("state: cloudInfo has one entry per region, with the cloud's own infrastructure ids", async () => {
    await register("p1", "GCP");
    await setup({ accountId: "p1", regions: ["us-east1", "us-west1"] });
    const gcp = await call("GET", `${BASE}/p1/state`);
    expect(gcp.status).toBe(200);
    expect(gcp.body.data).toMatchObject({ accountId: "p1", cloudType: "GCP", state: "REGISTERED" });
    expect(Object.keys(gcp.body.data.cloudInfo).sort()).toEqual(["us-east1", "us-west1"]);
    expect(gcp.body.data.cloudInfo["us-east1"]).toEqual({
      vpcId: expect.stringContaining("projects/p1/"),
      subnetId: expect.stringContaining("us-east1"),
    });

    await register("sub-1", "AZURE");
    await setup({ accountId: "sub-1", regions: ["eastus"] });
    const az = await call("GET", `${BASE}/sub-1/state`);
    expect(az.body.data.cloudInfo.eastus).toMatchObject({
      vnetId: expect.stringMatching(/virtualNetworks/),
      storageAccountName: expect.any(String),
    });
  });

  test("state of a registered account not yet set up: no cloudInfo", async () => {
    await register("p1");
    expect((await call("GET", `${BASE}/p1/state`)).body.data.cloudInfo).toEqual({});
  });

  test("GET and state of an unknown account → 404", async () => {
    expect((await call("GET", `${BASE}/nope`)).status).toBe(404);
    expect((await call("GET", `${BASE}/nope/state`)).status).toBe(404);
  });

  test("list: limit 0 and 101 → 400 naming limit", async () => {
    expectRejected(await call("GET", `${BASE}?limit=0`), "limit", /1 and 100/);
    expectRejected(await call("GET", `${BASE}?limit=101`), "limit", /1 and 100/);
    expect((await call("GET", `${BASE}?limit=100`)).status).toBe(200);
    expectRejected(await call("GET", `${BASE}?page=0`), "page");
    expectRejected(await call("GET", `${BASE}?sort=colour,asc`), "sort");
  });

  test("list: 3 accounts with limit 2 → two pages, meta.total 3", async () => {
    for (const id of ["a-1", "b-2", "c-3"]) await register(id);
    const p1 = await call("GET", `${BASE}?page=1&limit=2&sort=accountId,asc`);
    const p2 = await call("GET", `${BASE}?page=2&limit=2&sort=accountId,asc`);
    const p3 = await call("GET", `${BASE}?page=3&limit=2&sort=accountId,asc`);
    expect(p1.body.data.map((x: { accountId: string }) => x.accountId)).toEqual(["a-1", "b-2"]);
    expect(p2.body.data.map((x: { accountId: string }) => x.accountId)).toEqual(["c-3"]);
    expect(p3.body.data).toEqual([]);
    expect(p1.body.meta).toEqual({ page: 1, limit: 2, total: 3, timestamp: expect.stringMatching(UTC_TS) });
    expect(p2.body.meta).toMatchObject({ page: 2, limit: 2, total: 3 });
    const desc = await call("GET", `${BASE}?limit=2&sort=accountId,desc`);
    expect(desc.body.data.map((x: { accountId: string }) => x.accountId)).toEqual(["c-3", "b-2"]);
    // Default page size 25.
    expect((await call("GET", BASE)).body.meta).toMatchObject({ page: 1, limit: 25, total: 3 });
  });
});

describe("tenants", () => {
  test("another tenant's account is 404 and absent from its list; the same id can exist in both", async () => {
    await register("shared-id");
    await setup({ accountId: "shared-id", regions: ["us-east1"] });
    expect((await call("GET", `${BASE}/shared-id`, { token: GLOBEX })).status).toBe(404);
    expect((await call("GET", `${BASE}/shared-id/state`, { token: GLOBEX })).status).toBe(404);
    expect((await setup({ accountId: "shared-id", regions: ["us-west1"] }, GLOBEX)).status).toBe(404);
    expect((await call("DELETE", `${BASE}/deregister`, { json: { accountId: "shared-id", cloudType: "GCP" }, token: GLOBEX })).status).toBe(
      404,
    );
    const list = await call("GET", BASE, { token: GLOBEX });
    expect(list.body.data).toEqual([]);
    expect(list.body.meta.total).toBe(0);
    expect((await register("shared-id", "AWS", GLOBEX)).status).toBe(201);
    // acme's account is untouched by all of that.
    const mine = await call("GET", `${BASE}/shared-id`);
    expect(mine.body.data).toMatchObject({ cloudType: "GCP", regions: ["us-east1"] });
  });
});

describe("deregister", () => {
  test("DELETE with a JSON body: the notes' envelope, then the account is gone", async () => {
    await register("my-gcp-project-XXX");
    await setup({ accountId: "my-gcp-project-XXX", regions: ["us-east1"] });
    const a = await call("DELETE", `${BASE}/deregister`, { json: { accountId: "my-gcp-project-XXX", cloudType: "gcp" } });
    expect(a.status).toBe(200);
    expect(a.body).toEqual({
      data: { accountId: "my-gcp-project-XXX", status: "DEREGISTERED", deregisteredAt: expect.stringMatching(LOCAL_TS) },
      errors: [],
      meta: { timestamp: expect.stringMatching(UTC_TS) },
    });
    expect((await call("GET", `${BASE}/my-gcp-project-XXX`)).status).toBe(404);
    expect((await call("DELETE", `${BASE}/deregister`, { json: { accountId: "my-gcp-project-XXX", cloudType: "GCP" } })).status).toBe(404);
    // It can be registered again.
    expect((await register("my-gcp-project-XXX")).status).toBe(201);
  });

  test("the wrong cloudType or no body → 400, and the account stays", async () => {
    await register("p1", "GCP");
    const wrong = await call("DELETE", `${BASE}/deregister`, { json: { accountId: "p1", cloudType: "AWS" } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0]).toMatchObject({ field: "cloudType", message: expect.stringMatching(/GCP account, not AWS/) });
    expectRejected(await call("DELETE", `${BASE}/deregister`), "accountId");
    expect((await call("GET", `${BASE}/p1`)).status).toBe(200);
  });
});

describe("fault injection", () => {
  test("409/1965 with X-RateLimit-ToWait-Sec, once, then the real answer", async () => {
    E.emu.injectFault({ path: "/service-accounts/register", status: 409, qualysCode: "1965", waitSeconds: 7 });
    const limited = await register("p1");
    expect(limited.status).toBe(409);
    expect(limited.headers.get("x-ratelimit-towait-sec")).toBe("7");
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(limited.body.data).toBeNull();
    expect(limited.body.errors[0].code).toBe("1965");
    // Refused before running: nothing registered, and the next call goes through.
    expect((await call("GET", `${BASE}/p1`)).status).toBe(404);
    expect((await register("p1")).status).toBe(201);
  });

  test("409/1960 carries the concurrency headers; faults match by method and fire `times` times", async () => {
    E.emu.injectFault({ method: "GET", path: BASE, status: 409, qualysCode: "1960", times: 2 });
    await register("p1");
    const a = await call("GET", `${BASE}/p1`);
    expect(a.status).toBe(409);
    expect(a.headers.get("x-concurrency-limit-limit")).toBe("2");
    expect(a.body.errors[0].code).toBe("1960");
    expect((await call("GET", `${BASE}/p1`)).status).toBe(409);
    expect((await call("GET", `${BASE}/p1`)).status).toBe(200);
  });

  test("faults can be injected through the control API", async () => {
    const res = await E.admin("POST", "faults", { path: "/setup", status: 503, waitSeconds: 4 });
    expect(res.status).toBe(200);
    await register("p1");
    const a = await setup({ accountId: "p1", regions: ["us-east1"] });
    expect(a.status).toBe(503);
    expect(a.headers.get("retry-after")).toBe("4");
  });

  test("cut: the connection closes without an answer, and the call did not run", async () => {
    E.emu.injectFault({ path: "/service-accounts/register", cut: true });
    await expect(register("p1")).rejects.toThrow();
    expect((await call("GET", `${BASE}/p1`)).status).toBe(404);
  });

  test("cut after the handler: the call ran, the answer is lost", async () => {
    E.emu.injectFault({ path: "/service-accounts/register", cut: true, afterHandler: true });
    await expect(register("p1")).rejects.toThrow();
    expect((await call("GET", `${BASE}/p1`)).status).toBe(200);
  });
});

describe("call counters", () => {
  test("counted by endpoint label (path templates), control API not counted, reset clears", async () => {
    await register("p1");
    await register("p1"); // 409, still a call
    await setup({ accountId: "p1", regions: ["us-east1"] });
    await call("GET", `${BASE}/p1`);
    await call("GET", `${BASE}/p2`); // 404, still a call
    await call("GET", `${BASE}/p1/state`);
    await call("GET", BASE);
    await call("DELETE", `${BASE}/deregister`, { json: { accountId: "p1", cloudType: "GCP" } });
    await call("GET", BASE, { token: null }); // 401
    await E.admin("GET", "health");
    expect(E.emu.calls()).toEqual({
      [`DELETE ${BASE}/deregister`]: 1,
      [`GET ${BASE}`]: 2,
      [`GET ${BASE}/{accountId}`]: 2,
      [`GET ${BASE}/{accountId}/state`]: 1,
      [`POST ${BASE}/register`]: 2,
      [`POST ${BASE}/setup`]: 1,
    });
    expect(E.emu.totalCalls()).toBe(9);
    expect(E.emu.totalCalls((l) => l.startsWith("GET "))).toBe(5);
    // The log keeps what reached "Qualys".
    const setupCall = E.emu.log.find((c) => c.label === `POST ${BASE}/setup`)!;
    expect(JSON.parse(setupCall.body)).toEqual({ accountId: "p1", regions: ["us-east1"] });
    expect(setupCall).toMatchObject({ tenant: "acme", status: 200 });
    expect(E.emu.log.filter((c) => c.status === 401)).toHaveLength(1);

    const viaControl = await callCounts(E.emu);
    expect(viaControl.total).toBe(9);
    expect(viaControl.calls[`POST ${BASE}/register`]).toBe(2);

    E.emu.resetCalls();
    expect(E.emu.calls()).toEqual({});
    expect(E.emu.totalCalls()).toBe(0);
  });

  test("a cut call is counted too", async () => {
    E.emu.injectFault({ path: "/service-accounts/register", cut: true });
    await expect(register("p1")).rejects.toThrow();
    expect(E.emu.calls()).toEqual({ [`POST ${BASE}/register`]: 1 });
  });
});
