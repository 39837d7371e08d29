/**
 * Turning zod validation results into Pulumi check failures.
 *
 * Pulumi shows each `CheckFailure` as "<property>: <reason>" at preview time. The property is the
 * full path in the user's program (`regions[2]`, `schedule.weekdays[0]`), and the reason states
 * the rule, so the user can fix the input without reading our code.
 */
import { z } from "zod";

export interface CheckFailure {
  property: string;
  reason: string;
}

/** `["regions", 2, "name"]` → `regions[2].name`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? String(seg) : `.${String(seg)}`;
  }
  return out;
}

/** One failure per zod issue, with the path as the user wrote it. Union issues are flattened. */
export function zodIssuesToFailures(error: z.ZodError, prefix: ReadonlyArray<PropertyKey> = []): CheckFailure[] {
  const out: CheckFailure[] = [];
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === "unrecognized_keys") {
      // Name each unknown property itself (`schedule.startHr`), not the object holding it: that is
      // where the user's typo is.
      for (const key of issue.keys) {
        const reason = issue.message.includes(`"${key}"`)
          ? issue.message
          : `unknown property "${key}": not an input of this resource (check the spelling)`;
        out.push({ property: formatPath([...path, key]), reason });
      }
      continue;
    }
    out.push({ property: formatPath(path) || "(inputs)", reason: issue.message });
  }
  // The same message for the same property adds nothing.
  const seen = new Set<string>();
  return out.filter((f) => {
    const key = `${f.property}\u0000${f.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Validate `input` with `schema`. Returns the parsed (normalised) value or the failures.
 * Never throws for invalid input: `check` must report, not crash.
 */
export function validate<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; value: z.output<S> } | { ok: false; failures: CheckFailure[] } {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, failures: zodIssuesToFailures(result.error) };
}
