/**
 * Scan-jobs XML: SIMPLE_RETURN and SCHEDULE_SCAN_LIST_OUTPUT in the notes' shapes.
 */
import { cdata, escapeXml, utcTimestamp } from "../../http";
import { type EmuScanJob, type EmuTimeZone, PRIORITY_LABELS, type RecurringJobSchedule, type ScanCatalog, WEEKS_OF_MONTH } from "./model";

export function simpleReturn(text: string, items: Record<string, string>): string {
  const list = Object.entries(items)
    .map(([k, v]) => `      <ITEM>\n        <KEY>${escapeXml(k)}</KEY>\n        <VALUE>${escapeXml(v)}</VALUE>\n      </ITEM>`)
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE SIMPLE_RETURN SYSTEM "https://qualysapi.qualys.com/api/3.0/simple_return.dtd">
<SIMPLE_RETURN>
  <RESPONSE>
    <DATETIME>${utcTimestamp()}</DATETIME>
    <TEXT>${escapeXml(text)}</TEXT>
    <ITEM_LIST>
${list}
    </ITEM_LIST>
  </RESPONSE>
</SIMPLE_RETURN>
`;
}

/** Summer time offset (minutes) for a local date in a zone, when DST is observed (coarse months rule). */
function dstShift(tz: EmuTimeZone, observe: boolean, month: number): number {
  if (!observe) return 0;
  if (tz.dst === "north") return month >= 4 && month <= 10 ? 60 : 0;
  if (tz.dst === "south") return month <= 3 || month >= 10 ? 60 : 0;
  return 0;
}

/** START_DATE_UTC: the first start as an instant (004: 10:30 on 04/02/2018 in India = 2018-04-02T05:00:00Z). */
export function startDateUtc(s: RecurringJobSchedule, tz: EmuTimeZone): string {
  const [m, d, y] = s.startDate.split("/").map(Number) as [number, number, number];
  const offset = tz.offsetMinutes + dstShift(tz, s.observeDst, m);
  return new Date(Date.UTC(y, m - 1, d, s.startHour, s.startMinute) - offset * 60_000).toISOString().replace(".000Z", "Z");
}

function renderSchedule(job: EmuScanJob, catalog: ScanCatalog): string {
  const s = job.schedule;
  if (s.kind === "now") {
    // A now job has no occurrence; the list shows when it was launched.
    const at =
      s.launchedAt === undefined
        ? ""
        : `\n         <START_DATE_UTC>${new Date(s.launchedAt).toISOString().replace(/\.\d{3}Z$/, "Z")}</START_DATE_UTC>`;
    return `<SCHEDULE>${at}\n       </SCHEDULE>`;
  }
  const o = s.occurrence;
  let occ: string;
  if (o.occurrence === "daily") occ = `<DAILY frequency_days="${o.frequencyDays}" />`;
  else if (o.occurrence === "weekly") occ = `<WEEKLY frequency_weeks="${o.frequencyWeeks}" weekdays="${o.weekdays.join(",")}" />`;
  else if ("dayOfMonth" in o) occ = `<MONTHLY frequency_months="${o.frequencyMonths}" day_of_month="${o.dayOfMonth}" />`;
  else
    occ = `<MONTHLY frequency_months="${o.frequencyMonths}" day_of_week="${o.dayOfWeek}" week_of_month="${WEEKS_OF_MONTH.indexOf(o.weekOfMonth) + 1}" />`;
  const tz = catalog.timeZones.find((t) => t.code === s.timeZoneCode) ?? {
    code: s.timeZoneCode,
    details: `(GMT+0000) ${s.timeZoneCode}`,
    offsetMinutes: 0,
    dst: "none" as const,
  };
  const opt = (tag: string, v: number | string | undefined) =>
    v === undefined ? "" : `\n         <${tag}>${escapeXml(String(v))}</${tag}>`;
  return `<SCHEDULE>
          ${occ}
         <START_DATE_UTC>${startDateUtc(s, tz)}</START_DATE_UTC>
         <START_HOUR>${s.startHour}</START_HOUR>
         <START_MINUTE>${s.startMinute}</START_MINUTE>
         <TIME_ZONE>
           <TIME_ZONE_CODE>${escapeXml(tz.code)}</TIME_ZONE_CODE>
           <TIME_ZONE_DETAILS>${escapeXml(tz.details)}</TIME_ZONE_DETAILS>
         </TIME_ZONE>
         <DST_SELECTED>${s.observeDst ? 1 : 0}</DST_SELECTED>${opt("RECURRENCE", s.recurrence)}${opt("END_AFTER_HOURS", s.endAfterHours)}${opt(
           "END_AFTER_MINUTES",
           s.endAfterHours === undefined ? undefined : (s.endAfterMinutes ?? 0),
         )}${opt("PAUSE_AFTER_HOURS", s.pauseAfterHours)}${opt("PAUSE_AFTER_MINUTES", s.pauseAfterHours === undefined ? undefined : (s.pauseAfterMinutes ?? 0))}${opt(
           "RESUME_IN_DAYS",
           s.resumeInDays,
         )}${opt("RESUME_IN_HOURS", s.resumeInHours)}
       </SCHEDULE>`;
}

function renderScan(job: EmuScanJob, catalog: ScanCatalog, cloudDetails: boolean): string {
  const connector = catalog.connectors.find((c) => c.id === job.connectorId);
  const option = catalog.optionProfiles.find((o) => o.id === job.optionProfileId);
  const scannerNames = job.scannerIds.map((id) => catalog.scanners.find((s) => s.id === id)?.name ?? id).join(",");
  const tagNames = (ids: string[]) => ids.map((id) => catalog.tags.find((t) => t.id === id)?.name ?? id).join(",");
  const hasTags = job.tags.include.length > 0 || job.tags.exclude.length > 0;
  const cloud = cloudDetails
    ? `
       <CLOUD_DETAILS>
         <PROVIDER>GCP</PROVIDER>
         <CONNECTOR>
           <ID>${escapeXml(connector?.id ?? job.connectorId)}</ID>
           <UUID>${escapeXml(connector?.uuid ?? "")}</UUID>
           <NAME>${cdata(connector?.name ?? "")}</NAME>
         </CONNECTOR>
         <SCAN_TYPE>Cloud Internal</SCAN_TYPE>
         <CLOUD_TARGET>
           <PLATFORM>Compute Engine</PLATFORM>${job.regionCode === undefined ? "" : `\n           <REGION>\n             <CODE>${escapeXml(job.regionCode)}</CODE>\n           </REGION>`}
           ${job.virtualNetworkId === undefined ? "<VPC_SCOPE>None</VPC_SCOPE>" : `<VPC_SCOPE>Selected</VPC_SCOPE>\n           <VPC_LIST>\n             <VPC>\n               <ID>${cdata(job.virtualNetworkId)}</ID>\n             </VPC>\n           </VPC_LIST>`}
         </CLOUD_TARGET>
       </CLOUD_DETAILS>`
    : "";
  const tags = hasTags
    ? `
       <ASSET_TAGS>
         <TAG_INCLUDE_SELECTOR>${job.tags.includeSelector}</TAG_INCLUDE_SELECTOR>${job.tags.include.length === 0 ? "" : `\n         <TAG_SET_INCLUDE>${cdata(tagNames(job.tags.include))}</TAG_SET_INCLUDE>`}
         <TAG_EXCLUDE_SELECTOR>${job.tags.excludeSelector}</TAG_EXCLUDE_SELECTOR>${job.tags.exclude.length === 0 ? "" : `\n         <TAG_SET_EXCLUDE>${cdata(tagNames(job.tags.exclude))}</TAG_SET_EXCLUDE>`}
         <USE_IP_NT_RANGE_TAGS>0</USE_IP_NT_RANGE_TAGS>
       </ASSET_TAGS>`
    : "";
  return `     <SCAN>
       <ID>${job.id}</ID>
       <ACTIVE>${job.active ? 1 : 0}</ACTIVE>
       <TITLE>${cdata(job.title)}</TITLE>
       <USER_LOGIN>${escapeXml(job.userLogin)}</USER_LOGIN>
       <TARGET>${cdata(hasTags ? "Asset Tags Included" : "All Compute Engine Instances")}</TARGET>
       <ISCANNER_NAME>${cdata(scannerNames)}</ISCANNER_NAME>${cloud}${tags}
       <OPTION_PROFILE>
         <TITLE>${cdata(option?.title ?? "")}</TITLE>
         <DEFAULT_FLAG>${option?.isDefault ? 1 : 0}</DEFAULT_FLAG>
       </OPTION_PROFILE>
       <PROCESSING_PRIORITY>${job.priority} - ${PRIORITY_LABELS[job.priority]}</PROCESSING_PRIORITY>
       ${renderSchedule(job, catalog)}
     </SCAN>`;
}

export function renderScheduleScanList(jobs: EmuScanJob[], catalog: ScanCatalog, opts: { cloudDetails: boolean; version: string }): string {
  const list =
    jobs.length === 0
      ? ""
      : `\n   <SCHEDULE_SCAN_LIST>\n${jobs.map((j) => renderScan(j, catalog, opts.cloudDetails)).join("\n")}\n   </SCHEDULE_SCAN_LIST>`;
  return `<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE SCHEDULE_SCAN_LIST_OUTPUT SYSTEM "https://qualysapi.qualys.com/api/${opts.version}/fo/schedule/scan/schedule_scan_list_output.dtd">
<SCHEDULE_SCAN_LIST_OUTPUT>
 <RESPONSE>
   <DATETIME>${utcTimestamp()}</DATETIME>${list}
 </RESPONSE>
</SCHEDULE_SCAN_LIST_OUTPUT>
`;
}
