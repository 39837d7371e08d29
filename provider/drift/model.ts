// The drift report: the one shape `qualys-drift` produces and every renderer
// (JSON + JSON Schema, Markdown, JUnit XML, HTML) reads. Types are inferred from
// these schemas, and the checked-in JSON Schema is generated from them, so a
// field added here reaches the schema and the renderers' types together.
import { z } from "zod";

/** Bumped on any change a consumer of the JSON could notice (semver). */
export const DRIFT_REPORT_VERSION = "1.0.0";

export const FailOnSchema = z.enum(["drift", "unmanaged", "reminders"]);
export type FailOn = z.infer<typeof FailOnSchema>;

export const ResourceStatusSchema = z.enum(["in-sync", "drifted", "gone", "pending", "unreadable"]);
export type ResourceStatus = z.infer<typeof ResourceStatusSchema>;

export const DriftedFieldSchema = z.object({
  path: z.string().describe("Property path, e.g. `regions` or `schedule.startTime`."),
  state: z.unknown().describe("Value held in the stack's state (secrets masked)."),
  qualys: z.unknown().describe("Value Qualys reports now (secrets masked)."),
});
export type DriftedField = z.infer<typeof DriftedFieldSchema>;

export const ResourceOutcomeSchema = z.object({
  stack: z.string(),
  urn: z.string(),
  type: z.string().describe("Resource kind, e.g. `NsxAuthRecord`."),
  name: z.string(),
  id: z.string().optional(),
  status: ResourceStatusSchema,
  fields: z.array(DriftedFieldSchema).describe("Drifted fields; empty unless status is `drifted`."),
  unobservable: z.array(z.string()).describe("Fields Qualys does not report: kept from state, never drift."),
  error: z
    .object({ kind: z.string(), message: z.string() })
    .optional()
    .describe("Why the resource could not be read; only for status `unreadable`."),
});
export type ResourceOutcome = z.infer<typeof ResourceOutcomeSchema>;

export const UnmanagedObjectSchema = z.object({
  subscription: z.string().describe("The Qualys subscription (API/gateway URLs + user), never a credential."),
  type: z.string(),
  id: z.string(),
  naturalKey: z.string().describe("What identifies it to a person: account id, NSX or job title."),
  madeByPulumiElsewhere: z.boolean().describe("Carries a Pulumi ownership marker of a stack that is not part of this run."),
  ownerHint: z.string().optional(),
});
export type UnmanagedObject = z.infer<typeof UnmanagedObjectSchema>;

export const CoverageSchema = z.object({
  subscription: z.string(),
  type: z.string(),
  managed: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  ratio: z.number().min(0).max(1).describe("managed ÷ total; 1 when total is 0."),
});
export type Coverage = z.infer<typeof CoverageSchema>;

export const ReminderSchema = z.object({
  stack: z.string(),
  urn: z.string(),
  resource: z.string(),
  cloud: z.string(),
  account: z.string(),
  region: z.string(),
  what: z.string(),
  notBefore: z.string().describe("ISO 8601 time after which the cleanup may be done."),
  due: z.boolean().describe("notBefore has passed at generatedAt."),
  source: z.enum(["state", "file"]),
});
export type Reminder = z.infer<typeof ReminderSchema>;

export const StackResultSchema = z.object({
  stack: z.string(),
  project: z.string(),
  cwd: z.string(),
  ok: z.boolean(),
  error: z.string().optional(),
  resources: z.number().int().nonnegative(),
  durationMs: z.number().nonnegative(),
});
export type StackResult = z.infer<typeof StackResultSchema>;

export const SummarySchema = z.object({
  stacks: z.number().int().nonnegative(),
  stacksFailed: z.number().int().nonnegative(),
  resources: z.number().int().nonnegative(),
  inSync: z.number().int().nonnegative(),
  drifted: z.number().int().nonnegative(),
  gone: z.number().int().nonnegative(),
  pending: z.number().int().nonnegative(),
  unreadable: z.number().int().nonnegative(),
  unmanaged: z.number().int().nonnegative(),
  remindersDue: z.number().int().nonnegative(),
});
export type Summary = z.infer<typeof SummarySchema>;

export const DriftReportSchema = z.object({
  version: z.string(),
  generatedAt: z.string(),
  stacks: z.array(StackResultSchema),
  resources: z.array(ResourceOutcomeSchema),
  unmanaged: z.array(UnmanagedObjectSchema),
  coverage: z.array(CoverageSchema),
  reminders: z.array(ReminderSchema),
  summary: SummarySchema,
  apiCalls: z
    .object({ reads: z.number().int().nonnegative(), writes: z.number().int().nonnegative() })
    .optional()
    .describe("Calls the unmanaged scan made (the refresh's own calls happen in the engine)."),
  exitCode: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  failOn: z.array(FailOnSchema),
});
export type DriftReport = z.infer<typeof DriftReportSchema>;
