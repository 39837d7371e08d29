#!/usr/bin/env node
// Reads jest's --json results and prints the failing tests and, last, the line CI reads:
// `N passed, N failed` (jest's own summary is not recognised by CI).
const fs = require("node:fs");
const file = process.argv[2] || "reports/jest.json";
let r;
try {
  r = JSON.parse(fs.readFileSync(file, "utf8"));
} catch (e) {
  console.log(`could not read ${file}: ${e.message}`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}
const failed = [];
for (const suite of r.testResults || []) {
  if (suite.status === "failed" && (suite.assertionResults || []).length === 0) {
    failed.push(`${suite.name}: ${(suite.message || "suite failed").split("\n")[0]}`);
  }
  for (const t of suite.assertionResults || [])
    if (t.status === "failed") failed.push(`${suite.name.replace(process.cwd() + "/", "")}: ${t.fullName}`);
}
if (failed.length) console.log(`failed:\n  ${failed.join("\n  ")}`);
// A suite that could not run (syntax error, failing beforeAll) counts as one failure.
const suiteFailures = (r.testResults || []).filter((s) => s.status === "failed" && (s.assertionResults || []).length === 0).length;
const skipped = (r.numPendingTests || 0) + (r.numTodoTests || 0);
console.log(`${r.numPassedTests} passed, ${r.numFailedTests + suiteFailures} failed${skipped ? `, ${skipped} skipped` : ""}`);
