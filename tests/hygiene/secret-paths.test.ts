/**
 * No secret in any output, provider side (the CLI side is tests/e2e/secret-hygiene): a server that
 * echoes the NSX password or the token back, in every encoding, unencoded `&` included, reaches the
 * user only redacted, through the dynamic provider's own error path. Diffs name properties, never
 * values. The secret has `&`, `+`, `=`, `%` and a space.
 */
import type * as pulumi from "@pulumi/pulumi";
import { spellingsOf } from "../../provider/shared/redact";
import { emulatorEnv, useHarness } from "../helpers/provider-harness";
import nsx = require("../../provider/dynamic/nsx-auth-record");

const H = useHarness();
const HOSTILE = "P&ss+w=rd% 1x";
const HOSTILE_TOKEN = "T0k&n+w=rd% 2y-emulator";
const NSX = { title: "NSX Manager", ips: ["10.20.0.10"], username: "svc-qualys", password: HOSTILE };

async function configured(token: string): Promise<pulumi.dynamic.ResourceProvider> {
  const env = emulatorEnv(H.emu);
  const stack: Record<string, string> = { "qualys:apiUrl": env.QUALYS_API_URL, "qualys:token": token };
  await nsx.configure?.({ config: { get: (k: string) => stack[k] } } as unknown as pulumi.dynamic.ConfigureRequest);
  return nsx;
}

/** Every spelling of `secret`, one after the other, as a careless server would echo them. */
function echo(secret: string): string {
  return `password=${secret}&next=1 raw=${secret} ${spellingsOf(secret).join(" | ")}`;
}

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return `${String(e)}\n${(e as Error).stack ?? ""}`;
  }
  throw new Error("expected a failure");
}

test("an error echoing the NSX password in every spelling (and unencoded after password=) is redacted", async () => {
  const p = await configured("emulator-token-acme");
  const checked = await p.check!({}, NSX);
  // Code 999 (internal error) may have run, so the create is repeated once (docs/failure-model.md):
  // both attempts answer with the echo.
  H.emu.faults.add({ path: "/api/3.0/fo/auth/nsx/", action: "create", status: 400, qualysCode: "999", message: echo(HOSTILE), times: 2 });
  const text = await failure(p.create(checked.inputs));
  expect(text).toMatch(/\[REDACTED\]/);
  for (const s of spellingsOf(HOSTILE)) expect(text).not.toContain(s);
  for (const fragment of ["ss+w", "rd%", "ss%2B"]) expect(text).not.toContain(fragment);
});

test("an error echoing the token is redacted (token from stack config, registered when the config is read)", async () => {
  H.emu.registry.addStaticToken("acme", HOSTILE_TOKEN);
  const p = await configured(HOSTILE_TOKEN);
  const checked = await p.check!({}, { ...NSX, password: "Harmless-Pa55word" });
  H.emu.faults.add({
    path: "/api/3.0/fo/auth/nsx/",
    action: "create",
    status: 400,
    qualysCode: "999",
    message: echo(HOSTILE_TOKEN),
    times: 2, // the create is repeated once after a 999, as above
  });
  const text = await failure(p.create(checked.inputs));
  for (const s of spellingsOf(HOSTILE_TOKEN)) expect(text).not.toContain(s);
});

test("a password change shows in the diff by name only, never by value", async () => {
  const p = await configured("emulator-token-acme");
  const checked = await p.check!({}, NSX);
  const created = await p.create(checked.inputs);
  const next = await p.check!(created.outs, { ...NSX, password: `${HOSTILE}-2` });
  const d = await p.diff!(created.id, created.outs, next.inputs);
  expect(d.changes).toBe(true);
  const text = JSON.stringify(d) + JSON.stringify(created.outs);
  for (const s of [...spellingsOf(HOSTILE), ...spellingsOf(`${HOSTILE}-2`)]) expect(text).not.toContain(s);
});
