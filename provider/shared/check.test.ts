/** Zod issues → Pulumi check failures: the property path as the user wrote it, and the rule. */
import { z } from "zod";
import { formatPath, outgoingFailures, validate, zodIssuesToFailures } from "./check";
import { forgetSecretsForTests, registerSecret } from "./redact";

describe("formatPath", () => {
  test.each<[PropertyKey[], string]>([
    [["regions", 2], "regions[2]"],
    [["regions", 2, "name"], "regions[2].name"],
    [["schedule", "weekdays", 0], "schedule.weekdays[0]"],
    [["tagSet", "selectors", 1, "include", 0, "name"], "tagSet.selectors[1].include[0].name"],
    [["matrix", 0, 1], "matrix[0][1]"],
    [["a", "b", "c"], "a.b.c"],
    [[0, "x"], "[0].x"],
    [["data"], "data"],
    [[], ""],
  ])("%j → %s", (path, expected) => {
    expect(formatPath(path)).toBe(expected);
  });
});

describe("validate", () => {
  const schema = z.object({
    name: z.string().min(1, "name must not be empty"),
    regions: z.array(z.string().min(1, "a region must not be empty")).min(1, "regions must name at least one region"),
    schedule: z.object({ weekdays: z.array(z.enum(["mon", "tue"], { error: "weekdays: use mon or tue" })) }).optional(),
    count: z.number().default(3),
  });

  test("valid input: the parsed (defaulted) value", () => {
    expect(validate(schema, { name: "x", regions: ["a"] })).toEqual({ ok: true, value: { name: "x", regions: ["a"], count: 3 } });
  });

  test("one failure per problem, each with its full path and the rule's message", () => {
    const r = validate(schema, { name: "", regions: ["a", "", "c"], schedule: { weekdays: ["mon", "sun"] } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.failures).toEqual([
      { property: "name", reason: "name must not be empty" },
      { property: "regions[1]", reason: "a region must not be empty" },
      { property: "schedule.weekdays[1]", reason: "weekdays: use mon or tue" },
    ]);
  });

  test("never throws, even for input that is not an object", () => {
    for (const input of [undefined, null, 42, "text", []]) {
      const r = validate(schema, input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.failures[0].property).toBe("(inputs)");
    }
  });

  // Zod reports unknown keys at the object that holds them; check names each key itself, where the
  // typo is. (Schemas may override the message, see gcp-internal-scan-job.)
  test("an unknown property (strict object) is rejected and named", () => {
    const r = validate(z.object({ known: z.string() }).strict(), { known: "x", scanIntervall: 24 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0].property).toBe("scanIntervall");
    expect(r.failures[0].reason).toContain('"scanIntervall"');
  });

  test("an unknown property inside a nested object is named with its full path", () => {
    const r = validate(z.object({ schedule: z.object({ at: z.string() }).strict() }), { schedule: { at: "1", every: 2 } });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.failures.map((f) => f.property)).toEqual(["schedule.every"]);
      expect(r.failures[0].reason).toContain('"every"');
    }
  });
});

describe("zodIssuesToFailures", () => {
  test("prefixes the path and drops exact duplicates", () => {
    const err = new z.ZodError([
      { code: "custom", path: ["ips", 0], message: "not an IP", input: "x" },
      { code: "custom", path: ["ips", 0], message: "not an IP", input: "x" },
      { code: "custom", path: ["ips", 0], message: "another rule", input: "x" },
      { code: "custom", path: [], message: "root rule", input: "x" },
    ]);
    expect(zodIssuesToFailures(err, ["spec"])).toEqual([
      { property: "spec.ips[0]", reason: "not an IP" },
      { property: "spec.ips[0]", reason: "another rule" },
      { property: "spec", reason: "root rule" },
    ]);
    expect(zodIssuesToFailures(err).at(-1)).toEqual({ property: "(inputs)", reason: "root rule" });
  });
});

test("several unknown properties in one object are one failure each", () => {
  const r = validate(z.object({ a: z.string() }).strict(), { a: "x", bb: 1, cc: 2 });
  expect(r.ok ? [] : r.failures.map((f) => f.property)).toEqual(["bb", "cc"]);
});

describe("outgoingFailures", () => {
  test("a failure on a secret input loses its property (the engine would print the value) but still names the field and rule", () => {
    const out = outgoingFailures(
      [
        { property: "password", reason: "password is only allowed when loginType is basic" },
        { property: "port", reason: "port must be between 1 and 65535" },
        { property: "password", reason: "must be at least 4 characters" },
      ],
      ["password"],
    );
    expect(out).toEqual([
      { property: "", reason: "password is only allowed when loginType is basic" },
      { property: "port", reason: "port must be between 1 and 65535" },
      { property: "", reason: "password: must be at least 4 characters" },
    ]);
  });

  test("reasons are redacted; nested paths of a secret input are shielded too", () => {
    registerSecret("P&ss+w=rd% 1x");
    const out = outgoingFailures([{ property: "secret.key", reason: 'got "P&ss+w=rd% 1x"' }], ["secret"]);
    expect(out).toEqual([{ property: "", reason: 'secret.key: got "[REDACTED]"' }]);
    forgetSecretsForTests();
  });
});
