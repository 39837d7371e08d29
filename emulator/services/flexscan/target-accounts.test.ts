/**
 * The emulator's fidelity to the Connector 2.18 notes ("Target Accounts API"), over real HTTP with `fetch`:
 * discovery under a registered parent, the setup validations (subsets of the parent, ranges,
 * defaults, lowercasing), the tag fallback rule, state derived from the parent, deregistration
 * taking targets with it, list filters and pagination, tenant isolation.
 */
import {
  GLOBEX_TOKEN as GLOBEX,
  useEmulator,
  type Answer as HttpAnswer,
  type Envelope,
  type JsonRequestOptions,
} from "../../../tests/helpers/emulator-client";

const SA = "/flexscan-api/rest/v1/service-accounts";
const TA = "/flexscan-api/rest/v1/target-accounts";

const E = useEmulator();
const { control } = E;

type Answer<T = any> = HttpAnswer<Envelope<T>>;
const call = <T = any>(method: string, path: string, opts?: JsonRequestOptions) => E.json<Envelope<T>>(method, path, opts);

const register = (accountId: string, cloudType = "AWS", token?: string) =>
  call("POST", `${SA}/register`, { json: { accountId, cloudType }, token });
const saSetup = (body: Record<string, unknown>, token?: string) => call("POST", `${SA}/setup`, { json: body, token });
const setup = (body: Record<string, unknown>, token?: string) => call("POST", `${TA}/setup`, { json: body, token });
const discover = (parent: string, ids: string[], tenant?: string) =>
  control("POST", `service-accounts/${parent}/discovered-targets`, ids, tenant);

/** A registered AWS parent set up for three regions with os+sca and its own tag filters, and two discovered targets. */
async function org(opts: { vmScanTypes?: string[]; cloudType?: string; token?: string; tenant?: string } = {}) {
  expect((await register("123456789012", opts.cloudType ?? "AWS", opts.token)).status).toBe(201);
  const s = await saSetup(
    {
      accountId: "123456789012",
      regions: ["us-east-1", "us-west-2", "eu-west-1"],
      vmScanTypes: opts.vmScanTypes ?? ["os", "sca"],
      mustHaveTags: ["env=prod"],
      atLeastOneTag: ["team=a"],
      noneOfTheTag: ["skip=true"],
    },
    opts.token,
  );
  expect(s.status).toBe(200);
  expect((await discover("123456789012", ["210987654321", "310987654321"], opts.tenant)).status).toBe(200);
}

function expectRejected(a: Answer, status: number, field: string, ...mentions: Array<string | RegExp>): void {
  expect(a.status).toBe(status);
  expect(a.body.data).toBeNull();
  expect(a.body.errors).toHaveLength(1);
  expect(a.body.errors[0].field).toBe(field);
  for (const m of mentions) expect(a.body.errors[0].message).toMatch(m);
}

describe("discovery (control route)", () => {
  test("targets seeded before the parent is registered appear once it is; unconfigured, with the parent block", async () => {
    const seeded = await discover("123456789012", ["210987654321"]);
    expect(seeded.json).toMatchObject({ parentRegistered: false, discovered: [] });
    expect((await call("GET", `${TA}/210987654321`)).status).toBe(404);
    expect((await call("GET", TA)).body.data).toEqual([]);

    await register("123456789012");
    const got = await call("GET", `${TA}/210987654321`);
    expect(got.status).toBe(200);
    expect(Object.keys(got.body.data).sort()).toEqual(
      [
        "accountId",
        "serviceAccountId",
        "cloudType",
        "customerUuid",
        "connectorUuid",
        "portalUuid",
        "regions",
        "createdAt",
        "updatedAt",
        "serviceAccount",
      ].sort(),
    );
    expect(got.body.data).toMatchObject({
      accountId: "210987654321",
      serviceAccountId: "123456789012",
      cloudType: "AWS",
      regions: [],
      serviceAccount: { accountId: "123456789012", cloudType: "AWS", state: "REGISTERED", regions: [] },
    });
    expect(got.body.data.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    // The target's connector is its parent's.
    expect(got.body.data.connectorUuid).toBe((await call("GET", `${SA}/123456789012`)).body.data.connectorUuid);
  });

  test("seeding under a registered parent is immediate; a target already under another parent is a 409; bad bodies 400; unknown tenant 404", async () => {
    await register("123456789012");
    await register("999999999999");
    expect((await discover("123456789012", ["210987654321"])).json).toMatchObject({ parentRegistered: true, discovered: ["210987654321"] });
    expect((await call("GET", `${TA}/210987654321`)).status).toBe(200);
    expect((await discover("999999999999", ["210987654321"])).status).toBe(409);
    expect((await control("POST", "service-accounts/123456789012/discovered-targets", { accountIds: ["410987654321"] })).status).toBe(200);
    expect((await control("POST", "service-accounts/123456789012/discovered-targets", [1, 2])).status).toBe(400);
    expect((await control("POST", "service-accounts/123456789012/discovered-targets", ["x"], "nobody")).status).toBe(404);
  });
});

describe("setup", () => {
  test("an undiscovered target is a 404 naming it", async () => {
    await org();
    expectRejected(await setup({ accountId: "555555555555", regions: ["us-east-1"] }), 404, "accountId", /555555555555/);
  });

  test("the notes' sample: answer shape, defaults, lowercasing, inherited lists null", async () => {
    await org();
    const a = await setup({
      accountId: "210987654321",
      regions: ["US-EAST-1"],
      scanInterval: 48,
      resourceTypes: ["VM"],
      vmScanTypes: ["OS"],
      mustHaveTags: ["Env=Staging"],
    });
    expect(a.status).toBe(200);
    expect(a.body.errors).toEqual([]);
    expect(a.body.data).toEqual({
      status: "ACCEPTED",
      accountId: "210987654321",
      serviceAccountId: "123456789012",
      cloudType: "AWS",
      previousRegions: [],
      currentRegions: ["us-east-1"],
      addedRegions: ["us-east-1"],
      removedRegions: [],
      scanInterval: 48,
      resourceTypes: ["vm"],
      vmScanTypes: ["os"],
      mustHaveTags: ["env=staging"],
      atLeastOneTag: null,
      noneOfTheTag: null,
    });
    expect(a.body.meta.timestamp).toMatch(/Z$/);

    const d = await setup({ accountId: "310987654321", regions: ["eu-west-1"] });
    expect(d.body.data).toMatchObject({
      scanInterval: 24,
      resourceTypes: ["vm"],
      vmScanTypes: ["os"],
      mustHaveTags: null,
      atLeastOneTag: null,
      noneOfTheTag: null,
    });
  });

  test("a second setup reports previous/added/removed regions and replaces the whole configuration", async () => {
    await org();
    await setup({ accountId: "210987654321", regions: ["us-east-1", "us-west-2"], scanInterval: 72, mustHaveTags: [] });
    const b = await setup({ accountId: "210987654321", regions: ["us-west-2", "eu-west-1"] });
    expect(b.body.data).toMatchObject({
      previousRegions: ["us-east-1", "us-west-2"],
      currentRegions: ["us-west-2", "eu-west-1"],
      addedRegions: ["eu-west-1"],
      removedRegions: ["us-east-1"],
      scanInterval: 24,
      mustHaveTags: null,
    });
    expect((await call("GET", `${TA}/210987654321`)).body.data.regions).toEqual(["us-west-2", "eu-west-1"]);
  });

  test("regions must be a subset of the parent's configured regions; the offending ones are named", async () => {
    await org();
    expectRejected(
      await setup({ accountId: "210987654321", regions: ["us-east-1", "ap-south-1", "eu-central-1"] }),
      400,
      "regions",
      /ap-south-1, eu-central-1/,
      /subset/,
      /us-east-1, us-west-2, eu-west-1/,
    );
    expectRejected(await setup({ accountId: "210987654321", regions: [] }), 400, "regions");
    expectRejected(await setup({ accountId: "210987654321" }), 400, "regions");
  });

  test("a parent with no configured regions cannot have its targets set up", async () => {
    await register("123456789012");
    await discover("123456789012", ["210987654321"]);
    expectRejected(await setup({ accountId: "210987654321", regions: ["us-east-1"] }), 400, "regions", /no configured regions/);
  });

  test('vmScanTypes ⊆ the parent\'s: a ["os"] parent rejects ["os","sca"], naming sca; options os, sca, secret', async () => {
    await org({ vmScanTypes: ["os"] });
    expectRejected(
      await setup({ accountId: "210987654321", regions: ["us-east-1"], vmScanTypes: ["os", "sca"] }),
      400,
      "vmScanTypes",
      /sca not in \[os\]/,
      /subset/,
    );
    expect((await setup({ accountId: "210987654321", regions: ["us-east-1"], vmScanTypes: ["os"] })).status).toBe(200);
    // secret is a documented target option, but the service-account API documents only os and sca
    // for the parent, so it can never be a subset there.
    expectRejected(
      await setup({ accountId: "210987654321", regions: ["us-east-1"], vmScanTypes: ["os", "secret"] }),
      400,
      "vmScanTypes",
      /secret not in/,
    );
    expectRejected(
      await setup({ accountId: "210987654321", regions: ["us-east-1"], vmScanTypes: ["bogus"] }),
      400,
      "vmScanTypes",
      /bogus/,
      /os, sca, secret/,
    );
  });

  test("an [os, sca] parent accepts [os, sca] and [os]; sca still needs os", async () => {
    await org();
    expect((await setup({ accountId: "210987654321", regions: ["us-east-1"], vmScanTypes: ["os", "sca"] })).body.data.vmScanTypes).toEqual([
      "os",
      "sca",
    ]);
    expectRejected(
      await setup({ accountId: "210987654321", regions: ["us-east-1"], vmScanTypes: ["sca"] }),
      400,
      "vmScanTypes",
      /os must also be included/,
    );
  });

  test("scanInterval 24–720; resourceTypes only vm", async () => {
    await org();
    for (const bad of [23, 721, 800, 24.5, "48"])
      expectRejected(
        await setup({ accountId: "210987654321", regions: ["us-east-1"], scanInterval: bad }),
        400,
        "scanInterval",
        /24 and 720/,
      );
    for (const good of [24, 720])
      expect((await setup({ accountId: "210987654321", regions: ["us-east-1"], scanInterval: good })).status).toBe(200);
    expectRejected(await setup({ accountId: "210987654321", regions: ["us-east-1"], resourceTypes: ["db"] }), 400, "resourceTypes");
  });

  test("tag format follows the parent's cloud: ':' for AWS only", async () => {
    await org();
    expect(
      (await setup({ accountId: "210987654321", regions: ["us-east-1"], atLeastOneTag: ["Owner:Platform"] })).body.data.atLeastOneTag,
    ).toEqual(["owner:platform"]);
    await E.restart();
    await register("my-gcp-project", "GCP");
    await saSetup({ accountId: "my-gcp-project", regions: ["us-east1"] });
    await discover("my-gcp-project", ["target-1"]);
    expectRejected(
      await setup({ accountId: "target-1", regions: ["us-east1"], atLeastOneTag: ["owner:platform"] }),
      400,
      "atLeastOneTag",
      /owner:platform/,
    );
  });

  test("a parent not in REGISTERED/ACTIVE state: 409", async () => {
    await org();
    await control("PATCH", "service-accounts/123456789012", { state: "ERROR" });
    expectRejected(await setup({ accountId: "210987654321", regions: ["us-east-1"] }), 409, "accountId", /REGISTERED/);
  });
});

describe("tag fallback: null inherits the parent's, [] overrides with no filtering", () => {
  test("absent and null are stored null; [] stored []; the effective filter resolves null to the parent's", async () => {
    await org();
    const a = await setup({
      accountId: "210987654321",
      regions: ["us-east-1"],
      mustHaveTags: null,
      atLeastOneTag: [],
      noneOfTheTag: ["X=1"],
    });
    expect(a.body.data).toMatchObject({ mustHaveTags: null, atLeastOneTag: [], noneOfTheTag: ["x=1"] });
    const c = await control("GET", "target-accounts/210987654321");
    expect(c.json.config).toMatchObject({ mustHaveTags: null, atLeastOneTag: [], noneOfTheTag: ["x=1"] });
    expect(c.json.effectiveTags).toEqual({ mustHaveTags: ["env=prod"], atLeastOneTag: [], noneOfTheTag: ["x=1"] });

    // Left out entirely: the same as null.
    await setup({ accountId: "210987654321", regions: ["us-east-1"] });
    expect((await control("GET", "target-accounts/210987654321")).json.effectiveTags).toEqual({
      mustHaveTags: ["env=prod"],
      atLeastOneTag: ["team=a"],
      noneOfTheTag: ["skip=true"],
    });
  });
});

describe("get, state, list", () => {
  test("state is the parent's; cloudInfo is the parent's for the target's regions", async () => {
    await org();
    await setup({ accountId: "210987654321", regions: ["us-west-2"] });
    const s = await call("GET", `${TA}/210987654321/state`);
    expect(s.status).toBe(200);
    const parentInfo = (await call("GET", `${SA}/123456789012/state`)).body.data.cloudInfo;
    expect(s.body.data).toEqual({
      accountId: "210987654321",
      cloudType: "AWS",
      state: "REGISTERED",
      cloudInfo: { "us-west-2": parentInfo["us-west-2"] },
    });
    await control("PATCH", "service-accounts/123456789012", { state: "INACTIVE" });
    expect((await call("GET", `${TA}/210987654321/state`)).body.data.state).toBe("INACTIVE");
    expect((await call("GET", `${TA}/210987654321`)).body.data.serviceAccount.state).toBe("INACTIVE");
    expect((await call("GET", `${TA}/nope/state`)).status).toBe(404);
  });

  test("list items carry serviceAccountState; filters serviceAccountId, cloudType (any case), state (the parent's)", async () => {
    await org();
    await register("my-gcp-project", "GCP");
    await saSetup({ accountId: "my-gcp-project", regions: ["us-east1"] });
    await discover("my-gcp-project", ["gcp-target"]);
    await control("PATCH", "service-accounts/my-gcp-project", { state: "ERROR" });

    const all = await call("GET", TA);
    expect(all.body.meta).toMatchObject({ page: 1, limit: 25, total: 3 });
    expect(Object.keys(all.body.data[0]).sort()).toEqual(
      [
        "accountId",
        "serviceAccountId",
        "cloudType",
        "customerUuid",
        "connectorUuid",
        "portalUuid",
        "regions",
        "serviceAccountState",
        "createdAt",
        "updatedAt",
      ].sort(),
    );
    const ids = (a: Answer) => (a.body.data as Array<{ accountId: string }>).map((t) => t.accountId).sort();
    expect(ids(await call("GET", `${TA}?serviceAccountId=123456789012`))).toEqual(["210987654321", "310987654321"]);
    expect(ids(await call("GET", `${TA}?cloudType=gcp`))).toEqual(["gcp-target"]);
    expect(ids(await call("GET", `${TA}?cloudType=OCI`))).toEqual([]);
    expect(ids(await call("GET", `${TA}?state=ERROR`))).toEqual(["gcp-target"]);
    expect(ids(await call("GET", `${TA}?state=REGISTERED&cloudType=AWS`))).toEqual(["210987654321", "310987654321"]);
    expectRejected(await call("GET", `${TA}?cloudType=IBM`), 400, "cloudType");
    expectRejected(await call("GET", `${TA}?state=GONE`), 400, "state");
  });

  test("pagination: limit 1–100, pages, total, sort", async () => {
    await register("123456789012");
    await discover("123456789012", ["t-a", "t-b", "t-c", "t-d", "t-e"]);
    const p1 = await call("GET", `${TA}?page=1&limit=2&sort=accountId,asc`);
    const p3 = await call("GET", `${TA}?page=3&limit=2&sort=accountId,asc`);
    expect(p1.body.data.map((t: { accountId: string }) => t.accountId)).toEqual(["t-a", "t-b"]);
    expect(p3.body.data.map((t: { accountId: string }) => t.accountId)).toEqual(["t-e"]);
    expect(p3.body.meta).toMatchObject({ page: 3, limit: 2, total: 5 });
    expectRejected(await call("GET", `${TA}?limit=101`), 400, "limit");
    expectRejected(await call("GET", `${TA}?limit=0`), 400, "limit");
    expectRejected(await call("GET", `${TA}?sort=colour,asc`), 400, "sort");
  });
});

describe("the parent goes, and out-of-band changes", () => {
  test("deregistering the parent takes its targets and their configuration; re-registration rediscovers them unconfigured", async () => {
    await org();
    await setup({ accountId: "210987654321", regions: ["us-east-1"], mustHaveTags: [] });
    expect((await call("DELETE", `${SA}/deregister`, { json: { accountId: "123456789012", cloudType: "AWS" } })).status).toBe(200);
    expect((await call("GET", `${TA}/210987654321`)).status).toBe(404);
    expect((await call("GET", `${TA}/210987654321/state`)).status).toBe(404);
    expect((await call("GET", TA)).body.data).toEqual([]);
    expect((await setup({ accountId: "210987654321", regions: ["us-east-1"] })).status).toBe(404);
    expect((E.emu.tenant().dump().flexscanTargets as { targetAccounts: Map<string, unknown> }).targetAccounts.size).toBe(0);

    await register("123456789012");
    const again = await call("GET", `${TA}/210987654321`);
    expect(again.status).toBe(200);
    expect(again.body.data.regions).toEqual([]);
    expect((await control("GET", "target-accounts/210987654321")).json.config).toBeNull();
  });

  test("the control DELETE of the parent (out of band) does the same", async () => {
    await org();
    await control("DELETE", "service-accounts/123456789012");
    expect((await call("GET", `${TA}/210987654321`)).status).toBe(404);
  });

  test("control PATCH changes a target's regions or parent; control DELETE removes it for good", async () => {
    await org();
    await setup({ accountId: "210987654321", regions: ["us-east-1"] });
    expect((await control("PATCH", "target-accounts/210987654321", { regions: ["eu-west-1"] })).status).toBe(200);
    expect((await call("GET", `${TA}/210987654321`)).body.data.regions).toEqual(["eu-west-1"]);

    await register("999999999999");
    await control("PATCH", "target-accounts/310987654321", { serviceAccountId: "999999999999" });
    expect((await call("GET", `${TA}/310987654321`)).body.data.serviceAccountId).toBe("999999999999");

    expect((await control("DELETE", "target-accounts/210987654321")).status).toBe(200);
    expect((await call("GET", `${TA}/210987654321`)).status).toBe(404);
    expect((await call("GET", TA)).body.data.map((t: { accountId: string }) => t.accountId)).toEqual(["310987654321"]);
  });
});

describe("tenants and counting", () => {
  test("another tenant's targets are 404 and absent from its list", async () => {
    await org();
    expect((await call("GET", `${TA}/210987654321`, { token: GLOBEX })).status).toBe(404);
    expect((await call("GET", TA, { token: GLOBEX })).body.data).toEqual([]);
    expect((await setup({ accountId: "210987654321", regions: ["us-east-1"] }, GLOBEX)).status).toBe(404);
    // A target id is per tenant: globex may discover the same id under its own parent.
    await register("123456789012", "AWS", GLOBEX);
    expect((await discover("123456789012", ["210987654321"], "globex")).status).toBe(200);
  });

  test("no token → 401; API calls are counted per endpoint, control routes are not", async () => {
    expect((await call("GET", TA, { token: null })).status).toBe(401);
    E.emu.resetCalls();
    await org();
    await setup({ accountId: "210987654321", regions: ["us-east-1"] });
    await call("GET", `${TA}/210987654321`);
    await call("GET", `${TA}/210987654321/state`);
    await call("GET", TA);
    expect(E.emu.calls()).toEqual({
      "GET /flexscan-api/rest/v1/target-accounts": 1,
      "GET /flexscan-api/rest/v1/target-accounts/{accountId}": 1,
      "GET /flexscan-api/rest/v1/target-accounts/{accountId}/state": 1,
      "POST /flexscan-api/rest/v1/service-accounts/register": 1,
      "POST /flexscan-api/rest/v1/service-accounts/setup": 1,
      "POST /flexscan-api/rest/v1/target-accounts/setup": 1,
    });
    expect(JSON.parse(E.emu.log.find((c) => c.label.endsWith("target-accounts/setup"))!.body)).toEqual({
      accountId: "210987654321",
      regions: ["us-east-1"],
    });
  });
});
