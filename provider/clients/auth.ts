/**
 * Credentials → Authorization headers.
 *
 * A ready token (`qualys:token`) is used as given. With username/password the provider mints a JWT
 * at `POST <gateway>/auth` (form: username, password, token=true; 201 with the raw token as body).
 * Minted tokens live 4 hours: we renew ahead of expiry, and once more when a call gets 401 (the
 * token may have been revoked). Concurrent callers share one minting call.
 */
import type { Credentials } from "../config";
import { QualysError } from "../errors";
import { registerSecret } from "../shared/redact";

/** Documented lifetime of a minted token. */
export const TOKEN_LIFETIME_MS = 4 * 60 * 60 * 1000;
/** Renew this long before expiry so a long `pulumi up` never sends an expired token. */
export const TOKEN_RENEW_MARGIN_MS = 10 * 60 * 1000;

export type Minter = (username: string, password: string) => Promise<string>;

export class TokenSource {
  private current?: { token: string; expiresAt: number };
  private inflight?: Promise<string>;

  constructor(
    private readonly credentials: Credentials,
    private readonly mint: Minter,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when a 401 can be cured by minting a new token. */
  get canRenew(): boolean {
    return this.credentials.kind === "password";
  }

  async token(): Promise<string> {
    if (this.credentials.kind !== "password") return this.credentials.token;
    const c = this.current;
    if (c && this.now() < c.expiresAt - TOKEN_RENEW_MARGIN_MS) return c.token;
    return this.renew();
  }

  /** Forget `token` (it got a 401) so the next call mints a fresh one. */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = undefined;
  }

  private renew(): Promise<string> {
    if (this.credentials.kind !== "password") return Promise.resolve(this.credentials.token);
    const { username, password } = this.credentials;
    this.inflight ??= this.mint(username, password)
      .then((token) => {
        token = token.trim();
        if (token === "")
          throw new QualysError({
            kind: "unexpected-response",
            operation: "POST /auth",
            hint: "the token endpoint returned an empty body",
          });
        registerSecret(token);
        this.current = { token, expiresAt: this.now() + lifetimeMs(token, this.now()) };
        return token;
      })
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }
}

/** Lifetime from the JWT's `exp` claim when readable, else the documented 4 hours. */
export function lifetimeMs(token: string, now: number): number {
  const parts = token.split(".");
  if (parts.length === 3) {
    try {
      const payload = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as { exp?: unknown };
      if (typeof payload.exp === "number") return Math.max(0, payload.exp * 1000 - now);
    } catch {
      // Not a JWT we can read: fall back to the documented lifetime.
    }
  }
  return TOKEN_LIFETIME_MS;
}

export function basicHeader(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;
}
