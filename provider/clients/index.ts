/**
 * All API clients built from one configuration and one transport, so limits, retries and token
 * renewal are shared by every call a provider process makes.
 */
import { createHash } from "node:crypto";
import { resolveConfig, type ConfigSources, type ResolvedConfig } from "../config";
import { ServiceAccountsApi } from "./flexscan/service-accounts";
import { TargetAccountsApi } from "./flexscan/target-accounts";
import { GatewayClient } from "./gateway";
import { GcpScanJobsApi } from "./gcp-scan-jobs";
import { NsxApi } from "./nsx";
import { ReadOnlyApis } from "./read-only";
import { ScheduleScansApi } from "./schedule-scans";
import { Transport, type TransportOptions } from "./transport";

/** What counts as a write is the transport's rule (its onWrite hook); re-exported for the drift run's "no writes" count. */
export { isWrite } from "./transport";
import { XmlClient } from "./xml/client";

export class QualysClients {
  readonly transport: Transport;
  readonly gateway: GatewayClient;
  readonly serviceAccounts: ServiceAccountsApi;
  readonly targetAccounts: TargetAccountsApi;
  /** The /api/ XML server's client (NSX auth records, GCP scan jobs, the schedule scan list). */
  readonly xml: XmlClient;
  /** VMware NSX authentication records (/api/3.0/fo/auth/nsx/). */
  readonly nsx: NsxApi;
  /** GCP internal scan jobs (/api/3.0/fo/scan/cloud/internal/job/). */
  readonly gcpScanJobs: GcpScanJobsApi;
  /**
   * The VM/PC schedule scan API (/api/5.0/fo/schedule/scan/): list and delete. One client for both
   * its readers: GCP internal scan jobs are schedules (read back and deleted here), and the
   * getScheduledScans function reads it through `readOnly.scheduleScans`.
   */
  readonly scheduleScans: ScheduleScansApi;
  /** Read-only APIs behind the SDK functions (scan logs, audit, QFlow, CloudView, policies, schedules). */
  readonly readOnly: ReadOnlyApis;

  constructor(
    readonly config: ResolvedConfig,
    options: TransportOptions = {},
  ) {
    this.transport = new Transport(config, options);
    this.gateway = new GatewayClient(this.transport);
    this.serviceAccounts = new ServiceAccountsApi(this.gateway);
    this.targetAccounts = new TargetAccountsApi(this.gateway);
    this.xml = new XmlClient(this.transport);
    this.nsx = new NsxApi(this.xml);
    this.gcpScanJobs = new GcpScanJobsApi(this.xml);
    this.scheduleScans = new ScheduleScansApi(this.xml);
    this.readOnly = new ReadOnlyApis(this.transport, this.gateway, this.scheduleScans);
  }

  static fromSources(sources: ConfigSources, options: TransportOptions = {}): QualysClients {
    return new QualysClients(resolveConfig(sources), options);
  }

  /**
   * The client set of this process for the configuration `sources` resolve to: the same object for
   * every resource type and function that has the same effective configuration, so there is one
   * limiter per API host per process (docs/fleet-scale.md). Each dynamic resource module is configured on its
   * own (configure() per module, and config can differ per provider instance), so the set is keyed
   * by a fingerprint of the whole resolved configuration: a hash, so no credential is held as a key
   * or can be printed from one.
   */
  static shared(sources: ConfigSources): QualysClients {
    const config = resolveConfig(sources);
    const key = configFingerprint(config);
    let clients = sharedSets.get(key);
    if (!clients) {
      clients = new QualysClients(config);
      sharedSets.set(key, clients);
    }
    return clients;
  }

  /** Close and forget every shared set (tests, long-running tools); the next use builds new ones. */
  static async closeShared(): Promise<void> {
    const all = [...sharedSets.values()];
    sharedSets.clear();
    await Promise.all(all.map((c) => c.close()));
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}

const sharedSets = new Map<string, QualysClients>();

/** A hash of everything that makes two configurations behave differently (URLs, credentials, limits). */
export function configFingerprint(config: ResolvedConfig): string {
  return createHash("sha256").update(JSON.stringify(config)).digest("hex").slice(0, 16);
}
