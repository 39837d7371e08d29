/**
 * What read hands the engine as inputs. Qualys never returns the password, so inputs read back lack
 * it; returned when nothing changed, they made every `pulumi preview --refresh` of a TypeScript stack
 * show `refresh [diff: -password]` (the engine compares the stack's inputs, which hold the password,
 * with them). Read returns inputs only when Qualys differs from state, and for an import.
 */
import { controlOk } from "../../../tests/helpers/emulator-client";
import { useHarness } from "../../../tests/helpers/provider-harness";
import { nsxAuthRecordHandler as h } from "./handler";
import type { NsxAuthRecordInputs } from "./schema";

const H = useHarness();

function inputs(raw: Record<string, unknown>): NsxAuthRecordInputs {
  const r = h.check({}, raw);
  expect(r.failures).toEqual([]);
  return r.inputs as NsxAuthRecordInputs;
}

const BASIC = {
  title: "NSX read inputs",
  ips: ["10.20.0.10", "10.20.0.11-10.20.0.12"],
  username: "svc",
  password: "Read-Inputs-Pa55word!",
  port: 443,
};

test("unchanged record: no inputs (the engine keeps the stack's, password included)", async () => {
  const { id, outs } = await h.create(H.ctx, inputs(BASIC));
  const r = await h.read(H.ctx, id, outs);
  expect(r?.props).toEqual(outs);
  expect(r).not.toHaveProperty("inputs");
});

test("drift in an observable field: the inputs as Qualys has them, without the password", async () => {
  const { id, outs } = await h.create(H.ctx, inputs(BASIC));
  await controlOk(H.emu, "PATCH", `nsx/${id}`, { ips: ["10.9.9.9"] });
  const r = await h.read(H.ctx, id, outs);
  expect(r?.inputs).toMatchObject({ title: "NSX read inputs", ips: ["10.9.9.9"], port: 443 });
  expect(r?.inputs).not.toHaveProperty("password");
});

test("import (no state): the inputs Qualys reports", async () => {
  const { id } = await h.create(H.ctx, inputs(BASIC));
  const r = await h.read(H.ctx, id, {} as never);
  expect(r?.inputs).toMatchObject({ title: "NSX read inputs", ips: ["10.20.0.10-10.20.0.12"] });
});
