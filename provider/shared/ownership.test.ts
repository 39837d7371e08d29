/**
 * The owner marker and natural keys (shared/ownership.ts): what the handlers and `qualys-drift` rely on.
 */
import {
  claimNaturalKey,
  formatOwnerMarker,
  mintOwnerMarker,
  ownerMarkerFor,
  parseOwnerMarker,
  splitOwnerMarker,
  type NaturalKeyRegistry,
} from "./ownership";

test("a minted marker is 128 random bits: never the same twice, never derived from names", () => {
  const seen = new Set(Array.from({ length: 1000 }, () => mintOwnerMarker()));
  expect(seen.size).toBe(1000);
  for (const m of seen) expect(m).toMatch(/^[0-9a-f]{32}$/);
});

test("check keeps the marker of the old inputs (new or old form); a program's own marker is ignored", () => {
  const kept = "0123456789abcdef0123456789abcdef";
  expect(ownerMarkerFor({ ownerMarker: kept })).toBe(kept);
  expect(ownerMarkerFor({ ownerMarker: "0123456789abcdef" })).toBe("0123456789abcdef");
  expect(ownerMarkerFor({ ownerMarker: "not hex" })).toMatch(/^[0-9a-f]{32}$/);
  expect(ownerMarkerFor({})).not.toBe(ownerMarkerFor({}));
});

test("parseOwnerMarker reads both forms at the end of comments, with the hint when there is one", () => {
  const nonce = "fedcba9876543210fedcba9876543210";
  expect(parseOwnerMarker(`rack 4 ${formatOwnerMarker(nonce, "proj/dev/nsx")}`)).toEqual({ nonce, hint: "proj/dev/nsx" });
  expect(parseOwnerMarker(formatOwnerMarker(nonce))).toEqual({ nonce });
  expect(parseOwnerMarker("[pulumi:0123456789abcdef]")).toEqual({ nonce: "0123456789abcdef" });
  expect(parseOwnerMarker("rack 4")).toBeUndefined();
  expect(parseOwnerMarker(undefined)).toBeUndefined();
  // not at the end, or not a marker's shape: not one
  expect(parseOwnerMarker(`${formatOwnerMarker(nonce)} more`)).toBeUndefined();
  expect(parseOwnerMarker("[pulumi:0123456789abcdef some hint]")).toBeUndefined();
  // the user's comments come back exactly
  expect(splitOwnerMarker(`rack 4 ${formatOwnerMarker(nonce, "p/s/n")}`).text).toBe("rack 4");
});

test("a hint cannot break out of the marker: no brackets or line ends, at most 80 characters", () => {
  const nonce = "fedcba9876543210fedcba9876543210";
  const text = formatOwnerMarker(nonce, `evil] [pulumi:${"0".repeat(32)}]\n${"x".repeat(200)}`);
  expect(text).not.toContain("\n");
  expect(parseOwnerMarker(text)?.nonce).toBe(nonce);
  expect(parseOwnerMarker(text)?.hint?.length).toBeLessThanOrEqual(80);
});

test("natural keys: the second owner of a key in one stack and type is named; the same resource again is not a duplicate", () => {
  const r: NaturalKeyRegistry = new Map();
  expect(claimNaturalKey(r, "o/p/dev", "NsxAuthRecord", "t", "a")).toBeUndefined();
  expect(claimNaturalKey(r, "o/p/dev", "NsxAuthRecord", "t", "a")).toBeUndefined();
  expect(claimNaturalKey(r, "o/p/dev", "NsxAuthRecord", "t", "b")).toBe("a");
  expect(claimNaturalKey(r, "o/p/prod", "NsxAuthRecord", "t", "b")).toBeUndefined();
  expect(claimNaturalKey(r, "o/p/dev", "GcpInternalScanJob", "t", "b")).toBeUndefined();
});
