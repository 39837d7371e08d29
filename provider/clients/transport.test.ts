/**
 * The transport over real sockets: a node:http server on 127.0.0.1 port 0 per test, created here,
 * that records what reached it. No request mocks; only `sleep` is replaced, so that the waits the
 * retry policy chose are recorded instead of sat out.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { Agent, type Dispatcher } from "undici";
import { z } from "zod";
import { closedPort } from "../../tests/helpers/sockets";
import { Gate, trickleUntilClosed } from "../../tests/helpers/timing";
import { resolveConfig } from "../config";
import { QualysError } from "../errors";
import { GatewayClient } from "./gateway";
import { isWrite, Transport, type TransportEvent } from "./transport";

interface Hit {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

interface TestServer {
  url: string;
  hits: Hit[];
  count(method: string, path: string): number;
  close(): Promise<void>;
}

type Handler = (hit: Hit, res: ServerResponse) => void | Promise<void>;

const servers: TestServer[] = [];
const transports: Transport[] = [];

async function serve(handler: Handler): Promise<TestServer> {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const hit: Hit = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      hits.push(hit);
      void handler(hit, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const s: TestServer = {
    url: `http://127.0.0.1:${port}`,
    hits,
    count: (method, path) => hits.filter((h) => h.method === method && h.path.split("?")[0] === path).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(s);
  return s;
}

function reply(res: ServerResponse, status: number, body = "", headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "text/plain", ...headers });
  res.end(body);
}

const STATIC_TOKEN = "static-token-0123456789abcdef";
const PASSWORD = "Pa55-word-not-for-logs";

interface Made {
  transport: Transport;
  events: TransportEvent[];
  sleeps: number[];
}

function make(url: string, env: Record<string, string> = {}, dispatcher?: Dispatcher): Made {
  const events: TransportEvent[] = [];
  const sleeps: number[] = [];
  const config = resolveConfig({
    env: { QUALYS_GATEWAY_URL: url, QUALYS_API_URL: url, QUALYS_PORTAL_URL: url, QUALYS_TOKEN: STATIC_TOKEN, ...env },
  });
  const transport = new Transport(config, {
    dispatcher,
    onEvent: (e) => events.push(e),
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
  });
  transports.push(transport);
  return { transport, events, sleeps };
}

/** Username/password only (no static token). */
function makeWithPassword(url: string, env: Record<string, string> = {}): Made {
  const m = make(url, { QUALYS_TOKEN: "", QUALYS_USERNAME: "alice", QUALYS_PASSWORD: PASSWORD, ...env });
  expect(m.transport.config.credentials.kind).toBe("password");
  return m;
}

async function rejection(p: Promise<unknown>): Promise<QualysError> {
  let caught: unknown;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(QualysError);
  return caught as QualysError;
}

/**
 * What can leave the process (error messages, onEvent payloads) holds neither the password nor a
 * token. Asserted inside each test that produces such text, so every test stands on its own.
 */
function expectNoSecret(...texts: string[]): void {
  for (const text of texts) {
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(STATIC_TOKEN);
    expect(text).not.toMatch(/minted-token-\d+-abcdefgh/);
  }
}

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const get = (t: Transport, path = "/ping", auth?: "bearer" | "basic" | "auto") => t.request({ api: "gateway", method: "GET", path, auth });

describe("authentication headers", () => {
  test("Bearer with the configured token; user agent set; query appended", async () => {
    const s = await serve((_h, res) => reply(res, 200, "ok"));
    const { transport, events } = make(s.url);
    const r = await transport.request({ api: "gateway", method: "GET", path: "/x", query: { page: 2, limit: 10, skip: undefined } });
    expect(r).toMatchObject({ status: 200, body: "ok" });
    expect(s.hits).toHaveLength(1);
    expect(s.hits[0].headers.authorization).toBe(`Bearer ${STATIC_TOKEN}`);
    expect(s.hits[0].headers["user-agent"]).toBe("pulumi-qualys");
    expect(s.hits[0].path).toBe("/x?page=2&limit=10");
    expectNoSecret(JSON.stringify(events));
  });

  test.each(["basic", "auto"] as const)("auth %s with username+password sends Basic and mints nothing", async (auth) => {
    const s = await serve((_h, res) => reply(res, 200, "<OK/>"));
    const { transport } = makeWithPassword(s.url);
    await get(transport, "/api/3.0/fo/auth/nsx/", auth);
    expect(s.hits.map((h) => h.path)).toEqual(["/api/3.0/fo/auth/nsx/"]);
    expect(s.hits[0].headers.authorization).toBe(`Basic ${Buffer.from(`alice:${PASSWORD}`).toString("base64")}`);
  });

  test("auto prefers Basic when both token and password are configured, Bearer when only a token is", async () => {
    const s = await serve((_h, res) => reply(res, 200));
    const both = make(s.url, { QUALYS_USERNAME: "alice", QUALYS_PASSWORD: PASSWORD });
    await get(both.transport, "/a", "auto");
    await get(both.transport, "/b", "bearer");
    const tokenOnly = make(s.url);
    await get(tokenOnly.transport, "/c", "auto");
    expect(s.hits.map((h) => [h.path, String(h.headers.authorization).split(" ")[0]])).toEqual([
      ["/a", "Basic"],
      ["/b", "Bearer"],
      ["/c", "Bearer"],
    ]);
    expect(s.hits[1].headers.authorization).toBe(`Bearer ${STATIC_TOKEN}`);
  });

  test("Basic without username/password is a config error and nothing is sent", async () => {
    const s = await serve((_h, res) => reply(res, 200));
    const { transport } = make(s.url);
    const err = await rejection(get(transport, "/portal", "basic"));
    expect(err.kind).toBe("config");
    expect(err.message).toContain("qualys:username");
    expect(s.hits).toHaveLength(0);
  });
});

describe("limits and retries", () => {
  test("at most maxConcurrency calls in flight per API (2 of 6 parallel)", async () => {
    // The server keeps each call open until the test lets it go. While two are open, the requests
    // handed to the network (counted where undici dispatches them) must be those two: a transport
    // without the limit would have dispatched all six before the first reached the server.
    const gate = new Gate();
    const s = await serve(async (_h, res) => {
      await gate.enter();
      reply(res, 200);
    });
    let dispatched = 0;
    const counting = new Agent().compose((dispatch) => (opts, handler) => {
      dispatched++;
      return dispatch(opts, handler);
    });
    const { transport } = make(s.url, { QUALYS_MAX_CONCURRENCY: "2" }, counting);
    const results = Promise.all(Array.from({ length: 6 }, (_, i) => get(transport, `/p${i}`)));
    for (let round = 1; round <= 3; round++) {
      await gate.held(2);
      expect(dispatched).toBe(2 * round);
      expect(gate.releaseAll()).toBe(2);
    }
    expect((await results).map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(s.hits).toHaveLength(6);
  });

  test("503 then 200: one retry, the 200 is returned", async () => {
    let n = 0;
    const s = await serve((_h, res) => (n++ === 0 ? reply(res, 503, "busy") : reply(res, 200, "fine")));
    const { transport, events, sleeps } = make(s.url);
    const r = await get(transport);
    expect(r).toMatchObject({ status: 200, body: "fine" });
    expect(s.hits).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(0);
    expect(events.map((e) => [e.attempt, e.status, e.retry !== undefined])).toEqual([
      [1, 503, true],
      [2, 200, false],
    ]);
  });

  test("a POST answered 500 is not retried; the 500 is handed back to the API client", async () => {
    const s = await serve((_h, res) => reply(res, 500, "oops"));
    const { transport, sleeps } = make(s.url);
    const r = await transport.request({
      api: "gateway",
      method: "POST",
      path: "/flexscan-api/rest/v1/service-accounts/register",
      body: "{}",
    });
    expect(r.status).toBe(500);
    expect(s.hits).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  test("a GET answered 500 is retried up to maxAttempts", async () => {
    const s = await serve((_h, res) => reply(res, 500, "oops"));
    const { transport, sleeps } = make(s.url, { QUALYS_MAX_ATTEMPTS: "3" });
    const r = await get(transport);
    expect(r.status).toBe(500);
    expect(s.hits).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });

  test("connection refused: retried (even a POST) up to maxAttempts, then a network error", async () => {
    const port = await closedPort();
    const { transport, events, sleeps } = make(`http://127.0.0.1:${port}`, { QUALYS_MAX_ATTEMPTS: "3" });
    const err = await rejection(transport.request({ api: "gateway", method: "POST", path: "/register", body: "{}" }));
    expect(err.kind).toBe("network");
    expect(err.sent).toBe(false);
    expect(err.message).toContain("ECONNREFUSED");
    expect(err.message).toMatch(/gave up after 3 attempts/);
    expect(err.message).toMatch(/nothing was sent.*Check `qualys:gatewayUrl` \(stack config\) or QUALYS_GATEWAY_URL/);
    expect(events.map((e) => e.failure)).toEqual(["not-sent", "not-sent", "not-sent"]);
    expect(sleeps).toHaveLength(2);
    expectNoSecret(err.message, JSON.stringify(events));
  });

  test("an unresolvable host name (.invalid, RFC 2606): not sent, repeated even for a POST, the error names the URL setting", async () => {
    const { transport, events } = make("https://gateway.qualys.invalid", { QUALYS_MAX_ATTEMPTS: "2" });
    const err = await rejection(transport.request({ api: "api", method: "POST", path: "/api/3.0/fo/auth/nsx/", body: "a=1" }));
    expect(err.sent).toBe(false);
    expect(err.message).toMatch(/host name did not resolve/);
    expect(err.message).toMatch(/Check `qualys:apiUrl` \(stack config\) or QUALYS_API_URL/);
    expect(events.map((e) => e.failure)).toEqual(["not-sent", "not-sent"]);
  });

  test("https:// to a plain-HTTP server: the TLS handshake fails, no request reaches the server, not sent", async () => {
    const s = await serve((_hit, res) => reply(res, 200, "must not be reached"));
    const { transport, events } = make(s.url.replace("http://", "https://"), { QUALYS_MAX_ATTEMPTS: "2" });
    const err = await rejection(transport.request({ api: "gateway", method: "POST", path: "/register", body: "{}" }));
    expect(err.sent).toBe(false);
    expect(err.message).toMatch(/TLS handshake failed/);
    expect(err.message).toMatch(/`qualys:gatewayUrl`/);
    expect(events.map((e) => e.failure)).toEqual(["not-sent", "not-sent"]);
    expect(s.hits).toHaveLength(0);
  });

  test("a connection cut after the request arrived is not 'not sent': the POST may have run, it is not repeated", async () => {
    const s = await serve((_hit, res) => void res.socket?.destroy());
    const { transport, events } = make(s.url);
    const err = await rejection(transport.request({ api: "gateway", method: "POST", path: "/register", body: "{}" }));
    expect(err.kind).toBe("network");
    expect(err.sent).toBe(true);
    expect(events.map((e) => e.failure)).toEqual(["maybe-sent"]);
    expect(s.count("POST", "/register")).toBe(1);
  });

  test("a GET slower than the request timeout: a timeout error after the retries", async () => {
    const s = await serve(() => {
      /* never answers */
    });
    const { transport, events } = make(s.url, { QUALYS_REQUEST_TIMEOUT_SECONDS: "1", QUALYS_MAX_ATTEMPTS: "2" });
    const err = await rejection(get(transport, "/slow"));
    expect(err.kind).toBe("timeout");
    expect(s.hits).toHaveLength(2);
    expect(events.map((e) => e.failure)).toEqual(["timeout", "timeout"]);
  });

  test("a POST that times out is not repeated (it may have run)", async () => {
    const s = await serve(() => {
      /* never answers */
    });
    const { transport } = make(s.url, { QUALYS_REQUEST_TIMEOUT_SECONDS: "1", QUALYS_MAX_ATTEMPTS: "3" });
    const err = await rejection(transport.request({ api: "gateway", method: "POST", path: "/register", body: "{}" }));
    expect(err.kind).toBe("timeout");
    expect(err.message).toMatch(/may have run/);
    expect(s.hits).toHaveLength(1);
  });
});

/** A readable that produces `total` bytes of XML-ish filler on demand (never held in memory at once). */
function lazyBody(total: number): Readable {
  const chunk = Buffer.alloc(64 * 1024, "<AUTH_NSX><ID>1</ID></AUTH_NSX>\n");
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      const n = Math.min(chunk.length, total - sent);
      sent += n;
      this.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    },
  });
}

const MB = 1024 * 1024;

describe("bounded responses: size cap and one deadline per attempt", () => {
  test("a 200 MB answer without Content-Length: response-too-large naming the setting, not retried even for a GET", async () => {
    let produced = 0;
    const s = await serve((_hit, res) => {
      res.writeHead(200, { "content-type": "text/xml" }); // chunked: the size is unknown until the end
      const body = lazyBody(200 * MB);
      body.on("data", (c: Buffer) => void (produced += c.length));
      body.pipe(res);
      res.on("close", () => body.destroy());
    });
    const { transport, events } = make(s.url, { QUALYS_MAX_RESPONSE_BYTES: String(MB), QUALYS_MAX_ATTEMPTS: "3" });
    const err = await rejection(get(transport, "/huge"));
    expect(err.kind).toBe("response-too-large");
    expect(err.message).toMatch(/passed the limit of 1048576 bytes/);
    expect(err.message).toContain("qualys:maxResponseBytes");
    expect(err.message).toContain("QUALYS_MAX_RESPONSE_BYTES");
    expect(s.hits).toHaveLength(1);
    expect(events.map((e) => [e.failure, e.retry])).toEqual([["too-large", undefined]]);
    // The download stopped: the server produced far less than the 200 MB (socket buffers only).
    expect(produced).toBeLessThan(50 * MB);
  });

  test("a declared Content-Length above the cap is refused before the body is read", async () => {
    const s = await serve((_hit, res) => {
      res.writeHead(200, { "content-type": "text/xml", "content-length": String(200 * MB) });
      const body = lazyBody(200 * MB);
      body.pipe(res);
      res.on("close", () => body.destroy());
    });
    const { transport } = make(s.url, { QUALYS_MAX_RESPONSE_BYTES: String(MB) });
    const err = await rejection(transport.request({ api: "api", method: "POST", path: "/api/3.0/fo/auth/nsx/", body: "action=list" }));
    expect(err.kind).toBe("response-too-large");
    expect(err.message).toMatch(/declares 209715200 bytes \(Content-Length\)/);
    expect(s.hits).toHaveLength(1);
  });

  test("a body of exactly the cap is read; one byte more is refused", async () => {
    const s = await serve((hit, res) => reply(res, 200, "x".repeat(hit.path === "/at" ? 2048 : 2049)));
    const { transport } = make(s.url, { QUALYS_MAX_RESPONSE_BYTES: "2048" });
    expect((await get(transport, "/at")).body).toHaveLength(2048);
    expect((await rejection(get(transport, "/over"))).kind).toBe("response-too-large");
    expect(s.hits.map((h) => h.path)).toEqual(["/at", "/over"]);
  });

  // The one test on the real clock: a trickle faster than undici's idle timeouts, so only the overall
  // deadline (1 s, the smallest setting) can end it. Without the deadline this test never finishes.
  const trickle: Handler = (_hit, res) => trickleUntilClosed(res, "text/xml", "<", 100);

  test("a GET trickling forever: a timeout error per the deadline, repeated only as the retry policy allows a read", async () => {
    const s = await serve(trickle);
    const { transport, events } = make(s.url, { QUALYS_REQUEST_TIMEOUT_SECONDS: "1", QUALYS_MAX_ATTEMPTS: "2" });
    const err = await rejection(get(transport, "/trickle"));
    expect(err.kind).toBe("timeout");
    expect(err.message).toContain("qualys:requestTimeoutSeconds");
    expect(s.hits).toHaveLength(2);
    expect(events.map((e) => e.failure)).toEqual(["timeout", "timeout"]);
  });

  test("a POST trickling forever: one attempt only (it may have run), never downloaded again", async () => {
    const s = await serve(trickle);
    const { transport } = make(s.url, { QUALYS_REQUEST_TIMEOUT_SECONDS: "1", QUALYS_MAX_ATTEMPTS: "3" });
    const err = await rejection(transport.request({ api: "api", method: "POST", path: "/api/3.0/fo/auth/nsx/", body: "action=list" }));
    expect(err.kind).toBe("timeout");
    expect(err.message).toMatch(/may have run/);
    expect(s.hits).toHaveLength(1);
  });
});

describe("minted tokens (username/password)", () => {
  /** A gateway that mints `minted-<n>` tokens and accepts those `accept` allows. */
  async function gateway(accept: (token: string) => boolean, authReply?: (hit: Hit, res: ServerResponse) => void) {
    let minted = 0;
    return serve((hit, res) => {
      if (hit.method === "POST" && hit.path === "/auth") {
        if (authReply) return authReply(hit, res);
        minted++;
        return reply(res, 201, `minted-token-${minted}-abcdefgh`);
      }
      const token = /^Bearer (.+)$/.exec(String(hit.headers.authorization ?? ""))?.[1] ?? "";
      if (!accept(token))
        return reply(res, 401, JSON.stringify({ data: null, errors: [{ code: "UNAUTHORIZED", message: "Invalid or expired token" }] }), {
          "content-type": "application/json",
        });
      return reply(res, 200, JSON.stringify({ data: { ok: true }, errors: [], meta: {} }), { "content-type": "application/json" });
    });
  }

  test.each([404, 409, 400, 403])(
    "a %d from the token endpoint is a configuration error, never 'gone' or a conflict of the object read",
    async (status) => {
      // A read that turned "not found" here would make refresh drop resources from state.
      const s = await gateway(
        () => true,
        (_hit, res) => reply(res, status, "no such endpoint"),
      );
      const { transport } = makeWithPassword(s.url);
      const err = (await get(transport, "/a").then(
        () => undefined,
        (e: unknown) => e,
      )) as QualysError;
      expect(err).toBeInstanceOf(QualysError);
      expect(err.kind).toBe("config");
      expect(err.status).toBe(status);
    },
  );

  test("several concurrent calls share one POST /auth; the form carries username, password, token=true", async () => {
    const s = await gateway((t) => t.startsWith("minted-token-1-"));
    const { transport, events } = makeWithPassword(s.url, { QUALYS_MAX_CONCURRENCY: "4" });
    const rs = await Promise.all([
      get(transport, "/a"),
      get(transport, "/b"),
      get(transport, "/c"),
      get(transport, "/d"),
      get(transport, "/e"),
    ]);
    expect(rs.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(s.count("POST", "/auth")).toBe(1);
    const auth = s.hits.find((h) => h.path === "/auth")!;
    expect(auth.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(auth.headers.authorization).toBeUndefined();
    expect(Object.fromEntries(new URLSearchParams(auth.body))).toEqual({ username: "alice", password: PASSWORD, token: "true" });
    for (const h of s.hits.filter((x) => x.path !== "/auth")) expect(h.headers.authorization).toBe("Bearer minted-token-1-abcdefgh");
    // A later call reuses the token.
    await get(transport, "/f");
    expect(s.count("POST", "/auth")).toBe(1);
    expectNoSecret(JSON.stringify(events));
  });

  test("a 401 re-mints once and the call succeeds with the new token", async () => {
    const s = await gateway((t) => t.startsWith("minted-token-2-"));
    const { transport, events } = makeWithPassword(s.url);
    const r = await get(transport, "/thing");
    expect(r.status).toBe(200);
    expect(s.count("POST", "/auth")).toBe(2);
    expect(s.hits.filter((h) => h.path === "/thing").map((h) => h.headers.authorization)).toEqual([
      "Bearer minted-token-1-abcdefgh",
      "Bearer minted-token-2-abcdefgh",
    ]);
    expectNoSecret(JSON.stringify(events));
  });

  test("a second 401 gives up: unauthorized, after exactly one renewal", async () => {
    const s = await gateway(() => false);
    const { transport, events, sleeps } = makeWithPassword(s.url);
    const err = await rejection(
      new GatewayClient(transport).call(z.unknown(), { method: "GET", path: "/flexscan-api/rest/v1/service-accounts" }),
    );
    expect(err.kind).toBe("unauthorized");
    expect(err.status).toBe(401);
    expect(s.count("POST", "/auth")).toBe(2);
    expect(s.count("GET", "/flexscan-api/rest/v1/service-accounts")).toBe(2);
    expect(sleeps).toEqual([]);
    expectNoSecret(err.message, JSON.stringify(events));
  });

  test("a refused static token is not renewed", async () => {
    const s = await gateway(() => false);
    const { transport } = make(s.url);
    const err = await rejection(new GatewayClient(transport).call(z.unknown(), { method: "GET", path: "/x" }));
    expect(err.kind).toBe("unauthorized");
    expect(s.count("POST", "/auth")).toBe(0);
    expect(s.count("GET", "/x")).toBe(1);
    expectNoSecret(err.message);
  });

  test("refused credentials at /auth: unauthorized, and the echoed password is not in the message", async () => {
    const s = await gateway(
      () => true,
      (hit, res) =>
        reply(
          res,
          401,
          `Login failed for ${new URLSearchParams(hit.body).get("username")} with password ${new URLSearchParams(hit.body).get("password")}`,
        ),
    );
    const { transport, events } = makeWithPassword(s.url);
    const err = await rejection(get(transport, "/x"));
    expect(err.kind).toBe("unauthorized");
    expect(err.message).toContain("Login failed for alice");
    expect(s.count("GET", "/x")).toBe(0);
    expectNoSecret(err.message, String(err.qualysText), JSON.stringify(events));
  });

  test("a server echoing the bearer token in an error: quoted without the token", async () => {
    const s = await serve((hit, res) =>
      reply(
        res,
        400,
        JSON.stringify({ data: null, errors: [{ code: "BAD_REQUEST", message: `bad header: ${String(hit.headers.authorization)}` }] }),
        { "content-type": "application/json" },
      ),
    );
    const { transport } = make(s.url);
    const err = await rejection(new GatewayClient(transport).call(z.unknown(), { method: "POST", path: "/x", json: {} }));
    expect(err.kind).toBe("invalid-request");
    expect(err.message).toContain("bad header: Bearer");
    expectNoSecret(err.message, String(err.qualysText));
  });
});

describe("the write hook (what the coalescing readers invalidate on)", () => {
  test("reads are GETs, the XML API's action=list and minting a token; the rest are writes", () => {
    expect(isWrite({ method: "GET", path: "/x" })).toBe(false);
    expect(isWrite({ method: "POST", path: "/auth", body: "username=a" })).toBe(false);
    expect(isWrite({ method: "POST", path: "/api/3.0/fo/auth/nsx/", body: "action=list&ids=1" })).toBe(false);
    expect(isWrite({ method: "POST", path: "/api/3.0/fo/auth/nsx/", body: "ids=1&action=list" })).toBe(false);
    expect(isWrite({ method: "POST", path: "/api/3.0/fo/auth/nsx/", body: "action=delete&ids=1" })).toBe(true);
    expect(isWrite({ method: "POST", path: "/api/3.0/fo/auth/nsx/", body: "action=listing" })).toBe(true);
    expect(isWrite({ method: "PUT", path: "/x", body: "{}" })).toBe(true);
    expect(isWrite({ method: "DELETE", path: "/x" })).toBe(true);
  });

  test("once per write after its answer, retries included; failed writes too; never for reads", async () => {
    let n = 0;
    const s = await serve((h, res) =>
      h.path === "/busy" && n++ === 0 ? reply(res, 503, "busy") : reply(res, h.path === "/bad" ? 500 : 200),
    );
    const { transport } = make(s.url);
    const seen: number[] = [];
    transport.onWrite(() => seen.push(s.hits.length));
    await get(transport);
    await transport.request({ api: "api", method: "POST", path: "/list", body: "action=list" });
    expect(seen).toEqual([]);
    await transport.request({ api: "gateway", method: "PUT", path: "/busy", body: "{}", idempotent: true });
    expect(seen).toEqual([4]); // after the retry's answer, not once per attempt
    await transport.request({ api: "gateway", method: "POST", path: "/bad", body: "{}" });
    expect(seen).toEqual([4, 5]);
    const { transport: down } = make(`http://127.0.0.1:${await closedPort()}`);
    let downWrites = 0;
    down.onWrite(() => downWrites++);
    await rejection(down.request({ api: "gateway", method: "DELETE", path: "/x" }));
    expect(downWrites).toBe(1);
  });
});
