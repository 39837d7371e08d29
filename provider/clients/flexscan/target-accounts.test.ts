/** The target-account client against the emulator: list filters and the page walker. */
import { startHarness, type Harness } from "../../../tests/helpers/provider-harness";

let H: Harness;
beforeEach(async () => {
  H = await startHarness();
  await H.clients.serviceAccounts.register("123456789012", "AWS");
  await H.clients.serviceAccounts.register("my-gcp-project", "GCP");
  const seed = (parent: string, ids: string[]) =>
    fetch(`${H.emu.url}/__emulator/tenants/acme/service-accounts/${parent}/discovered-targets`, {
      method: "POST",
      body: JSON.stringify(ids),
    });
  await seed("123456789012", ["a-1", "a-2", "a-3", "a-4", "a-5"]);
  await seed("my-gcp-project", ["g-1"]);
  H.emu.resetCalls();
});
afterEach(async () => {
  await H.close();
});

test("listAll walks every page to the end and stops on the short page", async () => {
  const all = await H.clients.targetAccounts.listAll({ serviceAccountId: "123456789012" }, 2);
  expect(all.map((t) => t.accountId).sort()).toEqual(["a-1", "a-2", "a-3", "a-4", "a-5"]);
  expect(H.emu.calls()).toEqual({ "GET /flexscan-api/rest/v1/target-accounts": 3 });
  expect(H.emu.log.map((c) => new URLSearchParams(c.query).get("page"))).toEqual(["1", "2", "3"]);
});

test("listAll stops when meta.total is reached (no empty extra page)", async () => {
  const all = await H.clients.targetAccounts.listAll({}, 3);
  expect(all).toHaveLength(6);
  expect(H.emu.totalCalls()).toBe(2);
});

test("list passes the filters and paging as query parameters", async () => {
  const page = await H.clients.targetAccounts.list({ cloudType: "gcp", state: "REGISTERED", page: 1, limit: 10, sort: "accountId,asc" });
  expect(page.items.map((t) => t.accountId)).toEqual(["g-1"]);
  expect(page.items[0].serviceAccountState).toBe("REGISTERED");
  expect(page.meta).toMatchObject({ page: 1, limit: 10, total: 1 });
  // What reached Qualys, whatever the order of the parameters.
  expect(Object.fromEntries(new URLSearchParams(H.emu.log[0].query))).toEqual({
    cloudType: "gcp",
    state: "REGISTERED",
    page: "1",
    limit: "10",
    sort: "accountId,asc",
  });
});

test("get carries the parent block; state is the parent's", async () => {
  const t = await H.clients.targetAccounts.get("a-1");
  expect(t.serviceAccount).toMatchObject({ accountId: "123456789012", state: "REGISTERED", regions: [] });
  expect((await H.clients.targetAccounts.state("a-1")).state).toBe("REGISTERED");
  await expect(H.clients.targetAccounts.get("nope")).rejects.toMatchObject({ kind: "not-found" });
});
