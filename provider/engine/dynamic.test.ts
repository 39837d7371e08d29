/**
 * The dynamic-provider bridge is the one place that strips the engine's `__provider` key: no handler,
 * diff or schema has to know about it.
 */
import type { ResourceHandler } from "./handler";
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

test("a pending create fails with its id and properties plus the `__provider` the engine sent, so refresh and destroy can load the module", async () => {
  const { pendingCreate } = await import("../shared/lost-answer");
  const handler = {
    type: "Probe",
    check: (_o: Record<string, unknown>, news: Record<string, unknown>) => ({ inputs: news, failures: [] }),
    diff: () => ({ changes: false, replaces: [], stables: [], deleteBeforeReplace: false, changed: [] }),
    create: () => Promise.reject(pendingCreate("pending-1", { a: 1 }, "lost")),
    read: () => Promise.resolve(undefined),
    update: () => Promise.reject(new Error("no")),
    delete: () => Promise.resolve(),
  } satisfies ResourceHandler<Record<string, unknown>, Record<string, unknown>>;
  const ref = 'require("pulumi-qualys/dynamic/probe")';
  const err = (await dynamicProvider(handler)
    .create({ a: 1, __provider: ref })
    .catch((e: unknown) => e)) as Error & { id: string; properties: Record<string, unknown> };
  expect(err.message).toBe("lost");
  expect(err.id).toBe("pending-1");
  expect(err.properties).toEqual({ a: 1, __provider: ref });
});
