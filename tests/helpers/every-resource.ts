/**
 * A Pulumi YAML program derived from RESOURCES: one resource per definition, named after its module,
 * with its test kit's sample inputs (secret inputs through `fn::secret`). The end-to-end tiers that
 * must cover every resource run it through the native plugin, so a new resource is exercised by them
 * as soon as RESOURCES lists it, with no program written for it.
 */
import { RESOURCES, type ResourceDefinition } from "../../provider/resources";
import type { NativeProject } from "./native";

export const SAMPLE_UNIQUE = "every resource";

/** The resource's sample inputs as YAML properties: JSON (flow-style YAML), secrets through `fn::secret`. */
function properties(def: ResourceDefinition): string {
  const inputs = def.testKit.sampleInputs(SAMPLE_UNIQUE);
  const props = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, def.secretInputs?.includes(k) ? { "fn::secret": v } : v]));
  return JSON.stringify(props);
}

export function everyResourceProgram(): string {
  const resources = RESOURCES.map((r) => `  ${r.module}:\n    type: qualys:index:${r.name}\n    properties: ${properties(r)}`);
  return ["name: qualys-every-resource", "runtime: yaml", "resources:", ...resources, ""].join("\n");
}

/** The secret sample inputs of every resource, in clear: what must never reach the state or the CLI output. */
export function sampleSecrets(): string[] {
  return RESOURCES.flatMap((r) => (r.secretInputs ?? []).map((k) => String(r.testKit.sampleInputs(SAMPLE_UNIQUE)[k])));
}

/** How many resources of each resource name the stack's state holds (`pulumi stack export`). */
export async function resourcesInState(p: NativeProject): Promise<Record<string, number>> {
  const exported = JSON.parse((await p.pulumi(["stack", "export"])).out) as { deployment: { resources?: Array<{ type: string }> } };
  const out: Record<string, number> = {};
  for (const r of exported.deployment.resources ?? []) {
    const m = /^qualys:index:(\w+)$/.exec(r.type);
    if (m) out[m[1]] = (out[m[1]] ?? 0) + 1;
  }
  return out;
}
