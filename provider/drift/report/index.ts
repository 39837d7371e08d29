/** The four report formats of a drift run, and the validator of the JSON one. Each renderer is pure: report in, text out. */
export { renderJson, validateReport, driftReportJsonSchema, DRIFT_REPORT_SCHEMA_FILE } from "./json";
export { renderMarkdown, GITHUB_COMMENT_LIMIT } from "./markdown";
export { renderJunit } from "./junit";
export { renderHtml } from "./html";
