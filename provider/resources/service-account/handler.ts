/**
 * ServiceAccount lifecycle (docs/service-account.md).
 *
 * API calls per operation (counted by the emulator, see handler.test.ts and docs/fleet-scale.md):
 *  - create = register + setup + get + state (4). The GET is the one read beyond the minimum of 3:
 *    connectorUuid and portalUuid are outputs that only GET returns (register answers
 *    accountId/status/registeredAt, setup the configuration, /state the cloudInfo). Without it they
 *    would appear at the first refresh, and a nightly `preview --refresh --expect-no-changes` would
 *    report a change after every create;
 *  - update = setup (1); + state (2) only when a region is added (or one has no cloudInfo yet):
 *    the setup answer does not carry cloudInfo, and the new region's subnet ids are outputs;
 *  - read (refresh) = the account list, ⌈accounts/100⌉ pages, shared by every account read of the
 *    refresh (`accountReader`); + state for an account only where cloudInfo can have changed (its
 *    regions differ from state, or a region has no cloudInfo yet). What that misses is in the docs:
 *    cloudInfo changed out of band while the regions stay the same is seen at the next regions change;
 *  - delete = deregister (1); after a lost answer, GETs until it is gone: ONE when the answer was
 *    Qualys's own 500 (+1), for one request timeout after a timeout, a cut connection or a
 *    gateway's 502/504 (+1…n); the deregister again only if it is still there (shared/lost-delete.ts).
 *
 * A register whose answer is lost (docs/failure-model.md): Qualys keys accounts by accountId and
 * refuses a second register (409), so the question is only whether the registration that is (or
 * will be) there is ours. It is ours when it shows up bare (no regions set up) in the GETs made
 * right after our lost register, polled for one request timeout because Qualys may still be
 * registering it (+1…n GETs, failure path only). If it has not shown up by then, the register is
 * sent once more (+1), which is safe for the same reason: it registers the account (the first
 * never ran), or answers 409 because the first landed late, and then one GET (+1) takes that
 * registration as if it had shown up. If the repeat's answer is lost too (or it fails otherwise, or
 * that GET does), the create fails as a *pending create* with id = accountId (shared/lost-answer.ts):
 * the engine keeps it in state and the next `up` calls `update`, which registers it if it is still
 * missing, or takes the registration that appeared in the meantime, then sets it up. A registration
 * that already had regions is someone else's: it gets today's "already registered … adopt: true" error.
 */
import type { QualysClients } from "../../clients";
import type { ServiceAccountRecord, ServiceAccountsApi } from "../../clients/flexscan/service-accounts";
import { isQualysError, QualysError, errorMessage, unlessNotFound } from "../../errors";
import { BatchReader } from "../../shared/batch";
import { validate } from "../../shared/check";
import { diffInputs } from "../../shared/diff";
import type { ResourceHandler } from "../../engine/handler";
import { canonicalSet } from "../../shared/normalise";
import { ambiguous, pendingCreate, pollFor, settledByQualys, type PendingCreate } from "../../shared/lost-answer";
import { deleteConfirmed } from "../../shared/lost-delete";
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

function getIfExists(api: ServiceAccountsApi, accountId: string) {
  return unlessNotFound(() => api.get(accountId));
}

type Outputs = ServiceAccountOutputs & { pendingCreate?: PendingCreate };

function alreadyRegistered(accountId: string, e?: QualysError): QualysError {
  return new QualysError({
    kind: "conflict",
    operation: `register service account ${accountId}`,
    status: e?.status,
    qualysText: e?.qualysText,
    hint: `the account is already registered in Qualys. Qualys keeps no owner mark on an account, so check that no other stack manages it: if none does, set \`adopt: true\` to manage it from this stack (its configuration will be replaced by this resource's inputs), or deregister it first`,
  });
}

function otherCloud(accountId: string, registeredAs: string, cloudType: string): QualysError {
  return new QualysError({
    kind: "conflict",
    operation: `adopt service account ${accountId}`,
    hint: `it is registered as ${registeredAs.toUpperCase()}, not ${cloudType}`,
  });
}

/** What a pending create keeps in state until an `update` finishes it. */
function pendingOutputs(inputs: ServiceAccountInputs, e: unknown): Outputs {
  return {
    ...toOutputs({ inputs, cleanupReminders: [] }),
    state: "PENDING",
    pendingCreate: { since: new Date().toISOString(), reason: errorMessage(e) },
  };
}

/** The register's answer was lost and the registration has not shown up yet: finish on the next `up`. */
function pendingRegistration(inputs: ServiceAccountInputs, e: unknown): Error {
  return pendingCreate(
    inputs.accountId,
    pendingOutputs(inputs, e),
    `${errorMessage(e)}. Qualys may still be registering service account ${inputs.accountId}: it is kept in the stack as pending, and the next \`pulumi up\` finishes the create (it registers the account if it is still missing, or takes the registration that appeared, then sets it up).`,
  );
}

/**
 * Set up a registration this resource just made (or adopted), then read it back. A setup that fails
 * undoes a registration we made, so nothing is left half-made.
 */
async function setUpNew(
  api: ServiceAccountsApi,
  inputs: ServiceAccountInputs,
  opts: { adopted: boolean; registeredAt?: string },
): Promise<ServiceAccountOutputs> {
  const { accountId, cloudType } = inputs;
  let setup;
  try {
    setup = await api.setup(toSetupRequest(inputs));
  } catch (e) {
    if (opts.adopted) throw e; // not ours to deregister: leave it as it was
    // Compensation: a registered-but-not-set-up account is half-made. Undo the register so the
    // stack and Qualys agree (nothing in either), and a rerun starts clean.
    try {
      await api.deregister(accountId, cloudType);
    } catch (undo) {
      // The registration this resource made may still be there: kept in the stack as pending, so the
      // next `up` finishes it. Failing plainly would drop it from the stack, and the rerun's register
      // would meet it as "already registered … adopt: true".
      throw pendingCreate(
        accountId,
        pendingOutputs(inputs, e),
        `${errorMessage(e)}. The account was registered but setting it up failed, and deregistering it again also failed (${errorMessage(undo)}): it is kept in the stack as pending, and the next \`pulumi up\` finishes the create (it sets the account up, or registers it again if the deregister did run).`,
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
        (e) => void warn(`ServiceAccount ${accountId}: created, but reading it back failed (${errorMessage(e)}); run \`pulumi refresh\`.`),
      ),
    api
      .state(accountId)
      .catch(
        (e) =>
          void warn(`ServiceAccount ${accountId}: created, but reading its state failed (${errorMessage(e)}); run \`pulumi refresh\`.`),
      ),
  ]);
  return toOutputs({
    inputs,
    record: record ?? undefined,
    state: state ?? undefined,
    setup,
    registeredAt: opts.registeredAt,
    cleanupReminders: [],
  });
}

/**
 * The next `up` after a pending create (see the header): the state records that this resource sent
 * the register, so the registration that is there now is ours. Register it if it is still missing.
 */
async function finishPendingCreate(api: ServiceAccountsApi, inputs: ServiceAccountInputs): Promise<ServiceAccountOutputs> {
  const { accountId, cloudType } = inputs;
  let existing = await getIfExists(api, accountId);
  let registeredAt = existing?.createdAt ?? undefined;
  if (!existing) {
    try {
      registeredAt = (await api.register(accountId, cloudType)).registeredAt ?? undefined;
    } catch (e) {
      if (isQualysError(e, "conflict"))
        existing = await api.get(accountId); // it landed just now: ours
      else if (ambiguous(e)) throw pendingRegistration(inputs, e);
      else throw e;
    }
  }
  if (existing && existing.cloudType.toUpperCase() !== cloudType) throw otherCloud(accountId, existing.cloudType, cloudType);
  return setUpNew(api, inputs, { adopted: false, registeredAt });
}

/**
 * The register's answer was lost (see the header): it may have run, may still be running, or never
 * ran. Look until it shows up (one request timeout). If it has not, register once more: Qualys
 * refuses a second register of the same account (409), so the repeat cannot make a second one. It
 * registers the account (the first never ran), or meets the first one that landed late (409: take
 * it as if it had shown up). Anything else, the repeat's answer lost too included, leaves the
 * outcome unknown: a pending create, as the next `up` can still find out.
 * A bare registration (no regions set up) is ours; one with regions is not, and stops with the
 * "already registered" error unless `adopt` is set.
 */
async function afterLostRegister(
  api: ServiceAccountsApi,
  inputs: ServiceAccountInputs,
  timeoutMs: number,
): Promise<{ adopted: boolean; registeredAt?: string }> {
  const { accountId, cloudType } = inputs;
  let existing: ServiceAccountRecord | undefined;
  try {
    existing = await pollFor(() => getIfExists(api, accountId), timeoutMs);
  } catch {
    existing = undefined; // unknown as well: the repeat below tells
  }
  if (!existing) {
    try {
      const again = await api.register(accountId, cloudType);
      return { adopted: false, registeredAt: again.registeredAt ?? undefined };
    } catch (again) {
      if (!isQualysError(again, "conflict")) throw pendingRegistration(inputs, again);
      try {
        existing = await api.get(accountId); // the first register landed late
      } catch (look) {
        throw pendingRegistration(inputs, look);
      }
    }
  }
  let adopted = false;
  if ((existing.regions ?? []).length > 0) {
    if (!inputs.adopt) throw alreadyRegistered(accountId);
    adopted = true; // set up by someone: not ours to deregister if our setup fails
  }
  if (existing.cloudType.toUpperCase() !== cloudType) throw otherCloud(accountId, existing.cloudType, cloudType);
  return { adopted, registeredAt: existing.createdAt ?? undefined };
}

/**
 * The account reader of a provider process: every read of a refresh is served by one walk of the
 * list (100 a page), whose items carry everything a read compares except cloudInfo. Eager: the list
 * has no id filter, and one page costs less than the GET + state of a single account.
 */
export function accountReader(clients: QualysClients): BatchReader<string, ServiceAccountRecord> {
  const api = clients.serviceAccounts;
  return readerFor<string, ServiceAccountRecord>(clients, "service-account", {
    eager: true,
    fetch: () => Promise.reject(new Error("the account reader is eager")),
    fetchAll: async () => new Map((await api.listAll()).map((a) => [a.accountId, a])),
  });
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
  // Never reported by Qualys (see mapping.ts); the setup sends them all at every update.
  importUnreported: ["scanInterval", "resourceTypes", "vmScanTypes", ...TAG_LISTS],
  updateSendsUnreported: true,

  // Alike in shape to TargetAccount's check on purpose: the rules (validate, warnLowercased) have one home in shared/; the
  // schema and type name differ.
  check(_olds, news) {
    const r = validate(serviceAccountInputsSchema, news);
    if (!r.ok) return { inputs: news, failures: r.failures };
    warnLowercased("ServiceAccount", r.value.accountId, news, LOWERCASED_LISTS);
    return { inputs: r.value, failures: [] };
  },

  diff(_id, olds, news) {
    const d = diffInputs(
      inputsOf(olds),
      news,
      { replaceOn: REPLACE_ON, sets: SET_PROPERTIES, ignore: ["adopt"] },
      {
        // Qualys keys accounts by accountId: with the same id (cloudType changed) the old registration
        // must go before the new one can be made.
        deleteBeforeReplace: (changed) => !changed.includes("accountId"),
      },
    );
    // A pending create is unfinished work: the next `up` must run `update` to finish it (the engine
    // does so anyway for a resource with init errors; this also shows it in preview).
    if ((olds as Outputs).pendingCreate === undefined || d.replaces.length > 0) return d;
    return { ...d, changes: true, changed: [...d.changed, "state"].sort() };
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
        if (!inputs.adopt) throw alreadyRegistered(accountId, e);
        const existing = await api.get(accountId);
        if (existing.cloudType.toUpperCase() !== cloudType) throw otherCloud(accountId, existing.cloudType, cloudType);
        adopted = true;
        warn(
          `ServiceAccount ${accountId}: adopted the account already registered in Qualys; its configuration is now managed by this stack.`,
        );
      } else if (ambiguous(e)) {
        ({ adopted, registeredAt } = await afterLostRegister(api, inputs, ctx.clients().config.requestTimeoutMs));
      } else {
        throw e;
      }
    }
    return { id: accountId, outs: await setUpNew(api, inputs, { adopted, registeredAt }) };
  },

  async read(ctx, id, props) {
    const clients = ctx.clients();
    const record = await accountReader(clients).load(id);
    if (!record) {
      // A pending create whose registration has not appeared yet is not gone: dropping it would make
      // the next `up` register again and hit "already registered" once Qualys catches up.
      if ((props as Outputs).pendingCreate) return { id, props, inputs: inputsOf(props) };
      return undefined; // deregistered outside the stack: refresh drops it
    }
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
    const outs: Outputs = fromRead(props, record, state);
    // Still pending until an `update` has set it up (see the header).
    const pending = (props as Outputs).pendingCreate;
    if (pending !== undefined) outs.pendingCreate = pending;
    return { id, props: outs, inputs: inputsOf(outs) };
  },

  async update(ctx, id, olds, news) {
    const clients = ctx.clients();
    const api = clients.serviceAccounts;
    if ((olds as Outputs).pendingCreate !== undefined) return finishPendingCreate(api, news);
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
    const clients = ctx.clients();
    const api = clients.serviceAccounts;
    try {
      // A deregister whose answer was lost: gone (GET 404, or DEREGISTERED) is done in this run.
      // After Qualys's own 500 one GET decides; after a timeout, a cut connection or a gateway's
      // 502/504 (Qualys may still be deregistering) the GETs go on for one request timeout.
      await deleteConfirmed({
        what: `service account ${id}`,
        withinMs: clients.config.requestTimeoutMs,
        send: async () => void (await api.deregister(id, props.cloudType)),
        gone: async () => {
          const record = await getIfExists(api, id);
          return record === undefined || record.state.toUpperCase() === "DEREGISTERED";
        },
        goneError: (e) => isQualysError(e, "not-found"),
        settled: settledByQualys,
      });
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
