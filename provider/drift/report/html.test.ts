/** The HTML report as text: self-contained, no script, every value escaped. tests/e2e/drift-report-html renders it in Chromium. */
import { HOSTILE, hostileDriftReport, sampleDriftReport } from "../../../tests/helpers/drift-report";
import { renderHtml } from "./index";
import { escapeMarkup } from "./text";

test("one self-contained document: no script, no external URL, a CSP that forbids both", () => {
  const html = renderHtml(sampleDriftReport());
  expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
  expect(html).not.toMatch(/<script|<link|<iframe|@import|url\(/i);
  expect(html).not.toMatch(/\b(src|href)=/i);
  expect(html).not.toMatch(/(=|url\()\s*["']?\s*(https?:)?\/\//i); // URLs appear only as text (a subscription)
  expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"`);
});

test("the figures, the drifted fields, coverage and due reminders are on the page", () => {
  const html = renderHtml(sampleDriftReport());
  expect(html).toContain('data-figure="drifted">3<');
  expect(html).toContain('data-figure="reminders-due">2<');
  expect(html).toContain('data-figure="exit-code">2<');
  expect(html).toContain(`<code class="qualys">${escapeMarkup('["us-east-1"]')}</code>`);
  expect(html).toContain('<td class="num" data-figure="coverage-count">4 / 5</td><td class="num" data-figure="coverage-percent">80%</td>');
  expect(html.match(/<tr data-reminder>/g)).toHaveLength(2);
  expect(html).toContain("1 more not due yet.");
  expect(html.match(/<tr data-unmanaged>/g)).toHaveLength(5);
});

test("hostile values are escaped everywhere", () => {
  const html = renderHtml(hostileDriftReport());
  expect(html).not.toMatch(/<script|<img/i);
  expect(html).not.toContain("\u0000");
  expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
  // Every occurrence of the hostile text is the escaped one: as many as the strings the page shows.
  expect(html.split(escapeMarkup(HOSTILE)).length).toBeGreaterThan(40);
});

test("escapeMarkup: the five entities, and characters XML forbids become U+FFFD", () => {
  expect(escapeMarkup(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;");
  expect(escapeMarkup("a\u0000b\u001bc\td\ne\uFFFE\uD800")).toBe("a\uFFFDb\uFFFDc\td\ne\uFFFD\uFFFD");
  expect(escapeMarkup("😀")).toBe("😀");
});

test("a clean run says there is nothing to act on, and shows no empty finding section", () => {
  const report = sampleDriftReport();
  report.resources = report.resources.filter((r) => r.status === "in-sync");
  report.unmanaged = [];
  report.reminders = [];
  report.summary = { ...report.summary, resources: 5, drifted: 0, gone: 0, pending: 0, unreadable: 0, unmanaged: 0, remindersDue: 0 };
  report.exitCode = 0;
  const html = renderHtml(report);
  expect(html).toContain("data-all-clear>Every resource is in sync with Qualys");
  expect(html).toContain("nothing to act on");
  expect(html).not.toMatch(/<h2>(Drifted|Gone|Unreadable|Pending|Cleanup|Unmanaged)/);
  expect(renderHtml(sampleDriftReport())).not.toContain("data-all-clear");
});
