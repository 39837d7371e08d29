/**
 * The hosted repository's workflows (.github/workflows) pass actionlint: a syntax error, an unknown
 * action input, a bad expression or an undefined reference fails the test run, not the first push.
 * scripts/actionlint.sh builds actionlint once from the Go module proxy (cached outside the repository).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO } from "../helpers/pulumi";

jest.setTimeout(600_000);

function actionlint(files: string[]): { code: number; out: string } {
  try {
    const out = execFileSync("bash", [join(REPO, "scripts/actionlint.sh"), ...files], { cwd: REPO, encoding: "utf8", stdio: "pipe" });
    return { code: 0, out };
  } catch (e) {
    const err = e as { status?: number; stdout?: string; stderr?: string };
    return { code: err.status ?? 1, out: `${err.stdout ?? ""}${err.stderr ?? ""}` };
  }
}

const workflows = readdirSync(join(REPO, ".github/workflows")).filter((f) => /\.ya?ml$/.test(f));

test("ci.yml and release.yml exist and call the make targets", () => {
  expect(workflows.sort()).toEqual(["ci.yml", "release.yml"]);
  expect(readFileSync(join(REPO, ".github/workflows/ci.yml"), "utf8")).toMatch(/run: make ci\n/);
  expect(readFileSync(join(REPO, ".github/workflows/release.yml"), "utf8")).toContain('make release VERSION="${TAG#v}"');
});

test("every workflow passes actionlint", () => {
  const r = actionlint(workflows.map((f) => join(".github/workflows", f)));
  expect(r.out.replace(/^actionlint: building.*\n/m, "")).toBe("");
  expect(r.code).toBe(0);
});

test("actionlint fails on a broken workflow (the check above can fail)", () => {
  const dir = mkdtempSync(join(tmpdir(), "pq-actionlint-"));
  const bad = join(dir, "ci.yml");
  // A typo in an action's input and a reference to a step output that does not exist.
  const text = readFileSync(join(REPO, ".github/workflows/ci.yml"), "utf8")
    .replace("node-version: 20", "node-versoin: 20")
    .replace("run: make ci", "run: make ci ${{ steps.nope.outputs.x }}");
  writeFileSync(bad, text);
  const r = actionlint([bad]);
  rmSync(dir, { recursive: true, force: true });
  expect(r.code).toBe(1);
  expect(r.out).toMatch(/input "node-versoin" is not defined/);
  expect(r.out).toMatch(/property "nope" is not defined/);
});
