/**
 * NsxAuthRecord lifecycle (docs/nsx-auth-record.md).
 *
 * API calls per operation (emulator counters, see bench/nsx-auth-record.ts and
 * docs/nsx-auth-record.md): create = create + list (the read-back: one list per group of
 * read-backs, see `recordReadBackGroup`); update = update + list (the same); delete = ONE
 * `action=delete&ids=…` per group of deletes the engine has in flight (see `recordDeleteGroup`; +
 * one list for a record the answer does not confirm, + the looks after a lost answer,
 * shared/lost-delete.ts); read = ONE `action=list&ids=…` per batch of reads that
 * arrive together, and a refresh of many records in the engine's waves costs two list calls (see
 * `recordReader`). Adoption adds one unfiltered list and the update that marks the record (+ the
 * looks by id after a lost answer, see `adoptRecord`).
 *
 * The password is write-only (Qualys never returns it). It arrives in `check`/`create`/`update` in
 * clear — the dynamic provider declares `acceptSecrets: false`, so the engine unwraps secrets before
 * calling it and re-marks, by key, what comes back (its inputs copy of `password` is stored
 * encrypted because the SDK wraps the input in `pulumi.secret`). Outputs never hold it: only
 * `passwordHash` (salted HMAC, also secret via additionalSecretOutputs), compared in `diff`.
 */
import { randomBytes } from "node:crypto";
import type { QualysClients } from "../../clients";
import { formatIds, type NsxApi, type NsxDeleteOutcome } from "../../clients/nsx";
import type { AuthNsx } from "../../clients/xml/documents";
import { isQualysError, QualysError, errorMessage } from "../../errors";
import type { BatchReader } from "../../shared/batch";
import { GroupCommit } from "../../shared/group-commit";
import { validate } from "../../shared/check";
import { diffInputs, type DiffDecision } from "../../shared/diff";
import type { HandlerContext, ResourceHandler } from "../../engine/handler";
import { unwrapSecrets } from "../../engine/values";
import { ambiguous, pendingCreate, pollFor, settledByQualys, type PendingCreate } from "../../shared/lost-answer";
import { deleteConfirmed } from "../../shared/lost-delete";
import { describeOwner, ownerMarkerFor } from "../../shared/ownership";
import { warn } from "../../shared/notices";
import { readerFor } from "../../shared/readers";
import { registerSecret } from "../../shared/redact";
import { compact, fromRead, fromRecord, inputsOf, toCreateParams, toOutputs, toUpdateParams } from "./mapping";
import { hashPassword, passwordMatches } from "./password";
import {
  nsxAuthRecordInputsSchema,
  SET_PROPERTIES,
  type NsxAuthRecordInputs,
  type NsxAuthRecordObserved,
  type NsxAuthRecordOutputs,
} from "./schema";

/** Reads arriving within this many milliseconds of the first share one list call … */
export const READ_BATCH_WINDOW_MS = 25;
/** … of at most this many ids. */
export const READ_MAX_BATCH = 100;
/** Ids per batched delete at most (as many as a list takes). */
export const DELETE_MAX_BATCH = 100;

/**
 * The record reader of a provider process (one per client set, i.e. per configuration): concurrent
 * `load(id)`s become one `action=list&ids=a,b,c` (following truncation), and an id missing from the
 * answer is a deleted record. When reads keep arriving in full waves (a refresh of more records than
 * the engine's --parallel), the second wave lists every record once (no `ids`) and the rest of the
 * refresh is served from that answer (see shared/batch.ts). Every write calls `invalidate()`.
 */
export function recordReader(clients: QualysClients): BatchReader<string, AuthNsx> {
  const api = clients.nsx;
  return readerFor<string, AuthNsx>(clients, "nsx-auth-record", {
    windowMs: READ_BATCH_WINDOW_MS,
    maxBatch: READ_MAX_BATCH,
    // A read that comes while a list is running waits for it and joins the next one.
    holdWhileFetching: true,
    fetch: async (ids) => new Map((await api.list(ids)).map((r) => [r.ID, r])),
    fetchAll: async () => new Map((await api.list()).map((r) => [r.ID, r])),
  });
}

/** One group commit per client set (per provider process and configuration), made on first use. */
function groupPerClients<V>(make: (api: NsxApi) => GroupCommit<string, V>): (clients: QualysClients) => GroupCommit<string, V> {
  const groups = new WeakMap<QualysClients, GroupCommit<string, V>>();
  return (clients) => {
    let group = groups.get(clients);
    if (!group) {
      group = make(clients.nsx);
      groups.set(clients, group);
    }
    return group;
  };
}

/**
 * The group commit of the read-backs of creates and updates. The create and update answers
 * (BATCH_RETURN: TEXT and the id) carry none of CREATED, LAST_MODIFIED and DIGITAL_VAULT_TITLE,
 * which only the list has. A write's read-back holds the engine's slot as a delete does, so they are
 * grouped the same way: `up` of N records at --parallel P makes ⌈N / min(P, 100)⌉ (+ 2 at most)
 * `action=list&ids=…` calls, whatever the engine's pace, instead of a list per record or per wave of
 * answers.
 */
export const recordReadBackGroup = groupPerClients(
  (api) =>
    new GroupCommit<string, AuthNsx>({
      maxBatch: READ_MAX_BATCH,
      commit: async (ids) => new Map((await api.list(ids)).map((r) => [r.ID, r])),
    }),
);

/**
 * The group commit of NSX deletes: a delete that arrives while another NSX delete is in flight, or
 * while the engine is still sending the rest of its wave, waits, and the queue goes out as ONE
 * `action=delete&ids=a,b,c` (at most 100 ids, the most a list call takes too); each record gets its
 * own outcome from the BATCH_RETURN, so one refused record fails only its own delete
 * (shared/group-commit.ts: a destroy of N records at --parallel P costs ⌈N / min(P, 100)⌉ deletes,
 * + 2 at most, at any engine speed).
 */
export const recordDeleteGroup = groupPerClients(
  (api) => new GroupCommit<string, NsxDeleteOutcome>({ maxBatch: DELETE_MAX_BATCH, commit: (ids) => api.deleteMany(ids) }),
);

/** True when the program's password is not the one the state's hash was made from. */
export function passwordChanged(olds: Pick<NsxAuthRecordOutputs, "passwordHash">, news: Pick<NsxAuthRecordInputs, "password">): boolean {
  return news.password !== undefined && !passwordMatches(olds.passwordHash, news.password);
}

async function findByTitle(api: NsxApi, title: string): Promise<AuthNsx[]> {
  return (await api.list()).filter((r) => r.TITLE === title);
}

/**
 * Run a write. (Whatever its outcome, later reads are not served from data older than it: the client
 * set reports every write to the readers, shared/readers.ts.)
 */
function write<T>(_ctx: HandlerContext, fn: () => Promise<T>): Promise<T> {
  return fn();
}

/** The record as Qualys now has it, for the observed outputs; a failure here must not fail a write that succeeded. */
async function readBack(ctx: HandlerContext, id: string, what: string): Promise<Omit<NsxAuthRecordObserved, "passwordHash">> {
  try {
    const record = await recordReadBackGroup(ctx.clients()).submit(id);
    if (record) return fromRecord(record).observed;
    warn(`NsxAuthRecord ${id}: ${what}, but the record is not in Qualys's list right after; run \`pulumi refresh\`.`);
  } catch (e) {
    warn(`NsxAuthRecord ${id}: ${what}, but reading it back failed (${errorMessage(e)}); run \`pulumi refresh\`.`);
  }
  return {};
}

function hashFor(inputs: NsxAuthRecordInputs, previous?: string): string | undefined {
  if (inputs.loginType !== "basic" || inputs.password === undefined) return undefined;
  return previous !== undefined && passwordMatches(previous, inputs.password) ? previous : hashPassword(inputs.password);
}

/**
 * `adoption`: the pending create is an adoption whose marking update's outcome is unknown (see
 * `adoptRecord`): the next `up` finishes it with an update, never a replace (the record was there
 * before this resource, and the user asked to keep it).
 */
type Outputs = NsxAuthRecordOutputs & { pendingCreate?: PendingCreate & { adoption?: true } };

/** True for an adoption left pending (see `adoptRecord`). */
function adoptionPending(olds: NsxAuthRecordOutputs): boolean {
  return (olds as Outputs).pendingCreate?.adoption === true;
}

/** The outputs a pending create keeps in state: the program's inputs, the owner marker, the reason. */
function pendingOutputs(inputs: NsxAuthRecordInputs, lost: unknown, adoption = false): Outputs {
  return {
    ...toOutputs(inputs, { passwordHash: hashFor(inputs) }),
    pendingCreate: { since: new Date().toISOString(), reason: errorMessage(lost), ...(adoption ? { adoption: true as const } : {}) },
  };
}

/** The id a pending create is kept under: the record id is not known before Qualys answers. */
const PLACEHOLDER = /^pending-[0-9a-f]{8}$/;

/** True for the placeholder id of a pending create (no record behind it: read and delete make no call). */
export function isPlaceholderId(id: string): boolean {
  return PLACEHOLDER.test(id);
}

/**
 * The markers of pending creates this process is replacing, by title. Unless a `pulumi refresh` ran
 * in between, the engine does not hand a pending resource's inputs back to `check` (the dynamic
 * provider's partial failure carries only its outputs), so the replacement's `check` mints a new
 * marker. The placeholder's delete, which the engine runs just before the replacement's create
 * (delete-before-replace, one provider process), hands the pending marker over here, and the create
 * takes a record carrying it as its own and re-marks it with the program's marker.
 */
const handedOver = new Map<string, string>();

/** The placeholder's delete: no record id to delete; hand the pending create's marker to the replacement. */
export function releasePlaceholder(props: Pick<NsxAuthRecordOutputs, "title" | "ownerMarker">): void {
  if (props.title !== undefined && props.ownerMarker !== undefined) handedOver.set(props.title, props.ownerMarker);
}

/** Whose a record is, by the owner marker at the end of its comments (shared/ownership.ts). */
function ownerOf(
  record: AuthNsx,
  inputs: Pick<NsxAuthRecordInputs, "ownerMarker" | "title">,
): "this resource" | "nobody" | { nonce: string; hint?: string } {
  const { marker, hint } = fromRecord(record);
  if (marker === undefined) return "nobody";
  if (marker === inputs.ownerMarker || (inputs.title !== undefined && marker === handedOver.get(inputs.title))) return "this resource";
  return hint === undefined ? { nonce: marker } : { nonce: marker, hint };
}

/** A record that carries another resource's marker: never taken over, not even with `adopt`. */
function ownedElsewhere(
  record: AuthNsx,
  title: string,
  owner: { nonce: string; hint?: string },
  operation: string,
  e?: QualysError,
): QualysError {
  return new QualysError({
    kind: "conflict",
    api: "api",
    operation,
    status: e?.status,
    code: e?.code,
    qualysText: e?.qualysText,
    hint: `the NSX authentication record titled ${JSON.stringify(title)} (id ${record.ID}) is managed by ${describeOwner(owner)}, so this resource cannot take it over, not even with \`adopt: true\` (two owners would overwrite each other's settings, and deleting either would delete the record). Choose another title, or remove it from the stack that manages it first (if no stack manages it any more, delete the \`[pulumi:…]\` marker at the end of its comments in Qualys, then adopt it)`,
  });
}

/**
 * The create's outcome is still unknown at the end of the attempt: keep the resource as a pending
 * create under a placeholder id, with its owner marker in state. The next `up` replaces it: the
 * placeholder's delete makes no call and hands the marker over (`releasePlaceholder`), and the create
 * either makes the record or meets the title and finds the pending marker on it.
 */
function pendingRecord(inputs: NsxAuthRecordInputs, lost: unknown, lookFailed?: unknown, recordId?: string): Error {
  const reason = errorMessage(lost);
  const outs = pendingOutputs(inputs, lost);
  const seen =
    lookFailed === undefined
      ? `no record titled ${JSON.stringify(inputs.title)} is in Qualys's list yet`
      : `looking for a record titled ${JSON.stringify(inputs.title)} failed too (${errorMessage(lookFailed)})`;
  if (recordId !== undefined)
    return pendingCreate(
      recordId,
      outs,
      `${reason}. The NSX authentication record titled ${JSON.stringify(inputs.title)} (id ${recordId}) is this resource's, but finishing its create ${ambiguous(lost) ? "lost its answer" : "failed"}: it is kept in the stack as pending, and the next \`pulumi up\` replaces it.`,
    );
  return pendingCreate(
    `pending-${randomBytes(4).toString("hex")}`,
    outs,
    `${reason}. The create of the NSX authentication record titled ${JSON.stringify(inputs.title)} may still take effect (${seen}): it is kept in the stack as pending, with its owner marker, and the next \`pulumi up\` finishes it (it creates the record, or takes the one this create made, recognised by the marker).`,
  );
}

/**
 * The one update that adopts `record`: its settings become the program's, the password is sent (the
 * list does not show it), and its comments end in this resource's owner marker.
 *
 * When its answer is lost, the update may or may not have landed, and the marker tells which: look at
 * the record (list by id; for up to the request timeout, as Qualys may still be running the call).
 * It carries the marker this update sent: adopted. It does not: nothing changed in Qualys, so fail
 * plainly (the rerun's check mints a new marker and adopts the record cleanly). Failing plainly after
 * an update that did land would leave the record marked as a resource the stack does not hold, which
 * the rerun would refuse as someone else's. When the look fails too, the outcome is still unknown:
 * the adoption is kept pending under the record's id with the marker it sent (`adoptionPending`), and
 * the next `up` finishes it with `finishAdoption`. Calls on a lost answer: the looks (one right away,
 * more only while the update has not shown).
 */
async function adoptRecord(ctx: HandlerContext, record: AuthNsx, inputs: NsxAuthRecordInputs): Promise<void> {
  const api = ctx.clients().nsx;
  const id = record.ID;
  const params = toUpdateParams({ ...fromRecord(record).inputs, adopt: true }, inputs, { passwordChanged: true });
  if (Object.keys(params).length === 0) return;
  let lost: QualysError;
  try {
    return await write(ctx, () => api.update(id, params));
  } catch (e) {
    if (!ambiguous(e)) throw e;
    lost = e as QualysError;
  }
  const marked = (r: AuthNsx) => r.ID === id && inputs.ownerMarker !== undefined && fromRecord(r).marker === inputs.ownerMarker;
  let landed: AuthNsx | undefined;
  try {
    landed = await pollFor(async () => (await api.list([id])).find(marked), ctx.clients().config.requestTimeoutMs);
  } catch (look) {
    throw pendingCreate(
      id,
      pendingOutputs(inputs, lost, true),
      `${errorMessage(lost)}. The NSX authentication record titled ${JSON.stringify(inputs.title)} (id ${id}) was being adopted, and reading it back after the lost answer failed too (${errorMessage(look)}): whether it now carries this resource's owner marker and settings is unknown. It is kept in the stack as pending, with that marker, and the next \`pulumi up\` finishes the adoption with an update (the record is not deleted).`,
    );
  }
  if (landed) {
    warn(
      `NsxAuthRecord ${id}: the answer to the update that adopts it was lost (${errorMessage(lost)}), but the record carries this resource's owner marker: the adoption took effect.`,
    );
    return;
  }
  throw new QualysError({
    kind: lost.kind,
    api: "api",
    operation: `NSX auth record adopt (id ${id})`,
    status: lost.status,
    sent: false,
    hint: `the answer to the update that adopts the record titled ${JSON.stringify(inputs.title)} was lost (${errorMessage(lost)}), and the record, read back, does not carry this resource's owner marker: the update did not take effect and Qualys still has the record as it was. Run \`pulumi up\` again to adopt it`,
  });
}

/**
 * The next `up` of an adoption left pending (see `adoptRecord`): send the adopt's update again, against
 * the record as it is listed now, unless another resource has marked it since. Its marker may be
 * none (the lost update did not land), the one the pending adoption sent (it did; it is in the old
 * outputs) or this run's (the same one when check found it in the old inputs; a new one when the
 * engine handed none back, and the update re-marks the record with it). A record that has
 * disappeared is not created here: a refresh drops it from the stack, and the next `up` creates it.
 */
async function finishAdoption(ctx: HandlerContext, id: string, olds: NsxAuthRecordOutputs, news: NsxAuthRecordInputs): Promise<void> {
  const record = (await ctx.clients().nsx.list([id])).find((r) => r.ID === id);
  if (!record)
    throw new QualysError({
      kind: "not-found",
      api: "api",
      operation: `NSX auth record adopt (id ${id})`,
      hint: `the record titled ${JSON.stringify(news.title)} this resource was adopting is no longer in Qualys: run \`pulumi refresh\` (it drops the record from the stack), then \`pulumi up\` (it creates it)`,
    });
  const owner = ownerOf(record, news);
  if (owner !== "nobody" && owner !== "this resource" && owner.nonce !== olds.ownerMarker)
    throw ownedElsewhere(record, news.title, owner, "NSX auth record adopt");
  await adoptRecord(ctx, record, news);
  warn(
    `NsxAuthRecord ${id}: finished adopting the record titled ${JSON.stringify(news.title)}; it is now managed by this stack (and deleted with it).`,
  );
}

/**
 * `action=create`, and what to do when its answer is lost (docs/failure-model.md).
 *
 * Qualys keeps NSX titles unique, so repeating a create can never make a second record: the repeat
 * either creates the record (the first never ran, or will fail on the title when it finally runs)
 * or fails on the title (the first ran). Which record then has the title is told by the owner
 * marker at the end of its comments: ours carries this resource's `ownerMarker` (a random nonce kept
 * in state), another resource's carries another, a record made outside Pulumi none. Only ours is
 * taken without `adopt`; one with another marker is refused, and only an unmarked one gets the
 * "adopt: true" advice. When the repeat's answer is lost too and no record is listed, the outcome is
 * unknown: a pending create. Calls on a lost answer: the repeated create (+1), and on a title
 * conflict one list (+1) and, for our own record, one update that re-sends the password and anything
 * that differs (+1; +1 more when its answer is lost: it is sent once more).
 */
async function createOrRecover(ctx: HandlerContext, inputs: NsxAuthRecordInputs): Promise<string> {
  const api = ctx.clients().nsx;
  const create = () => write(ctx, () => api.create(toCreateParams(inputs)));
  let lost: QualysError | undefined;
  let failure: unknown;
  try {
    return await create();
  } catch (e) {
    if (!ambiguous(e)) failure = e;
    else lost = e as QualysError;
  }
  if (lost) {
    try {
      return await create();
    } catch (e) {
      failure = e;
    }
  }
  const e = failure;
  // After a lost answer the first create may have made the record, with this resource's marker,
  // whatever the repeat met (a limit, a conflict): look. Failing plainly here would leave the record
  // out of the stack, and the rerun's check mints a new marker, so it would meet its own record as
  // another resource's.
  if (lost === undefined && (!isQualysError(e) || !(e.kind === "invalid-request" || e.kind === "conflict"))) throw e;
  let same: AuthNsx[];
  try {
    same = await findByTitle(api, inputs.title);
  } catch (look) {
    if (lost !== undefined) throw pendingRecord(inputs, lost, look);
    throw e;
  }
  if (same.length === 0) {
    if (ambiguous(e)) throw pendingRecord(inputs, lost ?? e);
    throw e;
  }

  const mine = same.find((r) => ownerOf(r, inputs) === "this resource");
  if (mine) {
    // Our own create ran (before its answer was lost, or in an earlier run that ended pending): make
    // the record what the program says (the password is unknown to the list, so it is always re-sent).
    // (The marker as Qualys has it: a handed-over one is replaced by this resource's.)
    const params = toUpdateParams({ ...fromRecord(mine).inputs, adopt: false, ownerMarker: fromRecord(mine).marker }, inputs, {
      passwordChanged: true,
    });
    handedOver.delete(inputs.title);
    const update = () => write(ctx, () => api.update(mine.ID, params));
    try {
      // The update carries the program's full settings to a record that carries this resource's
      // marker, which no other resource takes over: a repeat, and a late first, write the same
      // values, so a lost answer is sent once more without a look.
      if (Object.keys(params).length > 0)
        await update().catch((u: unknown) => {
          if (!ambiguous(u)) throw u;
          return update();
        });
    } catch (u) {
      // The record is ours, but whether it now carries this run's marker and settings is unknown (a
      // lost answer, twice), or it still carries a marker the rerun's check will not mint again (a refused
      // update): keep it in the stack as pending under its real id, so the next `up` replaces it
      // (deletes this record, which is ours, and creates it afresh) instead of meeting it as someone else's.
      throw pendingRecord(inputs, u, undefined, mine.ID);
    }
    warn(
      lost
        ? `NsxAuthRecord ${mine.ID}: the answer to this create was lost (${errorMessage(lost)}), but the record titled ${JSON.stringify(inputs.title)} carries this resource's owner marker: it is this resource's record, now tracked by the stack.`
        : `NsxAuthRecord ${mine.ID}: the record titled ${JSON.stringify(inputs.title)} already carries this resource's owner marker (an earlier create of this resource made it, one whose outcome was not known then): it is now tracked by the stack.`,
    );
    return mine.ID;
  }
  const titled = same[0];
  const owner = ownerOf(titled, inputs);
  const conflict = isQualysError(e) && (e.kind === "conflict" || e.kind === "invalid-request") ? e : undefined;
  if (owner !== "nobody" && owner !== "this resource")
    throw ownedElsewhere(titled, inputs.title, owner, "NSX auth record create", conflict);
  // Qualys keeps titles unique: say which record has this one, and how to take it over. Nothing
  // marks it as Pulumi's, so adopting it makes this resource its one owner.
  throw new QualysError({
    kind: "conflict",
    api: "api",
    operation: "NSX auth record create",
    status: conflict?.status,
    code: conflict?.code,
    qualysText: conflict?.qualysText,
    hint: `an NSX authentication record titled ${JSON.stringify(inputs.title)} already exists (id ${same.map((r) => r.ID).join(", ")}), made outside Pulumi (it carries no owner marker). To manage it from this stack set \`adopt: true\` (its settings and password are replaced by this resource's inputs), or choose another title`,
  });
}

export const nsxAuthRecordHandler: ResourceHandler<NsxAuthRecordInputs, NsxAuthRecordOutputs> = {
  type: "NsxAuthRecord",
  // Write-only: `check` requires it, so the first update after an import sends the program's.
  importUnreported: ["password"],

  check(olds, news) {
    const raw = unwrapSecrets(news) as Record<string, unknown>;
    const r = validate(nsxAuthRecordInputsSchema, raw);
    if (!r.ok) return { inputs: raw, failures: r.failures };
    const inputs = { ...r.value };
    // The owner marker is minted here, before any create, and kept from the old inputs ever after
    // (shared/ownership.ts): a pending create's next run still has it. The hint follows the program.
    inputs.ownerMarker = ownerMarkerFor(olds);
    if (inputs.ownerHint === undefined && typeof olds.ownerHint === "string") inputs.ownerHint = olds.ownerHint;
    // use_ad_hashicorp is a required parameter with a HashiCorp vault: say "no" explicitly.
    if (inputs.loginType === "vault" && inputs.useAdHashicorp === undefined) inputs.useAdHashicorp = false;
    return { inputs: compact(inputs), failures: [] };
  },

  diff(_id, olds, news): DiffDecision {
    // A pending create (see pendingRecord): replace the placeholder; its delete makes no call, and the
    // create finds the record the lost create made by its marker, or makes it. A pending adoption
    // (see adoptRecord) is finished by an update instead: the record is not this resource's to delete.
    const adoption = adoptionPending(olds);
    if ((olds as Outputs).pendingCreate !== undefined && !adoption)
      return { changes: true, replaces: ["pendingCreate"], stables: [], changed: ["pendingCreate"], deleteBeforeReplace: true };
    const d = diffInputs(inputsOf(olds), inputsOf(news), {
      replaceOn: [],
      sets: SET_PROPERTIES,
      ignore: ["adopt", "ownerMarker", "ownerHint"],
    });
    // The password is compared through the hash: no value in state, a change still shows. An absent
    // password (vault login, or the inputs a refresh wrote back) says nothing about the old one.
    const changed = [...d.changed, ...(passwordChanged(olds, news) ? ["password"] : []), ...(adoption ? ["pendingCreate"] : [])];
    return changed.length === d.changed.length ? d : { ...d, changes: true, changed: changed.sort() };
  },

  async create(ctx, inputs) {
    registerSecret(inputs.password);
    const api = ctx.clients().nsx;
    let id: string | undefined;

    if (inputs.adopt) {
      const existing = await findByTitle(api, inputs.title);
      if (existing.length > 1) {
        throw new QualysError({
          kind: "conflict",
          api: "api",
          operation: "NSX auth record adopt",
          hint: `${existing.length} records are titled ${JSON.stringify(inputs.title)} (ids ${existing.map((r) => r.ID).join(", ")}); rename all but one in Qualys`,
        });
      }
      if (existing[0]) {
        // Adopting makes this resource the record's one owner: not when another resource owns it.
        const owner = ownerOf(existing[0], inputs);
        if (owner !== "nobody" && owner !== "this resource")
          throw ownedElsewhere(existing[0], inputs.title, owner, "NSX auth record adopt");
        id = existing[0].ID;
        await adoptRecord(ctx, existing[0], inputs);
        warn(
          `NsxAuthRecord ${id}: adopted the existing record titled ${JSON.stringify(inputs.title)}; it is now managed by this stack (and deleted with it).`,
        );
      }
    }

    if (id === undefined) id = await createOrRecover(ctx, inputs);
    const observed = await readBack(ctx, id, "created");
    return { id, outs: toOutputs(inputs, { passwordHash: hashFor(inputs), ...observed }) };
  },

  async read(ctx, id, props) {
    // A pending create has no record id yet: kept as it is until the next `up` replaces it.
    if (isPlaceholderId(id)) return { id, props, inputs: inputsOf(props) };
    // Checked here so that one bad id fails its own read, not the whole batch it would join.
    if (!/^\d+$/.test(id))
      throw new QualysError({
        kind: "invalid-request",
        api: "api",
        operation: "NSX auth record read",
        hint: `"${id}" is not an NSX record id (a number)`,
      });
    const record = await recordReader(ctx.clients()).load(id);
    // Deleted outside the stack: refresh drops it, pending or not (the next `up` creates it afresh).
    if (!record) return undefined;
    // A create pending under the record's real id (see pendingRecord, adoptRecord) stays pending while
    // the record is listed: the update that makes it this resource's did not finish, so it may still
    // carry an earlier marker (or none) and password. Only what the next `up` plans from
    // `pendingCreate` puts them right: a replace, or for an adoption the adopt's update again (a
    // refresh also clears the engine's init error, so the marker is all that is left). Without it
    // the plan became a plain update, which does not re-send the password (state's passwordHash is
    // already the program's).
    const { pendingCreate: pending, ...settled } = props as Outputs;
    const outs: Outputs = fromRead(settled, record);
    // Inputs as Qualys has them, for drift. No password: it is not readable, and diff ignores an
    // absent one (see above), so the next `up` compares the program's password with passwordHash.
    // Returned only when Qualys differs from state (or there is no state: an import). When nothing
    // changed, the engine keeps the stack's inputs, password included; returning inputs without it
    // made every `pulumi preview --refresh` show `refresh [diff: -password]` although nothing changed.
    // (Drift is judged without the pending marker, which diff would always report as a change.)
    const inputs = inputsOf(outs);
    if (pending !== undefined) outs.pendingCreate = pending;
    const known = Object.keys(settled).length > 0;
    if (known && !nsxAuthRecordHandler.diff(id, settled, inputs).changes) return { id, props: outs };
    return { id, props: outs, inputs };
  },

  async update(ctx, id, olds, news) {
    registerSecret(news.password);
    const api = ctx.clients().nsx;
    if (adoptionPending(olds)) await finishAdoption(ctx, id, olds, news);
    else {
      const params = toUpdateParams(inputsOf(olds), news, { passwordChanged: passwordChanged(olds, news) });
      if (Object.keys(params).length > 0) await write(ctx, () => api.update(id, params));
    }
    const observed = await readBack(ctx, id, "updated");
    const kept: Omit<NsxAuthRecordObserved, "passwordHash"> = {
      vaultTitle: news.loginType === "vault" ? olds.vaultTitle : undefined,
      created: olds.created,
      createdBy: olds.createdBy,
      lastModified: olds.lastModified,
    };
    return toOutputs(news, { passwordHash: hashFor(news, olds.passwordHash), ...kept, ...observed });
  },

  async delete(ctx, id, props) {
    if (isPlaceholderId(id)) return releasePlaceholder(props); // a pending create's placeholder (see pendingRecord)
    const clients = ctx.clients();
    const listed = () => recordReader(clients).load(id);
    let refused: Error;
    try {
      // A lost answer (the whole batch's) is followed by a look, shared with the other records of
      // the batch through the reader, and each record decides by its own line of it: gone is done;
      // still listed, the delete joins the next batch. After Qualys's own 500 the batch's call is
      // over, so that first look decides; after a cut, a timeout or a gateway's 502/504 the looks go
      // on for one request timeout.
      await deleteConfirmed({
        what: `NSX auth record ${id}`,
        withinMs: clients.config.requestTimeoutMs,
        settled: settledByQualys,
        gone: async () => (await listed()) === undefined,
        send: async () => {
          const outcome = await recordDeleteGroup(clients).submit(formatIds([id]));
          if (outcome?.deleted) return;
          throw new QualysError({
            kind: "invalid-request",
            api: "api",
            operation: `NSX auth record delete (id ${id})`,
            code: outcome?.code,
            qualysText: outcome?.text,
            hint: outcome?.code
              ? `Qualys refused to delete record ${id}`
              : `the BATCH_RETURN of the delete does not name record ${id}, so the delete cannot be confirmed`,
          });
        },
      });
      return;
    } catch (e) {
      if (!(isQualysError(e) && (e.kind === "invalid-request" || e.kind === "not-found"))) throw e;
      refused = e;
    }
    // Qualys refuses to delete an id it does not have; if the record is gone, delete is done.
    let still: AuthNsx | undefined;
    try {
      still = await listed();
    } catch {
      throw refused;
    }
    if (!still) {
      warn(`NsxAuthRecord ${id}: already deleted in Qualys; removing it from the stack.`);
      return;
    }
    throw refused;
  },
};
