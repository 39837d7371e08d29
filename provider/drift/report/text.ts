/**
 * What every renderer shares: escaping for markup (HTML and XML use the same five entities), the short form
 * of a value for a table cell, and the order and wording of the report's sections. The renderers only lay
 * these out, so a hostile name or value is handled in one place.
 */
import type { DriftReport, ResourceOutcome } from "../model";

/**
 * Characters XML 1.0 forbids even as references (C0 controls but tab/newline/carriage return, lone
 * surrogates, U+FFFE/U+FFFF). A value from Qualys or a state file may hold them; a JUnit consumer rejects
 * the whole file, so they become U+FFFD.
 */
/* eslint-disable no-control-regex -- matching control characters is the point */
const NOT_XML_CHAR =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/* eslint-enable no-control-regex */

/** `text` without the characters XML forbids (each becomes U+FFFD), which no report format can show either. */
export function printable(text: string): string {
  return text.replace(NOT_XML_CHAR, "\uFFFD");
}

/** Text or attribute value for HTML and XML: the five predefined entities, and no character XML forbids. */
export function escapeMarkup(value: unknown): string {
  return printable(String(value))
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/**
 * An XML attribute value: escapeMarkup, plus tab and line breaks as character references, which an XML
 * reader keeps (a literal one it turns into a space), so a multi-line error message keeps its lines.
 */
export function escapeAttribute(value: unknown): string {
  return escapeMarkup(value).replace(/\t/g, "&#9;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;");
}

/** Longest value shown in a cell; the JSON report carries the whole value. */
export const MAX_VALUE_CHARS = 240;

/** Shortens text to `max` characters, ending in "…" when cut (never splitting a surrogate pair). */
export function clip(text: string, max = MAX_VALUE_CHARS): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (/[\uD800-\uDBFF]/.test(text[end - 1] ?? "")) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** One line for a value in state or in Qualys: JSON (so "1" and 1 differ), "absent" for undefined, clipped. */
export function showValue(value: unknown, max = MAX_VALUE_CHARS): string {
  if (value === undefined) return "absent";
  if (typeof value === "bigint") return clip(`${value}`, max);
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    // A cycle cannot come from JSON state, but the report must still render.
  }
  return clip(text ?? `(${typeof value})`, max);
}

export type ProblemStatus = Exclude<ResourceOutcome["status"], "in-sync">;

/** Resource outcomes a person acts on, in the order reports show them, with their headings. */
export const RESOURCE_SECTIONS: readonly { status: ProblemStatus; title: string; noun: string }[] = [
  { status: "drifted", title: "Drifted resources", noun: "drifted resources" },
  { status: "gone", title: "Gone from Qualys", noun: "resources gone from Qualys" },
  { status: "unreadable", title: "Unreadable resources", noun: "unreadable resources" },
  { status: "pending", title: "Pending create", noun: "resources pending create" },
];

export const STATUS_LABEL: Record<ResourceOutcome["status"], string> = {
  "in-sync": "in sync",
  drifted: "drifted",
  gone: "gone",
  pending: "pending create",
  unreadable: "unreadable",
};

/** Rows of the summary table, shared so that every format names the figures alike. */
export function summaryRows(report: DriftReport): [label: string, value: number][] {
  const s = report.summary;
  return [
    ["Stacks", s.stacks],
    ["Stacks that failed", s.stacksFailed],
    ["Resources", s.resources],
    ["In sync", s.inSync],
    ["Drifted", s.drifted],
    ["Gone from Qualys", s.gone],
    ["Pending create", s.pending],
    ["Unreadable", s.unreadable],
    ["Unmanaged objects", s.unmanaged],
    ["Reminders due", s.remindersDue],
  ];
}

/** "0 nothing to act on" and so on: the exit code as a person reads it. */
export function verdict(report: DriftReport): string {
  if (report.exitCode === 1) return "the run could not complete";
  if (report.exitCode === 2) return `found something named in --fail-on (${report.failOn.join(", ")})`;
  return "nothing to act on";
}

/** Coverage as a whole percentage, e.g. "75%"; a type with no objects counts as fully covered. */
export function percent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

/** "type/name", the name every format gives a resource. */
export function resourceLabel(r: ResourceOutcome): string {
  return `${r.type}/${r.name}`;
}
