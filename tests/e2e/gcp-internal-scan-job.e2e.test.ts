/**
 * GcpInternalScanJob end to end: the real Pulumi CLI runs examples/gcp-internal-scans against the
 * emulator: up → refresh → no-change preview → start time changed out of band → refresh shows it →
 * up repairs it → a one-off (`now`) scan completes and is NOT launched again → a change to it is a
 * stated replacement (a new launch) → destroy leaves nothing behind.
 */
import type { EmuScanJob } from "../../emulator/services/scan-jobs";
import { capture, failureText, useE2E } from "../helpers/pulumi";

const E = useE2E(600_000);

const CREATE = "POST /api/3.0/fo/scan/cloud/internal/job/ action=create";
const UPDATE = "POST /api/3.0/fo/scan/cloud/internal/job/ action=update";
const CFG = "qualys-gcp-internal-scans";

const { controlOk: control } = E;

async function emuState(): Promise<{
  jobs: EmuScanJob[];
  launches: Array<{ id: string; title: string }>;
  completed: Array<{ id: string }>;
}> {
  return control("GET", "scan-jobs");
}

test("up → refresh → no changes → drift repaired → a completed one-off scan is not relaunched → replacement stated → destroy", async () => {
  const s = await E.stack("gcp-internal-scans", { config: { [`${CFG}:launchNow`]: { value: "true" } } });

  // up: three jobs, one scan launched (the one-off)
  const up = await s.stack.up(capture(s));
  expect(up.summary.result).toBe("succeeded");
  expect(E.emu.calls()[CREATE]).toBe(3);
  const weeklyId = String(up.outputs.weeklyScheduleId.value);
  const oneOffId = String(up.outputs.oneOffScheduleId.value);
  expect(up.outputs.weeklyStart.value).toBe("22:30 US-CA");
  expect(up.outputs.oneOffLaunchState.value).toBe("launched");
  let state = await emuState();
  expect(state.jobs.map((j) => j.title).sort()).toEqual([
    "GCP monthly policy audit (PCI)",
    "GCP one-off internal scan",
    "GCP weekly internal scan (production)",
  ]);
  expect(state.launches.map((l) => l.id)).toEqual([oneOffId]);

  // No secret in state; __provider is the one-line require of the package module.
  expect(s.stateFileText()).not.toContain("emulator-token-acme");
  const deployment = await s.stack.exportStack();
  const jobs = deployment.deployment.resources.filter(
    (r: { type: string }) => r.type === "pulumi-nodejs:dynamic/qualys:GcpInternalScanJob",
  );
  expect(jobs).toHaveLength(3);
  for (const j of jobs) {
    expect(String(j.inputs.__provider)).toContain('require("pulumi-qualys/dynamic/gcp-internal-scan-job")');
    expect(Buffer.byteLength(String(j.inputs.__provider))).toBeLessThan(1024);
  }

  // refresh of unchanged jobs: the three reads are sent together and share `id=a,b,c` list calls
  // (how many land in one 25 ms window depends on the machine; exact counts with sequential reads
  // are asserted in fleet-budget.e2e.test.ts), then a preview that must show nothing to do
  E.emu.resetCalls();
  const refresh1 = await s.stack.refresh(capture(s));
  expect(refresh1.summary.resourceChanges?.update ?? 0).toBe(0);
  expect(Object.keys(E.emu.calls())).toEqual(["POST /api/5.0/fo/schedule/scan/ action=list"]);
  const listed = E.emu.log.flatMap((c) => (new URLSearchParams(c.body).get("id") ?? "").split(","));
  expect(listed.sort()).toEqual(jobs.map((j: { id: string }) => String(j.id)).sort()); // each job listed once
  await s.stack.preview({ expectNoChanges: true, ...capture(s) });

  // Someone moves the weekly scan to 03:00 in the Qualys UI: refresh reports it, preview plans the repair
  await control("PATCH", `scan-jobs/${weeklyId}`, { schedule: { startHour: 3 } });
  const refresh2 = await s.stack.refresh(capture(s));
  expect(refresh2.summary.resourceChanges?.update).toBe(1);
  const drift = await s.stack.preview(capture(s));
  expect(drift.changeSummary.update).toBe(1);
  expect(drift.changeSummary.replace ?? 0).toBe(0);

  // up repairs it in place: set_start_time=1 with the whole start group
  E.emu.resetCalls();
  const repair = await s.stack.up(capture(s));
  expect(repair.summary.resourceChanges?.update).toBe(1);
  expect(E.emu.calls()[UPDATE]).toBe(1);
  expect(E.emu.calls()[CREATE]).toBeUndefined();
  const sent = Object.fromEntries(new URLSearchParams(E.emu.log.find((c) => c.label === UPDATE)!.body));
  expect(sent).toMatchObject({
    id: weeklyId,
    set_start_time: "1",
    start_hour: "22",
    start_minute: "30",
    time_zone_code: "US-CA",
    observe_dst: "yes",
  });
  expect(sent.start_date).toMatch(/^\d\d\/\d\d\/\d{4}$/);
  expect((await control<EmuScanJob>("GET", `scan-jobs/${weeklyId}`)).schedule).toMatchObject({ startHour: 22 });
  await s.stack.preview({ expectNoChanges: true, refresh: true, ...capture(s) });

  // The one-off scan runs to completion and leaves the schedule list. refresh keeps it (as
  // "completed"), and neither the next preview nor up creates, i.e. launches, it again.
  await control("POST", `scan-jobs/${oneOffId}/complete`);
  const refresh3 = await s.stack.refresh(capture(s));
  expect(refresh3.summary.resourceChanges?.delete ?? 0).toBe(0);
  await s.stack.preview({ expectNoChanges: true, ...capture(s) });
  E.emu.resetCalls();
  const again = await s.stack.up({ refresh: true, ...capture(s) });
  expect(again.summary.resourceChanges?.create ?? 0).toBe(0);
  expect(E.emu.calls()[CREATE]).toBeUndefined();
  expect(again.outputs.oneOffLaunchState.value).toBe("completed");
  expect(String(again.outputs.oneOffScheduleId.value)).toBe(oneOffId);
  state = await emuState();
  expect(state.launches.map((l) => l.id)).toEqual([oneOffId]);
  expect(state.completed.map((l) => l.id)).toEqual([oneOffId]);

  // Changing the one-off scan is a replacement, and the preview says why: it launches a new scan.
  await s.setConfig({ [`${CFG}:oneOffPriority`]: { value: "4" } });
  s.transcript.length = 0;
  const replacePreview = await s.stack.preview(capture(s));
  expect(replacePreview.changeSummary.replace).toBe(1);
  const previewText = replacePreview.stdout + replacePreview.stderr + s.transcript.join("");
  expect(previewText).toContain("a now job is a one-shot launch");
  expect(previewText).toContain("launches a new scan now");
  E.emu.resetCalls();
  const replaced = await s.stack.up(capture(s));
  expect(replaced.summary.resourceChanges?.replace).toBe(1);
  expect(E.emu.calls()[CREATE]).toBe(1);
  const newOneOffId = String(replaced.outputs.oneOffScheduleId.value);
  expect(newOneOffId).not.toBe(oneOffId);
  expect((await emuState()).launches.map((l) => l.id)).toEqual([oneOffId, newOneOffId]);

  // destroy: every job deleted (the completed one-off has nothing left to delete), emulator empty
  const destroy = await s.stack.destroy(capture(s));
  expect(destroy.summary.result).toBe("succeeded");
  expect((await emuState()).jobs).toEqual([]);
  expect((E.emu.tenant().dump().scanJobs as { jobs: Map<string, unknown> }).jobs.size).toBe(0);
});

test("invalid input fails at preview, naming the property, with zero API calls", async () => {
  const s = await E.stack("gcp-internal-scans", { config: { [`${CFG}:weeklyStartHour`]: { value: "24" } } });
  const message = await failureText(s.stack.preview(capture(s)));
  expect(message).toMatch(/schedule\.startHour.*must be an integer from 0 to 23/);
  expect(E.emu.totalCalls()).toBe(0);
});

test("an unknown connector surfaces Qualys's own text and leaves nothing behind", async () => {
  const s = await E.stack("gcp-internal-scans", { config: { [`${CFG}:connectorName`]: { value: "no-such-connector" } } });
  const message = await failureText(s.stack.up(capture(s)));
  expect(message).toContain('Qualys said: "Invalid connector_name provided"');
  expect((await emuState()).jobs).toEqual([]);
});
