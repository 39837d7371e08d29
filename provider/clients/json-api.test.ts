/**
 * The plain-JSON client (QFlow, CloudView, PCRS): error bodies of every shape those services use,
 * schema failures naming the field; and the shape tolerance of the QFlow list/details readers and
 * the CloudView filter encoding.
 */
import { z } from "zod";
import { isQualysError } from "../errors";
import { encodeFilter, quoteFilterValue } from "./cloudview";
import { jsonApiError, parseJsonResponse } from "./json-api";
import { QflowApi, qflowWorkflowSchema } from "./qflow";
import type { JsonApiClient } from "./json-api";
import type { ResponseSnapshot } from "./retry";

const res = (status: number, body: unknown, headers: Record<string, string> = {}): ResponseSnapshot => ({
  status,
  headers,
  body: typeof body === "string" ? body : JSON.stringify(body),
});

describe("error bodies", () => {
  test("Spring Boot error (CloudView): message and errorCode quoted", () => {
    const e = jsonApiError(
      res(400, { timestamp: "t", status: 400, error: "Bad Request", errorCode: "CMN-400", message: "Invalid sort 'x'", path: "/p" }),
      "portal",
      "list",
    );
    expect(e.kind).toBe("invalid-request");
    expect(e.code).toBe("CMN-400");
    expect(e.qualysText).toBe("Invalid sort 'x'");
    expect(e.message).toBe(`Qualys list failed (HTTP 400, code CMN-400): Qualys said: "Invalid sort 'x'"`);
  });

  test("gateway envelope errors, with field", () => {
    const e = jsonApiError(
      res(401, { data: null, errors: [{ code: "UNAUTHORIZED", message: "Invalid or expired token" }] }),
      "gateway",
      "op",
    );
    expect(e.kind).toBe("unauthorized");
    expect(e.qualysText).toBe("Invalid or expired token");
    const f = jsonApiError(
      res(400, { errors: [{ code: "BAD_REQUEST", message: "pageSize is required", field: "pageSize" }] }),
      "gateway",
      "op",
    );
    expect(f.qualysText).toBe("pageSize: pageSize is required");
  });

  test("plain text and HTML are quoted; 404/409/429/5xx map to their kinds; Retry-After kept", () => {
    expect(jsonApiError(res(502, "<html>Bad   gateway</html>"), "portal", "op").qualysText).toBe("<html>Bad gateway</html>");
    expect(jsonApiError(res(404, { message: "nope" }), "gateway", "op").kind).toBe("not-found");
    expect(jsonApiError(res(409, { error: "busy" }), "gateway", "op").kind).toBe("conflict");
    const limited = jsonApiError(res(429, { errorMessage: "slow down" }, { "retry-after": "3" }), "gateway", "op");
    expect(limited.kind).toBe("rate-limited");
    expect(limited.qualysText).toBe("slow down");
    expect(limited.retryAfterMs).toBe(3000);
    expect(jsonApiError(res(503, ""), "gateway", "op").kind).toBe("server");
  });

  test("success bodies: not JSON, or not the documented shape, are unexpected-response errors naming the field", () => {
    const schema = z.object({ content: z.array(z.object({ name: z.string() })) });
    expect(parseJsonResponse(schema, res(200, { content: [{ name: "a" }] }), "portal", "op")).toEqual({ content: [{ name: "a" }] });
    let e: unknown;
    try {
      parseJsonResponse(schema, res(200, { content: [{ name: 1 }] }), "portal", "op");
    } catch (x) {
      e = x;
    }
    expect(isQualysError(e, "unexpected-response")).toBe(true);
    expect(String(e)).toContain("content[0].name");
    expect(() => parseJsonResponse(schema, res(200, "<html>"), "portal", "op")).toThrow(/not JSON/);
  });
});

describe("QFlow shapes", () => {
  test("the workflow fields of the note's sample parse, with ISO twins", () => {
    const wf = qflowWorkflowSchema.parse({
      id: "f516bcf4-f6fb-46ac-a54f-ddbcf2a2d24a",
      createdAt: 1744786878828,
      updatedAt: 1747114432724,
      deletedAt: null,
      state: null,
      active: true,
      type: "normal",
      extra: 1,
    });
    expect(wf).toMatchObject({
      createdAtIso: "2025-04-16T07:01:18.828Z",
      updatedAtIso: "2025-05-13T05:33:52.724Z",
      deletedAtIso: null,
      extra: 1,
    });
  });
});

test.each([
  ["the step list's {total, items}", { total: 2, items: [{ id: "a" }, { id: "b" }] }],
  ["{data: [...], total}", { data: [{ id: "a" }, { id: "b" }], total: 2 }],
  ["{data: {total, items}}", { data: { total: 2, items: [{ id: "a" }, { id: "b" }] } }],
])("QFlow lists are read from %s", async (_shape, body) => {
  const stub = { get: async (schema: z.ZodType) => schema.parse(body) } as unknown as JsonApiClient;
  const r = await new QflowApi(stub).listWorkflows({ pageSize: 2, pageNumber: 1 });
  expect(r.items.map((w) => w.id)).toEqual(["a", "b"]);
  expect(r.total).toBe(2);
});

test("QFlow details are read from {data: {...}} and from the bare object", async () => {
  for (const body of [{ data: { id: "w1", createdAt: 0 } }, { id: "w1", createdAt: 0 }]) {
    const stub = { get: async (schema: z.ZodType) => schema.parse(body) } as unknown as JsonApiClient;
    expect(await new QflowApi(stub).getWorkflow("w1")).toMatchObject({ id: "w1", createdAtIso: "1970-01-01T00:00:00.000Z" });
  }
});

describe("CloudView filter encoding", () => {
  test("tokens as key=value (connectors) or key:value (evaluations), joined with and", () => {
    expect(encodeFilter({ state: "SUCCESS" }, "=")).toBe("state=SUCCESS");
    expect(encodeFilter({ cid: "67" }, ":")).toBe("cid:67");
    expect(encodeFilter({ name: "prod", state: "ERROR", description: undefined }, "=")).toBe("name=prod and state=ERROR");
    expect(encodeFilter({}, "=")).toBeUndefined();
  });
  // An example table, alike in shape to other example tables (e.g. shared/redact.test.ts) on purpose: one expectation a case.
  test("values with spaces, quotes or parentheses are quoted and escaped", () => {
    expect(quoteFilterValue("Sample GCP Connector")).toBe('"Sample GCP Connector"');
    expect(quoteFilterValue('say "hi"')).toBe('"say \\"hi\\""');
    expect(quoteFilterValue("a(b)")).toBe('"a(b)"');
    expect(quoteFilterValue("")).toBe('""');
    expect(quoteFilterValue("6192ce15-e790-3fe2-a02c-b4bc75ecf123")).toBe("6192ce15-e790-3fe2-a02c-b4bc75ecf123");
  });
});
