/**
 * Notices the user must act on: cleanup reminders after deregistration or region removal, and
 * warnings about normalised values.
 *
 * Where they go, and why:
 *  - stderr of the provider process (`console.warn`): the Pulumi CLI shows it in the diagnostics of
 *    `pulumi up`/`destroy`, where a person running the stack sees it;
 *  - the resource outputs (`cleanupReminders`): visible in `pulumi stack output` and the state;
 *  - a JSON-lines file named by QUALYS_CLEANUP_REMINDERS_FILE: what a GitOps job collects and turns
 *    into a ticket, because nobody reads CI logs.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { appendFileSync } from "node:fs";
import { redact } from "./redact";
import { parseUrn } from "./urn";

/**
 * Where a notice goes instead of stderr. The native plugin (provider/native/) runs each engine call
 * inside `withNoticeSink`, because the CLI hides a native plugin's stderr: its sink forwards the text
 * to the engine's Log call with the resource's URN. The dynamic provider sets none, so its notices
 * keep going to stderr as before.
 */
export type NoticeSink = (severity: "warning" | "info", text: string) => void;

const sinks = new AsyncLocalStorage<{ sink: NoticeSink; urn?: string }>();

/**
 * Run `fn` with its notices (also those from work it starts) sent to `sink`. `urn`: the resource the
 * call is about, written into the cleanup-reminder records (the native plugin knows it per call).
 */
export function withNoticeSink<T>(sink: NoticeSink, fn: () => T, urn?: string): T {
  return sinks.run({ sink, urn }, fn);
}

/** The one place a notice leaves the process: the call's sink, or stderr. Text is redacted here. */
function emit(text: string): void {
  const clean = redact(text);
  const sink = sinks.getStore()?.sink;
  if (sink) sink("warning", clean);
  else console.warn(clean);
}

export interface CleanupReminder {
  /** What to delete: "subnet", "vpc" or "vnet". */
  kind: "subnet" | "vpc" | "vnet";
  /** The cloud resource id Qualys provisioned (from the account's cloudInfo). */
  resourceId: string;
  cloudType: string;
  accountId: string;
  region: string;
  /** Why: "deregistered" (whole account) or "region-removed". */
  reason: "deregistered" | "region-removed";
  /** When the triggering call completed (ISO 8601, UTC). */
  triggeredAt: string;
  /** Qualys's guidance: delete "a few hours after" the call completes; we say 4 hours to be safe. */
  notBefore: string;
  message: string;
}

const KIND_LABEL: Record<CleanupReminder["kind"], string> = { subnet: "subnet", vpc: "VPC", vnet: "VNet" };

export const REMINDERS_FILE_ENV = "QUALYS_CLEANUP_REMINDERS_FILE";
/** The notes say "a few hours"; four is the margin we recommend and print. */
export const CLEANUP_DELAY_HOURS = 4;

/** Keys of cloudInfo entries and the kind of resource each names. */
const INFRA_KEYS: Array<[string, CleanupReminder["kind"]]> = [
  ["subnetId", "subnet"],
  ["subnet", "subnet"],
  ["subnetName", "subnet"],
  ["vpcId", "vpc"],
  ["vpc", "vpc"],
  ["vnetId", "vnet"],
  ["vnet", "vnet"],
];

export function remindersFor(args: {
  accountId: string;
  cloudType: string;
  cloudInfo: Record<string, Record<string, unknown>> | undefined;
  regions: string[];
  reason: CleanupReminder["reason"];
  /** Which kinds to remind about: removing a region leaves its subnet; deregistering leaves all. */
  kinds: Array<CleanupReminder["kind"]>;
  now?: Date;
}): CleanupReminder[] {
  const now = args.now ?? new Date();
  const notBefore = new Date(now.getTime() + CLEANUP_DELAY_HOURS * 3600_000).toISOString();
  const out: CleanupReminder[] = [];
  const seen = new Set<string>();
  for (const region of args.regions) {
    const info = args.cloudInfo?.[region] ?? {};
    let named = false;
    for (const [key, kind] of INFRA_KEYS) {
      const id = info[key];
      if (typeof id !== "string" || !args.kinds.includes(kind) || seen.has(`${kind}:${id}`)) continue;
      seen.add(`${kind}:${id}`);
      named = true;
      out.push(reminder(args, region, kind, id, now, notBefore));
    }
    if (!named) {
      // Qualys did not report the ids (or state was never read): still say what to look for.
      const kind = args.kinds[0];
      out.push(reminder(args, region, kind, `(the Qualys-created ${kind} in ${region}; id not reported by Qualys)`, now, notBefore));
    }
  }
  return out;
}

function reminder(
  args: { accountId: string; cloudType: string; reason: CleanupReminder["reason"] },
  region: string,
  kind: CleanupReminder["kind"],
  resourceId: string,
  now: Date,
  notBefore: string,
): CleanupReminder {
  const why =
    args.reason === "deregistered"
      ? `service account ${args.accountId} was deregistered`
      : `region ${region} was removed from service account ${args.accountId}`;
  return {
    kind,
    resourceId,
    cloudType: args.cloudType,
    accountId: args.accountId,
    region,
    reason: args.reason,
    triggeredAt: now.toISOString(),
    notBefore,
    message: `Qualys does not delete the ${KIND_LABEL[kind]} it created: delete ${KIND_LABEL[kind]} ${resourceId} (${args.cloudType} ${args.accountId}, region ${region}) by hand after ${notBefore} (${CLEANUP_DELAY_HOURS} h after ${why}).`,
  };
}

/**
 * A line of the QUALYS_CLEANUP_REMINDERS_FILE: the reminder and which stack and resource it came
 * from, so that a pipeline (`qualys-drift`) can attribute it. What the provider process can know:
 *  - the native plugin gets the URN with every call (`urn:pulumi:<stack>::<project>::…`), so all three;
 *  - the dynamic provider gets no URN, and the engine starts it with `PULUMI_PROJECT` but no stack
 *    name (measured with Pulumi 3.248): the project, and the stack only where the job exports
 *    `PULUMI_STACK` itself.
 */
export interface ReminderRecord extends CleanupReminder {
  stack?: string;
  project?: string;
  urn?: string;
}

function origin(env: NodeJS.ProcessEnv): Pick<ReminderRecord, "stack" | "project" | "urn"> {
  const urn = sinks.getStore()?.urn;
  const fromUrn = urn === undefined ? undefined : parseUrn(urn);
  const stack = fromUrn?.stack ?? env.PULUMI_STACK;
  const project = fromUrn?.project ?? env.PULUMI_PROJECT;
  return { ...(stack ? { stack } : {}), ...(project ? { project } : {}), ...(urn ? { urn } : {}) };
}

/** Show the reminders where people and pipelines will see them. Never throws: a notice must not fail an operation. */
export function publishReminders(reminders: CleanupReminder[], env: NodeJS.ProcessEnv = process.env): void {
  if (reminders.length === 0) return;
  const lines = ["[qualys] CLEANUP REMINDER", ...reminders.map((r) => `  - ${r.message}`)];
  emit(lines.join("\n"));
  const file = env[REMINDERS_FILE_ENV];
  if (file) {
    try {
      const from = origin(env);
      appendFileSync(file, reminders.map((r) => JSON.stringify({ ...r, ...from } satisfies ReminderRecord)).join("\n") + "\n");
    } catch (e) {
      emit(`[qualys] could not write cleanup reminders to ${REMINDERS_FILE_ENV}=${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

/** A warning shown in the CLI diagnostics. */
export function warn(message: string): void {
  emit(`[qualys] ${message}`);
}

/**
 * Qualys lowercases every string list it stores; say so when that changes what the user wrote,
 * because `Env=Prod` silently becoming `env=prod` is the kind of thing that breaks a tag filter.
 */
export function warnLowercased(resource: string, id: string, raw: Record<string, unknown>, lists: readonly string[]): void {
  for (const list of lists) {
    const values = raw[list];
    if (!Array.isArray(values)) continue;
    const changed = values.filter((v): v is string => typeof v === "string" && v.trim() !== v.trim().toLowerCase());
    if (changed.length > 0) {
      warn(
        `${resource} ${id}: ${list} ${changed.map((c) => `"${c}"`).join(", ")} will be stored lowercase by Qualys (as ${changed.map((c) => `"${c.trim().toLowerCase()}"`).join(", ")}).`,
      );
    }
  }
}
