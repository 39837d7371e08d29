/**
 * The JSON report and its JSON Schema. The schema is generated from the zod model (schema/drift-report.v1.schema.json,
 * written by `make schema`, checked by `make check-generated` and a test), and `validateReport` checks a report
 * against that same schema with Ajv, so a consumer validating with any JSON Schema 2020-12 tool gets the
 * same answer as the tests.
 */
import { z } from "zod";
import Ajv2020 from "ajv/dist/2020";
import type { ValidateFunction } from "ajv";
import { DRIFT_REPORT_VERSION, DriftReportSchema, type DriftReport } from "../model";

/** Path of the checked-in schema, relative to the repository root; the major version is in the name. */
export const DRIFT_REPORT_SCHEMA_FILE = `schema/drift-report.v${DRIFT_REPORT_VERSION.split(".")[0]}.schema.json`;

/** The JSON Schema of the report, from the zod model plus what zod cannot say (the id, and that version is this major). */
export function driftReportJsonSchema(): Record<string, unknown> {
  const major = DRIFT_REPORT_VERSION.split(".")[0];
  const generated = z.toJSONSchema(DriftReportSchema, { io: "output", unrepresentable: "throw" }) as Record<string, unknown>;
  const properties = generated.properties as Record<string, Record<string, unknown>>;
  properties.version = {
    type: "string",
    pattern: `^${major}\\.\\d+\\.\\d+$`,
    description: `Version of the report format (semantic versioning); this schema accepts every ${major}.x.y.`,
  };
  properties.generatedAt = { type: "string", format: "date-time", description: "When the run finished (ISO 8601, UTC)." };
  return {
    $schema: generated.$schema,
    $id: `https://github.com/pulumi-qualys/pulumi-qualys/${DRIFT_REPORT_SCHEMA_FILE}`,
    title: "qualys-drift report",
    description: `The JSON report of one qualys-drift run (format ${major}.x). docs/drift-report.md describes the fields.`,
    ...Object.fromEntries(Object.entries(generated).filter(([k]) => k !== "$schema")),
  };
}

/** The report as written to report.json: checked against the JSON Schema first, so a malformed report is never published. */
export function renderJson(report: DriftReport): string {
  const text = `${JSON.stringify(report, null, 2)}\n`;
  const { ok, errors } = validateReport(JSON.parse(text));
  if (!ok) throw new Error(`drift report does not match its schema: ${errors.join("; ")}`);
  return text;
}

let compiled: ValidateFunction | undefined;

/**
 * Checks a parsed JSON report (or its text) against the JSON Schema. `errors` name the JSON pointer and the rule,
 * e.g. "/resources/0/status must be equal to one of the allowed values".
 */
export function validateReport(json: unknown): { ok: boolean; errors: string[] } {
  let value = json;
  if (typeof json === "string") {
    try {
      value = JSON.parse(json);
    } catch (e) {
      return { ok: false, errors: [`not JSON: ${(e as Error).message}`] };
    }
  }
  compiled ??= new Ajv2020({ allErrors: true, strict: true, validateFormats: false }).compile(driftReportJsonSchema());
  if (compiled(value)) return { ok: true, errors: [] };
  const errors = (compiled.errors ?? []).map((e) => {
    const detail =
      e.keyword === "additionalProperties" ? ` (${String((e.params as { additionalProperty: string }).additionalProperty)})` : "";
    return `${e.instancePath || "/"} ${e.message ?? e.keyword}${detail}`;
  });
  return { ok: false, errors };
}
