/** The JSON report, its checked-in JSON Schema and the validator every test that produces a report uses. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DriftReportSchema, type DriftReport } from "../model";
import { packageRoot } from "../../schema/generate";
import { expectValidReport, hostileDriftReport, hugeDriftReport, sampleDriftReport } from "../../../tests/helpers/drift-report";
import { DRIFT_REPORT_SCHEMA_FILE, renderJson, validateReport } from "./index";
import { driftReportSchemaText } from "./write-schema";

test("the committed JSON Schema matches the zod model (run `make schema` if this fails)", () => {
  expect(DRIFT_REPORT_SCHEMA_FILE).toBe("schema/drift-report.v1.schema.json");
  expect(readFileSync(join(packageRoot(), DRIFT_REPORT_SCHEMA_FILE), "utf8")).toBe(driftReportSchemaText());
});

test("a rendered report is valid JSON that validates and round-trips", () => {
  const report = sampleDriftReport();
  const text = renderJson(report);
  expectValidReport(text);
  expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(report)));
  expect(validateReport(JSON.parse(text))).toEqual({ ok: true, errors: [] });
});

test("the reports the renderer tests use are valid reports themselves", () => {
  for (const report of [sampleDriftReport(), hostileDriftReport(), hugeDriftReport(20)]) expectValidReport(report);
});

test("hostile strings survive JSON exactly", () => {
  const report = hostileDriftReport();
  const text = renderJson(report);
  expectValidReport(text);
  expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(report)));
});

/** Each bad report, the pointer the error names, and what must break it. */
const BAD: [string, (r: Record<string, unknown> & DriftReport) => void, string][] = [
  ["unknown status", (r) => ((r.resources[0] as { status: string }).status = "changed"), "/resources/0/status"],
  ["a summary count missing", (r) => delete (r.summary as Partial<DriftReport["summary"]>).remindersDue, "/summary"],
  ["a negative count", (r) => (r.summary.drifted = -1), "/summary/drifted"],
  ["an extra top-level property", (r) => (r.secret = "x"), "(secret)"],
  ["another major version", (r) => (r.version = "2.0.0"), "/version"],
  ["exit code 3", (r) => ((r as { exitCode: number }).exitCode = 3), "/exitCode"],
  ["unknown --fail-on", (r) => ((r.failOn as string[])[0] = "everything"), "/failOn/0"],
  ["coverage ratio above 1", (r) => (r.coverage[0].ratio = 1.5), "/coverage/0/ratio"],
  ["reminder source", (r) => ((r.reminders[0] as { source: string }).source = "env"), "/reminders/0/source"],
];

test.each(BAD)("the JSON Schema and the zod model both reject %s", (_label, spoil, pointer) => {
  const report = JSON.parse(JSON.stringify(sampleDriftReport())) as Record<string, unknown> & DriftReport;
  spoil(report);
  const result = validateReport(report);
  expect(result.ok).toBe(false);
  expect(result.errors.join("\n")).toContain(pointer);
  expect(() => renderJson(report)).toThrow(/drift report does not match its schema/);
  // Zod rejects the major-version change only through the JSON Schema's pattern; the rest it rejects itself.
  if (pointer !== "/version") expect(DriftReportSchema.strict().safeParse(report).success).toBe(false);
});

test("text that is not JSON is an error, not a crash", () => {
  expect(validateReport("{nope")).toEqual({ ok: false, errors: [expect.stringMatching(/^not JSON: /)] });
});
