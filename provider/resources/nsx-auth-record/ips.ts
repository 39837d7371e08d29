/**
 * The `ips` of an NSX authentication record as a set of IPv4 addresses, in one canonical form.
 *
 * Accepted entries: an address (`10.0.0.1`), a range (`10.0.0.1-10.0.0.9`, spaces around the dash
 * allowed) and a CIDR block (`10.0.0.0/30`, turned into its range: the XML API takes addresses and
 * ranges). Octets with leading zeros (`010.0.0.1`) are refused: some tools read them as octal, so
 * what was meant is unclear.
 *
 * Canonical form (what `check` stores and what `read` turns Qualys's IP_SET into): the addresses
 * covered, as the fewest ranges — overlapping and adjacent entries merged, sorted by address, a
 * one-address range written as the address. `["10.0.0.2", "10.0.0.1", "10.0.0.3-10.0.0.5"]` is
 * `["10.0.0.1-10.0.0.5"]`. Because both sides of every comparison go through this, the set compares
 * equal whether Qualys returns IPs merged into ranges or one by one.
 */

export type IpRange = readonly [number, number];

/**
 * Address blocks that cannot hold an NSX Manager a Qualys scanner logs in to (RFC 6890, the IANA
 * special-purpose registry): they are refused, and so is any entry overlapping them (`0.0.0.0/0`).
 */
export const NON_MANAGER_BLOCKS: ReadonlyArray<{ range: IpRange; name: string }> = [
  { range: [0x00000000, 0x00ffffff], name: '0.0.0.0/8 ("this network", RFC 1122: never a destination)' },
  { range: [0x7f000000, 0x7fffffff], name: "127.0.0.0/8 (loopback, RFC 1122: the scanner itself)" },
  { range: [0xe0000000, 0xefffffff], name: "224.0.0.0/4 (multicast, RFC 5771: not one host)" },
  { range: [0xf0000000, 0xffffffff], name: "240.0.0.0/4 (reserved, RFC 1112, and the broadcast address 255.255.255.255)" },
];

/**
 * Most addresses one record may cover: 65,536 (a /16). An NSX Manager cluster is three nodes and
 * a virtual IP (VMware NSX installation guide); a /16 still covers hundreds of NSX deployments, and
 * anything larger (`10.0.0.0/8`) is a typo or a wildcard, which would send NSX credentials to every
 * host in it.
 */
export const MAX_IPS_ADDRESSES = 65_536;

/** The rule a valid entry breaks as an NSX Manager address, or undefined. */
export function nonManagerError(entry: string, [from, to]: IpRange): string | undefined {
  const hit = NON_MANAGER_BLOCKS.find(({ range }) => from <= range[1] && to >= range[0]);
  return hit ? `"${entry.trim()}" overlaps ${hit.name}, which cannot hold NSX Managers` : undefined;
}

/** The rule the whole set breaks (its size), or undefined. */
export function ipSetSizeError(ranges: readonly IpRange[]): string | undefined {
  const total = mergeRanges(ranges).reduce((n, [from, to]) => n + (to - from + 1), 0);
  return total > MAX_IPS_ADDRESSES
    ? `the entries cover ${total.toLocaleString("en-US")} addresses; at most ${MAX_IPS_ADDRESSES.toLocaleString("en-US")} (a /16) are accepted for one set of NSX Managers`
    : undefined;
}

function parseAddress(s: string): number | string {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return `"${s}" is not an IPv4 address`;
  let n = 0;
  for (const part of m.slice(1)) {
    if (part.length > 1 && part.startsWith("0")) return `"${s}" has an octet with a leading zero`;
    const v = Number(part);
    if (v > 255) return `"${s}" has an octet above 255`;
    n = n * 256 + v;
  }
  return n;
}

export function formatAddress(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/** One entry → its range, or the reason it is not a valid entry. */
export function parseIpEntry(entry: string): { ok: true; range: IpRange } | { ok: false; error: string } {
  const s = entry.trim();
  if (s === "") return { ok: false, error: "an entry is empty" };
  const cidr = /^([^/]+)\/(\d{1,2})$/.exec(s);
  if (cidr) {
    const base = parseAddress(cidr[1]);
    if (typeof base === "string") return { ok: false, error: base };
    const bits = Number(cidr[2]);
    if (bits > 32) return { ok: false, error: `"${s}": a prefix length is at most 32` };
    const size = 2 ** (32 - bits);
    const start = base - (base % size);
    if (start !== base) return { ok: false, error: `"${s}" is not a network address (did you mean ${formatAddress(start)}/${bits}?)` };
    return { ok: true, range: [start, start + size - 1] };
  }
  const dash = s.split("-");
  if (dash.length > 2) return { ok: false, error: `"${s}" is not an address or a range a-b` };
  const from = parseAddress(dash[0].trim());
  if (typeof from === "string") return { ok: false, error: from };
  if (dash.length === 1) return { ok: true, range: [from, from] };
  const to = parseAddress(dash[1].trim());
  if (typeof to === "string") return { ok: false, error: to };
  if (to < from) return { ok: false, error: `"${s}": the range ends before it starts` };
  return { ok: true, range: [from, to] };
}

/** Sorted, merged ranges (overlapping and adjacent ones joined). */
export function mergeRanges(ranges: readonly IpRange[]): IpRange[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Array<[number, number]> = [];
  for (const [from, to] of sorted) {
    const last = out[out.length - 1];
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

export function formatRange([from, to]: IpRange): string {
  return from === to ? formatAddress(from) : `${formatAddress(from)}-${formatAddress(to)}`;
}

/** Valid entries → canonical list. Throws on an invalid entry (validate with `parseIpEntry` first). */
export function canonicalIps(entries: readonly string[]): string[] {
  return mergeRanges(
    entries.map((e) => {
      const r = parseIpEntry(e);
      if (!r.ok) throw new Error(`ips: ${r.error}`);
      return r.range;
    }),
  ).map(formatRange);
}
