/**
 * The NSX endpoint group over a scripted transport (no HTTP): request bodies, the BATCH_RETURN id
 * rule with the notes' own samples, and following the list's truncation marker.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isQualysError } from "../errors";
import { formatIds, NsxApi, NSX_PATH } from "./nsx";
import type { ResponseSnapshot } from "./retry";
import type { RequestOptions, Transport } from "./transport";
import { XmlClient } from "./xml/client";

const fixture = (name: string) => readFileSync(join(__dirname, "xml/__fixtures__", name), "utf8");

function scripted(...bodies: string[]) {
  const requests: RequestOptions[] = [];
  const transport = {
    request: async (opts: RequestOptions): Promise<ResponseSnapshot> => {
      requests.push(opts);
      const body = bodies.shift();
      if (body === undefined) throw new Error("no more scripted responses");
      return { status: 200, headers: { "content-type": "text/xml" }, body };
    },
  } as unknown as Transport;
  return {
    api: new NsxApi(new XmlClient(transport)),
    requests,
    form: (i: number) => Object.fromEntries(new URLSearchParams(requests[i].body)),
  };
}

function listPage(ids: number[], next?: number): string {
  const records = ids
    .map(
      (id) =>
        `<AUTH_NSX><ID>${id}</ID><TITLE><![CDATA[r${id}]]></TITLE><CREATED><DATETIME>2026-04-07T05:25:48Z</DATETIME><BY>u</BY></CREATED><LAST_MODIFIED><DATETIME>2026-04-07T05:25:48Z</DATETIME></LAST_MODIFIED></AUTH_NSX>`,
    )
    .join("");
  const warning =
    next === undefined
      ? ""
      : `<WARNING_LIST><WARNING><CODE>1980</CODE><TEXT>2 record limit exceeded. Use URL to get next batch of results.</TEXT><URL><![CDATA[https://qualysapi.example/api/3.0/fo/auth/nsx/?action=list&ids=1-9&id_min=${next}]]></URL></WARNING></WARNING_LIST>`;
  return `<?xml version="1.0"?><AUTH_NSX_LIST_OUTPUT><RESPONSE><DATETIME>2026-04-07T06:09:03Z</DATETIME>${ids.length ? `<AUTH_NSX_LIST>${records}</AUTH_NSX_LIST>` : ""}${warning}</RESPONSE></AUTH_NSX_LIST_OUTPUT>`;
}

test("formatIds writes lists and ranges the way Qualys does (1-5,8)", () => {
  expect(formatIds(["8", "3", "1", "2", "4", "5", "3"])).toBe("1-5,8");
  expect(formatIds(["12426426"])).toBe("12426426");
  expect(formatIds(["7", "8", "10"])).toBe("7,8,10");
  expect(() => formatIds(["12,13"])).toThrow(/not a numeric record id/);
});

test("create posts the form to /api/3.0/fo/auth/nsx/ and returns the id of the notes' create sample", async () => {
  const s = scripted(fixture("001_nsx_create_with_ad_enabled.batch_return.xml"));
  // The notes' create sample, restated on purpose (also in nsx-auth-record/mapping.test.ts): each test checks its layer against
  // the notes, not against the other test.
  const id = await s.api.create({
    title: "API NSX1211",
    username: "nsxuser",
    ips: ["10.0.0.1"],
    port: 443,
    ssl_verify_with_host: true,
    hosts: ["aa.aa"],
    login_type: "vault",
    vault_type: "HashiCorp",
    vault_id: 4980801,
    secret_kv_name: "Test",
    use_ad_hashicorp: true,
  });
  expect(id).toBe("12426426");
  expect(s.requests[0]).toMatchObject({ api: "api", method: "POST", path: NSX_PATH, idempotent: false });
  expect(s.requests[0].headers).toMatchObject({
    "content-type": "application/x-www-form-urlencoded",
    "x-requested-with": expect.any(String),
  });
  expect(s.form(0)).toEqual({
    action: "create",
    title: "API NSX1211",
    username: "nsxuser",
    ips: "10.0.0.1",
    port: "443",
    ssl_verify_with_host: "1",
    hosts: "aa.aa",
    login_type: "vault",
    vault_type: "HashiCorp",
    vault_id: "4980801",
    secret_kv_name: "Test",
    use_ad_hashicorp: "1",
  });
});

test("update and delete accept the notes' samples when the id is theirs", async () => {
  const s = scripted(fixture("001_nsx_edit_with_ad_enabled.batch_return.xml"), fixture("001_nsx_delete_with_ad_enabled.batch_return.xml"));
  await s.api.update("12427803", { secret_kv_key: "566" });
  await s.api.delete("12426426");
  expect(s.form(0)).toEqual({ action: "update", ids: "12427803", secret_kv_key: "566" });
  expect(s.form(1)).toEqual({ action: "delete", ids: "12426426" });
});

test("a BATCH_RETURN that does not name the expected id is a failure (update and delete)", async () => {
  const s = scripted(fixture("001_nsx_edit_with_ad_enabled.batch_return.xml"), fixture("001_nsx_delete_with_ad_enabled.batch_return.xml"));
  const update = await s.api.update("555", { title: "x" }).catch((e: unknown) => e);
  expect(isQualysError(update, "unexpected-response")).toBe(true);
  expect(String(update)).toMatch(/names id\(s\) 12427803 but not 555/);
  expect(String(update)).toContain('Qualys said: "Successfully Updated"');
  const del = await s.api.delete("555").catch((e: unknown) => e);
  expect(isQualysError(del, "unexpected-response")).toBe(true);
});

test("a create whose BATCH_RETURN names no id is a failure", async () => {
  const noId = fixture("001_nsx_create_with_ad_enabled.batch_return.xml").replace(/<ID_SET>[\s\S]*<\/ID_SET>/, "");
  const s = scripted(noId);
  const e = await s.api.create({ title: "t" }).catch((x: unknown) => x);
  expect(isQualysError(e, "unexpected-response")).toBe(true);
  expect(String(e)).toContain("names no id");
});

test("list is a read (idempotent) and follows the truncation marker with id_min until complete", async () => {
  const s = scripted(listPage([1, 2], 3), listPage([3, 4], 7), listPage([7]));
  const records = await s.api.list(["1", "2", "3", "4", "7", "9"]);
  expect(records.map((r) => r.ID)).toEqual(["1", "2", "3", "4", "7"]);
  expect(s.requests.map((r) => r.idempotent)).toEqual([true, true, true]);
  expect([s.form(0), s.form(1), s.form(2)]).toEqual([
    { action: "list", ids: "1-4,7,9" },
    { action: "list", ids: "1-4,7,9", id_min: "3" },
    { action: "list", ids: "1-4,7,9", id_min: "7" },
  ]);
});

test("a truncation marker that does not move forward is an error, not a loop", async () => {
  const s = scripted(listPage([1, 2], 3), listPage([3], 3));
  await expect(s.api.list()).rejects.toThrow(/does not move forward/);
  expect(s.requests).toHaveLength(2);
});

test("list of no ids makes no call", async () => {
  const s = scripted();
  expect(await s.api.list([])).toEqual([]);
  expect(s.requests).toHaveLength(0);
});

test("deleteMany matches the answer's ids with the caller's in canonical form (\"0042\" is 42)", async () => {
  const answer = `<?xml version="1.0"?><BATCH_RETURN><RESPONSE><DATETIME>2026-04-07T06:29:43Z</DATETIME><BATCH_LIST><BATCH><TEXT>Successfully Deleted</TEXT><ID_SET><ID>42</ID></ID_SET></BATCH><BATCH><CODE>1905</CODE><TEXT>gone</TEXT><ID_SET><ID>0043</ID></ID_SET></BATCH></BATCH_LIST></RESPONSE></BATCH_RETURN>`;
  const s = scripted(answer);
  const out = await s.api.deleteMany(["0042", "43", "44"]);
  expect(s.form(0)).toEqual({ action: "delete", ids: "42-44" });
  expect([...out]).toStrictEqual([
    ["0042", { deleted: true }],
    ["43", { deleted: false, code: "1905", text: "gone" }],
    ["44", { deleted: false }],
  ]);
});
