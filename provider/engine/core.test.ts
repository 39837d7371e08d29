/**
 * The engine core's rules, engine-free: what both the dynamic bridge and the native plugin get from
 * it (their wire translation is tested in engine/dynamic.test.ts and native/server.test.ts).
 */
import { QualysError } from "../errors";
import { withNoticeSink } from "../shared/notices";
import { pendingCreate } from "../shared/lost-answer";
import { forgetSecretsForTests, redact } from "../shared/redact";
import { parseUrn } from "../shared/urn";
import { Engine, settingsOf, surface, type PendingError } from "./core";
import type { EngineResource, ResourceHandler } from "./handler";
import { secretValue } from "./values";

type Props = Record<string, unknown>;

beforeEach(() => forgetSecretsForTests());

/** A resource whose handler accepts any `title`, requires `secret`, and can be told to fail. */
function probe(extra: Partial<EngineResource<Props, Props>> = {}, fail?: () => Error): EngineResource {
  const handler: ResourceHandler<Props, Props> = {
    type: "Probe",
    importUnreported: ["secret", "tags"],
    check: (_olds, news) =>
      typeof news.secret === "string" && news.secret.length >= 8
        ? { inputs: { ...news, extra: undefined }, failures: [] }
        : { inputs: news, failures: [{ property: "secret", reason: `secret ${String(news.secret)} is too short` }] },
    diff: () => ({ changes: false, replaces: [], stables: [], deleteBeforeReplace: false, changed: [] }),
    create: async (_ctx, inputs) => {
      if (fail) throw fail();
      return { id: "1", outs: inputs };
    },
    read: async (_ctx, id) => ({ id, props: { title: "t" }, inputs: { title: "t" } }),
    update: async (_ctx, _id, _olds, news) => news,
    delete: async () => undefined,
  };
  return { handler, secretInputs: ["secret"], naturalKey: "title", ...extra } as unknown as EngineResource;
}

const engine = () => new Engine({ clients: () => ({}) as never, env: {} });
const urn = (stack: string, name: string) => `urn:pulumi:${stack}::proj::parent:index:Thing$qualys:index:Probe::${name}`;

test("URNs: stack, project, the resource's own type and its name (which may hold `::`)", () => {
  expect(parseUrn(urn("dev", "a::b"))).toEqual({ stack: "dev", project: "proj", type: "qualys:index:Probe", name: "a::b" });
  expect(parseUrn("not a urn")).toBeUndefined();
});

test("check: secret inputs arrive unwrapped, are registered for redaction, and their failures name no property", () => {
  const r = engine().check(probe(), {}, { title: "x", secret: secretValue("short") });
  expect(r.failures).toEqual([{ property: "", reason: expect.stringContaining("secret") as string }]);
  expect(redact("was short")).toBe("was [REDACTED]");
  const ok = engine().check(probe(), {}, { title: "x", secret: secretValue("long-enough") });
  // Unwrapped for the handler, and nothing undefined goes back to an engine.
  expect(ok.inputs).toEqual({ title: "x", secret: "long-enough" });
});

test("check: the configuration is judged only once the provider is configured, and only while its settings are known", () => {
  const e = engine();
  const inputs = { title: "x", secret: "long-enough" };
  expect(e.check(probe({ apis: ["api"] }), {}, inputs).failures).toEqual([]);
  e.configure({ "qualys:token": "tok-0123456789" });
  expect(e.check(probe({ apis: ["api"] }), {}, inputs).failures.map((f) => f.reason)).toEqual([
    expect.stringMatching(/^pulumi-qualys configuration: no Qualys API server URL/),
  ]);
  e.configure({ "qualys:token": "tok-0123456789" }, false);
  expect(e.check(probe({ apis: ["api"] }), {}, inputs).failures).toEqual([]);
});

test("check with a URN: the definition's hook fills what the program left out, and a second owner of a natural key is refused", () => {
  const e = engine();
  const hooked = probe({ hooks: { inputsFromUrn: (u) => ({ hint: `${u.project}/${u.stack}/${u.name}` }) } });
  const inputs = { title: "same", secret: "long-enough" };
  expect(e.check(hooked, {}, inputs, urn("dev", "a")).inputs.hint).toBe("proj/dev/a");
  expect(e.check(hooked, {}, { ...inputs, hint: "mine" }, urn("dev", "a")).inputs.hint).toBe("mine");
  // Without a URN (the dynamic bridge) neither applies.
  expect(e.check(hooked, {}, inputs).inputs).not.toHaveProperty("hint");
  const second = e.check(hooked, {}, inputs, urn("dev", "b")).failures;
  expect(second).toEqual([{ property: "title", reason: expect.stringContaining(urn("dev", "a")) as string }]);
  expect(second[0].reason).toContain(urn("dev", "b"));
  // Another stack, or the same resource again, is no second owner.
  expect(e.check(hooked, {}, inputs, urn("prod", "b")).failures).toEqual([]);
  expect(e.check(hooked, {}, inputs, urn("dev", "a")).failures).toEqual([]);
});

test("errors: redacted; a Qualys error without its stack; a pending create keeps its id, properties and redacted reasons", async () => {
  const e = engine();
  e.check(probe(), {}, { title: "x", secret: "hunter2-secret" });
  const failing = (fail: () => Error) =>
    e.create(probe({}, fail), {}).then(
      () => undefined,
      (x: unknown) => x as PendingError,
    );
  const plain = (await failing(() => new Error("failed with hunter2-secret")))!;
  expect(plain.message).toBe("failed with [REDACTED]");
  const qualys = surface(new QualysError({ kind: "server", api: "api", operation: "op", hint: "hunter2-secret" }));
  expect(qualys.stack).toBe(qualys.message);
  expect(qualys.message).not.toContain("hunter2-secret");
  const pending = (await failing(() =>
    pendingCreate("pending-1", { title: "x", gone: undefined, pendingCreate: { since: "now", reason: "lost" } }, "lost"),
  ))!;
  expect(pending).toMatchObject({ id: "pending-1", reasons: ["lost"] });
  expect(pending.properties).toEqual({ title: "x", pendingCreate: { since: "now", reason: "lost" } });
});

test("settings: only the known ones, as text, and the secret ones registered for redaction at once", () => {
  expect(settingsOf({ "qualys:token": "tok-0123456789", "qualys:maxAttempts": 3, "qualys:version": "1.0.0", other: "x" })).toEqual({
    "qualys:token": "tok-0123456789",
    "qualys:maxAttempts": "3",
  });
  expect(redact("Bearer tok-0123456789")).not.toContain("tok-0123456789");
});

test("import: fields Qualys never reports are named, except a secret input, which the check names with the definition's advice", async () => {
  const warnings: string[] = [];
  const advised = probe({
    hooks: { importAdvice: (f) => (f.some((x) => x.property === "secret") ? "Set `secret` as a secret." : undefined) },
  });
  const r = await withNoticeSink(
    (_s, text) => void warnings.push(text),
    () => engine().import(advised, "7"),
  );
  expect(r).toEqual({ id: "7", props: { title: "t" }, inputs: { title: "t" } });
  expect(warnings).toHaveLength(2);
  expect(warnings[0]).toMatch(/Probe 7: Qualys does not report tags,/);
  expect(warnings[0]).not.toMatch(/secret/);
  expect(warnings[1]).toMatch(/Probe 7: cannot be read back from Qualys: secret: .*\. Set `secret` as a secret\.$/);
});
