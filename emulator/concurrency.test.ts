/**
 * The emulator's in-flight high-water mark per API (what a client's limiter must bound, measured
 * where the calls arrive).
 */
import { apiOf, Emulator } from "./server";
import { callCounts, useEmulator } from "../tests/helpers/emulator-client";

const E = useEmulator();

test("apiOf: the provider's API names (limiter keys) by path", () => {
  expect(apiOf("/api/3.0/fo/auth/nsx/")).toBe("api");
  expect(apiOf("/api/5.0/fo/schedule/scan/")).toBe("api");
  expect(apiOf("/cloudview-api/rest/v1/aws/connectors")).toBe("portal");
  expect(apiOf("/flexscan-api/rest/v1/service-accounts")).toBe("gateway");
  expect(apiOf("/auth")).toBe("gateway");
});

test("peakInFlight counts the requests answered at once per API; resetCalls restarts it; control routes are not counted", async () => {
  // A hold fault keeps every request open until all four have arrived (the emulator reports each
  // one held): 3 on the gateway, 1 on the XML API, at once, whatever the machine's speed.
  const fault = E.emu.injectFault({ hold: true, times: 4 });
  const gateway = () => E.json("GET", "/flexscan-api/rest/v1/service-accounts");
  const xml = () => E.form("/api/3.0/fo/auth/nsx/", { action: "list" });
  const answers = Promise.all([gateway(), gateway(), gateway(), xml()]);
  await E.emu.held("", { count: 4 });
  expect(E.emu.peakInFlight()).toEqual({ api: 1, gateway: 3 });
  E.emu.release(fault.id);
  expect((await answers).map((a) => a.status)).toEqual([200, 200, 200, 200]);
  expect(E.emu.peakInFlight()).toEqual({ api: 1, gateway: 3 });
  expect((await callCounts(E.emu)).peakInFlight).toEqual({ api: 1, gateway: 3 });
  E.emu.resetCalls();
  expect(E.emu.peakInFlight()).toEqual({});
  await gateway();
  expect(E.emu.peakInFlight()).toEqual({ gateway: 1 });
});

test("a negative latency is refused", () => {
  expect(() => new Emulator({ latencyMs: -1 })).toThrow(/latencyMs/);
});
