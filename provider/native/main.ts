#!/usr/bin/env node
/**
 * `pulumi-resource-qualys`: the native plugin's entry point. The engine starts it with its own gRPC
 * address as the first argument (flags such as `--logtostderr`/`-v=9` may come too) and reads the
 * port we listen on from our first line of stdout. Node.js ≥ 20 is the only runtime need.
 */
import { redact } from "../shared/redact";
import { serve } from "./server";

function engineAddress(argv: string[]): string | undefined {
  return argv.find((a) => !a.startsWith("-"));
}

// stderr is hidden by the CLI but shown at -v=9 and kept in logs: it passes through the redactor too.
process.on("unhandledRejection", (e) => console.error(redact(`[qualys] unhandled rejection: ${e instanceof Error ? e.stack : String(e)}`)));

serve({ engineAddress: engineAddress(process.argv.slice(2)) }).then(
  ({ port }) => {
    // The engine reads the port from the first line of stdout: nothing may be written before it.
    process.stdout.write(`${port}\n`);
  },
  (e: unknown) => {
    console.error(redact(`fatal: pulumi-resource-qualys could not start: ${e instanceof Error ? e.message : String(e)}`));
    process.exit(1);
  },
);
