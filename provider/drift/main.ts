#!/usr/bin/env node
/** The `qualys-drift` bin (see cli.ts for the arguments and exit codes). */
import { main } from "./cli";

main(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  cwd: process.cwd(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`qualys-drift: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
