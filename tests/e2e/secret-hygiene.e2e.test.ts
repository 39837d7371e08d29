/**
 * Secrets in CLI output and credentials in state, end to end: the real Pulumi CLI runs
 * examples/nsx-secret-hygiene against the emulator.
 *
 *  - An NSX password that fails a rule at preview, passed as plain config (NOT secret), appears in no
 *    output: the engine prints `property password value {…}` for a failing top-level property, so the
 *    provider reports it without a property (shared/check.ts outgoingFailures).
 *  - A refused Qualys password with QUALYS_DEBUG=1: neither the error nor the debug log carries it.
 *  - Credential rotation (docs/credentials.md): `refresh` uses the credentials stored in the state of
 *    the default provider until the program runs; `refresh --run-program` (or `up`) uses the new ones.
 *  - An NSX password with `"`, `\`, `&#38;`, `ü`, `'`, `&`, `+`, `%` and spaces, echoed by the server
 *    JSON-escaped in an error and HTML-escaped from an HTML error page: no 4 characters in a row of
 *    any of its spellings in the CLI output or the state, through the Node.js SDK (dynamic provider)
 *    and through the native plugin (a YAML program).
 * The secret has `&`, `+`, `=`, `%` and a space, and is looked for in each of its spellings.
 */
import { spellingsOf } from "../../provider/shared/redact";
import { nativeProject } from "../helpers/native";
import { capture, failureText, type E2EStack, useE2E } from "../helpers/pulumi";

const E = useE2E(240_000);

const HOSTILE = "P&ss+w=rd% 1x";
const NSX_PASSWORD = "E2e-Nsx-Pa55word-1";

function everything(s: E2EStack, error: string): string {
  return `${s.transcript.join("")}\n${error}`;
}

function expectNoSpelling(text: string, secret: string): void {
  for (const spelling of spellingsOf(secret)) expect(text).not.toContain(spelling);
}

test("an NSX password failing a rule, passed plain, is in no preview output; the failure names the field and rule; 0 API calls", async () => {
  const s = await E.stack("nsx-secret-hygiene", {
    config: {
      "qualys-nsx-secret-hygiene:loginType": { value: "vault" },
      "qualys-nsx-secret-hygiene:password": { value: HOSTILE }, // plain, on purpose
    },
  });
  E.emu.resetCalls();
  const error = await failureText(s.stack.preview(capture(s)));
  const out = everything(s, error);
  expect(out).toMatch(/NsxAuthRecord resource 'nsx' has a problem: password is only allowed when loginType is basic/);
  expect(out).not.toMatch(/property password value/);
  expectNoSpelling(out, HOSTILE);
  expect(E.emu.totalCalls()).toBe(0);
});

test("a refused Qualys password (QUALYS_DEBUG=1): in no error, log or CLI output, in any spelling", async () => {
  const s = await E.stack("nsx-secret-hygiene", {
    env: { QUALYS_DEBUG: "1" },
    qualysConfig: {
      "qualys:token": { value: "", secret: true },
      "qualys:username": { value: "acme_user" },
      "qualys:password": { value: HOSTILE, secret: true },
    },
    config: { "qualys-nsx-secret-hygiene:password": { value: NSX_PASSWORD, secret: true } },
  });
  const error = await failureText(s.stack.up(capture(s)));
  const out = everything(s, error);
  // NSX calls use Basic when a password is configured: refused, and logged by QUALYS_DEBUG.
  expect(out).toMatch(/\[qualys\] NSX auth record create attempt 1: HTTP 401/);
  expect(out).toMatch(/credentials were refused/);
  expectNoSpelling(out, HOSTILE);
  expectNoSpelling(out, NSX_PASSWORD);
  expectNoSpelling(s.stateFileText(), HOSTILE);
});

/** The password: a quote, a backslash, a character reference, ü, an apostrophe, &, +, % and spaces. */
const ECHOED = `Kx9Wq7"Lm4 Rt5\\Zp2&#38;Nc8ü'Yv3&Qj6+Hb2%Fd7 Gs`;

/** Every 4 characters in a row of every spelling of `secret` (and of `more`), whitespace collapsed or not. */
function fragmentsOf(secret: string, more: string[]): string[] {
  const out = new Set<string>();
  for (const s of [...spellingsOf(secret), ...more])
    for (const form of [s, s.replace(/\s+/g, " ")]) for (let i = 0; i + 4 <= form.length; i++) out.add(form.slice(i, i + 4));
  return [...out];
}

const NSX_PATH = "/api/3.0/fo/auth/nsx/";
const ECHOED_JSON = JSON.stringify(ECHOED).slice(1, -1).replace(/ü/g, "\\u00fc");
const ECHOED_HTML = ECHOED.replace(/&/g, "&amp;")
  .replace(/"/g, "&quot;")
  .replace(/'/g, "&#39;")
  .replace(/ü/g, "&uuml;")
  .replace(/ /g, "&#x20;");

/** The next NSX create is answered with a JSON error echoing the password JSON-escaped. */
function echoJson(): void {
  E.emu.injectFault({
    path: NSX_PATH,
    action: "create",
    status: 400,
    contentType: "application/json",
    body: `{"timestamp":"2026-12-07T10:00:00Z","status":400,"error":"Bad Request","message":"value \\"${ECHOED_JSON}\\" refused","path":"${NSX_PATH}"}`,
  });
}

/** The next NSX create is answered with an HTML error page echoing the password HTML-escaped. */
function echoHtml(): void {
  E.emu.injectFault({
    path: NSX_PATH,
    action: "create",
    status: 400,
    contentType: "text/html; charset=UTF-8",
    body: `<!DOCTYPE html><html><head><title>400 Bad Request</title></head><body><h1>Bad Request</h1><p>The value <b>${ECHOED_HTML}</b>\n could not be passed on.</p></body></html>`,
  });
}

const JSON_SAID = /NSX auth record create failed \(HTTP 400\): Qualys said: .*value \\?"\[REDACTED\]\\?" refused/;
const HTML_SAID = /Qualys said: "400 Bad Request Bad Request The value \[REDACTED\] could not be passed on\."/;

/** The 4-character runs of any spelling of the echoed password found in `texts`. */
function fragmentsIn(...texts: string[]): string[] {
  return fragmentsOf(ECHOED, [ECHOED_JSON, ECHOED_HTML]).filter((f) => texts.some((t) => t.includes(f)));
}

test("an NSX password echoed JSON-escaped in an error and HTML-escaped from an error page: no fragment in CLI output or state", async () => {
  const s = await E.stack("nsx-secret-hygiene", {
    config: { "qualys-nsx-secret-hygiene:password": { value: ECHOED, secret: true } },
  });
  echoJson();
  const first = await failureText(s.stack.up(capture(s)));
  expect(first).toMatch(JSON_SAID);
  echoHtml();
  const second = await failureText(s.stack.up(capture(s)));
  expect(second).toMatch(HTML_SAID);
  expect(fragmentsIn(everything(s, `${first}\n${second}`), s.stateFileText())).toEqual([]);
});

test("the same echoes through the native plugin (a YAML program): no fragment in CLI output or state", async () => {
  const p = await nativeProject(
    E.emu.url,
    {
      yaml: [
        "name: qualys-secret-echo",
        "runtime: yaml",
        "config:",
        "  nsxPassword:",
        "    type: string",
        "    secret: true",
        "resources:",
        "  nsx:",
        "    type: qualys:index:NsxAuthRecord",
        "    properties:",
        "      title: NSX secret echo (YAML)",
        "      ips: [10.40.0.20]",
        "      username: svc-qualys-nsx",
        "      password: ${nsxPassword}",
        "",
      ].join("\n"),
    },
    { nsxPassword: { value: ECHOED, secret: true } },
  );
  try {
    echoJson();
    const first = await p.pulumi(["up", "--yes"], { allowFailure: true });
    expect(first.code).not.toBe(0);
    expect(first.out).toMatch(JSON_SAID);
    echoHtml();
    const second = await p.pulumi(["up", "--yes"], { allowFailure: true });
    expect(second.out).toMatch(HTML_SAID);
    expect(fragmentsIn(p.transcript.join("\n"), p.stateFileText())).toEqual([]);
  } finally {
    p.cleanup();
  }
});

test("token rotation: refresh keeps the stored token (refused), refresh --run-program uses the new one", async () => {
  const OLD = "rotation-token-old-0123456789";
  const NEW = "rotation-token-new-9876543210";
  await fetch(`${E.emu.url}/__emulator/tenants/acme/tokens/rotate`, { method: "POST", body: JSON.stringify({ add: OLD }) });
  const s = await E.stack("nsx-secret-hygiene", {
    qualysConfig: { "qualys:token": { value: OLD, secret: true } },
    config: { "qualys-nsx-secret-hygiene:password": { value: NSX_PASSWORD, secret: true } },
  });
  expect((await s.stack.up(capture(s))).summary.result).toBe("succeeded");
  // The token is in the state of the default pulumi-nodejs provider, encrypted, never in clear.
  const state = s.stateFileText();
  expect(state.includes(OLD)).toBe(false);
  expect(state.includes('"type":"pulumi:providers:pulumi-nodejs"')).toBe(true);
  expect(/"qualys:token":\{"4dabf18193072939515e22adb298388d":"1b47061264138c4ac30d75fd1eb44270","ciphertext":"v1:/.test(state)).toBe(true);

  // Rotate: the tenant accepts only the new token from now on; the stack config gets it.
  await fetch(`${E.emu.url}/__emulator/tenants/acme/tokens/rotate`, { method: "POST", body: JSON.stringify({ add: NEW, revoke: OLD }) });
  await s.setConfig({ "qualys:token": { value: NEW, secret: true } });

  // A plain refresh does not run the program: the provider is configured from state, i.e. the OLD token.
  const refused = await failureText(s.stack.refresh(capture(s)));
  expect(refused).toMatch(/HTTP 401|credentials were refused/);
  expectNoSpelling(everything(s, refused), OLD);

  // The documented path: --run-program configures the provider from the program's (new) config.
  E.emu.resetCalls();
  const refreshed = await s.stack.refresh({ runProgram: true, ...capture(s) });
  expect(refreshed.summary.result).toBe("succeeded");
  expect(E.emu.totalCalls()).toBeGreaterThan(0);
  // (`up` would do as well; it also stores the new token, after which a plain refresh works again.)
  expect(s.stateFileText().includes(NEW)).toBe(false);
  expectNoSpelling(s.transcript.join(""), NEW);
});
