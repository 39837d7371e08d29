/**
 * Fault injection: make the next matching calls fail the way Qualys fails.
 *
 * A fault matches by method, path (substring, or /regex/) and XML `action`, fires `times` times,
 * and then is gone. Kinds: an HTTP status with Qualys's code and limit headers (409/1960, 409/1965,
 * 429, 5xx), a delay, a cut connection, or any of those *after* the real handler ran ("the call
 * happened but the answer was lost"), which is how ambiguous failures are tested.
 */
import { escapeXml, json, utcTimestamp, xml, type Reply } from "./http";
import type { ErrorStyle } from "./router";

export interface FaultSpec {
  method?: string;
  /** Substring of the path, or a regular expression written as "/…/". */
  path?: string;
  /** XML APIs: the `action` parameter (create, update, list, delete). */
  action?: string;
  /** How many calls it affects (default 1). */
  times?: number;
  status?: number;
  /** Qualys error code in the body (1960 concurrency, 1965 rate, 1905 …). */
  qualysCode?: string;
  message?: string;
  /** Seconds to wait, sent as X-RateLimit-ToWait-Sec / Retry-After / SECONDS_TO_WAIT. */
  waitSeconds?: number;
  /** Delay before answering, in milliseconds. */
  delayMs?: number;
  /** Close the socket without an answer. */
  cut?: boolean;
  /** Run the real handler first, then apply the fault (the call took effect, the answer is lost). */
  afterHandler?: boolean;
}

export interface ActiveFault extends FaultSpec {
  id: number;
  remaining: number;
}

export class FaultQueue {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): ActiveFault {
    const f = { ...spec, id: this.nextId++, remaining: spec.times ?? 1 };
    this.faults.push(f);
    return f;
  }

  clear(): void {
    this.faults = [];
  }

  list(): ActiveFault[] {
    return [...this.faults];
  }

  /** The first fault matching this call, consumed by one. */
  take(method: string, path: string, action: string | undefined): ActiveFault | undefined {
    const f = this.faults.find((x) => matches(x, method, path, action));
    if (!f) return undefined;
    f.remaining--;
    if (f.remaining <= 0) this.faults = this.faults.filter((x) => x !== f);
    return f;
  }
}

function matches(f: FaultSpec, method: string, path: string, action: string | undefined): boolean {
  if (f.method && f.method.toUpperCase() !== method) return false;
  if (f.action && f.action !== action) return false;
  if (f.path) {
    if (f.path.length > 2 && f.path.startsWith("/") && f.path.endsWith("/") && /[\\^$|()[\]*+?]/.test(f.path)) {
      if (!new RegExp(f.path.slice(1, -1)).test(path)) return false;
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
