/**
 * Test harness for provider ↔ emulator tests: a real emulator on 127.0.0.1 port 0 and handler
 * contexts whose clients talk to it over real HTTP (no request mocks). Retries wait for real, but
 * the emulator's waits are one second at most, so tests use `sleep` overrides only where they
 * count waits.
 */
import { QualysClients } from "../../provider/clients";
import type { TransportEvent, TransportOptions } from "../../provider/clients/transport";
import type { HandlerContext } from "../../provider/engine/handler";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../emulator";
import { controlOk } from "./emulator-client";

export interface Harness {
  emu: Emulator;
  ctx: HandlerContext;
  clients: QualysClients;
  events: TransportEvent[];
  sleeps: number[];
  /** A context for another tenant or credentials. */
  contextFor(env: Record<string, string>, options?: TransportOptions): HandlerContext;
  close(): Promise<void>;
}

export function emulatorEnv(emu: Emulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    QUALYS_API_URL: emu.url,
    QUALYS_GATEWAY_URL: emu.url,
    QUALYS_PORTAL_URL: emu.url,
    QUALYS_TOKEN: "emulator-token-acme",
    ...extra,
  };
}

export async function startHarness(options: EmulatorOptions = {}): Promise<Harness> {
  const emu = await startEmulator(options);
  const events: TransportEvent[] = [];
  const sleeps: number[] = [];
  const opened: QualysClients[] = [];
  const make = (env: Record<string, string>, extra: TransportOptions = {}) => {
    const c = QualysClients.fromSources(
      { env },
      {
        onEvent: (e) => events.push(e),
        // Record the wait the policy chose, but wait only briefly: tests check the decision, not the clock.
        sleep: async (ms) => {
          sleeps.push(ms);
          await new Promise((r) => setTimeout(r, Math.min(ms, 5)));
        },
        random: () => 0.5,
        ...extra,
      },
    );
    opened.push(c);
    return c;
  };
  const clients = make(emulatorEnv(emu));
  return {
    emu,
    clients,
    ctx: { clients: () => clients },
    events,
    sleeps,
    contextFor: (env, extra) => {
      const c = make(env, extra);
      return { clients: () => c };
    },
    close: async () => {
      await Promise.all(opened.map((c) => c.close()));
      await emu.close();
    },
  };
}

/** A harness as the tests see it: the running test's {@link Harness} plus the console warnings it printed. */
export interface LiveHarness extends Omit<Harness, "close"> {
  /**
   * Every `console.warn` message of the running test (the console itself stays quiet). One array
   * for the whole file, emptied before each test, so it may be destructured once.
   */
  readonly warnings: string[];
}

/**
 * Registers the hooks that start a harness before each test (and capture `console.warn` into
 * `warnings`) and, after it, restore every jest mock and close the harness. The returned object
 * reads through to the running test's harness, so use it only inside tests and hooks.
 */
export function useHarness(options: EmulatorOptions = {}): LiveHarness {
  let current: Harness | undefined;
  const warnings: string[] = [];
  beforeEach(async () => {
    current = await startHarness(options);
    warnings.length = 0;
    jest.spyOn(console, "warn").mockImplementation((m: string) => void warnings.push(String(m)));
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    const h = current;
    current = undefined;
    await h?.close();
  });
  const running = (): Harness => {
    if (!current) throw new Error("useHarness: the harness runs only inside tests and hooks");
    return current;
  };
  return {
    get emu() {
      return running().emu;
    },
    get ctx() {
      return running().ctx;
    },
    get clients() {
      return running().clients;
    },
    get events() {
      return running().events;
    },
    get sleeps() {
      return running().sleeps;
    },
    warnings,
    contextFor: (env, extra) => running().contextFor(env, extra),
  };
}

/**
 * What a TargetAccount create needs in Qualys first: a registered AWS organisation `parent` (set up
 * for `regions`) under which Qualys has discovered `target`.
 */
export async function discoveredTarget(
  h: Pick<Harness, "clients" | "emu">,
  parent: string,
  target: string,
  regions: string[] = ["us-east-1", "us-west-2"],
): Promise<void> {
  await h.clients.serviceAccounts.register(parent, "AWS");
  await h.clients.serviceAccounts.setup({ accountId: parent, regions });
  await controlOk(h.emu, "POST", `service-accounts/${parent}/discovered-targets`, [target]);
}
