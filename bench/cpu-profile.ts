/**
 * Summarise V8 CPU profiles (`node --cpu-prof`, e.g. from `CPU_PROF_DIR=… make bench-fleet`): where
 * a process spent its CPU, by function (self time) and by package or repository folder (self time),
 * the functions with the most inclusive time, and the inclusive time of the functions named on the
 * command line. Figures printed only.
 *
 *   npx ts-node --transpile-only bench/cpu-profile.ts <file.cpuprofile | dir> [--top 25] [--match cmd/dynamic-provider] [name …]
 *
 * A directory is every profile in it whose functions include `--match` (default: the dynamic
 * provider's entry point, so the program's own Node process is left out).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Where a frame's code lives: the npm package, this repository's folder, or node's own code. */
function area(url: string): string {
  if (url === "") return "(native / gc / idle)";
  if (url.startsWith("node:")) return "node:*";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(url);
  if (pkg) {
    if (pkg[1] === "pulumi-qualys") {
      const inner = /^dist\/(.*?)\/[^/]*$/.exec(pkg[2]);
      return `pulumi-qualys/${inner ? inner[1] : pkg[2]}`;
    }
    return pkg[1];
  }
  return url.replace(/^file:\/\//, "");
}

function load(path: string, match: string): Array<{ file: string; p: Profile }> {
  if (!statSync(path).isDirectory()) return [{ file: path, p: JSON.parse(readFileSync(path, "utf8")) as Profile }];
  return readdirSync(path)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => ({ file: join(path, f), p: JSON.parse(readFileSync(join(path, f), "utf8")) as Profile }))
    .filter(({ p }) => p.nodes.some((n) => n.callFrame.url.includes(match)));
}

function main(): void {
  const args = process.argv.slice(2);
  let top = 25;
  let match = "cmd/dynamic-provider";
  const names: string[] = [];
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--top") top = Number(args[++i]);
    else if (args[i] === "--match") match = args[++i];
    else if (paths.length === 0) paths.push(args[i]);
    else names.push(args[i]);
  }
  if (paths.length === 0) throw new Error("usage: cpu-profile.ts <file.cpuprofile | dir> [--top N] [--match text] [function …]");
  const self = new Map<string, number>();
  const byArea = new Map<string, number>();
  const inclusive = new Map<string, number>(names.map((n) => [n, 0]));
  /** Inclusive time of every function (a sample counts once per function on its stack). */
  const all = new Map<string, number>();
  let total = 0;
  let idle = 0;
  const profiles = load(paths[0], match);
  for (const { p } of profiles) {
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    p.samples.forEach((id, i) => {
      const us = p.timeDeltas[i] ?? 0;
      const n = byId.get(id)!;
      const fn = n.callFrame.functionName || "(anonymous)";
      if (fn === "(idle)" || fn === "(program)") {
        idle += us;
        return;
      }
      total += us;
      const key = `${fn} ${area(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + us);
      const a = area(n.callFrame.url);
      byArea.set(a, (byArea.get(a) ?? 0) + us);
      // Inclusive: count a sample once for each function on its stack.
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const f = byId.get(at)!.callFrame;
        const k = `${f.functionName || "(anonymous)"} ${area(f.url)}:${f.lineNumber + 1}`;
        if (!seen.has(k)) {
          seen.add(k);
          all.set(k, (all.get(k) ?? 0) + us);
        }
        if (inclusive.has(f.functionName) && !seen.has(f.functionName)) {
          seen.add(f.functionName);
          inclusive.set(f.functionName, inclusive.get(f.functionName)! + us);
        }
      }
    });
  }
  const ms = (us: number) => (us / 1000).toFixed(0);
  const pct = (us: number) => ((100 * us) / total).toFixed(1);
  console.log(`${profiles.length} profile(s): busy ${ms(total)} ms (idle ${ms(idle)} ms)`);
  const table = (title: string, m: Map<string, number>) => {
    console.log(`\n| ${title} | self ms | % |\n| --- | --- | --- |`);
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`| ${k} | ${ms(v)} | ${pct(v)} |`);
  };
  table("function", self);
  table("package / folder", byArea);
  console.log("\n(inclusive: the function and what it calls)");
  table("function, inclusive", all);
  if (names.length > 0) {
    console.log("\n| function (inclusive) | ms | % |\n| --- | --- | --- |");
    for (const [k, v] of inclusive) console.log(`| ${k} | ${ms(v)} | ${pct(v)} |`);
  }
}

main();
