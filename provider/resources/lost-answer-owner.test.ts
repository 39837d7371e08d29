/**
 * A create that may have made its object, then fails, keeps the object in the stack (docs/failure-model.md).
 *
 * What ties an object to its resource across runs is only in the stack: an NSX record's owner
 * marker (minted by `check` when the resource is not in state yet), a service account's
 * registration (Qualys refuses a second register). A create that fails *without* an id after its
 * object exists leaves the resource out of the state, and the rerun meets its own object as someone
 * else's: a new marker that does not match, or "already registered … adopt: true". These tests play
 * the engine's runs against the real emulator with faults injected at the exact calls: a failure
 * with an id is a pending resource (the next run replaces or updates it), one without is forgotten
 * (the next run's `check` starts from no old inputs).
 */
import { errorMessage } from "../errors";
import { useHarness } from "../../tests/helpers/provider-harness";
import { nsxSlice } from "../../emulator/services/nsx";
import { flexscan } from "../../emulator/services/flexscan/service-accounts";
import { nsxAuthRecordHandler } from "./nsx-auth-record/handler";
import { serviceAccountHandler } from "./service-account/handler";
import type { NsxAuthRecordInputs, NsxAuthRecordOutputs } from "./nsx-auth-record/schema";
import type { ServiceAccountInputs, ServiceAccountOutputs } from "./service-account/schema";

const H = useHarness();

const NSX_PATH = "/api/3.0/fo/auth/nsx/";
const NSX = { title: "NSX owner kept", ips: ["10.20.0.10"], username: "svc", password: "Nsx-Pa55word!" };
const SA = { accountId: "my-gcp-project-123", cloudType: "GCP", regions: ["us-east1"] };
/** What the transport repeats a refused call (limit, 503) at most: the policy's attempts, all refused. */
const ALL_ATTEMPTS = 5;

/** `check` as the engine calls it for a resource the state does not hold (a new marker each time). */
function nsxInputs(): NsxAuthRecordInputs {
  const r = nsxAuthRecordHandler.check({}, NSX);
  expect(r.failures).toEqual([]);
  return r.inputs as NsxAuthRecordInputs;
}

function records(): string[] {
  return [...nsxSlice(H.emu.tenant()).records.keys()].map(String);
}

type Pending = { id: string; properties: Record<string, unknown> };

/**
 * `up` of one NSX record as the engine plays it, up to 3 runs: a pending resource is replaced
 * (delete first; the replacement's check has no old inputs), a forgotten one created from scratch.
 */
async function nsxUp(): Promise<{ runs: number; id?: string; errors: string[] }> {
  let pending: Pending | undefined;
  const errors: string[] = [];
  for (let run = 1; run <= 3; run++) {
    try {
      if (pending) {
        expect(nsxAuthRecordHandler.diff(pending.id, pending.properties as NsxAuthRecordOutputs, nsxInputs())).toMatchObject({
          deleteBeforeReplace: true,
        });
        await nsxAuthRecordHandler.delete(H.ctx, pending.id, pending.properties as NsxAuthRecordOutputs);
        pending = undefined;
      }
      const { id } = await nsxAuthRecordHandler.create(H.ctx, nsxInputs());
      return { runs: run, id, errors };
    } catch (e) {
      errors.push(errorMessage(e));
      const p = e as Partial<Pending>;
      if (typeof p.id === "string") pending = p as Pending;
    }
  }
  return { runs: Infinity, errors };
}

test("NsxAuthRecord: the repeat of a lost create refused by a rate limit still looks, and takes the record the lost create made", async () => {
  H.emu.injectFault({ path: NSX_PATH, action: "create", afterHandler: true, cut: true });
  H.emu.injectFault({ path: NSX_PATH, action: "create", status: 409, qualysCode: "1965", waitSeconds: 0, times: ALL_ATTEMPTS });
  const r = await nsxUp();
  expect(r.errors).toEqual([]);
  expect(r.runs).toBe(1);
  expect(records()).toEqual([r.id]);
  expect(H.emu.faults.list()).toEqual([]); // both faults fired
});

test("NsxAuthRecord: when the look after a lost create fails, it is pending with its marker, and the next run takes its record", async () => {
  H.emu.injectFault({ path: NSX_PATH, action: "create", afterHandler: true, cut: true });
  // The repeat meets the title; every attempt of the list that looks for the record is refused.
  H.emu.injectFault({ path: NSX_PATH, action: "list", status: 503, waitSeconds: 0, times: ALL_ATTEMPTS });
  const made = () => records();
  const r = await nsxUp();
  expect(r.errors[0]).toMatch(
    /may still take effect.*looking for a record titled "NSX owner kept" failed too.*kept in the stack as pending, with its owner marker/s,
  );
  expect(r.runs).toBe(2);
  expect(made()).toEqual([r.id]); // the record the lost create made, taken over, not a second one
  expect(H.emu.faults.list()).toEqual([]);
});

test("NsxAuthRecord: when the update that finishes a recovered create is refused, it is pending under the record's id and the next run converges", async () => {
  H.emu.injectFault({ path: NSX_PATH, action: "create", afterHandler: true, cut: true });
  H.emu.injectFault({ path: NSX_PATH, action: "update", status: 409, qualysCode: "1965", waitSeconds: 0, times: ALL_ATTEMPTS });
  const r = await nsxUp();
  expect(r.errors[0]).toMatch(/\(id \d+\) is this resource's, but finishing its create failed: it is kept in the stack as pending/);
  expect(r.runs).toBe(2);
  expect(records()).toEqual([r.id]);
  expect(H.emu.faults.list()).toEqual([]);
});

test("ServiceAccount: a create whose setup and undo both fail keeps the registration in the stack as pending; the next run's update finishes it", async () => {
  const inputs = serviceAccountHandler.check({}, SA).inputs as ServiceAccountInputs;
  H.emu.injectFault({ path: "/service-accounts/setup", status: 503, waitSeconds: 0, times: ALL_ATTEMPTS });
  H.emu.injectFault({ path: "/service-accounts/deregister", cut: true });
  let pending: Pending | undefined;
  try {
    await serviceAccountHandler.create(H.ctx, inputs);
  } catch (e) {
    pending = e as Pending;
    expect(errorMessage(e)).toMatch(
      /deregistering it again also failed.*kept in the stack as pending.*next `pulumi up` finishes the create/s,
    );
  }
  expect(pending?.id).toBe(SA.accountId);
  expect([...flexscan(H.emu.tenant()).serviceAccounts.keys()]).toEqual([SA.accountId]); // the cut undo never ran
  // The next `up`: a resource with init errors is updated, and the update finishes the create.
  const olds = pending!.properties as ServiceAccountOutputs;
  expect(serviceAccountHandler.diff(SA.accountId, olds, inputs).changes).toBe(true);
  const outs = await serviceAccountHandler.update(H.ctx, SA.accountId, olds, inputs);
  expect(outs).toMatchObject({ regions: ["us-east1"] });
  expect(outs).not.toHaveProperty("pendingCreate");
  expect(H.emu.calls()["POST /flexscan-api/rest/v1/service-accounts/register"]).toBe(1);
  expect(H.emu.faults.list()).toEqual([]);
});
