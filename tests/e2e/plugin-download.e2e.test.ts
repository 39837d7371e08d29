/**
 * Automatic plugin download: the CLI itself fetches pulumi-resource-qualys, as for a registry
 * provider. The release layout (`make plugin`'s archives, what `make release` uploads to the GitHub
 * release of tag v<version>) is served from a local HTTP server on 127.0.0.1; a fresh PULUMI_HOME
 * holds no plugin, automatic acquisition is on (the other e2e tests turn it off), and no `--file` and
 * no `plugins:` section is used.
 *
 * - Package declaration: the YAML project holds `qualys-<version>.yaml` (name, version and the
 *   schema's own pluginDownloadURL, github://api.github.com/pulumi-qualys/pulumi-qualys), as
 *   `make release` writes it. PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES sends that URL to the local
 *   server, so the test follows the schema's URL and the release asset names without the internet.
 * - Resource options: `options: { version, pluginDownloadURL }` naming the server directly.
 */
import { execFile, execFileSync } from "node:child_process";
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { controlOk, useEmulator } from "../helpers/emulator-client";
import { PASSPHRASE, REPO, pulumiBinDir } from "../helpers/pulumi";

jest.setTimeout(600_000);
const E = useEmulator();

const schema = JSON.parse(readFileSync(join(REPO, "schema.json"), "utf8")) as { version: string; pluginDownloadURL: string };
const VERSION = schema.version;
const PLATFORM = `${process.platform}-${process.arch === "x64" ? "amd64" : process.arch}`;
const ARCHIVE = `pulumi-resource-qualys-v${VERSION}-${PLATFORM}.tar.gz`;

let root: string;
let releaseDir: string;
let server: Server;
let base: string;
const requests: string[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "pq-download-"));
  releaseDir = join(root, "release");
  // This platform's archive only (the six share their contents); dist/ is fresh from prepare-e2e.
  execFileSync("bash", [join(REPO, "scripts/make-plugin.sh"), releaseDir], {
    cwd: REPO,
    env: { ...process.env, PLUGIN_PLATFORMS: PLATFORM, PLUGIN_SKIP_BUILD: existsSync(join(REPO, "dist")) ? "1" : "" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  // A GitHub release's download layout: /releases/download/v<version>/<asset>.
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const m = /^\/releases\/download\/v([^/]+)\/([^/]+)$/.exec(req.url ?? "");
    const file = m && m[1] === VERSION ? join(releaseDir, m[2]) : undefined;
    if (!file || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    // With a length, as a release host sends it: the CLI checks the bytes it copied against it.
    res.writeHead(200, { "content-type": "application/gzip", "content-length": statSync(file).size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

/** A YAML project in a fresh directory with a fresh PULUMI_HOME and automatic plugin acquisition on. */
async function project(name: string, files: Record<string, string>, extraEnv: Record<string, string> = {}) {
  const dir = join(root, name);
  mkdirSync(join(dir, "proj"), { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, "proj", file), text);
  const env: Record<string, string> = { ...(process.env as Record<string, string>) };
  delete env.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION;
  Object.assign(env, {
    PATH: `${pulumiBinDir()}:${process.env.PATH ?? ""}`,
    PULUMI_BACKEND_URL: `file://${join(dir, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_HOME: join(dir, "home"),
    NO_COLOR: "1",
    ...extraEnv,
  });
  mkdirSync(join(dir, "state"));
  const pulumi = (args: string[]) =>
    new Promise<string>((resolve, reject) =>
      execFile("pulumi", [...args, "--non-interactive"], { cwd: join(dir, "proj"), env, maxBuffer: 1 << 26 }, (err, stdout, stderr) =>
        err ? reject(new Error(`pulumi ${args.join(" ")} failed:\n${stdout}${stderr}`)) : resolve(`${stdout}${stderr}`),
      ),
    );
  await pulumi(["stack", "init", "dev"]);
  for (const k of ["apiUrl", "gatewayUrl", "portalUrl"]) await pulumi(["config", "set", `qualys:${k}`, E.emu.url]);
  await pulumi(["config", "set", "--secret", "qualys:token", "emulator-token-acme"]);
  const installed = join(dir, "home", "plugins", `resource-qualys-v${VERSION}`, "pulumi-resource-qualys");
  return { pulumi, installed };
}

const program = (options = "") => `name: qualys-download
runtime: yaml
resources:
  org:
    type: qualys:index:ServiceAccount
    properties:
      accountId: "123456789012"
      cloudType: AWS
      regions: [us-east-1]
      vmScanTypes: [os]
${options}outputs:
  accountId: \${org.accountId}
`;

test("the schema's pluginDownloadURL is the repository's GitHub releases, and the SDKs carry it", () => {
  expect(schema.pluginDownloadURL).toBe("github://api.github.com/pulumi-qualys/pulumi-qualys");
  for (const meta of ["sdk/python/pulumi_qualys/pulumi-plugin.json", "sdk/go/qualys/pulumi-plugin.json"])
    expect(JSON.parse(readFileSync(join(REPO, meta), "utf8"))).toEqual({
      resource: true,
      name: "qualys",
      version: VERSION,
      server: schema.pluginDownloadURL,
    });
});

test("a package declaration with the schema's URL: preview and up download the plugin (no --file, no plugins:)", async () => {
  const decl = `packageDeclarationVersion: 1\nname: qualys\nversion: ${VERSION}\ndownloadUrl: ${schema.pluginDownloadURL}\n`;
  // The override maps the schema's URL onto the local server; ${VERSION} is filled in by the CLI.
  const overrides = `^github://api\\.github\\.com/pulumi-qualys/pulumi-qualys$=${base}/releases/download/v\${VERSION}`;
  const p = await project(
    "decl",
    { "Pulumi.yaml": program(), [`qualys-${VERSION}.yaml`]: decl },
    { PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES: overrides },
  );
  expect(existsSync(p.installed)).toBe(false);
  requests.length = 0;

  const preview = await p.pulumi(["preview"]);
  expect(preview).toMatch(/\+ 2 to create/);
  expect(requests).toEqual([`GET /releases/download/v${VERSION}/${ARCHIVE}`]);
  expect(existsSync(p.installed)).toBe(true);

  // The downloaded plugin serves the program: the account reaches the emulator, then goes away.
  await p.pulumi(["up", "--yes"]);
  expect((await controlOk(E.emu, "GET", "service-accounts/123456789012")).accountId).toBe("123456789012");
  await p.pulumi(["destroy", "--yes"]);
  expect(requests).toHaveLength(1); // installed once, reused afterwards
});

test("resource options version + pluginDownloadURL: the default provider's plugin is downloaded from there", async () => {
  const options = `    options:\n      version: ${VERSION}\n      pluginDownloadURL: ${base}/releases/download/v${VERSION}\n`;
  const p = await project("options", { "Pulumi.yaml": program(options) });
  requests.length = 0;
  expect(await p.pulumi(["preview"])).toMatch(/\+ 2 to create/);
  expect(requests).toEqual([`GET /releases/download/v${VERSION}/${ARCHIVE}`]);
  expect(existsSync(p.installed)).toBe(true);
});
