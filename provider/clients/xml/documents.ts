/**
 * Typed readers for the Qualys XML documents the provider consumes:
 *  - SIMPLE_RETURN (GCP internal scan job create/update, and every error envelope),
 *  - BATCH_RETURN (NSX auth record create/update/delete),
 *  - AUTH_NSX_LIST_OUTPUT (NSX auth record list; DTD in the Policy Audit 1.11 notes),
 *  - SCHEDULE_SCAN_LIST_OUTPUT (schedule scan list with cloud details; the VM/PC schedule scan list notes).
 *
 * Each reader is `parseXml` (the one hardened parser) + a zod schema. Types are inferred from the
 * schemas (`z.output<…>`) and never written a second time.
 *
 * Naming: the two envelopes (SIMPLE_RETURN, BATCH_RETURN) are turned into small camelCase objects,
 * because callers only need "what id came back". List records keep the field names exactly as the
 * XML gives them (`ID`, `TITLE`, `IP_SET.IP_RANGE`, `@_frequency_days`): the resource's mapping.ts is
 * the one place that turns API fields into state, and it should see the API's names.
 *
 * Conventions the schemas rely on (see parser.ts): every leaf is a string; an element that is
 * present but empty is ""; elements that can repeat are always arrays (listed per document below,
 * each with the reason).
 */
import { z } from "zod";
import { QualysError } from "../../errors";
import { parseXml, rootName } from "./parser";

// ---------------------------------------------------------------------------------------------
// Building blocks

/** A leaf element's text. `<X></X>` is "". */
const text = z.string();

/**
 * A container element. When it is present but empty (`<IP_SET></IP_SET>`, `<NOTIFICATIONS/>`) the
 * parser gives "", which is read as a container without children.
 */
function container<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === "" ? {} : v), schema);
}

/** A repeated child element: always an array after parsing (see the `arrays` lists); absent = []. */
function many<T extends z.ZodType>(item: T) {
  return z.array(item).default([]);
}

/**
 * The one canonical form of a Qualys record id: decimal digits without leading zeros ("0042" is 42,
 * as Qualys writes it). Applied here, where answers are parsed, so every id a client returns compares
 * equal with `===`; a caller holding an id from elsewhere (an imported id, a number) passes it through
 * this same function before comparing. Text that is not a decimal id is only trimmed.
 */
export function canonicalId(id: string | number): string {
  const s = String(id).trim();
  return /^\d+$/.test(s) ? s.replace(/^0+(?=\d)/, "") : s;
}

const decimalId = z.string().regex(/^\d+$/, "expected a numeric id").transform(canonicalId);
const idRange = z.string().regex(/^\s*\d+\s*-\s*\d+\s*$/, "expected an id range like 100-200");

/** At most this many ids are produced by expanding ID_RANGEs, so a hostile range cannot exhaust memory. */
export const MAX_EXPANDED_IDS = 100_000;

/**
 * `<ID_SET>` (ID | ID_RANGE)+. Ranges are expanded, so callers can ask "is my id in it" with
 * `includes`: Qualys writes single ids as ID for the calls this provider makes, but the DTD allows
 * ranges (e.g. deleting several records at once), and a caller checking for its id must not miss it
 * because Qualys chose to compress. Ids stay strings; the expansion never reorders or dedupes.
 */
export const idSetSchema = container(z.object({ ID: many(decimalId), ID_RANGE: many(idRange) }))
  .superRefine((set, ctx) => {
    let total = set.ID.length;
    for (const r of set.ID_RANGE) {
      const [from, to] = r.split("-").map((s) => Number(s.trim())) as [number, number];
      if (from > to) ctx.addIssue({ code: "custom", message: `ID_RANGE "${r}" runs backwards`, path: ["ID_RANGE"] });
      total += to - from + 1;
    }
    if (total > MAX_EXPANDED_IDS)
      ctx.addIssue({ code: "custom", message: `ID_SET expands to ${total} ids, more than ${MAX_EXPANDED_IDS}` });
  })
  .transform((set) => {
    const ids = [...set.ID];
    for (const r of set.ID_RANGE) {
      const [from, to] = r.split("-").map((s) => Number(s.trim())) as [number, number];
      for (let i = from; i <= to; i++) ids.push(String(i));
    }
    return ids;
  });

/** Optional properties only when present, so results compare cleanly with `toEqual`/`deepStrictEqual`. */
function defined<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}

// ---------------------------------------------------------------------------------------------
// SIMPLE_RETURN

/**
 * SIMPLE_RETURN (simple_return.dtd): RESPONSE (DATETIME, CODE?, TEXT, ITEM_LIST?); ITEM (KEY, VALUE*).
 * Arrays: ITEM repeats (one per returned key); VALUE may repeat inside an ITEM (the DTD says VALUE*).
 */
const SIMPLE_RETURN_ARRAYS = ["ITEM_LIST.ITEM", "ITEM.VALUE"] as const;

export const simpleReturnSchema = z
  .object({
    SIMPLE_RETURN: z.object({
      RESPONSE: z.object({
        DATETIME: text.optional(),
        CODE: text.optional(),
        TEXT: text,
        ITEM_LIST: container(z.object({ ITEM: many(z.object({ KEY: text, VALUE: many(text) })) })).optional(),
      }),
    }),
  })
  .transform(({ SIMPLE_RETURN: { RESPONSE: r } }) => {
    const itemValues: Record<string, string[]> = {};
    // KEY ID is the id of the record the call made or changed (the GCP scan job's schedule id).
    for (const item of r.ITEM_LIST?.ITEM ?? [])
      (itemValues[item.KEY] ??= []).push(...(item.KEY === "ID" ? item.VALUE.map(canonicalId) : item.VALUE));
    // `items` is the convenient view (KEY → VALUE). An ITEM with several VALUEs (allowed by the
    // DTD, never seen in the notes) is comma-joined there; `itemValues` keeps them apart.
    const items: Record<string, string> = {};
    for (const [k, v] of Object.entries(itemValues)) items[k] = v.join(",");
    return { ...defined({ datetime: r.DATETIME, code: r.CODE }), text: r.TEXT, items, itemValues };
  });

export type SimpleReturn = z.output<typeof simpleReturnSchema>;

/** Parse a SIMPLE_RETURN. Does not judge success: a CODE means an error (see errors.ts). */
export function parseSimpleReturn(xml: string, operation?: string): SimpleReturn {
  return readDocument(xml, "SIMPLE_RETURN", SIMPLE_RETURN_ARRAYS, simpleReturnSchema, operation);
}

// ---------------------------------------------------------------------------------------------
// BATCH_RETURN

/**
 * BATCH_RETURN (batch_return.dtd): RESPONSE (DATETIME, BATCH_LIST); BATCH (CODE?, TEXT?, ID_SET?).
 * The notes' NSX create/update/delete samples all have exactly one BATCH with TEXT and an ID_SET of
 * one ID. Arrays: BATCH (one per outcome: Qualys groups ids that succeeded and ids that failed with
 * the same code into separate batches), ID and ID_RANGE inside ID_SET.
 */
const BATCH_RETURN_ARRAYS = ["BATCH_LIST.BATCH", "ID_SET.ID", "ID_SET.ID_RANGE"] as const;

export const batchReturnSchema = z
  .object({
    BATCH_RETURN: z.object({
      RESPONSE: z.object({
        DATETIME: text.optional(),
        BATCH_LIST: container(
          z.object({ BATCH: many(z.object({ CODE: text.optional(), TEXT: text.optional(), ID_SET: idSetSchema.optional() })) }),
        ).optional(),
      }),
    }),
  })
  .transform(({ BATCH_RETURN: { RESPONSE: r } }) => ({
    ...defined({ datetime: r.DATETIME }),
    batches: (r.BATCH_LIST?.BATCH ?? []).map((b) => ({ ...defined({ code: b.CODE, text: b.TEXT }), ids: b.ID_SET ?? [] })),
  }));

export type BatchReturn = z.output<typeof batchReturnSchema>;
export type Batch = BatchReturn["batches"][number];

export function parseBatchReturn(xml: string, operation?: string): BatchReturn {
  return readDocument(xml, "BATCH_RETURN", BATCH_RETURN_ARRAYS, batchReturnSchema, operation);
}

/** Ids of the batches without a CODE (the ones that succeeded), in document order. */
export function succeededIds(batch: BatchReturn): string[] {
  return batch.batches.filter((b) => b.code === undefined).flatMap((b) => b.ids);
}

// ---------------------------------------------------------------------------------------------
// WARNING (shared by list outputs)

/**
 * WARNING (CODE?, TEXT, URL?, ID_SET?). Qualys uses it for "more records than one response holds":
 * CODE 1980 with a URL that fetches the next batch (its `id_min` is where to continue).
 */
export const warningSchema = z
  .object({ CODE: text.optional(), TEXT: text, URL: text.optional(), ID_SET: idSetSchema.optional() })
  .transform((w) => ({ ...defined({ code: w.CODE, url: w.URL }), text: w.TEXT, ids: w.ID_SET ?? [] }));

export type XmlWarning = z.output<typeof warningSchema>;

/** The documented "record limit exceeded, use URL for the next batch" warning code. */
export const TRUNCATION_WARNING_CODE = "1980";

function continuation(warnings: XmlWarning[]): { truncated: boolean; nextUrl?: string; nextIdMin?: string } {
  // A warning with a URL is the continuation marker even if a future release changes the code.
  const w = warnings.find((x) => x.code === TRUNCATION_WARNING_CODE || x.url !== undefined);
  if (!w) return { truncated: false };
  let nextIdMin: string | undefined;
  if (w.url !== undefined) {
    try {
      nextIdMin = new URL(w.url.trim()).searchParams.get("id_min") ?? undefined;
    } catch {
      nextIdMin = /[?&]id_min=(\d+)/.exec(w.url)?.[1];
    }
  }
  return { truncated: true, ...defined({ nextUrl: w.url?.trim(), nextIdMin }) };
}

// ---------------------------------------------------------------------------------------------
// AUTH_NSX_LIST_OUTPUT (the Policy Audit 1.11 notes, "DTD Output")

/**
 * Arrays, from the DTD: AUTH_NSX+ (a list of one record must look like a list of two),
 * IP_SET (IP|IP_RANGE)+ (both repeat and interleave), TAG+ inside TAGS_INCLUDE/TAGS_EXCLUDE,
 * WARNING+, ID/ID_RANGE inside ID_SET, USER+ in the glossary, PARAM+ in the request echo.
 * `AUTH_NSX.ID`, `TAG.ID` are single: the dotted rules for ID are scoped to ID_SET.
 */
const AUTH_NSX_ARRAYS = [
  "AUTH_NSX_LIST.AUTH_NSX",
  "IP_SET.IP",
  "IP_SET.IP_RANGE",
  "TAGS_INCLUDE.TAG",
  "TAGS_EXCLUDE.TAG",
  "WARNING_LIST.WARNING",
  "ID_SET.ID",
  "ID_SET.ID_RANGE",
  "USER_LIST.USER",
  "PARAM_LIST.PARAM",
] as const;

/** TAGS_INCLUDE / TAGS_EXCLUDE (SELECTOR, TAG+); TAG (ID, NAME). */
export const nsxTagSelectionSchema = z.object({ SELECTOR: text, TAG: many(z.object({ ID: text, NAME: text })) });

/** TAGS (TAG_TYPE, TAGS_INCLUDE, TAGS_EXCLUDE?). */
export const nsxTagsSchema = z.object({
  TAG_TYPE: text,
  TAGS_INCLUDE: container(nsxTagSelectionSchema),
  TAGS_EXCLUDE: container(nsxTagSelectionSchema).optional(),
});

/** IP_SET (IP|IP_RANGE)+: a set, so the interleaving order of IP and IP_RANGE is not kept. */
export const nsxIpSetSchema = z.object({ IP: many(text), IP_RANGE: many(text) });

/** DIGITAL_VAULT: the first three are required by the DTD, the rest depend on the vault type. */
export const nsxDigitalVaultSchema = z.object({
  DIGITAL_VAULT_ID: text,
  DIGITAL_VAULT_TYPE: text,
  DIGITAL_VAULT_TITLE: text,
  VAULT_USERNAME: text.optional(),
  VAULT_FOLDER: text.optional(),
  VAULT_FILE: text.optional(),
  VAULT_SECRET_NAME: text.optional(),
  VAULT_SYSTEM_NAME: text.optional(),
  VAULT_NS_TYPE: text.optional(),
  VAULT_NS_NAME: text.optional(),
  VAULT_SECRET_KV_PATH: text.optional(),
  VAULT_SECRET_KV_NAME: text.optional(),
  VAULT_SECRET_KV_KEY: text.optional(),
  VAULT_SERVICE_TYPE: text.optional(),
  VAULT_USE_AD_HASHICORP: text.optional(),
});

/**
 * AUTH_NSX (ID, TITLE, USERNAME?, IP_SET?, TAGS?, PORT?, SSL_VERIFY_WITH_HOST?, HOSTS?, LOGIN_TYPE?,
 * DIGITAL_VAULT?, NETWORK_ID?, CREATED, LAST_MODIFIED, COMMENTS?). Required exactly as the DTD says.
 * The password is never returned (write-only), so there is no field for it.
 */
export const authNsxSchema = z.object({
  ID: decimalId,
  TITLE: text,
  USERNAME: text.optional(),
  IP_SET: container(nsxIpSetSchema).optional(),
  TAGS: container(nsxTagsSchema).optional(),
  PORT: text.optional(),
  SSL_VERIFY_WITH_HOST: text.optional(),
  HOSTS: text.optional(),
  LOGIN_TYPE: text.optional(),
  DIGITAL_VAULT: container(nsxDigitalVaultSchema).optional(),
  NETWORK_ID: text.optional(),
  CREATED: z.object({ DATETIME: text, BY: text }),
  LAST_MODIFIED: z.object({ DATETIME: text }),
  COMMENTS: text.optional(),
});

export type AuthNsx = z.output<typeof authNsxSchema>;

// The AUTH_NSX_LIST_OUTPUT DTD's list envelope (…_OUTPUT / RESPONSE / …_LIST).
export const authNsxListOutputSchema = z
  .object({
    AUTH_NSX_LIST_OUTPUT: z.object({
      RESPONSE: z.object({
        DATETIME: text.optional(),
        // RESPONSE (DATETIME, (AUTH_NSX_LIST|ID_SET)?, WARNING_LIST?, GLOSSARY?): an empty result has
        // neither list, which reads as "no records" (a deleted record's read).
        AUTH_NSX_LIST: container(z.object({ AUTH_NSX: many(authNsxSchema) })).optional(),
        ID_SET: idSetSchema.optional(),
        WARNING_LIST: container(z.object({ WARNING: many(warningSchema) })).optional(),
      }),
    }),
  })
  .transform(({ AUTH_NSX_LIST_OUTPUT: { RESPONSE: r } }) => {
    const warnings = r.WARNING_LIST?.WARNING ?? [];
    return {
      ...defined({ datetime: r.DATETIME }),
      records: r.AUTH_NSX_LIST?.AUTH_NSX ?? [],
      /** Ids listed without details (the DTD's ID_SET alternative); [] when records are listed. */
      ids: r.ID_SET ?? [],
      warnings,
      ...continuation(warnings),
    };
  });

export type AuthNsxList = z.output<typeof authNsxListOutputSchema>;

export function parseNsxList(xml: string, operation?: string): AuthNsxList {
  return readDocument(xml, "AUTH_NSX_LIST_OUTPUT", AUTH_NSX_ARRAYS, authNsxListOutputSchema, operation);
}

// ---------------------------------------------------------------------------------------------
// SCHEDULE_SCAN_LIST_OUTPUT (the VM/PC schedule scan list notes)

/**
 * Arrays: SCAN+ (list of one = list of two); DNS+ in ELB_DNS (the sample has two); ASSET_GROUP_TITLE
 * in ASSET_GROUP_TITLE_LIST, RANGE in USER_ENTERED_IPS and VPC in VPC_LIST (list elements by name).
 * ISCANNER_NAME is single: the DTD says `ISCANNER_NAME?` in SCAN, so several scanners come back as
 * one comma-separated value; splitting is the mapping's job, which knows the scanners asked for.
 */
const SCHEDULE_SCAN_ARRAYS = [
  "SCHEDULE_SCAN_LIST.SCAN",
  "ELB_DNS.DNS",
  "ASSET_GROUP_TITLE_LIST.ASSET_GROUP_TITLE",
  "USER_ENTERED_IPS.RANGE",
  "VPC_LIST.VPC",
] as const;

/*
 * The VM/PC schedule scan list notes shows the SCAN content model but elides the rest of the DTD ("..."). Elements the note
 * shows are typed from its sample; elements it only names are typed from Qualys's published DTD as
 * far as it is known, all optional. Objects whose full content the note does not show are "loose":
 * unknown children are kept (as `unknown`) instead of dropped, so nothing Qualys adds is lost and
 * nothing unknown breaks a refresh.
 */

export const scheduleScanEc2InstanceSchema = z.looseObject({
  CONNECTOR_UUID: text.optional(),
  EC2_ENDPOINT: text.optional(),
  EC2_ONLY_CLASSIC: text.optional(),
});

export const scheduleScanCloudDetailsSchema = z.looseObject({
  /** AWS in the sample; GCP for the jobs of /api/3.0/fo/scan/cloud/internal/job/. */
  PROVIDER: text.optional(),
  CONNECTOR: container(z.looseObject({ ID: text.optional(), UUID: text.optional(), NAME: text.optional() })).optional(),
  /** "Cloud Perimeter" in the sample; internal scans report their own type. */
  SCAN_TYPE: text.optional(),
  CLOUD_TARGET: container(
    z.looseObject({
      PLATFORM: text.optional(),
      REGION: container(z.looseObject({ UUID: text.optional(), CODE: text.optional(), NAME: text.optional() })).optional(),
      /** "None" in the sample, i.e. not restricted to VPCs / virtual networks. */
      VPC_SCOPE: text.optional(),
      /** Not in the note's sample: the VPCs / virtual networks when the scope is restricted. */
      VPC_LIST: container(z.looseObject({ VPC: many(z.union([text, z.looseObject({})])) })).optional(),
    }),
  ).optional(),
});

export const scheduleScanAssetTagsSchema = z.looseObject({
  TAG_INCLUDE_SELECTOR: text.optional(),
  /** Comma-separated tag names, as the sample shows (CDATA). */
  TAG_SET_INCLUDE: text.optional(),
  TAG_EXCLUDE_SELECTOR: text.optional(),
  TAG_SET_EXCLUDE: text.optional(),
  USE_IP_NT_RANGE_TAGS: text.optional(),
});

/** Occurrence elements are empty and carry their settings as attributes. */
export const scheduleScanScheduleSchema = z.looseObject({
  DAILY: container(z.looseObject({ "@_frequency_days": text.optional() })).optional(),
  WEEKLY: container(z.looseObject({ "@_frequency_weeks": text.optional(), "@_weekdays": text.optional() })).optional(),
  MONTHLY: container(
    z.looseObject({
      "@_frequency_months": text.optional(),
      "@_day_of_month": text.optional(),
      "@_day_of_week": text.optional(),
      "@_week_of_month": text.optional(),
    }),
  ).optional(),
  START_DATE_UTC: text.optional(),
  START_HOUR: text.optional(),
  START_MINUTE: text.optional(),
  TIME_ZONE: container(z.looseObject({ TIME_ZONE_CODE: text.optional(), TIME_ZONE_DETAILS: text.optional() })).optional(),
  DST_SELECTED: text.optional(),
  /** Number of runs before the schedule deactivates itself (`recurrence=` on create/update). */
  RECURRENCE: text.optional(),
  MAX_OCCURRENCE: text.optional(),
  END_AFTER_HOURS: text.optional(),
  END_AFTER_MINUTES: text.optional(),
  PAUSE_AFTER_HOURS: text.optional(),
  PAUSE_AFTER_MINUTES: text.optional(),
  RESUME_IN_DAYS: text.optional(),
  RESUME_IN_HOURS: text.optional(),
  NEXTLAUNCH_UTC: text.optional(),
});

/**
 * SCAN (ID, SCAN_TYPE?, ACTIVE, TITLE?, USER_LOGIN, TARGET, NETWORK_ID?, ISCANNER_NAME?,
 * EC2_INSTANCE?, CLOUD_DETAILS?, ASSET_GROUP_TITLE_LIST?, ASSET_TAGS?, EXCLUDE_IP_PER_SCAN?,
 * USER_ENTERED_IPS?, ELB_DNS?, OPTION_PROFILE?, PROCESSING_PRIORITY?, SCHEDULE, NOTIFICATIONS?).
 * Required as the DTD says. ACTIVE is required but may be empty: the sample has `<ACTIVE></ACTIVE>`.
 */
export const scheduleScanSchema = z.looseObject({
  ID: decimalId,
  SCAN_TYPE: text.optional(),
  ACTIVE: text,
  TITLE: text.optional(),
  USER_LOGIN: text,
  TARGET: text,
  NETWORK_ID: text.optional(),
  ISCANNER_NAME: text.optional(),
  EC2_INSTANCE: container(scheduleScanEc2InstanceSchema).optional(),
  CLOUD_DETAILS: container(scheduleScanCloudDetailsSchema).optional(),
  ASSET_GROUP_TITLE_LIST: container(z.object({ ASSET_GROUP_TITLE: many(text) })).optional(),
  ASSET_TAGS: container(scheduleScanAssetTagsSchema).optional(),
  EXCLUDE_IP_PER_SCAN: text.optional(),
  USER_ENTERED_IPS: container(z.object({ RANGE: many(z.looseObject({ START: text.optional(), END: text.optional() })) })).optional(),
  ELB_DNS: container(z.object({ DNS: many(text) })).optional(),
  OPTION_PROFILE: container(z.looseObject({ TITLE: text.optional(), DEFAULT_FLAG: text.optional(), ID: text.optional() })).optional(),
  /** "N - Label", e.g. "0 - No Priority". */
  PROCESSING_PRIORITY: text.optional(),
  SCHEDULE: container(scheduleScanScheduleSchema),
  /** Not shown by the notes at all: kept as Qualys sends it. */
  NOTIFICATIONS: container(z.looseObject({})).optional(),
});

export type ScheduleScan = z.output<typeof scheduleScanSchema>;

// The SCHEDULE_SCAN_LIST_OUTPUT DTD's list envelope; its element names and optional parts are its own.
export const scheduleScanListOutputSchema = z
  .object({
    SCHEDULE_SCAN_LIST_OUTPUT: z.object({
      // RESPONSE (DATETIME, SCHEDULE_SCAN_LIST?): no list = no schedule with that id (deleted).
      // The list element is a strict object: the prose the note's PDF extraction left inside it
      // (a `#text` node) is dropped.
      RESPONSE: z.object({
        DATETIME: text.optional(),
        SCHEDULE_SCAN_LIST: container(z.object({ SCAN: many(scheduleScanSchema) })).optional(),
      }),
    }),
  })
  .transform(({ SCHEDULE_SCAN_LIST_OUTPUT: { RESPONSE: r } }) => ({
    ...defined({ datetime: r.DATETIME }),
    scans: r.SCHEDULE_SCAN_LIST?.SCAN ?? [],
  }));

export type ScheduleScanList = z.output<typeof scheduleScanListOutputSchema>;

export function parseScheduleScanList(xml: string, operation?: string): ScheduleScanList {
  return readDocument(xml, "SCHEDULE_SCAN_LIST_OUTPUT", SCHEDULE_SCAN_ARRAYS, scheduleScanListOutputSchema, operation);
}

// ---------------------------------------------------------------------------------------------
// Shared reading

/** The array rules of each document, for callers (and the emulator's tests) that parse by hand. */
export const DOCUMENT_ARRAYS = {
  SIMPLE_RETURN: SIMPLE_RETURN_ARRAYS,
  BATCH_RETURN: BATCH_RETURN_ARRAYS,
  AUTH_NSX_LIST_OUTPUT: AUTH_NSX_ARRAYS,
  SCHEDULE_SCAN_LIST_OUTPUT: SCHEDULE_SCAN_ARRAYS,
} as const;

function readDocument<S extends z.ZodType>(
  xml: string,
  root: string,
  arrays: readonly string[],
  schema: S,
  operation?: string,
): z.output<S> {
  const doc = parseXml(xml, { arrays, operation });
  const actual = rootName(doc);
  if (actual !== root) {
    // A SIMPLE_RETURN where a list was expected is usually an error envelope; quote what it says.
    const said = actual === "SIMPLE_RETURN" ? simpleReturnSchema.safeParse(doc) : undefined;
    throw new QualysError({
      kind: "unexpected-response",
      api: "api",
      operation,
      code: said?.success ? said.data.code : undefined,
      qualysText: said?.success ? said.data.text : undefined,
      hint: `expected a ${root} document, got ${actual}`,
    });
  }
  const result = schema.safeParse(doc);
  if (!result.success) {
    throw new QualysError({
      kind: "unexpected-response",
      api: "api",
      operation,
      hint: `the ${root} document does not have the documented shape: ${describeIssues(result.error)}`,
    });
  }
  return result.data;
}

/** "AUTH_NSX_LIST_OUTPUT.RESPONSE.AUTH_NSX_LIST.AUTH_NSX[0].ID: expected a numeric id; …" (first 3). */
function describeIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, 3).map((issue) => {
    let path = "";
    for (const seg of issue.path) path += typeof seg === "number" ? `[${seg}]` : `${path === "" ? "" : "."}${String(seg)}`;
    return `${path || "(root)"}: ${issue.message}`;
  });
  if (error.issues.length > 3) parts.push(`and ${error.issues.length - 3} more`);
  return parts.join("; ");
}
