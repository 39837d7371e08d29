/**
 * Python programs end to end: a native-plugin project (tests/helpers/native.ts) whose CLI runs with
 * the Python language host and virtualenv of scripts/python-toolchain.sh, activated (its bin first
 * on PATH, VIRTUAL_ENV set), because the v3.68 host runs the `python` it finds on PATH.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { nativeProject, type NativeProject } from "./native";
import { REPO, pulumiBinDir } from "./pulumi";

/** The virtualenv to activate (test.sh provides it before jest; built here only when run alone). */
export function pythonVenv(): string {
  const fromEnv = process.env.PULUMI_QUALYS_VENV;
  if (fromEnv) return fromEnv;
  const out = execFileSync("bash", [join(REPO, "scripts/python-toolchain.sh")], { cwd: REPO, encoding: "utf8" });
  return out.trim().split("\n").pop() ?? "";
}

export function pythonProject(
  example: string,
  emulatorUrl: string,
  config: Record<string, { value: string; secret?: boolean }>,
): Promise<NativeProject> {
  const venv = pythonVenv();
  return nativeProject(emulatorUrl, { example }, config, {
    VIRTUAL_ENV: venv,
    PATH: `${join(venv, "bin")}:${pulumiBinDir()}:${process.env.PATH ?? ""}`,
    PYTHONDONTWRITEBYTECODE: "1",
  });
}
