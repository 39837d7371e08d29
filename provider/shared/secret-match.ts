/**
 * Finding a secret in text whatever escaping it went through on its way there.
 *
 * Servers quote what they received in their own escaping, and often escape only some characters
 * (a `"` as `\"` but an `&` left alone; `&` as `&amp;` but `'` as `&#39;` and `ü` as `&uuml;` or raw).
 * Listing spellings cannot keep up with every mix, so the text is read instead: at each position,
 * every way the characters there can be read (the character itself, or an escape that stands for
 * one) is tried against the secret, one secret character after another. A span of text is a match
 * when some reading of it spells the secret, which makes every mix of these escapes a match:
 *  - JSON and JavaScript string escapes: `\"`, `\\`, `\/`, `\'`, `\b \f \n \r \t`, `\uXXXX`, `\xHH`;
 *  - XML and HTML character references: every named entity of HTML (`&amp;`, `&uuml;`, `&nbsp;`…,
 *    from the `entities` package's table), decimal `&#38;` and hex `&#x26;` (either case);
 *  - percent-encoding, either hex case, UTF-8 or single-byte; `+` for a space (form encoding);
 *  - whitespace: any run of whitespace (spaces, tabs, line breaks, however escaped) stands for any
 *    run in the secret, as after a quote collapsed it; the secret's leading and trailing whitespace
 *    are not required, since a trimmed quote drops them.
 * An escape escaped once more (`&amp;quot;`, `%2526`) is read too.
 * Reading is memoised per (position, secret position), so a search costs about one pass over the
 * text per secret whatever the escapes.
 */
import { decodeHTMLStrict } from "entities";

/** The characters one reading of the text stands for, and how many characters of the text it spans. */
interface Reading {
  out: string;
  len: number;
}

const JSON_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  "'": "'",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

function hexAt(text: string, at: number, digits: number): number {
  const s = text.slice(at, at + digits);
  return s.length === digits && /^[0-9a-fA-F]+$/.test(s) ? parseInt(s, 16) : -1;
}

/** The byte of a `%XX` at `at`, or -1. */
function percentByte(text: string, at: number): number {
  return text[at] === "%" ? hexAt(text, at + 1, 2) : -1;
}

/**
 * Every way to read `text` at `q`: the character itself first, then any escape that starts there,
 * then (at the outer level) an escape escaped once more: `&amp;quot;`, `%2526`, `%2B`, where the
 * first escape stands for the character that starts the second.
 */
function readingsAt(text: string, q: number, nested = false): Reading[] {
  const out = singleReadingsAt(text, q);
  if (nested) return out;
  for (const r of [...out]) {
    if (r.len === 1 || (r.out !== "&" && r.out !== "%" && r.out !== "\\" && r.out !== "+")) continue;
    const rest = r.out + text.slice(q + r.len, q + r.len + 40);
    for (const inner of readingsAt(rest, 0, true)) {
      if (inner.len > 1 || inner.out !== r.out) out.push({ out: inner.out, len: r.len + inner.len - 1 });
    }
  }
  return out;
}

/** The character at `q`, and each escape that starts there (one level). */
function singleReadingsAt(text: string, q: number): Reading[] {
  const c = text[q];
  const out: Reading[] = [{ out: c, len: 1 }];
  if (c === "\\") {
    const n = text[q + 1];
    if (n !== undefined && JSON_ESCAPES[n] !== undefined) out.push({ out: JSON_ESCAPES[n], len: 2 });
    const u = n === "u" ? hexAt(text, q + 2, 4) : -1;
    if (u >= 0) out.push({ out: String.fromCharCode(u), len: 6 });
    const x = n === "x" ? hexAt(text, q + 2, 2) : -1;
    if (x >= 0) out.push({ out: String.fromCharCode(x), len: 4 });
  } else if (c === "&") {
    const numeric = /^&#(?:([0-9]{1,7})|[xX]([0-9a-fA-F]{1,6}));?/.exec(text.slice(q, q + 12));
    if (numeric) {
      const cp = numeric[1] !== undefined ? parseInt(numeric[1], 10) : parseInt(numeric[2], 16);
      if (cp <= 0x10ffff) out.push({ out: String.fromCodePoint(cp), len: numeric[0].length });
    }
    const named = /^&[A-Za-z][A-Za-z0-9]{1,31};/.exec(text.slice(q, q + 34));
    if (named) {
      const decoded = decodeHTMLStrict(named[0]);
      if (decoded !== named[0]) out.push({ out: decoded, len: named[0].length });
    }
  } else if (c === "%") {
    // `%XX` bytes, or `%25XX` (percent-encoded twice); a UTF-8 sequence is encoded one way throughout.
    for (const width of [3, 5]) {
      const byteAt = (at: number) => (width === 3 ? percentByte(text, at) : text.startsWith("%25", at) ? hexAt(text, at + 3, 2) : -1);
      const b0 = byteAt(q);
      if (b0 < 0) continue;
      // One byte read alone (ASCII, or a single-byte charset such as Latin-1)…
      out.push({ out: String.fromCharCode(b0), len: width });
      // …and a UTF-8 sequence of bytes read as the one character it encodes.
      const more = b0 >= 0xc2 && b0 <= 0xdf ? 1 : b0 >= 0xe0 && b0 <= 0xef ? 2 : b0 >= 0xf0 && b0 <= 0xf4 ? 3 : 0;
      const bytes = [b0];
      for (let i = 1; i <= more; i++) {
        const b = byteAt(q + width * i);
        if (b < 0x80 || b > 0xbf) break;
        bytes.push(b);
      }
      if (more > 0 && bytes.length === more + 1) {
        const decoded = Buffer.from(bytes).toString("utf8");
        if (!decoded.includes("\uFFFD")) out.push({ out: decoded, len: width * bytes.length });
      }
    }
  } else if (c === "+") {
    out.push({ out: " ", len: 1 });
  }
  return out;
}

/**
 * What is looked for: the secret with each whitespace run reduced to one space, which then stands
 * for any whitespace run. A space at either end stands for a run that may be missing (a trimmed
 * quote drops it) and, when present, is cut out with the rest. Undefined when too little is left
 * besides whitespace to be told from innocent text (the same floor as registration).
 */
export function patternOf(secret: string): string | undefined {
  const p = secret.replace(/\s+/g, " ");
  return p.trim().length >= 4 ? p : undefined;
}

/**
 * A tail of `text` that cannot be read yet because it is cut inside an escape (`%2`, `&am`, `&#3`,
 * `\u00`): at the edge of a cut quote it may be the next character of a secret.
 */
const OPEN_ESCAPE =
  /^(?:\\(?:u[0-9a-fA-F]{0,3}|x[0-9a-fA-F]?)?|&(?:#(?:[xX][0-9a-fA-F]*|[0-9]*)|[A-Za-z][A-Za-z0-9]*)?|(?:%[0-9a-fA-F]{2})*%[0-9a-fA-F]?|(?:%[0-9a-fA-F]{2})+)$/;

/** Whitespace readings in a row that one space of a secret may stand for. */
const MAX_WHITESPACE_RUN = 256;

/** The readings of one text, each position read once for every pattern looked for in it. */
class Reader {
  private readonly cache = new Map<number, Reading[]>();
  constructor(readonly text: string) {}

  at(q: number): Reading[] {
    const c = this.text[q];
    // Most characters stand only for themselves: no allocation kept for them.
    if (c !== "\\" && c !== "&" && c !== "%" && c !== "+") return [{ out: c, len: 1 }];
    let r = this.cache.get(q);
    if (r === undefined) this.cache.set(q, (r = readingsAt(this.text, q)));
    return r;
  }
}

/** One search of one pattern in one text (the memo belongs to it). */
class Search {
  private readonly memo = new Map<number, number>();
  private readonly text: string;
  private readonly pattern: string;
  /** The secret began with whitespace, which goes with it when present. */
  readonly leading: boolean;

  /**
   * `prefix`: the text may end before the pattern does (finding a secret cut at the text's end);
   * otherwise the whole pattern must be read.
   */
  constructor(
    private readonly reader: Reader,
    pattern: string,
    private readonly prefix: boolean,
  ) {
    this.text = reader.text;
    this.pattern = pattern.trim();
    this.leading = pattern.startsWith(" ");
  }

  /** The end of the longest reading of `pattern` that starts at `p`, or -1. */
  at(p: number): number {
    return this.walk(p, 0);
  }

  /** The end of the longest reading of `pattern[k…]` at `q`, or -1. */
  private walk(q: number, k: number): number {
    const { text, pattern } = this;
    if (k === pattern.length) return q;
    if (q >= text.length) return this.prefix && k > 0 ? q : -1;
    const key = q * (pattern.length + 1) + k;
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    let best = -1;
    if (this.prefix && k > 0 && q + 16 >= text.length && OPEN_ESCAPE.test(text.slice(q))) best = text.length;
    if (pattern[k] === " ") {
      best = Math.max(best, this.run(q, k));
    } else {
      for (const r of this.reader.at(q)) best = Math.max(best, this.after(q, k, r));
    }
    this.memo.set(key, best);
    return best;
  }

  /**
   * A space of the pattern (at `k`) is a run of one or more whitespace readings from `q`; after
   * each, the rest of the pattern may follow. Walked in a loop, not by recursion, so a long run of
   * whitespace cannot exhaust the stack; a run longer than any a server would leave is not followed.
   */
  private run(q: number, k: number): number {
    let best = -1;
    let frontier = [q];
    for (let step = 0; step < MAX_WHITESPACE_RUN && frontier.length > 0; step++) {
      const next = new Set<number>();
      for (const at of frontier) {
        if (at >= this.text.length) continue;
        for (const r of this.reader.at(at)) {
          if (r.out.trim() !== "") continue;
          best = Math.max(best, this.walk(at + r.len, k + 1));
          next.add(at + r.len);
        }
      }
      frontier = [...next];
    }
    return best;
  }

  /** Continue after reading `r` (one or two UTF-16 units) at `q` against the pattern at `k`. */
  private after(q: number, k: number, r: Reading): number {
    const { pattern } = this;
    const rest = pattern.length - k;
    if (r.out.length > rest) {
      // A two-unit character (an emoji as one escape) where only its first unit is left: a prefix.
      return this.prefix && pattern.slice(k) === r.out.slice(0, rest) ? q + r.len : -1;
    }
    return pattern.startsWith(r.out, k) ? this.walk(q + r.len, k + r.out.length) : -1;
  }
}

/** Whether a whitespace reading ends exactly at `q`; the start of the longest one, or -1. */
function whitespaceEndingAt(text: string, q: number): number {
  for (let from = Math.max(0, q - 12); from < q; from++) {
    if (readingsAt(text, from).some((r) => from + r.len === q && r.out.trim() === "")) return from;
  }
  return -1;
}

/** Whether a whitespace reading starts at `q`; its end, or -1. */
function whitespaceStartingAt(text: string, q: number): number {
  if (q >= text.length) return -1;
  const r = readingsAt(text, q).filter((x) => x.out.trim() === "");
  return r.length > 0 ? q + Math.max(...r.map((x) => x.len)) : -1;
}

/** `[start, end]` grown over the whitespace readings around it, on the sides the pattern has them. */
function grow(text: string, pattern: string, start: number, end: number): [number, number] {
  if (pattern.startsWith(" ")) for (let q = whitespaceEndingAt(text, start); q >= 0; q = whitespaceEndingAt(text, start)) start = q;
  if (pattern.endsWith(" ")) for (let q = whitespaceStartingAt(text, end); q >= 0; q = whitespaceStartingAt(text, end)) end = q;
  return [start, end];
}

/**
 * The spans of `text` (start, end) that read as one of `patterns`, in order of their start (spans
 * of different patterns may overlap). One pass over the text: at each position only the patterns
 * that start with its character are tried, or all of them where an escape may start.
 */
export function spansOf(text: string, patterns: readonly string[]): Array<[number, number]> {
  const reader = new Reader(text);
  const searches = patterns.map((pattern) => ({ pattern, search: new Search(reader, pattern, false), next: 0 }));
  const byFirst = new Map<string, typeof searches>();
  for (const s of searches) {
    const first = s.pattern.trim()[0];
    byFirst.set(first, [...(byFirst.get(first) ?? []), s]);
  }
  const spans: Array<[number, number]> = [];
  for (let p = 0; p < text.length; p++) {
    for (const r of reader.at(p)) {
      for (const s of byFirst.get(r.out[0]) ?? []) {
        if (p < s.next) continue; // inside this pattern's last match
        const end = s.search.at(p);
        if (end > p) {
          spans.push(grow(text, s.pattern, p, end));
          s.next = end;
        }
      }
    }
  }
  return spans;
}

/**
 * Where the tail of `text` that reads as the start of one of `patterns` begins (it may end inside
 * an escape), or -1. The earliest such start, so the whole tail goes.
 */
export function prefixTailStart(text: string, patterns: readonly string[]): number {
  if (patterns.length === 0) return -1;
  const reader = new Reader(text);
  const byFirst = new Map<string, Search[]>();
  let longest = 0;
  for (const pattern of patterns) {
    const core = pattern.trim();
    byFirst.set(core[0], [...(byFirst.get(core[0]) ?? []), new Search(reader, core, true)]);
    longest = Math.max(longest, pattern.length);
  }
  // A character of a pattern spans at most 12 characters of text (`\uD83D\uDE00`, `%F0%9F%98%80`);
  // a whitespace run may be longer, which only makes the tail shorter than it could be.
  for (let p = Math.max(0, text.length - longest * 12 - 64); p < text.length; p++) {
    for (const r of reader.at(p)) {
      for (const search of byFirst.get(r.out[0]) ?? []) {
        if (search.at(p) === text.length) return search.leading ? grow(text, " ", p, p)[0] : p;
      }
    }
  }
  return -1;
}
