/**
 * The repository and every example type-check. The examples compile against the *packed* SDK in
 * node_modules/pulumi-qualys, so this also proves the published typings work for a user's program.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "./helpers/pulumi";

jest.setTimeout(180_000);

function tsc(project: string): string {
  try {
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", project, "--noEmit"], {
      cwd: REPO,
      encoding: "utf8",
      stdio: "pipe",
    });
    return "";
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return `${err.stdout ?? ""}${err.stderr ?? ""}`;
  }
}

test("the repository type-checks (strict)", () => {
  expect(tsc("tsconfig.json")).toBe("");
});

// TypeScript examples only (a Pulumi YAML example has no tsconfig.json).
const examples = readdirSync(join(REPO, "examples")).filter((d) => existsSync(join(REPO, "examples", d, "tsconfig.json")));

test.each(examples)("example %s type-checks against the packed SDK", (example) => {
  expect(tsc(join("examples", example, "tsconfig.json"))).toBe("");
});
