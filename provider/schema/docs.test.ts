/** docs/*.md tables are generated from the zod schemas; this fails when a committed page is stale. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as functions from "../../sdk/nodejs/functions";
import { RESOURCES } from "../resources";
import { packageRoot } from "./generate";
import { FUNCTIONS, FUNCTION_GROUPS } from "../functions";
import { functionTables, renderDocs, replaceBlock, resourceIndex, resourceTables, resultTables } from "./docs";

const read = (page: string) => readFileSync(join(packageRoot(), "docs", page), "utf8");

test("the committed docs/ tables match the zod schemas (run `make schema` if this fails)", () => {
  for (const [page, text] of renderDocs(read)) expect({ page, text: read(page) }).toEqual({ page, text });
});

test("docs/index.md's Resources rows are generated: one per resource of RESOURCES, linking its page, with its summary", () => {
  const rows = resourceIndex().split("\n").slice(2);
  expect(rows).toEqual(RESOURCES.map((r) => `| [${r.name}](${r.module}.md) | ${r.summary.manages} | ${r.summary.qualysApi} |`));
  const index = read("index.md");
  expect(index).toContain(`<!-- BEGIN GENERATED: resources -->`);
  for (const row of rows) expect(index).toContain(row);
});

test("every read-only function of the SDK is documented on exactly one page", () => {
  const exported = Object.entries(functions)
    .filter(([k, v]) => typeof v === "function" && /^get[A-Z]/.test(k))
    // `getXOutput` is the Output form of `getX`, documented with it.
    .map(([k]) => k)
    .filter((k) => !(k.endsWith("Output") && k.slice(0, -"Output".length) in functions));
  const documented = FUNCTIONS.map((f) => f.name);
  expect(documented.slice().sort()).toEqual(exported.sort());
});

test("a page without the markers of a block is an error naming the page and the marker", () => {
  expect(() => replaceBlock("x.md", "# X\n\nno markers\n", "inputs", "| table |")).toThrow(
    'docs/x.md: missing "<!-- BEGIN GENERATED: inputs -->"',
  );
  const once = replaceBlock("x.md", "a\n<!-- BEGIN GENERATED: inputs -->\nold\n<!-- END GENERATED -->\nb\n", "inputs", "new");
  expect(once).toContain("\n\nnew\n\n<!-- END GENERATED -->\nb\n");
  expect(once).not.toContain("old");
  // Regenerating a regenerated page changes nothing.
  expect(replaceBlock("x.md", once, "inputs", "new")).toBe(once);
});

test("the tables show what users need: required, defaults (arrays too), secrets, nested types", () => {
  const byName = Object.fromEntries(RESOURCES.map((r) => [r.name, resourceTables(r)]));
  expect(byName.ServiceAccount.inputs).toMatch(/^\| `regions` \| string\[\] \| \*\*required\*\* \|/m);
  expect(byName.ServiceAccount.inputs).toMatch(/^\| `scanInterval` \| integer \| default `24` \|/m);
  expect(byName.ServiceAccount.inputs).toMatch(/^\| `mustHaveTags` \| string\[\] \| default `\[\]` \|/m);
  expect(byName.NsxAuthRecord.inputs).toMatch(/^\| `password` \| string, \*\*secret\*\* \|/m);
  expect(byName.NsxAuthRecord.outputs).toMatch(/^\| `passwordHash` \| string, \*\*secret\*\* \|/m);
  expect(byName.NsxAuthRecord.outputs).not.toMatch(/`password`/);
  expect(byName.GcpInternalScanJob.inputs).toContain('**`schedule` with `type: "weekly"`:**');
  expect(byName.GcpInternalScanJob.inputs).toMatch(
    /^\| `unit` \| string \| \*\*required\*\* \| Unit of `time` \(before_notify_unit\): "days", "hours" or "minutes"\. \|/m,
  );
  expect(byName.ServiceAccount.outputs).toContain("**`cleanupReminders[]`:**");
});

test("function tables carry each argument's rule and range", () => {
  const flexscan = functionTables("flexscan");
  expect(flexscan).toMatch(/^\| `limit` \| integer \| optional \| .* Range 1–500\. \|$/m);
  const policy = functionTables("policy-compliance");
  expect(policy).toMatch(/^\| `requireTagInfo` \| boolean \| default `true` \|/m);
  expect(policy).toMatch(/^\| `id` \| integer \| optional \| The policy id; exactly one of `id` \/ `title`\. \|$/m);
});

test("every resource and function page has the same sections, in the same order", () => {
  const sections = [
    "Purpose",
    "Example",
    "Inputs",
    "Outputs",
    "Rules",
    "What refresh can and cannot observe",
    "API calls per operation",
    "Cleanup reminders",
    "Interpretation choices",
  ];
  const pages = [...RESOURCES.map((r) => `${r.module}.md`), ...Object.values(FUNCTION_GROUPS).map((g) => g.page)];
  for (const page of pages) {
    const text = read(page);
    const headings = [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect({ page, headings }).toEqual({ page, headings: sections });
    expect({ page, otherLanguages: /^### Other languages$/m.test(text) && text.includes("(sdks.md)") }).toEqual({
      page,
      otherLanguages: true,
    });
    // Qualys APIs are named by their release notes, never by the seed file numbers.
    expect({ page, noteNumbers: text.match(/\bnotes? 00\d\b/g) }).toEqual({ page, noteNumbers: null });
  }
});

test("result tables show each function's result, nested records below it", () => {
  const flexscan = resultTables("flexscan");
  expect(flexscan).toMatch(/^#### `getServiceAccounts`\n\n\| property \|/m);
  expect(flexscan).toMatch(/^\| `total` \| integer \| when known \| Total matching records, when the API reports one\. \|$/m);
  expect(flexscan).toContain("**`items[]`:**");
  expect(flexscan).toMatch(/^\| `accountId` \| string \| always \| The account's id/m);
  const qflow = resultTables("qflow");
  expect(qflow).toMatch(/^\| `value` \| any \| always \| The step's input, decoded to a JSON value\. \|$/m);
});
