/**
 * The HTML report: one self-contained page (inline CSS and SVG, no script, no external asset) that can be
 * published as a CI artifact and opened offline. A Content-Security-Policy forbids scripts and every
 * fetch, so even a value that escaped escaping could not run or call out. Figures carry data-figure
 * attributes so that a test can read them back from the rendered page.
 */
import type { Coverage, DriftReport, ResourceOutcome } from "../model";
import { RESOURCE_SECTIONS, STATUS_LABEL, escapeMarkup as x, percent, resourceLabel, showValue, summaryRows, verdict } from "./text";
import { STYLE } from "./html-style";

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** Widest value shown in a field table; the JSON report carries the whole value. */
const MAX_FIELD_VALUE = 600;

function figureId(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]+/g, "-");
}

function summaryCards(report: DriftReport): string {
  const tone: Record<string, string> = {
    drifted: "bad",
    "gone-from-qualys": "bad",
    unreadable: "bad",
    "stacks-that-failed": "bad",
    "unmanaged-objects": "warn",
    "reminders-due": "warn",
    "pending-create": "info",
    "in-sync": "good",
  };
  return summaryRows(report)
    .map(([label, value]) => {
      const id = figureId(label);
      const cls = value > 0 && tone[id] ? ` ${tone[id]}` : "";
      return `<div class="card${cls}"><div class="value" data-figure="${id}">${value}</div><div class="label">${x(label)}</div></div>`;
    })
    .join("");
}

/** One stacked bar of the resources by status, so the proportions show at a glance. */
function statusBar(report: DriftReport): string {
  const s = report.summary;
  const parts: [string, number, string][] = [
    ["in sync", s.inSync, "var(--good)"],
    ["drifted", s.drifted, "var(--bad)"],
    ["gone", s.gone, "var(--bad-dark)"],
    ["unreadable", s.unreadable, "var(--warn)"],
    ["pending create", s.pending, "var(--info)"],
  ];
  const total = parts.reduce((n, [, v]) => n + v, 0);
  if (total === 0) return "";
  let at = 0;
  const rects = parts
    .filter(([, v]) => v > 0)
    .map(([label, v, color]) => {
      const w = (v / total) * 100;
      const rect = `<rect x="${at.toFixed(3)}%" y="0" width="${w.toFixed(3)}%" height="14" fill="${color}"><title>${x(label)}: ${v}</title></rect>`;
      at += w;
      return rect;
    })
    .join("");
  const legend = parts
    .map(([label, v, color]) => `<span class="legend-item"><span class="swatch" style="background:${color}"></span>${x(label)} ${v}</span>`)
    .join("");
  return `<svg class="statusbar" role="img" aria-label="resources by status" width="100%" height="14" preserveAspectRatio="none">${rects}</svg><div class="legend">${legend}</div>`;
}

function coverageRow(c: Coverage, i: number): string {
  const pct = Math.max(0, Math.min(100, c.ratio * 100));
  const tone = c.ratio >= 0.999 ? "var(--good)" : c.ratio >= 0.5 ? "var(--warn)" : "var(--bad)";
  return (
    `<tr data-coverage="${i}">` +
    `<td>${x(c.subscription)}</td><td class="nowrap">${x(c.type)}</td>` +
    `<td class="bar-cell"><svg class="bar" width="100%" height="12" role="img" aria-label="${x(`${c.type}: ${percent(c.ratio)} managed`)}">` +
    `<rect width="100%" height="12" rx="3" fill="var(--track)"/>` +
    `<rect width="${pct.toFixed(2)}%" height="12" rx="3" fill="${tone}"/></svg></td>` +
    `<td class="num" data-figure="coverage-count">${c.managed} / ${c.total}</td>` +
    `<td class="num" data-figure="coverage-percent">${percent(c.ratio)}</td></tr>`
  );
}

function coverageSection(report: DriftReport): string {
  if (report.coverage.length === 0) return "";
  return section(
    "Coverage per type",
    `<p class="hint">Objects in Qualys managed by the given stacks, per subscription and type.</p>` +
      `<table class="coverage"><thead><tr><th>Subscription</th><th>Type</th><th class="bar-head">Managed</th><th class="num">Managed / total</th><th class="num">Coverage</th></tr></thead><tbody>${report.coverage
        .map(coverageRow)
        .join("")}</tbody></table>`,
  );
}

function section(title: string, body: string, count?: number): string {
  const badge = count === undefined ? "" : ` <span class="count">${count}</span>`;
  return `<section><h2>${x(title)}${badge}</h2>${body}</section>`;
}

function driftedResource(r: ResourceOutcome): string {
  const fields = r.fields
    .map(
      (f) =>
        `<tr><td><code>${x(f.path)}</code></td><td><code class="state">${x(showValue(f.state, MAX_FIELD_VALUE))}</code></td><td><code class="qualys">${x(
          showValue(f.qualys, MAX_FIELD_VALUE),
        )}</code></td></tr>`,
    )
    .join("");
  const unobservable =
    r.unobservable.length > 0
      ? `<p class="hint">Not observable in Qualys (kept from state, never drift): ${r.unobservable.map((u) => `<code>${x(u)}</code>`).join(", ")}</p>`
      : "";
  return (
    `<article class="resource" data-resource="${x(r.urn)}"><header><span class="pill bad">drifted</span> <strong>${x(resourceLabel(r))}</strong>` +
    ` <span class="muted">in stack ${x(r.stack)}${r.id ? ` · Qualys id <code>${x(r.id)}</code>` : ""}</span></header>` +
    `<table class="fields"><colgroup><col class="c-field"><col class="c-value"><col class="c-value"></colgroup><thead><tr><th>Field</th><th>In state</th><th>In Qualys</th></tr></thead><tbody>${fields}</tbody></table>${unobservable}</article>`
  );
}

function otherResources(rs: ResourceOutcome[]): string {
  return `<table><thead><tr><th>Stack</th><th>Resource</th><th>Status</th><th>Qualys id</th><th>Detail</th></tr></thead><tbody>${rs
    .map(
      (r) =>
        `<tr><td>${x(r.stack)}</td><td>${x(resourceLabel(r))}</td><td><span class="pill ${r.status === "pending" ? "info" : "bad"}">${x(
          STATUS_LABEL[r.status],
        )}</span></td><td>${r.id ? `<code>${x(r.id)}</code>` : ""}</td><td>${
          r.error ? `<code>${x(r.error.kind)}</code> ${x(r.error.message)}` : r.status === "gone" ? "deleted in Qualys" : ""
        }</td></tr>`,
    )
    .join("")}</tbody></table>`;
}

function resourceSections(report: DriftReport): string {
  return RESOURCE_SECTIONS.map(({ status, title }) => {
    const rs = report.resources.filter((r) => r.status === status);
    if (rs.length === 0) return "";
    const body = status === "drifted" ? rs.map(driftedResource).join("") : otherResources(rs);
    const hint =
      status === "drifted" || status === "gone"
        ? `<p class="hint">Repair with <code>pulumi up --refresh</code> in the stack's directory.</p>`
        : "";
    return section(title, hint + body, rs.length);
  }).join("");
}

function remindersSection(report: DriftReport): string {
  const due = report.reminders.filter((r) => r.due);
  if (report.reminders.length === 0) return "";
  const later = report.reminders.length - due.length;
  const rows = due
    .map(
      (r) =>
        `<tr data-reminder><td>${x(r.stack)}</td><td>${x(r.resource)}</td><td>${x(r.cloud)} / ${x(r.account)} / ${x(r.region)}</td><td>${x(
          r.what,
        )}</td><td><time>${x(r.notBefore)}</time></td><td>${x(r.source)}</td></tr>`,
    )
    .join("");
  const table =
    due.length > 0
      ? `<table><thead><tr><th>Stack</th><th>Resource</th><th>Cloud / account / region</th><th>What</th><th>Not before</th><th>From</th></tr></thead><tbody>${rows}</tbody></table>`
      : `<p class="hint">No reminder is due.</p>`;
  return section("Cleanup reminders due", table + (later > 0 ? `<p class="hint">${later} more not due yet.</p>` : ""), due.length);
}

function unmanagedSection(report: DriftReport): string {
  if (report.unmanaged.length === 0) return "";
  const rows = report.unmanaged
    .map(
      (u) =>
        `<tr data-unmanaged><td>${x(u.subscription)}</td><td>${x(u.type)}</td><td>${x(u.naturalKey)}</td><td><code>${x(u.id)}</code></td><td>${
          u.madeByPulumiElsewhere
            ? `<span class="pill warn">Pulumi elsewhere</span>${u.ownerHint ? ` ${x(u.ownerHint)}` : ""}`
            : "made outside Pulumi"
        }</td></tr>`,
    )
    .join("");
  return section(
    "Unmanaged objects",
    `<p class="hint">In Qualys, but in none of the given stacks.</p><table><thead><tr><th>Subscription</th><th>Type</th><th>Natural key</th><th>Qualys id</th><th>Origin</th></tr></thead><tbody>${rows}</tbody></table>`,
    report.unmanaged.length,
  );
}

function stacksSection(report: DriftReport): string {
  const rows = report.stacks
    .map(
      (s) =>
        `<tr><td>${x(s.stack)}</td><td>${x(s.project)}</td><td>${s.ok ? `<span class="pill good">read</span>` : `<span class="pill bad">failed</span>`}</td><td class="num">${
          s.resources
        }</td><td class="num">${(s.durationMs / 1000).toFixed(1)} s</td><td>${s.error ? x(s.error) : ""}</td></tr>`,
    )
    .join("");
  return section(
    "Stacks",
    `<table><thead><tr><th>Stack</th><th>Project</th><th>Result</th><th class="num">Resources</th><th class="num">Time</th><th>Error</th></tr></thead><tbody>${rows}</tbody></table>`,
    report.stacks.length,
  );
}

/** A line saying so when the run found nothing, rather than a page of absent sections. */
function allClear(report: DriftReport): string {
  const s = report.summary;
  if (s.resources !== s.inSync || s.unmanaged + s.remindersDue + s.stacksFailed > 0) return "";
  return section(
    "Nothing to act on",
    `<p class="hint" data-all-clear>Every resource is in sync with Qualys, no object is unmanaged and no cleanup is due.</p>`,
  );
}

/** The HTML report: a complete document with no external reference. */
export function renderHtml(report: DriftReport): string {
  const tone = report.exitCode === 0 ? "good" : report.exitCode === 2 ? "bad" : "warn";
  const calls = report.apiCalls ? ` · ${report.apiCalls.reads} read calls, ${report.apiCalls.writes} write calls` : "";
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Qualys drift report · ${x(report.generatedAt)}</title>
<style>${STYLE}</style></head>
<body><main>
<header class="top"><div><h1>Qualys drift report</h1><p class="muted">Generated <time>${x(report.generatedAt)}</time> · format ${x(report.version)} · ${
    report.summary.stacks
  } stacks${x(calls)}</p></div>
<div class="verdict ${tone}"><span class="code" data-figure="exit-code">${report.exitCode}</span><span>${x(verdict(report))}</span></div></header>
<section class="summary"><div class="cards">${summaryCards(report)}</div>${statusBar(report)}</section>
${allClear(report)}${resourceSections(report)}${remindersSection(report)}${unmanagedSection(report)}${coverageSection(report)}${stacksSection(report)}
<footer class="muted">qualys-drift never writes to Qualys or to any state. The JSON report holds every value in full.</footer>
</main></body></html>
`;
}
