/** Reminders from state and from the JSON-lines file, once each, with `due` by an injected clock. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { remindersFor } from "../shared/notices";
import { collectReminders, readReminderFile } from "./reminders";

const T0 = new Date("2026-12-01T10:00:00Z");
const make = (accountId: string, region: string) =>
  remindersFor({
    accountId,
    cloudType: "AWS",
    cloudInfo: { [region]: { subnetId: `subnet-${region}` } },
    regions: [region],
    reason: "region-removed",
    kinds: ["subnet"],
    now: T0,
  })[0];

test("state and file reminders, once each, due once notBefore has passed", () => {
  const a = make("111111111111", "us-west-2"); // notBefore 14:00
  const b = make("222222222222", "eu-west-1");
  const dir = mkdtempSync(join(tmpdir(), "drift-rem-"));
  const file = join(dir, "reminders.jsonl");
  writeFileSync(
    file,
    [
      JSON.stringify({ ...a, project: "platform" }), // the same reminder as in state: reported once, from state
      JSON.stringify({ ...b, project: "platform" }), // a deregistered account: only in the file
      "not json",
      "",
    ].join("\n"),
  );
  const fromFile = readReminderFile(file);
  expect(fromFile).toHaveLength(2);
  const stacks = [{ stack: "prod", project: "platform" }];
  const fromState = [{ stack: "prod", urn: "urn:pulumi:prod::platform::qualys:index:ServiceAccount::org", reminder: a }];

  const before = collectReminders({ fromState, fromFile, stacks, now: new Date("2026-12-01T13:59:59Z") });
  // Sorted by notBefore, then resource.
  expect(before.map((r) => [r.account, r.source, r.stack, r.due])).toEqual([
    ["222222222222", "file", "prod", false],
    ["111111111111", "state", "prod", false],
  ]);
  expect(before[1]).toMatchObject({
    urn: fromState[0].urn,
    resource: "subnet subnet-us-west-2",
    cloud: "AWS",
    region: "us-west-2",
    notBefore: a.notBefore,
  });
  const after = collectReminders({ fromState, fromFile, stacks, now: new Date("2026-12-01T14:00:00Z") });
  expect(after.every((r) => r.due)).toBe(true);
  // Two stacks of the project: a file line without a stack cannot be attributed.
  const two = collectReminders({ fromState: [], fromFile, stacks: [...stacks, { stack: "staging", project: "platform" }], now: T0 });
  expect(two.map((r) => r.stack)).toEqual(["", ""]);
  expect(readReminderFile(join(dir, "missing.jsonl"))).toEqual([]);
});
