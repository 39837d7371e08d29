/**
 * The dynamic-provider bridge is the one place that strips the engine's `__provider` key: no handler,
 * diff or schema has to know about it.
 */
import type { ResourceHandler } from "./dynamic";
import { dynamicProvider } from "./dynamic";

test("__provider never reaches a handler, in any operation", async () => {
  const seen: Array<[string, Record<string, unknown>]> = [];
  const see = (op: string, ...bags: unknown[]) => {
    for (const b of bags) seen.push([op, b as Record<string, unknown>]);
  };
  const handler: ResourceHandler<Record<string, unknown>, Record<string, unknown>> = {
    type: "Probe",
    check: (olds, news) => (see("check", olds, news), { inputs: news, failures: [] }),
    diff: (_id, olds, news) => (
      see("diff", olds, news),
      { changes: false, replaces: [], stables: [], deleteBeforeReplace: false, changed: [] }
    ),
    create: async (_ctx, inputs) => (see("create", inputs), { id: "1", outs: inputs }),
    read: async (_ctx, id, props) => (see("read", props), { id, props }),
    update: async (_ctx, _id, olds, news) => (see("update", olds, news), news),
    delete: async (_ctx, _id, props) => void see("delete", props),
  };
  const p = dynamicProvider(handler);
  const bag = { a: 1, __provider: 'require("pulumi-qualys/dynamic/probe")' };
  await p.check!(bag, bag);
  await p.diff!("1", bag, bag);
  await p.create(bag);
  await p.read!("1", bag);
  await p.update!("1", bag, bag);
  await p.delete!("1", bag);
  expect(seen.map(([op]) => op)).toEqual(["check", "check", "diff", "diff", "create", "read", "update", "update", "delete"]);
  for (const [, b] of seen) expect(b).toEqual({ a: 1 });
});
