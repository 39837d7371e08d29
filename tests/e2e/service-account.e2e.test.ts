/**
 * ServiceAccount end to end: the real Pulumi CLI runs examples/gcp-service-account against the
 * emulator, through the drift-detection cycle a platform team runs every night.
 */
import { capture, failureText, useE2E } from "../helpers/pulumi";

const E = useE2E(300_000);

const ACCOUNT = "my-gcp-project-123";

const { controlOk: oob } = E;

test("up → refresh → no-change preview → drift → refresh → repair → region removal → destroy", async () => {
  const s = await E.stack("gcp-service-account");

  // up
  const up = await s.stack.up(capture(s));
  expect(up.summary.result).toBe("succeeded");
  expect(up.outputs.state.value).toBe("REGISTERED");
  expect(up.outputs.regions.value).toEqual(["us-east1", "us-west1"]);
  const subnets = up.outputs.subnets.value as Record<string, string>;
  expect(Object.keys(subnets).sort()).toEqual(["us-east1", "us-west1"]);

  // Secrets never in state; __provider is the one-line require of the package module.
  const state = s.stateFileText();
  expect(state).not.toContain("emulator-token-acme");
  const deployment = await s.stack.exportStack();
  const sa = deployment.deployment.resources.find((r: { type: string }) => r.type === "pulumi-nodejs:dynamic/qualys:ServiceAccount");
  const provider = String(sa.inputs.__provider);
  expect(provider).toContain('require("pulumi-qualys/dynamic/service-account")');
  expect(provider).not.toContain("emulator-token-acme");
  expect(Buffer.byteLength(provider)).toBeLessThan(1024);

  // refresh of an unchanged account, then a preview that must show nothing to do
  const refresh1 = await s.stack.refresh(capture(s));
  expect(refresh1.summary.resourceChanges?.update ?? 0).toBe(0);
  await s.stack.preview({ expectNoChanges: true, ...capture(s) });

  // Someone removes us-west1 in the Qualys UI: refresh reports it, preview plans the repair
  await oob("PATCH", `service-accounts/${ACCOUNT}`, { regions: ["us-east1"] });
  const refresh2 = await s.stack.refresh(capture(s));
  expect(refresh2.summary.resourceChanges?.update).toBe(1);
  const drift = await s.stack.preview(capture(s));
  expect(drift.changeSummary.update).toBe(1);

  // up repairs it
  const repair = await s.stack.up(capture(s));
  expect(repair.summary.resourceChanges?.update).toBe(1);
  expect((await oob("GET", `service-accounts/${ACCOUNT}`)).regions).toEqual(["us-east1", "us-west1"]);
  await s.stack.preview({ expectNoChanges: true, refresh: true, ...capture(s) });

  // Remove a region in the program: the subnet reminder is shown and kept in outputs
  await s.setConfig({ "qualys-gcp-service-account:regions": { value: JSON.stringify(["us-east1"]) } });
  s.transcript.length = 0;
  const shrink = await s.stack.up(capture(s));
  const shrinkText = shrink.stdout + shrink.stderr;
  expect(shrinkText).toContain("CLEANUP REMINDER");
  expect(shrinkText).toContain(subnets["us-west1"]);
  expect(shrink.outputs.cleanupReminders.value).toHaveLength(1);

  // destroy: subnet and VPC reminder, nothing left in the emulator
  const destroy = await s.stack.destroy(capture(s));
  const destroyText = destroy.stdout + destroy.stderr;
  expect(destroyText).toContain("CLEANUP REMINDER");
  expect(destroyText).toContain(subnets["us-east1"]);
  expect(destroyText).toMatch(/delete VPC projects\/my-gcp-project-123\/global\/networks\//);
  expect(E.emu.tenant().dump()).toEqual({ flexscan: { serviceAccounts: new Map() } });
});

test("invalid input fails at preview, naming each field, with zero API calls", async () => {
  const s = await E.stack("gcp-service-account", {
    config: {
      "qualys-gcp-service-account:scanInterval": { value: "12" },
      "qualys-gcp-service-account:vmScanTypes": { value: JSON.stringify(["sca"]) },
      "qualys-gcp-service-account:mustHaveTags": { value: JSON.stringify(["env:prod"]) },
    },
  });
  const message = await failureText(s.stack.preview(capture(s)));
  expect(message).toMatch(/scanInterval.*between 24 and 720/);
  expect(message).toMatch(/vmScanTypes.*sca needs os/);
  expect(message).toMatch(/mustHaveTags\[0\].*GCP labels only support key=value/);
  expect(E.emu.totalCalls()).toBe(0);
});

test("username/password credentials: neither the password nor a minted token reaches state, __provider or the output", async () => {
  const s = await E.stack("gcp-service-account", {
    qualysConfig: {
      "qualys:token": { value: "" },
      "qualys:username": { value: "acme_user" },
      "qualys:password": { value: "acme-password", secret: true },
    },
  });
  const up = await s.stack.up(capture(s));
  expect(up.outputs.state.value).toBe("REGISTERED");
  expect(E.emu.calls()["POST /auth"]).toBe(1); // minted once, shared by every call of the provider process
  const destroy = await s.stack.destroy(capture(s));
  const everything = [
    s.stateFileText(),
    JSON.stringify(await s.stack.exportStack()),
    up.stdout,
    up.stderr,
    destroy.stdout,
    destroy.stderr,
    ...s.transcript,
  ].join("\n");
  expect(everything).not.toContain("acme-password");
  // Minted tokens are JWTs whose header is {"alg":"none","typ":"JWT"} in the emulator.
  expect(everything).not.toContain("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0");
});
