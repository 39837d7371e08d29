/**
 * A GcpInternalScanJob pending under its real schedule id, through `pulumi refresh`, with the real
 * Pulumi CLI (docs/gcp-internal-scan-job.md, "Cloud resource ids"). Its create made the job but the
 * follow-up that sets its cloud resource ids and the undo delete both failed. A successful read clears
 * the engine's init error, so while the job is listed only `pendingCreate` in the outputs still tells
 * the next `up` to replace it; once it is deleted in Qualys, refresh must drop it and the next `up`
 * create it. This checks the engine's side of both.
 */
import type { EmuScanJob } from "../../emulator/services/scan-jobs";
import { capture, failureText, useE2E } from "../helpers/pulumi";

const E = useE2E(300_000);

const PROGRAM = `${__dirname}/programs/gcp-job-pending`;
const TYPE = "pulumi-nodejs:dynamic/qualys:GcpInternalScanJob";
const CREATE = "POST /api/3.0/fo/scan/cloud/internal/job/ action=create";

type StateResource = { type: string; id: string; outputs?: Record<string, unknown>; initErrors?: string[] };

async function jobInState(s: { stack: { exportStack(): Promise<{ deployment: { resources: StateResource[] } }> } }) {
  return (await s.stack.exportStack()).deployment.resources.find((x) => x.type === TYPE);
}

async function emuJobs(): Promise<EmuScanJob[]> {
  return (await E.controlOk<{ jobs: EmuScanJob[] }>("GET", "scan-jobs")).jobs;
}

test("GcpInternalScanJob pending under its schedule id: refresh keeps it while listed, drops it once deleted in Qualys; the next `up` creates one job", async () => {
  const s = await E.stack(PROGRAM);
  // The follow-up update is refused, and so is the delete that would undo the half-made job.
  E.emu.injectFault({
    path: "/scan/cloud/internal/job/",
    action: "update",
    status: 400,
    qualysCode: "1905",
    message: "Invalid cloud_resource_ids provided",
  });
  E.emu.injectFault({ path: "/fo/schedule/scan/", action: "delete", status: 403, message: "Permission denied" });
  expect(await failureText(s.stack.up(capture(s)))).toMatch(/Nothing is lost: .*pending under schedule \d+/s);
  expect(E.emu.faults.list()).toEqual([]);
  const pending = await jobInState(s);
  const [halfMade] = await emuJobs();
  expect(pending?.id).toBe(halfMade.id);
  expect(pending?.outputs?.pendingCreate).toBeDefined();
  expect(pending?.initErrors?.length).toBeGreaterThan(0);

  // Listed: the engine forgets the failed create, the outputs keep the marker (and show the job inactive).
  await s.stack.refresh(capture(s));
  const listed = await jobInState(s);
  expect(listed?.id).toBe(pending?.id);
  expect(listed?.initErrors ?? []).toEqual([]);
  expect(listed?.outputs?.pendingCreate).toEqual(pending?.outputs?.pendingCreate);
  expect(listed?.outputs?.active).toBe(false);

  // Deleted in Qualys: refresh drops it from the stack.
  await E.controlOk("DELETE", `scan-jobs/${halfMade.id}`);
  await s.stack.refresh(capture(s));
  expect(await jobInState(s)).toBeUndefined();

  // The next `up` creates it: exactly one job, active, with its ids, and nothing left to do.
  E.emu.resetCalls();
  const up = await s.stack.up(capture(s));
  expect(up.summary.resourceChanges?.create).toBe(1);
  expect(E.emu.calls()[CREATE]).toBe(1);
  const jobs = await emuJobs();
  expect(jobs.map((j) => j.id)).toEqual([String(up.outputs.scheduleId.value)]);
  expect(jobs[0]).toMatchObject({ active: true, cloudResourceIds: ["vm-1", "vm-2"] });
  expect((await jobInState(s))?.outputs).not.toHaveProperty("pendingCreate");
  await s.stack.preview({ expectNoChanges: true, refresh: true, ...capture(s) });
});
