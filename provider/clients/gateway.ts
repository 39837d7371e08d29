/**
 * The gateway JSON client: `{ data, errors, meta }` envelopes, validated with zod.
 *
 * Every gateway response is parsed here, once: a success returns `data` checked against the
 * caller's schema (an unexpected shape is a QualysError "unexpected-response" naming the field,
 * never a crash further down), a failure becomes a QualysError quoting `errors[].message`.
 *
 * The notes show only success envelopes. Errors are read as `errors: [{ code?, message?, field? }]`
 * (the envelope's documented `errors` array); a body that is not an envelope is quoted as text.
 */
import { z } from "zod";
import { QualysError } from "../errors";
import { formatPath } from "../shared/check";
import { bodyForMessage, kindForStatus, qualysCodeOfJson, snippet } from "./error-body";
import { serverWaitMs, type ResponseSnapshot } from "./retry";
import type { HttpMethod, Transport } from "./transport";

export const gatewayErrorSchema = z.looseObject({
  code: z.union([z.string(), z.number()]).optional().nullable(),
  message: z.string().optional().nullable(),
  field: z.string().optional().nullable(),
});

export const metaSchema = z.looseObject({
  page: z.number().optional(),
  limit: z.number().optional(),
  total: z.number().optional(),
  timestamp: z.string().optional(),
});
export type GatewayMeta = z.infer<typeof metaSchema>;

const envelopeSchema = z.looseObject({
  data: z.unknown().optional(),
  errors: z.array(gatewayErrorSchema).nullable().optional(),
  meta: metaSchema.nullable().optional(),
});

export interface GatewayCall {
  method: HttpMethod;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON body (also for DELETE: deregister takes one). */
  json?: unknown;
  idempotent?: boolean;
  operation?: string;
}

export interface GatewayResult<T> {
  data: T;
  meta: GatewayMeta;
  status: number;
}

export class GatewayClient {
  constructor(readonly transport: Transport) {}

  async call<S extends z.ZodType>(schema: S, call: GatewayCall): Promise<GatewayResult<z.output<S>>> {
    const operation = call.operation ?? `${call.method} ${call.path}`;
    const res = await this.transport.request({
      api: "gateway",
      method: call.method,
      path: call.path,
      query: call.query,
      body: call.json === undefined ? undefined : JSON.stringify(call.json),
      headers: { accept: "application/json", ...(call.json === undefined ? {} : { "content-type": "application/json" }) },
      idempotent: call.idempotent,
      operation,
      auth: "bearer",
    });
    return parseGatewayResponse(schema, res, operation);
  }

  /** One page of a list endpoint: its items, and the page meta the walkers follow (one home for the page shape). */
  async page<S extends z.ZodType>(item: S, call: GatewayCall): Promise<{ items: z.output<S>[]; meta: GatewayMeta }> {
    const r = await this.call(z.array(item), call);
    return { items: r.data, meta: r.meta };
  }
}

/** Exposed for unit tests of the envelope rules. */
export function parseGatewayResponse<S extends z.ZodType>(schema: S, res: ResponseSnapshot, operation: string): GatewayResult<z.output<S>> {
  let json: unknown;
  try {
    json = res.body.trim() === "" ? {} : JSON.parse(res.body);
  } catch {
    if (res.status >= 400) throw gatewayError(res, operation);
    throw new QualysError({
      kind: "unexpected-response",
      api: "gateway",
      status: res.status,
      operation,
      hint: `the body is not JSON: ${snippet(res.body)}`,
    });
  }
  const env = envelopeSchema.safeParse(json);
  const errors = env.success ? (env.data.errors ?? []) : [];
  if (res.status >= 400 || (errors.length > 0 && (env.success ? env.data.data == null : true))) {
    throw gatewayError(res, operation);
  }
  if (!env.success) {
    throw new QualysError({
      kind: "unexpected-response",
      api: "gateway",
      status: res.status,
      operation,
      hint: `not a {data, errors, meta} envelope: ${snippet(res.body)}`,
    });
  }
  const data = schema.safeParse(env.data.data);
  if (!data.success) {
    const issue = data.error.issues[0];
    const where = formatPath(["data", ...issue.path]);
    throw new QualysError({
      kind: "unexpected-response",
      api: "gateway",
      status: res.status,
      operation,
      hint: `${where}: ${issue.message}`,
    });
  }
  return { data: data.data, meta: env.data.meta ?? {}, status: res.status };
}

/** The error an answer stands for, read from its redacted body (error-body.ts `bodyForMessage`). */
function gatewayError(res: ResponseSnapshot, operation: string): QualysError {
  const body = bodyForMessage(res.body);
  let errors: z.infer<typeof gatewayErrorSchema>[] = [];
  try {
    const env = envelopeSchema.safeParse(body.trim() === "" ? {} : JSON.parse(body));
    errors = env.success ? (env.data.errors ?? []) : [];
  } catch {
    // not JSON: quoted below
  }
  const code = qualysCodeOfJson({ errors });
  const text =
    errors.length > 0
      ? errors
          .map((e) => (e.field ? `${e.field}: ${e.message ?? ""}` : (e.message ?? String(e.code ?? ""))).trim())
          .filter(Boolean)
          .join("; ")
      : snippet(body) || undefined;
  return new QualysError({
    kind: kindForStatus(res.status, code),
    api: "gateway",
    status: res.status,
    code,
    operation,
    qualysText: text,
    retryAfterMs: serverWaitMs(res),
  });
}
