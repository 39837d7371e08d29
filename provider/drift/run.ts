/**
 * The drift run: for each stack, the engine's own refresh preview (`pulumi refresh --preview-only`
 * through the Automation API), so that "read" means exactly what `pulumi refresh` means, for the
 * dynamic resources and the native plugin alike; then one scan per Qualys subscription for
 * unmanaged objects; then the cleanup reminders. Nothing is written: a refresh preview saves no
 * state, and the provider's `read` and the scan only list.
 */
import { LocalWorkspace, type EngineEvent, type LocalWorkspaceOptions } from "@pulumi/pulumi/automation";
import { QualysClients, isWrite } from "../clients";
import type { ConfigSources } from "../config";
import { registerSecret } from "../shared/redact";
import type { CleanupReminder } from "../shared/notices";
import { REMINDERS_FILE_ENV } from "../shared/notices";
import { classify, qualysKind, type RefreshStep, type StateResource } from "./classify";
import { DRIFT_REPORT_VERSION, type DriftReport, type FailOn, type ResourceOutcome, type StackResult } from "./model";
import { collectReminders, readReminderFile, type StateReminder } from "./reminders";
import { scanUnmanaged, subscriptionsOf } from "./unmanaged";
import { parseUrn } from "../shared/urn";

/** Stacks of one project directory: named ones, or every stack of the project when `stacks` is empty. */
export interface StackGroup {
  cwd: string;
  stacks: string[];
}

export interface DriftOptions {
  groups: StackGroup[];
  failOn: FailOn[];
  /** Stacks refreshed at once (each is its own CLI process). */
  parallel?: number;
  /** The environment: Qualys settings not in stack config, and QUALYS_CLEANUP_REMINDERS_FILE. */
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  progress?: (line: string) => void;
  workspace?: LocalWorkspaceOptions;
  clientsFor?: (sources: ConfigSources) => QualysClients;
}

interface StackRun {
  result: StackResult;
  outcomes: ResourceOutcome[];
  sources?: ConfigSources;
  managed: Array<{ kind: string; id: string }>;
  reminders: StateReminder[];
}

/** Checkpoint resource as `exportStack` gives it (only what is read here). */
interface CheckpointResource {
  urn: string;
  type: string;
  id?: string;
  custom?: boolean;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

function stripProvider(props: Record<string, unknown> | undefined): Record<string, unknown> {
  const { __provider: _p, ...rest } = props ?? {};
  return rest;
}

async function runStack(cwd: string, name: string, opts: DriftOptions, log: (line: string) => void): Promise<StackRun> {
  const started = Date.now();
  const run: StackRun = {
    result: { stack: name, project: "", cwd, ok: false, resources: 0, durationMs: 0 },
    outcomes: [],
    managed: [],
    reminders: [],
  };
  try {
    const stack = await LocalWorkspace.selectStack({ stackName: name, workDir: cwd }, opts.workspace);
    run.result.project = (await stack.workspace.projectSettings()).name;

    // The stack's `qualys:*` settings, decrypted by the CLI: the subscription the unmanaged scan lists.
    const config: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(await stack.getAllConfig())) {
      if (!k.startsWith("qualys:")) continue;
      if (v.secret) registerSecret(v.value);
      config[k] = v.value;
    }
    run.sources = { stack: config, env: opts.env ?? process.env };

    const deployment = (await stack.exportStack()).deployment as {
      resources?: CheckpointResource[];
      pending_operations?: Array<{ type: string; resource: CheckpointResource }>;
    };
    const pendingCreates = new Set((deployment.pending_operations ?? []).filter((p) => p.type === "creating").map((p) => p.resource.urn));
    const ours = (deployment.resources ?? []).filter((r) => r.custom && qualysKind(r.type) !== undefined);
    for (const r of [...ours, ...(deployment.pending_operations ?? []).map((p) => p.resource)]) {
      const kind = qualysKind(r.type);
      if (kind && r.id) run.managed.push({ kind, id: r.id });
    }
    for (const r of ours) {
      const reminders = (r.outputs?.cleanupReminders ?? []) as CleanupReminder[];
      if (Array.isArray(reminders)) for (const reminder of reminders) run.reminders.push({ stack: name, urn: r.urn, reminder });
    }

    const steps = new Map<string, RefreshStep>();
    const errors = new Map<string, string>();
    let read = 0;
    const onEvent = (e: EngineEvent) => {
      const out = e.resOutputsEvent?.metadata;
      if (out && qualysKind(out.type)) {
        steps.set(out.urn, { op: out.op, old: stripProvider(out.old?.outputs), new: out.new ? stripProvider(out.new.outputs) : undefined });
        read++;
        if (read % 25 === 0 || read === ours.length) log(`  ${name}: ${read}/${ours.length} resources read`);
      }
      const diag = e.diagnosticEvent;
      if (diag?.severity === "error" && diag.urn && qualysKind(parseUrn(diag.urn)?.type ?? "")) {
        errors.set(diag.urn, (errors.get(diag.urn) ? `${errors.get(diag.urn)}\n` : "") + diag.message.trim());
      }
    };
    let failure: string | undefined;
    try {
      await stack.previewRefresh({ onEvent });
    } catch (e) {
      failure = errors.size > 0 ? `${errors.size} resource(s) could not be read` : firstLine(e);
    }
    for (const r of ours) {
      run.outcomes.push(
        classify({
          stack: name,
          resource: {
            urn: r.urn,
            type: r.type,
            id: r.id,
            inputs: r.inputs ?? {},
            outputs: stripProvider(r.outputs),
          } satisfies StateResource,
          step: steps.get(r.urn),
          pending: pendingCreates.has(r.urn),
          error: errors.get(r.urn) ?? (failure && !steps.has(r.urn) ? failure : undefined),
        }),
      );
    }
    run.result.resources = ours.length;
    run.result.ok = failure === undefined;
    if (failure !== undefined) run.result.error = failure;
  } catch (e) {
    run.result.error = firstLine(e);
  }
  run.result.durationMs = Date.now() - started;
  return run;
}

/** The CLI's error, without the command line and output the Automation API wraps around it. */
function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const stderr = /stderr: ([\s\S]*?)(?:\n\s*err\?:|$)/.exec(text)?.[1]?.trim();
  const line = (stderr || text).split("\n").find((l) => /error/i.test(l)) ?? (stderr || text).split("\n")[0];
  return line.trim().slice(0, 2000);
}

/** Every stack of the run: the named ones, or all of each project directory's stacks. */
async function stacksOf(groups: StackGroup[], workspace: LocalWorkspaceOptions | undefined): Promise<Array<{ cwd: string; name: string }>> {
  const out: Array<{ cwd: string; name: string }> = [];
  for (const g of groups) {
    let names = g.stacks;
    if (names.length === 0) {
      const ws = await LocalWorkspace.create({ ...workspace, workDir: g.cwd });
      names = (await ws.listStacks()).map((s) => s.name);
    }
    for (const name of names) out.push({ cwd: g.cwd, name });
  }
  return out;
}

export function exitCodeOf(report: Omit<DriftReport, "exitCode">): 0 | 1 | 2 {
  const s = report.summary;
  if (s.stacksFailed > 0 || s.unreadable > 0) return 1;
  const found: Record<FailOn, boolean> = {
    drift: s.drifted + s.gone > 0,
    unmanaged: s.unmanaged > 0,
    reminders: s.remindersDue > 0,
  };
  return report.failOn.some((f) => found[f]) ? 2 : 0;
}

/** Run the drift check; never throws for a stack that fails (it is reported), only for bad options. */
export async function runDrift(opts: DriftOptions): Promise<DriftReport> {
  const log = opts.progress ?? (() => undefined);
  const now = (opts.now ?? (() => new Date()))();
  const all = await stacksOf(opts.groups, opts.workspace);
  const runs: StackRun[] = new Array<StackRun>(all.length);
  let next = 0;
  const width = Math.max(1, opts.parallel ?? 1);
  await Promise.all(
    Array.from({ length: Math.min(width, all.length) }, async () => {
      while (next < all.length) {
        const i = next++;
        log(`stack ${i + 1} of ${all.length}: ${all[i].name} (${all[i].cwd})`);
        runs[i] = await runStack(all[i].cwd, all[i].name, opts, log);
      }
    }),
  );

  const counted = new WeakSet<QualysClients>();
  const calls = { reads: 0, writes: 0 };
  const clientsFor = opts.clientsFor ?? ((s: ConfigSources) => QualysClients.shared(s));
  const countingClients = (s: ConfigSources) => {
    const c = clientsFor(s);
    if (!counted.has(c)) {
      counted.add(c);
      const send = c.transport.request.bind(c.transport);
      c.transport.request = (req) => {
        if (isWrite(req)) calls.writes++;
        else calls.reads++;
        return send(req);
      };
    }
    return c;
  };
  const withState = runs.filter((r) => r.sources !== undefined);
  log(`unmanaged scan: ${withState.length} stack(s)`);
  let scan: Awaited<ReturnType<typeof scanUnmanaged>> = { unmanaged: [], coverage: [] };
  const failures: StackResult[] = [];
  try {
    scan = await scanUnmanaged(subscriptionsOf(withState.map((r) => ({ sources: r.sources!, managed: r.managed }))), countingClients);
  } catch (e) {
    failures.push({ stack: "(unmanaged scan)", project: "", cwd: "", ok: false, error: firstLine(e), resources: 0, durationMs: 0 });
  }

  const env = opts.env ?? process.env;
  const reminders = collectReminders({
    fromState: runs.flatMap((r) => r.reminders),
    fromFile: readReminderFile(env[REMINDERS_FILE_ENV]),
    stacks: runs.map((r) => ({ stack: r.result.stack, project: r.result.project })),
    now,
  });

  const resources = runs.flatMap((r) => r.outcomes);
  const stacks = [...runs.map((r) => r.result), ...failures];
  const partial: Omit<DriftReport, "exitCode"> = {
    version: DRIFT_REPORT_VERSION,
    generatedAt: now.toISOString(),
    stacks,
    resources,
    unmanaged: scan.unmanaged,
    coverage: scan.coverage,
    reminders,
    summary: summarise({ stacks, resources, unmanaged: scan.unmanaged, reminders }),
    apiCalls: calls,
    failOn: opts.failOn,
  };
  return { ...partial, exitCode: exitCodeOf(partial) };
}

/** The report's summary: the counts every format shows, computed from the report's own lists. */
export function summarise(r: Pick<DriftReport, "stacks" | "resources" | "unmanaged" | "reminders">): DriftReport["summary"] {
  const count = (s: ResourceOutcome["status"]) => r.resources.filter((x) => x.status === s).length;
  return {
    stacks: r.stacks.length,
    stacksFailed: r.stacks.filter((s) => !s.ok).length,
    resources: r.resources.length,
    inSync: count("in-sync"),
    drifted: count("drifted"),
    gone: count("gone"),
    pending: count("pending"),
    unreadable: count("unreadable"),
    unmanaged: r.unmanaged.length,
    remindersDue: r.reminders.filter((x) => x.due).length,
  };
}
