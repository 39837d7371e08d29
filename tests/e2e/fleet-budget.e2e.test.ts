/**
 * The API budget of a mixed fleet, end to end (docs/fleet-scale.md): the real Pulumi CLI
 * runs bench/fleet (every resource type in one stack) against the emulator, which counts the calls
 * and the most calls in flight per API.
 *
 *  - One limiter per API host per provider process: with an added latency (so calls overlap) the
 *    emulator never sees more than maxConcurrency (2) calls at once on any API during up, refresh
 *    and destroy, although four resource types run in parallel (each type used to bring its own
 *    limiter: 4 XML calls in flight). This is a bound: how close a run comes to it depends on the
 *    machine's speed. That the limiter lets exactly maxConcurrency calls through is shown without
 *    timing in provider/clients/limiter.test.ts.
 *  - Batched refresh: `preview --refresh --expect-no-changes` costs a fixed number of calls, asserted
 *    exactly. It runs with `--parallel 1` so the reads arrive in one deterministic order (with
 *    parallel reads the split between id lists and full lists depends on timing; the total stays
 *    small either way, see make bench-fleet).
 */
import { capture } from "../helpers/pulumi";
import { createFleetStack, measureStep, type FleetSize } from "../helpers/fleet";
import { useEmulator } from "../helpers/emulator-client";

jest.setTimeout(240_000);
const E = useEmulator();

const FLEET: FleetSize = { nsx: 8, jobs: 8, accounts: 4, parents: 2, targets: 8 };
const MAX_CONCURRENCY = 2;

test("a mixed fleet: never more than maxConcurrency calls in flight per API; a refresh costs a fixed handful of calls", async () => {
  E.emu.latencyMs = 20; // enough for the calls of parallel operations to overlap at the emulator
  const s = await createFleetStack(E.emu, FLEET);
  try {
    const up = await measureStep(E.emu, "up", () => s.stack.up(capture(s)));
    // The limiter is shared: the XML API (NSX + scan jobs) and the gateway (accounts + targets) never
    // pass the limit, although four resource types create in parallel.
    expect(Object.keys(up.peak).sort()).toEqual(["api", "gateway"]);
    for (const n of Object.values(up.peak)) expect(n).toBeLessThanOrEqual(MAX_CONCURRENCY);

    const refresh = await measureStep(E.emu, "refresh", () => s.stack.refresh(capture(s)));
    for (const n of Object.values(refresh.peak)) expect(n).toBeLessThanOrEqual(MAX_CONCURRENCY);

    // Sequential reads (--parallel 1), per type: NSX and scan jobs list by id for the first four
    // reads, then list everything once (5 + 5); accounts: one page of the account list (1); targets:
    // per parent one page of its targets and its state (2 × 2), the parent's account coming from
    // the account list already read. No /state for accounts: regions match and cloudInfo is known.
    const expected = {
      "POST /api/3.0/fo/auth/nsx/ action=list": 5,
      "POST /api/5.0/fo/schedule/scan/ action=list": 5,
      "GET /flexscan-api/rest/v1/service-accounts": 1,
      "GET /flexscan-api/rest/v1/target-accounts": 2,
      "GET /flexscan-api/rest/v1/service-accounts/{accountId}/state": 2,
    };
    const preview = await measureStep(E.emu, "preview --refresh", () =>
      s.stack.preview({ refresh: true, expectNoChanges: true, parallel: 1, ...capture(s) }),
    );
    expect(preview.byLabel).toEqual(expected);

    const destroy = await measureStep(E.emu, "destroy", () => s.stack.destroy(capture(s)));
    for (const n of Object.values(destroy.peak)) expect(n).toBeLessThanOrEqual(MAX_CONCURRENCY);
    // NSX deletes are batched: fewer delete calls than records.
    expect(destroy.byLabel["POST /api/3.0/fo/auth/nsx/ action=delete"]).toBeLessThan(FLEET.nsx);
  } finally {
    await s.cleanup();
  }
});
