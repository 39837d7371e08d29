/**
 * The request handler's safety nets, in process: bad percent-encoding is a 400 naming the segment
 * (API, gateway and control routes alike), and whatever escapes a handler or the reply writer is a
 * 500 with a message while the server goes on answering.
 */
import { useEmulator } from "../tests/helpers/emulator-client";

const E = useEmulator();

test.each([
  ["gateway", "/flexscan-api/rest/v1/service-accounts/%E0%A4%A", { authorization: "Bearer emulator-token-acme" }],
  ["control", "/__emulator/tenants/%E0%A4%A/state", {}],
  ["control", "/__emulator/tenants/acme/nsx/%", {}],
])("bad percent-encoding in a %s path parameter → 400 naming the segment", async (_, path, headers) => {
  const r = await E.raw("GET", path, { headers });
  expect(r.status).toBe(400);
  expect((JSON.parse(r.body) as { errors: Array<{ message: string }> }).errors[0].message).toMatch(
    /^Malformed percent-encoding in path segment "/,
  );
});

test("an API path with bad percent-encoding matches no route: 404, and the server goes on", async () => {
  const r = await E.raw("GET", "/api/3.0/fo/auth/nsx/%E0%A4%A", { headers: { authorization: "Bearer emulator-token-acme" } });
  expect(r.status).toBe(404);
  expect((await E.admin("GET", "health")).status).toBe(200);
});

test("a throw outside the handler's own catch (here: a reply the writer refuses) is a 500 with the message, and the next call is answered", async () => {
  const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    E.emu.router.add({
      method: "GET",
      path: "/__emulator/test/bad-reply",
      auth: "none",
      style: "json",
      handler: () => ({ status: 200, headers: { "x-bad": "line\nbreak" }, body: "x" }),
    });
    const r = await E.raw("GET", "/__emulator/test/bad-reply");
    expect(r.status).toBe(500);
    expect(r.body).toMatch(/emulator error: .*Invalid character in header content/);
    expect(stderr).toHaveBeenCalledWith(expect.stringContaining("[emulator] internal error on GET /__emulator/test/bad-reply"));
  } finally {
    stderr.mockRestore();
  }
  expect((await E.admin("GET", "health")).status).toBe(200);
});

test("a request target that is not a path is a 400", async () => {
  const { request } = await import("node:http");
  const url = new URL(E.emu.url);
  const status = await new Promise<number>((ok, fail) => {
    const req = request({ host: url.hostname, port: url.port, path: "//evil.example/x" }, (res) => {
      res.resume();
      ok(res.statusCode ?? 0);
    });
    req.on("error", fail);
    req.end();
  });
  expect(status).toBe(400);
});
