/**
 * NsxAuthRecord check: every rule is a failure naming the exact property, and values are
 * normalised so state holds what Qualys stores.
 */
import { nsxAuthRecordHandler as h } from "./handler";
import { canonicalIps, parseIpEntry } from "./ips";

const BASIC = { title: "NSX Manager", ips: ["10.0.0.1"], username: "admin", password: "s3cret-pass" };
const VAULT = {
  title: "NSX vault",
  ips: ["10.0.0.2"],
  loginType: "vault",
  vaultType: "HashiCorp",
  vaultId: 4980801,
  secretKvName: "adnsx",
};

function failures(input: Record<string, unknown>) {
  return h.check({}, input).failures;
}

/** Checked inputs, less the owner marker `check` mints (tested in ownership.test.ts). */
function ok(input: Record<string, unknown>) {
  const r = h.check({}, input);
  expect(r.failures).toEqual([]);
  const { ownerMarker, ...rest } = r.inputs as Record<string, unknown>;
  expect(ownerMarker).toMatch(/^[0-9a-f]{32}$/);
  return rest;
}

describe("valid inputs are normalised", () => {
  test("basic record: defaults filled, nothing else added", () => {
    expect(ok(BASIC)).toEqual({ ...BASIC, port: 443, sslVerifyWithHost: false, loginType: "basic", adopt: false });
  });

  test("vault record: useAdHashicorp defaults to false (the API requires it), vaultType any case", () => {
    expect(ok({ ...VAULT, vaultType: "hashicorp", loginType: "VAULT" })).toEqual({
      ...VAULT,
      port: 443,
      sslVerifyWithHost: false,
      useAdHashicorp: false,
      adopt: false,
    });
    expect(ok({ ...VAULT, useAdHashicorp: true }).useAdHashicorp).toBe(true);
  });

  test("ips are a set in canonical form: merged, sorted, CIDR expanded, duplicates gone", () => {
    expect(ok({ ...BASIC, ips: ["10.0.0.5", "10.0.0.1 - 10.0.0.4", "10.0.0.5", "192.168.1.0/30", "10.0.0.9"] }).ips).toEqual([
      "10.0.0.1-10.0.0.5",
      "10.0.0.9",
      "192.168.1.0-192.168.1.3",
    ]);
  });

  test("hosts are a lowercase set", () => {
    expect(ok({ ...BASIC, sslVerifyWithHost: true, hosts: ["NSX.example.com", "a.example.com", "nsx.example.com "] }).hosts).toEqual([
      "a.example.com",
      "nsx.example.com",
    ]);
  });

  test("the title is kept exactly, trailing space included (as Qualys stores it)", () => {
    expect(ok({ ...BASIC, title: "NSX_AD " }).title).toBe("NSX_AD ");
  });

  test("empty comments are no comments", () => {
    expect(ok({ ...BASIC, comments: "" })).not.toHaveProperty("comments");
    expect(ok({ ...BASIC, comments: "rack 4" }).comments).toBe("rack 4");
  });

  test("a secret-wrapped value (as a secrets-accepting engine would send) is unwrapped", () => {
    const wrapped = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "s3cret-pass" };
    expect(ok({ ...BASIC, password: wrapped }).password).toBe("s3cret-pass");
  });
});

describe("each rule fails naming its property", () => {
  test.each([
    ["title missing", { ...BASIC, title: undefined }, "title", /title must be a string/],
    ["title blank", { ...BASIC, title: "   " }, "title", /title must not be empty/],
    ["title with a control character", { ...BASIC, title: "a\u0001b" }, "title", /control characters/],
    ["ips missing", { ...BASIC, ips: undefined }, "ips", /ips must be a list/],
    ["ips empty", { ...BASIC, ips: [] }, "ips", /at least one IP/],
    ["port below range", { ...BASIC, port: 0 }, "port", /between 1 and 65535/],
    ["port above range", { ...BASIC, port: 65536 }, "port", /between 1 and 65535/],
    ["port not whole", { ...BASIC, port: 44.3 }, "port", /whole number/],
    ["loginType unknown", { ...BASIC, loginType: "kerberos" }, "loginType", /one of basic, vault/],
    ["password too short", { ...BASIC, password: "abc" }, "password", /at least 4 characters/],
    ["vaultType unknown", { ...VAULT, vaultType: "CyberArk" }, "vaultType", /HashiCorp/],
    ["vaultId not positive", { ...VAULT, vaultId: 0 }, "vaultId", /positive/],
    ["networkId negative", { ...BASIC, networkId: -1 }, "networkId", /0 or a network id/],
    ["unknown property", { ...BASIC, pasword: "x" }, "pasword", /pasword/],
  ])("%s", (_name, input, property, reason) => {
    const f = failures(input);
    expect(f.map((x) => x.property)).toContain(property);
    expect(f.find((x) => x.property === property)!.reason).toMatch(reason);
  });

  test("an invalid IP names its index in the program, not in the normalised list", () => {
    const f = failures({
      ...BASIC,
      ips: ["10.0.0.9", "10.0.0.1", "10.0.0.300", "10.0.0.5-10.0.0.2", "fe80::1", "010.0.0.1", "10.0.0.1/24"],
    });
    expect(f).toEqual([
      { property: "ips[2]", reason: expect.stringMatching(/"10\.0\.0\.300" has an octet above 255/) },
      { property: "ips[3]", reason: expect.stringMatching(/ends before it starts/) },
      { property: "ips[4]", reason: expect.stringMatching(/not an IPv4 address/) },
      { property: "ips[5]", reason: expect.stringMatching(/leading zero/) },
      { property: "ips[6]", reason: expect.stringMatching(/not a network address \(did you mean 10\.0\.0\.0\/24\?\)/) },
    ]);
  });

  test("an invalid host names its index", () => {
    expect(failures({ ...BASIC, sslVerifyWithHost: true, hosts: ["ok.example.com", "bad host"] })).toEqual([
      { property: "hosts[1]", reason: expect.stringMatching(/host name/) },
    ]);
  });

  test("basic login: username and password are required with it", () => {
    expect(failures({ title: "t", ips: ["10.0.0.1"] })).toEqual([
      { property: "username", reason: "username is required when loginType is basic" },
      { property: "password", reason: "password is required when loginType is basic" },
    ]);
  });

  test("basic login: every vault setting is only allowed with loginType vault", () => {
    const f = failures({
      ...BASIC,
      vaultType: "HashiCorp",
      vaultId: 1,
      secretKvPath: "/p",
      secretKvName: "n",
      secretKvKey: "k",
      useAdHashicorp: false,
    });
    expect(f).toEqual(
      ["vaultType", "vaultId", "secretKvPath", "secretKvName", "secretKvKey", "useAdHashicorp"].map((k) => ({
        property: k,
        reason: `${k} is only allowed when loginType is vault`,
      })),
    );
  });

  test("vault login: vaultType, vaultId and secretKvName are required with it", () => {
    expect(failures({ title: "t", ips: ["10.0.0.1"], loginType: "vault" })).toEqual([
      { property: "vaultType", reason: "vaultType is required when loginType is vault" },
      { property: "vaultId", reason: "vaultId is required when loginType is vault" },
      { property: "secretKvName", reason: "secretKvName is required when loginType is vault" },
    ]);
  });

  test("vault login: password is only allowed with basic", () => {
    expect(failures({ ...VAULT, password: "s3cret-pass" })).toEqual([
      { property: "password", reason: expect.stringMatching(/^password is only allowed when loginType is basic/) },
    ]);
  });

  test("hosts: required with sslVerifyWithHost, only allowed with it", () => {
    expect(failures({ ...BASIC, sslVerifyWithHost: true })).toEqual([
      { property: "hosts", reason: "hosts is required when sslVerifyWithHost is true" },
    ]);
    expect(failures({ ...BASIC, hosts: ["nsx.example.com"] })).toEqual([
      { property: "hosts", reason: "hosts is only allowed when sslVerifyWithHost is true" },
    ]);
  });

  test("no failure message ever contains the password", () => {
    const pw = "Secret-Value-123";
    for (const input of [
      { ...VAULT, password: pw },
      { ...BASIC, password: pw, port: -1 },
      { ...BASIC, password: pw, ips: ["x"] },
    ]) {
      const r = h.check({}, input);
      expect(r.failures.length).toBeGreaterThan(0);
      expect(JSON.stringify(r.failures)).not.toContain(pw);
    }
  });
});

describe("ips normalisation", () => {
  test.each([
    [["10.0.0.1"], ["10.0.0.1"]],
    [["10.0.0.3", "10.0.0.1", "10.0.0.2"], ["10.0.0.1-10.0.0.3"]],
    [["10.0.0.1-10.0.0.10", "10.0.0.5-10.0.0.20"], ["10.0.0.1-10.0.0.20"]],
    [["10.0.0.1-10.0.0.1"], ["10.0.0.1"]],
    [["10.0.0.0/31"], ["10.0.0.0-10.0.0.1"]],
    [["10.0.0.7/32"], ["10.0.0.7"]],
    [["10.0.1.0", "10.0.0.255"], ["10.0.0.255-10.0.1.0"]],
    [
      ["192.168.0.1", "10.0.0.1", "172.16.0.1"],
      ["10.0.0.1", "172.16.0.1", "192.168.0.1"],
    ],
    [
      ["255.255.255.254", "255.255.255.255", "0.0.0.0"],
      ["0.0.0.0", "255.255.255.254-255.255.255.255"],
    ],
  ])("%j → %j", (input, expected) => {
    expect(canonicalIps(input)).toEqual(expected);
  });

  test("numeric, not textual, ordering (10.0.0.9 before 10.0.0.10)", () => {
    expect(canonicalIps(["10.0.0.10", "10.0.0.9", "10.0.0.12"])).toEqual(["10.0.0.9-10.0.0.10", "10.0.0.12"]);
  });

  test("parseIpEntry refuses what is not an address, range or network", () => {
    for (const bad of ["", "10.0.0", "10.0.0.1-", "10.0.0.1-10.0.0.2-10.0.0.3", "10.0.0.256", "a.b.c.d", "10.0.0.0/33", "10.0.0.1/24"]) {
      expect(parseIpEntry(bad).ok).toBe(false);
    }
  });
});
