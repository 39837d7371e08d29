/**
 * ServiceAccount lifecycle (DESIGN §4).
 *
 * API calls per operation (counted by the emulator, see bench/): create = register + setup + get +
 * state (4); update = setup + state (2); read = get + state (2); delete = deregister (1).
 */
import type { ServiceAccountsApi } from "../../clients/flexscan/service-accounts";
import { isQualysError, QualysError, errorMessage, unlessNotFound } from "../../errors";
import { validate } from "../../shared/check";
import { diffInputs } from "../../shared/diff";
import type { ResourceHandler } from "../../shared/dynamic";
import { canonicalSet } from "../../shared/normalise";
import { publishReminders, remindersFor, warn, warnLowercased } from "../../shared/notices";
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

function getIfExists(api: ServiceAccountsApi, accountId: string) {
  return unlessNotFound(() => api.get(accountId));
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
    const api = ctx.clients().serviceAccounts;
    const record = await getIfExists(api, id);
    if (!record) return undefined; // deregistered outside the stack: refresh drops it
    let state;
    try {
      state = await api.state(id);
    } catch (e) {
      if (!isQualysError(e, "not-found")) throw e;
      return undefined;
    }
    const outs = fromRead(props, record, state);
    return { id, props: outs, inputs: inputsOf(outs) };
  },

  async update(ctx, id, olds, news) {
    const api = ctx.clients().serviceAccounts;
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
    let state;
    try {
      state = await api.state(id);
    } catch (e) {
      warn(`ServiceAccount ${id}: updated, but reading its state failed (${errorMessage(e)}); run \`pulumi refresh\`.`);
    }
    return toOutputs({ inputs: news, state, setup, previous: olds, cleanupReminders: [...carried, ...reminders] });
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
