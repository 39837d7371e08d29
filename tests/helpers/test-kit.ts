/**
 * What the cross-resource tiers hand each resource's test kit (provider/resources/define.ts): the
 * harness's emulator and clients, as the kit's `TestQualys`; and a resource's sample, checked.
 */
import type { ResourceDefinition, ResourceTestKit, TestQualys } from "../../provider/resources/define";
import type { ResourceHandler } from "../../provider/engine/handler";
import type { Harness } from "./provider-harness";
import { controlOk } from "./emulator-client";

export function testQualys(h: Pick<Harness, "emu" | "clients" | "ctx">): TestQualys {
  return {
    tenant: h.emu.tenant(),
    clients: h.clients,
    ctx: h.ctx,
    discover: async (parent, members) => {
      await controlOk(h.emu, "POST", `service-accounts/${parent}/discovered-targets`, members);
    },
  };
}

/** A resource as a tier drives it: its handler, its kit, and its sample inputs after `check`. */
export interface Sample {
  handler: ResourceHandler<any, any>;
  kit: ResourceTestKit;
  /** What the program declares, checked once (later runs carry the same inputs, as a stack's do). */
  inputs(): Record<string, unknown>;
}

/** The sample of `def` with names made unique by `unique`; `olds` are the old inputs its check sees (an NSX marker). */
export function sampleOf(def: ResourceDefinition, unique: string, olds: Record<string, unknown> = {}): Sample {
  const handler = def.handler as ResourceHandler<any, any>;
  let inputs: Record<string, unknown> | undefined;
  const check = () => {
    const r = handler.check(olds, def.testKit.sampleInputs(unique));
    expect(r.failures).toEqual([]);
    return r.inputs as Record<string, unknown>;
  };
  return { handler, kit: def.testKit, inputs: () => (inputs ??= check()) };
}
