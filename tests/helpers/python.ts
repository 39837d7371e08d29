/**
 * End-to-end harness for Python programs: the real Pulumi CLI run as a command, the Python language
 * host and virtualenv of scripts/python-toolchain.sh (activated: its bin first on PATH, VIRTUAL_ENV
 * set, because the v3.68 host runs the `python` on PATH), and the native plugin of the staged
 * package (node_modules/pulumi-qualys, see scripts/prepare-e2e.sh) named in Pulumi.yaml under
 * `plugins: providers:`. The example is copied to a temp dir, so the repository stays clean. Every
 * CLI line is kept in `transcript` for the secret checks.
 */
import { execFile, execFileSync } from "node:child_process";
import {
  appendFileSync,
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PASSPHRASE, REPO, assertPackageStaged, pulumiBinDir } from "./pulumi";

export interface PythonProject {
  dir: string;
  root: string;
  transcript: string[];
  /** `pulumi <args…> --non-interactive`; rejects with the output when it fails (unless `allowFailure`). */
  pulumi(args: string[], opts?: { allowFailure?: boolean }): Promise<{ code: number; out: string }>;
  stateFileText(): string;
  cleanup(): void;
}

/** The activated virtualenv (test.sh provides it before jest; built here only when run alone). */
export function pythonVenv(): string {
  const fromEnv = process.env.PULUMI_QUALYS_VENV;
  if (fromEnv) return fromEnv;
  const out = execFileSync("bash", [join(REPO, "scripts/python-toolchain.sh")], { cwd: REPO, encoding: "utf8" });
  return out.trim().split("\n").pop() ?? "";
}

export async function pythonProject(
  example: string,
  emulatorUrl: string,
  config: Record<string, { value: string; secret?: boolean }>,
): Promise<PythonProject> {
  assertPackageStaged();
  const venv = pythonVenv();
  const root = mkdtempSync(join(tmpdir(), "pq-python-"));
  const dir = join(root, "proj");
  cpSync(join(REPO, "examples", example), dir, { recursive: true });
  const plugin = join(root, "plugin");
  mkdirSync(plugin);
  writeFileSync(
    join(plugin, "pulumi-resource-qualys"),
    `#!/bin/sh\nexec node "${join(REPO, "node_modules/pulumi-qualys/dist/provider/native/main.js")}" "$@"\n`,
  );
  chmodSync(join(plugin, "pulumi-resource-qualys"), 0o755);
  appendFileSync(join(dir, "Pulumi.yaml"), `\nplugins:\n  providers:\n    - name: qualys\n      path: ${plugin}\n`);
  mkdirSync(join(root, "state"));
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    VIRTUAL_ENV: venv,
    PATH: `${join(venv, "bin")}:${pulumiBinDir()}:${process.env.PATH ?? ""}`,
    PULUMI_BACKEND_URL: `file://${join(root, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_HOME: join(root, "home"),
    PYTHONDONTWRITEBYTECODE: "1",
    NO_COLOR: "1",
  };
  const transcript: string[] = [];
  const pulumi = (args: string[], opts: { allowFailure?: boolean } = {}) =>
    new Promise<{ code: number; out: string }>((resolve, reject) => {
      execFile(
        "pulumi",
        [...args, "--non-interactive", "--color", "never"],
        { cwd: dir, env, maxBuffer: 64 << 20 },
        (err, stdout, stderr) => {
          const out = `${stdout}${stderr}`;
          // The command line of `config set --secret` holds the value: only its output is kept.
          transcript.push(`$ pulumi ${args.includes("--secret") ? args.slice(0, 3).join(" ") : args.join(" ")}\n${out}`);
          const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
          if (code !== 0 && !opts.allowFailure) reject(new Error(`pulumi ${args.join(" ")} failed (${code}):\n${out}`));
          else resolve({ code, out });
        },
      );
    });
  await pulumi(["stack", "init", "dev"]);
  const all: Record<string, { value: string; secret?: boolean }> = {
    "qualys:apiUrl": { value: emulatorUrl },
    "qualys:gatewayUrl": { value: emulatorUrl },
    "qualys:portalUrl": { value: emulatorUrl },
    "qualys:token": { value: "emulator-token-acme", secret: true },
    ...config,
  };
  for (const [k, v] of Object.entries(all)) await pulumi(["config", "set", ...(v.secret ? ["--secret"] : []), k, v.value]);
  return {
    dir,
    root,
    transcript,
    pulumi,
    stateFileText: () => readTexts(join(root, "state")),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

function readTexts(dir: string): string {
  return readdirSync(dir)
    .map((entry) => {
      const p = join(dir, entry);
      return statSync(p).isDirectory() ? readTexts(p) : readFileSync(p, "utf8");
    })
    .join("\n");
}
