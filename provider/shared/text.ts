/**
 * The rules for free text and identifiers in inputs: which characters Qualys can store and give
 * back unchanged. One home for them, used by every resource schema, so that no accepted input can
 * drift (read back different from what state holds) and no id can change the path it is put in.
 *
 * Why: Qualys returns these values in XML or JSON. XML cannot carry most control characters at all,
 * and it normalises line ends on read (CRLF and a lone CR become LF), so `"a\r\nb"` was stored as sent
 * and read back as `"a\nb"`, and every refresh from then on reported drift.
 *
 *  - Single-line text (titles, user names, names, ids): no control character at all, TAB included
 *    (C0 U+0000–U+001F, DEL U+007F, C1 U+0080–U+009F). A tab is invisible in the Qualys UI and in a
 *    plan, and XML attribute normalisation would turn it into a space; nobody means one in a title.
 *  - Multi-line text (NSX comments, scan notification messages): LF and TAB are kept (XML element
 *    text carries both unchanged); CRLF and a lone CR are normalised to LF, exactly as an XML reader
 *    normalises them, so state holds what Qualys gives back; every other control character is refused.
 *  - Account ids go into URL paths (`/service-accounts/{accountId}`): anything that changes the path
 *    (`.` and `..` segments, `/`, `?`, `#`, `%`, `\`, whitespace) is refused. `..` was accepted, its
 *    read URL collapsed to the collection, answered 404, and refresh dropped the account from state.
 */
import { z } from "zod";

// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LF_TAB = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** The rule a single-line value broke, or undefined. */
export function singleLineError(s: string): string | undefined {
  const m = ANY_CONTROL.exec(s);
  if (!m) return undefined;
  return `must not contain control characters (found ${describeChar(m[0])} at position ${m.index + 1}; tab, CR, LF and NUL included): Qualys stores one line of plain text and would give back something else`;
}

/** CRLF and lone CR → LF, as an XML reader does. */
export function normaliseLineEnds(s: string): string {
  return s.replace(/\r\n?/g, "\n");
}

/** The rule a multi-line value (after line-end normalisation) broke, or undefined. */
export function multiLineError(s: string): string | undefined {
  const m = CONTROL_BUT_LF_TAB.exec(s);
  if (!m) return undefined;
  return `must not contain control characters other than line breaks and tabs (found ${describeChar(m[0])} at position ${m.index + 1})`;
}

function describeChar(c: string): string {
  const names: Record<string, string> = { "\t": "TAB", "\n": "LF", "\r": "CR", "\u0000": "NUL", "\u007f": "DEL" };
  return names[c] ?? `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * A single-line string. `label` prefixes the message ("title must not…"); the GCP job schema, whose
 * messages leave the property to the path, passes "".
 */
export function singleLineString(label: string, typeError = `${label} must be a string`.trim()) {
  return z.string({ error: typeError }).superRefine((s, ctx) => {
    const err = singleLineError(s);
    if (err) ctx.addIssue({ code: "custom", message: label ? `${label} ${err}` : err, input: s });
  });
}

/** A multi-line string, line ends normalised to LF (see the module comment). */
export function multiLineString(label: string, typeError = `${label} must be a string`.trim()) {
  return z
    .string({ error: typeError })
    .transform(normaliseLineEnds)
    .superRefine((s, ctx) => {
      const err = multiLineError(s);
      if (err) ctx.addIssue({ code: "custom", message: label ? `${label} ${err}` : err, input: s });
    });
}

/** The rule a path-unsafe account id broke, or undefined. */
export function pathSafeIdError(s: string): string | undefined {
  if (s === "." || s === "..") return `must not be "${s}" (it would change the URL path the account is read and deleted at)`;
  const bad = /[/?#%\\\s]/.exec(s);
  if (bad) {
    const what = /\s/.test(bad[0]) ? "whitespace" : `"${bad[0]}"`;
    return `must not contain ${what} (account ids go into URL paths; / ? # % \\ and whitespace would change the path)`;
  }
  return singleLineError(s);
}

/**
 * Account id formats where the cloud documents one:
 *  - AWS: an account id is 12 digits.
 *  - Azure: a subscription id is a GUID (8-4-4-4-12 hex digits).
 *  - GCP: a project id is 6–30 characters, lowercase letters, digits and hyphens, starting with a
 *    letter and not ending with a hyphen; older projects may have a domain-scoped id,
 *    `example.com:my-project`.
 */
export const ACCOUNT_ID_FORMATS: Record<"AWS" | "AZURE" | "GCP", { test: (s: string) => boolean; rule: string }> = {
  AWS: { test: (s) => /^\d{12}$/.test(s), rule: "an AWS account id is 12 digits (e.g. 123456789012)" },
  AZURE: {
    test: (s) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s),
    rule: "an Azure subscription id is a GUID (e.g. 0b1f6471-1bf0-4dda-aec3-111122223333)",
  },
  GCP: {
    test: (s) => {
      const project = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
      const colon = s.lastIndexOf(":");
      if (colon < 0) return project.test(s);
      const domain = s.slice(0, colon);
      return /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(domain) && project.test(s.slice(colon + 1));
    },
    rule: "a GCP project id is 6–30 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen (e.g. my-project-123), or the legacy domain-scoped form example.com:my-project",
  },
};
