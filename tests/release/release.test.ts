/**
 * `make release VERSION=x.y.z` on a fresh clone of this repository's committed tree, then every
 * artifact installed offline the way a user installs it: the npm tarball into a temp project, the
 * wheel into a fresh virtualenv (`pip install --no-index`), the Go module through a `replace` in a
 * temp Go program that builds, and the plugin archive with `pulumi plugin install … --file`.
 *
 * The clone reuses this checkout's node_modules (hard links; nothing writes into them) and the caches
 * the other tiers fill (Go modules and build cache, the generator, the npm cache), so what is
 * measured is the release build itself: it prints its wall time and the artifact sizes.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { REPO, pulumiBinDir } from "../helpers/pulumi";

jest.setTimeout(1_800_000);

const VERSION = "0.2.0";
const GO_MODULE = "github.com/pulumi-qualys/pulumi-qualys/sdk/go";
const PLATFORMS = ["linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64", "windows-amd64", "windows-arm64"];
const EXPECTED = [
  `pulumi-qualys-${VERSION}.tgz`,
  `pulumi_qualys-${VERSION}.tar.gz`,
  `pulumi_qualys-${VERSION}-py3-none-any.whl`,
  `pulumi-qualys-sdk-go-v${VERSION}.tar.gz`,
  ...PLATFORMS.map((p) => `pulumi-resource-qualys-v${VERSION}-${p}.tar.gz`),
  `qualys-${VERSION}.yaml`,
  "SHA256SUMS",
].sort();

let tmp: string;
let clone: string;
let out: string;

function sh(cmd: string, args: string[], cwd: string, env: Record<string, string | undefined> = {}): string {
  try {
    return execFileSync(cmd, args, {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...env },
      maxBuffer: 1 << 26,
    });
  } catch (e) {
    const err = e as { status?: number; stdout?: string; stderr?: string };
    throw new Error(`${cmd} ${args.join(" ")} failed (${err.status}):\n${err.stdout ?? ""}${err.stderr ?? ""}`);
  }
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "pq-release-"));
  clone = join(tmp, "repo");
  sh("git", ["clone", "--quiet", REPO, clone], tmp);
  sh("cp", ["-al", join(REPO, "node_modules"), join(clone, "node_modules")], tmp);
  const start = Date.now();
  sh("make", ["--no-print-directory", "release", `VERSION=${VERSION}`], clone);
  out = join(clone, "build/release");
  const sizes = readdirSync(out).map((f) => `  ${(statSync(join(out, f)).size / 1024).toFixed(0).padStart(7)} KiB  ${f}`);
  console.log(`make release on a fresh clone: ${((Date.now() - start) / 1000).toFixed(0)} s\n${sizes.join("\n")}`);
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

test("build/release holds every artifact, and SHA256SUMS verifies them", () => {
  expect(readdirSync(out).sort()).toEqual(EXPECTED);
  const sums = sh("sha256sum", ["-c", "SHA256SUMS"], out);
  expect(sums.trim().split("\n")).toHaveLength(EXPECTED.length - 1);
  expect(sums).not.toMatch(/FAILED/);
});

test("one version, stamped everywhere: package.json, schema, SDKs, plugin metadata, docs, CHANGELOG", () => {
  const read = (f: string) => readFileSync(join(clone, f), "utf8");
  expect(JSON.parse(read("package.json")).version).toBe(VERSION);
  expect(JSON.parse(read("package-lock.json")).version).toBe(VERSION);
  expect(JSON.parse(read("schema.json")).version).toBe(VERSION);
  for (const meta of ["sdk/python/pulumi_qualys/pulumi-plugin.json", "sdk/go/qualys/pulumi-plugin.json"])
    expect(JSON.parse(read(meta))).toMatchObject({
      name: "qualys",
      version: VERSION,
      server: "github://api.github.com/pulumi-qualys/pulumi-qualys",
    });
  expect(read("sdk/python/setup.py")).toContain(`VERSION = "${VERSION}"`);
  expect(read("sdk/go/qualys/internal/pulumiUtilities.go")).toContain(`semver.MustParse("${VERSION}")`);
  expect(read("docs/native-provider.md")).toContain(`pulumi-resource-qualys-v${VERSION}-linux-amd64.tar.gz`);
  expect(read("examples/yaml-all-resources/Pulumi.yaml")).toContain(`resource qualys ${VERSION} `);
  expect(read("CHANGELOG.md")).toMatch(
    new RegExp(`^## \\[Unreleased\\]\\n\\n## \\[${VERSION.replace(/\./g, "\\.")}\\] - \\d{4}-\\d\\d-\\d\\d$`, "m"),
  );
  // Only the version changed: nothing else in the tree differs from the commit.
  // Porcelain lines are "XY path": the status columns come first, so no trimming before slicing.
  const changed = sh("git", ["status", "--porcelain"], clone)
    .split("\n")
    .filter(Boolean)
    .map((l) => l.slice(3))
    .sort();
  expect(
    changed.filter((f) => !/^(package(-lock)?\.json|schema\.json|CHANGELOG\.md|README\.md|docs\/|examples\/|bench\/|sdk\/)/.test(f)),
  ).toEqual([]);
});

test("the npm tarball installs offline into a project; it ships the emulator README and LICENSE, no source maps", () => {
  const proj = join(tmp, "npm-project");
  mkdirSync(proj);
  writeFileSync(join(proj, "package.json"), JSON.stringify({ name: "release-check", private: true }));
  const pulumiVersion = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).devDependencies["@pulumi/pulumi"];
  sh(
    "npm",
    [
      "install",
      "--offline",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      join(out, `pulumi-qualys-${VERSION}.tgz`),
      `@pulumi/pulumi@${pulumiVersion}`,
    ],
    proj,
  );
  const pkg = join(proj, "node_modules/pulumi-qualys");
  expect(JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")).version).toBe(VERSION);
  for (const f of ["emulator/README.md", "LICENSE", "CHANGELOG.md", "schema.json", "dist/provider/native/main.js"])
    expect(existsSync(join(pkg, f))).toBe(true);
  expect(sh("find", [pkg, "-name", "*.map"], proj)).toBe("");
  const loaded = sh(
    "node",
    [
      "-e",
      "const q = require('pulumi-qualys'); const e = require('pulumi-qualys/emulator'); console.log(typeof q.ServiceAccount, typeof e.startEmulator)",
    ],
    proj,
  );
  expect(loaded.trim()).toBe("function function");
});

test("the wheel installs offline (--no-index) into a fresh virtualenv and imports", () => {
  // The wheel's dependencies (pulumi and its own) come from a local wheelhouse, downloaded once.
  const wheelhouse = join(homedir(), ".cache/pulumi-qualys/python/wheelhouse-3.248.0");
  if (!existsSync(join(wheelhouse, ".done"))) {
    sh("python3", ["-m", "pip", "download", "--quiet", "--dest", wheelhouse, "pulumi==3.248.0", "parver>=0.2.1", "semver>=2.8.1"], tmp);
    writeFileSync(join(wheelhouse, ".done"), "");
  }
  const venv = join(tmp, "venv");
  sh("python3", ["-m", "venv", venv], tmp);
  sh(
    join(venv, "bin/pip"),
    ["install", "--quiet", "--no-index", "--find-links", out, "--find-links", wheelhouse, `pulumi_qualys==${VERSION}`],
    tmp,
  );
  const code =
    "import json, importlib.resources as r, pulumi_qualys as q; print(q.ServiceAccount.__name__, json.loads(r.files('pulumi_qualys').joinpath('pulumi-plugin.json').read_text())['version'])";
  expect(sh(join(venv, "bin/python"), ["-c", code], tmp).trim()).toBe(`ServiceAccount ${VERSION}`);
  // The sdist carries the same package (setup.py, the plugin metadata).
  const listing = sh("tar", ["-tzf", join(out, `pulumi_qualys-${VERSION}.tar.gz`)], tmp);
  expect(listing).toContain(`pulumi_qualys-${VERSION}/setup.py`);
  expect(listing).toContain(`pulumi_qualys-${VERSION}/pulumi_qualys/pulumi-plugin.json`);
});

test("the Go module (go.mod + go.sum) builds in a Go program through a replace, offline", () => {
  const mod = join(tmp, "sdk-go");
  mkdirSync(mod);
  sh("tar", ["-xzf", join(out, `pulumi-qualys-sdk-go-v${VERSION}.tar.gz`), "-C", mod], tmp);
  expect(readFileSync(join(mod, "go.mod"), "utf8")).toContain(`module ${GO_MODULE}`);
  expect(existsSync(join(mod, "go.sum"))).toBe(true);
  const prog = join(tmp, "go-program");
  mkdirSync(prog);
  writeFileSync(
    join(prog, "go.mod"),
    `module releasecheck\n\ngo 1.25\n\nrequire ${GO_MODULE} v${VERSION}\n\nreplace ${GO_MODULE} => ${mod}\n`,
  );
  writeFileSync(
    join(prog, "main.go"),
    `package main

import (
	"${GO_MODULE}/qualys"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		_, err := qualys.NewServiceAccount(ctx, "org", &qualys.ServiceAccountArgs{
			AccountId: pulumi.String("123456789012"),
			CloudType: pulumi.String("AWS"),
			Regions:   pulumi.ToStringArray([]string{"us-east-1"}),
		})
		return err
	})
}
`,
  );
  // GOPROXY=off: every module must come from the cache that the module's own go.sum pins.
  const env = { GOPROXY: "off", GOWORK: "off", GOSUMDB: "off", GOFLAGS: "-mod=mod", CGO_ENABLED: "0" };
  sh("go", ["mod", "tidy"], prog, env);
  sh("go", ["build", "-o", join(tmp, "go-program.bin"), "."], prog, env);
  expect(existsSync(join(tmp, "go-program.bin"))).toBe(true);
});

test("each plugin archive has its launcher; this platform's installs with --file and serves the stamped schema", () => {
  for (const p of PLATFORMS) {
    const entries = sh("tar", ["-tzf", join(out, `pulumi-resource-qualys-v${VERSION}-${p}.tar.gz`)], tmp).split("\n");
    const launcher = p.startsWith("windows") ? "pulumi-resource-qualys.cmd" : "pulumi-resource-qualys";
    expect(entries).toContain(launcher);
    expect(entries).toContain("package/dist/provider/native/main.js");
    expect(entries).toContain("package/node_modules/@pulumi/pulumi/package.json");
  }
  const cmd = sh("tar", ["-xzOf", join(out, `pulumi-resource-qualys-v${VERSION}-windows-amd64.tar.gz`), "pulumi-resource-qualys.cmd"], tmp);
  expect(cmd).toContain('node "%~dp0package\\dist\\provider\\native\\main.js" %*\r\n');

  const home = join(tmp, "pulumi-home");
  const env = { PATH: `${pulumiBinDir()}:${process.env.PATH ?? ""}`, PULUMI_HOME: home, PULUMI_SKIP_UPDATE_CHECK: "true" };
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  sh(
    "pulumi",
    [
      "plugin",
      "install",
      "resource",
      "qualys",
      VERSION,
      "--file",
      join(out, `pulumi-resource-qualys-v${VERSION}-${process.platform}-${arch}.tar.gz`),
    ],
    tmp,
    env,
  );
  const plugin = join(home, "plugins", `resource-qualys-v${VERSION}`, "pulumi-resource-qualys");
  // The plugin's own metadata: the schema it serves has the stamped version and the download URL.
  const served = JSON.parse(sh("pulumi", ["package", "get-schema", plugin], tmp, env)) as { version: string; pluginDownloadURL: string };
  expect(served).toMatchObject({ version: VERSION, pluginDownloadURL: "github://api.github.com/pulumi-qualys/pulumi-qualys" });
});

test("the YAML package declaration names the plugin of this version and where to download it", () => {
  expect(readFileSync(join(out, `qualys-${VERSION}.yaml`), "utf8")).toBe(
    `packageDeclarationVersion: 1\nname: qualys\nversion: ${VERSION}\ndownloadUrl: github://api.github.com/pulumi-qualys/pulumi-qualys\n`,
  );
});
