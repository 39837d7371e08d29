import { readFileSync } from "node:fs";
import { join } from "node:path";
import { QualysError } from "../../errors";
import { forgetSecretsForTests, registerSecret } from "../../shared/redact";
import { MAX_QUOTED_BODY, quoteBody, xmlErrorFrom } from "./errors";
import * as parser from "./parser";

const fixture = (name: string) => readFileSync(join(__dirname, "__fixtures__", name), "utf8");
const OP = "NSX auth record create";

// Synthetic error envelopes in Qualys's documented SIMPLE_RETURN shape (the notes show only successes).
const simpleError = (code: string, text: string, items = "") =>
  `<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE SIMPLE_RETURN SYSTEM "https://qualysapi.qualys.com/api/3.0/simple_return.dtd">
<SIMPLE_RETURN>
  <RESPONSE>
    <DATETIME>2026-04-21T10:23:20Z</DATETIME>
    <CODE>${code}</CODE>
    <TEXT>${text}</TEXT>${items ? `\n    <ITEM_LIST>${items}</ITEM_LIST>` : ""}
  </RESPONSE>
</SIMPLE_RETURN>`;

const res = (status: number, body: string, headers: Record<string, string> = {}) => ({ status, body, headers });

function errorOf(status: number, body: string, headers: Record<string, string> = {}): QualysError {
  const e = xmlErrorFrom(res(status, body, headers), OP);
  expect(e).toBeInstanceOf(QualysError);
  return e!;
}

describe("xmlErrorFrom: successful documents", () => {
  test.each([
    "001_nsx_create_with_ad_enabled.batch_return.xml",
    "001_nsx_edit_with_ad_enabled.batch_return.xml",
    "001_nsx_delete_with_ad_enabled.batch_return.xml",
    "001_nsx_list_with_ad_enabled.auth_nsx_list_output.xml",
    "001_gcp_internal_scan_create.simple_return.xml",
    "001_gcp_internal_scan_update.simple_return.xml",
    "004_schedule_scan_list_cloud_perimeter.schedule_scan_list_output.xml",
  ])("%s in HTTP 200 is not an error", (file) => {
    expect(xmlErrorFrom(res(200, fixture(file)), OP)).toBeUndefined();
  });

  test("a 2xx that is not XML is left to the document reader (which names the expected root)", () => {
    expect(xmlErrorFrom(res(200, "OK"), OP)).toBeUndefined();
  });

  test("a 2xx list document, or any 2xx without a CODE element, is judged without parsing it: the answer is parsed once, by its reader", () => {
    const parse = jest.spyOn(parser, "parseXml");
    try {
      for (const file of [
        "004_schedule_scan_list_cloud_perimeter.schedule_scan_list_output.xml",
        "001_nsx_list_with_ad_enabled.auth_nsx_list_output.xml",
        "001_nsx_create_with_ad_enabled.batch_return.xml",
        "001_nsx_edit_with_ad_enabled.batch_return.xml",
        "001_gcp_internal_scan_update.simple_return.xml",
      ])
        expect(xmlErrorFrom(res(200, fixture(file)), OP)).toBeUndefined();
      expect(parse).not.toHaveBeenCalled();
      // An envelope that can carry a CODE is still read, and so is a list answered with an error status.
      expect(xmlErrorFrom(res(200, simpleError("999", "Internal error")), OP)?.code).toBe("999");
      expect(xmlErrorFrom(res(500, fixture("001_nsx_list_with_ad_enabled.auth_nsx_list_output.xml")), OP)?.status).toBe(500);
      expect(parse).toHaveBeenCalledTimes(2);
    } finally {
      parse.mockRestore();
    }
  });

  test("an empty CODE element is not an error code", () => {
    expect(
      xmlErrorFrom(res(200, `<SIMPLE_RETURN><RESPONSE><CODE></CODE><TEXT>done</TEXT></RESPONSE></SIMPLE_RETURN>`), OP),
    ).toBeUndefined();
  });
});

describe("xmlErrorFrom: Qualys codes", () => {
  test("an error SIMPLE_RETURN inside HTTP 200 is an error quoting CODE and TEXT", () => {
    const e = errorOf(200, simpleError("1905", "parameter ips has invalid value: 10.0.0.300"));
    expect(e.kind).toBe("invalid-request");
    expect(e.code).toBe("1905");
    expect(e.status).toBe(200);
    expect(e.api).toBe("api");
    expect(e.operation).toBe(OP);
    expect(e.qualysText).toBe("parameter ips has invalid value: 10.0.0.300");
    expect(e.message).toBe(`Qualys ${OP} failed (HTTP 200, code 1905): Qualys said: "parameter ips has invalid value: 10.0.0.300"`);
  });

  test.each([
    ["1901", 400, "invalid-request"],
    ["1903", 400, "invalid-request"],
    ["1904", 400, "invalid-request"],
    ["1905", 400, "invalid-request"],
    ["1907", 400, "invalid-request"],
    ["1908", 400, "invalid-request"],
    ["1922", 400, "invalid-request"],
    ["1920", 409, "conflict"],
    ["1960", 409, "concurrency-limited"],
    ["1965", 409, "rate-limited"],
    ["2000", 401, "unauthorized"],
    ["2002", 401, "unauthorized"],
    ["2003", 200, "unauthorized"],
    ["2011", 401, "unauthorized"],
    ["2012", 200, "forbidden"],
    ["999", 500, "server"],
    ["1999", 503, "server"],
    ["1981", 409, "server"],
    // Unknown codes fall back to the status, and to invalid-request inside a 2xx.
    ["4242", 200, "invalid-request"],
    ["4242", 404, "not-found"],
    ["4242", 409, "conflict"],
    ["4242", 502, "server"],
  ] as const)("code %s with HTTP %d is %s, and the message quotes code and text", (code, status, kind) => {
    const e = errorOf(status, simpleError(code, `text of ${code}`));
    expect(e.kind).toBe(kind);
    expect(e.code).toBe(code);
    expect(e.message).toContain(`code ${code}`);
    expect(e.message).toContain(`"text of ${code}"`);
    expect(e.message).toContain(`HTTP ${status}`);
  });

  test("1965: the wait comes from SECONDS_TO_WAIT when no header says it", () => {
    const e = errorOf(
      409,
      simpleError(
        "1965",
        "This API cannot be run again for another 23 seconds.",
        "<ITEM><KEY>CALLS_TO_WAIT_FOR</KEY><VALUE>1</VALUE></ITEM><ITEM><KEY>SECONDS_TO_WAIT</KEY><VALUE>23</VALUE></ITEM>",
      ),
    );
    expect(e.kind).toBe("rate-limited");
    expect(e.retryAfterMs).toBe(23_000);
    expect(e.message).toContain("Qualys asked to wait 23 s");
  });

  test("1965: X-RateLimit-ToWait-Sec wins over the body", () => {
    const e = errorOf(409, simpleError("1965", "rate", "<ITEM><KEY>SECONDS_TO_WAIT</KEY><VALUE>23</VALUE></ITEM>"), {
      "x-ratelimit-towait-sec": "7",
    });
    expect(e.retryAfterMs).toBe(7_000);
  });

  test("1960 says how to avoid it; a wait is kept when given", () => {
    const e = errorOf(409, simpleError("1960", "concurrency limit of 2 reached"), { "x-concurrency-limit-limit": "2", "retry-after": "3" });
    expect(e.kind).toBe("concurrency-limited");
    expect(e.retryAfterMs).toBe(3_000);
    expect(e.message).toContain("qualys:maxConcurrency");
  });

  test("no wait is invented when Qualys gives none", () => {
    expect(errorOf(409, simpleError("1965", "rate")).retryAfterMs).toBeUndefined();
    expect(errorOf(400, simpleError("1905", "bad")).retryAfterMs).toBeUndefined();
  });

  test("2000 (bad login) points at the credential settings", () => {
    const e = errorOf(401, simpleError("2000", "Bad Login/Password"));
    expect(e.kind).toBe("unauthorized");
    expect(e.message).toContain("qualys:username/qualys:password");
  });

  test("a failed BATCH inside a 200 is an error, and the ids that did succeed are named", () => {
    const body = `<BATCH_RETURN><RESPONSE><DATETIME>d</DATETIME><BATCH_LIST>
      <BATCH><TEXT>Successfully Deleted</TEXT><ID_SET><ID>11</ID><ID_RANGE>20-21</ID_RANGE></ID_SET></BATCH>
      <BATCH><CODE>1905</CODE><TEXT>Invalid ids: 12</TEXT><ID_SET><ID>12</ID></ID_SET></BATCH>
    </BATCH_LIST></RESPONSE></BATCH_RETURN>`;
    const e = errorOf(200, body);
    expect(e.kind).toBe("invalid-request");
    expect(e.code).toBe("1905");
    expect(e.message).toContain('"Invalid ids: 12"');
    expect(e.message).toContain("succeeded for id(s) 11, 20-21");
  });
});

describe("xmlErrorFrom: statuses without a Qualys code", () => {
  test.each([
    [401, "unauthorized"],
    [403, "forbidden"],
    [404, "not-found"],
    [410, "not-found"],
    [409, "conflict"],
    [429, "rate-limited"],
    [400, "invalid-request"],
    [405, "invalid-request"],
    [500, "server"],
    [502, "server"],
    [503, "server"],
    [504, "server"],
  ] as const)("HTTP %d is %s", (status, kind) => {
    const e = errorOf(status, "");
    expect(e.kind).toBe(kind);
    expect(e.status).toBe(status);
    expect(e.code).toBeUndefined();
  });

  test("a non-XML error body is quoted, tags stripped, on one line", () => {
    const e = errorOf(
      404,
      "<html><head><title>404</title><style>body{}</style></head><body><h1>Not Found</h1>\n<p>The page /api/3.0/fo/auth/nsx/ was not found.</p></body></html>",
    );
    expect(e.kind).toBe("not-found");
    expect(e.qualysText).toBe("404 Not Found The page /api/3.0/fo/auth/nsx/ was not found.");
  });

  test("a long non-XML body is quoted to at most ~300 characters", () => {
    const e = errorOf(502, `<html><body>${"Bad gateway upstream error. ".repeat(400)}</body></html>`);
    expect(e.kind).toBe("server");
    expect(e.qualysText!.length).toBeLessThanOrEqual(MAX_QUOTED_BODY);
    expect(e.qualysText!.endsWith("…")).toBe(true);
    expect(e.message.length).toBeLessThan(MAX_QUOTED_BODY + 200);
  });

  test("plain text with Retry-After on 503 keeps the wait", () => {
    const e = errorOf(503, "Service Unavailable", { "retry-after": "120" });
    expect(e.qualysText).toBe("Service Unavailable");
    expect(e.retryAfterMs).toBe(120_000);
  });

  test("an XML error body with TEXT but no CODE quotes the TEXT", () => {
    const e = errorOf(500, `<SIMPLE_RETURN><RESPONSE><TEXT>Internal error, try later</TEXT></RESPONSE></SIMPLE_RETURN>`);
    expect(e.kind).toBe("server");
    expect(e.message).toContain('"Internal error, try later"');
  });

  test("an empty error body still gives a clean message", () => {
    expect(errorOf(500, "").message).toBe(`Qualys ${OP} failed (HTTP 500): the Qualys server failed`);
  });

  test("a hostile error body (entity bomb) is quoted, not expanded, and does not throw", () => {
    const e = errorOf(500, `<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><r>&b;</r>`);
    expect(e.kind).toBe("server");
    expect(e.qualysText!.length).toBeLessThanOrEqual(MAX_QUOTED_BODY);
    expect(e.qualysText).not.toContain("aaaaaaaaaaaaaaaaaaaa");
  });

  test("a redirect is a wrong URL: unexpected-response naming where it went, without the query", () => {
    const e = errorOf(302, "", { location: "https://qualysguard.qualys.com/login?session=abc123" });
    expect(e.kind).toBe("unexpected-response");
    expect(e.message).toContain("redirected to https://qualysguard.qualys.com/login");
    expect(e.message).not.toContain("abc123");
  });
});

describe("xmlErrorFrom: secrets", () => {
  afterEach(() => forgetSecretsForTests());

  test("a registered secret echoed by the server is redacted from the message and the text", () => {
    registerSecret("nsx-Pa55word!");
    const e = errorOf(400, simpleError("1905", "parameter password has invalid value: nsx-Pa55word!"));
    expect(e.message).not.toContain("nsx-Pa55word!");
    expect(e.qualysText).not.toContain("nsx-Pa55word!");
    expect(e.message).toContain("[REDACTED]");
  });

  test("an echoed Authorization header is redacted even when nobody registered it", () => {
    const e = errorOf(401, "denied for Authorization: Basic dXNlcm5hbWU6cGFzc3dvcmQ=");
    expect(e.message).not.toContain("dXNlcm5hbWU6cGFzc3dvcmQ=");
  });
});

describe("quoteBody", () => {
  test("collapses whitespace, drops scripts and tags, truncates with an ellipsis", () => {
    expect(quoteBody("<p>a\n\n  b</p><script>var x = '<b>';</script>c")).toBe("a b c");
    expect(quoteBody("x".repeat(10), 5)).toBe("xxxx…");
    expect(quoteBody("xxxxx", 5)).toBe("xxxxx");
  });
});
