/**
 * `node dist/provider/drift/report/write-schema.js [--check]` writes schema/drift-report.v1.schema.json from the zod
 * model, or fails when the checked-in file is stale (`make schema`, `make check-generated`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { packageRoot } from "../../schema/generate";
import { DRIFT_REPORT_SCHEMA_FILE, driftReportJsonSchema } from "./json";

export function driftReportSchemaText(): string {
  return `${JSON.stringify(driftReportJsonSchema(), null, 2)}\n`;
}

if (require.main === module) {
  const file = path.join(packageRoot(), DRIFT_REPORT_SCHEMA_FILE);
  const text = driftReportSchemaText();
  if (process.argv.includes("--check")) {
    if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text) {
      console.error(`${DRIFT_REPORT_SCHEMA_FILE} is stale: run \`make schema\``);
      process.exit(1);
    }
  } else {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}
