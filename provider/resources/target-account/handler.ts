/**
 * TargetAccount lifecycle (docs/target-account.md).
 *
 * A target exists in Qualys only after Qualys discovered it under a registered parent service
 * account; the provider never creates or removes one, it sets it up.
 *
 * API calls per operation (asserted in handler.test.ts from the emulator's counters):
 *   create = GET target + setup + GET state (3) — the GET checks the target was discovered, under
 *            the parent the program names, not configured yet (unless `adopt`), and gives the
 *            parent's regions (its `serviceAccount` block) for the subset check before setup; when a
 *            gateway leaves that block out, GET service-accounts/{parent} replaces it (+1);
 *   update = the same 3, or 2 (no GET state) when the regions stay (`keepsCloudInfo`); an update
 *            that changes only `onDelete`/`adopt` makes no call (0);
 *   a setup whose answer is lost is repeated by the transport (setup is idempotent); when every
 *   attempt loses it, the create fails as a pending create (id = accountId) that the next `up`'s
 *   update finishes (docs/failure-model.md);
 *   read   = per refresh and parent: the parent's targets, ⌈targets/100⌉ pages of
 *            `target-accounts?serviceAccountId=…&limit=100`, the parent's account (from the shared
 *            account list, `accountReader`) and the parent's state (cloudInfo and state come from the
 *            parent), all shared by every target of that parent (`targetReader`). A target missing
 *            from its parent's list is read alone, as before: GET target + GET state, or when gone
 *            GET service-accounts/{parent} to say why (parent deregistered or target no longer discovered);
 *   delete = "stop-scanning": GET target + setup (2); "retain": none (0); none at all when the
 *            program sets `deletedWith` to the parent and the parent goes in the same run (the
 *            engine then skips this delete; the parent's deregister takes the target's configuration
 *            with it). A lost setup answer: one GET, then the setup once more (4 at most).
 */
import type { AccountState, ServiceAccountRecord } from "../../clients/flexscan/service-accounts";
import type { ParentBlock, TargetAccountRecord, TargetAccountsApi, TargetState } from "../../clients/flexscan/target-accounts";
import type { QualysClients } from "../../clients";
import { isQualysError, QualysError, errorMessage, unlessNotFound } from "../../errors";
import { BatchReader } from "../../shared/batch";
import { validate } from "../../shared/check";
import { diffInputs } from "../../shared/diff";
import type { HandlerContext, ResourceHandler } from "../../engine/handler";
import { canonicalSet } from "../../shared/normalise";
import { ambiguous, pendingCreate, type PendingCreate } from "../../shared/lost-answer";
import { deleteConfirmed } from "../../shared/lost-delete";
import { warn, warnLowercased } from "../../shared/notices";
import { readerFor } from "../../shared/readers";
import { accountReader } from "../service-account/handler";
import { fromRead, inputsOf, parentRegionsOf, toOutputs, toSetupRequest, toStopScanningRequest } from "./mapping";
import {
  parentFitFailures,
  PROVIDER_ONLY,
  REPLACE_ON,
  SET_PROPERTIES,
  STOP_SCANNING_INTERVAL,
  STOP_SCANNING_TAG,
  TAG_LISTS,
  targetAccountInputsSchema,
  type ParentView,
  type TargetAccountInputs,
  type TargetAccountOutputs,
} from "./schema";

const LOWERCASED_LISTS = ["regions", "resourceTypes", "vmScanTypes", ...TAG_LISTS] as const;
/** Stop-scanning setups a delete sends at most when their answers are lost (see delete). */
export const STOP_SCANNING_ATTEMPTS = 2;
/** Parent states in which Qualys scans (the setup answers 409 in the others). */
const SCANNING_STATES = ["REGISTERED", "ACTIVE"];

function getIfExists(api: TargetAccountsApi, accountId: string): Promise<TargetAccountRecord | undefined> {
  return unlessNotFound(() => api.get(accountId));
}

async function parentExists(clients: QualysClients, parentId: string): Promise<boolean | undefined> {
  try {
    await clients.serviceAccounts.get(parentId);
    return true;
  } catch (e) {
    if (isQualysError(e, "not-found")) return false;
    return undefined; // unknown: the explanation is best effort
  }
}

/** The create failure when Qualys does not know the target: say what it does know under the parent. */
async function notDiscovered(clients: QualysClients, inputs: TargetAccountInputs): Promise<Error> {
  const { accountId, serviceAccountId } = inputs;
  let known = "";
  try {
    const items = await clients.targetAccounts.listAll({ serviceAccountId });
    const ids = items.map((t) => t.accountId).sort();
    known =
      ids.length === 0
        ? ` Qualys lists no target accounts under ${serviceAccountId} yet.`
        : ` Targets Qualys discovered under ${serviceAccountId}: ${ids.slice(0, 20).join(", ")}${ids.length > 20 ? `, … (${ids.length} in all)` : ""}.`;
  } catch {
    // best effort: the main message stands on its own
  }
  return new Error(
    `TargetAccount ${accountId}: Qualys does not know target account ${accountId} (GET target-accounts/${accountId} answered 404). Targets cannot be created, only set up once Qualys has discovered them under a registered parent service account (e.g. the member accounts of an AWS Organization); check the id, that ServiceAccount ${serviceAccountId} is registered and set up, and wait for discovery before running again.${known}`,
  );
}

function parentMismatch(accountId: string, declared: string, reported: string): Error {
  return new Error(
    `TargetAccount ${accountId}: serviceAccountId is ${declared} in the program, but Qualys reports target ${accountId} under service account ${reported}. A target's parent is decided by Qualys discovery, not by setup: set serviceAccountId to ${reported} (or manage the target from the stack that owns ${reported}).`,
  );
}

/** The parent's regions and cloud: the GET's `serviceAccount` block, or GET service-accounts/{id} when it is missing. */
async function parentView(clients: QualysClients, record: TargetAccountRecord): Promise<ParentView> {
  const block: ParentBlock | null | undefined = record.serviceAccount;
  if (block && Array.isArray(block.regions))
    return { accountId: block.accountId, regions: parentRegionsOf(block), cloudType: block.cloudType ?? record.cloudType };
  const sa = await clients.serviceAccounts.get(record.serviceAccountId);
  return { accountId: sa.accountId, regions: parentRegionsOf(sa), cloudType: sa.cloudType };
}

/**
 * Qualys's 400 for a setup the parent does not allow, with what to do. vmScanTypes can only be
 * checked by Qualys: no API returns a service account's scan types.
 */
function explainSetupError(e: unknown, inputs: TargetAccountInputs): unknown {
  if (!isQualysError(e, "invalid-request")) return e;
  const text = e.qualysText ?? "";
  let hint: string | undefined;
  if (/^vmScanTypes\b/.test(text) || /vmScanTypes.*parent/i.test(text)) {
    hint = `vmScanTypes [${inputs.vmScanTypes.join(", ")}] must be a subset of the parent service account ${inputs.serviceAccountId}'s scan types: add the missing type to the ServiceAccount's vmScanTypes first, or drop it from the target`;
  } else if (/^regions\b/.test(text)) {
    hint = `regions [${inputs.regions.join(", ")}] must be a subset of the parent service account ${inputs.serviceAccountId}'s regions: add the missing region to the ServiceAccount first, or drop it from the target`;
  }
  if (!hint) return e;
  return new QualysError({
    kind: e.kind,
    api: e.api,
    status: e.status,
    code: e.code,
    qualysText: e.qualysText,
    operation: `set up target account ${inputs.accountId}`,
    hint,
  });
}

/**
 * What create and update share: read the target, check it against the program and its parent, set
 * it up, read its state (unless the regions stay, see `keepsCloudInfo`). `creating` adds the
 * "already configured" rule.
 */
async function applySetup(
  ctx: HandlerContext,
  inputs: TargetAccountInputs,
  creating: boolean,
  previous?: TargetAccountOutputs,
): Promise<TargetAccountOutputs> {
  const clients = ctx.clients();
  const api = clients.targetAccounts;
  const { accountId } = inputs;
  const record = await getIfExists(api, accountId);
  if (!record) {
    if (creating) throw await notDiscovered(clients, inputs);
    throw new Error(
      `TargetAccount ${accountId}: Qualys no longer knows target account ${accountId} (404), so it cannot be set up; its parent ${previous?.serviceAccountId ?? inputs.serviceAccountId} may have been deregistered. Run \`pulumi refresh\` to drop it from the stack.`,
    );
  }
  if (record.serviceAccountId !== inputs.serviceAccountId)
    throw parentMismatch(accountId, inputs.serviceAccountId, record.serviceAccountId);

  if (creating && (record.regions ?? []).length > 0) {
    if (!inputs.adopt) {
      throw new QualysError({
        kind: "conflict",
        operation: `set up target account ${accountId}`,
        hint: `the target is already configured in Qualys (regions ${canonicalSet(record.regions ?? []).join(", ")}), by another stack, by hand, or left by an earlier delete of this resource. Qualys keeps no owner mark on a target, so check that no other stack manages it: if none does, set \`adopt: true\` to manage it from this stack (its configuration will be replaced by this resource's inputs)`,
      });
    }
    warn(
      `TargetAccount ${accountId}: adopted the target already configured in Qualys (regions ${canonicalSet(record.regions ?? []).join(", ")}); its configuration is now managed by this stack.`,
    );
  }

  const parent = await parentView(clients, record);
  const failures = parentFitFailures(inputs, parent);
  if (failures.length > 0) {
    throw new Error(
      `TargetAccount ${accountId}: the inputs do not fit the parent service account ${parent.accountId} as Qualys reports it (nothing was changed in Qualys):\n  - ${failures.join("\n  - ")}`,
    );
  }

  let setup;
  try {
    setup = await api.setup(toSetupRequest(inputs));
  } catch (e) {
    // Every attempt of the (idempotent, so repeated) setup lost its answer: it may have run. Had the
    // create simply failed, the rerun would meet our own configuration and ask for `adopt: true`.
    // Instead the target stays in state as a pending create, and the next `up`'s update sets it up
    // again without the "already configured" rule (docs/failure-model.md).
    if (creating && ambiguous(e)) throw pendingSetup(inputs, record, parent, e);
    throw explainSetupError(e, inputs);
  }
  // From here the target is set up: a failed read must not fail the operation (the stack would lose
  // track of what was done). Missing details are filled by the next refresh.
  if (!creating && keepsCloudInfo(previous, record, inputs))
    return toOutputs({ inputs, record, parentRegions: parent.regions, setup, previous });
  let state;
  try {
    state = await api.state(accountId);
  } catch (e) {
    warn(`TargetAccount ${accountId}: set up, but reading its state failed (${errorMessage(e)}); run \`pulumi refresh\`.`);
  }
  return toOutputs({ inputs, record, parentRegions: parent.regions, state, setup, previous });
}

/**
 * An update that leaves the regions as they were (in state and in Qualys) and whose state has the
 * cloudInfo of each: `/state` would only repeat it. cloudInfo (subnets per region) changes with the
 * regions, and the target's state is its parent's, which the GET carries; so a fleet-wide change of
 * `scanInterval` or tags is 2 calls per target, not 3.
 */
function keepsCloudInfo(previous: TargetAccountOutputs | undefined, record: TargetAccountRecord, inputs: TargetAccountInputs): boolean {
  if (previous === undefined) return false;
  const want = canonicalSet(inputs.regions.map((r) => r.toLowerCase())).join(",");
  const same = (regions: readonly string[] | null | undefined) =>
    canonicalSet((regions ?? []).map((r) => r.toLowerCase())).join(",") === want;
  return same(previous.regions) && same(record.regions) && inputs.regions.every((r) => previous.cloudInfo?.[r.toLowerCase()] !== undefined);
}

type Outputs = TargetAccountOutputs & { pendingCreate?: PendingCreate };

function pendingSetup(inputs: TargetAccountInputs, record: TargetAccountRecord, parent: ParentView, e: unknown): Error {
  const reason = errorMessage(e);
  const outs: Outputs = {
    ...toOutputs({ inputs, record, parentRegions: parent.regions }),
    pendingCreate: { since: new Date().toISOString(), reason },
  };
  return pendingCreate(
    inputs.accountId,
    outs,
    `${reason}. The setup of target account ${inputs.accountId} may have run: the target is kept in the stack as pending, and the next \`pulumi up\` sets it up again.`,
  );
}

/** What a refresh knows of one target: its list item, its parent's account and the parent's state. */
export interface TargetView {
  record: TargetAccountRecord;
  parent?: ServiceAccountRecord;
  parentState?: AccountState;
}

/**
 * The target reader of a provider process: scoped by parent. The first read of a target under a
 * parent lists all of that parent's targets (100 a page) and reads the parent's account and state
 * once; every other target of the parent is served from that (shared/batch.ts, eager). Every write
 * of the client set invalidates it (a parent's setup changes its targets' cloudInfo).
 */
export function targetReader(clients: QualysClients): BatchReader<string, TargetView> {
  return readerFor<string, TargetView>(clients, "target-account", {
    eager: true,
    fetch: () => Promise.reject(new Error("the target reader is eager")),
    fetchAll: async (parentId) => {
      const [items, parent, parentState] = await Promise.all([
        clients.targetAccounts.listAll({ serviceAccountId: parentId }),
        accountReader(clients).load(parentId),
        clients.serviceAccounts.state(parentId).catch((e: unknown) => {
          if (isQualysError(e, "not-found")) return undefined;
          throw e;
        }),
      ]);
      return new Map(items.map((record) => [record.accountId, { record, parent, parentState }]));
    },
  });
}

/** A target's record and state as GET target and GET target/state would answer, from the parent's. */
function fromParent(view: TargetView & { parent: ServiceAccountRecord }): { record: TargetAccountRecord; state: TargetState } {
  const { record, parent, parentState } = view;
  const regions = (record.regions ?? []).map((r) => r.toLowerCase());
  const cloudInfo = Object.fromEntries(
    Object.entries(parentState?.cloudInfo ?? {}).filter(([region]) => regions.includes(region.toLowerCase())),
  );
  return {
    record: {
      ...record,
      serviceAccount: { accountId: parent.accountId, cloudType: parent.cloudType, state: parent.state, regions: parent.regions ?? [] },
    },
    state: { accountId: record.accountId, cloudType: record.cloudType, state: parentState?.state ?? parent.state, cloudInfo },
  };
}

/** A target not in its parent's list: read alone (it moved to another parent, or is gone). */
async function readAlone(clients: QualysClients, id: string, props: TargetAccountOutputs) {
  const api = clients.targetAccounts;
  const record = await getIfExists(api, id);
  if (!record) {
    // Gone. Say why, because "the target vanished" is rarely what happened: the usual cause is the
    // parent being deregistered, which takes its targets' configuration with it.
    const parentId = props.serviceAccountId;
    const parent = parentId ? await parentExists(clients, parentId) : undefined;
    warn(
      parent === false
        ? `TargetAccount ${id}: its parent service account ${parentId} is no longer registered in Qualys (deregistered outside this stack), and its targets' configuration went with it; removing the target from the stack. Register and set up ${parentId} again, then run \`pulumi up\`, to scan it again.`
        : `TargetAccount ${id}: Qualys no longer lists this target under ${parentId} (e.g. the account left the organisation); removing it from the stack.`,
    );
    return undefined;
  }
  let state;
  try {
    state = await api.state(id);
  } catch (e) {
    if (!isQualysError(e, "not-found")) throw e;
    return undefined;
  }
  return { record, state };
}

export const targetAccountHandler: ResourceHandler<TargetAccountInputs, TargetAccountOutputs> = {
  type: "TargetAccount",
  // Never reported by Qualys (see mapping.ts); the setup sends them all at every update, a left-out
  // tag list as null (= inherit the parent's).
  importUnreported: ["scanInterval", "resourceTypes", "vmScanTypes", ...TAG_LISTS],
  updateSendsUnreported: true,

  // Alike in shape to ServiceAccount's check on purpose (see there); the tag-list step is this resource's own.
  check(_olds, news) {
    const r = validate(targetAccountInputsSchema, news);
    if (!r.ok) return { inputs: news, failures: r.failures };
    warnLowercased("TargetAccount", r.value.accountId, news, LOWERCASED_LISTS);
    // Drop the keys of tag lists left out (or null): absent means "inherit", and must stay absent.
    const inputs = { ...r.value } as Record<string, unknown>;
    for (const list of TAG_LISTS) if (inputs[list] === undefined) delete inputs[list];
    return { inputs: inputs, failures: [] };
  },

  diff(_id, olds, news) {
    // onDelete is compared (it must reach state, because delete reads it from there) but an update
    // that changes only it makes no API call; adopt matters only at create.
    const d = diffInputs(inputsOf(olds), inputsOf(news as TargetAccountOutputs), {
      replaceOn: REPLACE_ON,
      sets: SET_PROPERTIES,
      ignore: ["adopt"],
    });
    // A pending create is unfinished work for the next `update` (see applySetup); preview shows it.
    if ((olds as Outputs).pendingCreate === undefined || d.replaces.length > 0) return d;
    return { ...d, changes: true, changed: [...d.changed, "state"].sort() };
  },

  async create(ctx, inputs) {
    const outs = await applySetup(ctx, inputs, true);
    return { id: inputs.accountId, outs };
  },

  async read(ctx, id, props) {
    const clients = ctx.clients();
    const view = props.serviceAccountId ? await targetReader(clients).load(id, props.serviceAccountId) : undefined;
    const found = view?.parent ? fromParent({ ...view, parent: view.parent }) : await readAlone(clients, id, props);
    if (!found) return undefined;
    const { record, state } = found;
    if (record.serviceAccountId !== props.serviceAccountId) {
      warn(
        `TargetAccount ${id}: Qualys now reports it under service account ${record.serviceAccountId}, not ${props.serviceAccountId}; refresh records that, and the next \`pulumi up\` fails until the program's serviceAccountId says ${record.serviceAccountId}.`,
      );
    }
    if (!SCANNING_STATES.includes(state.state.toUpperCase())) {
      warn(
        `TargetAccount ${id}: its parent service account ${record.serviceAccountId} is in state ${state.state}; Qualys does not scan its targets until that is fixed.`,
      );
    }
    if ((record.regions ?? []).length === 0 && (props.regions ?? []).length > 0) {
      warn(`TargetAccount ${id}: Qualys reports no configuration for it any more (no regions); the next \`pulumi up\` sets it up again.`);
    }
    const outs: Outputs = fromRead(props, record, state);
    const pending = (props as Outputs).pendingCreate;
    if (pending !== undefined) outs.pendingCreate = pending; // until an update has set it up
    return { id, props: outs, inputs: inputsOf(outs) };
  },

  async update(ctx, _id, olds, news) {
    // A pending create (see applySetup): our setup may have run, so no "already configured" rule.
    if ((olds as Outputs).pendingCreate !== undefined) return applySetup(ctx, news, false);
    const changed = diffInputs(inputsOf(olds), inputsOf(news as TargetAccountOutputs), {
      replaceOn: REPLACE_ON,
      sets: SET_PROPERTIES,
      ignore: PROVIDER_ONLY,
    });
    if (!changed.changes) {
      // Only provider-side behaviour changed: nothing to tell Qualys.
      return toOutputs({ inputs: news, previous: olds });
    }
    return applySetup(ctx, news, false, olds);
  },

  async delete(ctx, id, props) {
    const onDelete = props.onDelete ?? "stop-scanning";
    if (onDelete === "retain") {
      warn(
        `TargetAccount ${id}: removed from the stack but left configured in Qualys (onDelete: retain): it is still scanned under service account ${props.serviceAccountId} with regions ${(props.regions ?? []).join(", ")} every ${props.scanInterval} h until that account is deregistered or the target is set up otherwise.`,
      );
      return;
    }
    const api = ctx.clients().targetAccounts;
    const record = await getIfExists(api, id);
    if (!record) {
      warn(
        `TargetAccount ${id}: Qualys no longer knows it (its parent ${props.serviceAccountId} was probably deregistered); nothing to stop.`,
      );
      return;
    }
    const current = canonicalSet((record.regions ?? []).map((r) => r.toLowerCase()));
    if (current.length === 0) return; // never set up (or its configuration is gone): nothing is scanned
    // Setup needs at least one region, within the parent's: keep those still valid.
    const parentRegions = parentRegionsOf(record.serviceAccount);
    const valid = parentRegions.length > 0 ? current.filter((r) => parentRegions.includes(r)) : current;
    const regions = valid.length > 0 ? valid : parentRegions.length > 0 ? [parentRegions[0]] : current;
    const request = toStopScanningRequest(id, regions);
    let outcome;
    try {
      // A lost answer: one look (GET). A target gone with its parent is done. Otherwise the setup is
      // sent once more (it replaces the whole configuration: repeating it is safe); if that answer is
      // lost too, the delete ends here rather than failing, because no read can show the setup took
      // effect and every rerun would send it again (docs/target-account.md, "Delete").
      outcome = await deleteConfirmed({
        what: `the stop-scanning setup of target account ${id}`,
        withinMs: 0,
        attempts: STOP_SCANNING_ATTEMPTS,
        acceptUnconfirmed: true,
        send: async () => void (await api.stopScanning(request)),
        gone: async () => (await getIfExists(api, id)) === undefined,
        goneError: (e) => isQualysError(e, "not-found"),
      });
    } catch (e) {
      if (isQualysError(e, "not-found")) return;
      throw new Error(
        `TargetAccount ${id}: could not stop scanning (onDelete: stop-scanning): ${errorMessage(e)}. Fix the cause and run again, or set \`onDelete: "retain"\` (and \`pulumi up\`) to remove it from the stack and leave it configured in Qualys.`,
      );
    }
    if (outcome === "seen-gone") {
      warn(
        `TargetAccount ${id}: Qualys no longer knows it (its parent ${record.serviceAccountId} was deregistered meanwhile); nothing to stop.`,
      );
      return;
    }
    const how =
      outcome === "unconfirmed"
        ? `the answers to the stop-scanning setup were lost (sent ${STOP_SCANNING_ATTEMPTS} times; Qualys reports no field that shows it, so check the target's scan settings in Qualys). Once applied, it is`
        : "scanning was stopped (onDelete: stop-scanning): it is now";
    warn(
      `TargetAccount ${id}: Qualys has no API to remove a target account, so ${how} set up to select only VMs tagged ${STOP_SCANNING_TAG} (none should be), every ${STOP_SCANNING_INTERVAL} h, and stays listed under service account ${record.serviceAccountId} until that is deregistered. Managing it again from a stack needs \`adopt: true\`.`,
    );
  },
};
