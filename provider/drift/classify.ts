/**
 * One outcome per resource of a stack, from what the engine's refresh preview reported for it.
 *
 * The engine reads each resource through the provider (the same `read` a `pulumi refresh` runs) and
 * reports the state before and after. Whether the two differ is decided by the resource's own
 * `diff` (the handler the provider runs), on the inputs part of the outputs: the normalisation and
 * the set/list rules that decide an `up` also decide drift, so the drift run can never call
 * something drift that `pulumi up` would not change, or the reverse. Fields Qualys does not report
 * are kept from state by `read`, so they cannot differ; they are listed as unobservable.
 */
import { QualysError, type QualysErrorKind } from "../errors";
import { kindForStatus } from "../clients/error-body";
import { resourceNamed } from "../resources";
import { inputKeys } from "../resources/spec";
import type { ResourceOutcome } from "./model";
import { unobservableOf } from "./observability";

/** The engine's view of one resource in the refresh preview (the step's old and new state). */
export interface RefreshStep {
  /** Outputs before the refresh (secrets as the engine shows them: `[secret]`). */
  old?: Record<string, unknown>;
  /** Outputs after; `undefined` = the provider said the object is gone. */
  new?: Record<string, unknown>;
  /** The step's operation: "delete" also means gone. */
  op?: string;
}

/** A managed Qualys resource of the stack's state. */
export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

/** The resource kind of a state type token: `pulumi-nodejs:dynamic/qualys:NsxAuthRecord` and `qualys:index:NsxAuthRecord` alike. */
export function qualysKind(type: string): string | undefined {
  const m = /^(?:pulumi-nodejs:dynamic\/qualys|qualys:index):(\w+)$/.exec(type);
  return m && resourceNamed(m[1]) ? m[1] : undefined;
}

const SECRET_KEYS = new Set(["password", "passwordHash", "token"]);

/**
 * A value as the report may show it. The engine already shows secrets as `[secret]`; this is the
 * second line: the NSX password and its hash never appear, whatever the engine sent.
 */
export function maskValue(path: string, value: unknown): unknown {
  return SECRET_KEYS.has(path.split(".")[0]) && value !== undefined ? "[secret]" : value;
}

function nameOf(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

function pickInputs(kind: string, outputs: Record<string, unknown>): Record<string, unknown> {
  const spec = resourceNamed(kind);
  const keys = spec ? inputKeys(spec) : Object.keys(outputs);
  const out: Record<string, unknown> = {};
  for (const k of keys) if (outputs[k] !== undefined) out[k] = outputs[k];
  return out;
}

/** The fields that differ between state and Qualys, as the resource's own diff decides. */
export function driftedFields(
  kind: string,
  id: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): ResourceOutcome["fields"] {
  const handler = resourceNamed(kind)!.handler;
  // Read keeps the unobservable fields from state, so they never differ here: no filter needed.
  const { changed } = handler.diff(id, before as never, pickInputs(kind, after) as never);
  return changed.map((path) => ({ path, state: maskValue(path, before[path]) ?? null, qualys: maskValue(path, after[path]) ?? null }));
}

/** The error kind of a failed read, from the message the provider gave the engine (QualysError text). */
export function errorKindOf(message: string): QualysErrorKind | "error" {
  if (/pulumi-qualys configuration:/.test(message)) return "config";
  const http = /HTTP (\d{3})(?:, code (\w+))?/.exec(message);
  if (http) return kindForStatus(Number(http[1]), http[2]);
  for (const kind of KINDS) if (message.includes(defaultText(kind))) return kind;
  return "error";
}

const KINDS: QualysErrorKind[] = [
  "unauthorized",
  "forbidden",
  "not-found",
  "invalid-request",
  "conflict",
  "rate-limited",
  "concurrency-limited",
  "server",
  "network",
  "timeout",
  "unexpected-response",
  "response-too-large",
];

/** The sentence a QualysError of `kind` carries when Qualys gave no text of its own. */
function defaultText(kind: QualysErrorKind): string {
  return new QualysError({ kind }).message.replace(/^Qualys request failed: /, "");
}

export function classify(args: {
  stack: string;
  resource: StateResource;
  step: RefreshStep | undefined;
  pending: boolean;
  error?: string;
}): ResourceOutcome {
  const { stack, resource: r } = args;
  const kind = qualysKind(r.type) ?? r.type;
  const base = {
    stack,
    urn: r.urn,
    type: kind,
    name: nameOf(r.urn),
    ...(r.id ? { id: r.id } : {}),
    fields: [] as ResourceOutcome["fields"],
    unobservable: unobservableOf(kind, r.inputs),
  };
  if (args.pending) return { ...base, status: "pending" };
  if (args.error !== undefined) return { ...base, status: "unreadable", error: { kind: errorKindOf(args.error), message: args.error } };
  const step = args.step;
  if (step === undefined) {
    return {
      ...base,
      status: "unreadable",
      error: { kind: "error", message: "the engine reported no refresh of this resource" },
    };
  }
  if (step.new === undefined || step.op === "delete") return { ...base, status: "gone" };
  const fields = driftedFields(kind, r.id ?? "", step.old ?? r.outputs, step.new);
  return fields.length > 0 ? { ...base, status: "drifted", fields } : { ...base, status: "in-sync" };
}
