/**
 * ServiceAccount lifecycle (DESIGN §4).
 *
 * API calls per operation (counted by the emulator, see handler.test.ts and docs/fleet-scale.md):
 *  - create = register + setup + get + state (see create);
 *  - update = setup (1); + state (2) only when a region is added (or one has no cloudInfo yet):
 *    the setup answer does not carry cloudInfo, and the new region's subnet ids are outputs;
 *  - read (refresh) = the account list, ⌈accounts/100⌉ pages, shared by every account read of the
 *    refresh (`accountReader`); + state for an account only where cloudInfo can have changed (its
 *    regions differ from state, or a region has no cloudInfo yet). What that misses is in the docs:
 *    cloudInfo changed out of band while the regions stay the same is seen at the next regions change;
 *  - delete = deregister (1).
 */
import type { QualysClients } from "../../clients";
import type { ServiceAccountRecord, ServiceAccountsApi } from "../../clients/flexscan/service-accounts";
import { isQualysError, QualysError, errorMessage } from "../../errors";
import { BatchReader } from "../../shared/batch";
import { validate } from "../../shared/check";
import { diffInputs } from "../../shared/diff";
import type { ResourceHandler } from "../../shared/dynamic";
import { canonicalSet } from "../../shared/normalise";
import { publishReminders, remindersFor, warn, warnLowercased } from "../../shared/notices";
import { readerFor } from "../../shared/readers";
import { fromRead, inputsOf, toOutputs, toSetupRequest } from "./mapping";
import {
  REPLACE_ON,
  SET_PROPERTIES,
  serviceAccountInputsSchema,
  TAG_LISTS,
  type ServiceAccountInputs,
  type ServiceAccountOutputs,
} from "./schema";

const LOWERCASED_LISTS = ["regions", "resourceTypes", "vmScanTypes", ...TAG_LISTS] as const;

/** Failures that leave us unsure whether the call ran (the answer was lost). */
function ambiguous(e: unknown): boolean {
  return isQualysError(e) && (e.kind === "network" || e.kind === "timeout" || (e.kind === "server" && e.status !== 503));
}

async function getIfExists(api: ServiceAccountsApi, accountId: string) {
  try {
    return await api.get(accountId);
  } catch (e) {
    if (isQualysError(e, "not-found")) return undefined;
    throw e;
  }
}

/**
 * The account reader of a provider process: every read of a refresh is served by one walk of the
 * list (100 a page), whose items carry everything a read compares except cloudInfo. Eager: the list
 * has no id filter, and one page costs less than the GET + state of a single account.
 */
export function accountReader(clients: QualysClients): BatchReader<string, ServiceAccountRecord> {
  const api = clients.serviceAccounts;
  return readerFor(
    clients,
    "service-account",
    () =>
      new BatchReader<string, ServiceAccountRecord>({
        eager: true,
        fetch: () => Promise.reject(new Error("the account reader is eager")),
        fetchAll: async () => new Map((await api.listAll()).map((a) => [a.accountId, a])),
      }),
  );
}

/** Whether cloudInfo can differ from state's: the regions changed, or a region has no cloudInfo yet. */
export function cloudInfoMayHaveChanged(props: Pick<ServiceAccountOutputs, "regions" | "cloudInfo">, regions: string[]): boolean {
  const known = canonicalSet(props.regions ?? []);
  const now = canonicalSet(regions);
  if (known.length !== now.length || known.some((r, i) => r !== now[i])) return true;
  return now.some((r) => props.cloudInfo?.[r] === undefined);
}

export const serviceAccountHandler: ResourceHandler<ServiceAccountInputs, ServiceAccountOutputs> = {
  type: "ServiceAccount",

  check(_olds, news) {
    const r = validate(serviceAccountInputsSchema, news);
    if (!r.ok) return { inputs: news, failures: r.failures };
    warnLowercased("ServiceAccount", r.value.accountId, news, LOWERCASED_LISTS);
    return { inputs: r.value, failures: [] };
  },

  diff(_id, olds, news) {
    return diffInputs(
      inputsOf(olds),
      news,
      { replaceOn: REPLACE_ON, sets: SET_PROPERTIES, ignore: ["adopt"] },
      {
        // Qualys keys accounts by accountId: with the same id (cloudType changed) the old registration
        // must go before the new one can be made.
        deleteBeforeReplace: (changed) => !changed.includes("accountId"),
      },
    );
  },

  async create(ctx, inputs) {
    const api = ctx.clients().serviceAccounts;
    const { accountId, cloudType } = inputs;
    let adopted = false;
    let registeredAt: string | undefined;
    try {
      registeredAt = (await api.register(accountId, cloudType)).registeredAt ?? undefined;
    } catch (e) {
      if (isQualysError(e, "conflict")) {
        if (!inputs.adopt) {
          throw new QualysError({
            kind: "conflict",
            operation: `register service account ${accountId}`,
            status: e.status,
            qualysText: e.qualysText,
            hint: `the account is already registered in Qualys. To manage it from this stack set \`adopt: true\` (its configuration will be replaced by this resource's inputs), or deregister it first`,
          });
        }
        const existing = await api.get(accountId);
        if (existing.cloudType.toUpperCase() !== cloudType) {
          throw new QualysError({
            kind: "conflict",
            operation: `adopt service account ${accountId}`,
            hint: `it is registered as ${existing.cloudType.toUpperCase()}, not ${cloudType}`,
          });
        }
        adopted = true;
        warn(
          `ServiceAccount ${accountId}: adopted the account already registered in Qualys; its configuration is now managed by this stack.`,
        );
      } else if (ambiguous(e)) {
        // The register may have run before the answer was lost. A bare registration (no regions
        // set up) under this id is ours; anything else is not, and we stop.
        const existing = await getIfExists(api, accountId);
        if (!existing || ((existing.regions ?? []).length > 0 && !inputs.adopt)) throw e;
      } else {
        throw e;
      }
    }

    let setup;
    try {
      setup = await api.setup(toSetupRequest(inputs));
    } catch (e) {
      if (adopted) throw e; // not ours to deregister: leave it as it was
      // Compensation: a registered-but-not-set-up account is half-made. Undo the register so the
      // stack and Qualys agree (nothing in either), and a rerun starts clean.
      try {
        await api.deregister(accountId, cloudType);
      } catch (undo) {
        throw new Error(
          `${errorMessage(e)}. The account was registered but setting it up failed, and deregistering it again also failed (${errorMessage(undo)}): deregister ${accountId} (${cloudType}) in Qualys before running again.`,
        );
      }
      throw new Error(
        `${errorMessage(e)}. The registration was undone (service account deregistered) so nothing is left half-made; fix the cause and run again.`,
      );
    }

    // From here the account exists and is set up: a failed read must not fail the create (the stack
    // would lose track of a live account). Missing details are filled by the next refresh.
    const [record, state] = await Promise.all([
      api
        .get(accountId)
        .catch(
          (e) =>
            void warn(`ServiceAccount ${accountId}: created, but reading it back failed (${errorMessage(e)}); run \`pulumi refresh\`.`),
        ),
      api
        .state(accountId)
        .catch(
          (e) =>
            void warn(`ServiceAccount ${accountId}: created, but reading its state failed (${errorMessage(e)}); run \`pulumi refresh\`.`),
        ),
    ]);
    return {
      id: accountId,
      outs: toOutputs({ inputs, record: record ?? undefined, state: state ?? undefined, setup, registeredAt, cleanupReminders: [] }),
    };
  },

  async read(ctx, id, props) {
    const clients = ctx.clients();
    const record = await accountReader(clients).load(id);
    if (!record) return undefined; // deregistered outside the stack: refresh drops it
    const regions = (record.regions ?? []).map((r) => r.toLowerCase());
    let state;
    if (cloudInfoMayHaveChanged(props, regions)) {
      try {
        state = await clients.serviceAccounts.state(id);
      } catch (e) {
        if (!isQualysError(e, "not-found")) throw e;
        return undefined;
      }
    }
    // Without a state read, the list's `state` and the cloudInfo in state stand (fromRead).
    const outs = fromRead(props, record, state);
    return { id, props: outs, inputs: inputsOf(outs) };
  },

  async update(ctx, id, olds, news) {
    const clients = ctx.clients();
    const api = clients.serviceAccounts;
    const setup = await api.setup(toSetupRequest(news));
    const removed = setup.removedRegions ? canonicalSet(setup.removedRegions) : olds.regions.filter((r) => !news.regions.includes(r));
    const reminders = remindersFor({
      accountId: id,
      cloudType: news.cloudType,
      cloudInfo: olds.cloudInfo,
      regions: removed,
      reason: "region-removed",
      kinds: ["subnet"],
    });
    publishReminders(reminders);
    // Earlier reminders stay while their region is still gone: the subnet is still there to delete.
    const carried = (olds.cleanupReminders ?? []).filter(
      (r) => !news.regions.includes(r.region) && !reminders.some((n) => n.resourceId === r.resourceId),
    );
    // The one extra read an update may need: a region new to the account has cloudInfo (its subnet
    // ids) that only /state reports. Otherwise the outputs follow from the setup answer: removed
    // regions drop out of cloudInfo, and a setup does not change the account's state.
    let state;
    if (cloudInfoMayHaveChanged({ regions: olds.regions.filter((r) => !removed.includes(r)), cloudInfo: olds.cloudInfo }, news.regions)) {
      try {
        state = await api.state(id);
      } catch (e) {
        warn(`ServiceAccount ${id}: updated, but reading its state failed (${errorMessage(e)}); run \`pulumi refresh\`.`);
      }
    }
    const kept = state
      ? undefined
      : Object.fromEntries(Object.entries(olds.cloudInfo ?? {}).filter(([region]) => news.regions.includes(region)));
    return toOutputs({
      inputs: news,
      state,
      setup,
      previous: kept ? { ...olds, cloudInfo: kept } : olds,
      cleanupReminders: [...carried, ...reminders],
    });
  },

  async delete(ctx, id, props) {
    const api = ctx.clients().serviceAccounts;
    try {
      await api.deregister(id, props.cloudType);
    } catch (e) {
      if (isQualysError(e, "not-found")) {
        warn(
          `ServiceAccount ${id}: already deregistered in Qualys; removing it from the stack. Its subnets and VPCs may still exist in ${props.cloudType} ${id}.`,
        );
        return;
      }
      throw e;
    }
    const regions = canonicalSet([...(props.regions ?? []), ...Object.keys(props.cloudInfo ?? {})]);
    publishReminders(
      remindersFor({
        accountId: id,
        cloudType: props.cloudType,
        cloudInfo: props.cloudInfo,
        regions,
        reason: "deregistered",
        kinds: ["subnet", "vpc", "vnet"],
      }),
    );
  },
};
