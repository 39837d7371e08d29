/**
 * NsxAuthRecord provider ↔ emulator: the whole lifecycle over real HTTP for both login types, then
 * limits, errors, out-of-band changes, adoption, secrets and the cost of a refresh.
 */
import { controlOk } from "../../../tests/helpers/emulator-client";
import { useHarness } from "../../../tests/helpers/provider-harness";
import { forgetSecretsForTests } from "../../shared/redact";
import { formatIds } from "../../clients/nsx";
import { nsxAuthRecordHandler as h, READ_MAX_BATCH } from "./handler";
import { passwordMatches } from "./password";
import type { NsxAuthRecordInputs, NsxAuthRecordOutputs } from "./schema";
import { LIST, CREATE, UPDATE, DELETE } from "../../../tests/helpers/nsx-calls";

const H = useHarness();
const { warnings } = H;
afterEach(() => forgetSecretsForTests());

const PASSWORD = "Nsx-Basic-Pa55word!";
const BASIC = {
  title: "NSX Manager (basic)",
  ips: ["10.20.0.10", "10.20.0.11-10.20.0.12"],
  username: "svc-qualys",
  password: PASSWORD,
  sslVerifyWithHost: true,
  hosts: ["nsx.example.internal"],
  comments: "managed by pulumi",
};
// Alike to the vault samples of mapping.test.ts on purpose: the notes' AD vault sample, restated so each test file reads on its
// own.
const VAULT = {
  title: "NSX Manager (vault AD)",
  ips: ["10.30.0.10"],
  username: "nsxuser",
  loginType: "vault",
  vaultType: "HashiCorp",
  vaultId: 4980801,
  secretKvPath: "/tmp",
  secretKvName: "adnsx",
  useAdHashicorp: true,
};

/** This test's resource's owner marker, as the engine's old inputs would carry it after the first check. */
const MARKER = "0123456789abcdef0123456789abcdef";

/** Checked inputs of one resource (the one whose marker is `marker`). */
function inputs(base: Record<string, unknown>, over: Record<string, unknown> = {}, marker = MARKER): NsxAuthRecordInputs {
  const r = h.check({ ownerMarker: marker }, { ...base, ...over });
  expect(r.failures).toEqual([]);
  return r.inputs as NsxAuthRecordInputs;
}

const control = (method: string, path: string, body?: unknown) => controlOk<Record<string, unknown>>(H.emu, method, path, body);

/** The form parameters of the last call with this label. */
function lastForm(label: string): Record<string, string> {
  const call = [...H.emu.log].reverse().find((c) => c.label === label);
  expect(call).toBeDefined();
  return Object.fromEntries(new URLSearchParams(call!.body));
}

test("basic login: create → read → update (port, then password, then username) → read → delete", async () => {
  // create: one create, one read-back list; the password reaches Qualys but not the outputs
  const created = await h.create(H.ctx, inputs(BASIC));
  expect(created.id).toMatch(/^\d+$/);
  expect(H.emu.calls()).toEqual({ [CREATE]: 1, [LIST]: 1 });
  expect(lastForm(CREATE)).toEqual({
    action: "create",
    title: "NSX Manager (basic)",
    username: "svc-qualys",
    password: PASSWORD,
    ips: "10.20.0.10-10.20.0.12",
    port: "443",
    ssl_verify_with_host: "1",
    hosts: "nsx.example.internal",
    login_type: "basic",
    // the user's comments, then this resource's owner marker (its hint is sent by the SDK or plugin)
    comments: `managed by pulumi [pulumi:${MARKER}]`,
  });
  expect((await control("GET", `nsx/${created.id}`)).password).toBe(PASSWORD);
  const outs = created.outs;
  expect(outs).toMatchObject({
    title: "NSX Manager (basic)",
    ips: ["10.20.0.10-10.20.0.12"],
    port: 443,
    loginType: "basic",
    createdBy: "acme_user",
  });
  expect(outs).not.toHaveProperty("password");
  expect(JSON.stringify(outs)).not.toContain(PASSWORD);
  expect(passwordMatches(outs.passwordHash, PASSWORD)).toBe(true);

  // read: an unchanged record reads back equal, and the list answer never carries the password
  H.emu.resetCalls();
  const read1 = await h.read(H.ctx, created.id, outs);
  expect(read1?.props).toEqual(outs);
  // Nothing changed: no inputs, so the engine keeps the stack's (with the password) and `preview
  // --refresh` shows no `-password` (read-inputs.test.ts).
  expect(read1?.inputs).toBeUndefined();
  expect(h.diff(created.id, read1!.props, inputs(BASIC)).changes).toBe(false);
  expect(H.emu.calls()).toEqual({ [LIST]: 1 });
  const listXml = await H.clients.xml.post("/api/3.0/fo/auth/nsx/", { action: "list", ids: created.id }, { operation: "test list" });
  expect(listXml).toContain("<TITLE>");
  expect(listXml).not.toContain(PASSWORD);

  // update the port: only ids + port are sent (no password)
  H.emu.resetCalls();
  const u1 = await h.update(H.ctx, created.id, outs, inputs(BASIC, { port: 8443 }));
  expect(lastForm(UPDATE)).toEqual({ action: "update", ids: created.id, port: "8443" });
  expect(H.emu.calls()).toEqual({ [UPDATE]: 1, [LIST]: 1 });
  expect(u1.port).toBe(8443);
  expect(u1.passwordHash).toBe(outs.passwordHash);

  // change the password: only ids + password; the hash follows; the emulator has the new one
  const NEW = "Rotated-Pa55word!";
  expect(h.diff(created.id, u1, inputs(BASIC, { port: 8443, password: NEW })).changed).toEqual(["password"]);
  const u2 = await h.update(H.ctx, created.id, u1, inputs(BASIC, { port: 8443, password: NEW }));
  expect(lastForm(UPDATE)).toEqual({ action: "update", ids: created.id, password: NEW });
  expect(passwordMatches(u2.passwordHash, NEW)).toBe(true);
  expect(u2.passwordHash).not.toBe(u1.passwordHash);
  expect((await control("GET", `nsx/${created.id}`)).password).toBe(NEW);
  expect(h.diff(created.id, u2, inputs(BASIC, { port: 8443, password: NEW })).changes).toBe(false);

  // username only
  const u3 = await h.update(H.ctx, created.id, u2, inputs(BASIC, { port: 8443, password: NEW, username: "root" }));
  expect(lastForm(UPDATE)).toEqual({ action: "update", ids: created.id, username: "root" });

  // read after the updates: Qualys agrees with state
  const read2 = await h.read(H.ctx, created.id, u3);
  expect(read2?.props).toMatchObject({ port: 8443, username: "root", title: BASIC.title });
  expect(h.diff(created.id, read2!.props, inputs(BASIC, { port: 8443, password: NEW, username: "root" })).changes).toBe(false);

  // delete
  H.emu.resetCalls();
  await h.delete(H.ctx, created.id, u3);
  expect(H.emu.calls()).toEqual({ [DELETE]: 1 });
  expect(await h.read(H.ctx, created.id, u3)).toBeUndefined();
});

test("vault login with use_ad_hashicorp: create → read → update (vault group) → switch to basic and back → delete", async () => {
  const created = await h.create(H.ctx, inputs(VAULT));
  expect(lastForm(CREATE)).toEqual({
    action: "create",
    title: "NSX Manager (vault AD)",
    username: "nsxuser",
    ips: "10.30.0.10",
    port: "443",
    ssl_verify_with_host: "0",
    login_type: "vault",
    vault_type: "HashiCorp",
    vault_id: "4980801",
    secret_kv_path: "/tmp",
    secret_kv_name: "adnsx",
    use_ad_hashicorp: "1",
    comments: `[pulumi:${MARKER}]`,
  });
  const outs = created.outs;
  expect(outs).toMatchObject({
    loginType: "vault",
    vaultType: "HashiCorp",
    vaultId: 4980801,
    useAdHashicorp: true,
    vaultTitle: "Nutanix_HashiCorp",
  });
  expect(outs).not.toHaveProperty("passwordHash");

  const read1 = await h.read(H.ctx, created.id, outs);
  expect(read1?.props).toEqual(outs);

  // a vault setting: the group goes whole, as in the notes' edit sample
  const u1 = await h.update(H.ctx, created.id, outs, inputs(VAULT, { secretKvKey: "566" }));
  expect(lastForm(UPDATE)).toEqual({
    action: "update",
    ids: created.id,
    login_type: "vault",
    vault_type: "HashiCorp",
    vault_id: "4980801",
    secret_kv_path: "/tmp",
    secret_kv_name: "adnsx",
    secret_kv_key: "566",
    use_ad_hashicorp: "1",
  });
  expect((await h.read(H.ctx, created.id, u1))?.props).toMatchObject({ secretKvKey: "566" });

  // to basic: login_type + password (and nothing of the vault)
  const toBasic = inputs({ title: VAULT.title, ips: VAULT.ips, username: "nsxuser", password: PASSWORD });
  expect(h.diff(created.id, u1, toBasic).changed).toEqual(expect.arrayContaining(["loginType", "password", "vaultId"]));
  const u2 = await h.update(H.ctx, created.id, u1, toBasic);
  expect(lastForm(UPDATE)).toEqual({ action: "update", ids: created.id, login_type: "basic", password: PASSWORD });
  expect(u2).not.toHaveProperty("vaultTitle");
  const read2 = await h.read(H.ctx, created.id, u2);
  expect(read2?.props).toMatchObject({ loginType: "basic" });
  expect(read2?.props).not.toHaveProperty("vaultId");
  expect(h.diff(created.id, read2!.props, toBasic).changes).toBe(false);

  // and back to the vault: the stored password is dropped by Qualys
  const u3 = await h.update(H.ctx, created.id, read2!.props, inputs(VAULT));
  expect(lastForm(UPDATE)).toMatchObject({ login_type: "vault", use_ad_hashicorp: "1" });
  expect(lastForm(UPDATE)).not.toHaveProperty("password");
  expect((await control("GET", `nsx/${created.id}`)).password).toBeUndefined();
  expect(u3).not.toHaveProperty("passwordHash");

  await h.delete(H.ctx, created.id, u3);
  expect(await h.read(H.ctx, created.id, u3)).toBeUndefined();
});

test("409/1965 (rate limit) is waited out as Qualys asked and retried", async () => {
  H.emu.injectFault({ action: "create", status: 409, qualysCode: "1965", waitSeconds: 3 });
  H.emu.injectFault({ action: "list", status: 409, qualysCode: "1965", waitSeconds: 2 });
  const created = await h.create(H.ctx, inputs(BASIC));
  expect(created.id).toMatch(/^\d+$/);
  // The wait Qualys asked for (X-RateLimit-ToWait-Sec), plus at most 250 ms of jitter.
  expect(H.sleeps).toHaveLength(2);
  expect(H.sleeps[0]).toBeGreaterThanOrEqual(3000);
  expect(H.sleeps[0]).toBeLessThanOrEqual(3250);
  expect(H.sleeps[1]).toBeGreaterThanOrEqual(2000);
  expect(H.sleeps[1]).toBeLessThanOrEqual(2250);
  expect(H.emu.calls()).toEqual({ [CREATE]: 2, [LIST]: 2 });
  expect(H.emu.log.map((c) => c.status)).toEqual([409, 200, 409, 200]);
  expect((await control("GET", "nsx")).records).toHaveLength(1); // one record, not two
});

test("1905 from Qualys is surfaced with its text and not retried", async () => {
  const e = await h.create(H.ctx, inputs(VAULT, { vaultId: 999999 })).catch((x: unknown) => x);
  expect(String(e)).toContain('Qualys said: "Parameter vault_id has invalid value: 999999. No digital vault record with this id exists."');
  expect(String(e)).toContain("code 1905");
  expect(H.emu.calls()[CREATE]).toBe(1);
  expect(H.sleeps).toEqual([]);
});

test("a record deleted out of band: read says gone; delete is done (with a warning)", async () => {
  const { id, outs } = await h.create(H.ctx, inputs(BASIC));
  await control("DELETE", `nsx/${id}`);
  expect(await h.read(H.ctx, id, outs)).toBeUndefined();
  await h.delete(H.ctx, id, outs);
  expect(warnings.join("\n")).toContain(`NsxAuthRecord ${id}: already deleted in Qualys`);
});

test("a create pending under the record's real id stays pending across refreshes while the record is listed; gone, read says so", async () => {
  // The create runs and its answer is cut; the repeat meets the title; the look finds the record by
  // its marker; the update that makes it the program's runs and its answer is cut too, and so is the
  // answer to its one repeat.
  H.emu.injectFault({ action: "create", afterHandler: true, cut: true });
  H.emu.injectFault({ action: "update", afterHandler: true, cut: true, times: 2 });
  const news = inputs(BASIC);
  const e = (await h.create(H.ctx, news).catch((x: unknown) => x)) as { id: string; properties: NsxAuthRecordOutputs };
  expect(e.id).toMatch(/^\d+$/);
  const pending = (e.properties as { pendingCreate?: unknown }).pendingCreate;
  expect(pending).toBeDefined();
  const planned = h.diff(e.id, e.properties, news);
  expect(planned).toMatchObject({ replaces: ["pendingCreate"], deleteBeforeReplace: true });
  // Qualys has what the program says: no drift, so no inputs (which would lack the password and
  // show `[diff: -password]`), and the pending marker kept with the read's observations.
  const read = await h.read(H.ctx, e.id, e.properties);
  expect(read?.inputs).toBeUndefined();
  expect(read?.props).toMatchObject({ pendingCreate: pending, created: expect.any(String) });
  expect(h.diff(e.id, read!.props, news)).toEqual(planned);
  // A change made in Qualys meanwhile is reported as drift, and the record is still pending.
  await control("PATCH", `nsx/${e.id}`, { port: 8443 });
  const drifted = await h.read(H.ctx, e.id, read!.props);
  expect(drifted?.inputs).toMatchObject({ port: 8443 });
  expect(drifted?.props).toMatchObject({ port: 8443, pendingCreate: pending });
  expect(h.diff(e.id, drifted!.props, news)).toEqual(planned);
  // Deleted outside the stack: gone, pending or not (the next `up` creates it afresh).
  await control("DELETE", `nsx/${e.id}`);
  expect(await h.read(H.ctx, e.id, drifted!.props)).toBeUndefined();
});

test("deletes that arrive together are ONE action=delete&ids=…, each record with its own outcome", async () => {
  const made = [];
  for (let i = 0; i < 4; i++) made.push(await h.create(H.ctx, inputs(BASIC, { title: `NSX batch ${i}`, ips: [`10.21.0.${i + 1}`] })));
  await control("DELETE", `nsx/${made[1].id}`); // already gone: that delete is done, the others unaffected
  H.emu.resetCalls();
  const before = warnings.length;
  const results = await Promise.allSettled(made.map((m) => h.delete(H.ctx, m.id, m.outs)));
  expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "fulfilled"]);
  // One delete for all four; Qualys names the gone record in a 1905 batch, and one list confirms it.
  expect(H.emu.calls()).toEqual({ [DELETE]: 1, [LIST]: 1 });
  expect(new URLSearchParams(H.emu.log[0].body).get("ids")).toBe(formatIds(made.map((m) => m.id)));
  expect(warnings.slice(before)).toEqual([expect.stringContaining(`NsxAuthRecord ${made[1].id}: already deleted in Qualys`)]);
  expect((await control("GET", "nsx")).records).toEqual([]);
});

test("a batched delete Qualys refuses fails every record of it that is still there, each naming Qualys's answer", async () => {
  const a = await h.create(H.ctx, inputs(BASIC, { title: "NSX refused a", ips: ["10.22.0.1"] }));
  const b = await h.create(H.ctx, inputs(BASIC, { title: "NSX refused b", ips: ["10.22.0.2"] }));
  H.emu.injectFault({
    method: "POST",
    path: "/api/3.0/fo/auth/nsx/",
    action: "delete",
    status: 400,
    qualysCode: "1905",
    message: "Cannot delete record in use",
  });
  const results = await Promise.allSettled([h.delete(H.ctx, a.id, a.outs), h.delete(H.ctx, b.id, b.outs)]);
  expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  for (const r of results) expect(String((r as PromiseRejectedResult).reason)).toContain("Cannot delete record in use");
  expect(H.emu.calls()[DELETE]).toBe(1);
  // Nothing silently dropped: both are still in Qualys, and a rerun deletes them.
  await Promise.all([h.delete(H.ctx, a.id, a.outs), h.delete(H.ctx, b.id, b.outs)]);
  expect((await control("GET", "nsx")).records).toEqual([]);
});

test("title and port changed out of band: read reports them as drift; update repairs with only those two", async () => {
  const { id, outs } = await h.create(H.ctx, inputs(BASIC));
  await control("PATCH", `nsx/${id}`, { title: "Renamed in the UI", port: 9443 });
  const read = await h.read(H.ctx, id, outs);
  expect(read?.props).toMatchObject({ title: "Renamed in the UI", port: 9443 });
  expect(read?.inputs).toMatchObject({ title: "Renamed in the UI", port: 9443 });
  const d = h.diff(id, read!.props, inputs(BASIC));
  expect(d.changed).toEqual(["port", "title"]);
  await h.update(H.ctx, id, read!.props, inputs(BASIC));
  expect(lastForm(UPDATE)).toEqual({ action: "update", ids: id, title: BASIC.title, port: "443" });
  expect(await control("GET", `nsx/${id}`)).toMatchObject({ title: BASIC.title, port: 443 });
});

test("every readable field changed out of band shows as drift", async () => {
  const { id, outs } = await h.create(H.ctx, inputs(BASIC, { networkId: 5 }));
  await control("PATCH", `nsx/${id}`, { ips: "10.20.0.10", username: "other", ssl_verify_with_host: 0, comments: "edited", network_id: 6 });
  const read = await h.read(H.ctx, id, outs);
  expect(h.diff(id, read!.props, inputs(BASIC, { networkId: 5 })).changed).toEqual([
    "comments",
    "hosts",
    "ips",
    "networkId",
    "sslVerifyWithHost",
    "username",
  ]);
  const v = await h.create(H.ctx, inputs(VAULT));
  await control("PATCH", `nsx/${v.id}`, {
    vault_type: "HashiCorp",
    vault_id: "4980802",
    secret_kv_name: "other",
    use_ad_hashicorp: 0,
    secret_kv_path: "",
  });
  const vr = await h.read(H.ctx, v.id, v.outs);
  expect(h.diff(v.id, vr!.props, inputs(VAULT)).changed).toEqual(["secretKvName", "secretKvPath", "useAdHashicorp", "vaultId"]);
  expect(vr!.props.vaultTitle).toBe("HashiCorp_AD");
});

test("a title taken by a record made outside Pulumi fails clearly; adopt: true takes it over, sets our password and marks it ours", async () => {
  // made through the API by someone else: no owner marker in its comments
  const firstId = await H.ctx
    .clients()
    .nsx.create({ title: BASIC.title, ips: ["10.20.0.10"], username: "by-hand", password: "Hand-Pa55word!", comments: "made by hand" });
  const e = await h.create(H.ctx, inputs(BASIC, { ips: ["10.99.0.1"] })).catch((x: unknown) => x);
  expect(String(e)).toContain(`already exists (id ${firstId}), made outside Pulumi`);
  expect(String(e)).toContain("adopt: true");
  expect(String(e)).toContain("Qualys said");

  H.emu.resetCalls();
  const NEW = "Adopted-Pa55word!";
  const adopted = await h.create(H.ctx, inputs(BASIC, { ips: ["10.99.0.1"], password: NEW, adopt: true, ownerHint: "p/dev/rec" }));
  expect(adopted.id).toBe(firstId);
  // the adoption writes this resource's marker, so no other resource can adopt the record after it
  expect(lastForm(UPDATE)).toMatchObject({ action: "update", ids: firstId, ips: "10.99.0.1", password: NEW });
  expect(lastForm(UPDATE).comments).toBe(`managed by pulumi [pulumi:${MARKER} p/dev/rec]`);
  expect(H.emu.calls()).toEqual({ [LIST]: 2, [UPDATE]: 1 });
  expect(await control("GET", `nsx/${firstId}`)).toMatchObject({ ips: ["10.99.0.1"], password: NEW });
  expect(adopted.outs.adopt).toBe(true);
  expect(warnings.join("\n")).toContain("adopted the existing record");
  // adopt with no record of that title simply creates
  const fresh = await h.create(H.ctx, inputs(BASIC, { title: "Brand new", adopt: true }));
  expect(fresh.id).not.toBe(firstId);
});

test("a record carrying another resource's owner marker is never taken: not by create, not with adopt; no message suggests adopt", async () => {
  const OTHER = "fedcba9876543210fedcba9876543210";
  const theirs = await h.create(H.ctx, inputs(BASIC, { ownerHint: "team-a/prod/nsx" }, OTHER));
  H.emu.resetCalls();
  for (const over of [{}, { adopt: true }]) {
    const e = await h.create(H.ctx, inputs(BASIC, { ips: ["10.99.0.1"], ...over })).catch((x: unknown) => x);
    expect(String(e)).toContain(`(id ${theirs.id}) is managed by another Pulumi resource (it says it is "team-a/prod/nsx"`);
    expect(String(e)).toContain("cannot take it over, not even with `adopt: true`");
    expect(String(e)).not.toMatch(/set `adopt: true`/);
  }
  // nothing was written to their record
  expect(H.emu.calls()[UPDATE]).toBeUndefined();
  expect(await control("GET", `nsx/${theirs.id}`)).toMatchObject({ ips: ["10.20.0.10-10.20.0.12"], password: PASSWORD });
});

test("20 parallel reads are served by one list call; a record missing from the answer is gone", async () => {
  const made: Array<{ id: string; outs: NsxAuthRecordOutputs }> = [];
  for (let i = 0; i < 20; i++) made.push(await h.create(H.ctx, inputs(BASIC, { title: `NSX ${i}`, ips: [`10.40.0.${i + 1}`] })));
  await control("DELETE", `nsx/${made[7].id}`);
  H.emu.resetCalls();
  const reads = await Promise.all(made.map((m) => h.read(H.ctx, m.id, m.outs)));
  expect(H.emu.calls()[LIST]).toBeLessThanOrEqual(2);
  expect(H.emu.calls()).toEqual({ [LIST]: 1 });
  expect(reads.filter((r) => r === undefined)).toHaveLength(1);
  expect(reads[7]).toBeUndefined();
  reads.forEach((r, i) => i !== 7 && expect(r?.props.title).toBe(`NSX ${i}`));
  // the one call named all twenty ids (as ranges)
  expect(lastForm(LIST).ids).toBe(`${made[0].id}-${made[19].id}`);
  expect(READ_MAX_BATCH).toBeGreaterThanOrEqual(20);
});

test("20 reads, 8 at a time (the engine's default --parallel on 2 cores): 2 list calls; a write invalidates", async () => {
  const made: Array<{ id: string; outs: NsxAuthRecordOutputs }> = [];
  for (let i = 0; i < 20; i++) made.push(await h.create(H.ctx, inputs(BASIC, { title: `W${i}`, ips: [`10.41.0.${i + 1}`] })));
  await control("DELETE", `nsx/${made[15].id}`);
  H.emu.resetCalls();
  // Like the engine: at most 8 reads in flight, the next one starting when one answers.
  const results: Array<Awaited<ReturnType<typeof h.read>>> = new Array(20);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < 20) {
        const i = next++;
        results[i] = await h.read(H.ctx, made[i].id, made[i].outs);
      }
    }),
  );
  expect(H.emu.calls()).toEqual({ [LIST]: 2 });
  const forms = H.emu.log.map((c) => Object.fromEntries(new URLSearchParams(c.body)));
  expect(forms[0].ids).toBeDefined(); // the first wave: its 8 ids
  expect(forms[1]).toEqual({ action: "list" }); // the second full wave: everything, once
  expect(results[15]).toBeUndefined();
  results.forEach((r, i) => i !== 15 && expect(r?.props.title).toBe(`W${i}`));

  // An update through the provider drops the snapshot: the next read asks Qualys again and sees it.
  const updated = await h.update(H.ctx, made[0].id, results[0]!.props, inputs(BASIC, { title: "W0 renamed", ips: ["10.41.0.1"] }));
  expect(updated.title).toBe("W0 renamed");
  H.emu.resetCalls();
  await control("PATCH", `nsx/${made[1].id}`, { port: 8080 });
  expect((await h.read(H.ctx, made[1].id, results[1]!.props))?.props.port).toBe(8080);
  expect(H.emu.calls()).toEqual({ [LIST]: 1 });
});

test("a truncated list answer is followed to the end (reads of 7 records with a page of 3)", async () => {
  await control("PUT", "nsx-settings", { listPageSize: 3 });
  const made: Array<{ id: string; outs: NsxAuthRecordOutputs }> = [];
  for (let i = 0; i < 7; i++) made.push(await h.create(H.ctx, inputs(BASIC, { title: `T${i}`, ips: [`10.50.0.${i + 1}`] })));
  H.emu.resetCalls();
  const reads = await Promise.all(made.map((m) => h.read(H.ctx, m.id, m.outs)));
  expect(reads.every((r) => r !== undefined)).toBe(true);
  expect(H.emu.calls()).toEqual({ [LIST]: 3 });
});

test("a failing list call fails every read of its batch with Qualys's error", async () => {
  const a = await h.create(H.ctx, inputs(BASIC));
  const b = await h.create(H.ctx, inputs(BASIC, { title: "second" }));
  H.emu.injectFault({ action: "list", status: 400, qualysCode: "1905", message: "Parameter ids has invalid value." });
  const results = await Promise.allSettled([h.read(H.ctx, a.id, a.outs), h.read(H.ctx, b.id, b.outs)]);
  expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  for (const r of results) expect(String((r as PromiseRejectedResult).reason)).toContain("Parameter ids has invalid value.");
  expect(H.emu.calls()[LIST]).toBe(3); // two read-backs + the one failing batch
});

test("a malformed id fails its own read only, not the batch it arrives with", async () => {
  const a = await h.create(H.ctx, inputs(BASIC));
  H.emu.resetCalls();
  const [good, bad] = await Promise.allSettled([h.read(H.ctx, a.id, a.outs), h.read(H.ctx, "12,13", a.outs)]);
  expect(good.status).toBe("fulfilled");
  expect((good as PromiseFulfilledResult<unknown>).value).toBeDefined();
  expect(String((bad as PromiseRejectedResult).reason)).toContain("is not an NSX record id");
  expect(H.emu.calls()).toEqual({ [LIST]: 1 });
});

test("the password never appears in errors or warnings, even when Qualys echoes it", async () => {
  const SECRET = "Echoed-Secret-Value-42";
  const { id, outs } = await h.create(H.ctx, inputs(BASIC));
  // Qualys refuses the update and (badly) quotes the password back.
  H.emu.injectFault({ action: "update", status: 400, qualysCode: "1905", message: `Parameter password has invalid value: ${SECRET}` });
  const e = await h.update(H.ctx, id, outs, inputs(BASIC, { password: SECRET })).catch((x: unknown) => x);
  expect(String(e)).toContain("code 1905");
  expect(String(e)).not.toContain(SECRET);
  expect(String((e as Error).stack)).not.toContain(SECRET);
  // a server failure on create: message, warnings and transport events are clean
  H.emu.injectFault({ action: "create", status: 500, message: `internal error for ${SECRET}` });
  const e2 = await h.create(H.ctx, inputs(BASIC, { title: "other", password: SECRET })).catch((x: unknown) => x);
  expect(String(e2)).not.toContain(SECRET);
  expect(warnings.join("\n")).not.toContain(SECRET);
  expect(JSON.stringify(H.events)).not.toContain(SECRET);
});

test("invalid input never reaches Qualys: check fails, no call is made", async () => {
  const r = h.check({}, { ...BASIC, loginType: "vault" });
  expect(r.failures.map((f) => f.property)).toEqual(["vaultType", "vaultId", "secretKvName", "password"]);
  expect(H.emu.totalCalls()).toBe(0);
});

test("creates that finish one by one share their read-back lists (group commit): ⌈N / P⌉ + 2 lists at most", async () => {
  H.emu.resetCalls();
  const N = 24;
  const P = 8;
  let next = 0;
  const made: string[] = [];
  // As the engine does: P creates at once, the next starting when one ends.
  await Promise.all(
    Array.from({ length: P }, async () => {
      while (next < N) {
        const i = next++;
        const r = await h.create(
          H.ctx,
          inputs(BASIC, { title: `group commit ${i}`, ips: [`10.60.0.${i + 1}`] }, `${MARKER.slice(0, 30)}${String(i).padStart(2, "0")}`),
        );
        expect(r.outs.lastModified).toBeDefined();
        made.push(r.id);
      }
    }),
  );
  const calls = H.emu.calls();
  expect(calls[CREATE]).toBe(N);
  // The read-backs hold the engine's slots until the quiet wait ends: one list per P creates, + 2 at
  // most (the first read-back goes alone; the creates' answers interleave with the real clock).
  // Before the group commit: 6 lists with a reader that held read-backs while a list ran, 12 without.
  expect(calls[LIST]).toBeLessThanOrEqual(Math.ceil(N / P) + 2);
});
