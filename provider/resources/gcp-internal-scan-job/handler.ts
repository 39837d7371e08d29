/**
 * GcpInternalScanJob lifecycle (docs/gcp-internal-scan-job.md): a Qualys GCP instance-based scan job.
 *
 * API calls per operation (counted by the emulator, see handler.test.ts):
 *  - create = schedule-scan action=list (the jobs that exist before, see below; ONE list serves the
 *    creates of a burst, up to 100: `baseline`) + job action=create (2; N creates of one `up` cost
 *    N + ⌈N/100⌉ + a few); + job action=update when `cloudResourceIds` are set (3); if that follow-up fails,
 *    + schedule-scan action=delete to undo the half-made job (4; if that fails too, the create ends
 *    pending, see below); when the create's answer is lost, + 1…n lists while looking for the job
 *    (ONE after Qualys's own 500, + the create once more when that list shows no new job);
 *  - read (refresh) = ONE schedule-scan action=list&id=a,b,c&show_cloud_details=1 per batch of reads
 *    that arrive together (up to 100 ids), and once a refresh is under way one list of every schedule
 *    serves the rest of it (`jobReader`, shared/batch.ts): a refresh of N jobs costs a few calls;
 *  - update = job action=update with only what changed (1); + one list first when a start-time
 *    field changes and neither the old nor the new program names a start date (2), because
 *    set_start_time=1 needs the whole group and the date Qualys holds is re-sent;
 *  - delete = schedule-scan action=delete (1); + one list of the id (without cloud details) when
 *    Qualys refuses because the id is unknown, to confirm the job is gone (2); after a lost answer,
 *    lists of the id until it is gone: ONE when the answer was Qualys's own 500 (+1), for one
 *    request timeout after a timeout, a cut connection or a gateway's 502/504 (+1…n), the delete
 *    again only if it is still listed (shared/lost-delete.ts).
 *
 * ONE-SHOT (`schedule: {type: "now"}`) JOBS. Creating a now job launches a scan. Qualys drops the
 * job from the schedule list once the scan has run, so a plain "not listed = gone" read would make
 * refresh drop it from the stack and the next `up` create — i.e. launch — it again. Therefore:
 *  - a now job that is no longer listed is NOT gone: read returns its state unchanged, with
 *    `launchState: "completed"` and `listed: false` in the outputs; the inputs reported to the
 *    engine are exactly the state's, so preview after refresh shows no change and nothing launches;
 *  - a now job that is still listed is not compared with the list either (mapping.ts `mergeRead`):
 *    Qualys deactivating it after the run is not drift;
 *  - any change to a now job's inputs is a replacement (schema.ts `replacementFor`): a new scan is
 *    launched on purpose. The diff says so: the reason is printed as a warning in the CLI
 *    diagnostics of `preview`/`up`, and `replaces` names the changed properties;
 *  - delete of a completed now job finds nothing to delete and succeeds.
 * A now job deleted by hand in Qualys reads the same as a completed one (the list cannot tell them
 * apart): it stays in the stack as "completed" and is not relaunched.
 *
 * A CREATE WHOSE ANSWER IS LOST (docs/failure-model.md). Qualys does not keep job titles unique, has
 * no idempotency key and no free-text field a marker could live in, so repeating the create would
 * make (and, for a now job, launch) a second job. Instead the create first lists the jobs (one extra
 * call, the only read beyond the minimum, and its reason; shared by the creates of a burst): the ids
 * that already carry this title are someone else's. After a lost answer it lists again, polling for one request timeout since
 * Qualys may still be executing the create: exactly one NEW job with this title is ours and is
 * taken as the result. Two or more new ones (someone made a same-titled job in those seconds)
 * cannot be told apart: the create fails and names them. After Qualys's own HTTP 500 (not a
 * timeout, a cut connection or a gateway's 502/504) Qualys is done with the call (`settledByQualys`,
 * shared/lost-answer.ts, the rule the deletes use too): ONE list decides, and when it shows no new job
 * the create did not run and never will, so it is sent once more in the same run (never a third
 * time; a repeat whose answer is lost again is recovered as below, without another repeat).
 * Otherwise none by the end of the wait: the job may still appear, so the create fails as a PENDING
 * create (shared/lost-answer.ts) under a placeholder id (`pending-…`, the schedule id is not
 * known), with the ids seen before in state. On the next
 * `up`, diff asks for a delete-before-replace: delete finds the job the lost create made after all
 * (the one new same-titled job) and deletes it, then create makes the job afresh. That converges
 * to exactly one job; a `now` job whose lost create did land has launched its scan, and the
 * replacement launches another. Read keeps a pending job as it is (it has no schedule id to list).
 *
 * A CREATE LEFT HALF-MADE. With `cloudResourceIds` the job is created inactive and a follow-up
 * update sets the ids (the Qualys API accepts cloud_resource_ids only on update). When that update
 * fails, the create deletes the job again: gone, the create fails plainly (nothing in Qualys, nothing
 * in the stack). When that delete does not confirm the job is gone either, failing plainly would
 * drop the job from the stack while Qualys still holds it, and the rerun would make a second job
 * with this title. So the create fails as a PENDING create under the job's real schedule id
 * (`pendingCreate` without `before`). The next `up` replaces it, as it does a lost create: delete
 * removes schedule <id> (or finds it already gone: the failed undo may have run after all), then
 * create makes the job afresh with its ids. Not an update that sends the ids: an update cannot
 * change the resource's id, so it could not recover when the job is gone. The job is inactive and
 * cloudResourceIds rule out a `now` schedule, so replacing it launches no scan. Read lists it like
 * any job: still listed, it shows drift as usual and stays pending (`pendingCreate` kept, so the next
 * `up` still replaces it); no longer listed (deleted in Qualys), it is gone: refresh drops it, and
 * the next `up` creates it. Destroy deletes schedule <id>.
 */
import { randomUUID } from "node:crypto";
import type { QualysClients } from "../../clients";
import { canonicalId } from "../../clients/xml/documents";
import type { ScheduleScan } from "../../clients/xml/documents";
import { isQualysError, QualysError, errorMessage } from "../../errors";
import { BatchReader } from "../../shared/batch";
import { validate } from "../../shared/check";
import type { HandlerContext, ResourceHandler } from "../../engine/handler";
import { deleteConfirmed } from "../../shared/lost-delete";
import { ambiguous, pendingCreate, pollFor, settledByQualys, type PendingCreate } from "../../shared/lost-answer";
import { warn } from "../../shared/notices";
import { readerFor, sharedAnswerFor } from "../../shared/readers";
import { diffInputs } from "../../shared/diff";
import { FIXED_PARAMS, fromScheduleScan, mergeRead, toCreateFollowUpParams, toCreateParams, toUpdateParams, inputsOf } from "./mapping";
import {
  DIFF_POLICY,
  gcpInternalScanJobInputsSchema,
  type GcpInternalScanJobInputs,
  type GcpInternalScanJobObserved,
  type GcpInternalScanJobOutputs,
} from "./schema";

const OPS = {
  create: "GCP internal scan job create",
  followUp: "GCP internal scan job update (cloud resource ids after create)",
  update: "GCP internal scan job update",
  list: "schedule scan list",
  delete: "schedule scan delete",
} as const;

function isNow(i: GcpInternalScanJobInputs): boolean {
  return i.schedule.type === "now";
}

/** The observed values of state, with defaults for state written before they existed. */
function observedOf(outs: Partial<GcpInternalScanJobOutputs>, id: string): GcpInternalScanJobObserved {
  const inputs = inputsOf(outs);
  const launched = outs.launched ?? (inputs.schedule?.type === "now" && inputs.active !== false);
  const o: GcpInternalScanJobObserved = { scheduleId: outs.scheduleId ?? id, launched, listed: outs.listed ?? true };
  if (outs.launchedAt !== undefined) o.launchedAt = outs.launchedAt;
  if (outs.launchState !== undefined) o.launchState = outs.launchState;
  return o;
}

function label(i: Pick<GcpInternalScanJobInputs, "title">, id?: string): string {
  return `GcpInternalScanJob "${i.title}"${id ? ` (schedule ${id})` : ""}`;
}

/** Ids per list call: keeps the form small; the list itself is not paged by Qualys. */
export const JOB_LIST_MAX_IDS = 100;

/** The schedules the list shows (`ids`, or every schedule), by canonical id; "not found" lists nothing. */
async function listJobs(clients: QualysClients, ids?: readonly string[]): Promise<Map<string, ScheduleScan>> {
  try {
    const list = await clients.scheduleScans.list({ ids }, OPS.list);
    return new Map(list.scans.map((s) => [s.ID, s]));
  } catch (e) {
    if (isQualysError(e, "not-found")) return new Map();
    throw e;
  }
}

/**
 * The schedule reader of a provider process (shared/batch.ts): reads arriving together become one
 * list of their ids; once a refresh is under way, one list of every schedule serves the rest of it.
 * Every write of the client set invalidates it (shared/readers.ts).
 */
export function jobReader(clients: QualysClients): BatchReader<string, ScheduleScan> {
  return readerFor<string, ScheduleScan>(clients, "gcp-internal-scan-job", {
    maxBatch: JOB_LIST_MAX_IDS,
    fetch: (ids) => listJobs(clients, ids),
    fetchAll: () => listJobs(clients),
  });
}

/** The job as the schedule-scan list shows it, or undefined when the list does not show it. */
async function listOne(clients: QualysClients, id: string): Promise<ScheduleScan | undefined> {
  return clients.scheduleScans.get(id, OPS.list);
}

/**
 * Whether the schedule list still shows the job. Asked without cloud details (the schedule scan
 * list's `show_cloud_details` is optional): a delete only needs to know whether the id is listed.
 */
async function isListed(clients: QualysClients, id: string): Promise<boolean> {
  return (await clients.scheduleScans.get(id, OPS.list, { showCloudDetails: false })) !== undefined;
}

async function deleteJob(clients: QualysClients, id: string): Promise<"deleted" | "already-gone"> {
  try {
    // A delete whose answer was lost: not listed any more is done in this run (shared/lost-delete.ts).
    await deleteConfirmed({
      what: `scan job (schedule id ${id})`,
      withinMs: clients.config.requestTimeoutMs,
      send: () => clients.scheduleScans.delete(id, OPS.delete),
      gone: async () => !(await isListed(clients, id)),
      settled: settledByQualys,
    });
    return "deleted";
  } catch (e) {
    // Qualys answers a delete of an unknown id with an error whose wording is not documented (the
    // emulator: 1905 "Scan schedule with ID … does not exist."). Rather than guess from the text,
    // ask the list: not listed = nothing left to delete.
    if (isQualysError(e, "not-found") || isQualysError(e, "invalid-request")) {
      if (!(await isListed(clients, id))) return "already-gone";
    }
    throw e;
  }
}

/** Every schedule id by title (ids canonical, as the parser gives them), from the list without cloud details. */
async function idsByTitle(clients: QualysClients): Promise<Map<string, string[]>> {
  const list = await clients.readOnly.scheduleScans.list({ showCloudDetails: false }, OPS.list);
  const byTitle = new Map<string, string[]>();
  for (const s of list.scans) {
    if (s.TITLE === undefined) continue;
    const ids = byTitle.get(s.TITLE);
    if (ids) ids.push(s.ID);
    else byTitle.set(s.TITLE, [s.ID]);
  }
  return byTitle;
}

/** The jobs the schedule-scan list shows with exactly this title. */
async function listTitled(clients: QualysClients, title: string): Promise<ScheduleScan[]> {
  const list = await clients.scheduleScans.list({ showCloudDetails: false }, OPS.list);
  return list.scans.filter((s) => s.TITLE === title);
}

/** Creates one list-before-create serves at most (one list per 100 creates of a burst). */
export const CREATES_PER_BASELINE = 100;
/** How old a list-before-create may be when a create of the same burst uses it. */
export const BASELINE_TTL_MS = 30_000;
/**
 * How long a list-before-create outlives the last create that used it. In a mixed stack the engine
 * interleaves types, and every slot can go to other resources for a moment (at 150 ms a call and 2
 * calls in flight, a few hundred milliseconds); without the grace each such moment cost a new list
 * (36 for the reference fleet's 200 jobs). A run's creates come in one burst, so a gap longer than
 * this ends it.
 */
export const BASELINE_GRACE_MS = 5_000;

/**
 * The list-before-create, shared by the creates of a provider process that come close together
 * (shared/batch.ts `SharedAnswer`): a create that starts while another is still running, or within
 * 5 s of the last one ending, uses the list that one took, up to 100 creates and 30 s per list. Any
 * list taken before a create's own call is a valid "before" for it (it names jobs that existed
 * before the call); what an older one can miss is a job with the same title made by someone else
 * since, which matters only when this create's answer is then lost and its call did not run (see
 * the header): the window is that list's age instead of one call. A create is never served a list
 * from before an earlier create of the same title in this process finished (its repeat after a lost
 * answer, or another resource with this title): that job must count as existing before.
 * Without the sharing, every create listed every schedule: N creates cost N lists of up to N jobs.
 *
 * `now`: the clock (tests); only the first call for a client set makes the shared answer, so a test
 * passes it before the first create.
 */
export function baseline(clients: QualysClients, now?: () => number) {
  return sharedAnswerFor(clients, "gcp-internal-scan-job baseline", {
    fetch: () => idsByTitle(clients),
    maxUses: CREATES_PER_BASELINE,
    ttlMs: BASELINE_TTL_MS,
    graceMs: BASELINE_GRACE_MS,
    now,
  });
}

/**
 * The create, and what to do when its answer is lost (see the header): the job is the one NEW job
 * with this title, compared with the list taken before the create. The recovery runs inside the
 * use of the list, so a later create of this title is served a list taken after it.
 */
async function createOrRecover(ctx: HandlerContext, inputs: GcpInternalScanJobInputs): Promise<string> {
  const clients = ctx.clients();
  return baseline(clients).use(inputs.title, async (byTitle) => {
    const before = new Set(byTitle.get(inputs.title));
    const send = () => clients.gcpScanJobs.create(toCreateParams(inputs), OPS.create);
    try {
      return await send();
    } catch (e) {
      if (!ambiguous(e)) throw e;
      return recoverLostCreate(clients, inputs, before, e, send);
    }
  });
}

/**
 * After a lost create answer: the one new job with this title, or a pending create (see the header).
 * `repeat`: the create, sent once more when Qualys's own 500 answered it and the look shows no new
 * job; absent for that repeat's own recovery, so a create is never sent a third time.
 */
async function recoverLostCreate(
  clients: QualysClients,
  inputs: GcpInternalScanJobInputs,
  before: Set<string>,
  e: unknown,
  repeat?: () => Promise<string>,
): Promise<string> {
  // After Qualys's own 500 it is done with the call (`settledByQualys`): one look decides.
  const settled = settledByQualys(e);
  let fresh: ScheduleScan[] | undefined;
  let lookFailed: unknown;
  try {
    fresh = await pollFor(
      async () => {
        const now = (await listTitled(clients, inputs.title)).filter((s) => !before.has(s.ID));
        return now.length > 0 ? now : undefined;
      },
      settled ? 0 : clients.config.requestTimeoutMs,
    );
  } catch (look) {
    lookFailed = look;
  }
  if (fresh === undefined && settled && lookFailed === undefined && repeat !== undefined) {
    // The create did not run and never will: sending it again cannot make a second job. The jobs
    // with this title are still those of `before`, so a job new to it is the repeat's.
    try {
      const id = await repeat();
      warn(
        `${label(inputs, id)}: the create was answered with ${errorMessage(e)}, and no new job with this title was in the schedule list afterwards, so Qualys had not run it; it was sent once more and made the job.`,
      );
      return id;
    } catch (again) {
      if (!ambiguous(again)) throw again;
      return recoverLostCreate(clients, inputs, before, again);
    }
  }
  if (fresh === undefined) throw pendingJob(inputs, [...before], e, lookFailed, repeat === undefined);
  if (fresh.length > 1) {
    throw new Error(
      `${errorMessage(e)}. The create may have run, but ${fresh.length} new scan jobs titled ${JSON.stringify(inputs.title)} appeared meanwhile (schedule ids ${fresh.map((s) => s.ID).join(", ")}), and which one is this resource's cannot be told: delete the one that is not wanted in Qualys (or both) before running again.`,
    );
  }
  const id = fresh[0].ID;
  warn(
    `${label(inputs, id)}: the answer to the create was lost (${errorMessage(e)}), but the job appeared in the schedule list: it is this resource's job, now tracked by the stack.`,
  );
  return id;
}

/**
 * What a pending create keeps in state: the failed call, and — when the create's answer was lost and
 * the schedule id is not known — the ids with this title seen before it. Without `before`, the id
 * the resource is kept under is the job's (a create left half-made, see the header).
 */
type PendingJob = PendingCreate & { before?: string[] };

function pendingOf(outs: Partial<GcpInternalScanJobOutputs> | Record<string, unknown>): PendingJob | undefined {
  return (outs as { pendingCreate?: PendingJob }).pendingCreate;
}

/** The create's answer was lost and the job has not appeared (yet): finish on the next `up` (see the header). */
function pendingJob(inputs: GcpInternalScanJobInputs, before: string[], e: unknown, lookFailed: unknown, repeated: boolean): Error {
  const reason = errorMessage(e);
  const twice = repeated
    ? "The create was sent a second time (Qualys answered the first with its own HTTP 500 and had not run it), and the answer to that one was lost too. "
    : "";
  const seen =
    lookFailed === undefined
      ? `No new scan job titled ${JSON.stringify(inputs.title)} appeared in the schedule list afterwards, so the create most likely did not run`
      : `Looking for a new scan job titled ${JSON.stringify(inputs.title)} afterwards failed too (${errorMessage(lookFailed)})`;
  const outs = {
    ...inputs,
    scheduleId: "",
    launched: false,
    listed: false,
    pendingCreate: { since: new Date().toISOString(), reason, before } satisfies PendingJob,
  };
  return pendingCreate(
    `pending-${randomUUID().slice(0, 8)}`,
    outs,
    `${reason}. ${twice}${seen}; it is kept in the stack as pending, and the next \`pulumi up\` replaces it: it deletes the job if the lost create made one after all, then creates the job.`,
  );
}

/**
 * The cloudResourceIds follow-up failed (`e`) and the undo delete did not confirm the job is gone
 * (`undo`): keep the job in the stack under its real id, pending, so nothing is lost or made twice
 * (see the header).
 */
function pendingHalfMade(inputs: GcpInternalScanJobInputs, id: string, e: unknown, undo: unknown): Error {
  const reason = errorMessage(e);
  const outs = {
    ...inputs,
    scheduleId: id,
    launched: false,
    listed: true,
    pendingCreate: { since: new Date().toISOString(), reason } satisfies PendingJob,
  };
  return pendingCreate(
    id,
    outs,
    `${reason}. The scan job was created (schedule ${id}, inactive) but setting its cloud resource ids failed, and deleting it again also failed (${errorMessage(undo)}). Nothing is lost: the job is kept in the stack as pending under schedule ${id}, and the next \`pulumi up\` replaces it (it deletes schedule ${id}, then creates the job again with its cloud resource ids); \`pulumi destroy\` deletes it.`,
  );
}

/** delete of a pending create whose schedule id is not known: the job the lost create made after all, if any (see the header). */
async function deleteLandedJob(clients: QualysClients, props: GcpInternalScanJobOutputs, idsBefore: string[]): Promise<void> {
  const before = new Set(idsBefore);
  const fresh = (await listTitled(clients, props.title)).filter((s) => !before.has(s.ID));
  if (fresh.length > 1) {
    throw new Error(
      `${label(props)}: an earlier create lost its answer, and ${fresh.length} new jobs with this title appeared since (schedule ids ${fresh.map((s) => s.ID).join(", ")}); which one it made cannot be told: delete the unwanted ones in Qualys and run again.`,
    );
  }
  if (fresh.length === 0) return; // the lost create never ran: nothing to delete
  const id = fresh[0].ID;
  await deleteJob(clients, id);
  warn(`${label(props, id)}: the create whose answer was lost did make this job after all; it was deleted, and the job is created again.`);
}

/** A start-time field changes and no start date is known: the update must re-send Qualys's. */
function needsCurrentStartDate(olds: GcpInternalScanJobInputs, news: GcpInternalScanJobInputs): boolean {
  const o = olds.schedule;
  const n = news.schedule;
  if (o.type === "now" || n.type === "now") return false;
  if (n.startDate !== undefined || o.startDate !== undefined) return false;
  return (
    o.startHour !== n.startHour || o.startMinute !== n.startMinute || o.timeZoneCode !== n.timeZoneCode || o.observeDst !== n.observeDst
  );
}

export const gcpInternalScanJobHandler: ResourceHandler<GcpInternalScanJobInputs, GcpInternalScanJobOutputs> = {
  type: "GcpInternalScanJob",

  check(_olds, news) {
    const r = validate(gcpInternalScanJobInputsSchema, news);
    if (!r.ok) return { inputs: news, failures: r.failures };
    return { inputs: r.value, failures: [] };
  },

  diff(id, olds, news) {
    const pending = pendingOf(olds);
    if (pending !== undefined) {
      // A pending create (see the header): delete (the job the lost create may have made, or the
      // half-made one) before creating it again, so there is never a second one.
      warn(
        pending.before === undefined
          ? `${label(news, id)}: an earlier create left this job half-made (its cloud resource ids were not set); it is replaced (the job is deleted first, then created again).`
          : `${label(news)}: an earlier create lost its answer; the job is replaced (any job that create made is deleted first).`,
      );
      return { changes: true, replaces: ["scheduleId"], stables: [], changed: ["scheduleId"], deleteBeforeReplace: true };
    }
    const d = diffInputs(inputsOf(olds), news, DIFF_POLICY);
    if (d.replaces.length > 0) {
      // The engine shows "replace" and the property names; the *why* (a new scan will be launched)
      // only we know, so it goes to the CLI diagnostics of preview and up.
      const launches = isNow(news) ? " Creating the replacement launches a new scan now." : "";
      warn(`${label(news, id)}: ${d.changed.join(", ")} changed, so the job is replaced: ${(d.reasons ?? []).join("; ")}.${launches}`);
    }
    return d;
  },

  async create(ctx, inputs) {
    const clients = ctx.clients();
    const id = await createOrRecover(ctx, inputs);
    if (!/^\d+$/.test(id)) {
      throw new QualysError({
        kind: "unexpected-response",
        api: "api",
        operation: OPS.create,
        hint:
          `the SIMPLE_RETURN of the create names no schedule ID${id ? ` (got "${id}")` : ""}, so the provider cannot track the job. ` +
          `It may have been created${isNow(inputs) ? " and its scan launched" : ""}: look for a scan schedule titled "${inputs.title}" in Qualys and delete it (or keep it) before running again`,
      });
    }

    const followUp = toCreateFollowUpParams(inputs);
    if (followUp !== undefined) {
      try {
        await clients.gcpScanJobs.update(id, { ...FIXED_PARAMS, ...followUp }, OPS.followUp);
      } catch (e) {
        // Compensation: the job exists but inactive and without its resource ids. Undo it, so the
        // stack and Qualys agree (neither has the job) and a rerun starts clean; when the undo does
        // not confirm the job is gone, the stack keeps it as pending (see the header).
        try {
          await deleteJob(clients, id);
        } catch (undo) {
          throw pendingHalfMade(inputs, id, e, undo);
        }
        throw new Error(
          `${errorMessage(e)}. The half-made scan job (schedule ${id}) was deleted again, so nothing is left behind; fix the cause and run again.`,
        );
      }
    }

    const launched = isNow(inputs) && inputs.active;
    const outs: GcpInternalScanJobOutputs = { ...inputs, scheduleId: id, launched, listed: true };
    if (launched) {
      outs.launchedAt = new Date().toISOString();
      outs.launchState = "launched";
    }
    return { id, outs: outs };
  },

  // Never shown by the schedule list (see fromScheduleScan), so an import cannot see them: named by
  // the import warning. The recurrence is the schedule's own, shown only as its next launch.
  importUnreported: ["cloudResourceIds", "notifications", "schedule.recurrence"],

  async read(ctx, id, props) {
    // A lost create has no schedule id to list: kept as it is until the next `up` replaces it.
    const pending = pendingOf(props);
    if (pending?.before !== undefined) return { id, props, inputs: inputsOf(props) };
    const clients = ctx.clients();
    if ((props as Partial<GcpInternalScanJobOutputs>).schedule === undefined) {
      // Import (native plugin): no state yet, so the listing is the whole truth. Tags are listed by
      // name, so they are imported by name.
      const scan = await listOne(clients, id);
      if (scan === undefined) return undefined;
      // The list shows names and ids; the program may name only one of each, and names are what people write.
      const { connectorUuid, optionProfileId, ...rb } = fromScheduleScan(scan);
      if (rb.connectorName === undefined && connectorUuid !== undefined) Object.assign(rb, { connectorUuid });
      if (rb.optionProfileTitle === undefined && optionProfileId !== undefined) Object.assign(rb, { optionProfileId });
      const inputs = JSON.parse(
        JSON.stringify({ ...rb, ...(rb.tags ? { tags: { setBy: "name", ...rb.tags } } : {}) }),
      ) as GcpInternalScanJobInputs;
      return { id, props: { ...inputs, ...observedOf({}, id), listed: true }, inputs };
    }
    const state = inputsOf(props);
    const observed = observedOf(props, id);
    const scan = await jobReader(clients).load(canonicalId(id));

    if (isNow(state)) {
      // One-shot: the launch happened. Listed or not, the inputs stay exactly as in state (see the
      // header), so nothing after a refresh can launch it again.
      const outs: GcpInternalScanJobOutputs = { ...state, ...observed, listed: scan !== undefined };
      if (observed.launched) outs.launchState = scan !== undefined ? "launched" : "completed";
      return { id, props: outs, inputs: state };
    }

    // A recurring job deleted outside the stack is gone, a half-made pending one too: refresh drops
    // it, and the next `up` creates it afresh.
    if (scan === undefined) return undefined;
    // Drift is judged on the inputs alone (inputsOf leaves the pending marker out): a half-made job
    // shows as Qualys holds it (inactive, so `active: false`). Its marker stays while it is listed:
    // a successful read clears the engine's init error, and without the marker the next `up` would
    // plan a plain update, which never sets the cloud resource ids the list cannot show missing.
    const merged = mergeRead(state, fromScheduleScan(scan));
    const outs: GcpInternalScanJobOutputs & { pendingCreate?: PendingJob } = { ...merged, ...observed, listed: true };
    if (pending !== undefined) outs.pendingCreate = pending;
    return { id, props: outs, inputs: merged };
  },

  async update(ctx, id, olds, news) {
    const clients = ctx.clients();
    const oldInputs = inputsOf(olds);
    if (isNow(oldInputs) || isNow(news)) {
      // diff makes every such change a replacement; reaching here is a bug, and an update would
      // be a relaunch nobody asked for.
      throw new Error(`${label(news, id)}: a job with a "now" schedule is never updated in place (any change is a replacement)`);
    }
    let currentStartDate: string | undefined;
    if (needsCurrentStartDate(oldInputs, news)) {
      const scan = await listOne(clients, id);
      if (scan === undefined) {
        throw new QualysError({
          kind: "not-found",
          api: "api",
          operation: OPS.update,
          hint: `scan schedule ${id} is no longer in the schedule list; run \`pulumi refresh\` (it drops the job from the stack) and \`pulumi up\` to create it again`,
        });
      }
      const read = fromScheduleScan(scan).schedule;
      currentStartDate = read?.startDate;
    }
    const params = toUpdateParams(oldInputs, news, { currentStartDate });
    if (Object.keys(params).length > 0) {
      // cloud_provider / cloud_service identify the API variant and are "Required" in the notes'
      // table (the update sample sends them): they travel with every update, changed or not.
      await clients.gcpScanJobs.update(id, { ...FIXED_PARAMS, ...params }, OPS.update);
    }
    return { ...news, ...observedOf(olds, id), listed: true };
  },

  async delete(ctx, id, props) {
    const clients = ctx.clients();
    const pending = pendingOf(props);
    if (pending?.before !== undefined) return deleteLandedJob(clients, props, pending.before);
    // A half-made pending job (see the header) is deleted by its id like any other; already gone is
    // no news for it (the failed undo may have run after all).
    const outcome = await deleteJob(clients, id);
    if (outcome === "already-gone" && pending === undefined && !isNow(inputsOf(props))) {
      warn(`${label(inputsOf(props), id)}: already deleted in Qualys; removing it from the stack.`);
    }
  },
};
