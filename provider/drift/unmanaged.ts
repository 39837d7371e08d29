/**
 * What exists in a Qualys subscription that none of the given stacks manages, and the coverage per
 * type (managed ÷ total).
 *
 * Budget: one list walk per type per subscription, whatever the number of stacks: the stacks' ids
 * are gathered first, then each subscription's list of each type is read once (each resource's
 * `drift.inventory`, provider/resources/define.ts), through the subscription's shared client set
 * (QualysClients.shared: one limiter per API host, as in a provider process). The walks are the
 * same calls the handlers' refresh falls back on (a full list), so nothing here writes.
 */
import { configFingerprint, QualysClients } from "../clients";
import type { ConfigSources, ResolvedConfig } from "../config";
import { resolveConfig } from "../config";
import { RESOURCES, resourceNamed } from "../resources";
import type { InventoryItem } from "../resources/define";
import type { Coverage, UnmanagedObject } from "./model";

/** A subscription the stacks use, and the ids they manage in it per kind (each in its kind's canonical form). */
export interface Subscription {
  /** A printable name: the API URL and a hash of the whole configuration (never a credential). */
  label: string;
  sources: ConfigSources;
  managed: Map<string, Set<string>>;
}

export function subscriptionLabel(config: ResolvedConfig): string {
  const api = config.urls.api;
  return `${"url" in api ? api.url : "(no API URL)"} [${configFingerprint(config).slice(0, 8)}]`;
}

/**
 * Group the stacks' configurations by subscription: one entry per distinct resolved configuration,
 * so N stacks of one subscription are scanned once.
 */
export function subscriptionsOf(stacks: Array<{ sources: ConfigSources; managed: Array<{ kind: string; id: string }> }>): Subscription[] {
  const byKey = new Map<string, Subscription>();
  for (const s of stacks) {
    const config = resolveConfig(s.sources);
    const key = configFingerprint(config);
    let sub = byKey.get(key);
    if (!sub) {
      sub = { label: subscriptionLabel(config), sources: s.sources, managed: new Map(RESOURCES.map((r) => [r.name, new Set<string>()])) };
      byKey.set(key, sub);
    }
    for (const m of s.managed) {
      const def = resourceNamed(m.kind);
      if (def) sub.managed.get(def.name)!.add(def.drift.canonicalId(m.id));
    }
  }
  return [...byKey.values()];
}

/** One list walk per resource type (each definition's `drift.inventory`), by type, in RESOURCES order. */
export async function listSubscription(clients: QualysClients): Promise<Map<string, InventoryItem[]>> {
  const lists = await Promise.all(RESOURCES.map((r) => r.drift.inventory(clients)));
  return new Map(RESOURCES.map((r, i) => [r.name, lists[i]]));
}

/** Unmanaged objects and coverage of one subscription, from its lists and the stacks' ids. */
export function compare(sub: Subscription, listed: Map<string, InventoryItem[]>): { unmanaged: UnmanagedObject[]; coverage: Coverage[] } {
  const unmanaged: UnmanagedObject[] = [];
  const coverage: Coverage[] = [];
  for (const def of RESOURCES) {
    const kind = def.name;
    const objects = listed.get(kind) ?? [];
    let managed = 0;
    for (const o of objects) {
      if (sub.managed.get(kind)?.has(def.drift.canonicalId(o.id))) {
        managed++;
        continue;
      }
      unmanaged.push({
        subscription: sub.label,
        type: kind,
        id: o.id,
        naturalKey: o.naturalKey,
        madeByPulumiElsewhere: o.owner !== undefined,
        ...(o.owner ? { ownerHint: o.owner.hint ?? `ownership marker ${o.owner.nonce}` } : {}),
      });
    }
    const total = objects.length;
    coverage.push({ subscription: sub.label, type: kind, managed, total, ratio: total === 0 ? 1 : managed / total });
  }
  return { unmanaged, coverage };
}

/** Scan every subscription once; `clientsFor` is QualysClients.shared in the CLI. */
export async function scanUnmanaged(
  subs: Subscription[],
  clientsFor: (sources: ConfigSources) => QualysClients = (s) => QualysClients.shared(s),
): Promise<{ unmanaged: UnmanagedObject[]; coverage: Coverage[] }> {
  const unmanaged: UnmanagedObject[] = [];
  const coverage: Coverage[] = [];
  for (const sub of subs) {
    const r = compare(sub, await listSubscription(clientsFor(sub.sources)));
    unmanaged.push(...r.unmanaged);
    coverage.push(...r.coverage);
  }
  return { unmanaged, coverage };
}
