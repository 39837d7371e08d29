/**
 * Drift, for each resource of RESOURCES (docs/drift-detection.md): its sample object, changed in
 * Qualys outside the stack as its test kit says (define.ts `outOfBandChange`, an emulator control
 * call like a change in the Qualys UI), is reported by the next read as drift in exactly the inputs
 * the kit names, and the update that follows makes Qualys what the program says again: the read
 * after it shows no change. Each run (up, refresh, up) gets its own context, as each `pulumi`
 * command starts its own provider: nothing read by one is remembered by the next.
 */
import { emulatorEnv, useHarness } from "../../tests/helpers/provider-harness";
import { controlOk } from "../../tests/helpers/emulator-client";
import { sampleOf, testQualys } from "../../tests/helpers/test-kit";
import { RESOURCES } from ".";

const H = useHarness();

describe.each(RESOURCES.map((r) => [r.name, r] as const))("%s", (_name, def) => {
  test("an out-of-band change is reported as drift in the inputs it touched, and the next update repairs it", async () => {
    const { handler, kit, inputs: checked } = sampleOf(def, "drift");
    await kit.arrange(testQualys(H));
    const inputs = checked();
    const { id, outs } = await handler.create(H.ctx, inputs);

    // In sync right after the create: a read shows no change and reports no drifted inputs.
    const fresh = await handler.read(H.ctx, id, outs);
    expect(handler.diff(id, fresh!.props, inputs).changes).toBe(false);

    const change = kit.outOfBandChange(id);
    expect(change.drifts.length).toBeGreaterThan(0);
    await controlOk(H.emu, "PATCH", change.path, change.body);
    const refresh = H.contextFor(emulatorEnv(H.emu));
    const drifted = await handler.read(refresh, id, fresh!.props);
    expect(drifted?.id).toBe(id);
    for (const key of change.drifts) {
      expect({ key, reported: drifted?.inputs !== undefined && key in drifted.inputs }).toEqual({ key, reported: true });
      expect({ key, value: drifted!.inputs![key] }).not.toEqual({ key, value: inputs[key] });
    }
    const d = handler.diff(id, drifted!.props, inputs);
    expect(d.changes).toBe(true);
    expect([...(d.changed ?? [])].sort()).toEqual([...change.drifts].sort());

    const repaired = await handler.update(H.contextFor(emulatorEnv(H.emu)), id, drifted!.props, inputs);
    const after = await handler.read(H.contextFor(emulatorEnv(H.emu)), id, repaired);
    expect(handler.diff(id, after!.props, inputs).changes).toBe(false);
  });
});
