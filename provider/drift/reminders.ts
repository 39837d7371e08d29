/**
 * Cleanup reminders for the report: those the stacks' state holds (a ServiceAccount's
 * `cleanupReminders` output, kept until the account goes) and those in the JSON-lines file named by
 * QUALYS_CLEANUP_REMINDERS_FILE (the only trace of an account that was deregistered). A reminder is
 * due once its `notBefore` has passed.
 */
import { existsSync, readFileSync } from "node:fs";
import type { CleanupReminder, ReminderRecord } from "../shared/notices";
import type { Reminder } from "./model";

/** A reminder found in a stack's state: which stack and resource holds it. */
export interface StateReminder {
  stack: string;
  urn: string;
  reminder: CleanupReminder;
}

function toReminder(r: CleanupReminder, at: { stack: string; urn: string }, source: Reminder["source"], now: Date): Reminder {
  return {
    stack: at.stack,
    urn: at.urn,
    resource: `${r.kind} ${r.resourceId}`,
    cloud: r.cloudType,
    account: r.accountId,
    region: r.region,
    what: r.message,
    notBefore: r.notBefore,
    due: Date.parse(r.notBefore) <= now.getTime(),
    source,
  };
}

const keyOf = (r: CleanupReminder) => JSON.stringify([r.cloudType, r.accountId, r.region, r.kind, r.resourceId, r.reason]);

/** The lines of the reminders file; a line that is not a reminder is skipped (the file is appended to by hand, too). */
export function readReminderFile(file: string | undefined): ReminderRecord[] {
  if (!file || !existsSync(file)) return [];
  const out: ReminderRecord[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    try {
      const r = JSON.parse(line) as Partial<ReminderRecord>;
      if (typeof r.accountId === "string" && typeof r.notBefore === "string" && typeof r.resourceId === "string")
        out.push(r as ReminderRecord);
    } catch {
      // not JSON: not ours
    }
  }
  return out;
}

/**
 * Every reminder once. One in both the state and the file is reported from the state (it names
 * the resource). A file record without a stack (the dynamic provider cannot know it) is given the
 * stack of the run with its project when exactly one stack has that project.
 */
export function collectReminders(args: {
  fromState: StateReminder[];
  fromFile: ReminderRecord[];
  stacks: Array<{ stack: string; project: string }>;
  now: Date;
}): Reminder[] {
  const out: Reminder[] = [];
  const seen = new Set<string>();
  for (const s of args.fromState) {
    seen.add(keyOf(s.reminder));
    out.push(toReminder(s.reminder, s, "state", args.now));
  }
  for (const r of args.fromFile) {
    const key = keyOf(r);
    if (seen.has(key)) continue;
    seen.add(key);
    const sameProject = args.stacks.filter((s) => s.project === r.project);
    const stack = r.stack ?? (sameProject.length === 1 ? sameProject[0].stack : "");
    out.push(toReminder(r, { stack, urn: r.urn ?? "" }, "file", args.now));
  }
  return out.sort((a, b) => a.notBefore.localeCompare(b.notBefore) || a.resource.localeCompare(b.resource));
}
