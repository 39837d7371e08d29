/**
 * The TypeScript snippets of README.md and docs/*.md as programs a user could paste: extraction,
 * grouping and staging for tests/e2e/snippets.e2e.test.ts.
 *
 * A ```ts (or ```typescript) block is a complete program and is run as written. A block preceded by
 * `<!-- snippet: fragment -->` continues the program of the page's previous block (it uses that
 * block's imports and variables), as a reader who pastes the page's blocks one after the other gets.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { REPO } from "./pulumi";

/** The tsconfig.json `pulumi new typescript` writes (Pulumi's typescript template). */
export const STOCK_TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "commonjs",
    moduleResolution: "node",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};

const FRAGMENT = "<!-- snippet: fragment -->";
const TSCONFIG = "<!-- snippet: tsconfig -->";

export interface Snippet {
  /** Repository-relative markdown file. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  code: string;
  fragment: boolean;
}

export interface Program {
  /** Pulumi project name (also the config namespace of `new pulumi.Config()`). */
  name: string;
  file: string;
  snippets: Snippet[];
  code: string;
}

interface Block {
  lang: string;
  line: number;
  code: string;
  marker: string | undefined;
}

function blocks(file: string): Block[] {
  const lines = readFileSync(join(REPO, file), "utf8").split("\n");
  const out: Block[] = [];
  let lastMarker: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i];
    const open = /^```(\w+)\s*$/.exec(text);
    if (open) {
      const start = i;
      const body: string[] = [];
      for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
      out.push({ lang: open[1], line: start + 1, code: body.join("\n") + "\n", marker: lastMarker });
      lastMarker = undefined;
    } else if (/^<!-- snippet: \w+ -->$/.test(text.trim())) {
      lastMarker = text.trim();
    } else if (text.trim() !== "") {
      // A marker applies to the block right after it (blank lines allowed), never further down.
      lastMarker = undefined;
    }
  }
  return out;
}

/** Every ```ts / ```typescript block of a markdown file. */
export function snippetsOf(file: string): Snippet[] {
  return blocks(file)
    .filter((b) => b.lang === "ts" || b.lang === "typescript")
    .map((b) => ({ file, line: b.line, code: b.code, fragment: b.marker === FRAGMENT }));
}

/** README.md and every docs/*.md page that has a TypeScript block. */
export function snippetFiles(): string[] {
  const docs = readdirSync(join(REPO, "docs"))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => `docs/${f}`);
  return ["README.md", ...docs].filter((f) => snippetsOf(f).length > 0);
}

/** The snippets grouped into programs: each complete block starts one, fragments extend the last. */
export function programsOf(files: string[]): Program[] {
  const programs: Program[] = [];
  for (const file of files) {
    let current: Program | undefined;
    for (const s of snippetsOf(file)) {
      if (s.fragment) {
        if (!current) throw new Error(`${file}:${s.line}: a fragment with no complete program before it on the page`);
        current.snippets.push(s);
        current.code += `\n// ${file}:${s.line}\n${s.code}`;
        continue;
      }
      const stem = basename(file, ".md").toLowerCase();
      const n = programs.filter((p) => p.file === file).length;
      current = { name: `snippet-${stem}${n ? `-${n + 1}` : ""}`, file, snippets: [s], code: `// ${file}:${s.line}\n${s.code}` };
      programs.push(current);
    }
  }
  return programs;
}

/** The compiler options README.md tells TypeScript users to add (a ```json block marked as the tsconfig), if any. */
export function readmeTsconfigAdditions(): Record<string, unknown> {
  const block = blocks("README.md").find((b) => b.lang === "json" && b.marker === TSCONFIG);
  if (!block) return {};
  return (JSON.parse(block.code) as { compilerOptions: Record<string, unknown> }).compilerOptions;
}

/** The tsconfig users are told to use: the stock one plus README's additions. */
export function documentedTsconfig(): typeof STOCK_TSCONFIG {
  return { ...STOCK_TSCONFIG, compilerOptions: { ...STOCK_TSCONFIG.compilerOptions, ...readmeTsconfigAdditions() } };
}

/**
 * Write a program as a `pulumi new typescript` project (Pulumi.yaml, package.json, tsconfig.json,
 * index.ts) in `dir`, which must be inside the repository so `pulumi-qualys` and `@pulumi/pulumi`
 * resolve from its node_modules (the packed package, staged by scripts/prepare-e2e.sh).
 */
export function stageProgram(dir: string, program: Program): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "index.ts"), program.code);
  writeFileSync(
    join(dir, "Pulumi.yaml"),
    `name: ${program.name}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\ndescription: TypeScript snippets of ${program.file}\n`,
  );
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify(
      { name: program.name, main: "index.ts", dependencies: { "@pulumi/pulumi": "^3.216.0", "pulumi-qualys": "^0.1.0" } },
      null,
      2,
    ),
  );
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(documentedTsconfig(), null, 2));
}

export interface ConfigLine {
  /** A key without a namespace belongs to the program's project. */
  key: string;
  value: string;
  secret: boolean;
}

/**
 * The `pulumi config set` lines of README.md's "Try it against the emulator" (its ```sh block): the
 * test configures stacks the way the README tells users to, not from a copy of it.
 */
export function readmeEmulatorConfig(): ConfigLine[] {
  const readme = readFileSync(join(REPO, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("### Try it against the emulator"));
  const sh = /```sh\n([\s\S]*?)```/.exec(section);
  if (!sh) throw new Error('README.md: no ```sh block under "Try it against the emulator"');
  const config: ConfigLine[] = [];
  for (const line of sh[1].split("\n")) {
    const set = /^pulumi config set (--secret )?(\S+) (\S+)/.exec(line.trim());
    if (set) config.push({ key: set[2], value: set[3].replace(/^'(.*)'$/, "$1"), secret: Boolean(set[1]) });
  }
  return config;
}

/**
 * The emulator control calls a page tells its readers to make before running its program
 * (`curl -X POST http://127.0.0.1:8080/__emulator/... -d '<json>'`, in a block or inline): path and body.
 */
export function pageControlCalls(file: string): { path: string; body: unknown }[] {
  const text = readFileSync(join(REPO, file), "utf8").replace(/\\\n/g, " ").replace(/\s+/g, " ");
  return [...text.matchAll(/curl -X POST http:\/\/127\.0\.0\.1:8080(\/__emulator\/\S+) -d '([^']*)'/g)].map((m) => ({
    path: m[1],
    body: JSON.parse(m[2]) as unknown,
  }));
}
