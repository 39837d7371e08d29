/**
 * XmlClient over real HTTP: a loopback server stands in for the Qualys API server, the real
 * Transport (undici, auth, retry loop) talks to it; only `sleep` is faked so retries do not wait.
 */
import { readFileSync } from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { resolveConfig } from "../../config";
import { QualysError } from "../../errors";
import { forgetSecretsForTests } from "../../shared/redact";
import { Transport } from "../transport";
import { encodeForm, XmlClient, X_REQUESTED_WITH } from "./client";

const fixture = (name: string) => readFileSync(join(__dirname, "__fixtures__", name), "utf8");
const NSX = "/api/3.0/fo/auth/nsx/";
const GCP = "/api/3.0/fo/scan/cloud/internal/job/";

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
interface Reply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

let server: http.Server;
let port: number;
let seen: Seen[];
let replies: Array<Reply | ((req: Seen) => Reply)>;
let transports: Transport[];
let sleeps: number[];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      const s: Seen = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body };
      seen.push(s);
      const next = replies.length > 1 ? replies.shift()! : replies[0];
      const reply = typeof next === "function" ? next(s) : (next ?? { status: 500, body: "no reply scripted" });
      res.writeHead(reply.status, { "content-type": "text/xml; charset=UTF-8", ...reply.headers });
      res.end(reply.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
});

beforeEach(() => {
  seen = [];
  replies = [];
  transports = [];
  sleeps = [];
});

afterEach(async () => {
  await Promise.all(transports.map((t) => t.close()));
  forgetSecretsForTests();
});

function client(env: Record<string, string> = {}): XmlClient {
  const config = resolveConfig({ env: { QUALYS_API_URL: `http://127.0.0.1:${port}`, QUALYS_USERNAME: "u", QUALYS_PASSWORD: "p", ...env } });
  const transport = new Transport(config, {
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0,
  });
  transports.push(transport);
  return new XmlClient(transport);
}

async function rejection(p: Promise<unknown>): Promise<QualysError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(QualysError);
    return e as QualysError;
  }
  throw new Error("expected the call to fail");
}

const simpleError = (code: string, text: string, items = "") =>
  `<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE SIMPLE_RETURN SYSTEM "https://qualysapi.qualys.com/api/3.0/simple_return.dtd">\n` +
  `<SIMPLE_RETURN><RESPONSE><DATETIME>2026-04-21T10:23:20Z</DATETIME><CODE>${code}</CODE><TEXT>${text}</TEXT>${items ? `<ITEM_LIST>${items}</ITEM_LIST>` : ""}</RESPONSE></SIMPLE_RETURN>`;

describe("XmlClient.post: the request", () => {
  test("form-encoded POST with X-Requested-With and Basic auth; parameters encoded by the documented rules", async () => {
    replies = [{ status: 200, body: fixture("001_nsx_create_with_ad_enabled.batch_return.xml") }];
    const result = await client().postBatch(
      NSX,
      {
        action: "create",
        title: "API NSX1211",
        username: "nsxuser",
        ips: ["10.0.0.1", "10.0.0.2-10.0.0.9"],
        port: 443,
        ssl_verify_with_host: true,
        use_ad_hashicorp: false,
        hosts: "aa.aa",
        comments: undefined,
        secret_kv_key: "",
      },
      { operation: "NSX auth record create", expectId: true },
    );
    expect(result.batches[0].ids).toStrictEqual(["12426426"]);

    expect(seen).toHaveLength(1);
    const req = seen[0];
    expect(req.method).toBe("POST");
    // Parameters travel in the body only, never in the URL (the NSX password is one of them).
    expect(req.url).toBe(NSX);
    expect(req.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(req.headers["x-requested-with"]).toBe(X_REQUESTED_WITH);
    expect(X_REQUESTED_WITH).toBe("pulumi-qualys");
    expect(req.headers["authorization"]).toBe(`Basic ${Buffer.from("u:p").toString("base64")}`);
    expect([...new URLSearchParams(req.body)]).toStrictEqual([
      ["action", "create"],
      ["title", "API NSX1211"],
      ["username", "nsxuser"],
      ["ips", "10.0.0.1,10.0.0.2-10.0.0.9"],
      ["port", "443"],
      ["ssl_verify_with_host", "1"],
      ["use_ad_hashicorp", "0"],
      ["hosts", "aa.aa"],
      ["secret_kv_key", ""],
    ]);
  });

  test("with only a token configured, auth 'auto' sends the Bearer token", async () => {
    replies = [{ status: 200, body: fixture("001_gcp_internal_scan_create.simple_return.xml") }];
    const config = resolveConfig({ env: { QUALYS_API_URL: `http://127.0.0.1:${port}`, QUALYS_TOKEN: "eyJ.test-token.sig" } });
    const transport = new Transport(config, { sleep: async () => {} });
    transports.push(transport);
    const r = await new XmlClient(transport).postSimple(
      GCP,
      { action: "create", scan_title: "GCP_Test_API3" },
      { operation: "GCP internal scan job create" },
    );
    expect(r.items.ID).toBe("7469466");
    expect(seen[0].headers["authorization"]).toBe("Bearer eyJ.test-token.sig");
  });

  test("post returns the successful body unchanged", async () => {
    const body = fixture("001_nsx_list_with_ad_enabled.auth_nsx_list_output.xml");
    replies = [{ status: 200, body }];
    await expect(client().post(NSX, { action: "list", ids: ["12426322"] }, { operation: "NSX auth record list" })).resolves.toBe(body);
  });

  test("a list element containing a comma is refused before anything is sent", async () => {
    const e = await rejection(client().post(NSX, { action: "create", hosts: ["a,b"] }, { operation: "NSX auth record create" }));
    expect(e.kind).toBe("invalid-request");
    expect(e.message).toContain('parameter hosts is a comma-separated list, so its element "a,b" cannot contain a comma');
    expect(seen).toHaveLength(0);
  });
});

describe("XmlClient: retries and errors over HTTP", () => {
  test("409/1965 with SECONDS_TO_WAIT is retried after the wait Qualys asked for, then succeeds", async () => {
    replies = [
      {
        status: 409,
        body: simpleError(
          "1965",
          "This API cannot be run again for another 2 seconds.",
          "<ITEM><KEY>SECONDS_TO_WAIT</KEY><VALUE>2</VALUE></ITEM>",
        ),
        headers: { "x-ratelimit-limit": "300", "x-ratelimit-remaining": "0" },
      },
      { status: 200, body: fixture("001_gcp_internal_scan_create.simple_return.xml") },
    ];
    const r = await client().postSimple(
      GCP,
      { action: "create", scan_title: "GCP_Test_API3" },
      { operation: "GCP internal scan job create" },
    );
    expect(r.items).toStrictEqual({ ID: "7469466" });
    expect(seen).toHaveLength(2);
    expect(seen[1].body).toBe(seen[0].body);
    expect(sleeps).toStrictEqual([2000]);
  });

  test("a rate limit that outlasts the attempts surfaces as rate-limited with the wait", async () => {
    replies = [{ status: 409, body: simpleError("1965", "rate limit", "<ITEM><KEY>SECONDS_TO_WAIT</KEY><VALUE>5</VALUE></ITEM>") }];
    const e = await rejection(client({ QUALYS_MAX_ATTEMPTS: "2" }).post(NSX, { action: "list" }, { operation: "NSX auth record list" }));
    expect(e.kind).toBe("rate-limited");
    expect(e.code).toBe("1965");
    expect(e.retryAfterMs).toBe(5000);
    expect(seen).toHaveLength(2);
  });

  test("1905 is surfaced with Qualys's text and not retried", async () => {
    replies = [{ status: 400, body: simpleError("1905", "parameter port has invalid value: 70000") }];
    const e = await rejection(
      client().postBatch(NSX, { action: "create", port: 70000 }, { operation: "NSX auth record create", expectId: true }),
    );
    expect(e.kind).toBe("invalid-request");
    expect(e.code).toBe("1905");
    expect(e.status).toBe(400);
    expect(e.message).toBe(
      'Qualys NSX auth record create failed (HTTP 400, code 1905): Qualys said: "parameter port has invalid value: 70000"',
    );
    expect(seen).toHaveLength(1);
    expect(sleeps).toStrictEqual([]);
  });

  test("an error SIMPLE_RETURN inside HTTP 200 is an error (and not retried, even for a read)", async () => {
    replies = [{ status: 200, body: simpleError("1903", "Missing required parameter(s): id") }];
    const e = await rejection(
      client().post("/api/3.0/fo/schedule/scan/", { action: "list", show_cloud_details: true }, { operation: "schedule scan list" }),
    );
    expect(e.kind).toBe("invalid-request");
    expect(e.status).toBe(200);
    expect(e.message).toContain('code 1903): Qualys said: "Missing required parameter(s): id"');
    expect(seen).toHaveLength(1);
  });

  test("action=list is a read: a 500 is retried; a create is not (it may have run)", async () => {
    replies = [
      { status: 500, body: "boom" },
      { status: 200, body: fixture("001_nsx_list_with_ad_enabled.auth_nsx_list_output.xml") },
    ];
    await client().post(NSX, { action: "list", ids: ["12426322"] }, { operation: "NSX auth record list" });
    expect(seen).toHaveLength(2);

    seen = [];
    replies = [{ status: 500, body: "<html><body><h1>500 Internal Server Error</h1></body></html>" }];
    const e = await rejection(client().postBatch(NSX, { action: "create", title: "t" }, { operation: "NSX auth record create" }));
    expect(e.kind).toBe("server");
    expect(e.qualysText).toBe("500 Internal Server Error");
    expect(seen).toHaveLength(1);
  });

  test("idempotent can be forced either way", async () => {
    replies = [{ status: 502, body: "" }];
    await rejection(client().post(NSX, { action: "list" }, { operation: "NSX auth record list", idempotent: false }));
    expect(seen).toHaveLength(1);
    seen = [];
    replies = [
      { status: 502, body: "" },
      { status: 200, body: fixture("001_nsx_delete_with_ad_enabled.batch_return.xml") },
    ];
    await client().postBatch(NSX, { action: "delete", ids: ["12426426"] }, { operation: "NSX auth record delete", idempotent: true });
    expect(seen).toHaveLength(2);
  });

  test("a BATCH_RETURN without an id when one is expected is unexpected-response naming the operation", async () => {
    replies = [
      {
        status: 200,
        body: `<BATCH_RETURN><RESPONSE><DATETIME>2026-04-07T06:09:35Z</DATETIME><BATCH_LIST><BATCH><TEXT>Successfully Created</TEXT></BATCH></BATCH_LIST></RESPONSE></BATCH_RETURN>`,
      },
    ];
    const e = await rejection(
      client().postBatch(NSX, { action: "create", title: "t" }, { operation: "NSX auth record create", expectId: true }),
    );
    expect(e.kind).toBe("unexpected-response");
    expect(e.message).toContain("NSX auth record create");
    expect(e.message).toContain("names no id");
    expect(e.message).toContain('"Successfully Created"');
  });

  test("without expectId an id-less BATCH_RETURN is returned as is", async () => {
    replies = [
      {
        status: 200,
        body: `<BATCH_RETURN><RESPONSE><BATCH_LIST><BATCH><TEXT>nothing to do</TEXT></BATCH></BATCH_LIST></RESPONSE></BATCH_RETURN>`,
      },
    ];
    const r = await client().postBatch(NSX, { action: "delete", ids: ["1"] }, { operation: "NSX auth record delete" });
    expect(r).toStrictEqual({ batches: [{ text: "nothing to do", ids: [] }] });
  });

  test("a failed BATCH in HTTP 200 is thrown by postBatch with its code", async () => {
    replies = [
      {
        status: 200,
        body: `<BATCH_RETURN><RESPONSE><BATCH_LIST><BATCH><CODE>1905</CODE><TEXT>Invalid ids: 99</TEXT><ID_SET><ID>99</ID></ID_SET></BATCH></BATCH_LIST></RESPONSE></BATCH_RETURN>`,
      },
    ];
    const e = await rejection(client().postBatch(NSX, { action: "delete", ids: ["99"] }, { operation: "NSX auth record delete" }));
    expect(e.code).toBe("1905");
    expect(e.message).toContain("Invalid ids: 99");
  });

  test("a 200 that is not the expected document is unexpected-response, not a crash", async () => {
    replies = [{ status: 200, body: "<html><body>Login</body></html>" }];
    const e = await rejection(client().postSimple(GCP, { action: "create" }, { operation: "GCP internal scan job create" }));
    expect(e.kind).toBe("unexpected-response");
    expect(e.message).toContain("expected a SIMPLE_RETURN document, got html");
  });
});

describe("XmlClient: secrets never reach an error message", () => {
  const PASSWORD = "Sup3r-Secret!";
  const NSX_PASSWORD = "nsx-Pa55word#1";

  function secretClient(): XmlClient {
    return client({ QUALYS_USERNAME: "svc-user", QUALYS_PASSWORD: PASSWORD });
  }

  function expectClean(e: QualysError) {
    const basic = Buffer.from(`svc-user:${PASSWORD}`).toString("base64");
    for (const text of [e.message, String(e), e.qualysText ?? "", JSON.stringify(e), e.stack ?? ""]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(NSX_PASSWORD);
      expect(text).not.toContain(basic);
      expect(text).not.toContain(encodeURIComponent(NSX_PASSWORD));
    }
  }

  test("a 401 that echoes the credentials", async () => {
    replies = [
      (req) => ({
        status: 401,
        body: simpleError("2000", `Bad Login/Password for svc-user/${PASSWORD} (${req.headers["authorization"]})`),
      }),
    ];
    const e = await rejection(secretClient().post(NSX, { action: "list" }, { operation: "NSX auth record list" }));
    expect(e.kind).toBe("unauthorized");
    expectClean(e);
  });

  test("a 400 that echoes the form body with the NSX record's password, and a non-XML 500 that does", async () => {
    replies = [(req) => ({ status: 400, body: simpleError("1905", `invalid request: ${req.body} password ${NSX_PASSWORD}`) })];
    const e1 = await rejection(
      secretClient().postBatch(
        NSX,
        { action: "create", title: "t", password: NSX_PASSWORD },
        { operation: "NSX auth record create", expectId: true },
      ),
    );
    expect(e1.kind).toBe("invalid-request");
    expectClean(e1);

    replies = [(req) => ({ status: 500, body: `<html><body>crash with ${req.body} and ${req.headers["authorization"]}</body></html>` })];
    const e2 = await rejection(
      secretClient().postBatch(NSX, { action: "update", ids: ["1"], password: NSX_PASSWORD }, { operation: "NSX auth record update" }),
    );
    expect(e2.kind).toBe("server");
    expectClean(e2);
  });
});

describe("encodeForm", () => {
  test("booleans, numbers, lists, empty values, undefined", () => {
    expect(encodeForm({ a: true, b: false, c: 0, d: 7.5, e: [], f: ["x", "y z"], g: "", h: undefined, i: "a&b=c" })).toBe(
      "a=1&b=0&c=0&d=7.5&e=&f=x%2Cy+z&g=&i=a%26b%3Dc",
    );
  });

  test("a non-finite number is refused", () => {
    expect(() => encodeForm({ priority: Number.NaN }, "op")).toThrow(/parameter priority is NaN/);
  });
});
