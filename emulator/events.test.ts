/**
 * The emulator's events and hold faults: what tests wait on instead of sleeping. A held call stays
 * held until the test releases it; `held`, `settled` and `waitFor` resolve on the event (at once when
 * it already happened) and never on a timer.
 */
import { nsxSlice } from "./services/nsx";
import { useEmulator } from "../tests/helpers/emulator-client";

const E = useEmulator();
const NSX = "/api/3.0/fo/auth/nsx/";
const create = (title: string) => E.form(NSX, { action: "create", title, username: "u", password: "pw-12345678", ips: "10.0.0.1" });

test("a hold before the handler: nothing happens until the release, then the call runs and is answered", async () => {
  const fault = E.emu.injectFault({ path: NSX, action: "create", hold: true });
  const call = create("held before");
  const [held] = await E.emu.held("action=create");
  expect(held).toMatchObject({ phase: "held", faultId: fault.id });
  expect([...nsxSlice(E.emu.tenant()).records.values()]).toEqual([]); // not run yet
  E.emu.release(fault.id);
  const [answered] = await E.emu.settled("action=create");
  expect(answered.status).toBe(200);
  expect((await call).body).toContain("Successfully Created");
  expect([...nsxSlice(E.emu.tenant()).records.values()].map((r) => r.title)).toEqual(["held before"]);
});

test("a hold after the handler: the object exists while the answer is held (a lost answer a test steps through)", async () => {
  const fault = E.emu.injectFault({ path: NSX, action: "create", hold: true, afterHandler: true });
  const call = create("held after");
  await E.emu.waitFor("handled", "action=create");
  await E.emu.held("action=create");
  expect([...nsxSlice(E.emu.tenant()).records.values()].map((r) => r.title)).toEqual(["held after"]);
  expect(E.emu.calls()).toEqual({}); // not answered, so not counted yet
  E.emu.release(fault.id);
  expect((await call).status).toBe(200);
  expect(E.emu.totalCalls()).toBe(1);
});

test("waits resolve at once for what already happened, and `since` waits only for newer events", async () => {
  await create("first");
  await expect(E.emu.settled("action=create")).resolves.toHaveLength(1);
  const mark = E.emu.mark();
  let second = false;
  const next = E.emu.settled("action=create", { since: mark }).then((events) => {
    second = true;
    return events;
  });
  await E.emu.settled(/action=create/); // still the first one …
  expect(second).toBe(false); // … which does not satisfy a wait for newer events
  await create("second");
  const [e] = await next;
  expect(e.seq).toBeGreaterThan(mark);
  await expect(E.emu.settled("action=create", { count: 2 })).resolves.toHaveLength(2);
});

test("close() lets held calls go, so a test that forgets a release still ends", async () => {
  E.emu.injectFault({ path: NSX, action: "create", hold: true });
  const call = create("never released").catch((e: unknown) => e);
  await E.emu.held("action=create");
  await E.restart();
  await call; // answered or cut, but no longer pending
});

test("a hold fault is validated like every fault", () => {
  expect(() => E.emu.injectFault({ hold: "yes" } as never)).toThrow(/hold/);
});
