/**
 * TargetAccount provider ↔ emulator: the whole lifecycle over real HTTP, as steps
 * (create → read → update → read → delete), the API calls of each operation, then the failure
 * paths (undiscovered target, wrong parent, already configured, parent limits, parent deregistered).
 */
import { invalidateReads } from "../../shared/readers";
import { controlOk } from "../../../tests/helpers/emulator-client";
import { useHarness } from "../../../tests/helpers/provider-harness";
import type { HandlerContext } from "../../engine/handler";
import { targetAccountHandler as h } from "./handler";
import { STOP_SCANNING_TAG, type TargetAccountInputs } from "./schema";

const PARENT = "123456789012";
const TARGET = "210987654321";
const T = "/flexscan-api/rest/v1/target-accounts";
const SA = "/flexscan-api/rest/v1/service-accounts";

const H = useHarness();
const { warnings } = H;

const control = (method: string, path: string, body?: unknown) => controlOk(H.emu, method, path, body);

/** A registered AWS parent (three regions, os+sca unless told, its own tag filters) with discovered targets; calls reset. */
async function org(opts: { vmScanTypes?: string[]; targets?: string[] } = {}) {
  await H.clients.serviceAccounts.register(PARENT, "AWS");
  await H.clients.serviceAccounts.setup({
    accountId: PARENT,
    regions: ["us-east-1", "us-west-2", "eu-west-1"],
    vmScanTypes: opts.vmScanTypes ?? ["os", "sca"],
    mustHaveTags: ["env=prod"],
    atLeastOneTag: ["team=a"],
    noneOfTheTag: ["skip=true"],
  });
  await control("POST", `service-accounts/${PARENT}/discovered-targets`, opts.targets ?? [TARGET, "310987654321"]);
  H.emu.resetCalls();
}

function inputs(over: Record<string, unknown> = {}): TargetAccountInputs {
  const r = h.check({}, { accountId: TARGET, serviceAccountId: PARENT, regions: ["us-east-1", "us-west-2"], scanInterval: 48, ...over });
  expect(r.failures).toEqual([]);
  return r.inputs as TargetAccountInputs;
}

/** The bodies of the setup calls that reached the emulator, parsed, and raw. */
function setupBodies(): Array<{ raw: string; json: Record<string, unknown> }> {
  return H.emu.log.filter((c) => c.label === `POST ${T}/setup`).map((c) => ({ raw: c.body, json: JSON.parse(c.body) }));
}

async function message(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error("expected a failure");
}

test("lifecycle: create → read → update → read → delete, with the API calls of each step", async () => {
  await org();

  // create: GET target + setup + GET state
  const created = await h.create(H.ctx, inputs({ noneOfTheTag: [] }));
  expect(created.id).toBe(TARGET);
  const outs = created.outs;
  expect(H.emu.calls()).toEqual({ [`GET ${T}/{accountId}`]: 1, [`POST ${T}/setup`]: 1, [`GET ${T}/{accountId}/state`]: 1 });
  expect(outs).toMatchObject({
    accountId: TARGET,
    serviceAccountId: PARENT,
    regions: ["us-east-1", "us-west-2"],
    scanInterval: 48,
    vmScanTypes: ["os"],
    noneOfTheTag: [],
    state: "REGISTERED",
    cloudType: "AWS",
    parentRegions: ["eu-west-1", "us-east-1", "us-west-2"],
    addedRegions: ["us-east-1", "us-west-2"],
    inheritedTagLists: ["mustHaveTags", "atLeastOneTag"],
    onDelete: "stop-scanning",
  });
  expect(Object.keys(outs)).not.toContain("mustHaveTags");
  expect(Object.keys(outs.cloudInfo).sort()).toEqual(["us-east-1", "us-west-2"]);
  expect(outs.connectorUuid).toMatch(/^[0-9a-f-]{36}$/);

  // read: an unchanged target reads back equal (no drift) — GET target + GET state
  H.emu.resetCalls();
  const read1 = await h.read(H.ctx, TARGET, outs);
  expect(read1?.props).toEqual(outs);
  expect(read1?.inputs).toEqual(inputs({ noneOfTheTag: [] }));
  expect(h.diff(TARGET, read1!.props, inputs({ noneOfTheTag: [] })).changes).toBe(false);
  // A refresh reads per parent, not per target: its targets (one page), its account (the shared
  // account list) and its state; every other target of the parent would be served from these.
  expect(H.emu.calls()).toEqual({
    [`GET ${T}`]: 1,
    [`GET ${SA}`]: 1,
    [`GET ${SA}/{accountId}/state`]: 1,
  });

  // update: drop a region, [] → inherit, own mustHaveTags — GET target + setup + GET state
  H.emu.resetCalls();
  const news = inputs({ regions: ["us-west-2"], mustHaveTags: ["Env=Staging"] });
  expect(h.diff(TARGET, outs, news).changed).toEqual(["mustHaveTags", "noneOfTheTag", "regions"]);
  const updated = await h.update(H.ctx, TARGET, outs, news);
  expect(H.emu.calls()).toEqual({ [`GET ${T}/{accountId}`]: 1, [`POST ${T}/setup`]: 1, [`GET ${T}/{accountId}/state`]: 1 });
  expect(updated).toMatchObject({
    regions: ["us-west-2"],
    removedRegions: ["us-east-1"],
    addedRegions: [],
    mustHaveTags: ["env=staging"],
    inheritedTagLists: ["atLeastOneTag", "noneOfTheTag"],
  });
  expect(Object.keys(updated)).not.toContain("noneOfTheTag");
  expect(setupBodies()[0].json).toMatchObject({
    regions: ["us-west-2"],
    mustHaveTags: ["env=staging"],
    atLeastOneTag: null,
    noneOfTheTag: null,
  });

  // read after update
  H.emu.resetCalls();
  const read2 = await h.read(H.ctx, TARGET, updated);
  expect(read2?.props).toEqual(updated);
  expect(H.emu.totalCalls()).toBe(3); // the update invalidated the parent's reads: read again

  // update that keeps the regions (scan interval): GET target + setup; cloudInfo changes only with
  // the regions, so no /state
  H.emu.resetCalls();
  const interval = await h.update(H.ctx, TARGET, updated, { ...news, scanInterval: 72 });
  expect(H.emu.calls()).toEqual({ [`GET ${T}/{accountId}`]: 1, [`POST ${T}/setup`]: 1 });
  expect(setupBodies()[0].json).toMatchObject({ regions: ["us-west-2"], scanInterval: 72 });
  expect(interval).toEqual({ ...updated, scanInterval: 72, addedRegions: [], removedRegions: [] });
  expect((await h.read(H.ctx, TARGET, interval))?.props).toEqual(interval); // what /state would have said

  // update of onDelete only: state changes, Qualys is not called
  H.emu.resetCalls();
  const retained = await h.update(H.ctx, TARGET, updated, { ...news, onDelete: "retain", adopt: true });
  expect(H.emu.totalCalls()).toBe(0);
  expect(retained).toEqual({ ...updated, onDelete: "retain", adopt: true });

  // delete (stop-scanning): GET target + setup that selects nothing
  H.emu.resetCalls();
  await h.delete(H.ctx, TARGET, updated);
  expect(H.emu.calls()).toEqual({ [`GET ${T}/{accountId}`]: 1, [`POST ${T}/setup`]: 1 });
  expect(setupBodies()[0].json).toEqual({
    accountId: TARGET,
    regions: ["us-west-2"],
    scanInterval: 720,
    resourceTypes: ["vm"],
    vmScanTypes: ["os"],
    mustHaveTags: [STOP_SCANNING_TAG],
    atLeastOneTag: [],
    noneOfTheTag: [],
  });
  const after = await control("GET", `target-accounts/${TARGET}`);
  // Nothing inherited from the parent can widen the selection again.
  expect(after.effectiveTags).toEqual({ mustHaveTags: [STOP_SCANNING_TAG], atLeastOneTag: [], noneOfTheTag: [] });
  expect(warnings.join("\n")).toMatch(/no API to remove a target account.*pulumi-qualys-scan=stopped/s);
});

test("absent and [] tag lists reach the emulator exactly as sent: null (inherit) and [] (no filtering)", async () => {
  await org();
  await h.create(H.ctx, inputs({ atLeastOneTag: [], noneOfTheTag: ["X=1"] }));
  const [first] = setupBodies();
  expect(first.json).toEqual({
    accountId: TARGET,
    regions: ["us-east-1", "us-west-2"],
    scanInterval: 48,
    resourceTypes: ["vm"],
    vmScanTypes: ["os"],
    mustHaveTags: null,
    atLeastOneTag: [],
    noneOfTheTag: ["x=1"],
  });
  expect(first.raw).toContain('"mustHaveTags":null');
  expect(first.raw).toContain('"atLeastOneTag":[]');
  // What Qualys stored and applies: null inherits the parent's list, [] switches filtering off.
  const stored = await control("GET", `target-accounts/${TARGET}`);
  expect(stored.config).toMatchObject({ mustHaveTags: null, atLeastOneTag: [], noneOfTheTag: ["x=1"] });
  expect(stored.effectiveTags).toEqual({ mustHaveTags: ["env=prod"], atLeastOneTag: [], noneOfTheTag: ["x=1"] });

  // The other way round on update: [] for the one that inherited, inherit for the one that was [].
  const outs = (await h.read(
    H.ctx,
    TARGET,
    (await h.create(H.ctx, { ...inputs({ atLeastOneTag: [], noneOfTheTag: ["x=1"] }), adopt: true })).outs,
  ))!.props;
  H.emu.resetCalls();
  await h.update(H.ctx, TARGET, outs, inputs({ mustHaveTags: [], noneOfTheTag: ["x=1"] }));
  expect(setupBodies()[0].json).toMatchObject({ mustHaveTags: [], atLeastOneTag: null, noneOfTheTag: ["x=1"] });
  expect((await control("GET", `target-accounts/${TARGET}`)).effectiveTags).toEqual({
    mustHaveTags: [],
    atLeastOneTag: ["team=a"],
    noneOfTheTag: ["x=1"],
  });
});

test("an undiscovered target fails clearly, naming what Qualys did discover, and sets nothing up", async () => {
  await org();
  const text = await message(h.create(H.ctx, inputs({ accountId: "555555555555" })));
  expect(text).toMatch(/Qualys does not know target account 555555555555/);
  expect(text).toMatch(/only set up once Qualys has discovered them under a registered parent/);
  expect(text).toContain(`Targets Qualys discovered under ${PARENT}: 210987654321, 310987654321`);
  expect(H.emu.calls()[`POST ${T}/setup`]).toBeUndefined();
});

test("a target Qualys reports under another parent fails clearly, naming both", async () => {
  await org();
  await H.clients.serviceAccounts.register("999999999999", "AWS");
  const text = await message(h.create(H.ctx, inputs({ serviceAccountId: "999999999999" })));
  expect(text).toContain(
    `serviceAccountId is 999999999999 in the program, but Qualys reports target ${TARGET} under service account ${PARENT}`,
  );
  expect(H.emu.calls()[`POST ${T}/setup`]).toBeUndefined();
});

test("regions beyond the parent's fail before setup, naming the offending regions and the parent's", async () => {
  await org();
  const text = await message(h.create(H.ctx, inputs({ regions: ["us-east-1", "ap-south-1", "eu-central-1"] })));
  expect(text).toContain(
    "regions: ap-south-1, eu-central-1 are not among the regions of the parent service account 123456789012 (eu-west-1, us-east-1, us-west-2)",
  );
  expect(text).toContain("nothing was changed in Qualys");
  expect(H.emu.calls()).toEqual({ [`GET ${T}/{accountId}`]: 1 });
});

test("scan types beyond the parent's: Qualys's 400 is explained, naming the type", async () => {
  await org({ vmScanTypes: ["os"] });
  const text = await message(h.create(H.ctx, inputs({ vmScanTypes: ["os", "sca"] })));
  expect(text).toMatch(/HTTP 400/);
  expect(text).toMatch(/Qualys said: "vmScanTypes: .*sca not in \[os\]/);
  expect(text).toContain(`vmScanTypes [os, sca] must be a subset of the parent service account ${PARENT}'s scan types`);
  expect(H.emu.calls()[`POST ${T}/setup`]).toBe(1);
});

test("a target already configured fails unless adopt: true; adoption replaces its configuration", async () => {
  await org();
  await H.clients.targetAccounts.setup({ accountId: TARGET, regions: ["eu-west-1"], scanInterval: 96 });
  H.emu.resetCalls();
  const text = await message(h.create(H.ctx, inputs()));
  expect(text).toMatch(/already configured in Qualys \(regions eu-west-1\).*adopt: true/s);
  expect(H.emu.calls()[`POST ${T}/setup`]).toBeUndefined();

  const { outs } = await h.create(H.ctx, inputs({ adopt: true }));
  expect(outs.regions).toEqual(["us-east-1", "us-west-2"]);
  expect((await control("GET", `target-accounts/${TARGET}`)).config).toMatchObject({
    regions: ["us-east-1", "us-west-2"],
    scanInterval: 48,
  });
  expect(warnings.join("\n")).toContain("adopted the target already configured");
});

test("parent deregistered out of band: refresh removes the target with a warning that says why; delete is then a no-op", async () => {
  await org();
  const { outs } = await h.create(H.ctx, inputs());
  await control("DELETE", `service-accounts/${PARENT}`);
  H.emu.resetCalls();
  expect(await h.read(H.ctx, TARGET, outs)).toBeUndefined();
  // The parent's reads find no parent, so the target is read alone to say why: GET target (404),
  // then GET service-accounts/{parent} (404).
  expect(H.emu.calls()).toEqual({
    [`GET ${T}`]: 1,
    [`GET ${SA}`]: 1,
    [`GET ${SA}/{accountId}/state`]: 1,
    [`GET ${T}/{accountId}`]: 1,
    [`GET ${SA}/{accountId}`]: 1,
  });
  expect(warnings.join("\n")).toMatch(
    new RegExp(`parent service account ${PARENT} is no longer registered.*removing the target from the stack`),
  );

  await expect(h.delete(H.ctx, TARGET, outs)).resolves.toBeUndefined();
  // An update against the vanished target fails clearly too (no crash).
  expect(await message(h.update(H.ctx, TARGET, outs, inputs({ scanInterval: 72 })))).toMatch(
    /no longer knows target account.*pulumi refresh/,
  );
});

test("a target removed from Qualys while its parent stays: refresh removes it, saying so", async () => {
  await org();
  const { outs } = await h.create(H.ctx, inputs());
  await control("DELETE", `target-accounts/${TARGET}`);
  expect(await h.read(H.ctx, TARGET, outs)).toBeUndefined();
  expect(warnings.join("\n")).toMatch(/no longer lists this target/);
});

test("refresh reports regions changed out of band as drift in inputs; update repairs it", async () => {
  await org();
  const { outs } = await h.create(H.ctx, inputs());
  await control("PATCH", `target-accounts/${TARGET}`, { regions: ["eu-west-1"] });
  const read = await h.read(H.ctx, TARGET, outs);
  expect(read?.inputs?.regions).toEqual(["eu-west-1"]);
  const d = h.diff(TARGET, read!.props, inputs());
  expect(d).toMatchObject({ changes: true, replaces: [], changed: ["regions"] });
  await h.update(H.ctx, TARGET, read!.props, inputs());
  expect((await control("GET", `target-accounts/${TARGET}`)).regions).toEqual(["us-east-1", "us-west-2"]);
});

test("refresh flags a parent in ERROR and a target moved to another parent; the next update fails on the mismatch", async () => {
  await org();
  const { outs } = await h.create(H.ctx, inputs());
  await control("PATCH", `service-accounts/${PARENT}`, { state: "ERROR" });
  const r1 = await h.read(H.ctx, TARGET, outs);
  expect(r1?.props.state).toBe("ERROR");
  expect(warnings.join("\n")).toMatch(/is in state ERROR; Qualys does not scan its targets/);

  await control("PATCH", `service-accounts/${PARENT}`, { state: "REGISTERED" });
  await H.clients.serviceAccounts.register("999999999999", "AWS");
  await control("PATCH", `target-accounts/${TARGET}`, { serviceAccountId: "999999999999" });
  const r2 = await h.read(H.ctx, TARGET, outs);
  expect(r2?.inputs?.serviceAccountId).toBe("999999999999");
  expect(warnings.join("\n")).toMatch(/now reports it under service account 999999999999/);
  expect(h.diff(TARGET, r2!.props, inputs()).changed).toEqual(["serviceAccountId"]);
  expect(await message(h.update(H.ctx, TARGET, r2!.props, inputs()))).toContain(
    `Qualys reports target ${TARGET} under service account 999999999999`,
  );
});

test("onDelete: retain makes no call and leaves the configuration, with a warning", async () => {
  await org();
  const { outs } = await h.create(H.ctx, inputs({ onDelete: "retain", mustHaveTags: ["a=b"] }));
  H.emu.resetCalls();
  await h.delete(H.ctx, TARGET, outs);
  expect(H.emu.totalCalls()).toBe(0);
  expect((await control("GET", `target-accounts/${TARGET}`)).config).toMatchObject({
    regions: ["us-east-1", "us-west-2"],
    mustHaveTags: ["a=b"],
  });
  expect(warnings.join("\n")).toMatch(/left configured in Qualys \(onDelete: retain\)/);
});

test("stop-scanning keeps only regions the parent still has (setup needs at least one, within the parent's)", async () => {
  await org();
  const { outs } = await h.create(H.ctx, inputs());
  await H.clients.serviceAccounts.setup({ accountId: PARENT, regions: ["us-west-2", "eu-west-1"], vmScanTypes: ["os", "sca"] });
  H.emu.resetCalls();
  await h.delete(H.ctx, TARGET, outs);
  expect(setupBodies()[0].json.regions).toEqual(["us-west-2"]);
});

test("the request is not repeated on a 400, and a transient 503 on setup is retried", async () => {
  await org();
  H.emu.injectFault({ method: "POST", path: "/target-accounts/setup", status: 503 });
  const { outs } = await h.create(H.ctx, inputs());
  expect(outs.state).toBe("REGISTERED");
  expect(H.emu.calls()[`POST ${T}/setup`]).toBe(2);
});

test("a refresh of many targets reads per parent: list pages + the parent's account and state, shared by all", async () => {
  const ids = Array.from({ length: 105 }, (_, i) => `5${String(i).padStart(11, "0")}`);
  await org({ targets: ids });
  const outs = [];
  for (const id of ids.slice(0, 3)) outs.push((await h.create(H.ctx, inputs({ accountId: id }))).outs);
  // A subnet of the parent recreated out of band: targets take cloudInfo from the parent's state,
  // read on every refresh, so this drift is seen.
  await control("PATCH", `service-accounts/${PARENT}`, { cloudInfo: { "us-east-1": { subnetId: "subnet-recreated" } } });
  H.emu.resetCalls();
  invalidateReads(H.clients); // a refresh is a new provider process
  const reads = await Promise.all(outs.map((o) => h.read(H.ctx, o.accountId, o)));
  // 105 targets under the parent: two pages of 100; one account list; one parent state.
  expect(H.emu.calls()).toEqual({ [`GET ${T}`]: 2, [`GET ${SA}`]: 1, [`GET ${SA}/{accountId}/state`]: 1 });
  expect(H.emu.log.filter((c) => c.label === `GET ${T}`).map((c) => new URLSearchParams(c.query).get("serviceAccountId"))).toEqual([
    PARENT,
    PARENT,
  ]);
  for (const r of reads) {
    expect(r?.props.cloudInfo["us-east-1"]).toMatchObject({ subnetId: "subnet-recreated" });
    expect(Object.keys(r!.props.cloudInfo).sort()).toEqual(["us-east-1", "us-west-2"]);
  }
});

test("a target that moved to another parent is not in its old parent's list: read alone, and the move is reported", async () => {
  await org();
  const { outs } = await h.create(H.ctx, inputs());
  await H.clients.serviceAccounts.register("999999999999", "AWS");
  await H.clients.serviceAccounts.setup({ accountId: "999999999999", regions: ["us-east-1", "us-west-2"] });
  await control("PATCH", `target-accounts/${TARGET}`, { serviceAccountId: "999999999999" });
  H.emu.resetCalls();
  invalidateReads(H.clients);
  const read = await h.read(H.ctx, TARGET, outs);
  expect(read?.props.serviceAccountId).toBe("999999999999");
  expect(H.emu.calls()[`GET ${T}/{accountId}`]).toBe(1);
  expect(warnings.join("\n")).toContain("Qualys now reports it under service account 999999999999");
});

test("another tenant's target is not visible: create fails as undiscovered, read drops it", async () => {
  await org();
  const { outs } = await h.create(H.ctx, inputs());
  const other = H.contextFor({ QUALYS_GATEWAY_URL: H.emu.url, QUALYS_TOKEN: "emulator-token-globex" });
  expect(await h.read(other, TARGET, outs)).toBeUndefined();
  expect(await message(h.create(other, inputs()))).toMatch(/does not know target account/);
});

test("when GET leaves out the parent block, the parent's regions come from GET service-accounts/{id}", async () => {
  const calls: string[] = [];
  const record = { accountId: TARGET, serviceAccountId: PARENT, cloudType: "AWS", regions: [] };
  const fake = {
    targetAccounts: {
      get: async () => (calls.push("get target"), record),
      setup: async () => (calls.push("setup"), { status: "ACCEPTED", accountId: TARGET, addedRegions: ["us-east-1"], removedRegions: [] }),
      state: async () => (calls.push("state"), { accountId: TARGET, state: "REGISTERED", cloudInfo: {} }),
    },
    serviceAccounts: {
      get: async () => (calls.push("get parent"), { accountId: PARENT, cloudType: "AWS", state: "REGISTERED", regions: ["us-east-1"] }),
    },
  };
  const ctx = { clients: () => fake } as unknown as HandlerContext;
  const { outs } = await h.create(ctx, inputs({ regions: ["us-east-1"] }));
  expect(calls).toEqual(["get target", "get parent", "setup", "state"]);
  expect(outs.parentRegions).toEqual(["us-east-1"]);
  await expect(h.create(ctx, inputs({ regions: ["us-west-2"] }))).rejects.toThrow(
    /us-west-2 is not among the regions of the parent service account 123456789012 \(us-east-1\)/,
  );
});
