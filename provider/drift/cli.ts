/**
 * `qualys-drift`: arguments, progress on stderr, reports on stdout or in `--out DIR`, exit code.
 *
 *   qualys-drift [--cwd DIR [--stack NAME]…]… [--format json|markdown|junit|html]… [--out DIR]
 *                [--fail-on drift|unmanaged|reminders]… [--parallel N] [--now ISO-TIME]
 *
 * `--cwd` starts a group: the `--stack`s after it are stacks of that project directory, and a
 * `--cwd` without `--stack` means every stack of it. Lists may also be comma-separated.
 * Exit codes: 0 nothing to act on, 2 something named by --fail-on was found, 1 the run could not
 * complete (a stack or the unmanaged scan failed, a resource could not be read, or bad arguments):
 * the report is still written, with what failed and why.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { QualysClients } from "../clients";
import { redact } from "../shared/redact";
import { FailOnSchema, type DriftReport, type FailOn } from "./model";
import { renderHtml, renderJson, renderJunit, renderMarkdown } from "./report";
import { runDrift, type StackGroup } from "./run";

export const FORMATS = ["json", "markdown", "junit", "html"] as const;
export type Format = (typeof FORMATS)[number];

export const FILE_NAMES: Record<Format, string> = {
  json: "drift-report.json",
  markdown: "drift-report.md",
  junit: "drift-report.junit.xml",
  html: "drift-report.html",
};

export interface CliArgs {
  groups: StackGroup[];
  formats: Format[];
  out?: string;
  failOn: FailOn[];
  parallel: number;
  now?: Date;
}

export class UsageError extends Error {}

const USAGE =
  "usage: qualys-drift [--cwd DIR [--stack NAME]...]... [--format json|markdown|junit|html]... [--out DIR] [--fail-on drift|unmanaged|reminders]... [--parallel N] [--now ISO-TIME]";

export function parseArgs(argv: string[], cwd = process.cwd()): CliArgs {
  const args: CliArgs = { groups: [], formats: [], failOn: [], parallel: 1 };
  const list = (v: string) =>
    v
      .split(",")
      .map((x) => x.trim())
      .filter((x) => x !== "");
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes("=")
      ? [argv[i].slice(0, argv[i].indexOf("=")), argv[i].slice(argv[i].indexOf("=") + 1)]
      : [argv[i], undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new UsageError(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case "--cwd":
        args.groups.push({ cwd: resolve(cwd, value()), stacks: [] });
        break;
      case "--stack":
      case "-s": {
        if (args.groups.length === 0) args.groups.push({ cwd: resolve(cwd), stacks: [] });
        args.groups[args.groups.length - 1].stacks.push(...list(value()));
        break;
      }
      case "--format":
        for (const f of list(value())) {
          if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format: "${f}" is not one of ${FORMATS.join(", ")}`);
          if (!args.formats.includes(f as Format)) args.formats.push(f as Format);
        }
        break;
      case "--out":
        args.out = resolve(cwd, value());
        break;
      case "--fail-on":
        for (const f of list(value())) {
          const r = FailOnSchema.safeParse(f);
          if (!r.success) throw new UsageError(`--fail-on: "${f}" is not one of ${FailOnSchema.options.join(", ")}`);
          if (!args.failOn.includes(r.data)) args.failOn.push(r.data);
        }
        break;
      case "--parallel": {
        const v = value();
        if (!/^[1-9]\d*$/.test(v)) throw new UsageError(`--parallel: "${v}" is not a positive whole number`);
        args.parallel = Number(v);
        break;
      }
      case "--now": {
        const v = value();
        if (Number.isNaN(Date.parse(v))) throw new UsageError(`--now: "${v}" is not an ISO 8601 time`);
        args.now = new Date(v);
        break;
      }
      case "--help":
      case "-h":
        throw new UsageError(USAGE);
      default:
        throw new UsageError(`unknown argument "${argv[i]}"\n${USAGE}`);
    }
  }
  if (args.groups.length === 0) args.groups.push({ cwd: resolve(cwd), stacks: [] });
  if (args.formats.length === 0) args.formats.push("json");
  if (args.out === undefined && args.formats.length > 1)
    throw new UsageError(`--format: ${args.formats.join(", ")} need --out DIR (only one report can go to stdout)`);
  return args;
}

const RENDER: Record<Format, (report: DriftReport) => string> = {
  json: renderJson,
  markdown: renderMarkdown,
  junit: renderJunit,
  html: renderHtml,
};

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** The whole command; returns the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv, io.cwd);
  } catch (e) {
    io.stderr(`qualys-drift: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  let report: DriftReport;
  try {
    report = await runDrift({
      groups: args.groups,
      failOn: args.failOn,
      parallel: args.parallel,
      env: io.env,
      now: args.now ? () => args.now! : undefined,
      progress: (line) => io.stderr(`${redact(line)}\n`),
    });
  } catch (e) {
    io.stderr(`qualys-drift: ${redact(e instanceof Error ? e.message : String(e))}\n`);
    return 1;
  } finally {
    await QualysClients.closeShared();
  }
  const s = report.summary;
  io.stderr(
    `qualys-drift: ${s.stacks} stack(s) (${s.stacksFailed} failed), ${s.resources} resource(s): ${s.inSync} in sync, ${s.drifted} drifted, ${s.gone} gone, ${s.pending} pending, ${s.unreadable} unreadable; ${s.unmanaged} unmanaged; ${s.remindersDue} reminder(s) due; exit ${report.exitCode}\n`,
  );
  if (args.out) {
    mkdirSync(args.out, { recursive: true });
    for (const f of args.formats) {
      const file = join(args.out, FILE_NAMES[f]);
      writeFileSync(file, redact(RENDER[f](report)));
      io.stderr(`qualys-drift: wrote ${file}\n`);
    }
  } else {
    io.stdout(redact(RENDER[args.formats[0]](report)));
  }
  return report.exitCode;
}
