/** `qualys-drift` arguments: groups of stacks per project directory, formats, fail-on, and clear usage errors (exit 1). */
import { main, parseArgs, UsageError } from "./cli";

test("--cwd starts a group; --stack belongs to the last one; a --cwd alone means all its stacks", () => {
  const a = parseArgs(["--cwd", "ts", "--stack", "prod,staging", "--cwd", "yaml", "--cwd", "py", "-s", "dev"], "/repo");
  expect(a.groups).toEqual([
    { cwd: "/repo/ts", stacks: ["prod", "staging"] },
    { cwd: "/repo/yaml", stacks: [] },
    { cwd: "/repo/py", stacks: ["dev"] },
  ]);
  expect(parseArgs(["--stack", "dev"], "/repo").groups).toEqual([{ cwd: "/repo", stacks: ["dev"] }]);
  expect(parseArgs([], "/repo")).toMatchObject({ groups: [{ cwd: "/repo", stacks: [] }], formats: ["json"], failOn: [], parallel: 1 });
});

test("formats, --out, --fail-on (repeated or comma-separated), --parallel, --now", () => {
  const a = parseArgs(
    [
      "--format",
      "json,html",
      "--format=junit",
      "--out",
      "reports",
      "--fail-on",
      "drift",
      "--fail-on=unmanaged,drift",
      "--parallel",
      "3",
      "--now",
      "2026-12-01T00:00:00Z",
    ],
    "/w",
  );
  expect(a).toMatchObject({ formats: ["json", "html", "junit"], out: "/w/reports", failOn: ["drift", "unmanaged"], parallel: 3 });
  expect(a.now?.toISOString()).toBe("2026-12-01T00:00:00.000Z");
});

test.each([
  [["--format", "pdf"], /--format: "pdf" is not one of json, markdown, junit, html/],
  [["--fail-on", "everything"], /--fail-on: "everything" is not one of drift, unmanaged, reminders/],
  [["--parallel", "0"], /--parallel: "0" is not a positive whole number/],
  [["--now", "yesterday"], /--now: "yesterday" is not an ISO 8601 time/],
  [["--format", "json,html"], /need --out DIR/],
  [["--stack"], /--stack needs a value/],
  [["--bogus"], /unknown argument "--bogus"/],
])("%j is refused: %s", (argv, message) => {
  expect(() => parseArgs(argv, "/w")).toThrow(UsageError);
  expect(() => parseArgs(argv, "/w")).toThrow(message);
});

test("bad arguments: exit 1 with the reason on stderr, nothing on stdout, no stack read", async () => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(["--fail-on", "nope"], { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {}, cwd: "/w" });
  expect(code).toBe(1);
  expect(out).toEqual([]);
  expect(err.join("")).toMatch(/qualys-drift: --fail-on: "nope"/);
});
