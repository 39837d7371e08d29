/**
 * The gateway `{ data, errors, meta }` envelope rules (`parseGatewayResponse`, pure) and the
 * status/code → error kind table.
 */
import { z } from "zod";
import { QualysError } from "../errors";
import { kindForStatus as kindFor } from "./error-body";
import { parseGatewayResponse } from "./gateway";
import type { ResponseSnapshot } from "./retry";
import { qualysErrorOf } from "../../tests/helpers/errors";

const OP = "set up service account";

function res(status: number, body: unknown, headers: Record<string, string> = {}): ResponseSnapshot {
  return { status, headers, body: typeof body === "string" ? body : JSON.stringify(body) };
}

function errorOf(fn: () => unknown): QualysError {
  return qualysErrorOf(fn);
}

const regionsSchema = z.object({ accountId: z.string(), regions: z.array(z.string()) });

/** The error the gateway envelope rules make of an answer (to a call expecting regionsSchema). */
function refusal(answer: ResponseSnapshot): QualysError {
  return errorOf(() => parseGatewayResponse(regionsSchema, answer, OP));
}

describe("success envelopes", () => {
  test("data is validated and returned with meta and status (the notes' GET sample)", () => {
    const r = parseGatewayResponse(
      regionsSchema,
      res(200, {
        data: { accountId: "my-gcp-project", regions: ["us-east1", "us-west1"], state: "REGISTERED" },
        errors: [],
        meta: { timestamp: "2026-05-28T11:30:00Z" },
      }),
      OP,
    );
    expect(r).toEqual({
      data: { accountId: "my-gcp-project", regions: ["us-east1", "us-west1"] },
      meta: { timestamp: "2026-05-28T11:30:00Z" },
      status: 200,
    });
  });

  test("a list with pagination meta (the notes' list sample)", () => {
    const r = parseGatewayResponse(
      z.array(z.object({ accountId: z.string() })),
      res(200, { data: [{ accountId: "a" }, { accountId: "b" }], errors: [], meta: { page: 1, limit: 25, total: 5, timestamp: "t" } }),
      OP,
    );
    expect(r.data.map((x) => x.accountId)).toEqual(["a", "b"]);
    expect(r.meta).toEqual({ page: 1, limit: 25, total: 5, timestamp: "t" });
  });

  test("missing meta and errors are tolerated; 201 is a success", () => {
    const r = parseGatewayResponse(z.object({ status: z.literal("REGISTERED") }), res(201, { data: { status: "REGISTERED" } }), OP);
    expect(r).toEqual({ data: { status: "REGISTERED" }, meta: {}, status: 201 });
  });

  test("errors beside real data are not a failure", () => {
    const r = parseGatewayResponse(
      z.object({ ok: z.boolean() }),
      res(200, { data: { ok: true }, errors: [{ code: "W1", message: "deprecated" }] }),
      OP,
    );
    expect(r.data).toEqual({ ok: true });
  });
});

describe("unexpected shapes", () => {
  test("data of the wrong shape names the path", () => {
    const err = refusal(res(200, { data: { accountId: "a", regions: "us-east1" }, errors: [] }));
    expect(err.kind).toBe("unexpected-response");
    expect(err.status).toBe(200);
    expect(err.message).toContain("data.regions:");
    expect(err.message).toContain(OP);
  });

  test("a nested wrong element names its index", () => {
    const err = refusal(res(200, { data: { accountId: "a", regions: ["us-east1", 7] }, errors: [] }));
    expect(err.kind).toBe("unexpected-response");
    expect(err.message).toContain("data.regions[1]:");
    const list = errorOf(() =>
      parseGatewayResponse(z.array(regionsSchema), res(200, { data: [{ accountId: "a", regions: [] }, { regions: [] }] }), OP),
    );
    expect(list.message).toContain("data[1].accountId:");
  });

  test("missing data where the schema needs it", () => {
    const err = refusal(res(200, { errors: [] }));
    expect(err.kind).toBe("unexpected-response");
    expect(err.message).toMatch(/data/);
  });

  test("a 200 that is not JSON is quoted", () => {
    const err = refusal(res(200, "<html>login page</html>"));
    expect(err.kind).toBe("unexpected-response");
    expect(err.message).toContain("<html>login page</html>");
  });

  test("a 200 that is JSON but not an envelope", () => {
    const err = refusal(res(200, "[1,2,3]"));
    expect(err.kind).toBe("unexpected-response");
    expect(err.message).toMatch(/envelope/);
  });
});

describe("error envelopes", () => {
  test("errors[].message is quoted (with its field) and errors[].code kept", () => {
    const err = refusal(
      res(400, {
        data: null,
        errors: [{ code: "VALIDATION_ERROR", message: "scanInterval must be an integer between 24 and 720", field: "scanInterval" }],
        meta: {},
      }),
    );
    expect(err.kind).toBe("invalid-request");
    expect(err.status).toBe(400);
    expect(err.code).toBe("VALIDATION_ERROR");
    expect(err.operation).toBe(OP);
    expect(err.qualysText).toBe("scanInterval: scanInterval must be an integer between 24 and 720");
    expect(err.message).toContain('"scanInterval: scanInterval must be an integer between 24 and 720"');
    expect(err.message).toContain("HTTP 400");
    expect(err.message).toContain("code VALIDATION_ERROR");
  });

  test("several errors are all quoted; a numeric code is kept as a string", () => {
    const err = refusal(res(400, { data: null, errors: [{ code: 1001, message: "first" }, { message: "second" }] }));
    expect(err.code).toBe("1001");
    expect(err.message).toContain('"first; second"');
  });

  test("a non-JSON error body is quoted, whitespace collapsed and truncated", () => {
    const short = refusal(res(502, "<html>\n  Bad   Gateway\n</html>"));
    expect(short.kind).toBe("server");
    expect(short.message).toContain('"<html> Bad Gateway </html>"');
    const long = "x".repeat(1000);
    const truncated = refusal(res(500, long));
    expect(truncated.qualysText).toBe(`${"x".repeat(300)}…`);
    expect(truncated.message).not.toContain("x".repeat(301));
  });

  test("404 → not-found, 409 → conflict, 409/1965 → rate-limited (with the wait), 409/1960 → concurrency-limited", () => {
    const notFound = refusal(res(404, { data: null, errors: [{ code: "NOT_FOUND", message: "Service account 'x' not found" }] }));
    expect(notFound.kind).toBe("not-found");
    expect(notFound.message).toContain("Service account 'x' not found");
    const conflict = refusal(res(409, { data: null, errors: [{ code: "ALREADY_REGISTERED", message: "already registered" }] }));
    expect(conflict.kind).toBe("conflict");
    expect(conflict.code).toBe("ALREADY_REGISTERED");
    const rate = refusal(res(409, { data: null, errors: [{ code: "1965", message: "rate" }] }, { "x-ratelimit-towait-sec": "30" }));
    expect(rate.kind).toBe("rate-limited");
    expect(rate.code).toBe("1965");
    expect(rate.retryAfterMs).toBe(30_000);
    expect(refusal(res(409, { data: null, errors: [{ code: 1960 }] })).kind).toBe("concurrency-limited");
  });

  test("status 200 with errors and null data is an error, quoting the message", () => {
    const err = refusal(res(200, { data: null, errors: [{ code: "E42", message: "account is being provisioned" }] }));
    expect(err.status).toBe(200);
    expect(err.code).toBe("E42");
    expect(err.message).toContain('"account is being provisioned"');
    const noData = refusal(res(200, { errors: [{ code: "1965", message: "slow down" }] }));
    expect(noData.kind).toBe("rate-limited");
  });

  test("an error status with an empty body", () => {
    const err = refusal(res(503, ""));
    expect(err.kind).toBe("server");
    expect(err.status).toBe(503);
  });
});

describe("kindFor", () => {
  test.each([
    [401, undefined, "unauthorized"],
    [403, undefined, "forbidden"],
    [404, undefined, "not-found"],
    [409, undefined, "conflict"],
    [409, "1965", "rate-limited"],
    [409, "1960", "concurrency-limited"],
    [429, undefined, "rate-limited"],
    [400, undefined, "invalid-request"],
    [422, undefined, "invalid-request"],
    [500, undefined, "server"],
    [503, undefined, "server"],
    [200, undefined, "unexpected-response"],
  ])("%s code %s → %s", (status, code, kind) => {
    expect(kindFor(status, code)).toBe(kind);
  });
});
