/**
 * All API clients built from one configuration and one transport, so limits, retries and token
 * renewal are shared by every call a provider process makes.
 */
import { resolveConfig, type ConfigSources, type ResolvedConfig } from "../config";
import { ServiceAccountsApi } from "./flexscan/service-accounts";
import { GatewayClient } from "./gateway";
import { Transport, type TransportOptions } from "./transport";
import { XmlClient } from "./xml/client";

export class QualysClients {
  readonly transport: Transport;
  readonly gateway: GatewayClient;
  readonly serviceAccounts: ServiceAccountsApi;
  /** The /api/3.0/fo XML API (NSX auth records, scan jobs, schedule lists). */
  readonly xml: XmlClient;

  constructor(readonly config: ResolvedConfig, options: TransportOptions = {}) {
    this.transport = new Transport(config, options);
    this.gateway = new GatewayClient(this.transport);
    this.serviceAccounts = new ServiceAccountsApi(this.gateway);
    this.xml = new XmlClient(this.transport);
  }

  static fromSources(sources: ConfigSources, options: TransportOptions = {}): QualysClients {
    return new QualysClients(resolveConfig(sources), options);
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}
