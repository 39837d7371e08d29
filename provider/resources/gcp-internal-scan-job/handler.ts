/**
 * GcpInternalScanJob lifecycle (DESIGN §4): a Qualys GCP instance-based scan job.
 *
 * API calls per operation (counted by the emulator, see handler.test.ts):
 *  - create = schedule-scan action=list (the jobs that exist before, see below) + job action=create
 *    (2); + job action=update when `cloudResourceIds` are set (3); if that follow-up fails,
 *    + schedule-scan action=delete to undo the half-made job (4); when the create's answer is lost,
 *    + 1…n lists while looking for the job;
 *  - read (refresh) = schedule-scan action=list&id=…&show_cloud_details=1 (1);
 *  - update = job action=update with only what changed (1); + one list first when a start-time
 *    field changes and neither the old nor the new program names a start date (2), because
 *    set_start_time=1 needs the whole group and the date Qualys holds is re-sent;
 *  - delete = schedule-scan action=delete (1); + one list when Qualys refuses because the id is
 *    unknown, to confirm the job is gone (2).
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
 * call, the only read beyond the minimum, and its reason): the ids that already carry this title
 * are someone else's. After a lost answer it lists again, polling for one request timeout since
 * Qualys may still be executing the create: exactly one NEW job with this title is ours and is
 * taken as the result. Two or more new ones (someone made a same-titled job in those seconds)
 * cannot be told apart: the create fails and names them. None by the end of the wait: the create
 * fails saying the job may still appear (the limit: a job Qualys creates later than that is not
 * recognised by the next `up`, which makes another).
 */
import type { XmlClient } from "../../clients/xml/client";
import { parseScheduleScanList, type ScheduleScan } from "../../clients/xml/documents";
import { isQualysError, QualysError, errorMessage } from "../../errors";
import { validate } from "../../shared/check";
import type { HandlerContext, ResourceHandler } from "../../shared/dynamic";
import { ambiguous, pollFor } from "../../shared/lost-answer";
import { warn } from "../../shared/notices";
import { changedProperties } from "./compare";
import {
  FIXED_PARAMS,
  fromScheduleScan,
  JOB_PATH,
  mergeRead,
  SCHEDULE_SCAN_PATH,
  toCreateFollowUpParams,
  toCreateParams,
  toDeleteParams,
  toListParams,
  toUpdateParams,
  type Params,
} from "./mapping";
import { inputsSchema, OBSERVED_KEYS, replacementFor, type Inputs, type Observed, type Outputs } from "./schema";

const OPS = {
  create: "GCP internal scan job create",
  followUp: "GCP internal scan job update (cloud resource ids after create)",
  update: "GCP internal scan job update",
  list: "schedule scan list",
  delete: "schedule scan delete",
} as const;

/** The inputs part of the outputs (state holds inputs and observed values side by side). */
export function inputsOf(outs: Outputs | Record<string, unknown>): Inputs {
  const copy: Record<string, unknown> = { ...outs };
  for (const k of OBSERVED_KEYS) delete copy[k];
  delete copy.__provider;
  return copy as unknown as Inputs;
}

function isNow(i: Inputs): boolean {
  return i.schedule.type === "now";
}

/** The observed values of state, with defaults for state written before they existed. */
function observedOf(outs: Partial<Outputs>, id: string): Observed {
  const inputs = inputsOf(outs);
  const launched = outs.launched ?? (inputs.schedule?.type === "now" && inputs.active !== false);
  const o: Observed = { scheduleId: outs.scheduleId ?? id, launched, listed: outs.listed ?? true };
  if (outs.launchedAt !== undefined) o.launchedAt = outs.launchedAt;
  if (outs.launchState !== undefined) o.launchState = outs.launchState;
  return o;
}

function label(i: Pick<Inputs, "title">, id?: string): string {
  return `GcpInternalScanJob "${i.title}"${id ? ` (schedule ${id})` : ""}`;
}

function canonicalId(id: string): string {
  return id.trim().replace(/^0+(?=\d)/, "");
}

/** The job as the schedule-scan list shows it, or undefined when the list does not show it. */
async function listOne(xml: XmlClient, id: string): Promise<ScheduleScan | undefined> {
  let body: string;
  try {
    body = await xml.post(SCHEDULE_SCAN_PATH, toListParams(id), { operation: OPS.list, idempotent: true });
  } catch (e) {
    if (isQualysError(e, "not-found")) return undefined;
    throw e;
  }
  const want = canonicalId(id);
  return parseScheduleScanList(body, OPS.list).scans.find((s) => canonicalId(s.ID) === want);
}

async function deleteJob(xml: XmlClient, id: string): Promise<"deleted" | "already-gone"> {
  try {
    await xml.postSimple(SCHEDULE_SCAN_PATH, toDeleteParams(id), { operation: OPS.delete });
    return "deleted";
  } catch (e) {
    // Qualys answers a delete of an unknown id with an error whose wording is not documented (the
    // emulator: 1905 "Scan schedule with ID … does not exist."). Rather than guess from the text,
    // ask the list: not listed = nothing left to delete.
    if (isQualysError(e, "not-found") || isQualysError(e, "invalid-request")) {
      if ((await listOne(xml, id)) === undefined) return "already-gone";
    }
    throw e;
  }
}

/** The jobs the schedule-scan list shows with exactly this title. */
async function listTitled(xml: XmlClient, title: string): Promise<ScheduleScan[]> {
  const body = await xml.post(SCHEDULE_SCAN_PATH, { action: "list" }, { operation: OPS.list, idempotent: true });
  return parseScheduleScanList(body, OPS.list).scans.filter((s) => s.TITLE === title);
}

/**
 * The create, and what to do when its answer is lost (see the header): the job is the one NEW job
 * with this title, compared with the list taken just before the create.
 */
async function createOrRecover(ctx: HandlerContext, inputs: Inputs): Promise<string> {
  const xml = ctx.clients().xml;
  const before = new Set((await listTitled(xml, inputs.title)).map((s) => canonicalId(s.ID)));
  try {
    return await post(xml, { action: "create", ...toCreateParams(inputs) }, OPS.create);
  } catch (e) {
    if (!ambiguous(e)) throw e;
    let fresh: ScheduleScan[] | undefined;
    try {
      fresh = await pollFor(async () => {
        const now = (await listTitled(xml, inputs.title)).filter((s) => !before.has(canonicalId(s.ID)));
        return now.length > 0 ? now : undefined;
      }, ctx.clients().config.requestTimeoutMs);
    } catch {
      fresh = undefined;
    }
    if (fresh === undefined) {
      throw new Error(
        `${errorMessage(e)}. No new scan job titled ${JSON.stringify(inputs.title)} appeared in the schedule list afterwards, so the create most likely did not run; run again. If Qualys shows such a job later${isNow(inputs) ? " (its scan launched)" : ""}, delete it before running again, or the next run makes a second one.`,
      );
    }
    if (fresh.length > 1) {
      throw new Error(
        `${errorMessage(e)}. The create may have run, but ${fresh.length} new scan jobs titled ${JSON.stringify(inputs.title)} appeared meanwhile (schedule ids ${fresh.map((s) => s.ID).join(", ")}), and which one is this resource's cannot be told: delete the one that is not wanted in Qualys (or both) before running again.`,
      );
    }
    const id = canonicalId(fresh[0].ID);
    warn(
      `${label(inputs, id)}: the answer to the create was lost (${errorMessage(e)}), but the job appeared in the schedule list: it is this resource's job, now tracked by the stack.`,
    );
    return id;
  }
}

async function post(xml: XmlClient, params: Params, operation: string): Promise<string> {
  const r = await xml.postSimple(JOB_PATH, params, { operation });
  return (r.items.ID ?? "").trim();
}

/** A start-time field changes and no start date is known: the update must re-send Qualys's. */
function needsCurrentStartDate(olds: Inputs, news: Inputs): boolean {
  const o = olds.schedule;
  const n = news.schedule;
  if (o.type === "now" || n.type === "now") return false;
  if (n.startDate !== undefined || o.startDate !== undefined) return false;
  return (
    o.startHour !== n.startHour || o.startMinute !== n.startMinute || o.timeZoneCode !== n.timeZoneCode || o.observeDst !== n.observeDst
  );
}

export const gcpInternalScanJobHandler: ResourceHandler<Inputs, Outputs> = {
  type: "GcpInternalScanJob",

  check(_olds, news) {
    const r = validate(inputsSchema, news);
    if (!r.ok) return { inputs: news, failures: r.failures };
    return { inputs: r.value, failures: [] };
  },

  diff(id, olds, news) {
    const oldInputs = inputsOf(olds);
    const changed = changedProperties(oldInputs, news).map(String);
    const { replaces, reasons } = replacementFor(oldInputs, news);
    if (replaces.length > 0) {
      // The engine shows "replace" and the property names; the *why* (a new scan will be launched)
      // only we know, so it goes to the CLI diagnostics of preview and up.
      const launches = isNow(news) ? " Creating the replacement launches a new scan now." : "";
      warn(`${label(news, id)}: ${changed.join(", ")} changed, so the job is replaced: ${reasons.join("; ")}.${launches}`);
    }
    return { changes: changed.length > 0, replaces: replaces.map(String), stables: [], changed, deleteBeforeReplace: false };
  },

  async create(ctx, inputs) {
    const xml = ctx.clients().xml;
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
        await post(xml, { action: "update", id, ...FIXED_PARAMS, ...followUp }, OPS.followUp);
      } catch (e) {
        // Compensation: the job exists but inactive and without its resource ids. Undo it, so the
        // stack and Qualys agree (neither has the job) and a rerun starts clean.
        try {
          await deleteJob(xml, id);
        } catch (undo) {
          throw new Error(
            `${errorMessage(e)}. The scan job was created (schedule ${id}, inactive) but setting its cloud resource ids failed, and deleting it again also failed (${errorMessage(undo)}): delete scan schedule ${id} in Qualys before running again.`,
          );
        }
        throw new Error(
          `${errorMessage(e)}. The half-made scan job (schedule ${id}) was deleted again, so nothing is left behind; fix the cause and run again.`,
        );
      }
    }

    const launched = isNow(inputs) && inputs.active;
    const outs: Outputs = { ...inputs, scheduleId: id, launched, listed: true };
    if (launched) {
      outs.launchedAt = new Date().toISOString();
      outs.launchState = "launched";
    }
    return { id, outs: outs };
  },

  async read(ctx, id, props) {
    const xml = ctx.clients().xml;
    const state = inputsOf(props);
    const observed = observedOf(props, id);
    const scan = await listOne(xml, id);

    if (isNow(state)) {
      // One-shot: the launch happened. Listed or not, the inputs stay exactly as in state (see the
      // header), so nothing after a refresh can launch it again.
      const outs: Outputs = { ...state, ...observed, listed: scan !== undefined };
      if (observed.launched) outs.launchState = scan !== undefined ? "launched" : "completed";
      return { id, props: outs, inputs: state };
    }

    if (scan === undefined) return undefined; // a recurring job deleted outside the stack: gone
    const merged = mergeRead(state, fromScheduleScan(scan));
    return { id, props: { ...merged, ...observed, listed: true }, inputs: merged };
  },

  async update(ctx, id, olds, news) {
    const xml = ctx.clients().xml;
    const oldInputs = inputsOf(olds);
    if (isNow(oldInputs) || isNow(news)) {
      // diff makes every such change a replacement; reaching here is a bug, and an update would
      // be a relaunch nobody asked for.
      throw new Error(`${label(news, id)}: a job with a "now" schedule is never updated in place (any change is a replacement)`);
    }
    let currentStartDate: string | undefined;
    if (needsCurrentStartDate(oldInputs, news)) {
      const scan = await listOne(xml, id);
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
      await post(xml, { action: "update", id, ...FIXED_PARAMS, ...params }, OPS.update);
    }
    return { ...news, ...observedOf(olds, id), listed: true };
  },

  async delete(ctx, id, props) {
    const xml = ctx.clients().xml;
    const outcome = await deleteJob(xml, id);
    if (outcome === "already-gone" && !isNow(inputsOf(props))) {
      warn(`${label(inputsOf(props), id)}: already deleted in Qualys; removing it from the stack.`);
    }
  },
};
