/**
 * `exchange` over real sockets (a node:http server on port 0). The transport's tests cover the cap
 * and the deadline once a request is under way; these cover what only the dispatch handler decides:
 * a deadline that passes while the request still waits for a connection, and the timer's end.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { Agent, buildConnector } from "undici";
import { BodyTooLargeError, DeadlineExceededError, exchange } from "./body";

let server: Server;
let url: URL;
let requests = 0;

beforeEach(async () => {
  requests = 0;
  server = createServer((req, res) => {
    requests++;
    req.resume();
    req.on("end", () => res.end("done"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** An Agent whose connections open only when the test says so (a pool busy elsewhere, a slow connect). */
function heldAgent(): { agent: Agent; connecting: Promise<void>; release: () => void } {
  const connect = buildConnector({});
  let release!: () => void;
  let connecting!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const started = new Promise<void>((r) => (connecting = r));
  const agent = new Agent({
    connect: (opts, cb) => {
      connecting();
      void released.then(() => connect(opts, cb as (err: Error | null, socket: Socket | null) => void));
    },
  });
  return { agent, connecting: started, release };
}

test("a deadline that passes before the connection opens ends the attempt as soon as it does, and nothing is sent", async () => {
  const { agent, connecting, release } = heldAgent();
  let fire!: () => void;
  const answer = exchange(agent, {
    url,
    method: "POST",
    headers: {},
    body: "action=update",
    maxBytes: 1024,
    timeoutMs: 1000,
    startTimer: (f) => {
      fire = f;
      return () => undefined;
    },
  });
  await connecting;
  fire();
  release();
  await expect(answer).rejects.toBeInstanceOf(DeadlineExceededError);
  // The request was never written: the server saw the connection at most, no request on it.
  expect(requests).toBe(0);
  await agent.close();
});

test("the cap counts the body as it arrives; the deadline is cancelled once the answer is complete", async () => {
  const agent = new Agent();
  let cancelled = 0;
  const ok = await exchange(agent, {
    url,
    method: "GET",
    headers: {},
    maxBytes: 4,
    timeoutMs: 5000,
    startTimer: () => () => void cancelled++,
  });
  expect(ok.body).toBe("done");
  expect(cancelled).toBe(1);
  await expect(exchange(agent, { url, method: "GET", headers: {}, maxBytes: 3, timeoutMs: 5000 })).rejects.toBeInstanceOf(
    BodyTooLargeError,
  );
  await agent.close();
});
