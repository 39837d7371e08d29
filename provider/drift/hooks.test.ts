/**
 * The drift run knows no resource by name: it iterates RESOURCES and asks each definition's `drift`
 * hooks (provider/resources/define.ts). A resource that lacks them, lists its objects in more than one
 * call, or declares an unobservable field that is not one of its inputs fails here, by name.
 */
import { emulatorEnv, useHarness } from "../../tests/helpers/provider-harness";
import { sampleOf, testQualys } from "../../tests/helpers/test-kit";
import { RESOURCES } from "../resources";
import { inputKeys } from "../resources/spec";
import { compare, listSubscription, subscriptionsOf } from "./unmanaged";

const H = useHarness();

describe.each(RESOURCES.map((r) => [r.name, r] as const))("%s", (name, def) => {
  test("its inventory is one list call, reads only", async () => {
    expect(typeof def.drift.inventory).toBe("function");
    H.emu.resetCalls();
    const listed = await def.drift.inventory(H.clients);
    expect(Array.isArray(listed)).toBe(true);
    const calls = H.emu.calls();
    expect(Object.values(calls).reduce((a, b) => a + b, 0)).toBe(1);
    expect(Object.keys(calls).every((k) => k.startsWith("GET ") || / action=list$/.test(k))).toBe(true);
  });

  test("its inventory lists exactly the tenant's objects, and the one a create made is managed under the id its state holds", async () => {
    const q = testQualys(H);
    await def.testKit.arrange(q);
    const sample = sampleOf(def, "drift");
    const made = await sample.handler.create(H.ctx, sample.inputs());
    const listed = await listSubscription(H.clients);
    const ids = (listed.get(name) ?? []).map((o) => o.id).sort();
    expect(ids).toEqual(
      def.testKit
        .objects(q.tenant)
        .all.map((o) => o.id)
        .sort(),
    );
    const [sub] = subscriptionsOf([{ sources: { env: emulatorEnv(H.emu) }, managed: [{ kind: name, id: made.id }] }]);
    const r = compare(sub, listed);
    expect(r.coverage.find((c) => c.type === name)).toMatchObject({ managed: 1, total: ids.length });
    expect(r.unmanaged.filter((u) => u.type === name && u.id === made.id)).toEqual([]);
  });

  test("its unobservable fields are inputs, and cover every input an import cannot see", () => {
    const inputs = inputKeys(def);
    expect(def.drift.unobservable.filter((path) => !inputs.includes(path.split(".")[0]))).toEqual([]);
    // What no read shows, a refresh keeps from state: it can never drift, so the report must say so.
    expect((def.handler.importUnreported ?? []).filter((k) => !def.drift.unobservable.includes(k))).toEqual([]);
  });
});

test("the report lists types in RESOURCES order, which keeps the order reports have always had", () => {
  const [sub] = subscriptionsOf([{ sources: { env: emulatorEnv(H.emu) }, managed: [] }]);
  const types = compare(sub, new Map()).coverage.map((c) => c.type);
  expect(types).toEqual(RESOURCES.map((r) => r.name));
  expect(types.slice(0, 4)).toEqual(["ServiceAccount", "TargetAccount", "NsxAuthRecord", "GcpInternalScanJob"]);
});
