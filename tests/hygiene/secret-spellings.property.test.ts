/**
 * No fragment of a secret in any message, whatever spelling a server echoes it in (property-based).
 *
 * Generated secrets hold quotes, backslashes, `&`, `+`, `%`, `=`, entities, non-ASCII (2- and
 * 4-byte UTF-8) and whitespace. A real emulator answers with a body that echoes the secret the way a
 * careless server would: a JSON error (JSON-escaped, ASCII-only or not, `\/`), a Qualys XML
 * SIMPLE_RETURN and an HTML error page (character references named, decimal and hex, mixed, with
 * only some characters escaped), a form (percent-encoded in either hex case, `+` for spaces, some
 * characters left raw), either of the last two escaped twice, or plain text with its whitespace
 * collapsed or changed. Padding puts the
 * secret across the 300-character edge of the quote in many cases. The answer comes to an NSX
 * create, update or read (the NSX password) or to the token mint (the Qualys login password), and
 * each case runs through the dynamic bridge (`dynamicProvider`, errors via `surface`) and the native
 * plugin (its gRPC service, in process).
 *
 * A leak is any 4 characters in a row of any spelling of the secret (the one the server used, the
 * others `spellingsOf` lists, each also with its whitespace collapsed) found in a message, unless
 * those 4 characters are also in the same message built around `[REDACTED]` instead of the secret
 * (the message's own words, the padding). Any longer fragment contains such a 4-character one.
 */
import * as grpc from "@grpc/grpc-js";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import type * as pulumi from "@pulumi/pulumi";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import fc from "fast-check";
import { faultReply } from "../../emulator/faults";
import { serve } from "../../provider/native/server";
import { forgetSecretsForTests, spellingsOf } from "../../provider/shared/redact";
import { emulatorEnv, useHarness } from "../helpers/provider-harness";
import nsx = require("../../provider/dynamic/nsx-auth-record");
import serviceAccount = require("../../provider/dynamic/service-account");

jest.setTimeout(120_000);
const H = useHarness();

/** Fixed seeds: the same cases on every run. `RUNS` cases per seed. */
const SEEDS = [16, 2026, 314159, 8080];
const RUNS = Number(process.env.PROP_RUNS ?? 40);

// ---- the secrets ---------------------------------------------------------------------------------

const PIECES = [
  '"',
  "\\",
  "&",
  "+",
  "%",
  "=",
  "'",
  "<",
  ">",
  "/",
  ";",
  "#",
  "&#38;",
  "&amp;",
  "&uuml;",
  "&#x26;",
  "%41",
  "%2B",
  "\\u0041",
  "\\n",
  "ü",
  "é",
  "€",
  "ß",
  "Ω",
  "😀",
  " ",
  "  ",
  "\t",
  "\n",
  " \t ",
];
const ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
const secretArb = fc
  .array(fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...PIECES) }, { weight: 3, arbitrary: fc.constantFrom(...ALNUM.split("")) }), {
    minLength: 8,
    maxLength: 22,
  })
  .map((parts) => parts.join(""))
  .filter((s) => s.replace(/\s+/g, " ").trim().length >= 8);

// ---- how a server escapes it ---------------------------------------------------------------------

type Choice = number[]; // one number in [0, 1) per character of the secret: which escape to use

const hex = (n: number, upper: boolean) => (upper ? n.toString(16).toUpperCase() : n.toString(16));
const HTML_NAMED: Record<string, string> = {
  "&": "amp",
  "<": "lt",
  ">": "gt",
  '"': "quot",
  "'": "apos",
  ü: "uuml",
  é: "eacute",
  "€": "euro",
  ß: "szlig",
  Ω: "Omega",
  " ": "nbsp",
};

function chars(s: string): string[] {
  return [...s]; // code points: an emoji is one character to escape
}

/** Character references, a mix of named, decimal and hex; `<` and `&` always escaped, others sometimes. */
function entities(s: string, choice: Choice, html: boolean): string {
  return chars(s)
    .map((c, i) => {
      const r = choice[i % choice.length];
      const must = c === "<" || c === "&";
      const cp = c.codePointAt(0)!;
      if (!must && r < 0.35) return c;
      if (r < 0.55 && HTML_NAMED[c] && (html || ["&", "<", ">", '"', "'"].includes(c)) && c !== " ") return `&${HTML_NAMED[c]};`;
      if (r < 0.75) return `&#${cp};`;
      if (!must && /[A-Za-z0-9]/.test(c) && r < 0.8) return c;
      return `&#${r < 0.9 ? "x" : "X"}${hex(cp, r > 0.85)};`;
    })
    .join("");
}

/** JSON string content: the escapes JSON needs, other characters sometimes as `\uXXXX` (ASCII-only encoders), `/` as `\/`. */
function jsonEscaped(s: string, choice: Choice, asciiOnly: boolean): string {
  const u4 = (u: number, r: number) => `\\u${hex(u, r < 0.6).padStart(4, "0")}`;
  return s
    .split("")
    .map((c, i) => {
      const r = choice[i % choice.length];
      const u = c.charCodeAt(0);
      if (c === '"' || c === "\\") return r < 0.8 ? `\\${c}` : u4(u, r);
      if (c === "/") return r < 0.5 ? "\\/" : c;
      if (u < 0x20) return r < 0.5 ? JSON.stringify(c).slice(1, -1) : u4(u, r);
      if (u > 0x7e && (asciiOnly || r < 0.3)) return u4(u, r);
      if (r < 0.1) return u4(u, r);
      return c;
    })
    .join("");
}

/** Percent-encoding as forms do, with hex in either case, `+` or `%20` for a space, some characters left raw. */
function percentEncoded(s: string, choice: Choice): string {
  return chars(s)
    .map((c, i) => {
      const r = choice[i % choice.length];
      if (c === " ") return r < 0.5 ? "+" : "%20";
      const enc = encodeURIComponent(c);
      if (enc === c) return r < 0.15 ? `%${hex(c.charCodeAt(0), true).padStart(2, "0")}` : c;
      return r < 0.5 ? enc : enc.toLowerCase().replace(/^%/, "%");
    })
    .join("");
}

type Kind = "json" | "xml" | "html" | "form" | "text";

interface Body {
  body: string;
  contentType: string;
  /** What the server wrote for the secret. */
  spelled: string;
}

const FILLER = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor ";

function body(kind: Kind, secret: string, choice: Choice, pad: number, variant: number): Body {
  const padding = FILLER.repeat(8).slice(0, pad);
  switch (kind) {
    case "json": {
      const spelled = jsonEscaped(secret, choice, variant % 2 === 0);
      const doc = `{"timestamp":"2026-12-07T10:00:00Z","status":400,"error":"Bad Request","message":"${padding} value \\"${spelled}\\" refused","path":"/x"}`;
      return { body: doc, contentType: "application/json", spelled };
    }
    case "xml": {
      const spelled = entities(secret, choice, false);
      const doc = `<?xml version="1.0" encoding="UTF-8" ?>\n<SIMPLE_RETURN>\n  <RESPONSE>\n    <CODE>1905</CODE>\n    <TEXT>${padding} parameter password has invalid value ${spelled}</TEXT>\n  </RESPONSE>\n</SIMPLE_RETURN>\n`;
      return { body: doc, contentType: "text/xml; charset=UTF-8", spelled };
    }
    case "html": {
      // Variant 3: escaped twice (a page that escapes text it got already escaped).
      const once = entities(secret, choice, true);
      const spelled = variant === 3 ? once.replace(/&/g, "&amp;") : once;
      const doc = `<!DOCTYPE html>\n<html><head><title>400 Bad Request</title><style>p { color: red }</style></head>\n<body><h1>Bad Request</h1>\n<p>${padding}</p><p>The value <b>${spelled}</b> is not allowed.</p></body></html>`;
      return { body: doc, contentType: "text/html; charset=UTF-8", spelled };
    }
    case "form": {
      // Variant 3: percent-encoded twice (a URL-encoded value encoded again as a parameter).
      const once = percentEncoded(secret, choice);
      const spelled = variant === 3 ? encodeURIComponent(once) : once;
      return {
        body: `error=invalid_value&detail=${padding.replace(/ /g, "+")}&password=${spelled}&x=1`,
        contentType: "application/x-www-form-urlencoded",
        spelled,
      };
    }
    case "text": {
      // A server that reflowed the text: whitespace runs collapsed, or turned into other whitespace.
      const spelled = variant % 2 === 0 ? secret.replace(/\s+/g, " ") : secret.replace(/\s+/g, (m) => (m.length > 1 ? "\n" : "\t"));
      return { body: `${padding}\nrefused: ${spelled}\n`, contentType: "text/plain; charset=UTF-8", spelled };
    }
  }
}

// ---- the routes a message comes from -------------------------------------------------------------

type Route = "nsx-create" | "nsx-update" | "nsx-read" | "auth-mint";
const NSX_PATH = "/api/3.0/fo/auth/nsx/";
const nsxInputs = (title: string, password: string) => ({ title, ips: ["10.20.0.10"], username: "svc-qualys", password });

interface Fault {
  path: string;
  action?: string;
  status: number;
  body: string;
  contentType: string;
}

function faultFor(route: Route, b: Body): Fault {
  const base = { status: route === "auth-mint" ? 401 : 400, body: b.body, contentType: b.contentType };
  if (route === "auth-mint") return { ...base, path: "/auth" };
  return { ...base, path: NSX_PATH, action: route === "nsx-create" ? "create" : route === "nsx-update" ? "update" : "list" };
}

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    const err = e as Error & { details?: string };
    return `${String(err)}\n${err.stack ?? ""}\n${err.details ?? ""}\n${JSON.stringify((e as { reasons?: unknown }).reasons ?? [])}`;
  }
  throw new Error("expected a failure");
}

let caseNo = 0;

/** The dynamic bridge: check → create (→ update | read), the fault on the last call. */
async function viaDynamic(route: Route, secret: string, fault: Fault): Promise<string> {
  const env = emulatorEnv(H.emu);
  const title = `prop ${++caseNo}`;
  if (route === "auth-mint") {
    const stack: Record<string, string> = {
      "qualys:gatewayUrl": env.QUALYS_GATEWAY_URL,
      "qualys:apiUrl": env.QUALYS_API_URL,
      "qualys:username": "acme_user",
      "qualys:password": secret,
    };
    await serviceAccount.configure!({ config: { get: (k: string) => stack[k] } } as unknown as pulumi.dynamic.ConfigureRequest);
    const checked = await serviceAccount.check!({}, { accountId: `prop-mint-${caseNo}`, cloudType: "GCP", regions: ["us-east1"] });
    H.emu.injectFault(fault);
    return failure(serviceAccount.create(checked.inputs));
  }
  const stack: Record<string, string> = { "qualys:apiUrl": env.QUALYS_API_URL, "qualys:token": env.QUALYS_TOKEN };
  await nsx.configure!({ config: { get: (k: string) => stack[k] } } as unknown as pulumi.dynamic.ConfigureRequest);
  if (route === "nsx-create") {
    const checked = await nsx.check!({}, nsxInputs(title, secret));
    H.emu.injectFault(fault);
    return failure(nsx.create(checked.inputs));
  }
  const first = await nsx.check!({}, nsxInputs(title, route === "nsx-update" ? "Harmless-Pa55word" : secret));
  const created = await nsx.create(first.inputs);
  if (route === "nsx-update") {
    const next = await nsx.check!(created.outs, nsxInputs(title, secret));
    H.emu.injectFault(fault);
    return failure(nsx.update!(created.id, created.outs, next.inputs));
  }
  H.emu.injectFault(fault);
  return failure(nsx.read!(created.id, created.outs));
}

// The native plugin's gRPC service in this process (the CLI round trip is in tests/e2e).
let server: grpc.Server;
let client: provrpc.ResourceProviderClient;
type Unary = (req: unknown, cb: (e: grpc.ServiceError | null, r: unknown) => void) => unknown;
function rpc<Res = unknown>(fn: unknown, req: unknown): Promise<Res> {
  return new Promise((resolve, reject) => (fn as Unary).call(client, req, (e, r) => (e ? reject(e) : resolve(r as Res))));
}
const struct = (o: object) => structproto.Struct.fromJavaScript(o as Record<string, structproto.JavaScriptValue>);
const urn = (type: string) => `urn:pulumi:dev::p::qualys:index:${type}::r`;
/** The engine unwraps secrets before Create/Update (acceptSecrets=false). */
function plain(s: structproto.Struct | undefined): Record<string, unknown> {
  const o = s!.toJavaScript();
  for (const [k, v] of Object.entries(o))
    if (v && typeof v === "object" && "value" in v) o[k] = (v as { value: structproto.JavaScriptValue }).value;
  return o;
}

async function nativeConfigure(vars: Record<string, string>): Promise<void> {
  const req = new provproto.ConfigureRequest();
  for (const [k, v] of Object.entries(vars)) req.getVariablesMap().set(`qualys:config:${k}`, v);
  await rpc(client.configure, req);
}

async function nativeCheck(type: string, olds: object, news: object): Promise<Record<string, unknown>> {
  const r = await rpc<provproto.CheckResponse>(
    client.check,
    new provproto.CheckRequest().setUrn(urn(type)).setOlds(struct(olds)).setNews(struct(news)),
  );
  return plain(r.getInputs());
}

async function viaNative(route: Route, secret: string, fault: Fault): Promise<string> {
  const url = H.emu.url;
  const title = `prop ${++caseNo}`;
  if (route === "auth-mint") {
    await nativeConfigure({ apiUrl: url, gatewayUrl: url, portalUrl: url, username: "acme_user", password: secret });
    const inputs = await nativeCheck("ServiceAccount", {}, { accountId: `prop-mint-${caseNo}`, cloudType: "GCP", regions: ["us-east1"] });
    H.emu.injectFault(fault);
    return failure(rpc(client.create, new provproto.CreateRequest().setUrn(urn("ServiceAccount")).setProperties(struct(inputs))));
  }
  await nativeConfigure({ apiUrl: url, gatewayUrl: url, portalUrl: url, token: "emulator-token-acme" });
  if (route === "nsx-create") {
    const inputs = await nativeCheck("NsxAuthRecord", {}, nsxInputs(title, secret));
    H.emu.injectFault(fault);
    return failure(rpc(client.create, new provproto.CreateRequest().setUrn(urn("NsxAuthRecord")).setProperties(struct(inputs))));
  }
  const first = await nativeCheck("NsxAuthRecord", {}, nsxInputs(title, route === "nsx-update" ? "Harmless-Pa55word" : secret));
  const created = await rpc<provproto.CreateResponse>(
    client.create,
    new provproto.CreateRequest().setUrn(urn("NsxAuthRecord")).setProperties(struct(first)),
  );
  const outs = plain(created.getProperties());
  if (route === "nsx-update") {
    const news = await nativeCheck("NsxAuthRecord", outs, nsxInputs(title, secret));
    H.emu.injectFault(fault);
    return failure(
      rpc(
        client.update,
        new provproto.UpdateRequest().setUrn(urn("NsxAuthRecord")).setId(created.getId()).setOlds(struct(outs)).setNews(struct(news)),
      ),
    );
  }
  H.emu.injectFault(fault);
  return failure(
    rpc(client.read, new provproto.ReadRequest().setUrn(urn("NsxAuthRecord")).setId(created.getId()).setProperties(struct(outs))),
  );
}

// ---- the check -----------------------------------------------------------------------------------

/** Every 4 characters in a row of every spelling of the secret, whitespace collapsed or not. */
function fragments(secret: string, spelled: string): Set<string> {
  const out = new Set<string>();
  for (const s of [spelled, ...spellingsOf(secret)]) {
    for (const form of [s, s.replace(/\s+/g, " ")]) for (let i = 0; i + 4 <= form.length; i++) out.add(form.slice(i, i + 4));
  }
  return out;
}

function leaks(message: string, baseline: string, secret: string, spelled: string): string[] {
  return [...fragments(secret, spelled)].filter((f) => message.includes(f) && !baseline.includes(f));
}

beforeAll(async () => {
  const s = await serve({ fallbackSink: () => undefined });
  server = s.server;
  client = new provrpc.ResourceProviderClient(`127.0.0.1:${s.port}`, grpc.credentials.createInsecure());
});
afterAll(() => {
  client.close();
  server.forceShutdown();
});

test("an echo fault answers with the given body and content type, in place of the API's error document", () => {
  const r = faultReply({ status: 400, body: "<p>x &amp; y</p>", contentType: "text/html; charset=UTF-8" }, "xml");
  expect(r).toEqual({ status: 400, headers: { "content-type": "text/html; charset=UTF-8" }, body: "<p>x &amp; y</p>" });
  expect(() => H.emu.injectFault({ body: "x" })).toThrow(/body needs a status/);
});

test("no fragment of a secret, in any spelling a server echoes it in, reaches a message (dynamic bridge and native plugin)", async () => {
  const caseArb = fc.record({
    secret: secretArb,
    kind: fc.constantFrom<Kind>("json", "xml", "html", "form", "text"),
    // Weighted by cost: an update or a read needs a create first.
    route: fc.oneof(
      { weight: 4, arbitrary: fc.constant<Route>("nsx-create") },
      { weight: 3, arbitrary: fc.constant<Route>("auth-mint") },
      { weight: 1, arbitrary: fc.constant<Route>("nsx-update") },
      { weight: 1, arbitrary: fc.constant<Route>("nsx-read") },
    ),
    choice: fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 12 }),
    // Mostly around the 300-character edge of the quote, so the cut falls inside the secret's spelling.
    pad: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 180, max: 300 })),
    variant: fc.nat(3),
  });
  const failures: string[] = [];
  let cases = 0;
  const kinds: Record<string, number> = {};
  const times: Record<string, number> = {};
  for (const seed of SEEDS) {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        forgetSecretsForTests();
        cases++;
        kinds[`${c.kind}/${c.route}`] = (kinds[`${c.kind}/${c.route}`] ?? 0) + 1;
        const t0 = Date.now();
        const b = body(c.kind, c.secret, c.choice, c.pad, c.variant);
        const dyn = await viaDynamic(c.route, c.secret, faultFor(c.route, b));
        const nat = await viaNative(c.route, c.secret, faultFor(c.route, b));
        for (const [path, message, via] of [
          ["dynamic", dyn, viaDynamic],
          ["native", nat, viaNative],
        ] as const) {
          let found = leaks(message, "", c.secret, b.spelled);
          if (found.length === 0) continue;
          // Only then: the message as it should be, the same answer with [REDACTED] where the secret
          // was, whose own 4-character runs (its words, the padding) are no leak.
          const baseline = await via(c.route, "Neutral-Pa55word", faultFor(c.route, body(c.kind, "[REDACTED]", [0.1], c.pad, c.variant)));
          found = leaks(message, baseline, c.secret, b.spelled);
          if (found.length > 0) {
            failures.push(
              `${path} ${c.route} ${c.kind}: secret ${JSON.stringify(c.secret)} spelled ${JSON.stringify(b.spelled)} leaked ${JSON.stringify(found)} in:\n${message}`,
            );
          }
        }
        H.emu.faults.clear();
        times[c.route] = (times[c.route] ?? 0) + Date.now() - t0;
      }),
      { seed, numRuns: RUNS, endOnFailure: true },
    );
  }
  console.log(
    `secret spellings property: ${cases} cases (seeds ${SEEDS.join(", ")}; ${RUNS} each), each through the dynamic bridge and the native plugin; ` +
      `messages with a fragment: ${failures.length}; cases by body/route: ${JSON.stringify(kinds)}; ms by route: ${JSON.stringify(times)}`,
  );
  expect(failures.slice(0, 3)).toEqual([]);
  expect(cases).toBe(SEEDS.length * RUNS);
});
