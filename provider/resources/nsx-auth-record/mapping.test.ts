/**
 * NsxAuthRecord mapping and diff, against the notes' samples (the Policy Audit 1.11 notes) where they exist:
 * create parameters, the minimal update (the notes' edit sample sends the vault group), reading the
 * notes' list sample, and the password compared through its hash.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseNsxList } from "../../clients/xml/documents";
import { nsxAuthRecordHandler as h, passwordChanged } from "./handler";
import { fromRead, fromRecord, inputsOf, ipsFromApi, toCreateParams, toOutputs, toUpdateParams } from "./mapping";
import { hashPassword, passwordMatches } from "./password";
import type { NsxAuthRecordInputs, NsxAuthRecordOutputs } from "./schema";

const fixture = (name: string) => readFileSync(join(__dirname, "../../clients/xml/__fixtures__", name), "utf8");

/** Checked inputs without the owner marker `check` mints (these tests are about the other fields; the marker has its own). */
function checked(input: Record<string, unknown>): NsxAuthRecordInputs {
  const r = h.check({}, input);
  expect(r.failures).toEqual([]);
  const { ownerMarker: _minted, ...rest } = r.inputs as NsxAuthRecordInputs;
  return rest;
}

const BASIC_IN = {
  title: "NSX basic",
  ips: ["10.0.0.1", "10.0.0.2"],
  username: "admin",
  password: "first-pass",
  comments: "rack 4",
  networkId: 7,
};
/** The notes' create sample (ips masked in the notes: a concrete address here). */
const NOTES_CREATE_IN = {
  title: "API NSX1211",
  username: "nsxuser",
  ips: ["10.10.10.10"],
  port: 443,
  sslVerifyWithHost: true,
  hosts: ["aa.aa"],
  loginType: "vault",
  vaultType: "HashiCorp",
  vaultId: 4980801,
  secretKvName: "Test",
  useAdHashicorp: true,
};

function stateOf(inputs: NsxAuthRecordInputs): NsxAuthRecordOutputs {
  return toOutputs(inputs, { passwordHash: inputs.password === undefined ? undefined : hashPassword(inputs.password) });
}

describe("create parameters", () => {
  test("the notes' create sample: exactly its parameters", () => {
    // The notes' create sample, restated on purpose (also in clients/nsx.test.ts): the expectation is the notes', not derived
    // from code.
    expect(toCreateParams(checked(NOTES_CREATE_IN))).toEqual({
      title: "API NSX1211",
      username: "nsxuser",
      ips: ["10.10.10.10"],
      port: 443,
      ssl_verify_with_host: true,
      hosts: ["aa.aa"],
      login_type: "vault",
      vault_type: "HashiCorp",
      vault_id: 4980801,
      secret_kv_name: "Test",
      use_ad_hashicorp: true,
    });
  });

  test("basic login sends the password, and no vault parameter", () => {
    expect(toCreateParams(checked(BASIC_IN))).toEqual({
      title: "NSX basic",
      username: "admin",
      password: "first-pass",
      ips: ["10.0.0.1-10.0.0.2"],
      port: 443,
      ssl_verify_with_host: false,
      login_type: "basic",
      network_id: 7,
      comments: "rack 4",
    });
  });
});

describe("update parameters: only what changed", () => {
  const current = inputsOf(stateOf(checked(BASIC_IN)));

  test("nothing changed → nothing to send (the password is not resent)", () => {
    expect(toUpdateParams(current, checked(BASIC_IN), { passwordChanged: false })).toEqual({});
  });

  test.each([
    ["title", { title: "NSX renamed" }, { title: "NSX renamed" }],
    ["ips (the whole new set)", { ips: ["10.0.0.1", "10.0.0.3"] }, { ips: ["10.0.0.1", "10.0.0.3"] }],
    ["username", { username: "root" }, { username: "root" }],
    ["port", { port: 8443 }, { port: 8443 }],
    ["ssl + hosts", { sslVerifyWithHost: true, hosts: ["nsx.example.com"] }, { ssl_verify_with_host: true, hosts: ["nsx.example.com"] }],
    ["comments cleared with an empty value", { comments: undefined }, { comments: "" }],
    ["network back to the default network", { networkId: undefined }, { network_id: 0 }],
  ])("%s", (_name, change, expected) => {
    const desired = checked({ ...BASIC_IN, ...change });
    expect(toUpdateParams(current, desired, { passwordChanged: false })).toEqual(expected);
  });

  test("ips given in another order or split differently are not a change", () => {
    expect(toUpdateParams(current, checked({ ...BASIC_IN, ips: ["10.0.0.2", "10.0.0.1-10.0.0.2"] }), { passwordChanged: false })).toEqual(
      {},
    );
  });

  test("the password only when it changed", () => {
    const desired = checked({ ...BASIC_IN, password: "second-pass" });
    expect(toUpdateParams(current, desired, { passwordChanged: true })).toEqual({ password: "second-pass" });
    expect(toUpdateParams(current, desired, { passwordChanged: false })).toEqual({});
  });

  test("turning host verification off clears the hosts", () => {
    const withHosts = inputsOf(stateOf(checked({ ...BASIC_IN, sslVerifyWithHost: true, hosts: ["a.example.com"] })));
    expect(toUpdateParams(withHosts, checked(BASIC_IN), { passwordChanged: false })).toEqual({ ssl_verify_with_host: false, hosts: "" });
  });

  test("a vault setting changed → the vault group, as the notes' edit sample sends it", () => {
    const vaultState = inputsOf(stateOf(checked(NOTES_CREATE_IN)));
    const params = toUpdateParams(vaultState, checked({ ...NOTES_CREATE_IN, secretKvKey: "566" }), { passwordChanged: false });
    // The notes' edit sample: login_type, vault_type, vault_id, secret_kv_name, use_ad_hashicorp, secret_kv_key (+ ids).
    expect(params).toEqual({
      login_type: "vault",
      vault_type: "HashiCorp",
      vault_id: 4980801,
      secret_kv_name: "Test",
      use_ad_hashicorp: true,
      secret_kv_key: "566",
    });
    // and an optional vault setting removed is cleared
    const withKey = inputsOf(stateOf(checked({ ...NOTES_CREATE_IN, secretKvKey: "566", secretKvPath: "/tmp" })));
    expect(toUpdateParams(withKey, checked({ ...NOTES_CREATE_IN, useAdHashicorp: false }), { passwordChanged: false })).toEqual({
      login_type: "vault",
      vault_type: "HashiCorp",
      vault_id: 4980801,
      secret_kv_name: "Test",
      use_ad_hashicorp: false,
      secret_kv_path: "",
      secret_kv_key: "",
    });
  });

  test("switching basic → vault sends the vault group and no password; vault → basic sends the password", () => {
    const toVault = checked({
      ...NOTES_CREATE_IN,
      title: BASIC_IN.title,
      ips: BASIC_IN.ips,
      username: "admin",
      comments: "rack 4",
      networkId: 7,
      sslVerifyWithHost: false,
      hosts: undefined,
    });
    expect(toUpdateParams(current, toVault, { passwordChanged: false })).toEqual({
      login_type: "vault",
      vault_type: "HashiCorp",
      vault_id: 4980801,
      secret_kv_name: "Test",
      use_ad_hashicorp: true,
    });
    const vaultState = inputsOf(stateOf(toVault));
    expect(toUpdateParams(vaultState, checked(BASIC_IN), { passwordChanged: false })).toEqual({
      login_type: "basic",
      password: "first-pass",
    });
  });
});

describe("reading the notes' list sample", () => {
  const list = parseNsxList(fixture("001_nsx_list_with_ad_enabled.auth_nsx_list_output.xml"));

  test("every readable field, normalised as check normalises", () => {
    const { inputs, observed } = fromRecord(list.records[0]);
    expect(inputs).toEqual({
      title: "NSX_AD ", // the CDATA's trailing space is what Qualys stores
      ips: ["10.xxx.xxx.xxx"], // masked in the notes: not an address, so kept verbatim (and shown as drift)
      username: "root",
      port: 443,
      sslVerifyWithHost: false,
      loginType: "vault",
      vaultType: "HashiCorp",
      vaultId: 4980801,
      secretKvPath: "/tmp",
      secretKvName: "adnsx",
      useAdHashicorp: true,
    });
    expect(observed).toEqual({
      vaultTitle: "Nutanix_HashiCorp",
      created: "2026-04-07T05:25:48Z",
      createdBy: "vmspxtb",
      lastModified: "2026-04-07T05:25:48Z",
    });
  });

  test("refresh keeps passwordHash and adopt from state, takes everything readable from Qualys", () => {
    const previous = { ...stateOf(checked(BASIC_IN)), adopt: true };
    const outs = fromRead(previous, list.records[0]);
    expect(outs.passwordHash).toBe(previous.passwordHash);
    expect(outs.adopt).toBe(true);
    expect(outs.title).toBe("NSX_AD ");
    expect(outs).not.toHaveProperty("comments");
    expect(outs).not.toHaveProperty("password");
  });

  test("IP_SET entries one by one or as ranges read back the same", () => {
    expect(ipsFromApi(["10.0.0.1", "10.0.0.2", "10.0.0.3"])).toEqual(["10.0.0.1-10.0.0.3"]);
    expect(ipsFromApi(["10.0.0.1-10.0.0.3"])).toEqual(["10.0.0.1-10.0.0.3"]);
  });
});

describe("diff", () => {
  const inputs = checked(BASIC_IN);
  const state = stateOf(inputs);

  test("outputs never hold the password; the hash is salted and verifies", () => {
    expect(state).not.toHaveProperty("password");
    expect(JSON.stringify(state)).not.toContain("first-pass");
    expect(state.passwordHash).toMatch(/^hmac-sha256\$[\w-]{22}\$[\w-]{43}$/);
    expect(passwordMatches(state.passwordHash, "first-pass")).toBe(true);
    expect(passwordMatches(state.passwordHash, "first-pasS")).toBe(false);
    expect(hashPassword("first-pass")).not.toBe(hashPassword("first-pass")); // a new salt each time
    expect(passwordMatches("garbage", "first-pass")).toBe(false);
    expect(passwordMatches(undefined, "first-pass")).toBe(false);
  });

  test("unchanged inputs (password included) → no changes", () => {
    expect(h.diff("1", state, checked(BASIC_IN))).toMatchObject({ changes: false, changed: [], replaces: [] });
  });

  test("a changed password is detected through the hash alone", () => {
    const d = h.diff("1", state, checked({ ...BASIC_IN, password: "second-pass" }));
    expect(d).toMatchObject({ changes: true, changed: ["password"], replaces: [] });
    expect(passwordChanged(state, { password: "second-pass" })).toBe(true);
    expect(passwordChanged(state, { password: "first-pass" })).toBe(false);
  });

  test("a missing hash (record made with a vault) and a password → change", () => {
    const { passwordHash: _h, ...noHash } = state;
    expect(h.diff("1", noHash as NsxAuthRecordOutputs, inputs).changed).toEqual(["password"]);
  });

  test("no password in the new inputs (what a refresh writes back) is not a change", () => {
    const { password: _p, ...noPassword } = inputs;
    expect(h.diff("1", state, noPassword as NsxAuthRecordInputs).changes).toBe(false);
  });

  test("sets compare as sets; adopt is ignored; a title's trailing space is a change", () => {
    expect(h.diff("1", state, checked({ ...BASIC_IN, ips: ["10.0.0.2", "10.0.0.1"], adopt: true })).changes).toBe(false);
    expect(h.diff("1", state, checked({ ...BASIC_IN, title: "NSX basic " })).changed).toEqual(["title"]);
  });

  test("several changes are all named; nothing forces a replacement", () => {
    const d = h.diff("1", state, checked({ ...BASIC_IN, port: 8443, ips: ["10.0.0.9"], password: "other-pass" }));
    expect(d).toMatchObject({ changes: true, changed: ["ips", "password", "port"], replaces: [], deleteBeforeReplace: false });
  });
});
