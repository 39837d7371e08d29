/**
 * One place that keeps secrets out of messages.
 *
 * Every secret the provider learns (token, password, NSX password, minted JWT) is registered here
 * the moment it is read, and every message that can leave the process (errors, warnings, notices,
 * check failures, QUALYS_DEBUG lines) passes through `redact`. Errors are built without request
 * bodies or auth headers in the first place; this is the second line of defence for the cases nobody
 * thought of (a server echoing a password back, in whatever encoding it received it).
 *
 * A secret is scrubbed in every spelling it can take on the way to Qualys and back:
 *  - raw (`P&ss+w=rd% 1x`);
 *  - percent-encoded by `encodeURIComponent` (`P%26ss%2Bw%3Drd%25%201x`), upper- or lower-case hex;
 *  - form-encoded by `URLSearchParams` (`P%26ss%2Bw%3Drd%25+1x`: `+` for a space, and a few more
 *    characters escaped than encodeURIComponent does);
 *  - XML-escaped (`P&amp;ss+w=rd% 1x`), as an XML error page quoting it would print it.
 * Longer spellings are replaced first, so one spelling never leaves a fragment of another behind.
 */
const secrets = new Set<string>();
/** Every spelling of every registered secret, longest first (rebuilt on registration). */
let spellings: string[] = [];

/** Remember a secret value so that it is scrubbed from every message from now on. */
export function registerSecret(value: string | undefined | null): void {
  // Very short values would scrub innocent text ("a", "1"). Qualys requires passwords of at least
  // 8 characters and tokens are hundreds, so a 4-character floor loses no real secret.
  if (typeof value !== "string" || value.length < 4 || secrets.has(value)) return;
  secrets.add(value);
  const all = new Set(spellings);
  for (const s of spellingsOf(value)) all.add(s);
  spellings = [...all].sort((a, b) => b.length - a.length);
}

/** The encodings a secret can appear in (see the module comment). */
export function spellingsOf(value: string): string[] {
  const uri = encodeURIComponent(value);
  const form = new URLSearchParams({ x: value }).toString().slice(2);
  const lowerHex = (s: string) => s.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
  const xml = value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
  const out = new Set([value, uri, lowerHex(uri), uri.replace(/%20/g, "+"), form, lowerHex(form), xml]);
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
  let out = text;
  for (const s of spellings) {
    if (out.includes(s)) out = out.split(s).join("[REDACTED]");
  }
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

/** For tests only: forget every registered secret. */
export function forgetSecretsForTests(): void {
  secrets.clear();
  spellings = [];
}
