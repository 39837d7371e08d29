/**
 * Provider configuration (the README's Configuration section): platform table → URLs, overrides, precedence, URL rules,
 * credentials, numeric settings, and no secret in any configuration error.
 */
import {
  baseUrl,
  configProblems,
  normaliseBaseUrl,
  PLATFORM_NAMES,
  PLATFORMS,
  resolveConfig,
  SETTINGS,
  settingText,
  type ConfigSources,
  type ResolvedConfig,
  type Setting,
} from "./config";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { QualysError, type QualysApi } from "./errors";
import { settingsTable } from "./schema/settings-table";
import { forgetSecretsForTests } from "./shared/redact";
import { qualysErrorOf } from "../tests/helpers/errors";

const TOKEN = { QUALYS_TOKEN: "tok-abcdef-123456" };

/** The error thrown by `fn`, asserted to be a config QualysError. */
function configErrorOf(fn: () => unknown): QualysError {
  return qualysErrorOf(fn, "config");
}

function urls(config: ResolvedConfig): Record<QualysApi, string> {
  return { api: baseUrl(config, "api"), gateway: baseUrl(config, "gateway"), portal: baseUrl(config, "portal") };
}

const env = (e: Record<string, string>): ConfigSources => ({ env: { ...TOKEN, ...e } });

describe("platform table", () => {
  // Every platform's three hosts, as the CloudView and VM/PC notes' URL tables give them (written out, not read from config.ts).
  test.each([
    ["US1", "https://qualysapi.qualys.com", "https://gateway.qg1.apps.qualys.com", "https://qualysguard.qualys.com"],
    ["US2", "https://qualysapi.qg2.apps.qualys.com", "https://gateway.qg2.apps.qualys.com", "https://qualysguard.qg2.apps.qualys.com"],
    ["US4", "https://qualysapi.qg4.apps.qualys.com", "https://gateway.qg4.apps.qualys.com", "https://qualysguard.qg4.apps.qualys.com"],
    ["EU1", "https://qualysapi.qualys.eu", "https://gateway.qg1.apps.qualys.eu", "https://qualysguard.qualys.eu"],
    ["EU3", "https://qualysapi.qg3.apps.qualys.it", "https://gateway.qg3.apps.qualys.it", "https://qualysguard.qg3.apps.qualys.it"],
    [
      "UK1",
      "https://qualysapi.qg1.apps.qualys.co.uk",
      "https://gateway.qg1.apps.qualys.co.uk",
      "https://qualysguard.qg1.apps.qualys.co.uk",
    ],
    [
      "AU1",
      "https://qualysapi.qg1.apps.qualys.com.au",
      "https://gateway.qg1.apps.qualys.com.au",
      "https://qualysguard.qg1.apps.qualys.com.au",
    ],
    [
      "KSA1",
      "https://qualysapi.qg1.apps.qualysksa.com",
      "https://gateway.qg1.apps.qualysksa.com",
      "https://qualysguard.qg1.apps.qualysksa.com",
    ],
  ])("%s derives the three URLs", (platform, api, gateway, portal) => {
    const c = resolveConfig(env({ QUALYS_PLATFORM: platform }));
    expect(c.platform).toBe(platform);
    expect(urls(c)).toEqual({ api, gateway, portal });
  });

  test("every platform of the README's platform table is known and derives three distinct https URLs", () => {
    expect([...PLATFORM_NAMES].sort()).toEqual([
      "AE1",
      "AU1",
      "CA1",
      "EU1",
      "EU2",
      "EU3",
      "IN1",
      "KSA1",
      "UK1",
      "US1",
      "US2",
      "US3",
      "US4",
    ]);
    for (const p of PLATFORM_NAMES) {
      const u = urls(resolveConfig(env({ QUALYS_PLATFORM: p })));
      expect(u.api).toBe(`https://${PLATFORMS[p].api}`);
      expect(u.api).toMatch(/^https:\/\/qualysapi\./);
      expect(u.gateway).toMatch(/^https:\/\/gateway\./);
      expect(u.portal).toMatch(/^https:\/\/qualysguard\./);
      expect(new Set(Object.values(u)).size).toBe(3);
    }
    // Platforms do not share hosts.
    const gateways = PLATFORM_NAMES.map((p) => PLATFORMS[p].gateway);
    expect(new Set(gateways).size).toBe(PLATFORM_NAMES.length);
  });

  test("platform is case-insensitive (and trimmed)", () => {
    const c = resolveConfig(env({ QUALYS_PLATFORM: " eu1 " }));
    expect(c.platform).toBe("EU1");
    expect(baseUrl(c, "gateway")).toBe("https://gateway.qg1.apps.qualys.eu");
    expect(resolveConfig({ stack: { "qualys:platform": "ksa1", "qualys:token": "tok-abcdef" } }).platform).toBe("KSA1");
  });

  test("an unknown platform is an error that lists the valid ones", () => {
    const err = configErrorOf(() => resolveConfig(env({ QUALYS_PLATFORM: "US9" })));
    expect(err.message).toContain("qualys:platform");
    expect(err.message).toContain("QUALYS_PLATFORM");
    expect(err.message).toContain('"US9"');
    for (const p of PLATFORM_NAMES) expect(err.message).toContain(p);
  });
});

describe("URL overrides and precedence", () => {
  test("an explicit URL overrides its own API only", () => {
    const c = resolveConfig(env({ QUALYS_PLATFORM: "US2", QUALYS_GATEWAY_URL: "https://gw.example.com" }));
    expect(urls(c)).toEqual({
      api: "https://qualysapi.qg2.apps.qualys.com",
      gateway: "https://gw.example.com",
      portal: "https://qualysguard.qg2.apps.qualys.com",
    });
    const d = resolveConfig(
      env({ QUALYS_PLATFORM: "US2", QUALYS_API_URL: "https://api.example.com", QUALYS_PORTAL_URL: "https://portal.example.com" }),
    );
    expect(urls(d)).toEqual({
      api: "https://api.example.com",
      gateway: "https://gateway.qg2.apps.qualys.com",
      portal: "https://portal.example.com",
    });
  });

  test("stack config wins over the environment, setting by setting", () => {
    const c = resolveConfig({
      stack: { "qualys:platform": "EU1", "qualys:token": "stack-token-1234", "qualys:maxAttempts": 3 },
      env: {
        QUALYS_PLATFORM: "US1",
        QUALYS_TOKEN: "env-token-12345",
        QUALYS_MAX_ATTEMPTS: "7",
        QUALYS_GATEWAY_URL: "https://gw.example.com",
        QUALYS_MAX_CONCURRENCY: "4",
      },
    });
    expect(c.platform).toBe("EU1");
    expect(c.credentials).toEqual({ kind: "token", token: "stack-token-1234" });
    expect(c.maxAttempts).toBe(3);
    // Settings the stack does not give still come from the environment.
    expect(baseUrl(c, "gateway")).toBe("https://gw.example.com");
    expect(c.maxConcurrency).toBe(4);
    expect(baseUrl(c, "api")).toBe("https://qualysapi.qualys.eu");
  });

  test("a blank stack value falls back to the environment", () => {
    const c = resolveConfig({
      stack: { "qualys:platform": "  ", "qualys:token": "" },
      env: { QUALYS_PLATFORM: "US3", QUALYS_TOKEN: "env-token-12345" },
    });
    expect(c.platform).toBe("US3");
    expect(c.credentials).toEqual({ kind: "token", token: "env-token-12345" });
  });

  test("no platform and no URL: an error naming qualys:platform and the API's own setting, raised only when that API is asked for", () => {
    const c = resolveConfig(env({ QUALYS_API_URL: "https://api.example.com" }));
    expect(c.platform).toBeUndefined();
    // The API that is configured works; the missing ones fail only when used.
    expect(baseUrl(c, "api")).toBe("https://api.example.com");
    const gw = configErrorOf(() => baseUrl(c, "gateway"));
    for (const s of ["qualys:platform", "QUALYS_PLATFORM", "qualys:gatewayUrl", "QUALYS_GATEWAY_URL"]) expect(gw.message).toContain(s);
    expect(gw.message).not.toContain("qualys:portalUrl");
    const portal = configErrorOf(() => baseUrl(c, "portal"));
    for (const s of ["qualys:platform", "QUALYS_PLATFORM", "qualys:portalUrl", "QUALYS_PORTAL_URL"]) expect(portal.message).toContain(s);

    const none = resolveConfig(env({}));
    const api = configErrorOf(() => baseUrl(none, "api"));
    for (const s of ["qualys:platform", "QUALYS_PLATFORM", "qualys:apiUrl", "QUALYS_API_URL"]) expect(api.message).toContain(s);
  });
});

describe("URL rules", () => {
  test.each(["http://127.0.0.1:8080", "http://127.1.2.3:9", "http://localhost:3000", "http://LOCALHOST:3000", "http://[::1]:8080"])(
    "plain http is allowed to loopback %s",
    (u) => {
      expect(normaliseBaseUrl(u, "gatewayUrl")).toBe(new URL(u).origin);
      expect(baseUrl(resolveConfig(env({ QUALYS_GATEWAY_URL: u })), "gateway")).toBe(new URL(u).origin);
    },
  );

  test.each([
    "http://gateway.qg2.apps.qualys.com",
    "http://10.0.0.1:8080",
    "http://localhost.evil.example",
    "http://127.0.0.1.evil.example",
  ])("plain http to %s is refused, naming the setting", (u) => {
    const err = configErrorOf(() => resolveConfig(env({ QUALYS_GATEWAY_URL: u })));
    expect(err.message).toContain("qualys:gatewayUrl");
    expect(err.message).toContain("QUALYS_GATEWAY_URL");
    expect(err.message).toMatch(/https/);
  });

  test("other schemes and non-URLs are refused, naming the setting", () => {
    expect(configErrorOf(() => normaliseBaseUrl("ftp://qualysapi.qualys.com", "apiUrl")).message).toContain("qualys:apiUrl");
    const notUrl = configErrorOf(() => normaliseBaseUrl("qualysapi.qualys.com", "apiUrl"));
    expect(notUrl.message).toContain("QUALYS_API_URL");
    expect(notUrl.message).toContain("not a URL");
  });

  test("a URL with credentials, a query or a fragment is refused", () => {
    const creds = configErrorOf(() => normaliseBaseUrl("https://user:pw-in-url-1234@qualysapi.qualys.com", "apiUrl"));
    expect(creds.message).toContain("qualys:apiUrl");
    expect(creds.message).toContain("credentials");
    expect(creds.message).not.toContain("pw-in-url-1234");
    expect(configErrorOf(() => normaliseBaseUrl("https://user@qualysapi.qualys.com", "apiUrl")).message).toContain("credentials");
    expect(configErrorOf(() => normaliseBaseUrl("https://qualysapi.qualys.com/?x=1", "apiUrl")).message).toMatch(/query/);
    expect(configErrorOf(() => normaliseBaseUrl("https://qualysapi.qualys.com/#top", "apiUrl")).message).toMatch(/fragment/);
  });

  test("trailing slashes are stripped, a base path is kept", () => {
    expect(normaliseBaseUrl("https://gw.example.com/", "gatewayUrl")).toBe("https://gw.example.com");
    expect(normaliseBaseUrl("https://gw.example.com/qualys//", "gatewayUrl")).toBe("https://gw.example.com/qualys");
    expect(normaliseBaseUrl("https://gw.example.com:8443/", "gatewayUrl")).toBe("https://gw.example.com:8443");
    expect(baseUrl(resolveConfig(env({ QUALYS_API_URL: "https://api.example.com/" })), "api")).toBe("https://api.example.com");
  });
});

describe("credentials", () => {
  const base = { QUALYS_PLATFORM: "US1" };

  test("token alone", () => {
    expect(resolveConfig({ env: { ...base, QUALYS_TOKEN: "tok-abcdef-123456" } }).credentials).toEqual({
      kind: "token",
      token: "tok-abcdef-123456",
    });
  });

  test("username and password", () => {
    expect(resolveConfig({ env: { ...base, QUALYS_USERNAME: "alice", QUALYS_PASSWORD: "pw-alice-9876" } }).credentials).toEqual({
      kind: "password",
      username: "alice",
      password: "pw-alice-9876",
    });
  });

  test("both: the token for Bearer calls, username/password kept for Basic", () => {
    expect(
      resolveConfig({ env: { ...base, QUALYS_TOKEN: "tok-abcdef-123456", QUALYS_USERNAME: "alice", QUALYS_PASSWORD: "pw-alice-9876" } })
        .credentials,
    ).toEqual({
      kind: "token+password",
      token: "tok-abcdef-123456",
      username: "alice",
      password: "pw-alice-9876",
    });
  });

  test("username without password names both settings", () => {
    const err = configErrorOf(() => resolveConfig({ env: { ...base, QUALYS_USERNAME: "alice" } }));
    for (const s of ["qualys:username", "QUALYS_USERNAME", "qualys:password", "QUALYS_PASSWORD"]) expect(err.message).toContain(s);
    // Also when a token is there: a half-given login is a mistake, not something to ignore.
    configErrorOf(() => resolveConfig({ env: { ...base, QUALYS_TOKEN: "tok-abcdef-123456", QUALYS_USERNAME: "alice" } }));
  });

  test("password without username names both settings", () => {
    const err = configErrorOf(() => resolveConfig({ env: { ...base, QUALYS_PASSWORD: "pw-alice-9876" } }));
    for (const s of ["qualys:username", "QUALYS_USERNAME", "qualys:password", "QUALYS_PASSWORD"]) expect(err.message).toContain(s);
  });

  test("no credentials names the settings", () => {
    const err = configErrorOf(() => resolveConfig({ env: base }));
    for (const s of ["qualys:token", "QUALYS_TOKEN", "qualys:username", "QUALYS_USERNAME", "qualys:password", "QUALYS_PASSWORD"])
      expect(err.message).toContain(s);
  });
});

describe("numeric settings", () => {
  test("defaults", () => {
    const c = resolveConfig(env({}));
    expect(c.requestTimeoutMs).toBe(60_000);
    expect(c.maxConcurrency).toBe(2);
    expect(c.maxAttempts).toBe(5);
    expect(c.maxResponseBytes).toBe(64 * 1024 * 1024);
  });

  test("maxResponseBytes from the stack or the environment", () => {
    expect(resolveConfig(env({ QUALYS_MAX_RESPONSE_BYTES: "1024" })).maxResponseBytes).toBe(1024);
    expect(resolveConfig({ stack: { "qualys:token": "tok-abcdef", "qualys:maxResponseBytes": 5_000_000 } }).maxResponseBytes).toBe(
      5_000_000,
    );
  });

  test("values in range are taken (seconds become milliseconds)", () => {
    const c = resolveConfig(env({ QUALYS_REQUEST_TIMEOUT_SECONDS: "1", QUALYS_MAX_CONCURRENCY: "32", QUALYS_MAX_ATTEMPTS: "1" }));
    expect(c.requestTimeoutMs).toBe(1000);
    expect(c.maxConcurrency).toBe(32);
    expect(c.maxAttempts).toBe(1);
    const d = resolveConfig({
      stack: { "qualys:token": "tok-abcdef", "qualys:requestTimeoutSeconds": 3600, "qualys:maxConcurrency": 1, "qualys:maxAttempts": 10 },
    });
    expect([d.requestTimeoutMs, d.maxConcurrency, d.maxAttempts]).toEqual([3_600_000, 1, 10]);
  });

  test.each([
    ["QUALYS_REQUEST_TIMEOUT_SECONDS", "0", "qualys:requestTimeoutSeconds", /at least 1/],
    ["QUALYS_REQUEST_TIMEOUT_SECONDS", "3601", "qualys:requestTimeoutSeconds", /at most 3600/],
    ["QUALYS_MAX_CONCURRENCY", "0", "qualys:maxConcurrency", /at least 1/],
    ["QUALYS_MAX_CONCURRENCY", "33", "qualys:maxConcurrency", /at most 32/],
    ["QUALYS_MAX_ATTEMPTS", "0", "qualys:maxAttempts", /at least 1/],
    ["QUALYS_MAX_ATTEMPTS", "11", "qualys:maxAttempts", /at most 10/],
    ["QUALYS_MAX_ATTEMPTS", "2.5", "qualys:maxAttempts", /whole number/],
    ["QUALYS_MAX_RESPONSE_BYTES", "1023", "qualys:maxResponseBytes", /at least 1024/],
    ["QUALYS_MAX_RESPONSE_BYTES", String(2 ** 30 + 1), "qualys:maxResponseBytes", /at most 1073741824/],
    ["QUALYS_MAX_CONCURRENCY", "many", "qualys:maxConcurrency", /number/],
  ])("%s=%s is refused", (variable, value, key, rule) => {
    const err = configErrorOf(() => resolveConfig(env({ [variable]: value })));
    expect(err.message).toContain(key);
    expect(err.message).toContain(variable);
    expect(err.message).toMatch(rule);
  });
});

describe("no secret in configuration errors", () => {
  const PASSWORD = "Sup3r-Secret-Passw0rd";
  const SECRET_TOKEN = "eyJhbGciOiJub25lIn0.c2VjcmV0LXRva2Vu.sig-very-secret";

  beforeEach(() => forgetSecretsForTests());

  test.each<[string, ConfigSources]>([
    ["password without username", { env: { QUALYS_PLATFORM: "US1", QUALYS_PASSWORD: PASSWORD, QUALYS_TOKEN: SECRET_TOKEN } }],
    [
      "bad numeric setting",
      { stack: { "qualys:password": PASSWORD, "qualys:username": "alice", "qualys:token": SECRET_TOKEN, "qualys:maxAttempts": "0" } },
    ],
    [
      "plain http URL",
      {
        env: {
          QUALYS_USERNAME: "alice",
          QUALYS_PASSWORD: PASSWORD,
          QUALYS_TOKEN: SECRET_TOKEN,
          QUALYS_GATEWAY_URL: "http://gw.example.com",
        },
      },
    ],
    [
      "unknown platform",
      { env: { QUALYS_USERNAME: "alice", QUALYS_PASSWORD: PASSWORD, QUALYS_TOKEN: SECRET_TOKEN, QUALYS_PLATFORM: "XX1" } },
    ],
    [
      "URL carrying the password",
      { env: { QUALYS_USERNAME: "alice", QUALYS_PASSWORD: PASSWORD, QUALYS_API_URL: `https://alice:${PASSWORD}@qualysapi.qualys.com` } },
    ],
  ])("%s", (_name, sources) => {
    const err = configErrorOf(() => resolveConfig(sources));
    expect(err.message).not.toContain(PASSWORD);
    expect(err.message).not.toContain(SECRET_TOKEN);
    expect(String(err.stack)).not.toContain(PASSWORD);
  });

  test("a missing-URL error raised later does not carry the credentials either", () => {
    const c = resolveConfig({ env: { QUALYS_USERNAME: "alice", QUALYS_PASSWORD: PASSWORD } });
    const err = configErrorOf(() => baseUrl(c, "gateway"));
    expect(err.message).not.toContain(PASSWORD);
  });
});

describe("configProblems: every problem at once, for the APIs a resource uses (what check and CheckConfig report)", () => {
  const stack = (s: Record<string, string>): ConfigSources => ({ stack: s, env: {} });

  test.each<[string, ConfigSources, readonly QualysApi[] | "any-api", RegExp[]]>([
    [
      "no platform, gateway used",
      stack({ "qualys:token": "t" }),
      ["gateway"],
      [/no Qualys gateway URL: set `qualys:platform` \(stack config\) or QUALYS_PLATFORM \(environment\), or `qualys:gatewayUrl`/],
    ],
    [
      "unknown platform",
      stack({ "qualys:token": "t", "qualys:platform": "us-2" }),
      ["api"],
      [/`qualys:platform`.*QUALYS_PLATFORM.*"us-2".*not a Qualys platform/],
    ],
    [
      "malformed URL",
      stack({ "qualys:token": "t", "qualys:apiUrl": "qualysapi dot com" }),
      ["api"],
      [/`qualys:apiUrl`.*QUALYS_API_URL.*not a URL/],
    ],
    [
      "plain http to a non-loopback host",
      stack({ "qualys:token": "t", "qualys:gatewayUrl": "http://gateway.qg2.apps.qualys.com" }),
      ["gateway"],
      [/`qualys:gatewayUrl`.*QUALYS_GATEWAY_URL.*plain http:\/\/ to gateway\.qg2\.apps\.qualys\.com/],
    ],
    ["no credentials", stack({ "qualys:platform": "US2" }), ["gateway"], [/no Qualys credentials: set `qualys:token`.*QUALYS_TOKEN/]],
    [
      "every problem of one configuration is reported, not just the first",
      stack({ "qualys:platform": "us-2", "qualys:apiUrl": "ftp://x" }), // the gateway has no URL: told once, as the platform
      ["api", "gateway"],
      [/not a Qualys platform/, /`qualys:apiUrl`.*must be an https:\/\/ URL/, /no Qualys credentials/],
    ],
    [
      "the native plugin's provider: no URL for any API",
      stack({ "qualys:token": "t" }),
      "any-api",
      [/no Qualys platform: set `qualys:platform`.*QUALYS_PLATFORM/],
    ],
  ])("%s", (_name, sources, needs, expected) => {
    const problems = configProblems(sources, needs);
    expect(problems).toHaveLength(expected.length);
    expected.forEach((re, i) => expect(problems[i]).toMatch(re));
  });

  test.each<[string, ConfigSources, readonly QualysApi[] | "any-api"]>([
    ["platform from the environment", { stack: {}, env: { QUALYS_PLATFORM: "us2", QUALYS_TOKEN: "t" } }, ["api", "gateway", "portal"]],
    ["an NSX user needs no gateway URL", stack({ "qualys:apiUrl": "https://qualysapi.qg2.apps.qualys.com", "qualys:token": "t" }), ["api"]],
    ["plain http to loopback (the emulator)", stack({ "qualys:gatewayUrl": "http://127.0.0.1:8080", "qualys:token": "t" }), ["gateway"]],
    [
      "any-api with one URL",
      stack({ "qualys:apiUrl": "https://qualysapi.qg2.apps.qualys.com", "qualys:username": "u", "qualys:password": "p" }),
      "any-api",
    ],
  ])("accepted: %s", (_name, sources, needs) => {
    expect(configProblems(sources, needs)).toEqual([]);
  });

  test("resolveConfig applies the same rules: it throws what configProblems lists", () => {
    const sources = stack({ "qualys:platform": "us-2" });
    expect(configErrorOf(() => resolveConfig(sources)).message).toBe(`pulumi-qualys configuration: ${configProblems(sources).join("; ")}`);
  });
});

describe("SETTINGS is the one declaration of the settings", () => {
  test("schema.json's config block is SETTINGS: every key, type and secret flag, its default in the description", () => {
    const schema = JSON.parse(readFileSync(join(__dirname, "..", "schema.json"), "utf8")) as {
      config: { variables: Record<string, { type: string; secret?: boolean; description: string }> };
    };
    const settings = Object.entries(SETTINGS) as Array<[string, Setting]>;
    expect(Object.keys(schema.config.variables)).toEqual(settings.map(([name]) => name));
    for (const [name, s] of settings) {
      expect(s.key).toBe(`qualys:${name}`);
      const v = schema.config.variables[name];
      expect(v).toEqual({ type: s.type, ...(s.type === "string" && s.secret ? { secret: true } : {}), description: settingText(s) });
      expect(v.description).toContain(s.env);
      if (s.type === "integer") expect(v.description).toContain(`(default ${s.default}`);
    }
  });

  test("the README's configuration table is written from SETTINGS: a row per setting, secrets marked, defaults stated", () => {
    const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");
    expect(readme).toContain(settingsTable());
    for (const s of Object.values(SETTINGS) as Setting[]) {
      const line = readme.split("\n").find((l) => l.includes(`| \`${s.key}\``));
      expect(line).toContain(`\`${s.env}\``);
      expect(line?.includes("(secret)")).toBe(s.type === "string" && s.secret === true);
    }
  });

  test("the defaults and ranges the rules apply are the declared ones", () => {
    const c = resolveConfig({ env: { QUALYS_PLATFORM: "US1", QUALYS_TOKEN: "t-0123456789" } });
    expect(c.requestTimeoutMs).toBe(SETTINGS.requestTimeoutSeconds.default * 1000);
    expect([c.maxConcurrency, c.maxAttempts, c.maxResponseBytes]).toEqual([
      SETTINGS.maxConcurrency.default,
      SETTINGS.maxAttempts.default,
      SETTINGS.maxResponseBytes.default,
    ]);
    expect(
      configProblems({
        env: { QUALYS_PLATFORM: "US1", QUALYS_TOKEN: "t-0123456789", QUALYS_MAX_ATTEMPTS: String(SETTINGS.maxAttempts.max + 1) },
      }),
    ).toEqual([expect.stringContaining(`at most ${SETTINGS.maxAttempts.max}`)]);
  });
});
