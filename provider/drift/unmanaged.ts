/**
 * What exists in a Qualys subscription that none of the given stacks manages, and the coverage per
 * type (managed ÷ total).
 *
 * Budget: one list walk per type per subscription, whatever the number of stacks: the stacks' ids
 * are gathered first, then each subscription's four lists are read once, through the subscription's
 * shared client set (QualysClients.shared: one limiter per API host, as in a provider process). The
 * walks are the same calls the handlers' refresh falls back on (a full list), so nothing here writes.
 */
import { configFingerprint, QualysClients } from "../clients";
import type { ConfigSources, ResolvedConfig } from "../config";
import { resolveConfig } from "../config";
import { canonicalId as canonicalRecordId } from "../clients/xml/documents";
import type { Coverage, UnmanagedObject } from "./model";
import { parseOwnerMarker } from "../shared/ownership";

/** The resource kinds the scan covers, in report order. */
export const SCANNED_KINDS = ["ServiceAccount", "TargetAccount", "NsxAuthRecord", "GcpInternalScanJob"] as const;
export type ScannedKind = (typeof SCANNED_KINDS)[number];

/** One object as a list shows it. */
export interface ListedObject {
  id: string;
  naturalKey: string;
  /** NSX only: the ownership marker of the stack that made it, if any. */
  owner?: { hint?: string; nonce: string };
}

/** A subscription the stacks use, and the ids they manage in it per kind. */
export interface Subscription {
  /** A printable name: the API URL and a hash of the whole configuration (never a credential). */
  label: string;
  sources: ConfigSources;
  managed: Record<ScannedKind, Set<string>>;
}

/** How one kind's ids compare: schedule ids without leading zeros, the rest as Qualys writes them. */
export function canonicalId(kind: ScannedKind, id: string): string {
  return kind === "GcpInternalScanJob" ? canonicalRecordId(id) : id.trim();
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
      sub = {
        label: subscriptionLabel(config),
        sources: s.sources,
        managed: { ServiceAccount: new Set(), TargetAccount: new Set(), NsxAuthRecord: new Set(), GcpInternalScanJob: new Set() },
      };
      byKey.set(key, sub);
    }
    for (const m of s.managed) {
      if ((SCANNED_KINDS as readonly string[]).includes(m.kind))
        sub.managed[m.kind as ScannedKind].add(canonicalId(m.kind as ScannedKind, m.id));
    }
  }
  return [...byKey.values()];
}

/** The four list walks of one subscription. */
export async function listSubscription(clients: QualysClients): Promise<Record<ScannedKind, ListedObject[]>> {
  const [accounts, targets, records, schedules] = await Promise.all([
    clients.serviceAccounts.listAll(),
    clients.targetAccounts.listAll(),
    clients.nsx.list(),
    clients.readOnly.scheduleScans.list({ showCloudDetails: true }, "list scheduled scans (drift run)"),
  ]);
  return {
    ServiceAccount: accounts.map((a) => ({ id: a.accountId, naturalKey: `${a.cloudType.toUpperCase()} ${a.accountId}` })),
    TargetAccount: targets.map((t) => ({ id: t.accountId, naturalKey: t.accountId })),
    NsxAuthRecord: records.map((r) => {
      const owner = parseOwnerMarker(r.COMMENTS);
      return { id: r.ID, naturalKey: r.TITLE, ...(owner ? { owner } : {}) };
    }),
    // The schedule list holds every kind of scheduled scan; the GCP internal scan jobs are those with
    // a GCP cloud provider and an internal scan type (the VM/PC schedule scan list notes' CLOUD_DETAILS).
    GcpInternalScanJob: schedules.scans
      .filter((s) => s.CLOUD_DETAILS?.PROVIDER?.trim().toUpperCase() === "GCP" && /internal/i.test(s.CLOUD_DETAILS?.SCAN_TYPE ?? ""))
      .map((s) => ({ id: s.ID, naturalKey: s.TITLE ?? "" })),
  };
}

/** Unmanaged objects and coverage of one subscription, from its lists and the stacks' ids. */
export function compare(
  sub: Subscription,
  listed: Record<ScannedKind, ListedObject[]>,
): { unmanaged: UnmanagedObject[]; coverage: Coverage[] } {
  const unmanaged: UnmanagedObject[] = [];
  const coverage: Coverage[] = [];
  for (const kind of SCANNED_KINDS) {
    const objects = listed[kind];
    let managed = 0;
    for (const o of objects) {
      if (sub.managed[kind].has(canonicalId(kind, o.id))) {
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
