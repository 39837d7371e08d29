/**
 * The HTML drift report in a real browser (headless Chromium from Debian's packages, which .ci/run installs):
 * the figures a person reads are the report's, the bars are drawn to scale, the console stays clean, the page
 * asks for nothing over the network, and hostile values show as text. It saves a screenshot of the sample
 * to reports/drift-report.png; with UPDATE_SCREENSHOTS=1 (or when it is missing) also to
 * docs/img/drift-report.png, which the docs show.
 */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderHtml } from "../../provider/drift/report";
import { HOSTILE, hostileDriftReport, sampleDriftReport } from "../helpers/drift-report";
import { renderInChromium } from "../helpers/drift-report-browser";
import { REPO } from "../helpers/pulumi";

jest.setTimeout(180_000);

test("the sample report: figures, coverage bars to scale, drifted fields, due reminders, a clean console", async () => {
  const report = sampleDriftReport();
  const page = await renderInChromium(renderHtml(report), { screenshot: true });
  expect(page.figures).toEqual({
    stacks: "2",
    "stacks-that-failed": "0",
    resources: String(report.summary.resources),
    "in-sync": "5",
    drifted: "3",
    "gone-from-qualys": "1",
    "pending-create": "1",
    unreadable: "1",
    "unmanaged-objects": "5",
    "reminders-due": "2",
    "exit-code": "2",
  });
  // Each coverage row: the numbers, and a filled bar whose drawn width is the ratio of its track.
  expect(page.coverage.map((c) => c.cells.slice(1).filter(Boolean))).toEqual(
    report.coverage.map((c) => [c.type, `${c.managed} / ${c.total}`, `${Math.round(c.ratio * 100)}%`]),
  );
  page.coverage.forEach((c, i) => expect(c.ratio).toBeCloseTo(report.coverage[i].ratio, 2));
  expect(page.driftedFields).toEqual([
    ["regions", '["us-east-1","us-west-2","eu-west-1"]', '["us-east-1"]'],
    ["ips", '["10.20.0.10","10.20.0.11"]', '["10.20.0.10","10.20.0.99"]'],
    ["active", "true", "false"],
  ]);
  expect(page.dueReminders).toEqual(["AWS / 123456789012 / us-west-2", "AWS / 123456789012 / eu-west-1"]);
  expect(page.fitsWidth).toBe(true);
  expect(page.activeElements).toBe(0);
  expect(page.problems.console).toEqual([]);
  expect(page.externalRequests).toEqual([]);

  const png = page.screenshot ?? Buffer.alloc(0);
  expect(png.subarray(1, 4).toString()).toBe("PNG");
  mkdirSync(join(REPO, "reports"), { recursive: true });
  writeFileSync(join(REPO, "reports/drift-report.png"), png);
  const docsImage = join(REPO, "docs/img/drift-report.png");
  if (process.env.UPDATE_SCREENSHOTS === "1" || !existsSync(docsImage)) copyFileSync(join(REPO, "reports/drift-report.png"), docsImage);
});

test("hostile values render as text: no script runs, no element is injected, nothing is fetched", async () => {
  const page = await renderInChromium(renderHtml(hostileDriftReport()));
  expect(page.activeElements).toBe(0);
  expect(page.bodyText).toContain(`<script>alert("x")</script><img src=x onerror=alert(1)>`);
  expect(page.bodyText.split(HOSTILE.slice(0, 30)).length).toBeGreaterThan(40);
  expect(page.problems.dialogs).toEqual([]);
  expect(page.problems.console).toEqual([]);
  expect(page.externalRequests).toEqual([]);
});
