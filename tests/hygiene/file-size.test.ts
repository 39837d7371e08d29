/**
 * No hand-written source file over 600 lines: past that a file holds several jobs, and the next
 * reader has to find the one they need. Generated SDKs (sdk/) and tests are not counted; a test file
 * grows with its cases.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";

const ROOT = resolve(__dirname, "../..");
const LIMIT = 600;
const SOURCE_DIRS = ["provider", "emulator", "bench", "scripts", "sdkgen", "tests/helpers"];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) return e === "node_modules" || e === "__fixtures__" ? [] : sources(p);
    return /\.(ts|js|go|sh|py)$/.test(e) && !/\.test\.ts$/.test(e) ? [p] : [];
  });
}

test(`no hand-written source file is over ${LIMIT} lines`, () => {
  const files = SOURCE_DIRS.flatMap((d) => sources(join(ROOT, d)));
  expect(files.length).toBeGreaterThan(100);
  const over = files
    .map((f) => ({ file: relative(ROOT, f), lines: readFileSync(f, "utf8").split("\n").length - 1 }))
    .filter((f) => f.lines > LIMIT);
  expect(over).toEqual([]);
});
