/** NSX authentication records, the model: what a tenant stores, its seeded vaults, and how an address is written. */
import type { Tenant } from "../../tenants";

export const NSX_PATH = "/api/3.0/fo/auth/nsx/";

// ---------------------------------------------------------------------------------------------
// Model

export interface EmuVault {
  id: string;
  type: string;
  title: string;
}

export interface EmuNsxRecord {
  id: number;
  title: string;
  username?: string;
  /** Stored like Qualys stores it; never returned by the API (the control API shows it to tests). */
  password?: string;
  /** Merged, sorted [from, to] ranges of IPv4 addresses as 32-bit numbers. */
  ips: Array<[number, number]>;
  port: number;
  sslVerifyWithHost: boolean;
  /** As sent (comma-separated). */
  hosts?: string;
  loginType: "basic" | "vault";
  vault?: { id: string; kvPath?: string; kvName?: string; kvKey?: string; useAd: boolean };
  networkId?: string;
  comments?: string;
  created: string;
  createdBy: string;
  lastModified: string;
}

export interface NsxSettings {
  /** Records per list answer before the 1980 truncation warning (Qualys: 1000). */
  listPageSize: number;
  /** Enforce a rate limit: `limit` calls per `windowSec` (409 + 1965 beyond it). Off by default. */
  rateLimit?: { limit: number; windowSec: number };
}

export interface NsxSlice {
  records: Map<number, EmuNsxRecord>;
  nextId: number;
  vaults: Map<string, EmuVault>;
  settings: NsxSettings;
  rate: { windowStart: number; count: number };
  running: number;
}

/** Vaults every tenant has; the first is the notes' list sample's. */
export const DEFAULT_VAULTS: EmuVault[] = [
  { id: "4980801", type: "HashiCorp", title: "Nutanix_HashiCorp" },
  { id: "4980802", type: "HashiCorp", title: "HashiCorp_AD" },
  { id: "4980900", type: "CyberArk PIM Suite", title: "CyberArk_Vault" },
];

/** Published rate-limit figures the headers report when no limit is enforced. */
export const NOMINAL_RATE_LIMIT = { limit: 300, windowSec: 3600 };
export const NOMINAL_CONCURRENCY_LIMIT = 2;

export function nsxSlice(tenant: Tenant): NsxSlice {
  return tenant.slice<NsxSlice>("nsx", () => ({
    records: new Map(),
    nextId: 12426400,
    vaults: new Map(DEFAULT_VAULTS.map((v) => [v.id, { ...v }])),
    settings: { listPageSize: 1000 },
    rate: { windowStart: Date.now(), count: 0 },
    running: 0,
  }));
}

/** An IPv4 address held as a number, written as Qualys writes it. */
export function dotted(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}
