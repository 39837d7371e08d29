/**
 * GCP internal scan jobs (the Policy Audit 1.11 notes, "Scans API: Support for Google Cloud Platform Instance-Based
 * Scans") and the schedule-scan list/delete they are read and removed through (the VM/PC schedule scan list notes, "Schedule
 * Scan List"; EOL table of the Policy Audit 1.11 notes).
 *
 *  - `POST /api/3.0/fo/scan/cloud/internal/job/` action=create|update → SIMPLE_RETURN with the notes'
 *    texts ("Scan has been created successfully", "Scan has been updated successfully") and the
 *    schedule id as item `ID`;
 *  - `GET|POST /api/5.0/fo/schedule/scan/` action=list (SCHEDULE_SCAN_LIST_OUTPUT, CLOUD_DETAILS with
 *    show_cloud_details=1) and action=delete; the 2.0/3.0/4.0 paths answer the same with deprecation
 *    headers (EOL December 2026), or 410 once a test switches them to "removed";
 *  - per-tenant seed data (connectors, option profiles, scanner appliances, asset tags, distribution
 *    groups, time zones): a deterministic default set, more via a control route;
 *  - `now` jobs launch on create and drop out of the schedule list once they "complete", after a
 *    configurable lifetime (or at once through a control route).
 *
 * What is and is not imitated: emulator/README.md.
 *
 * The service in four parts: `model.ts` (tenant state, seed catalog, the now-job lifecycle),
 * `validation.ts` (reading and checking the form parameters into a job, as Qualys does),
 * `render.ts` (the XML documents) and `routes.ts` (the API and control routes).
 */
export * from "./model";
export { renderScheduleScanList, startDateUtc } from "./render";
export { JOB_PATH, LEGACY_SCHEDULE_VERSIONS, LEGACY_SUNSET, SCHEDULE_PATH, scanJobsService, type ScanJobPatch } from "./routes";
