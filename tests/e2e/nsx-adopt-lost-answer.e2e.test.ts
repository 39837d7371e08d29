/**
 * `adopt: true` when the answer to the update that adopts the record is lost and the look after it
 * fails too, with the real Pulumi CLI (docs/nsx-auth-record.md, "Adoption"). The create ends pending
 * under the record's real id; this checks the engine's side: the state keeps the record and the
 * pending marker, a refresh keeps it, and the next `up` UPDATES the record (no replace, no delete)
 * and converges.
 */
import { QualysClients } from "../../provider/clients";
import type { EmulatorEvent } from "../../emulator/server";
import { nsxSlice } from "../../emulator/services/nsx";
import { emulatorEnv } from "../helpers/provider-harness";
import { capture, failureText, useE2E } from "../helpers/pulumi";

const E = useE2E(300_000);

const PROGRAM = `${__dirname}/programs/nsx-adopt`;
const NSX_PATH = "/api/3.0/fo/auth/nsx/";
const TYPE = "pulumi-nodejs:dynamic/qualys:NsxAuthRecord";
const PASSWORD = "Adopted-Pa55word!";
/** The provider's attempts per call in this test (qualys:maxAttempts): every look is refused that often. */
const ATTEMPTS = 2;

type StateResource = {
  type: string;
  id: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  initErrors?: string[];
};

async function inState(s: { stack: { exportStack(): Promise<{ deployment: { resources: StateResource[] } }> } }) {
  const r = (await s.stack.exportStack()).deployment.resources.find((x) => x.type === TYPE);
  expect(r).toBeDefined();
  return r!;
}

test("NsxAuthRecord: an adoption whose update answer and look are both lost is pending under the record's id; refresh keeps it; the next `up` updates it and converges", async () => {
  // A record made outside Pulumi, with the title the program adopts.
  const clients = QualysClients.fromSources({ env: emulatorEnv(E.emu) });
  const id = await clients.nsx.create({
    title: "NSX adopted by the e2e",
    ips: ["10.20.0.10"],
    username: "by-hand",
    password: "Hand-Pa55word!",
    comments: "made by hand",
  });
  await clients.close();
  const s = await E.stack(PROGRAM, {
    config: { "qualys-nsx-adopt:nsxPassword": { value: PASSWORD, secret: true } },
    qualysConfig: { "qualys:maxAttempts": { value: String(ATTEMPTS) } },
  });

  // The adopt's update lands, then is held and its connection cut; every look after it is refused.
  const update = E.emu.injectFault({ path: NSX_PATH, action: "update", afterHandler: true, hold: true, cut: true });
  const up = failureText(s.stack.up(capture(s)));
  await E.emu.held((e: EmulatorEvent) => e.faultId === update.id);
  E.emu.injectFault({ path: NSX_PATH, action: "list", status: 503, waitSeconds: 0, times: ATTEMPTS });
  E.emu.release(update.id);
  expect(await up).toMatch(/was being adopted, and reading it back after the lost answer failed too/);
  expect(E.emu.faults.list()).toEqual([]);
  const pending = await inState(s);
  expect(pending.id).toBe(id);
  expect(pending.outputs?.pendingCreate).toMatchObject({ adoption: true });
  const sent = pending.outputs?.ownerMarker as string;
  expect(nsxSlice(E.emu.tenant()).records.get(Number(id))?.comments).toMatch(new RegExp(`^\\[pulumi:${sent} qualys-nsx-adopt/`));

  await s.stack.refresh(capture(s));
  expect((await inState(s)).outputs?.pendingCreate).toEqual(pending.outputs?.pendingCreate);

  E.emu.resetCalls();
  const next = await s.stack.up(capture(s));
  expect(next.summary.resourceChanges?.update).toBe(1);
  expect(next.summary.resourceChanges?.replace ?? 0).toBe(0);
  expect(E.emu.calls()[`POST ${NSX_PATH} action=delete`] ?? 0).toBe(0);
  expect(E.emu.calls()[`POST ${NSX_PATH} action=create`] ?? 0).toBe(0);
  const done = await inState(s);
  expect(done.id).toBe(id);
  expect(done.outputs).not.toHaveProperty("pendingCreate");
  const records = [...nsxSlice(E.emu.tenant()).records.values()];
  expect(records.map((r) => String(r.id))).toEqual([id]);
  expect(records[0]).toMatchObject({ password: PASSWORD, username: "svc-qualys-nsx" });
  expect(records[0].comments).toMatch(new RegExp(`^\\[pulumi:${done.outputs?.ownerMarker as string} qualys-nsx-adopt/`));
  // Which marker the finished adoption carries says whether the engine handed the old inputs to check.
  process.stdout.write(`\nNSX adoption finished with the ${done.outputs?.ownerMarker === sent ? "pending" : "a new"} marker\n`);
  await s.stack.preview({ expectNoChanges: true, refresh: true, ...capture(s) });
});
