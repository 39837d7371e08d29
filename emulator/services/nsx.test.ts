/**
 * The emulator's NSX endpoint over raw HTTP: the notes' shapes (BATCH_RETURN texts, the list in
 * the DTD's order, parsed by the provider's own document reader), the validations and their codes,
 * the limit headers, truncation, and the control routes.
 */
import { parseBatchReturn, parseNsxList, parseSimpleReturn } from "../../provider/clients/xml/documents";
import { useEmulator } from "../../tests/helpers/emulator-client";

const E = useEmulator();

/** An NSX call (POST by default; GET sends the parameters in the query string). */
const call = (params: Record<string, string>, opts: { method?: string; headers?: Record<string, string>; path?: string } = {}) =>
  E.form(opts.path ?? "/api/3.0/fo/auth/nsx/", params, { method: opts.method, headers: opts.headers });

const BASIC = {
  action: "create",
  title: "NSX basic",
  username: "admin",
  password: "s3cret-pass",
  ips: "10.0.0.1,10.0.0.2,10.0.0.5-10.0.0.9",
};
const VAULT = {
  action: "create",
  title: "API NSX1211",
  username: "nsxuser",
  ips: "10.0.0.20",
  port: "443",
  ssl_verify_with_host: "1",
  hosts: "aa.aa",
  login_type: "vault",
  vault_type: "HashiCorp",
  vault_id: "4980801",
  secret_kv_name: "Test",
  use_ad_hashicorp: "1",
};

async function created(params: Record<string, string>): Promise<string> {
  const r = await call(params);
  expect(r.status).toBe(200);
  const batch = parseBatchReturn(r.body);
  expect(batch.batches[0].text).toBe("Successfully Created");
  return batch.batches[0].ids[0];
}

async function error(params: Record<string, string>, opts?: Parameters<typeof call>[1]) {
  const r = await call(params, opts);
  const s = parseSimpleReturn(r.body);
  return { status: r.status, code: s.code, text: s.text };
}

test("the notes' create sample (vault + AD), then update, list and delete as in the notes", async () => {
  const id = await created(VAULT);
  const upd = await call({
    action: "update",
    login_type: "vault",
    vault_type: "HashiCorp",
    vault_id: "4980801",
    secret_kv_name: "Test",
    use_ad_hashicorp: "1",
    ids: id,
    secret_kv_key: "566",
  });
  expect(parseBatchReturn(upd.body).batches).toEqual([{ text: "Successfully Updated", ids: [id] }]);

  // list by GET with ids in the query, as the notes' list sample does
  const list = await call({ action: "list", ids: id }, { method: "GET", path: "/api/3.0/fo/auth/nsx/index.php" });
  expect(list.status).toBe(200);
  expect(list.body).toContain("<!DOCTYPE AUTH_NSX_LIST_OUTPUT");
  const rec = parseNsxList(list.body).records[0];
  expect(rec).toMatchObject({
    ID: id,
    TITLE: "API NSX1211",
    USERNAME: "nsxuser",
    IP_SET: { IP: ["10.0.0.20"], IP_RANGE: [] },
    PORT: "443",
    SSL_VERIFY_WITH_HOST: "1",
    HOSTS: "aa.aa",
    LOGIN_TYPE: "vault",
    DIGITAL_VAULT: {
      DIGITAL_VAULT_ID: "4980801",
      DIGITAL_VAULT_TYPE: "HashiCorp",
      DIGITAL_VAULT_TITLE: "Nutanix_HashiCorp",
      VAULT_SECRET_KV_NAME: "Test",
      VAULT_SECRET_KV_KEY: "566",
      VAULT_USE_AD_HASHICORP: "1",
    },
    CREATED: { BY: "acme_user" },
  });
  // DTD order: ID, TITLE, USERNAME, IP_SET, PORT, SSL_VERIFY_WITH_HOST, HOSTS, LOGIN_TYPE, DIGITAL_VAULT, CREATED, LAST_MODIFIED
  const order = [
    "<ID>",
    "<TITLE>",
    "<USERNAME>",
    "<IP_SET>",
    "<PORT>",
    "<SSL_VERIFY_WITH_HOST>",
    "<HOSTS>",
    "<LOGIN_TYPE>",
    "<DIGITAL_VAULT>",
    "<CREATED>",
    "<LAST_MODIFIED>",
  ].map((t) => list.body.indexOf(t));
  expect(order).toEqual([...order].sort((a, b) => a - b));

  const del = await call({ action: "delete", ids: id });
  expect(parseBatchReturn(del.body).batches).toEqual([{ text: "Successfully Deleted", ids: [id] }]);
  expect(parseNsxList((await call({ action: "list", ids: id })).body).records).toEqual([]);
});

test("passwords are stored but never listed; IPs are stored merged", async () => {
  const id = await created(BASIC);
  const list = await call({ action: "list" });
  expect(list.body).not.toContain("s3cret-pass");
  expect(parseNsxList(list.body).records[0].IP_SET).toEqual({ IP: [], IP_RANGE: ["10.0.0.1-10.0.0.2", "10.0.0.5-10.0.0.9"] });
  const stored = (await E.control("GET", `nsx/${id}`)).json;
  expect(stored).toMatchObject({ password: "s3cret-pass", ips: ["10.0.0.1-10.0.0.2", "10.0.0.5-10.0.0.9"] });
});

test("ids take lists and ranges (1-5,8); unknown ids come back as a failed batch", async () => {
  const ids: string[] = [];
  for (let i = 0; i < 6; i++) ids.push(await created({ ...BASIC, title: `r${i}` }));
  const n = ids.map(Number);
  const list = parseNsxList((await call({ action: "list", ids: `${n[0]}-${n[2]},${n[5]}` })).body);
  expect(list.records.map((r) => r.ID)).toEqual([ids[0], ids[1], ids[2], ids[5]]);
  const del = await call({ action: "delete", ids: `${n[0]},99999999` });
  expect(del.status).toBe(200);
  expect(parseBatchReturn(del.body).batches).toEqual([
    { text: "Successfully Deleted", ids: [ids[0]] },
    { code: "1905", text: "Record(s) not found for ID(s): 99999999", ids: ["99999999"] },
  ]);
  expect((await error({ action: "list", ids: "1-x" })).code).toBe("1905");
});

describe("validations and their codes", () => {
  test.each([
    ["1901 unrecognized parameter", { ...BASIC, colour: "blue" }, "1901", /Unrecognized parameter\(s\): colour/],
    [
      "1903 create without title and ips",
      { action: "create", username: "u", password: "pppp" },
      "1903",
      /Missing required parameter\(s\): title, ips/,
    ],
    ["1903 basic without password", { ...BASIC, password: undefined }, "1903", /password/],
    ["1903 basic without username", { ...BASIC, username: undefined }, "1903", /username/],
    [
      "1903 vault without the vault group",
      { ...VAULT, vault_id: undefined, use_ad_hashicorp: undefined },
      "1903",
      /vault_id, use_ad_hashicorp/,
    ],
    ["1903 ssl verification without hosts", { ...BASIC, ssl_verify_with_host: "1" }, "1903", /hosts/],
    ["1903 no action", { title: "x" }, "1903", /action/],
    [
      "1904 password and a vault",
      { ...VAULT, password: "s3cret-pass" },
      "1904",
      /Only one of these parameters may be specified: password, vault_type/,
    ],
    ["1905 port out of range", { ...BASIC, port: "70000" }, "1905", /port has invalid value: 70000/],
    ["1905 bad ips", { ...BASIC, ips: "10.0.0.1,10.0.0.300" }, "1905", /ips has invalid value/],
    ["1905 range backwards", { ...BASIC, ips: "10.0.0.9-10.0.0.1" }, "1905", /not a valid IPv4 address or range/],
    ["1905 login_type", { ...BASIC, login_type: "kerberos" }, "1905", /Valid values are basic and vault/],
    ["1905 unknown vault", { ...VAULT, vault_id: "1234" }, "1905", /No digital vault record with this id exists/],
    ["1905 vault of another type", { ...VAULT, vault_id: "4980900" }, "1905", /is a CyberArk PIM Suite vault, not HashiCorp/],
    ["1905 unsupported vault type", { ...VAULT, vault_type: "CyberArk PIM Suite" }, "1905", /Supported vault types/],
    ["1905 use_ad_hashicorp not 0|1", { ...VAULT, use_ad_hashicorp: "yes" }, "1905", /use_ad_hashicorp has invalid value: yes/],
    [
      "1907 vault settings with basic",
      { ...BASIC, password: undefined, secret_kv_name: "x" },
      "1907",
      /secret_kv_name can only be specified with login_type=vault/,
    ],
    [
      "1907 hosts without verification",
      { ...BASIC, hosts: "a.example" },
      "1907",
      /hosts can only be specified with ssl_verify_with_host=1/,
    ],
  ])("%s", async (_name, params, code, text) => {
    const clean = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as Record<string, string>;
    const e = await error(clean);
    expect(e.status).toBe(400);
    expect(e.code).toBe(code);
    expect(e.text).toMatch(text);
  });

  test("1907 password with login_type=vault", async () => {
    const { vault_type: _t, vault_id: _i, secret_kv_name: _n, use_ad_hashicorp: _u, ...rest } = VAULT;
    expect(await error({ ...rest, password: "s3cret-pass" })).toMatchObject({
      code: "1907",
      text: expect.stringMatching(/password can only be specified with login_type=basic/),
    });
  });

  test("1908 write actions by GET", async () => {
    expect(await error(BASIC, { method: "GET" })).toMatchObject({
      code: "1908",
      text: "action=create must be requested with the POST method.",
    });
  });

  test("1922 update with nothing to change; 1903 update without ids; 1907 title for several records", async () => {
    const a = await created(BASIC);
    const b = await created({ ...BASIC, title: "other" });
    expect((await error({ action: "update", ids: a })).code).toBe("1922");
    expect((await error({ action: "update", title: "x" })).code).toBe("1903");
    expect((await error({ action: "update", ids: `${a},${b}`, title: "x" })).code).toBe("1907");
  });

  test("titles are unique (create and update); switching to basic needs a password", async () => {
    const a = await created(BASIC);
    expect(await error(BASIC)).toMatchObject({ code: "1905", text: expect.stringMatching(/title already exists/) });
    const v = await created(VAULT);
    expect(await error({ action: "update", ids: v, title: "NSX basic" })).toMatchObject({ code: "1905" });
    expect(await error({ action: "update", ids: v, login_type: "basic" })).toMatchObject({
      code: "1903",
      text: expect.stringMatching(/password/),
    });
    expect(a).not.toBe(v);
  });

  test("a refused update changes nothing", async () => {
    const a = await created(BASIC);
    await error({ action: "update", ids: a, title: "new title", port: "0" });
    const rec = parseNsxList((await call({ action: "list", ids: a })).body).records[0];
    expect(rec.TITLE).toBe("NSX basic");
  });

  test("the X-Requested-With header is required", async () => {
    expect(await error({ action: "list" }, { headers: { "x-requested-with": "" } })).toMatchObject({
      code: "1903",
      text: expect.stringMatching(/X-Requested-With/),
    });
  });
});

test("every answer carries the rate and concurrency limit headers; an enforced limit answers 409/1965", async () => {
  const r = await call({ action: "list" });
  expect(r.headers.get("x-ratelimit-limit")).toBe("300");
  expect(r.headers.get("x-ratelimit-window-sec")).toBe("3600");
  expect(r.headers.get("x-ratelimit-remaining")).toBe("299");
  expect(r.headers.get("x-concurrency-limit-limit")).toBe("2");
  expect(r.headers.get("x-concurrency-limit-running")).toBe("1");
  const e = await call({ action: "create" });
  expect(e.headers.get("x-ratelimit-remaining")).toBe("298"); // errors too

  await E.control("PUT", "nsx-settings", { rateLimit: { limit: 1, windowSec: 60 } });
  expect((await call({ action: "list" })).status).toBe(200);
  const limited = await call({ action: "list" });
  expect(limited.status).toBe(409);
  expect(parseSimpleReturn(limited.body).code).toBe("1965");
  expect(Number(limited.headers.get("x-ratelimit-towait-sec"))).toBeGreaterThan(0);
});

test("more records than a page: WARNING 1980 with the URL of the next page", async () => {
  await E.control("PUT", "nsx-settings", { listPageSize: 2 });
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push(await created({ ...BASIC, title: `p${i}` }));
  const first = parseNsxList((await call({ action: "list" })).body);
  expect(first.records.map((r) => r.ID)).toEqual(ids.slice(0, 2));
  expect(first).toMatchObject({ truncated: true, nextIdMin: ids[2] });
  const second = parseNsxList((await call({ action: "list", id_min: first.nextIdMin! })).body);
  expect(second.records.map((r) => r.ID)).toEqual([ids[2]]);
  expect(second.truncated).toBe(false);
});

test("another tenant does not see the records; calls are counted per action", async () => {
  await created(BASIC);
  const other = await call({ action: "list" }, { headers: { authorization: "Bearer emulator-token-globex" } });
  expect(parseNsxList(other.body).records).toEqual([]);
  expect(E.emu.calls()).toEqual({ "POST /api/3.0/fo/auth/nsx/ action=create": 1, "POST /api/3.0/fo/auth/nsx/ action=list": 1 });
});

test("control routes: out-of-band change (validated), delete, vaults", async () => {
  const id = await created(BASIC);
  const patched = await E.control("PATCH", `nsx/${id}`, { title: "UI title", port: 9443, ips: ["10.1.1.1", "10.1.1.2"] });
  expect(patched.json).toMatchObject({ title: "UI title", port: 9443, ips: ["10.1.1.1-10.1.1.2"] });
  const bad = await E.control("PATCH", `nsx/${id}`, { port: 0 });
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.json)).toContain("1905");
  const vault = await E.control("POST", "vaults", { id: "5000001", type: "HashiCorp", title: "Prod vault" });
  expect(vault.status).toBe(200);
  const v = await created({ ...VAULT, title: "v", vault_id: "5000001" });
  expect(parseNsxList((await call({ action: "list", ids: v })).body).records[0].DIGITAL_VAULT?.DIGITAL_VAULT_TITLE).toBe("Prod vault");
  expect((await E.control("DELETE", `nsx/${id}`)).status).toBe(200);
  expect((await E.control("GET", `nsx/${id}`)).status).toBe(404);
});
