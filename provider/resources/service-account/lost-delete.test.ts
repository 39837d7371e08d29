/**
 * ServiceAccount: a deregister whose answer is lost (shared/lost-delete.ts), against the emulator.
 * The look is a GET of the account; after Qualys's own 500 one look decides, after a gateway's 502
 * (Qualys may still be deregistering) the looks go on for one request timeout.
 */
import { flexscan } from "../../../emulator/services/flexscan/service-accounts";
import { emulatorEnv, useHarness } from "../../../tests/helpers/provider-harness";
import { sampleOf, testQualys } from "../../../tests/helpers/test-kit";
import { serviceAccount } from ".";

const H = useHarness();

const DEREGISTER = "DELETE /flexscan-api/rest/v1/service-accounts/deregister";
const GET = "GET /flexscan-api/rest/v1/service-accounts/{accountId}";

/** An account registered and set up through the handler, with a client that gives up after 1 s (so a polling window is 1 s). */
async function account() {
  const s = sampleOf(serviceAccount, "lost deregister");
  await s.kit.arrange(testQualys(H));
  const ctx = H.contextFor(emulatorEnv(H.emu, { QUALYS_REQUEST_TIMEOUT_SECONDS: "1" }));
  const { id, outs } = await s.handler.create(ctx, s.inputs());
  H.emu.resetCalls();
  return { h: s.handler, ctx, id, outs, accounts: () => [...flexscan(H.emu.tenant()).serviceAccounts.keys()] };
}

test("Qualys's 500 after the deregister ran: exactly one GET, then done", async () => {
  const { h, ctx, id, outs, accounts } = await account();
  H.emu.injectFault({ path: "/service-accounts/deregister", afterHandler: true, status: 500 });
  await h.delete(ctx, id, outs);
  expect(H.emu.calls()).toEqual({ [DEREGISTER]: 1, [GET]: 1 });
  expect(accounts()).toEqual([]);
  expect(H.emu.faults.list()).toEqual([]);
});

test("Qualys's 500 before the deregister ran: one GET sees it registered, no wait, the deregister is sent again", async () => {
  const { h, ctx, id, outs, accounts } = await account();
  H.emu.injectFault({ path: "/service-accounts/deregister", status: 500 });
  await h.delete(ctx, id, outs);
  // Polling the window would have read it several times over the 1 s before the repeat.
  expect(H.emu.calls()).toEqual({ [DEREGISTER]: 2, [GET]: 1 });
  expect(accounts()).toEqual([]);
  expect(H.emu.faults.list()).toEqual([]);
});

test("a gateway's 502 (Qualys may still be deregistering): the GETs go on for one request timeout before the repeat", async () => {
  const { h, ctx, id, outs, accounts } = await account();
  H.emu.injectFault({ path: "/service-accounts/deregister", status: 502 });
  await h.delete(ctx, id, outs);
  const calls = H.emu.calls();
  expect(calls[DEREGISTER]).toBe(2);
  // A time window, so the count is not pinned: more than the one GET a 500 gets.
  expect(calls[GET]).toBeGreaterThan(1);
  expect(accounts()).toEqual([]);
});
