/**
 * Tenants, users and tokens.
 *
 * Qualys scopes every object to the customer carried in the JWT. The emulator keeps one in-memory
 * world per tenant; a token (static or minted at /auth) or Basic credentials select the tenant, and
 * another tenant's objects are simply not there (404), as the notes describe.
 */
import { randomUUID } from "node:crypto";

export interface TenantSpec {
  name: string;
  /** Static bearer tokens accepted for this tenant. */
  tokens: string[];
  /** Username → password, for /auth minting and Basic auth. */
  users: Record<string, string>;
}

export const DEFAULT_TENANTS: TenantSpec[] = [
  { name: "acme", tokens: ["emulator-token-acme"], users: { acme_user: "acme-password" } },
  { name: "globex", tokens: ["emulator-token-globex"], users: { globex_user: "globex-password" } },
];

export class Tenant {
  readonly customerUuid = randomUUID();
  readonly customerIntId = Math.floor(Math.random() * 1_000_000);
  private readonly slices = new Map<string, unknown>();

  constructor(readonly name: string) {}

  /** The per-service state slice, created on first use. Each service model owns its own slice. */
  slice<T>(key: string, init: () => T): T {
    if (!this.slices.has(key)) this.slices.set(key, init());
    return this.slices.get(key) as T;
  }

  reset(): void {
    this.slices.clear();
  }

  /** Every slice, for the control API's state dump. */
  dump(): Record<string, unknown> {
    return Object.fromEntries(this.slices);
  }
}

interface MintedToken {
  tenant: Tenant;
  expiresAt: number;
}

export class TenantRegistry {
  readonly tenants = new Map<string, Tenant>();
  private readonly staticTokens = new Map<string, Tenant>();
  private readonly users = new Map<string, { password: string; tenant: Tenant }>();
  private readonly minted = new Map<string, MintedToken>();
  /** Lifetime of minted tokens; tests shorten it to exercise renewal. */
  tokenTtlMs = 4 * 60 * 60 * 1000;

  constructor(specs: TenantSpec[] = DEFAULT_TENANTS) {
    for (const spec of specs) {
      const t = new Tenant(spec.name);
      this.tenants.set(spec.name, t);
      for (const tok of spec.tokens) this.staticTokens.set(tok, t);
      for (const [u, p] of Object.entries(spec.users)) this.users.set(u, { password: p, tenant: t });
    }
  }

  get(name: string): Tenant | undefined {
    return this.tenants.get(name);
  }

  byBearer(token: string): Tenant | undefined {
    const s = this.staticTokens.get(token);
    if (s) return s;
    const m = this.minted.get(token);
    if (m && m.expiresAt > Date.now()) return m.tenant;
    return undefined;
  }

  byPassword(username: string, password: string): Tenant | undefined {
    const u = this.users.get(username);
    return u && u.password === password ? u.tenant : undefined;
  }

  /** A JWT-shaped token (unsigned; the emulator only needs it opaque and carrying `exp`). */
  mint(tenant: Tenant): string {
    const now = Date.now();
    const expiresAt = now + this.tokenTtlMs;
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const token = `${b64({ alg: "none", typ: "JWT" })}.${b64({ sub: tenant.name, customerUuid: tenant.customerUuid, customerIntId: tenant.customerIntId, iat: Math.floor(now / 1000), exp: Math.floor(expiresAt / 1000), jti: randomUUID() })}.emulator`;
    this.minted.set(token, { tenant, expiresAt });
    return token;
  }

  /** Revoke every minted token (tests: "the token was revoked, renew once on 401"). */
  revokeMinted(): number {
    const n = this.minted.size;
    this.minted.clear();
    return n;
  }

  addStaticToken(tenantName: string, token: string): void {
    const t = this.tenants.get(tenantName);
    if (!t) throw new Error(`no tenant ${tenantName}`);
    this.staticTokens.set(token, t);
  }

  /** Refuse a static token from now on (tests: a rotated token; the old one must no longer work). */
  revokeStaticToken(token: string): boolean {
    return this.staticTokens.delete(token);
  }

  reset(): void {
    for (const t of this.tenants.values()) t.reset();
    this.minted.clear();
  }
}
