/**
 * Opens an HTML drift report in headless Chromium and reads back what a person sees: the summary figures,
 * each coverage row with the drawn width of its bar, the drifted fields and the due reminders, plus what
 * the console reported and every request the page made. For any test that produces an HTML report.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { withPage, type PageProblems } from "./chromium";

export interface RenderedReport {
  /** data-figure → text of the summary cards and the exit code. */
  figures: Record<string, string>;
  /** Per coverage row: the cells' text, and the filled bar's width ÷ its track's as drawn. */
  coverage: { cells: string[]; ratio: number }[];
  /** Per drifted field: [path, in state, in Qualys]. */
  driftedFields: string[][];
  /** Per due reminder: "cloud / account / region". */
  dueReminders: string[];
  /** Number of script, img, iframe and link elements (a self-contained report has none). */
  activeElements: number;
  bodyText: string;
  /** The page is no wider than a 1280-pixel window. */
  fitsWidth: boolean;
  problems: PageProblems;
  /** Requests to anything but the report file itself. */
  externalRequests: string[];
  /** PNG of the whole page, when asked for. */
  screenshot?: Buffer;
}

export async function renderInChromium(html: string, opts: { screenshot?: boolean } = {}): Promise<RenderedReport> {
  const dir = mkdtempSync(join(tmpdir(), "drift-html-"));
  try {
    const file = join(dir, "report.html");
    writeFileSync(file, html);
    return await withPage(async (page) => {
      await page.goto(pathToFileURL(file).href);
      const seen = await page.evaluate<Omit<RenderedReport, "problems" | "externalRequests" | "screenshot">>(`(() => {
        const text = (e) => e.textContent;
        return {
          figures: Object.fromEntries([...document.querySelectorAll("[data-figure]")].filter(e => !e.closest("tr")).map(e => [e.dataset.figure, text(e)])),
          coverage: [...document.querySelectorAll("tr[data-coverage]")].map(tr => {
            const [track, fill] = tr.querySelectorAll("svg.bar rect");
            return { cells: [...tr.cells].map(text), ratio: fill.getBoundingClientRect().width / track.getBoundingClientRect().width };
          }),
          driftedFields: [...document.querySelectorAll("article.resource table.fields tbody tr")].map(tr => [...tr.cells].map(text)),
          dueReminders: [...document.querySelectorAll("tr[data-reminder]")].map(tr => text(tr.cells[2])),
          activeElements: document.querySelectorAll("script, img, iframe, link, object, embed").length,
          bodyText: document.body.textContent,
          fitsWidth: document.documentElement.scrollWidth <= window.innerWidth,
        };
      })()`);
      return {
        ...seen,
        problems: page.problems,
        externalRequests: page.problems.requests.filter((u) => u !== pathToFileURL(file).href),
        screenshot: opts.screenshot ? await page.screenshot(1280) : undefined,
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
