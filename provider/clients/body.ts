/**
 * Reading a response body within bounds: at most `maxBytes`, and only until `signal` aborts (the
 * attempt's overall deadline, see transport.ts).
 *
 * The body is consumed as a stream and the chunks are counted as they arrive, so an answer larger
 * than the cap costs at most the cap in memory: the connection is destroyed the moment the count
 * passes it, and the rest is never downloaded. A declared Content-Length above the cap is refused
 * before the first byte is read.
 */
import type { Readable } from "node:stream";

/** The body passed the cap; thrown by `readBoundedBody`, classified by the transport. */
export class BodyTooLargeError extends Error {
  readonly code = "PQ_BODY_TOO_LARGE";
  constructor(
    readonly limit: number,
    /** Bytes seen when reading stopped, or the declared Content-Length. */
    readonly seen: number,
    readonly declared: boolean,
  ) {
    super(
      declared
        ? `the response declares ${seen} bytes (Content-Length), more than the limit of ${limit}`
        : `the response passed the limit of ${limit} bytes`,
    );
    this.name = "BodyTooLargeError";
  }
}

/** Read `body` as UTF-8 text, refusing more than `maxBytes`. */
export async function readBoundedBody(body: Readable, maxBytes: number, contentLength?: string): Promise<string> {
  const declared = contentLength !== undefined && /^\d+$/.test(contentLength.trim()) ? Number(contentLength) : undefined;
  if (declared !== undefined && declared > maxBytes) {
    body.destroy();
    throw new BodyTooLargeError(maxBytes, declared, true);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of body) {
      const buf = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
      total += buf.length;
      if (total > maxBytes) throw new BodyTooLargeError(maxBytes, total, false);
      chunks.push(buf);
    }
  } catch (e) {
    // Stop the download: without this the socket keeps receiving (and undici keeps buffering) the rest.
    body.destroy();
    throw e;
  }
  return Buffer.concat(chunks, total).toString("utf8");
}
