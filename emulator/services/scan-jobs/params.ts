/**
 * Scan-jobs parameters: reading the form the way Qualys does (unknown, missing and exclusive
 * parameters refused with its error codes, lists and flags read as the VM/PC API documents them).
 * validation.ts turns what is read here into a created or updated job.
 */
import { ApiError, type RouteContext } from "../../router";

export const invalid = (text: string) => new ApiError(400, text, "1905");
export const missing = (...names: string[]) => new ApiError(400, `Missing required parameter(s): ${names.join(", ")}`, "1903");
export const exclusive = (a: string, b: string) =>
  new ApiError(400, `Parameters ${a} and ${b} are mutually exclusive and cannot be specified in the same request.`, "1904");

// ---------------------------------------------------------------------------------------------
// Parameter reading
// ---------------------------------------------------------------------------------------------

/** The schedule's parameter groups (validation.ts checks which may go together). */
export const OCCURRENCE_PARAMS = [
  "frequency_days",
  "frequency_weeks",
  "weekdays",
  "frequency_months",
  "day_of_month",
  "day_of_week",
  "week_of_month",
] as const;
export const START_PARAMS = ["start_date", "start_hour", "start_minute", "time_zone_code", "observe_dst"] as const;
export const DURATION_PARAMS = [
  "recurrence",
  "end_after",
  "end_after_mins",
  "pause_after_hours",
  "pause_after_mins",
  "resume_in_days",
  "resume_in_hours",
] as const;

export const JOB_PARAMS = new Set<string>([
  "action",
  "echo_request",
  "id",
  "scan_title",
  "connector_name",
  "connector_uuid",
  "active",
  "option_title",
  "option_id",
  "module",
  "schedule",
  "cloud_provider",
  "cloud_service",
  "priority",
  "iscanner_id",
  "iscanner_name",
  "region_code",
  "virtual_network_id",
  "tag_include_selector",
  "tag_exclude_selector",
  "tag_set_by",
  "tag_set_include",
  "tag_set_exclude",
  "cloud_resource_ids",
  "occurrence",
  ...OCCURRENCE_PARAMS,
  ...START_PARAMS,
  ...DURATION_PARAMS,
  "set_start_time",
  "before_notify",
  "before_notify_unit",
  "before_notify_time",
  "before_notify_message",
  "after_notify",
  "after_notify_message",
  "recipient_group_ids",
]);

export class Params {
  constructor(private readonly form: URLSearchParams) {}

  has(k: string): boolean {
    return this.form.has(k);
  }

  /** The value as sent ("" included); undefined when absent. */
  raw(k: string): string | undefined {
    return this.form.has(k) ? this.form.get(k)! : undefined;
  }

  /** Present and not empty. */
  set(k: string): boolean {
    const v = this.raw(k);
    return v !== undefined && v.trim() !== "";
  }

  str(k: string): string | undefined {
    const v = this.raw(k);
    return v === undefined ? undefined : v.trim();
  }

  int(k: string, min: number, max: number): number | undefined {
    const v = this.str(k);
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max)
      throw invalid(`Invalid value for ${k}: "${v}". A valid value is an integer from ${min} to ${max}.`);
    return Number(v);
  }

  /** An integer that "" clears (update convention): undefined = absent, null = clear. */
  clearableInt(k: string, min: number, max: number): number | null | undefined {
    const v = this.raw(k);
    if (v === undefined) return undefined;
    if (v.trim() === "") return null;
    return this.int(k, min, max);
  }

  bit(k: string): boolean | undefined {
    const v = this.str(k);
    if (v === undefined) return undefined;
    if (v !== "0" && v !== "1") throw invalid(`Invalid value for ${k}: "${v}". Specify 0 or 1.`);
    return v === "1";
  }

  oneOf<T extends string>(k: string, values: readonly T[], opts: { caseInsensitive?: boolean } = {}): T | undefined {
    const v = this.str(k);
    if (v === undefined) return undefined;
    const found = values.find((x) => (opts.caseInsensitive ? x.toLowerCase() === v.toLowerCase() : x === v));
    if (found === undefined) throw invalid(`Invalid value for ${k}: "${v}". Valid values are: ${values.join(", ")}.`);
    return found;
  }

  list(k: string): string[] | undefined {
    const v = this.raw(k);
    if (v === undefined) return undefined;
    return v
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
  }
}

export function checkKnown(form: URLSearchParams, known: Set<string>): void {
  const unknown = [...new Set([...form.keys()].filter((k) => !known.has(k)))];
  if (unknown.length > 0) throw new ApiError(400, `Unrecognized parameter(s): ${unknown.join(", ")}`, "1901");
}

export function requireXRequestedWith(ctx: RouteContext): void {
  if (!ctx.headers["x-requested-with"]) throw new ApiError(400, "Missing required header X-Requested-With.", "1903");
}
