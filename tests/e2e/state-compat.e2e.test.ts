/**
 * A stack written by an earlier release keeps working with this one: the state pulumi-qualys 0.1.0
 * wrote for one resource of each type (tests/e2e/fixtures/state-compat/state.json, its `__provider`
 * a `require("pulumi-qualys/dynamic/<module>")` of that version) is imported into a fresh stack and
 * driven by the real CLI with the package as it is now staged: `preview --refresh --expect-no-changes`
 * (every old module path still loads, reads its object, and the program's resources serialise to
 * the same `__provider` and inputs), then `destroy` (the objects are gone from the emulator).
 *
 * The emulator side is made again before the import: the same objects created by this version's
 * handlers from the state's own inputs (NSX's owner marker included), in a fresh emulator whose ids
 * are deterministic per tenant, so each lands on the id the state holds.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Deployment } from "@pulumi/pulumi/automation";
import { QualysClients } from "../../provider/clients";
import { RESOURCES } from "../../provider/resources";
import { controlOk } from "../helpers/emulator-client";
import { emulatorEnv } from "../helpers/provider-harness";
import { capture, useE2E } from "../helpers/pulumi";
import { COMPAT_STACK, EMULATOR_URL, NSX_PASSWORD, PROGRAM, seedDiscovery } from "./fixtures/state-compat/compat";

const E = useE2E(600_000);

interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
}

const FIXTURE = readFileSync(join(__dirname, "fixtures", "state-compat", "state.json"), "utf8");
const TYPE_PREFIX = "pulumi-nodejs:dynamic/qualys:";

/** The fixture's resources of this package, parents before children (the order their inputs name them). */
function qualysResources(state: Deployment): StateResource[] {
  const all = (state.deployment as { resources: StateResource[] }).resources.filter((r) => r.type.startsWith(TYPE_PREFIX));
  const order = ["ServiceAccount", "TargetAccount", "GcpInternalScanJob", "NsxAuthRecord"];
  return all.sort((a, b) => order.indexOf(a.type.slice(TYPE_PREFIX.length)) - order.indexOf(b.type.slice(TYPE_PREFIX.length)));
}

test("the state 0.1.0 wrote loads, refreshes with no change and destroys with this version", async () => {
  const s = await E.stack(PROGRAM, { config: { nsxPassword: { value: NSX_PASSWORD, secret: true } } });
  const state = JSON.parse(FIXTURE.replaceAll(COMPAT_STACK, s.name).replaceAll(EMULATOR_URL, E.emu.url)) as Deployment;
  const resources = qualysResources(state);
  expect(resources.map((r) => r.type.slice(TYPE_PREFIX.length)).sort()).toEqual(RESOURCES.map((r) => r.name).sort());

  // The emulator side: the state's objects, under the ids the state holds.
  await seedDiscovery((method, path, body) => controlOk(E.emu, method, path, body));
  const clients = QualysClients.fromSources({ env: emulatorEnv(E.emu) });
  try {
    for (const r of resources) {
      const def = RESOURCES.find((d) => `${TYPE_PREFIX}${d.name}` === r.type)!;
      const { __provider: provider, ...inputs } = r.inputs!;
      expect(provider).toContain(`require("pulumi-qualys/dynamic/${def.module}")`);
      // The one secret input is in state only encrypted: the program's value.
      for (const k of def.secretInputs ?? []) if (k in inputs) inputs[k] = NSX_PASSWORD;
      const created = await def.handler.create({ clients: () => clients }, inputs as never);
      expect(`${def.name} ${created.id}`).toBe(`${def.name} ${r.id}`);
    }
  } finally {
    await clients.close();
  }

  await s.stack.importStack(state);
  await s.stack.preview({ refresh: true, expectNoChanges: true, ...capture(s) });
  // The preview changed nothing: state still holds the modules 0.1.0 named.
  const after = await s.stack.exportStack();
  expect(qualysResources(after).map((r) => r.id)).toEqual(resources.map((r) => r.id));

  await s.stack.destroy(capture(s));
  const dump = await controlOk<Record<string, any>>(E.emu, "GET", "state");
  expect({
    serviceAccounts: dump.flexscan.serviceAccounts,
    targetAccounts: dump.flexscanTargets.targetAccounts,
    scanJobs: dump.scanJobs.jobs,
    nsxRecords: dump.nsx.records,
  }).toEqual({ serviceAccounts: {}, targetAccounts: {}, scanJobs: {}, nsxRecords: {} });
});
