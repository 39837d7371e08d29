/**
 * End-to-end harness for the native plugin: the real Pulumi CLI (plus the YAML language host from
 * scripts/pulumi-toolchain.sh) run as a command, in a temp project, against the test's emulator.
 *
 * The plugin is the staged packed package's bin (node_modules/pulumi-qualys, see
 * scripts/prepare-e2e.sh), behind a two-line `pulumi-resource-qualys` script in a temp directory that
 * `Pulumi.yaml` names under `plugins: providers:` — the same executable `make plugin` puts in the
 * tarball. Every CLI line is kept in `transcript` for the secret checks.
 */
import { execFile } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PASSPHRASE, REPO, assertPackageStaged, pulumiBinDir } from "./pulumi";

export interface NativeProject {
  dir: string;
  env: Record<string, string>;
  transcript: string[];
  /** Run `pulumi <args…> --non-interactive`; rejects with the output when it fails (unless `allowFailure`). */
  pulumi(args: string[], opts?: { allowFailure?: boolean }): Promise<{ code: number; out: string }>;
  /** Replace Pulumi.yaml's body (the `plugins:` section is kept). */
  writeProgram(yaml: string): void;
  stateFileText(): string;
  cleanup(): void;
}

const PLUGIN_MAIN = join(REPO, "node_modules/pulumi-qualys/dist/provider/native/main.js");

/** A directory holding `pulumi-resource-qualys` that runs the staged package's plugin. */
export function pluginDir(root: string): string {
  const dir = join(root, "plugin");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "pulumi-resource-qualys");
  writeFileSync(file, `#!/bin/sh\nexec node "${PLUGIN_MAIN}" "$@"\n`);
  chmodSync(file, 0o755);
  return dir;
}

/**
 * A YAML project in a temp dir: `program` is the Pulumi.yaml text without `plugins:` (or an example
 * directory to copy), a stack `dev` configured for the emulator. `langEnv` is added to the CLI's
 * environment (a language host's own needs, e.g. the activated virtualenv of a Python program).
 */
export async function nativeProject(
  emulatorUrl: string,
  program: { example?: string; yaml?: string },
  config: Record<string, { value: string; secret?: boolean }> = {},
  langEnv: Record<string, string> = {},
): Promise<NativeProject> {
  assertPackageStaged();
  const root = mkdtempSync(join(tmpdir(), "pq-native-"));
  const dir = join(root, "proj");
  if (program.example) cpSync(join(REPO, "examples", program.example), dir, { recursive: true });
  else mkdirSync(dir);
  const plugins = `\nplugins:\n  providers:\n    - name: qualys\n      path: ${pluginDir(root)}\n`;
  const file = join(dir, "Pulumi.yaml");
  const base = program.yaml ?? readFileSync(file, "utf8");
  writeFileSync(file, base + plugins);
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PATH: `${pulumiBinDir()}:${process.env.PATH ?? ""}`,
    PULUMI_BACKEND_URL: `file://${join(root, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_HOME: join(root, "home"),
    NO_COLOR: "1",
    ...langEnv,
  };
  mkdirSync(join(root, "state"));
  const transcript: string[] = [];
  const pulumi = (args: string[], opts: { allowFailure?: boolean } = {}) =>
    new Promise<{ code: number; out: string }>((resolve, reject) => {
      execFile(
        "pulumi",
        [...args, "--non-interactive", "--color", "never"],
        { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) => {
          const out = `${stdout}${stderr}`;
          // The command line of `config set --secret` holds the value: only the output is kept.
          const shown = args.includes("--secret") ? `${args.slice(0, 3).join(" ")} …` : args.join(" ");
          transcript.push(`$ pulumi ${shown}\n${out}`);
          const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
          if (code !== 0 && !opts.allowFailure) reject(new Error(`pulumi ${shown} failed (${code}):\n${out}`));
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
    env,
    transcript,
    pulumi,
    writeProgram: (yaml) => writeFileSync(file, yaml + plugins),
    stateFileText: () => readTexts(join(root, "state")),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

function readTexts(dir: string): string {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) out.push(readTexts(p));
    else out.push(readFileSync(p, "utf8"));
  }
  return out.join("\n");
}

/**
 * The platform examples' last step, the same in every language: destroy shows the service account's
 * cleanup reminder under the resource (it arrives through the engine log), nothing is left in Qualys's
 * NSX records, and none of `secrets` appears in clear in any checkpoint, backup or CLI line of the run.
 */
export async function destroyPlatformWithoutSecrets(
  p: NativeProject,
  nsxRecords: () => Promise<unknown[]>,
  secrets: readonly string[],
): Promise<void> {
  const destroy = await p.pulumi(["destroy", "--yes"]);
  expect(destroy.out).toMatch(/qualys:index:ServiceAccount \(aws-org\):\s+warning: \[qualys\] CLEANUP REMINDER/);
  expect(await nsxRecords()).toEqual([]);
  const state = p.stateFileText();
  const transcript = p.transcript.join("\n");
  for (const secret of secrets) {
    expect(state).not.toContain(secret);
    expect(transcript).not.toContain(secret);
  }
}
