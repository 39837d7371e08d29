/**
 * One place that keeps secrets out of messages.
 *
 * Every secret the provider learns (token, password, NSX password, minted JWT) is registered here
 * the moment it is read, and every message that can leave the process (errors, warnings, notices,
 * check failures, QUALYS_DEBUG lines) passes through `redact`. Errors are built without request
 * bodies or auth headers in the first place; the clients also redact an answer's raw body before
 * they read anything from it for a message (provider/clients/error-body.ts), so that quoting,
 * collapsing whitespace, stripping markup and cutting never act on a secret.
 *
 * A secret is found in whatever escaping it went through (secret-match.ts reads the text rather
 * than listing spellings): raw (`P&ss+w=rd% 1x`); percent-encoded, either hex case
 * (`P%26ss%2Bw%3Drd%25%201x`); form-encoded (`P%26ss%2Bw%3Drd%25+1x`); JSON-escaped (`\"`, `\\`,
 * `\u00fc`); XML and HTML character references, named, decimal or hex (`&amp;`, `&#38;`, `&#x26;`,
 * `&uuml;`), in any mix; and with its whitespace collapsed, or turned into other whitespace. Each
 * span that reads as a secret is replaced by `[REDACTED]`. A quote that is cut never ends in what
 * reads as the start of a secret (`withoutSecretTail`).
 */
import { patternOf, prefixTailStart, spansOf } from "./secret-match";

const secrets = new Set<string>();
/** What is looked for, for every registered secret (secret-match.ts `patternOf`), longest first. */
let patterns: string[] = [];

/** Remember a secret value so that it is scrubbed from every message from now on. */
export function registerSecret(value: string | undefined | null): void {
  // Very short values would scrub innocent text ("a", "1"). Qualys requires passwords of at least
  // 8 characters and tokens are hundreds, so a 4-character floor loses no real secret.
  if (typeof value !== "string" || value.length < 4 || secrets.has(value)) return;
  secrets.add(value);
  const all = new Set(patterns);
  // A server may store or echo a composed character decomposed (`ü` as `u` + U+0308), or the reverse.
  for (const form of [value, value.normalize("NFC"), value.normalize("NFD")]) {
    const p = patternOf(form);
    if (p !== undefined) all.add(p);
  }
  patterns = [...all].sort((a, b) => b.length - a.length);
}

/**
 * Spellings of a secret that tests look for (and the docs list): raw, percent-encoded in either hex
 * case, form-encoded, XML-escaped, JSON-escaped, and with numeric character references. `redact`
 * does not use this list: it reads every mix of these escapes (see the module comment).
 */
export function spellingsOf(value: string): string[] {
  const uri = encodeURIComponent(value);
  const form = new URLSearchParams({ x: value }).toString().slice(2);
  const lowerHex = (s: string) => s.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
  const xml = value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
  const json = JSON.stringify(value).slice(1, -1);
  const numeric = value.replace(/[&<>"'\u0080-\uffff]/g, (c) => `&#${c.charCodeAt(0)};`);
  const out = new Set([value, uri, lowerHex(uri), uri.replace(/%20/g, "+"), form, lowerHex(form), xml, json, numeric]);
  return [...out].filter((s) => s.length >= 4);
}

/**
 * Names of parameters and fields whose value is a credential, wherever they appear: a query or form
 * (`password=`), JSON (`"password": "…"`), XML (`<PASSWORD>…</PASSWORD>`). Not `token`: the token
 * mint sends `token=true`, and tokens are registered (and Bearer-shaped) anyway.
 */
const SECRET_NAMES = "password|passwd|client_secret|access_token";

/** Replace every registered secret (and anything that looks like a credential) in `text`. */
export function redact(text: string): string {
  let out = cutSecrets(text);
  // Credentials that were never registered (e.g. echoed by a server) still have a recognisable shape.
  // A credential after "Bearer"/"Basic" is long and looks encoded (a digit, a symbol or mixed case);
  // plain words ("Basic authentication") are left alone.
  out = out.replace(/(Bearer|Basic)\s+([A-Za-z0-9._~+/=-]{12,})/g, (m, scheme: string, cred: string) =>
    /[0-9._~+/=-]/.test(cred) || (/[a-z]/.test(cred) && /[A-Z]/.test(cred)) ? `${scheme} [REDACTED]` : m,
  );
  // `password=…` runs to the next whitespace, quote or angle bracket, NOT to the next `&`: a server
  // that echoes a password unencoded (`password=NsxR0tated&S3cret+88`) puts the password's own `&` there,
  // and nothing tells it apart from a parameter separator. Losing the parameters that follow the
  // password in a message is the price of never leaving a fragment of it behind.
  out = out.replace(new RegExp(`(\\b(?:${SECRET_NAMES})=)(?!\\[REDACTED\\])[^\\s"'<>]+`, "gi"), "$1[REDACTED]");
  out = out.replace(new RegExp(`("(?:${SECRET_NAMES})"\\s*:\\s*")(?:[^"\\\\]|\\\\.)*"`, "gi"), '$1[REDACTED]"');
  out = out.replace(new RegExp(`(<(${SECRET_NAMES})>)[\\s\\S]*?(</\\2>)`, "gi"), "$1[REDACTED]$3");
  return out;
}

/** `text` with every span that reads as a registered secret replaced by `[REDACTED]`. */
function cutSecrets(text: string): string {
  const spans = spansOf(text, patterns);
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let out = "";
  let at = 0;
  for (const [start, end] of spans) {
    if (end <= at) continue; // inside a span already cut (two secrets overlapping)
    // Whitespace cut out around a secret (it began or ended with some) is given back as one space.
    const lead = start > at && /^[\s+]/.test(text[start]) ? " " : "";
    const trail = /[\s+]$/.test(text[end - 1]) ? " " : "";
    out += `${text.slice(at, Math.max(at, start))}${lead}[REDACTED]${trail}`;
    at = end;
  }
  return out + text.slice(at);
}

/**
 * `text` (the kept part of a cut quote) without a tail that reads as the start of a registered
 * secret, or is cut inside an escape that may be its next character: the cut may have fallen
 * inside a secret that `redact` could not see whole (a server that cut its own echo, a body cut at
 * the size limit). Removing a few characters of a cut quote costs nothing; a fragment of a password
 * would.
 */
export function withoutSecretTail(text: string): string {
  let out = text;
  for (let start = prefixTailStart(out, patterns); start >= 0; start = prefixTailStart(out, patterns)) out = out.slice(0, start);
  return out;
}

/** For tests only: forget every registered secret. */
export function forgetSecretsForTests(): void {
  secrets.clear();
  patterns = [];
}
