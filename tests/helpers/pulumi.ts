/**
 * End-to-end harness: the real Pulumi CLI (built by scripts/pulumi-toolchain.sh) driven through the
 * Automation API, a local file:// backend in a temp dir, a test passphrase, no update checks and no
 * plugin downloads, against the bundled emulator.
 *
 * The examples import `pulumi-qualys` from the repository's node_modules, where
 * scripts/prepare-e2e.sh unpacks `npm pack` of the current build: a real directory beside
 * @pulumi/pulumi, as in a user's install, so the state's `__provider` is the one-line require users get.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { LocalWorkspace, PulumiCommand, type ConfigMap, type Stack } from "@pulumi/pulumi/automation";
import { useEmulator, type EmulatorSession } from "./emulator-client";

export const REPO = resolve(__dirname, "../..");
export const PASSPHRASE = "pulumi-qualys-e2e-passphrase";

let binDir: string | undefined;

/** Directory holding pulumi, pulumi-language-nodejs and pulumi-resource-pulumi-nodejs. */
export function pulumiBinDir(): string {
  if (binDir) return binDir;
  const fromEnv = process.env.PULUMI_QUALYS_BIN;
  if (fromEnv && existsSync(join(fromEnv, "pulumi"))) return (binDir = fromEnv);
  const out = execFileSync("bash", [join(REPO, "scripts/pulumi-toolchain.sh")], {
    cwd: REPO,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = out.trim().split("\n");
  return (binDir = lines[lines.length - 1].trim());
}

export function assertPackageStaged(): void {
  const staged = join(REPO, "node_modules/pulumi-qualys/package.json");
  if (!existsSync(staged)) {
    throw new Error(
      "node_modules/pulumi-qualys (the packed package) is missing: run `make test` (or `bash scripts/prepare-e2e.sh`) so the e2e tests use the packed package",
    );
  }
}

export interface RunOutput {
  stdout: string;
  stderr: string;
}

export interface E2EStack {
  stack: Stack;
  name: string;
  backendDir: string;
  env: Record<string, string>;
  /** Every line the CLI printed, for assertions on diagnostics. */
  transcript: string[];
  setConfig(config: ConfigMap): Promise<void>;
  /** The raw state file of the stack (what a secret must never appear in). */
  stateFileText(): string;
  cleanup(): Promise<void>;
}

export interface ExampleStackOptions {
  emulatorUrl: string;
  config?: ConfigMap;
  env?: Record<string, string>;
  qualysConfig?: ConfigMap;
}

/** `example`: a directory of examples/, or an absolute path to a program inside the repository (a staged doc snippet). */
export async function createExampleStack(example: string, opts: ExampleStackOptions): Promise<E2EStack> {
  assertPackageStaged();
  const bin = pulumiBinDir();
  const backendDir = mkdtempSync(join(tmpdir(), "pq-e2e-"));
  const name = `e2e${process.pid}${Math.floor(Math.random() * 1e6)}`;
  const env: Record<string, string> = {
    PATH: `${bin}:${process.env.PATH ?? ""}`,
    PULUMI_BACKEND_URL: `file://${backendDir}`,
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_HOME: join(backendDir, ".pulumi-home"),
    // Type checking of the examples is its own test (tsc over examples/); here it would only add seconds per run.
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    ...opts.env,
  };
  // The Automation API spawns the CLI with process.env merged under envVars; PATH must also be
  // right for the API's own version probe.
  process.env.PATH = env.PATH;
  const pulumiCommand = await PulumiCommand.get({ root: resolve(bin, ".."), skipVersionCheck: false });
  const workDir = isAbsolute(example) ? example : join(REPO, "examples", example);
  const stack = await LocalWorkspace.createStack(
    { stackName: name, workDir },
    { envVars: env, pulumiCommand, pulumiHome: env.PULUMI_HOME },
  );
  const transcript: string[] = [];
  const setConfig = async (config: ConfigMap) => {
    if (Object.keys(config).length > 0) await stack.setAllConfig(config);
  };
  await setConfig({
    "qualys:apiUrl": { value: opts.emulatorUrl },
    "qualys:gatewayUrl": { value: opts.emulatorUrl },
    "qualys:portalUrl": { value: opts.emulatorUrl },
    "qualys:token": { value: "emulator-token-acme", secret: true },
    ...opts.qualysConfig,
    ...opts.config,
  });
  return {
    stack,
    name,
    backendDir,
    env,
    transcript,
    setConfig,
    stateFileText: () => readStateFiles(backendDir),
    cleanup: async () => {
      try {
        await stack.workspace.removeStack(name, { force: true });
      } catch {
        // best effort: the backend dir goes anyway
      }
      rmSync(join(workDir, `Pulumi.${name}.yaml`), { force: true });
      rmSync(backendDir, { recursive: true, force: true });
    },
  };
}

export interface E2ESession extends EmulatorSession {
  /** {@link createExampleStack} against the running test's emulator; the stack is removed after the test. */
  stack(example: string, opts?: Omit<ExampleStackOptions, "emulatorUrl">): Promise<E2EStack>;
}

/**
 * The hooks of an e2e test file: the jest timeout, a fresh emulator per test (see `useEmulator`),
 * and, after each test, the removal of the stacks it made (before the emulator closes).
 */
export function useE2E(timeoutMs: number): E2ESession {
  jest.setTimeout(timeoutMs);
  const stacks: E2EStack[] = [];
  afterEach(async () => {
    for (const s of stacks.splice(0)) await s.cleanup();
  });
  const session = useEmulator();
  return Object.assign(session, {
    stack: async (example: string, opts: Omit<ExampleStackOptions, "emulatorUrl"> = {}) => {
      const s = await createExampleStack(example, { ...opts, emulatorUrl: session.emu.url });
      stacks.push(s);
      return s;
    },
  });
}

/** The error an Automation API call that must fail threw, as text; "" when it succeeded (so the test's match on it fails). */
export async function failureText(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "";
  } catch (e) {
    return String(e);
  }
}

/** Collect output of an Automation API call into the transcript. */
export function capture(s: E2EStack): { onOutput: (out: string) => void; onError: (out: string) => void } {
  return { onOutput: (o) => s.transcript.push(o), onError: (o) => s.transcript.push(o) };
}

function readStateFiles(dir: string): string {
  const texts: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const p = join(d, entry);
      if (entry === ".pulumi-home") continue;
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (p.endsWith(".json") || p.endsWith(".json.bak") || p.endsWith(".json.gz")) texts.push(readFileSync(p, "utf8"));
    }
  };
  walk(dir);
  return texts.join("\n");
}
