/**
 * The retry policy (pure decisions): what is repeated, after how long, and what is not.
 */
import {
  backoffMs,
  decideRetry,
  qualysCodeOf,
  RETRY_BASE_DELAY_MS,
  RETRY_MAX_BACKOFF_MS,
  RETRY_MAX_SERVER_WAIT_MS,
  serverWaitMs,
  type AttemptOutcome,
  type ResponseSnapshot,
} from "./retry";

const envelope = (code: string | number, message = "limit") => JSON.stringify({ data: null, errors: [{ code, message }], meta: {} });
const simpleReturn = (code: string, seconds?: number) =>
  `<?xml version="1.0" encoding="UTF-8" ?><SIMPLE_RETURN><RESPONSE><DATETIME>2026-05-28T11:30:00Z</DATETIME><CODE>${code}</CODE><TEXT>limit</TEXT>` +
  (seconds === undefined ? "" : `<ITEM_LIST><ITEM><KEY>SECONDS_TO_WAIT</KEY><VALUE>${seconds}</VALUE></ITEM></ITEM_LIST>`) +
  `</RESPONSE></SIMPLE_RETURN>`;

function res(status: number, body = "", headers: Record<string, string> = {}): ResponseSnapshot {
  return { status, body, headers };
}

function outcome(over: Partial<AttemptOutcome>): AttemptOutcome {
  return { attempt: 1, maxAttempts: 5, idempotent: false, ...over };
}

const half = () => 0.5;

describe("qualysCodeOf", () => {
  test("reads the gateway envelope's errors[0].code, string or number", () => {
    expect(qualysCodeOf(envelope("1965"))).toBe("1965");
    expect(qualysCodeOf(envelope(1960))).toBe("1960");
    expect(qualysCodeOf(envelope("ALREADY_REGISTERED"))).toBe("ALREADY_REGISTERED");
  });
  test("reads a bare {code} object", () => {
    expect(qualysCodeOf(JSON.stringify({ code: 1965, message: "x" }))).toBe("1965");
  });
  test("reads the XML <CODE>, with whitespace", () => {
    expect(qualysCodeOf(simpleReturn("1965"))).toBe("1965");
    expect(qualysCodeOf("<RESPONSE><CODE>\n  1960\n</CODE></RESPONSE>")).toBe("1960");
  });
  test("nothing for bodies without a code", () => {
    expect(qualysCodeOf("")).toBeUndefined();
    expect(qualysCodeOf("<html>Bad gateway</html>")).toBeUndefined();
    expect(qualysCodeOf("{not json")).toBeUndefined();
    expect(qualysCodeOf(JSON.stringify({ data: {}, errors: [] }))).toBeUndefined();
  });
});

describe("serverWaitMs", () => {
  test("X-RateLimit-ToWait-Sec, whole and fractional seconds", () => {
    expect(serverWaitMs(res(409, "", { "x-ratelimit-towait-sec": "7" }))).toBe(7000);
    expect(serverWaitMs(res(409, "", { "x-ratelimit-towait-sec": "1.5" }))).toBe(1500);
  });
  test("X-RateLimit-ToWait-Sec wins over Retry-After", () => {
    expect(serverWaitMs(res(429, "", { "x-ratelimit-towait-sec": "3", "retry-after": "30" }))).toBe(3000);
  });
  test("Retry-After in seconds", () => {
    expect(serverWaitMs(res(429, "", { "retry-after": "12" }))).toBe(12_000);
  });
  test("Retry-After as an HTTP date", () => {
    const inAMinute = new Date(Date.now() + 60_000).toUTCString();
    const ms = serverWaitMs(res(503, "", { "retry-after": inAMinute }))!;
    // HTTP dates have whole seconds: the wait is the minute, less what the truncation and the test took.
    expect(ms).toBeGreaterThan(55_000);
    expect(ms).toBeLessThanOrEqual(60_000);
    expect(serverWaitMs(res(503, "", { "retry-after": "Wed, 21 Oct 2015 07:28:00 GMT" }))).toBe(0);
  });
  test("SECONDS_TO_WAIT in a SIMPLE_RETURN body", () => {
    expect(serverWaitMs(res(409, simpleReturn("1965", 42)))).toBe(42_000);
  });
  test("nothing when the server did not say (or said nonsense)", () => {
    expect(serverWaitMs(res(409, envelope("1965")))).toBeUndefined();
    expect(serverWaitMs(res(429, "", { "x-ratelimit-towait-sec": "soon" }))).toBeUndefined();
    expect(serverWaitMs(res(429, "", { "retry-after": "not a date" }))).toBeUndefined();
  });
});

describe("backoffMs", () => {
  test("grows exponentially from the base delay", () => {
    const top = () => 1;
    expect(backoffMs(1, top)).toBe(RETRY_BASE_DELAY_MS);
    expect(backoffMs(2, top)).toBe(RETRY_BASE_DELAY_MS * 2);
    expect(backoffMs(3, top)).toBe(RETRY_BASE_DELAY_MS * 4);
    expect(backoffMs(4, top)).toBeGreaterThan(backoffMs(3, top));
  });
  test("is capped", () => {
    expect(backoffMs(20, () => 1)).toBe(RETRY_MAX_BACKOFF_MS);
    expect(backoffMs(60, () => 1)).toBe(RETRY_MAX_BACKOFF_MS);
  });
  test("uses the injected randomness (full jitter)", () => {
    expect(backoffMs(3, () => 0.5)).toBe(RETRY_BASE_DELAY_MS * 2);
    expect(backoffMs(3, () => 0.25)).toBe(RETRY_BASE_DELAY_MS);
  });
  test("is never 0", () => {
    expect(backoffMs(1, () => 0)).toBeGreaterThan(0);
    expect(backoffMs(5, () => 0)).toBeGreaterThan(0);
  });
});

describe("decideRetry", () => {
  test.each([
    ["409/1960 (JSON)", res(409, envelope("1960"))],
    ["409/1965 (JSON)", res(409, envelope("1965"))],
    ["409/1965 (numeric code)", res(409, envelope(1965))],
    ["409/1965 (XML)", res(409, simpleReturn("1965"))],
    ["429", res(429)],
    ["503", res(503)],
  ])("%s is retried even for a POST (Qualys refused before running it)", (_name, response) => {
    const d = decideRetry(outcome({ idempotent: false, response }), half);
    expect(d.retry).toBe(true);
  });

  test("a plain 409 (a real conflict) is not retried, not even for a GET", () => {
    expect(decideRetry(outcome({ idempotent: true, response: res(409, envelope("ALREADY_REGISTERED")) })).retry).toBe(false);
    expect(decideRetry(outcome({ idempotent: false, response: res(409, "Conflict") })).retry).toBe(false);
  });

  test.each([500, 502, 504])("%s is retried for a GET only", (status) => {
    expect(decideRetry(outcome({ idempotent: true, response: res(status) }), half).retry).toBe(true);
    const post = decideRetry(outcome({ idempotent: false, response: res(status) }), half);
    expect(post.retry).toBe(false);
    expect(post.reason).toMatch(/may have run/);
  });

  test.each([400, 401, 403, 404, 422])("%s is not retried", (status) => {
    expect(decideRetry(outcome({ idempotent: true, response: res(status) })).retry).toBe(false);
  });

  test("success is not retried", () => {
    expect(decideRetry(outcome({ idempotent: true, response: res(200) }))).toEqual({ retry: false, reason: "success" });
    expect(decideRetry(outcome({ idempotent: true, response: res(201) })).retry).toBe(false);
  });

  test("network: not-sent is retried for any call; maybe-sent and timeout only when idempotent", () => {
    expect(decideRetry(outcome({ idempotent: false, failure: "not-sent" }), half).retry).toBe(true);
    expect(decideRetry(outcome({ idempotent: true, failure: "not-sent" }), half).retry).toBe(true);
    expect(decideRetry(outcome({ idempotent: true, failure: "maybe-sent" }), half).retry).toBe(true);
    expect(decideRetry(outcome({ idempotent: true, failure: "timeout" }), half).retry).toBe(true);
    const cut = decideRetry(outcome({ idempotent: false, failure: "maybe-sent" }), half);
    expect(cut.retry).toBe(false);
    expect(cut.reason).toMatch(/not repeated/);
    const slow = decideRetry(outcome({ idempotent: false, failure: "timeout" }), half);
    expect(slow.retry).toBe(false);
    expect(slow.reason).toMatch(/timed out/);
  });

  test("the last attempt is never retried, whatever happened", () => {
    const last = { attempt: 3, maxAttempts: 3, idempotent: true };
    for (const o of [
      { ...last, response: res(503) },
      { ...last, response: res(429) },
      { ...last, response: res(409, envelope("1965")) },
      { ...last, response: res(500) },
      { ...last, failure: "not-sent" as const },
      { ...last, failure: "timeout" as const },
    ]) {
      const d = decideRetry(o, half);
      expect(d.retry).toBe(false);
      expect(d.reason).toMatch(/gave up after 3 attempts/);
    }
    // ...and the one before it still is.
    expect(decideRetry({ attempt: 2, maxAttempts: 3, idempotent: true, response: res(503) }, half).retry).toBe(true);
  });

  test("maxAttempts 1 means no retry at all", () => {
    expect(decideRetry({ attempt: 1, maxAttempts: 1, idempotent: true, response: res(503) }).retry).toBe(false);
  });

  test("the server's wait is honoured, plus at most 250 ms of jitter from the injected random", () => {
    const r = res(409, envelope("1965"), { "x-ratelimit-towait-sec": "3" });
    expect(decideRetry(outcome({ response: r }), () => 0)).toMatchObject({ retry: true, delayMs: 3000 });
    expect(decideRetry(outcome({ response: r }), () => 1)).toMatchObject({ retry: true, delayMs: 3250 });
    expect(decideRetry(outcome({ response: res(429, "", { "retry-after": "8" }) }), () => 0)).toMatchObject({ retry: true, delayMs: 8000 });
    expect(decideRetry(outcome({ response: res(503, "", { "retry-after": "2" }) }), () => 0)).toMatchObject({ retry: true, delayMs: 2000 });
    expect(decideRetry(outcome({ response: res(409, simpleReturn("1960", 5)) }), () => 0)).toMatchObject({ retry: true, delayMs: 5000 });
  });

  test("without a server wait, the delay is the backoff for that attempt with the injected random", () => {
    for (const attempt of [1, 2, 3, 4]) {
      const d = decideRetry(outcome({ attempt, idempotent: true, response: res(502) }), () => 1);
      expect(d).toMatchObject({ retry: true, delayMs: backoffMs(attempt, () => 1) });
    }
    const a = decideRetry(outcome({ attempt: 3, response: res(429) }), () => 0.25);
    expect(a).toMatchObject({ retry: true, delayMs: backoffMs(3, () => 0.25) });
  });

  test("a wait longer than RETRY_MAX_SERVER_WAIT_MS is not sat out, and the reason says how long", () => {
    const seconds = RETRY_MAX_SERVER_WAIT_MS / 1000 + 480;
    const d = decideRetry(outcome({ response: res(409, envelope("1965"), { "x-ratelimit-towait-sec": String(seconds) }) }), half);
    expect(d.retry).toBe(false);
    expect(d.reason).toContain(`${seconds} s`);
    const xml = decideRetry(outcome({ response: res(409, simpleReturn("1965", 3600)) }), half);
    expect(xml.retry).toBe(false);
    expect(xml.reason).toContain("3600 s");
    // Exactly the maximum is still waited for.
    const edge = decideRetry(outcome({ response: res(429, "", { "retry-after": String(RETRY_MAX_SERVER_WAIT_MS / 1000) }) }), () => 0);
    expect(edge).toMatchObject({ retry: true, delayMs: RETRY_MAX_SERVER_WAIT_MS });
  });

  test("reasons name the limit that was hit", () => {
    expect(decideRetry(outcome({ response: res(409, envelope("1960")) }), half).reason).toMatch(/concurrency/);
    expect(decideRetry(outcome({ response: res(409, envelope("1965")) }), half).reason).toMatch(/rate/);
  });
});

describe("an answer over the size limit", () => {
  test("is never repeated, for a read or a write, on any attempt: the same request gets the same answer", () => {
    for (const idempotent of [true, false]) {
      const d = decideRetry(outcome({ attempt: 1, idempotent, failure: "too-large" }), half);
      expect(d.retry).toBe(false);
      expect(d.reason).toMatch(/size limit/);
    }
  });
});
