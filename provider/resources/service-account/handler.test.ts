/**
 * ServiceAccount provider ↔ emulator: the whole lifecycle over real HTTP, as steps
 * (create → read → update → read → delete), then the failure paths.
 */
import { invalidateReads } from "../../shared/readers";
import { adminRequest, controlRequest } from "../../../tests/helpers/emulator-client";
import { flexscan } from "../../../emulator/services/flexscan/service-accounts";
import { emulatorEnv, useHarness } from "../../../tests/helpers/provider-harness";
import { serviceAccountHandler as h } from "./handler";
import type { ServiceAccountInputs } from "./schema";

const H = useHarness();
const { warnings } = H;

function inputs(over: Record<string, unknown> = {}): ServiceAccountInputs {
  const r = h.check(
    {},
    {
      accountId: "my-gcp-project-123",
      cloudType: "gcp",
      regions: ["us-west1", "us-east1"],
      scanInterval: 48,
      mustHaveTags: ["env=production"],
      ...over,
    },
  );
  expect(r.failures).toEqual([]);
  return r.inputs as ServiceAccountInputs;
}

test("lifecycle: create → read → update (region removed) → read → delete", async () => {
  // create
  const created = await h.create(H.ctx, inputs());
  expect(created.id).toBe("my-gcp-project-123");
  const outs = created.outs;
  expect(outs.regions).toEqual(["us-east1", "us-west1"]);
  expect(outs.cloudType).toBe("GCP");
  expect(outs.state).toBe("REGISTERED");
  expect(outs.connectorUuid).toMatch(/^[0-9a-f-]{36}$/);
  expect(Object.keys(outs.cloudInfo).sort()).toEqual(["us-east1", "us-west1"]);
  expect(outs.addedRegions).toEqual(["us-east1", "us-west1"]);
  expect(H.emu.calls()).toEqual({
    "POST /flexscan-api/rest/v1/service-accounts/register": 1,
    "POST /flexscan-api/rest/v1/service-accounts/setup": 1,
    "GET /flexscan-api/rest/v1/service-accounts/{accountId}": 1,
    "GET /flexscan-api/rest/v1/service-accounts/{accountId}/state": 1,
  });
  // What reached "Qualys" is the normalised request.
  const setupBody = JSON.parse(H.emu.log.find((c) => c.label.endsWith("/setup"))!.body);
  expect(setupBody).toEqual({
    accountId: "my-gcp-project-123",
    regions: ["us-east1", "us-west1"],
    scanInterval: 48,
    resourceTypes: ["vm"],
    vmScanTypes: ["os"],
    mustHaveTags: ["env=production"],
    atLeastOneTag: [],
    noneOfTheTag: [],
  });

  // read: unchanged account reads back equal (no drift)
  H.emu.resetCalls();
  const read1 = await h.read(H.ctx, created.id, outs);
  expect(read1?.props).toEqual(outs);
  expect(h.diff(created.id, read1!.props, inputs()).changes).toBe(false);
  // One list page; no /state: the regions match state and every region has its cloudInfo.
  expect(H.emu.calls()).toEqual({ "GET /flexscan-api/rest/v1/service-accounts": 1 });

  // update: remove us-west1 → subnet reminder for exactly that region
  H.emu.resetCalls();
  const updated = await h.update(H.ctx, created.id, outs, inputs({ regions: ["us-east1"] }));
  expect(updated.regions).toEqual(["us-east1"]);
  expect(updated.removedRegions).toEqual(["us-west1"]);
  expect(updated.cleanupReminders).toHaveLength(1);
  expect(updated.cleanupReminders[0]).toMatchObject({
    kind: "subnet",
    region: "us-west1",
    reason: "region-removed",
    resourceId: outs.cloudInfo["us-west1"].subnetId,
  });
  expect(warnings.join("\n")).toContain(`delete subnet ${String(outs.cloudInfo["us-west1"].subnetId)}`);
  // Setup only: no region was added, so no cloudInfo is new; the removed one drops out.
  expect(H.emu.calls()).toEqual({ "POST /flexscan-api/rest/v1/service-accounts/setup": 1 });
  expect(Object.keys(updated.cloudInfo)).toEqual(["us-east1"]);
  expect(updated.state).toBe(outs.state);

  // update adding a region: setup + state (the new region's subnet ids are outputs only /state has)
  H.emu.resetCalls();
  const grown = await h.update(H.ctx, created.id, updated, inputs({ regions: ["us-east1", "europe-west1"] }));
  expect(H.emu.calls()).toEqual({
    "POST /flexscan-api/rest/v1/service-accounts/setup": 1,
    "GET /flexscan-api/rest/v1/service-accounts/{accountId}/state": 1,
  });
  expect(grown.cloudInfo["europe-west1"]?.subnetId).toContain("europe-west1");
  await h.update(H.ctx, created.id, grown, inputs({ regions: ["us-east1"] }));

  // delete: deregistered, reminder names subnet and VPC of the remaining region
  H.emu.resetCalls();
  warnings.length = 0;
  await h.delete(H.ctx, created.id, updated);
  expect(H.emu.calls()).toEqual({ "DELETE /flexscan-api/rest/v1/service-accounts/deregister": 1 });
  const text = warnings.join("\n");
  expect(text).toContain("CLEANUP REMINDER");
  expect(text).toContain(String(updated.cloudInfo["us-east1"].subnetId));
  expect(text).toContain(String(updated.cloudInfo["us-east1"].vpcId));
  expect(await h.read(H.ctx, created.id, updated)).toBeUndefined();
});

test("read reports regions changed out of band as drift in inputs", async () => {
  const { id, outs } = await h.create(H.ctx, inputs());
  const res = await controlRequest(H.emu, "PATCH", `service-accounts/${id}`, { regions: ["us-east1"] });
  expect(res.status).toBe(200);
  const read = await h.read(H.ctx, id, outs);
  expect(read?.inputs?.regions).toEqual(["us-east1"]);
  const d = h.diff(id, read!.props, inputs());
  expect(d).toMatchObject({ changes: true, replaces: [], changed: ["regions"] });
});

test("cloudInfo: a subnet changed out of band is seen on the refresh after the regions change (the documented limit)", async () => {
  const { id, outs } = await h.create(H.ctx, inputs());
  invalidateReads(H.clients);
  const patch = (body: unknown) => controlRequest(H.emu, "PATCH", `service-accounts/${id}`, body);
  expect((await patch({ cloudInfo: { "us-east1": { subnetId: "subnet-recreated" } } })).status).toBe(200);
  // Same regions: the list says nothing about cloudInfo, and /state is not called (one call).
  H.emu.resetCalls();
  const quiet = await h.read(H.ctx, id, outs);
  expect(H.emu.totalCalls()).toBe(1);
  expect(quiet?.props.cloudInfo["us-east1"].subnetId).toBe(outs.cloudInfo["us-east1"].subnetId);
  // The regions change out of band: the next refresh reads /state and sees the new subnet too.
  expect((await patch({ regions: ["us-east1"] })).status).toBe(200);
  invalidateReads(H.clients); // the next refresh is a new provider process: no snapshot carries over
  H.emu.resetCalls();
  const read = await h.read(H.ctx, id, quiet!.props);
  expect(H.emu.calls()).toEqual({
    "GET /flexscan-api/rest/v1/service-accounts": 1,
    "GET /flexscan-api/rest/v1/service-accounts/{accountId}/state": 1,
  });
  expect(read?.props.cloudInfo).toEqual({ "us-east1": expect.objectContaining({ subnetId: "subnet-recreated" }) });
  expect(read?.inputs?.regions).toEqual(["us-east1"]);
});

test("reads of many accounts that arrive together are one list walk (100 a page), shared by all", async () => {
  const made = [];
  for (let i = 0; i < 3; i++) made.push(await h.create(H.ctx, inputs({ accountId: `batch-project-${i}` })));
  H.emu.resetCalls();
  const reads = await Promise.all([...made, { id: "never-registered", outs: made[0].outs }].map((m) => h.read(H.ctx, m.id, m.outs)));
  expect(H.emu.calls()).toEqual({ "GET /flexscan-api/rest/v1/service-accounts": 1 });
  expect(reads.map((r) => r?.id)).toEqual([...made.map((m) => m.id), undefined]);
});

test("a failed setup after register leaves nothing registered", async () => {
  H.emu.injectFault({
    method: "POST",
    path: "/service-accounts/setup",
    status: 400,
    message: "regions: region 'mars-1' is not enabled for this subscription",
  });
  await expect(h.create(H.ctx, inputs())).rejects.toThrow(/mars-1.*registration was undone/s);
  expect(H.emu.calls()["DELETE /flexscan-api/rest/v1/service-accounts/deregister"]).toBe(1);
  expect(H.emu.tenant().dump()).toEqual({ flexscan: { serviceAccounts: new Map() } });
});

test("404 on read means gone; 404 on delete means done", async () => {
  const { id, outs } = await h.create(H.ctx, inputs());
  expect((await controlRequest(H.emu, "DELETE", `service-accounts/${id}`)).status).toBe(200);
  expect(await h.read(H.ctx, id, outs)).toBeUndefined();
  await expect(h.delete(H.ctx, id, outs)).resolves.toBeUndefined();
  expect(warnings.join("\n")).toContain("already deregistered");
});

test("a rate-limited call (409/1965) is retried after the wait Qualys asked for and succeeds", async () => {
  H.emu.injectFault({ path: "/service-accounts/register", status: 409, qualysCode: "1965", waitSeconds: 2 });
  const { outs } = await h.create(H.ctx, inputs());
  expect(outs.state).toBe("REGISTERED");
  expect(H.emu.calls()["POST /flexscan-api/rest/v1/service-accounts/register"]).toBe(2);
  // 2 s from X-RateLimit-ToWait-Sec, plus at most 250 ms of jitter.
  expect(H.sleeps[0]).toBeGreaterThanOrEqual(2000);
  expect(H.sleeps[0]).toBeLessThanOrEqual(2250);
});

test("a non-retryable error surfaces Qualys's own text and is not repeated", async () => {
  H.emu.injectFault({ path: "/service-accounts/register", status: 403, message: "User does not have Flexscan permission" });
  await expect(h.create(H.ctx, inputs())).rejects.toThrow(/HTTP 403.*"User does not have Flexscan permission"/);
  expect(H.emu.calls()["POST /flexscan-api/rest/v1/service-accounts/register"]).toBe(1);
});

test("an account registered outside the stack fails clearly, or is adopted when asked", async () => {
  await H.clients.serviceAccounts.register("my-gcp-project-123", "GCP");
  await expect(h.create(H.ctx, inputs())).rejects.toThrow(/already registered.*adopt: true/);
  const { outs } = await h.create(H.ctx, inputs({ adopt: true }));
  expect(outs.regions).toEqual(["us-east1", "us-west1"]);
  expect(warnings.join("\n")).toContain("adopted");
});

test("the answer to register lost on the wire: the create still converges", async () => {
  H.emu.injectFault({ path: "/service-accounts/register", afterHandler: true, cut: true });
  const { outs } = await h.create(H.ctx, inputs());
  expect(outs.state).toBe("REGISTERED");
  expect(H.emu.calls()["POST /flexscan-api/rest/v1/service-accounts/register"]).toBe(1);
});

describe("a lost register that has not shown up by the end of the wait is sent once more", () => {
  const REGISTER = "POST /flexscan-api/rest/v1/service-accounts/register";
  /** A client that gives up after 1 s, so the wait after a lost answer is 1 s too. */
  const shortTimeout = () => H.contextFor(emulatorEnv(H.emu, { QUALYS_REQUEST_TIMEOUT_SECONDS: "1" }));
  const accounts = () => [...flexscan(H.emu.tenant()).serviceAccounts.keys()];

  test("lost before Qualys ran it: the repeat registers, and the create finishes in the same run", async () => {
    // A 500 before the handler: nothing registered, but the client cannot know that.
    H.emu.injectFault({ path: "/service-accounts/register", status: 500 });
    const { id, outs } = await h.create(shortTimeout(), inputs());
    expect(id).toBe("my-gcp-project-123");
    expect(outs).toMatchObject({ state: "REGISTERED", regions: ["us-east1", "us-west1"] });
    expect(outs).not.toHaveProperty("pendingCreate");
    const calls = H.emu.calls();
    expect(calls[REGISTER]).toBe(2);
    expect(calls["POST /flexscan-api/rest/v1/service-accounts/setup"]).toBe(1);
    expect(calls["GET /flexscan-api/rest/v1/service-accounts/{accountId}/state"]).toBe(1);
    // The looks of the wait (a time window, so not pinned) and the read-back.
    expect(calls["GET /flexscan-api/rest/v1/service-accounts/{accountId}"]).toBeGreaterThanOrEqual(2);
    expect(calls["DELETE /flexscan-api/rest/v1/service-accounts/deregister"]).toBeUndefined();
    expect(accounts()).toEqual(["my-gcp-project-123"]);
  });

  test("the first lands only after the wait: the repeat's 409 takes it, no second registration, no deregister", async () => {
    // Both registers are held before the handler: the first until the client has given it up and
    // the create has looked for one timeout (the repeat arrives), the repeat until the first has run.
    const first = H.emu.injectFault({ path: "/service-accounts/register", hold: true });
    const repeat = H.emu.injectFault({ path: "/service-accounts/register", hold: true });
    const create = h.create(shortTimeout(), inputs());
    await H.emu.held((e) => e.faultId === repeat.id);
    H.emu.release(first.id);
    await H.emu.waitFor("handled", (e) => e.faultId === first.id);
    H.emu.release(repeat.id);
    const { id, outs } = await create;
    expect(id).toBe("my-gcp-project-123");
    expect(outs).toMatchObject({ state: "REGISTERED", regions: ["us-east1", "us-west1"] });
    await H.emu.settled((e) => e.faultId === first.id);
    expect(H.emu.log.filter((c) => c.label === REGISTER).map((c) => c.status)).toEqual([201, 409]);
    const calls = H.emu.calls();
    expect(calls[REGISTER]).toBe(2);
    expect(calls["POST /flexscan-api/rest/v1/service-accounts/setup"]).toBe(1);
    expect(calls["DELETE /flexscan-api/rest/v1/service-accounts/deregister"]).toBeUndefined();
    expect(accounts()).toEqual(["my-gcp-project-123"]);
    expect(warnings.join("\n")).not.toContain("adopted");
  });

  test("the repeat's answer lost too: a pending create, finished by the next run's update", async () => {
    H.emu.injectFault({ path: "/service-accounts/register", status: 500, times: 2 });
    let pending: { id?: string; properties?: Record<string, unknown>; message: string } | undefined;
    try {
      await h.create(shortTimeout(), inputs());
    } catch (e) {
      pending = e as typeof pending;
    }
    expect(pending?.id).toBe("my-gcp-project-123");
    expect(pending?.message).toMatch(/HTTP 500.*kept in the stack as pending/s);
    expect(pending?.properties).toMatchObject({ state: "PENDING", pendingCreate: expect.any(Object) });
    expect(H.emu.calls()[REGISTER]).toBe(2);
    expect(H.emu.calls()["POST /flexscan-api/rest/v1/service-accounts/setup"]).toBeUndefined();
    expect(accounts()).toEqual([]);
    // The next `up`: its update registers (the third and last register) and sets it up.
    H.emu.resetCalls();
    const outs = await h.update(H.ctx, pending!.id!, pending!.properties as never, inputs());
    expect(outs).toMatchObject({ state: "REGISTERED" });
    expect(H.emu.calls()[REGISTER]).toBe(1);
    expect(accounts()).toEqual(["my-gcp-project-123"]);
  });
});

test("another tenant's account is not visible (404 → gone)", async () => {
  const { id, outs } = await h.create(H.ctx, inputs());
  const other = H.contextFor({ QUALYS_GATEWAY_URL: H.emu.url, QUALYS_TOKEN: "emulator-token-globex" });
  expect(await h.read(other, id, outs)).toBeUndefined();
});

test("username/password: a token is minted once, and renewed once on 401", async () => {
  const ctx = H.contextFor({ QUALYS_GATEWAY_URL: H.emu.url, QUALYS_USERNAME: "acme_user", QUALYS_PASSWORD: "acme-password" });
  const { id, outs } = await h.create(ctx, inputs());
  expect(H.emu.calls()["POST /auth"]).toBe(1);
  expect((await adminRequest(H.emu, "POST", "tokens/revoke")).status).toBe(200);
  expect(await h.read(ctx, id, outs)).toBeDefined();
  expect(H.emu.calls()["POST /auth"]).toBe(2);
});

test("refresh keeps a pending create whose registration has not appeared yet (dropping it would make the next up register again)", async () => {
  const i = inputs({ accountId: "pending-proj-1" });
  const props = { ...i, state: "PENDING", pendingCreate: { since: "2026-11-30T00:00:00Z", reason: "the register's answer was lost" } };
  const read = await h.read(H.ctx, "pending-proj-1", props as never);
  expect(read?.id).toBe("pending-proj-1");
  expect(read?.props).toMatchObject({ pendingCreate: { reason: "the register's answer was lost" } });
  // Without the pending mark, an account Qualys does not have is gone.
  const { pendingCreate: _p, ...plain } = props;
  expect(await h.read(H.ctx, "pending-proj-1", plain as never)).toBeUndefined();
});
