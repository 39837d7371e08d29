/**
 * What the cross-resource tiers hand each resource's test kit (provider/resources/define.ts): the
 * harness's emulator and clients, as the kit's `TestQualys`.
 */
import type { TestQualys } from "../../provider/resources/define";
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
