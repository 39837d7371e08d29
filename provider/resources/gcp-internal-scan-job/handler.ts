/**
 * GcpInternalScanJob lifecycle (DESIGN §4): a Qualys GCP instance-based scan job.
 *
 * API calls per operation (counted by the emulator, see handler.test.ts):
 *  - create = job action=create (1); + job action=update when `cloudResourceIds` are set (2); if that
 *    follow-up fails, + schedule-scan action=delete to undo the half-made job (3);
 *  - read (refresh) = ONE schedule-scan action=list&id=a,b,c&show_cloud_details=1 per batch of reads
 *    that arrive together (up to 100 ids), and once a refresh is under way one list of every schedule
 *    serves the rest of it (`jobReader`, shared/batch.ts): a refresh of N jobs costs a few calls;
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
 */
import type { QualysClients } from "../../clients";
import { canonicalScheduleId } from "../../clients/schedule-scans";
import type { ScheduleScan } from "../../clients/xml/documents";
import { isQualysError, QualysError, errorMessage } from "../../errors";
import { BatchReader } from "../../shared/batch";
import { validate } from "../../shared/check";
import type { ResourceHandler } from "../../shared/dynamic";
import { warn } from "../../shared/notices";
import { readerFor } from "../../shared/readers";
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
    const list = await clients.readOnly.scheduleScans.list({ ids }, OPS.list);
    return new Map(list.scans.map((s) => [canonicalScheduleId(s.ID), s]));
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
  return readerFor(
    clients,
    "gcp-internal-scan-job",
    () =>
      new BatchReader<string, ScheduleScan>({
        maxBatch: JOB_LIST_MAX_IDS,
        fetch: (ids) => listJobs(clients, ids),
        fetchAll: () => listJobs(clients),
      }),
  );
}

/** The job as the schedule-scan list shows it, or undefined when the list does not show it. */
async function listOne(clients: QualysClients, id: string): Promise<ScheduleScan | undefined> {
  return clients.readOnly.scheduleScans.get(id, OPS.list);
}

async function deleteJob(clients: QualysClients, id: string): Promise<"deleted" | "already-gone"> {
  try {
    await clients.readOnly.scheduleScans.delete(id, OPS.delete);
    return "deleted";
  } catch (e) {
    // Qualys answers a delete of an unknown id with an error whose wording is not documented (the
    // emulator: 1905 "Scan schedule with ID … does not exist."). Rather than guess from the text,
    // ask the list: not listed = nothing left to delete.
    if (isQualysError(e, "not-found") || isQualysError(e, "invalid-request")) {
      if ((await listOne(clients, id)) === undefined) return "already-gone";
    }
    throw e;
  }
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
    const id = await clients.gcpScanJobs.create(toCreateParams(inputs), OPS.create);
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
        // stack and Qualys agree (neither has the job) and a rerun starts clean.
        try {
          await deleteJob(clients, id);
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
    const outs: GcpInternalScanJobOutputs = { ...inputs, scheduleId: id, launched, listed: true };
    if (launched) {
      outs.launchedAt = new Date().toISOString();
      outs.launchState = "launched";
    }
    return { id, outs: outs };
  },

  // Never shown by the schedule list (see fromScheduleScan): named by the native plugin's import warning.
  importUnreported: ["notifications"],

  async read(ctx, id, props) {
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
    const scan = await jobReader(clients).load(canonicalScheduleId(id));

    if (isNow(state)) {
      // One-shot: the launch happened. Listed or not, the inputs stay exactly as in state (see the
      // header), so nothing after a refresh can launch it again.
      const outs: GcpInternalScanJobOutputs = { ...state, ...observed, listed: scan !== undefined };
      if (observed.launched) outs.launchState = scan !== undefined ? "launched" : "completed";
      return { id, props: outs, inputs: state };
    }

    if (scan === undefined) return undefined; // a recurring job deleted outside the stack: gone
    const merged = mergeRead(state, fromScheduleScan(scan));
    return { id, props: { ...merged, ...observed, listed: true }, inputs: merged };
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
    const outcome = await deleteJob(clients, id);
    if (outcome === "already-gone" && !isNow(inputsOf(props))) {
      warn(`${label(inputsOf(props), id)}: already deleted in Qualys; removing it from the stack.`);
    }
  },
};
