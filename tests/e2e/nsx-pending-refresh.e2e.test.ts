/**
 * An NSX record pending under its real id, through `pulumi refresh`, with the real Pulumi CLI
 * (docs/nsx-auth-record.md, "What refresh can and cannot observe"). A successful read clears the
 * engine's init error, so after the refresh only `pendingCreate` in the outputs still tells the next
 * `up` to replace the record; this checks the engine's side of that.
 */
import { nsxSlice } from "../../emulator/services/nsx";
import { capture, failureText, useE2E } from "../helpers/pulumi";

const E = useE2E(300_000);

const NSX_PATH = "/api/3.0/fo/auth/nsx/";
const BASIC = "pulumi-nodejs:dynamic/qualys:NsxAuthRecord";
const PASSWORD = "Nsx-Pa55word!";

type StateResource = { type: string; urn: string; id: string; outputs?: Record<string, unknown>; initErrors?: string[] };

async function basicInState(s: { stack: { exportStack(): Promise<{ deployment: { resources: StateResource[] } }> } }) {
  const d = await s.stack.exportStack();
  const r = d.deployment.resources.find((x) => x.type === BASIC && x.urn.endsWith("::nsx-basic"));
  expect(r).toBeDefined();
  return r!;
}

test("NsxAuthRecord: a record pending under its real id stays pending through `pulumi refresh`; the next `up` replaces it", async () => {
  const s = await E.stack("nsx-auth-records", {
    config: { "qualys-nsx-auth-records:nsxPassword": { value: PASSWORD, secret: true } },
  });
  // Every create's answer is cut after Qualys ran it (each record's create and its repeat: 4), so
  // each record is found by its marker; the basic record's update (the password is re-sent) is cut
  // too, and so is its one repeat: it stays pending under its real id. The vault record needs no
  // update and is taken.
  E.emu.injectFault({ path: NSX_PATH, action: "create", afterHandler: true, cut: true, times: 4 });
  E.emu.injectFault({ path: NSX_PATH, action: "update", afterHandler: true, cut: true, times: 2 });
  expect(await failureText(s.stack.up(capture(s)))).toMatch(/is this resource's, but finishing its create lost its answer/);
  expect(E.emu.faults.list()).toEqual([]);
  const pending = await basicInState(s);
  expect(pending.id).toMatch(/^\d+$/);
  expect(pending.outputs?.pendingCreate).toBeDefined();
  expect(pending.initErrors?.length).toBeGreaterThan(0);

  await s.stack.refresh(capture(s));
  const refreshed = await basicInState(s);
  expect(refreshed.id).toBe(pending.id);
  expect(refreshed.initErrors ?? []).toEqual([]); // the engine forgot the failed create …
  expect(refreshed.outputs?.pendingCreate).toEqual(pending.outputs?.pendingCreate); // … the outputs did not

  const up = await s.stack.up(capture(s));
  expect(up.summary.resourceChanges?.replace).toBe(1);
  const records = [...nsxSlice(E.emu.tenant()).records.values()];
  expect(records).toHaveLength(2);
  const basic = records.find((r) => String(r.id) === String(up.outputs.basicId.value));
  expect(String(basic?.id)).not.toBe(pending.id); // deleted and made afresh, password included
  expect(basic?.password).toBe(PASSWORD);
  expect((await basicInState(s)).outputs).not.toHaveProperty("pendingCreate");
  await s.stack.preview({ expectNoChanges: true, refresh: true, ...capture(s) });
});
