/**
 * A headless Chromium (Debian's `chromium` package; CHROMIUM_BIN overrides) driven over the DevTools protocol
 * with undici's WebSocket: enough to open a page, read values from it, collect what its console reported,
 * see every request it made, and take a screenshot. No browser is downloaded; `.ci/run` installs the package.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WebSocket } from "undici";

/** The Chromium binary, or undefined when none is installed. */
export function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_BIN) return process.env.CHROMIUM_BIN;
  for (const name of ["chromium", "chromium-browser"]) {
    const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).stdout.trim();
    if (found) return found;
  }
  return undefined;
}

interface CdpEvent {
  method: string;
  params: Record<string, unknown>;
  sessionId?: string;
}

/** What the page told its console or the DevTools log at level error, and uncaught exceptions. */
export interface PageProblems {
  console: string[];
  requests: string[];
  dialogs: string[];
}

export interface Page {
  /** Opens `url` and waits for its load event. */
  goto(url: string): Promise<void>;
  /** Evaluates `expression` in the page and returns its JSON value. */
  evaluate<T>(expression: string): Promise<T>;
  /** A PNG of the whole page at `width` CSS pixels. */
  screenshot(width: number): Promise<Buffer>;
  problems: PageProblems;
}

/** Starts Chromium, gives `fn` a fresh page, and always stops the browser and removes its profile. */
export async function withPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
  const bin = chromiumPath();
  if (!bin) throw new Error("Chromium is not installed: `apt-get install -y chromium` (what .ci/run does), or set CHROMIUM_BIN");
  const profile = mkdtempSync(join(tmpdir(), "qualys-chromium-"));
  const args = [
    "--headless",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
    "--disable-background-networking",
    "--disable-component-update",
    "--hide-scrollbars",
    "--remote-debugging-port=0",
    `--user-data-dir=${profile}`,
    "about:blank",
  ];
  // Chromium refuses to run as root with its sandbox (CI containers run as root).
  if (process.getuid?.() === 0) args.unshift("--no-sandbox");
  const proc = spawn(bin, args, { stdio: ["ignore", "ignore", "pipe"] });
  try {
    const endpoint = await devtoolsEndpoint(proc);
    const cdp = await Cdp.connect(endpoint);
    try {
      const { targetId } = await cdp.send<{ targetId: string }>("Target.createTarget", { url: "about:blank" });
      const { sessionId } = await cdp.send<{ sessionId: string }>("Target.attachToTarget", { targetId, flatten: true });
      return await fn(await openPage(cdp, sessionId));
    } finally {
      await cdp.send("Browser.close").catch(() => undefined);
      cdp.close();
    }
  } finally {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((resolve) => proc.once("exit", resolve));
      proc.kill("SIGTERM");
      await exited;
    }
    // Chromium's helper processes (crashpad, GPU) can still write into the profile for a moment after the
    // browser itself has exited (ENOTEMPTY): retry, and never fail a test over a temporary directory.
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 50 });
    } catch {
      // left behind in the system's temporary directory
    }
  }
}

function devtoolsEndpoint(proc: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = "";
    proc.stderr?.setEncoding("utf8");
    proc.stderr?.on("data", (chunk: string) => {
      stderr += chunk;
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
      if (m) resolve(m[1]);
    });
    proc.once("exit", (code) => reject(new Error(`chromium exited (${code}) before DevTools listened:\n${stderr}`)));
    proc.once("error", reject);
  });
}

class Cdp {
  private next = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; method: string }>();
  private listeners: ((e: CdpEvent) => void)[] = [];

  private constructor(private readonly ws: WebSocket) {
    ws.addEventListener("message", (ev) => {
      const msg = JSON.parse(String(ev.data)) as { id?: number; result?: unknown; error?: { message: string } } & Partial<CdpEvent>;
      if (msg.id !== undefined) {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.error) p?.reject(new Error(`${p.method}: ${msg.error.message}`));
        else p?.resolve(msg.result);
      } else if (msg.method) for (const l of this.listeners) l(msg as CdpEvent);
    });
  }

  static connect(url: string): Promise<Cdp> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.addEventListener("open", () => resolve(new Cdp(ws)));
      ws.addEventListener("error", () => reject(new Error(`cannot connect to ${url}`)));
    });
  }

  send<T = unknown>(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, method });
      this.ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  }

  on(listener: (e: CdpEvent) => void): () => void {
    this.listeners.push(listener);
    return () => (this.listeners = this.listeners.filter((l) => l !== listener));
  }

  close(): void {
    this.ws.close();
  }
}

async function openPage(cdp: Cdp, sessionId: string): Promise<Page> {
  const problems: PageProblems = { console: [], requests: [], dialogs: [] };
  cdp.on((e) => {
    if (e.sessionId !== sessionId) return;
    const p = e.params;
    const type = String(p.type);
    if (e.method === "Runtime.consoleAPICalled" && ["error", "assert"].includes(type))
      problems.console.push(`console.${type}: ${JSON.stringify((p.args as { value?: unknown }[]).map((a) => a.value))}`);
    if (e.method === "Runtime.exceptionThrown") problems.console.push(`exception: ${JSON.stringify(p.exceptionDetails)}`);
    if (e.method === "Log.entryAdded" && (p.entry as { level: string }).level === "error")
      problems.console.push(`log: ${(p.entry as { text: string }).text}`);
    if (e.method === "Network.requestWillBeSent") problems.requests.push((p.request as { url: string }).url);
    if (e.method === "Page.javascriptDialogOpening") {
      problems.dialogs.push(String(p.message));
      void cdp.send("Page.handleJavaScriptDialog", { accept: true }, sessionId);
    }
  });
  for (const domain of ["Page", "Runtime", "Log", "Network"]) await cdp.send(`${domain}.enable`, {}, sessionId);
  const waitFor = (method: string) =>
    new Promise<void>((resolve) => {
      const off = cdp.on((e) => {
        if (e.sessionId === sessionId && e.method === method) {
          off();
          resolve();
        }
      });
    });
  return {
    problems,
    async goto(url) {
      const loaded = waitFor("Page.loadEventFired");
      const { errorText } = await cdp.send<{ errorText?: string }>("Page.navigate", { url }, sessionId);
      if (errorText) throw new Error(`cannot open ${url}: ${errorText}`);
      await loaded;
    },
    async evaluate<T>(expression: string) {
      const r = await cdp.send<{ result: { value: T }; exceptionDetails?: unknown }>(
        "Runtime.evaluate",
        { expression, returnByValue: true },
        sessionId,
      );
      if (r.exceptionDetails) throw new Error(`evaluate ${expression}: ${JSON.stringify(r.exceptionDetails)}`);
      return r.result.value;
    },
    async screenshot(width) {
      await cdp.send("Emulation.setDeviceMetricsOverride", { width, height: 800, deviceScaleFactor: 1, mobile: false }, sessionId);
      const { cssContentSize } = await cdp.send<{ cssContentSize: { height: number } }>("Page.getLayoutMetrics", {}, sessionId);
      const height = Math.ceil(cssContentSize.height);
      await cdp.send("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile: false }, sessionId);
      const { data } = await cdp.send<{ data: string }>(
        "Page.captureScreenshot",
        { format: "png", captureBeyondViewport: false },
        sessionId,
      );
      return Buffer.from(data, "base64");
    },
  };
}
