/**
 * The emulator's in-flight high-water mark per API (what a client's limiter must bound, measured
 * where the calls arrive) and its latency option.
 */
import { apiOf, Emulator, startEmulator } from "./server";

test("apiOf: the provider's API names (limiter keys) by path", () => {
  expect(apiOf("/api/3.0/fo/auth/nsx/")).toBe("api");
  expect(apiOf("/api/5.0/fo/schedule/scan/")).toBe("api");
  expect(apiOf("/cloudview-api/rest/v1/aws/connectors")).toBe("portal");
  expect(apiOf("/flexscan-api/rest/v1/service-accounts")).toBe("gateway");
  expect(apiOf("/auth")).toBe("gateway");
});

test("peakInFlight counts the requests answered at once per API; resetCalls restarts it; control routes are not counted", async () => {
  // The latency keeps every request open until all of them have arrived (sent together over
  // loopback, they arrive within milliseconds; a second leaves ample room on a loaded machine):
  // 3 on the gateway, 1 on the XML API, at once. The assertion is on counts, never on time.
  const emu = await startEmulator({ latencyMs: 1000 });
  try {
    const auth = { authorization: "Bearer emulator-token-acme" };
    const gateway = () => fetch(`${emu.url}/flexscan-api/rest/v1/service-accounts`, { headers: auth });
    const xml = () =>
      fetch(`${emu.url}/api/3.0/fo/auth/nsx/`, {
        method: "POST",
        headers: { ...auth, "x-requested-with": "test", "content-type": "application/x-www-form-urlencoded" },
        body: "action=list",
      });
    const answers = await Promise.all([gateway(), gateway(), gateway(), xml()]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(emu.peakInFlight()).toEqual({ api: 1, gateway: 3 });
    const viaControl = (await (await fetch(`${emu.url}/__emulator/calls`)).json()) as { peakInFlight: Record<string, number> };
    expect(viaControl.peakInFlight).toEqual({ api: 1, gateway: 3 });
    emu.resetCalls();
    expect(emu.peakInFlight()).toEqual({});
    await gateway();
    expect(emu.peakInFlight()).toEqual({ gateway: 1 });
  } finally {
    await emu.close();
  }
});

test("a negative latency is refused", () => {
  expect(() => new Emulator({ latencyMs: -1 })).toThrow(/latencyMs/);
});
