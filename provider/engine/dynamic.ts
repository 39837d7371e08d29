/**
 * The bridge between a resource definition and Pulumi's dynamic-provider protocol: it translates the
 * protocol to and from the engine core's calls (provider/engine/core.ts), which holds every rule the
 * native plugin shares.
 *
 * Each resource module (provider/dynamic/<name>.ts) does `export = dynamicProvider(definition)`, so the
 * object Pulumi serialises as `__provider` is that module itself and the state holds a one-line
 * `require("pulumi-qualys/dynamic/<name>")`: no closure, no secret, and a package upgrade fixes
 * existing resources. `__provider` is the one key of this protocol the core never sees: it is
 * stripped here from everything the engine sends, and added back to a pending create's properties.
 *
 * Credentials arrive through `configure(req)` (stack config `qualys:*`, decrypted by the engine) and
 * the environment. Modules with the same effective configuration share one client set
 * (`QualysClients.shared`), so a mixed stack keeps `maxConcurrency` calls in flight per API in all.
 * The dynamic provider is not told the URN: the one-owner rule for natural keys is the TypeScript
 * SDK's (sdk/ownership.ts), and the inputs a URN hook fills are set by the SDK class.
 */
import type * as pulumi from "@pulumi/pulumi";
import { QualysClients } from "../clients";
import { SETTINGS } from "../config";
import { Engine, isPending } from "./core";
import type { EngineResource, ResourceHandler } from "./handler";

type Props = Record<string, unknown>;

/** Strip the engine's bookkeeping keys from what the core sees: the one place `__provider` is removed. */
function clean(props: unknown): Props {
  const { __provider: _p, ...rest } = (props ?? {}) as Props;
  return rest;
}

/**
 * A pending create's error goes back with the `__provider` the engine sent: the engine stores the
 * error's properties as the resource's outputs, and the dynamic provider finds its code for
 * read/delete in the outputs' `__provider`, which it adds itself only on success. Without it, refresh
 * and destroy of the pending resource could not load the provider.
 */
async function keepingProvider<T>(op: Promise<T>, sent: unknown): Promise<T> {
  try {
    return await op;
  } catch (e) {
    const providerRef = (sent as Props | undefined)?.__provider;
    if (isPending(e) && providerRef !== undefined) e.properties = { ...e.properties, __provider: providerRef };
    throw e;
  }
}

/**
 * `resource`: a resource definition (provider/resources/define.ts), whose secret inputs, APIs and
 * hooks come with it, or a bare handler (tests), which has none.
 */
export function dynamicProvider<I, O>(resource: ResourceHandler<I, O> | EngineResource<I, O>): pulumi.dynamic.ResourceProvider {
  const served = ("handler" in resource ? resource : { handler: resource }) as unknown as EngineResource;
  // Shared with every other resource module of this process that has the same configuration
  // (one limiter per API host, one set of readers).
  const core = new Engine({ clients: (sources) => QualysClients.shared(sources) });
  return {
    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
      core.configure(Object.fromEntries(Object.values(SETTINGS).map((s) => [s.key, req.config.get(s.key)])));
    },
    async check(olds, news) {
      return core.check(served, clean(olds), clean(news));
    },
    async diff(id, olds, news) {
      const d = core.diff(served, id, clean(olds), clean(news));
      return { changes: d.changes, replaces: d.replaces, stables: d.stables, deleteBeforeReplace: d.deleteBeforeReplace };
    },
    create: (inputs) => keepingProvider(core.create(served, clean(inputs)), inputs),
    // An empty id tells the engine the object is gone (refresh drops it from the stack).
    read: async (id, props) => (await core.read(served, id, clean(props))) ?? { id: "", props: {} },
    update: async (id, olds, news) => ({ outs: await keepingProvider(core.update(served, id, clean(olds), clean(news)), news) }),
    delete: (id, props) => core.delete(served, id, clean(props)),
  };
}
