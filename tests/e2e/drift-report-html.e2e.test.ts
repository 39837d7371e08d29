/**
 * The HTML drift report in a real browser (headless Chromium from Debian's packages, which .ci/run installs):
 * the figures a person reads are the report's, the bars are drawn to scale, the console stays clean, the page
 * asks for nothing over the network, and hostile values show as text. It saves a screenshot of the sample
 * to reports/drift-report.png; with UPDATE_SCREENSHOTS=1 (or when it is missing) also to
 * docs/img/drift-report.png, which the docs show.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { renderHtml } from "../../provider/drift/report";
import { withPage, type Page } from "../helpers/chromium";
import { HOSTILE, hostileDriftReport, sampleDriftReport } from "../helpers/drift-report";
import { REPO } from "../helpers/pulumi";

jest.setTimeout(180_000);

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "drift-html-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function open(page: Page, name: string, html: string): Promise<void> {
  const file = join(dir, name);
  writeFileSync(file, html);
  await page.goto(pathToFileURL(file).href);
}

test("the sample report: figures, coverage bars to scale, drifted fields, due reminders, a clean console", async () => {
  const report = sampleDriftReport();
  await withPage(async (page) => {
    await open(page, "report.html", renderHtml(report));
    const figures = await page.evaluate<Record<string, string>>(
      `Object.fromEntries([...document.querySelectorAll("[data-figure]")].filter(e => !e.closest("tr")).map(e => [e.dataset.figure, e.textContent]))`,
    );
    expect(figures).toEqual({
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
    const coverage = await page.evaluate<{ text: string[]; ratio: number }[]>(
      `[...document.querySelectorAll("tr[data-coverage]")].map(tr => {
        const [track, fill] = tr.querySelectorAll("svg.bar rect");
        return { text: [...tr.querySelectorAll("td")].map(td => td.textContent), ratio: fill.getBoundingClientRect().width / track.getBoundingClientRect().width };
      })`,
    );
    expect(coverage.map((c) => c.text.slice(1).filter(Boolean))).toEqual(
      report.coverage.map((c) => [c.type, `${c.managed} / ${c.total}`, `${Math.round(c.ratio * 100)}%`]),
    );
    coverage.forEach((c, i) => expect(c.ratio).toBeCloseTo(report.coverage[i].ratio, 2));
    const drifted = await page.evaluate<string[][]>(
      `[...document.querySelectorAll("article.resource table.fields tbody tr")].map(tr => [...tr.cells].map(td => td.textContent))`,
    );
    expect(drifted).toEqual([
      ["regions", '["us-east-1","us-west-2","eu-west-1"]', '["us-east-1"]'],
      ["ips", '["10.20.0.10","10.20.0.11"]', '["10.20.0.10","10.20.0.99"]'],
      ["active", "true", "false"],
    ]);
    const reminders = await page.evaluate<string[]>(
      `[...document.querySelectorAll("tr[data-reminder]")].map(tr => tr.cells[2].textContent)`,
    );
    expect(reminders).toEqual(["AWS / 123456789012 / us-west-2", "AWS / 123456789012 / eu-west-1"]);
    expect(await page.evaluate<boolean>(`document.body.scrollWidth <= window.innerWidth`)).toBe(true);
    expect(page.problems.console).toEqual([]);
    expect(page.problems.requests.filter((u) => !u.startsWith("file:"))).toEqual([]);

    const png = await page.screenshot(1280);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    mkdirSync(join(REPO, "reports"), { recursive: true });
    writeFileSync(join(REPO, "reports/drift-report.png"), png);
    const docsImage = join(REPO, "docs/img/drift-report.png");
    if (process.env.UPDATE_SCREENSHOTS === "1" || !existsSync(docsImage)) copyFileSync(join(REPO, "reports/drift-report.png"), docsImage);
  });
});

test("hostile values render as text: no script runs, no element is injected, nothing is fetched", async () => {
  await withPage(async (page) => {
    await open(page, "hostile.html", renderHtml(hostileDriftReport()));
    expect(await page.evaluate<number>(`document.querySelectorAll("script, img, iframe, link").length`)).toBe(0);
    const text = await page.evaluate<string>(`document.body.textContent`);
    expect(text).toContain(`<script>alert("x")</script><img src=x onerror=alert(1)>`);
    expect(text.split(HOSTILE.slice(0, 30)).length).toBeGreaterThan(40);
    expect(page.problems.dialogs).toEqual([]);
    expect(page.problems.console).toEqual([]);
    expect(page.problems.requests.filter((u) => !u.startsWith("file:"))).toEqual([]);
  });
});
