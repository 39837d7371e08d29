/**
 * Who made an NSX record, read off its comments. Until provider/shared/ownership.ts exports
 * `parseOwnerMarker`, this adapts today's marker (`[pulumi:<16 hex>]` at the end of COMMENTS,
 * provider/resources/nsx-auth-record/mapping.ts `splitMarker`) to that function's shape, so the
 * drift run switches by changing this one import.
 */
import { splitMarker } from "../resources/nsx-auth-record/mapping";

export function parseOwnerMarker(comments: string | undefined): { hint?: string; nonce: string } | undefined {
  const { marker } = splitMarker(comments);
  return marker === undefined ? undefined : { nonce: marker };
}
