/**
 * `node --require` preload for `CPU_PROF_DIR=… make bench-fleet`: a V8 CPU profile of Pulumi's
 * dynamic provider process (where the handlers run), written into $QUALYS_CPU_PROF_DIR. Node 20
 * refuses `--cpu-prof` in NODE_OPTIONS, and the engine starts the provider itself, so the profile is
 * taken through the inspector instead. The engine may end the provider with a signal that skips
 * `exit` handlers, so the profile is written in 2 s pieces (each a .cpuprofile; bench/cpu-profile.ts
 * sums a directory of them): at most the last 2 s are lost. Other Node processes are left alone.
 */
"use strict";
const { writeFileSync, mkdirSync } = require("node:fs");
const { join } = require("node:path");

const dir = process.env.QUALYS_CPU_PROF_DIR;
if (dir && process.argv.some((a) => a.includes("dynamic-provider"))) {
  const inspector = require("node:inspector");
  const session = new inspector.Session();
  session.connect();
  mkdirSync(dir, { recursive: true });
  let piece = 0;
  // The in-process session answers synchronously, so a piece is written before the next starts.
  const flush = (restart) => {
    session.post("Profiler.stop", (err, result) => {
      if (!err && result) writeFileSync(join(dir, `provider-${process.pid}-${piece++}.cpuprofile`), JSON.stringify(result.profile));
    });
    if (restart) session.post("Profiler.start");
  };
  session.post("Profiler.enable");
  session.post("Profiler.start");
  setInterval(() => flush(true), 2000).unref();
  process.on("exit", () => flush(false));
}
