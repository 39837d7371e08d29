/**
 * The per-API limiter over real sockets, stepped with the emulator's hold faults instead of timed
 * with latency: exactly `maxConcurrency` calls reach Qualys at once, the next one goes out only when
 * one of them is answered, and another API's calls are not held up by this one's queue.
 */
import { Limiter } from "./limiter";
import { useHarness } from "../../tests/helpers/provider-harness";

const H = useHarness();
const LIST = "action=list";

test("three NSX lists with a limit of 2: two reach the emulator, the third only once one is answered", async () => {
  const hold = H.emu.injectFault({ path: "/api/3.0/fo/auth/nsx/", action: "list", hold: true, times: 2 });
  const nsx = H.clients.nsx;
  const calls = [nsx.list(["1"]), nsx.list(["2"]), nsx.list(["3"])];
  await H.emu.held(LIST, { count: 2 });
  // The two held calls are in flight; the third waits in the provider's limiter, not at Qualys.
  expect(H.emu.peakInFlight()).toEqual({ api: 2 });
  expect(H.emu.log).toHaveLength(0);

  // Meanwhile another API (the gateway) is not queued behind the XML API's limiter.
  await H.clients.serviceAccounts.list();
  expect(H.emu.calls()).toEqual({ "GET /flexscan-api/rest/v1/service-accounts": 1 });

  H.emu.release(hold.id);
  await Promise.all(calls);
  expect(H.emu.peakInFlight().api).toBe(2); // the third never ran beside the two held ones
  expect(H.emu.totalCalls((label) => label.includes(LIST))).toBe(3);
});

test("a limit must be a positive integer", () => {
  expect(() => new Limiter(0)).toThrow(/positive integer, got 0/);
  expect(() => new Limiter(1.5)).toThrow(/positive integer/);
});
