/** The Markdown report: what a pull-request comment shows, always within GitHub's comment limit. */
import { HOSTILE, hostileDriftReport, hugeDriftReport, sampleDriftReport } from "../../../tests/helpers/drift-report";
import { GITHUB_COMMENT_LIMIT, renderMarkdown } from "./index";
import { cell } from "./markdown";

/** Table rows of the section under `heading` (a line starting with "### heading"). */
function sectionRows(md: string, heading: string): string[] {
  const start = md.split("\n").findIndex((l) => l.startsWith(`### ${heading}`));
  if (start < 0) return [];
  const rows: string[] = [];
  for (const line of md.split("\n").slice(start + 1)) {
    if (line.startsWith("### ")) break;
    if (line.startsWith("| ") && !line.startsWith("| --- ")) rows.push(line);
  }
  return rows.slice(1); // the header
}

/** Cell separators of a table row: pipes not escaped with a backslash. */
function cellCount(row: string): number {
  return row.split(/(?<!\\)\|/).length - 2;
}

test("the sample: verdict, summary table, then each finding with its fields", () => {
  const md = renderMarkdown(sampleDriftReport());
  expect(md).toMatch(/^## qualys-drift: found something named in --fail-on \(drift, unmanaged\)\n/);
  expect(md).toContain("| Drifted | 3 |");
  expect(md).toContain("| Gone from Qualys | 1 |");
  expect(md).toContain("| Unmanaged objects | 5 |");
  expect(md).toContain("| Reminders due | 2 |");
  expect(md).toContain("31 read calls, 0 write calls");
  expect(md).toContain("`pulumi up --refresh`");
  expect(md).toContain(
    '| `platform-dev` | `ServiceAccount/aws-prod` | `regions`: `["us-east-1","us-west-2","eu-west-1"]` → `["us-east-1"]` |',
  );
  expect(md).toContain("`active`: `true` → `false`");
  expect(sectionRows(md, "Drifted resources (3)")).toHaveLength(3);
  expect(sectionRows(md, "Gone from Qualys (1)")).toEqual(["| `platform-dev` | `NsxAuthRecord/nsx-dc2` | `1370417` |"]);
  expect(sectionRows(md, "Pending create (1)")).toEqual(["| `platform-yaml` | `NsxAuthRecord/nsx-lab` | not created in Qualys yet |"]);
  expect(sectionRows(md, "Unreadable resources (1)")[0]).toContain("`throttled` `HTTP 429");
  expect(sectionRows(md, "Cleanup reminders due (2)")).toHaveLength(2);
  expect(sectionRows(md, "Unmanaged objects (5)")[3]).toContain("yes (`security/legacy-prod`)");
  expect(sectionRows(md, "Coverage")).toEqual(expect.arrayContaining([expect.stringMatching(/`NsxAuthRecord` \| 2 \| 4 \| 50% \|$/)]));
  expect(md).not.toContain("… and");
});

test("a huge report is cut with counts and stays within the 65,536-character comment limit", () => {
  const report = hugeDriftReport(5000);
  const md = renderMarkdown(report);
  expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
  expect(md.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT * 0.9); // the budget is used, not wasted
  expect(md).toContain(`| Drifted | ${report.summary.drifted} |`);
  const shown = sectionRows(md, `Drifted resources (${report.summary.drifted})`).length;
  expect(shown).toBeGreaterThan(0);
  expect(md).toContain(`… and ${report.summary.drifted - shown} more drifted resources`);
  expect(md).toContain(`… and ${report.summary.gone - sectionRows(md, "Gone from Qualys").length} more resources gone from Qualys`);
  expect(md).toContain(`… and ${5000 - sectionRows(md, "Cleanup reminders due").length} more due reminders`);
  expect(md).toContain(`… and ${5000 - sectionRows(md, "Unmanaged objects").length} more unmanaged objects`);
  expect(md).toContain("… and 4 more fields"); // 12 drifted fields per resource, 8 shown
  expect(md.endsWith("holds every detail.</sub>\n")).toBe(true);
});

test.each([1_000, 10_000, 30_000])("any limit holds (%i characters)", (limit) => {
  expect(renderMarkdown(hugeDriftReport(300), limit).length).toBeLessThanOrEqual(Math.max(limit, 2_000));
});

test("hostile values stay inside code spans: no markup, no extra cells, no extra lines", () => {
  const report = hostileDriftReport();
  const plain = renderMarkdown(sampleDriftReport());
  const md = renderMarkdown(report);
  expect(md).not.toContain("\n# heading");
  expect(md).not.toContain("\u0000");
  expect(md).not.toContain("\u001b");
  // Same rows as the sample (plus the failed stack), and every row has its header's number of cells.
  const tableLines = (text: string) => text.split("\n").filter((l) => l.startsWith("| ")).length;
  expect(tableLines(md)).toBe(tableLines(plain) + 3); // the failed stack's section: header, "---" line, row
  for (const heading of ["Drifted resources", "Gone from Qualys", "Stacks that failed", "Unmanaged objects", "Coverage"]) {
    const rows = sectionRows(md, heading);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(cellCount(row)).toBe(cellCount(rows[0]));
  }
  // Outside code spans there is no "<" at all: every hostile string was fenced.
  const outside = md.replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, "");
  expect(outside).not.toMatch(/<(?!br>|sub>|\/sub>)/);
  expect(outside).not.toContain("@team");
});

test("cell fences text holding backticks with a longer run, and escapes pipes", () => {
  expect(cell("a`b")).toBe("``a`b``");
  expect(cell("`x`")).toBe("`` `x` ``");
  expect(cell("a|b")).toBe("`a\\|b`");
  expect(cell("")).toBe("*(empty)*");
  expect(cell(HOSTILE).split("\n")).toHaveLength(1);
});
