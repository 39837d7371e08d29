/**
 * Test harness for provider ↔ emulator tests: a real emulator on 127.0.0.1 port 0 and handler
 * contexts whose clients talk to it over real HTTP (no request mocks). Retries wait for real, but
 * the emulator's waits are one second at most, so tests use `sleep` overrides only where they
 * count waits.
 */
import { QualysClients } from "../../provider/clients";
import type { TransportEvent, TransportOptions } from "../../provider/clients/transport";
import type { HandlerContext } from "../../provider/shared/dynamic";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../emulator";

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
  return { QUALYS_API_URL: emu.url, QUALYS_GATEWAY_URL: emu.url, QUALYS_PORTAL_URL: emu.url, QUALYS_TOKEN: "emulator-token-acme", ...extra };
}

export async function startHarness(options: EmulatorOptions = {}): Promise<Harness> {
  const emu = await startEmulator(options);
  const events: TransportEvent[] = [];
  const sleeps: number[] = [];
  const opened: QualysClients[] = [];
  const make = (env: Record<string, string>, extra: TransportOptions = {}) => {
    const c = QualysClients.fromSources({ env }, {
      onEvent: (e) => events.push(e),
      // Record the wait the policy chose, but wait only briefly: tests check the decision, not the clock.
      sleep: async (ms) => {
        sleeps.push(ms);
        await new Promise((r) => setTimeout(r, Math.min(ms, 5)));
      },
      random: () => 0.5,
      ...extra,
    });
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
