/** Socket fixtures shared by the transport tests and the not-sent tier. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback port nothing listens on: bind one, note it, close it. A connect to it is refused at once,
 * which is the cleanest "the request was never written" case the transport must tell from a lost answer.
 */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
