/**
 * Fault injection: make the next matching calls fail the way Qualys fails.
 *
 * A fault matches by method, path (substring, or /regex/) and XML `action`, fires `times` times,
 * and then is gone. Kinds: an HTTP status with Qualys's code and limit headers (409/1960, 409/1965,
 * 429, 5xx), a delay, a hold that the test releases, a cut connection, or any of those *after* the
 * real handler ran ("the call happened but the answer was lost"), which is how ambiguous failures are
 * tested.
 */
import { z } from "zod";
import { escapeXml, json, utcTimestamp, xml, type Reply } from "./http";
import type { ErrorStyle } from "./router";

/**
 * A fault as registered (control route or `emu.injectFault`). Validated here, at registration, so a
 * bad spec is a 400 for whoever sent it and never an exception in a later, unrelated API call
 * (a `/(/` path regex used to be compiled at match time and kill the process). `strict` so that a
 * misspelt field (`afterhandler`) is refused instead of silently ignored.
 */
export const faultSpecSchema = z
  .object({
    method: z
      .string()
      .regex(/^[A-Za-z]{1,16}$/, "method must be an HTTP method name (letters only)")
      .optional(),
    /** Substring of the path, or a regular expression written as "/…/". */
    path: z.string().min(1).max(1000).optional(),
    /** XML APIs: the `action` parameter (create, update, list, delete). */
    action: z.string().min(1).max(100).optional(),
    /** How many calls it affects (default 1). */
    times: z.number().int().min(1).max(1_000_000).optional(),
    status: z
      .number()
      .int()
      .min(400, "status must be an error status (400–599)")
      .max(599, "status must be an error status (400–599)")
      .optional(),
    /** Qualys error code in the body (1960 concurrency, 1965 rate, 1905 …). */
    qualysCode: z
      .string()
      .regex(/^[\w-]{1,32}$/, "qualysCode must be a short code such as 1965")
      .optional(),
    message: z.string().max(4000).optional(),
    /**
     * The whole answer body, sent as given instead of the API's error document: a server (or a proxy
     * in front of it) that quotes the request in its own format and escaping — a JSON error, an HTML
     * error page, a form. Needs `status`.
     */
    body: z.string().max(100_000).optional(),
    /** Content type of `body` (default text/plain). */
    contentType: z
      .string()
      .regex(/^[\w.+-]+\/[\w.+-]+(?:;\s*[\w-]+=[\w.-]+)?$/, "contentType must be a media type such as text/html; charset=UTF-8")
      .optional(),
    /** Seconds to wait, sent as X-RateLimit-ToWait-Sec / Retry-After / SECONDS_TO_WAIT. */
    waitSeconds: z.number().int().min(0).max(86_400).optional(),
    /**
     * Milliseconds before answering. Before the handler normally (a slow Qualys); with
     * `afterHandler` the handler runs first and the answer comes late (a client that timed out while
     * Qualys still executed the call).
     */
    delayMs: z.number().int().min(0).max(600_000).optional(),
    /** Close the socket without an answer. */
    cut: z.boolean().optional(),
    /**
     * Hold the call — before the handler, or after it with `afterHandler` — until the test releases
     * it (`emu.release(fault.id)`). The step a test advances instead of racing a `delayMs` against
     * the client's timeout: `await emu.held(label)` says the call got there.
     */
    hold: z.boolean().optional(),
    /** Run the real handler first, then apply the fault (the call took effect, the answer is lost). */
    afterHandler: z.boolean().optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.path !== undefined && isRegexPath(f.path)) {
      try {
        new RegExp(f.path.slice(1, -1));
      } catch (e) {
        ctx.addIssue({ code: "custom", path: ["path"], message: `path is not a valid regular expression: ${(e as Error).message}` });
      }
    }
    if (f.cut && f.status !== undefined) ctx.addIssue({ code: "custom", path: ["cut"], message: "cut and status exclude each other" });
    if (f.body !== undefined && f.status === undefined) ctx.addIssue({ code: "custom", path: ["body"], message: "body needs a status" });
  });

export type FaultSpec = z.input<typeof faultSpecSchema>;

/** Validate one spec or a list of them; throws a message naming each offending field. */
export function parseFaultSpecs(input: unknown): FaultSpec[] {
  const list = Array.isArray(input) ? (input as unknown[]) : [input];
  if (list.length === 0 || list.length > 1000) throw new Error("expected a fault spec or a list of 1–1000 of them");
  return list.map((item, i) => {
    const r = faultSpecSchema.safeParse(item);
    if (r.success) return r.data;
    const where = Array.isArray(input) ? `fault ${i}: ` : "";
    throw new Error(where + r.error.issues.map((x) => `${x.path.join(".") || "(spec)"}: ${x.message}`).join("; "));
  });
}

function isRegexPath(path: string): boolean {
  return path.length > 2 && path.startsWith("/") && path.endsWith("/") && /[\\^$|()[\]*+?]/.test(path);
}

export interface ActiveFault extends FaultSpec {
  id: number;
  remaining: number;
}

interface QueuedFault {
  fault: ActiveFault;
  /** Compiled once, at registration. */
  regex?: RegExp;
}

export class FaultQueue {
  private faults: QueuedFault[] = [];
  private nextId = 1;

  /** Validates the spec (throws with the offending field named) and queues it. */
  add(spec: FaultSpec): ActiveFault {
    const [valid] = parseFaultSpecs(spec);
    const f = { ...valid, id: this.nextId++, remaining: valid.times ?? 1 };
    const regex = valid.path !== undefined && isRegexPath(valid.path) ? new RegExp(valid.path.slice(1, -1)) : undefined;
    this.faults.push({ fault: f, regex });
    return f;
  }

  clear(): void {
    this.faults = [];
  }

  list(): ActiveFault[] {
    return this.faults.map((q) => q.fault);
  }

  /** The first fault matching this call, consumed by one. */
  take(method: string, path: string, action: string | undefined): ActiveFault | undefined {
    const q = this.faults.find((x) => matches(x, method, path, action));
    if (!q) return undefined;
    q.fault.remaining--;
    if (q.fault.remaining <= 0) this.faults = this.faults.filter((x) => x !== q);
    return q.fault;
  }
}

function matches(q: QueuedFault, method: string, path: string, action: string | undefined): boolean {
  const f = q.fault;
  if (f.method && f.method.toUpperCase() !== method) return false;
  if (f.action && f.action !== action) return false;
  if (f.path) {
    if (q.regex) {
      if (!q.regex.test(path)) return false;
    } else if (!path.includes(f.path)) return false;
  }
  return true;
}

const DEFAULT_MESSAGES: Record<string, string> = {
  "1960": "This API cannot be run again until 2 currently running instances have finished.",
  "1965": "This API cannot be run again for another 3 seconds.",
};

/** The reply a status fault produces, in the error style of the API it hit. */
export function faultReply(f: FaultSpec, style: ErrorStyle): Reply {
  const status = f.status ?? 500;
  const code = f.qualysCode;
  const message = f.message ?? (code && DEFAULT_MESSAGES[code]) ?? defaultStatusText(status);
  const headers: Record<string, string> = {};
  const wait = f.waitSeconds;
  if (code === "1965" || status === 429) {
    headers["X-RateLimit-Limit"] = "300";
    headers["X-RateLimit-Window-Sec"] = "3600";
    headers["X-RateLimit-Remaining"] = "0";
    if (wait !== undefined) headers["X-RateLimit-ToWait-Sec"] = String(wait);
    if (status === 429 && wait !== undefined) headers["Retry-After"] = String(wait);
  }
  if (code === "1960") {
    headers["X-Concurrency-Limit-Limit"] = "2";
    headers["X-Concurrency-Limit-Running"] = "2";
  }
  if (status === 503 && wait !== undefined) headers["Retry-After"] = String(wait);
  if (f.body !== undefined)
    return { status, headers: { "content-type": f.contentType ?? "text/plain; charset=UTF-8", ...headers }, body: f.body };
  if (style === "xml") return xml(status, simpleReturnError(code ?? String(status), message, code === "1965" ? wait : undefined), headers);
  return json(status, { data: null, errors: [{ code: code ?? String(status), message }], meta: { timestamp: utcTimestamp() } }, headers);
}

export function simpleReturnError(code: string, message: string, secondsToWait?: number): string {
  const items =
    secondsToWait === undefined
      ? ""
      : `\n    <ITEM_LIST>\n      <ITEM>\n        <KEY>SECONDS_TO_WAIT</KEY>\n        <VALUE>${secondsToWait}</VALUE>\n      </ITEM>\n    </ITEM_LIST>`;
  return `<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE SIMPLE_RETURN SYSTEM "https://qualysapi.qualys.com/api/3.0/simple_return.dtd">
<SIMPLE_RETURN>
  <RESPONSE>
    <DATETIME>${utcTimestamp()}</DATETIME>
    <CODE>${escapeXml(code)}</CODE>
    <TEXT>${escapeXml(message)}</TEXT>${items}
  </RESPONSE>
</SIMPLE_RETURN>
`;
}

function defaultStatusText(status: number): string {
  if (status === 429) return "Too many requests";
  if (status === 503) return "Service temporarily unavailable";
  if (status === 409) return "Conflict";
  if (status >= 500) return "Internal server error";
  return "Request failed";
}
