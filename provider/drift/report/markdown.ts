/**
 * The Markdown report, for a pull-request or issue comment. GitHub refuses a comment over 65,536 characters,
 * so the details are cut to a budget: the summary always shows, then each section adds rows while they fit,
 * and what does not fit becomes a count ("… and 37 more drifted resources"). Every value from state or
 * Qualys goes into a code span, so it can neither format the comment, link, nor mention anyone.
 */
import type { DriftReport, ResourceOutcome } from "../model";
import { RESOURCE_SECTIONS, clip, printable, percent, resourceLabel, showValue, summaryRows, verdict } from "./text";

/** GitHub's limit for an issue or pull-request comment body. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** Drifted fields shown per resource before the rest is counted. */
const MAX_FIELDS_PER_RESOURCE = 8;

/**
 * A table cell showing `text` literally: a code span fenced by more backticks than the text holds, with `|`
 * escaped (GitHub splits table cells before it parses code spans) and line breaks flattened.
 */
export function cell(text: string, max?: number): string {
  const flat = clip(printable(text).replace(/\r\n|[\r\n\u2028\u2029]/g, " "), max).replace(/\|/g, "\\|");
  if (flat === "") return "*(empty)*";
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") || /^ .* $/.test(flat) ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

interface Section {
  title: string;
  /** Says what the rows that did not fit were, e.g. "drifted resources". */
  noun: string;
  header: string[];
  rows: string[];
}

function table(header: string[]): string {
  return `| ${header.join(" | ")} |\n|${header.map(() => " --- |").join("")}\n`;
}

function row(cells: string[]): string {
  return `| ${cells.join(" | ")} |\n`;
}

function fieldsCell(r: ResourceOutcome): string {
  const shown = r.fields
    .slice(0, MAX_FIELDS_PER_RESOURCE)
    .map((f) => `${cell(f.path, 80)}: ${cell(showValue(f.state, 120))} → ${cell(showValue(f.qualys, 120))}`);
  const more = r.fields.length - shown.length;
  if (more > 0) shown.push(`… and ${more} more fields`);
  return shown.join("<br>");
}

function resourceSections(report: DriftReport): Section[] {
  return RESOURCE_SECTIONS.map(({ status, title, noun }) => {
    const outcomes = report.resources.filter((r) => r.status === status);
    const detailHeader = { drifted: "Field: state → Qualys", unreadable: "Error", gone: "Qualys id", pending: "Detail" }[status];
    return {
      title: `${title} (${outcomes.length})`,
      noun,
      header: ["Stack", "Resource", detailHeader],
      rows: outcomes.map((r) =>
        row([
          cell(r.stack, 80),
          cell(resourceLabel(r), 120),
          status === "drifted"
            ? fieldsCell(r)
            : status === "unreadable"
              ? `${cell(r.error?.kind ?? "unknown", 40)} ${cell(r.error?.message ?? "", 200)}`
              : status === "gone"
                ? cell(r.id ?? "", 80)
                : "not created in Qualys yet",
        ]),
      ),
    };
  }).filter((s) => s.rows.length > 0);
}

function sections(report: DriftReport): Section[] {
  const failed = report.stacks.filter((s) => !s.ok);
  const due = report.reminders.filter((r) => r.due);
  const all: Section[] = [
    {
      title: `Stacks that failed (${failed.length})`,
      noun: "failed stacks",
      header: ["Stack", "Project", "Error"],
      rows: failed.map((s) => row([cell(s.stack, 80), cell(s.project, 80), cell(s.error ?? "unknown error", 400)])),
    },
    ...resourceSections(report),
    {
      title: `Cleanup reminders due (${due.length})`,
      noun: "due reminders",
      header: ["Stack", "Resource", "Cloud / account / region", "What", "Not before"],
      rows: due.map((r) =>
        row([
          cell(r.stack, 80),
          cell(r.resource, 120),
          cell(`${r.cloud} / ${r.account} / ${r.region}`, 120),
          cell(r.what, 200),
          cell(r.notBefore, 40),
        ]),
      ),
    },
    {
      title: `Unmanaged objects (${report.unmanaged.length})`,
      noun: "unmanaged objects",
      header: ["Subscription", "Type", "Natural key", "Id", "Made by Pulumi elsewhere"],
      rows: report.unmanaged.map((u) =>
        row([
          cell(u.subscription, 80),
          cell(u.type, 40),
          cell(u.naturalKey, 160),
          cell(u.id, 80),
          u.madeByPulumiElsewhere ? `yes${u.ownerHint ? ` (${cell(u.ownerHint, 120)})` : ""}` : "no",
        ]),
      ),
    },
    {
      title: "Coverage",
      noun: "coverage rows",
      header: ["Subscription", "Type", "Managed", "Total", "Coverage"],
      rows: report.coverage.map((c) =>
        row([cell(c.subscription, 80), cell(c.type, 40), String(c.managed), String(c.total), percent(c.ratio)]),
      ),
    },
  ];
  return all.filter((s) => s.rows.length > 0);
}

/** The line that ends a section cut short. */
function cutLine(n: number, noun: string): string {
  return `\n… and ${n} more ${noun}\n`;
}

/** The Markdown report; never longer than `limit` characters (GitHub's comment limit by default). */
export function renderMarkdown(report: DriftReport, limit = GITHUB_COMMENT_LIMIT): string {
  const s = report.summary;
  let head = `## qualys-drift: ${verdict(report)}\n\n`;
  head += `Exit code **${report.exitCode}**`;
  head += report.failOn.length > 0 ? `, failing on ${report.failOn.map((f) => cell(f)).join(", ")}` : ", failing on nothing";
  head += ` · report format ${cell(report.version, 20)} · generated ${cell(report.generatedAt, 40)}`;
  if (report.apiCalls) head += ` · ${report.apiCalls.reads} read calls, ${report.apiCalls.writes} write calls`;
  head += "\n\n";
  head += table(["", "Count"]);
  for (const [label, value] of summaryRows(report)) head += row([label, String(value)]);
  if (s.drifted + s.gone > 0) head += "\nRepair drift with `pulumi up --refresh` in the stack's directory.\n";

  const footer = "\n<sub>Generated by qualys-drift. The JSON report holds every detail.</sub>\n";
  const list = sections(report);
  const titles = list.map((sec) => `\n### ${sec.title}\n\n`);
  const headers = list.map((sec) => table(sec.header));
  // prefix[i][k]: characters of the first k rows of section i.
  const prefix = list.map((sec) => sec.rows.reduce((acc, r) => (acc.push(acc[acc.length - 1] + r.length), acc), [0]));
  const size = (i: number, shown: number) => {
    const sec = list[i];
    const more = sec.rows.length - shown;
    return titles[i].length + (shown > 0 ? headers[i].length + prefix[i][shown] : 0) + (more > 0 ? cutLine(more, sec.noun).length : 0);
  };
  const shown = list.map(() => 0);
  let used = head.length + footer.length + list.reduce((n, _sec, i) => n + size(i, 0), 0);
  // First an equal share of what is left per section, so that a long first section cannot crowd out the
  // others (what one does not use passes on); then what is still left goes to the sections in order.
  list.forEach((sec, i) => {
    const share = Math.floor((limit - used) / (list.length - i));
    const before = size(i, 0);
    while (shown[i] < sec.rows.length && size(i, shown[i] + 1) - before <= share) shown[i] += 1;
    used += size(i, shown[i]) - before;
  });
  list.forEach((sec, i) => {
    while (shown[i] < sec.rows.length && used - size(i, shown[i]) + size(i, shown[i] + 1) <= limit) {
      used += size(i, shown[i] + 1) - size(i, shown[i]);
      shown[i] += 1;
    }
  });
  const parts = [head];
  list.forEach((sec, i) => {
    const more = sec.rows.length - shown[i];
    const rows = shown[i] > 0 ? headers[i] + sec.rows.slice(0, shown[i]).join("") : "";
    parts.push(`${titles[i]}${rows}${more > 0 ? cutLine(more, sec.noun) : ""}`);
  });
  parts.push(footer);
  return parts.join("");
}
