/**
 * The write-only password, without keeping it.
 *
 * Qualys never returns the password, and state must not hold it in clear. To tell whether the
 * program's password changed, outputs keep `passwordHash` = `hmac-sha256$<salt>$<digest>`: an
 * HMAC-SHA256 of the password keyed with a random 16-byte salt made for this resource when the
 * password is set. The salt makes equal passwords of two records hash differently and defeats
 * precomputed tables; the SDK also marks passwordHash secret, so in state it is encrypted too.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

const SCHEME = "hmac-sha256";

export function hashPassword(password: string, salt: Buffer = randomBytes(16)): string {
  const digest = createHmac("sha256", salt).update(password, "utf8").digest("base64url");
  return `${SCHEME}$${salt.toString("base64url")}$${digest}`;
}

/** True when `password` is the one `hash` was made from. An unreadable hash never matches. */
export function passwordMatches(hash: string | undefined, password: string): boolean {
  if (typeof hash !== "string") return false;
  const [scheme, salt, digest] = hash.split("$");
  if (scheme !== SCHEME || !salt || !digest) return false;
  const expected = Buffer.from(hashPassword(password, Buffer.from(salt, "base64url")).split("$")[2], "utf8");
  const actual = Buffer.from(digest, "utf8");
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
