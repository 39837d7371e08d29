/**
 * Seeded chaos: every API call (never a control call) fails with probability `probability`, with a
 * kind drawn uniformly from every fault kind the emulator has. Used to prove that whole stacks
 * converge under the failures Qualys really produces (tests/chaos, `make soak`).
 *
 * Deterministic per seed, and independent of the order parallel calls arrive in: the decision for a
 * call is drawn from a PRNG (mulberry32) seeded by a hash of (seed, method, path, query, body, how many
 * identical calls came before). The same program run against the same seed meets the same faults
 * on the same calls, even though Pulumi runs resources in parallel; a retry is a new occurrence, so
 * it draws again.
 */
import { z } from "zod";
import type { FaultSpec } from "./faults";

/**
 * The kinds. `*-after` run the real handler first: the call took effect and its answer is lost —
 * the cases a provider must recover from without duplicating anything. `timeout-after` answers
 * only after `timeoutMs`, which must exceed the client's request timeout.
 */
export const CHAOS_KINDS = [
  "409-1960",
  "409-1965",
  "429",
  "500",
  "502",
  "503",
  "504",
  "slow",
  "cut-before",
  "cut-after",
  "5xx-after",
  "timeout-after",
] as const;
export type ChaosKind = (typeof CHAOS_KINDS)[number];

export const chaosConfigSchema = z
  .object({
    seed: z.number().int().min(0).max(0xffffffff),
    probability: z.number().min(0).max(1),
    /** Default: every kind. */
    kinds: z.array(z.enum(CHAOS_KINDS)).min(1).optional(),
    /** Sent as X-RateLimit-ToWait-Sec / Retry-After / SECONDS_TO_WAIT on 409/1960, 409/1965, 429, 503. */
    waitSeconds: z.number().int().min(0).max(60).default(0),
    /** `slow`: the delay before the handler runs (below the client's timeout). */
    slowMs: z.number().int().min(0).max(60_000).default(200),
    /** `timeout-after`: the delay after the handler ran (above the client's timeout). */
    timeoutMs: z.number().int().min(0).max(600_000).default(1500),
  })
  .strict();

export type ChaosConfig = z.output<typeof chaosConfigSchema>;
export type ChaosOptions = z.input<typeof chaosConfigSchema>;

export interface ChaosStats {
  enabled: boolean;
  config?: ChaosConfig;
  /** API calls chaos saw (faulted or not). */
  calls: number;
  /** Faults injected, in total and per kind (every kind listed, 0 included). */
  faults: number;
  byKind: Record<ChaosKind, number>;
}

/** mulberry32: a small, well-mixed 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the UTF-16 code units: enough mixing to seed mulberry32 per call. */
function fnv1a(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function emptyCounts(): Record<ChaosKind, number> {
  return Object.fromEntries(CHAOS_KINDS.map((k) => [k, 0])) as Record<ChaosKind, number>;
}

export class Chaos {
  private config?: ChaosConfig;
  private occurrences = new Map<string, number>();
  private calls = 0;
  private byKind = emptyCounts();

  /** Turn chaos on (validated; throws naming the field) and restart its counters. */
  enable(options: unknown): ChaosConfig {
    const r = chaosConfigSchema.safeParse(options);
    if (!r.success) throw new Error(r.error.issues.map((x) => `${x.path.join(".") || "(chaos)"}: ${x.message}`).join("; "));
    this.config = r.data;
    this.occurrences.clear();
    this.calls = 0;
    this.byKind = emptyCounts();
    return r.data;
  }

  /** Turn chaos off; the counters stay readable until the next `enable`. */
  disable(): void {
    this.config = undefined;
  }

  stats(): ChaosStats {
    const faults = Object.values(this.byKind).reduce((a, b) => a + b, 0);
    return { enabled: this.config !== undefined, config: this.config, calls: this.calls, faults, byKind: { ...this.byKind } };
  }

  /** The fault for this API call, or undefined (chaos off, or the draw said no). */
  decide(call: { method: string; path: string; query: string; body: string }): { kind: ChaosKind; fault: FaultSpec } | undefined {
    const c = this.config;
    if (!c) return undefined;
    this.calls++;
    const key = `${call.method} ${call.path}?${call.query}\n${call.body}`;
    const n = (this.occurrences.get(key) ?? 0) + 1;
    this.occurrences.set(key, n);
    const random = mulberry32(fnv1a(`${n}\n${key}`, c.seed));
    if (random() >= c.probability) return undefined;
    const kinds = c.kinds ?? CHAOS_KINDS;
    const kind = kinds[Math.floor(random() * kinds.length)];
    this.byKind[kind]++;
    return { kind, fault: faultFor(kind, c, random) };
  }
}

function faultFor(kind: ChaosKind, c: ChaosConfig, random: () => number): FaultSpec {
  const wait = c.waitSeconds;
  switch (kind) {
    case "409-1960":
      return { status: 409, qualysCode: "1960", waitSeconds: wait };
    case "409-1965":
      return { status: 409, qualysCode: "1965", waitSeconds: wait };
    case "429":
      return { status: 429, waitSeconds: wait };
    case "503":
      return { status: 503, waitSeconds: wait };
    case "500":
    case "502":
    case "504":
      return { status: Number(kind) };
    case "slow":
      return { delayMs: c.slowMs };
    case "cut-before":
      return { cut: true };
    case "cut-after":
      return { cut: true, afterHandler: true };
    case "5xx-after":
      // A 503 means "not taken", so the lost-answer 5xx are the ones that can follow execution.
      return { status: [500, 502, 504][Math.floor(random() * 3)], afterHandler: true };
    case "timeout-after":
      return { delayMs: c.timeoutMs, afterHandler: true };
  }
}
