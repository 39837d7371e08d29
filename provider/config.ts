/**
 * Provider configuration: where Qualys is and who we are.
 *
 * Sources, highest precedence first: stack config (`qualys:*`, handed to the dynamic provider by
 * `configure(req)`, secrets already decrypted), then environment variables (`QUALYS_*`, what GitOps
 * jobs use). There is no default platform: a missing setting is an error naming both the stack
 * config key and the environment variable. `configProblems` reports every problem at preview (the
 * dynamic resources' `check`, the native plugin's `CheckConfig`), before any call; a URL is only
 * required for the APIs a resource uses (an NSX user never has to set a gateway URL).
 */
import { z } from "zod";
import { configError, type QualysApi } from "./errors";
import { registerSecret } from "./shared/redact";

/**
 * API / gateway / portal hosts per platform, from Qualys's published platform tables (the CloudView notes
 * and 004, and public Qualys-owned code). Each URL stays overridable by its own setting.
 */
export const PLATFORMS = {
  US1: { api: "qualysapi.qualys.com", gateway: "gateway.qg1.apps.qualys.com", portal: "qualysguard.qualys.com" },
  US2: qg("qg2.apps.qualys.com"),
  US3: qg("qg3.apps.qualys.com"),
  US4: qg("qg4.apps.qualys.com"),
  EU1: { api: "qualysapi.qualys.eu", gateway: "gateway.qg1.apps.qualys.eu", portal: "qualysguard.qualys.eu" },
  EU2: qg("qg2.apps.qualys.eu"),
  EU3: qg("qg3.apps.qualys.it"),
  IN1: qg("qg1.apps.qualys.in"),
  CA1: qg("qg1.apps.qualys.ca"),
  AE1: qg("qg1.apps.qualys.ae"),
  UK1: qg("qg1.apps.qualys.co.uk"),
  AU1: qg("qg1.apps.qualys.com.au"),
  KSA1: qg("qg1.apps.qualysksa.com"),
} as const satisfies Record<string, { api: string; gateway: string; portal: string }>;

function qg(suffix: string) {
  return { api: `qualysapi.${suffix}`, gateway: `gateway.${suffix}`, portal: `qualysguard.${suffix}` };
}

export type Platform = keyof typeof PLATFORMS;
export const PLATFORM_NAMES = Object.keys(PLATFORMS) as Platform[];

/**
 * What every setting is: its stack config key, environment variable, type, meaning and, for the
 * numbers, default and accepted range. The one declaration: the rules below read it, the engines
 * pick the settings out of what Pulumi sends by it, the secret ones are registered for redaction by
 * it, and schema.json's `config.variables` and the README's configuration table are written from it
 * (provider/schema/generate.ts, provider/schema/settings-table.ts).
 */
interface TextSetting {
  key: `qualys:${string}`;
  env: `QUALYS_${string}`;
  type: "string";
  /** The short text of schema.json (and so of the generated SDKs' config modules). */
  description: string;
  /** The README table's name for it, and what the table says of it (a setting's default is added). */
  readme: { label: string; notes: string };
  /** A credential: kept secret in state, and never printed (registered with the redactor on sight). */
  secret?: true;
}
interface NumberSetting extends Omit<TextSetting, "type" | "secret"> {
  type: "integer";
  default: number;
  min: number;
  max: number;
  /** How the default reads to a person, beside the number (64 MiB). */
  defaultText?: string;
}
export type Setting = TextSetting | NumberSetting;

export const SETTINGS = {
  platform: {
    key: "qualys:platform",
    env: "QUALYS_PLATFORM",
    readme: { label: "platform", notes: "US1…US4, EU1…EU3, IN1, CA1, AE1, UK1, AU1, KSA1; derives the three URLs" },
    type: "string",
    description: "Qualys platform (US1…US4, EU1…EU3, IN1, CA1, AE1, UK1, AU1, KSA1).",
  },
  apiUrl: {
    key: "qualys:apiUrl",
    env: "QUALYS_API_URL",
    readme: { label: "API server", notes: "`/api/3.0/fo/...` (NSX records, scan jobs, schedule lists)" },
    type: "string",
    description: "API server URL (/api/3.0/fo).",
  },
  gatewayUrl: {
    key: "qualys:gatewayUrl",
    env: "QUALYS_GATEWAY_URL",
    readme: { label: "gateway", notes: "`/flexscan-api`, `/auth`, QFlow" },
    type: "string",
    description: "Gateway URL (/flexscan-api, /auth).",
  },
  portalUrl: {
    key: "qualys:portalUrl",
    env: "QUALYS_PORTAL_URL",
    readme: { label: "portal", notes: "CloudView (Basic auth)" },
    type: "string",
    description: "Portal URL (CloudView).",
  },
  token: {
    key: "qualys:token",
    env: "QUALYS_TOKEN",
    readme: { label: "token", notes: "a ready JWT" },
    type: "string",
    secret: true,
    description: "A ready JWT.",
  },
  username: {
    key: "qualys:username",
    env: "QUALYS_USERNAME",
    readme: {
      label: "username",
      notes:
        "with the password, mints a JWT at `POST <gateway>/auth`, renews it before its 4 h expiry and once on a 401; Basic auth where a token is not accepted",
    },
    type: "string",
    description: "User to mint a JWT / for Basic auth.",
  },
  password: {
    key: "qualys:password",
    env: "QUALYS_PASSWORD",
    readme: { label: "password", notes: "the password of username" },
    type: "string",
    secret: true,
    description: "Password of username.",
  },
  requestTimeoutSeconds: {
    key: "qualys:requestTimeoutSeconds",
    env: "QUALYS_REQUEST_TIMEOUT_SECONDS",
    readme: { label: "request timeout", notes: "deadline of one attempt, headers and whole body" },
    type: "integer",
    description: "Deadline of one attempt, headers and whole body",
    default: 60,
    min: 1,
    max: 3600,
  },
  maxConcurrency: {
    key: "qualys:maxConcurrency",
    env: "QUALYS_MAX_CONCURRENCY",
    readme: { label: "concurrency", notes: "calls in flight per API host, shared by every resource and function of a provider process" },
    type: "integer",
    description: "Concurrent calls per API",
    default: 2,
    min: 1,
    max: 32,
  },
  maxAttempts: {
    key: "qualys:maxAttempts",
    env: "QUALYS_MAX_ATTEMPTS",
    readme: { label: "attempts", notes: "per call including retries" },
    type: "integer",
    description: "Attempts per call including retries",
    default: 5,
    min: 1,
    max: 10,
  },
  maxResponseBytes: {
    key: "qualys:maxResponseBytes",
    env: "QUALYS_MAX_RESPONSE_BYTES",
    readme: { label: "response size", notes: "largest answer read; a larger one fails and is never retried ([limits](docs/limits.md))" },
    type: "integer",
    description: "Largest response body read, in bytes",
    // Sized from the largest list the provider reads, an NSX list: the AUTH_NSX_LIST_OUTPUT sample
    // record is 879 bytes (the Policy Audit 1.11 notes, a vault record with one IP, as printed), so
    // 10,000 records are about 8.8 MB; 64 MiB leaves about 6.7 KB per record for long comments,
    // large IP sets and multi-byte text, and keeps the provider far below 512 MB RSS. Below 1 KiB
    // even a token or an error page would not fit; beyond 1 GiB one answer alone could exhaust a
    // default Node heap.
    default: 64 * 1024 * 1024,
    defaultText: "64 MiB",
    min: 1024,
    max: 1024 * 1024 * 1024,
  },
} as const satisfies Record<string, Setting>;

/** How a setting reads in schema.json (and so in the generated SDKs' config modules). */
export function settingText(s: Setting): string {
  const dflt = s.type === "integer" ? ` (default ${s.default}${s.defaultText ? `, ${s.defaultText}` : ""}).` : "";
  return `${s.description}${dflt} Env: ${s.env}.`;
}

export type SettingName = keyof typeof SETTINGS;

export function describeSetting(name: SettingName): string {
  const s = SETTINGS[name];
  return `\`${s.key}\` (stack config) or ${s.env} (environment)`;
}

export type Credentials =
  | { kind: "token"; token: string }
  | { kind: "password"; username: string; password: string }
  /** Token for Bearer calls, username/password kept for the Basic-only endpoints. */
  | { kind: "token+password"; token: string; username: string; password: string };

export interface ResolvedConfig {
  platform?: Platform;
  /**
   * Base URL per API and the setting it came from (its own URL setting, or the platform), or an
   * error message naming the missing setting.
   */
  urls: Record<QualysApi, { url: string; from: SettingName } | { missing: string }>;
  credentials: Credentials;
  requestTimeoutMs: number;
  maxConcurrency: number;
  maxAttempts: number;
  /** Largest response body read, in bytes; a larger one fails with `response-too-large`. */
  maxResponseBytes: number;
}

/** Raw values as given: stack config keys (`qualys:token`) and/or environment variables. */
export interface ConfigSources {
  stack?: Record<string, unknown>;
  env?: Record<string, string | undefined>;
}

function raw(sources: ConfigSources, name: SettingName): string | undefined {
  const s = SETTINGS[name];
  const fromStack = sources.stack?.[s.key];
  const stackText =
    typeof fromStack === "string" || typeof fromStack === "number" || typeof fromStack === "boolean" ? String(fromStack).trim() : "";
  if (stackText !== "") return stackText;
  const fromEnv = sources.env?.[s.env];
  if (fromEnv !== undefined && fromEnv.trim() !== "") return fromEnv.trim();
  return undefined;
}

type NumberSettingName = { [K in SettingName]: (typeof SETTINGS)[K] extends NumberSetting ? K : never }[SettingName];

const positiveInt = (name: SettingName, min: number, max: number) =>
  z.coerce
    .number({ error: `${describeSetting(name)} must be a number` })
    .int(`${describeSetting(name)} must be a whole number`)
    .min(min, `${describeSetting(name)} must be at least ${min}`)
    .max(max, `${describeSetting(name)} must be at most ${max}`);

/**
 * Resolve configuration. Throws a `config` QualysError naming the setting when something given is
 * invalid or credentials are missing; URLs missing for an API are reported when that API is used.
 */
export function resolveConfig(sources: ConfigSources): ResolvedConfig {
  const { config, problems } = evaluate(sources);
  if (problems.length > 0) throw configError(problems.join("; "));
  return config;
}

/**
 * Every problem of the effective configuration (stack config, then environment), each naming its
 * stack config key and environment variable; empty when the configuration can serve `needs`.
 * The same rules as `resolveConfig`, collected instead of thrown, so `check` (dynamic resources)
 * and `CheckConfig` (native plugin) can refuse a bad configuration at preview, before any call.
 * `needs`: the APIs the caller will use (a missing URL for one of them is a problem), or "any-api"
 * when it cannot know which (the native plugin's provider configuration): then at least one API
 * must have a URL.
 */
export function configProblems(sources: ConfigSources, needs: readonly QualysApi[] | "any-api" = []): string[] {
  const { config, problems } = evaluate(sources);
  const missing = (api: QualysApi): string | undefined => {
    const u = config.urls[api];
    return "missing" in u ? u.missing : undefined;
  };
  if (needs === "any-api") {
    // Unless every API lacks its URL for a reason already told (an unknown platform).
    if (API_NAMES.every((api) => missing(api) !== undefined) && !API_NAMES.every((api) => problems.includes(missing(api) ?? ""))) {
      problems.push(
        `no Qualys platform: set ${describeSetting("platform")} (one of ${PLATFORM_NAMES.join(", ")}), or the URL of each API used (${API_NAMES.map((a) => `\`${SETTINGS[API_SETTING[a]].key}\``).join(", ")})`,
      );
    }
  } else {
    for (const api of needs) {
      const m = missing(api);
      if (m !== undefined && !problems.includes(m)) problems.push(m);
    }
  }
  return problems;
}

const API_NAMES = ["api", "gateway", "portal"] as const satisfies readonly QualysApi[];
/** The setting that overrides each API's URL. */
export const API_SETTING: Record<QualysApi, SettingName> = { api: "apiUrl", gateway: "gatewayUrl", portal: "portalUrl" };

function evaluate(sources: ConfigSources): { config: ResolvedConfig; problems: string[] } {
  const problems: string[] = [];
  const platformRaw = raw(sources, "platform");
  let platform: Platform | undefined;
  let platformProblem: string | undefined;
  if (platformRaw !== undefined) {
    const upper = platformRaw.toUpperCase();
    if (upper in PLATFORMS) platform = upper as Platform;
    else {
      platformProblem = `${describeSetting("platform")} is "${platformRaw}", which is not a Qualys platform; use one of ${PLATFORM_NAMES.join(", ")}`;
      problems.push(platformProblem);
    }
  }

  const urls = {} as ResolvedConfig["urls"];
  for (const api of API_NAMES) {
    const setting = API_SETTING[api];
    const explicit = raw(sources, setting);
    if (explicit !== undefined) {
      const checked = checkBaseUrl(explicit, setting);
      if ("problem" in checked) {
        problems.push(checked.problem);
        urls[api] = { missing: checked.problem };
      } else urls[api] = { url: checked.url, from: setting };
    } else if (platform) {
      urls[api] = { url: `https://${PLATFORMS[platform][api]}`, from: "platform" };
    } else if (platformProblem) {
      urls[api] = { missing: platformProblem }; // one problem, already told
    } else {
      urls[api] = {
        missing: `no Qualys ${api === "api" ? "API server" : api} URL: set ${describeSetting("platform")}, or ${describeSetting(setting)}`,
      };
    }
  }

  const token = raw(sources, "token");
  const username = raw(sources, "username");
  const password = raw(sources, "password");
  registerSecret(token);
  registerSecret(password);
  let credentials: Credentials = { kind: "token", token: "" };
  if (username !== undefined && password === undefined) {
    problems.push(`${describeSetting("username")} is set but ${describeSetting("password")} is not`);
  } else if (password !== undefined && username === undefined) {
    problems.push(`${describeSetting("password")} is set but ${describeSetting("username")} is not`);
  } else if (token !== undefined && username !== undefined && password !== undefined) {
    credentials = { kind: "token+password", token, username, password };
  } else if (token !== undefined) {
    credentials = { kind: "token", token };
  } else if (username !== undefined && password !== undefined) {
    credentials = { kind: "password", username, password };
  } else {
    problems.push(
      `no Qualys credentials: set ${describeSetting("token")}, or ${describeSetting("username")} and ${describeSetting("password")}`,
    );
  }

  const num = (name: NumberSettingName): number => {
    const { default: dflt, min, max } = SETTINGS[name];
    const v = raw(sources, name);
    if (v === undefined) return dflt;
    const parsed = positiveInt(name, min, max).safeParse(v);
    if (parsed.success) return parsed.data;
    problems.push(parsed.error.issues[0].message);
    return dflt;
  };

  return {
    problems,
    config: {
      platform,
      urls,
      credentials,
      requestTimeoutMs: num("requestTimeoutSeconds") * 1000,
      maxConcurrency: num("maxConcurrency"),
      maxAttempts: num("maxAttempts"),
      maxResponseBytes: num("maxResponseBytes"),
    },
  };
}

/** Base URL for one API, or a config error naming the setting. */
export function baseUrl(config: ResolvedConfig, api: QualysApi): string {
  const u = config.urls[api];
  if ("missing" in u) throw configError(u.missing);
  return u.url;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;

/**
 * Validate and normalise a base URL: https anywhere, plain http only to loopback (the emulator),
 * no credentials, query or fragment in it, no trailing slash.
 */
export function normaliseBaseUrl(value: string, setting: SettingName): string {
  const checked = checkBaseUrl(value, setting);
  if ("problem" in checked) throw configError(checked.problem);
  return checked.url;
}

function checkBaseUrl(value: string, setting: SettingName): { url: string } | { problem: string } {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return {
      problem: `${describeSetting(setting)} is "${value}", which is not a URL (expected e.g. https://qualysapi.qg2.apps.qualys.com)`,
    };
  }
  if (u.username || u.password) {
    return { problem: `${describeSetting(setting)} must not contain credentials; use qualys:token or qualys:username/qualys:password` };
  }
  if (u.search || u.hash) return { problem: `${describeSetting(setting)} must not contain a query or fragment` };
  if (u.protocol === "http:") {
    if (!LOOPBACK.test(u.hostname)) {
      return {
        problem: `${describeSetting(setting)} uses plain http:// to ${u.hostname}; only https:// is allowed except for loopback hosts (the emulator)`,
      };
    }
  } else if (u.protocol !== "https:") {
    return { problem: `${describeSetting(setting)} must be an https:// URL, not ${u.protocol}` };
  }
  return { url: `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, "")}` };
}
