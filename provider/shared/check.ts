/**
 * Turning zod validation results into Pulumi check failures.
 *
 * Pulumi shows each `CheckFailure` as "<property>: <reason>" at preview time. The property is the
 * full path in the user's program (`regions[2]`, `schedule.weekdays[0]`), and the reason states
 * the rule, so the user can fix the input without reading our code.
 */
import { z } from "zod";
import { redact } from "./redact";

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

/**
 * Check failures as they may leave the provider.
 *
 * The engine prints a failure as `property <p> value <inputs[p]> has a problem: <reason>` when `p` is
 * a top-level input, and as `has a problem: <reason>` when the property is empty (pulumi
 * pkg/resource/deploy step_generator.go, issueCheckFailures). It prints that value even when it is a
 * secret (`{&{{pass1234}}}`), so a failure on a secret input is reported WITHOUT a property: the
 * reason then starts with the property's name, so the message still names the field and the rule,
 * and the engine has no value to print. Every reason also passes through `redact`, in case a rule
 * quotes the value it refused.
 */
export function outgoingFailures(failures: readonly CheckFailure[], secretInputs: readonly string[] = []): CheckFailure[] {
  return failures.map((f) => {
    const top = /^[^.[]*/.exec(f.property)?.[0] ?? "";
    const reason = redact(f.reason);
    if (!secretInputs.includes(top)) return { property: f.property, reason };
    const named = reason.startsWith(f.property) ? reason : `${f.property}: ${reason}`;
    return { property: "", reason: named };
  });
}
