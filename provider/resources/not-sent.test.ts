/**
 * A create whose connection failed before any byte of the request was sent — nothing listening at
 * the port, a host name that does not resolve, a TLS handshake that fails — cannot have run in
 * Qualys: it is a plain error that names the URL setting to check, never a pending create (an
 * error carrying the object's id, which the engine would keep in state as a half-made resource).
 *
 * Over real sockets for each resource: a closed loopback port, a `.invalid` host (RFC 2606: never
 * resolves, no network needed) and https:// spoken to the plain-HTTP emulator. The emulator's call
 * counter proves nothing reached it; then the same create, with the right URL, makes exactly one
 * object.
 */
import { API_SETTING, SETTINGS } from "../config";
import { isQualysError } from "../errors";
import type { ResourceHandler } from "../engine/handler";
import { emulatorEnv, useHarness } from "../../tests/helpers/provider-harness";
import { closedPort } from "../../tests/helpers/sockets";
import { testQualys } from "../../tests/helpers/test-kit";
import { RESOURCES } from ".";

const H = useHarness();

type Failure = "refused" | "dns" | "tls";
const FAILURES: Record<Failure, { url: () => Promise<string>; says: RegExp }> = {
  refused: { url: async () => `http://127.0.0.1:${await closedPort()}`, says: /connection was refused.*ECONNREFUSED/ },
  dns: { url: async () => "https://qualys-gateway.invalid", says: /host name did not resolve.*ENOTFOUND/ },
  tls: { url: async () => H.emu.url.replace("http://", "https://"), says: /TLS handshake failed/ },
};

const table: string[] = [];
afterAll(() => console.log(`pre-send failures (no pending create, 0 calls at the emulator):\n${table.join("\n")}`));

describe.each(RESOURCES.map((r) => [r.name, r] as const))("%s", (name, def) => {
  test.each(Object.keys(FAILURES) as Failure[])(
    "%s before the request was sent: a plain error naming the setting, no pending create",
    async (kind) => {
      const handler = def.handler as ResourceHandler<unknown, unknown>;
      // The URL setting of the API the resource writes to, which the error must name.
      const setting = SETTINGS[API_SETTING[def.apis[0]]];
      await def.testKit.arrange(testQualys(H));
      const r = handler.check({}, def.testKit.sampleInputs("not sent"));
      expect(r.failures).toEqual([]);
      const bad = await FAILURES[kind].url();
      const ctx = H.contextFor(
        emulatorEnv(H.emu, { QUALYS_API_URL: bad, QUALYS_GATEWAY_URL: bad, QUALYS_PORTAL_URL: bad, QUALYS_MAX_ATTEMPTS: "2" }),
      );
      H.emu.resetCalls();

      let caught: unknown;
      try {
        await handler.create(ctx, r.inputs);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeDefined();
      // A pending create is an error carrying the object's id (shared/lost-answer.ts pendingCreate).
      expect((caught as { id?: unknown }).id).toBeUndefined();
      expect(isQualysError(caught)).toBe(true);
      const message = (caught as Error).message;
      expect(message).toMatch(FAILURES[kind].says);
      expect(message).toContain(`\`${setting.key}\` (stack config) or ${setting.env} (environment)`);
      expect(message).not.toMatch(/may still|lost|pending|unknown outcome/i);
      expect(H.emu.totalCalls()).toBe(0);

      // With the right URL, the same create makes exactly one object.
      const made = await handler.create(H.ctx, r.inputs);
      expect(made.id).not.toBe("");
      table.push(`  ${name.padEnd(20)} ${kind.padEnd(8)} plain error, 0 calls; next create: id ${made.id}`);
    },
  );
});
