/**
 * Function errors at preview, as a user sees them in the CLI: one line naming the function, the
 * error kind and the setting to check, with no stack trace, no dump of the error object and no
 * unhandled-rejection warnings. Both TypeScript forms (the awaited Promise form and the Output form,
 * tests/e2e/programs/function-errors) and the native plugin from a Pulumi YAML program.
 */
import { nativeProject, type NativeProject } from "../helpers/native";
import { failureText, useE2E } from "../helpers/pulumi";

const E = useE2E(240_000);
let project: NativeProject | undefined;
afterEach(() => project?.cleanup());

const LINE =
  'getServiceAccounts failed (unauthorized): Qualys list service accounts failed (HTTP 401, code UNAUTHORIZED): Qualys said: "Invalid or expired token"; check qualys:token (QUALYS_TOKEN), or qualys:username/qualys:password for Basic-auth APIs';
const refused = { "qualys:token": { value: "emulator-token-refused", secret: true } };

/** What must never appear around the line: a stack frame, an object dump, a rejection warning. */
function expectNoNoise(text: string) {
  expect(text).not.toMatch(/^\s+at /m);
  expect(text).not.toMatch(/kind: '|retryAfterMs|\[cause\]|QualysError \{/);
  expect(text).not.toMatch(/PromiseRejectionHandledWarning|UnhandledPromiseRejection|unhandled exception/i);
}

/** The CLI's Diagnostics section (the first one: the Automation API's error repeats the output). */
function diagnostics(text: string): string[] {
  const start = text.indexOf("Diagnostics:");
  const end = text.indexOf("Resources:", start);
  return text
    .slice(start, end)
    .split("\n")
    .map((l) => l.trimEnd())
    .filter((l) => l !== "");
}

for (const form of ["promise", "output"] as const) {
  test(`TypeScript ${form} form: a refused token is one line at preview`, async () => {
    const s = await E.stack("../tests/e2e/programs/function-errors", { config: { form: { value: form } }, qualysConfig: refused });
    const text = await failureText(s.stack.preview());
    expect(diagnostics(text)).toEqual(["Diagnostics:", `  pulumi:pulumi:Stack (qualys-function-errors-${s.name}):`, `    error: ${LINE}`]);
    expectNoNoise(text);
  });
}

test("native plugin (YAML): a typed result read as ${accounts.total}; a refused token is the same line", async () => {
  const yaml = [
    "name: qualys-function-errors-yaml",
    "runtime: yaml",
    "variables:",
    "  accounts:",
    "    fn::invoke:",
    "      function: qualys:index:getServiceAccounts",
    "      arguments:",
    "        limit: 2",
    "        sort: accountId,asc",
    "outputs:",
    "  total: ${accounts.total}",
    "  pagesFetched: ${accounts.pagesFetched}",
    "  firstAccountId: ${accounts.items[0].accountId}",
    "",
  ].join("\n");
  await E.controlOk("POST", "seed/service-accounts", { count: 3 });
  const p = (project = await nativeProject(E.emu.url, { yaml }));
  await p.pulumi(["up", "--yes"]);
  const outputs = JSON.parse((await p.pulumi(["stack", "output", "--json"])).out) as Record<string, unknown>;
  expect(outputs).toEqual({ total: 3, pagesFetched: 1, firstAccountId: "seeded-gcp-project-001" });

  await p.pulumi(["config", "set", "--secret", "qualys:token", "emulator-token-refused"]);
  const preview = await p.pulumi(["preview"], { allowFailure: true });
  expect(preview.code).not.toBe(0);
  // The plugin's answer is the one line; the engine prefixes where it came from, and Pulumi YAML
  // adds the program's source lines and its own follow-up error.
  expect(diagnostics(preview.out)).toEqual([
    "Diagnostics:",
    "  pulumi:pulumi:Stack (qualys-function-errors-yaml-dev):",
    `    error: rpc error: code = Unknown desc = invocation of qualys:index:getServiceAccounts returned an error: ${LINE}`,
    "      on Pulumi.yaml line 5:",
    "       5:     fn::invoke:",
    "       6:       function: qualys:index:getServiceAccounts",
    "       7:       arguments:",
    "       8:         limit: 2",
    "       9:         sort: accountId,asc",
    "    error: Error registering variable [accounts]: no diagnostics",
  ]);
  expectNoNoise(preview.out);
});
