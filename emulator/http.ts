/**
 * Small HTTP helpers for the emulator: reading bodies, writing JSON/XML/text replies.
 * The emulator is plain node:http on purpose: it is what tests and users' CI start, so it must have
 * no dependencies beyond the package's own.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body, null, 2) };
}

export function xml(status: number, body: string, headers: Record<string, string> = {}): Reply {
  return { status, headers: { "content-type": "text/xml; charset=UTF-8", ...headers }, body };
}

export function text(status: number, body: string, headers: Record<string, string> = {}): Reply {
  return { status, headers: { "content-type": "text/plain; charset=UTF-8", ...headers }, body };
}

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage, limitBytes = 5 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) throw new BodyTooLargeError(`request body too large (limit ${limitBytes} bytes)`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { "content-length": Buffer.byteLength(reply.body).toString(), ...(reply.headers ?? {}) });
  res.end(reply.body);
}

/** Timestamps as the notes print them: `2026-05-28T11:30:00` (no zone) and `...Z` in meta. */
export function localTimestamp(d = new Date()): string {
  return d.toISOString().slice(0, 19);
}
export function utcTimestamp(d = new Date()): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

/** Text in a CDATA section, as Qualys sends titles and names; a `]]>` inside is split across two sections. */
export function cdata(s: string): string {
  return `<![CDATA[${s.replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;
}
