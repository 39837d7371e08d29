/**
 * One place that keeps secrets out of messages.
 *
 * Every secret the provider learns (token, password, minted JWT) is registered here the moment it
 * is read, and every message that can leave the process (errors, warnings, notices) passes through
 * `redact`. Errors are built without request bodies or auth headers in the first place; this is the
 * second line of defence for the cases nobody thought of (a server echoing a password back).
 */
const secrets = new Set<string>();

/** Remember a secret value so that it is scrubbed from every message from now on. */
export function registerSecret(value: string | undefined | null): void {
  // Very short values would scrub innocent text ("a", "1"). Qualys requires passwords of at least
  // 8 characters and tokens are hundreds, so a 4-character floor loses no real secret.
  if (typeof value === "string" && value.length >= 4) secrets.add(value);
}

/** Replace every registered secret (and anything that looks like a bearer/basic credential) in `text`. */
export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join("[REDACTED]");
  }
  // Credentials that were never registered (e.g. echoed by a server) still have a recognisable shape.
  // A credential after "Bearer"/"Basic" is long and looks encoded (a digit, a symbol or mixed case);
  // plain words ("Basic authentication") are left alone.
  out = out.replace(/(Bearer|Basic)\s+([A-Za-z0-9._~+/=-]{12,})/g, (m, scheme: string, cred: string) =>
    /[0-9._~+/=-]/.test(cred) || (/[a-z]/.test(cred) && /[A-Z]/.test(cred)) ? `${scheme} [REDACTED]` : m,
  );
  out = out.replace(/(password=)[^&\s]+/gi, "$1[REDACTED]");
  return out;
}

/** For tests only: forget every registered secret. */
export function forgetSecretsForTests(): void {
  secrets.clear();
}
