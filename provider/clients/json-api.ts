/**
 * A client for the JSON APIs that do not use the gateway's `{ data, errors, meta }` envelope:
 * QFlow (`/qflowapi`, the QFlow 1.16 notes), CloudView (`/cloudview-api`, the CloudView notes) and Policy Compliance
 * posture (`/pcrs`, the Policy Audit 1.11 notes).
 *
 * Like `GatewayClient`, it validates every success with the caller's zod schema (an unexpected shape
 * is a QualysError "unexpected-response" naming the field) and turns every failure status into a
 * QualysError. The notes show no error bodies for these APIs, so the error text is read from any of
 * the shapes Qualys's JSON services are known to answer with, in this order:
 *  - the gateway envelope `errors: [{ code, message }]`;
 *  - Spring Boot's `{ timestamp, status, error, errorCode?, message, path }` (CloudView; the shape
 *    Qualys's own Terraform provider reads);
 *  - `{ message }` / `{ error }` / `{ errorMessage }`;
 *  - otherwise a short quote of the body.
 */
import { z } from "zod";
import { QualysError, type QualysApi } from "../errors";
import { formatPath } from "../shared/check";
import { bodyForMessage, kindForStatus, qualysCodeOfJson, snippet } from "./error-body";
import { serverWaitMs, type ResponseSnapshot } from "./retry";
import type { AuthMode, Transport } from "./transport";

export type QueryValue = string | number | boolean | undefined;

export interface JsonGet {
  api: QualysApi;
  path: string;
  query?: Record<string, QueryValue>;
  auth: AuthMode;
  operation: string;
}

export class JsonApiClient {
  constructor(readonly transport: Transport) {}

  /** GET `path` and validate the JSON body with `schema`. */
  async get<S extends z.ZodType>(schema: S, call: JsonGet): Promise<z.output<S>> {
    const res = await this.transport.request({
      api: call.api,
      method: "GET",
      path: call.path,
      query: call.query,
      headers: { accept: "application/json" },
      auth: call.auth,
      operation: call.operation,
    });
    return parseJsonResponse(schema, res, call.api, call.operation);
  }
}

/** Exposed for unit tests. */
export function parseJsonResponse<S extends z.ZodType>(schema: S, res: ResponseSnapshot, api: QualysApi, operation: string): z.output<S> {
  if (res.status >= 400) throw jsonApiError(res, api, operation);
  let json: unknown;
  try {
    json = JSON.parse(res.body);
  } catch {
    throw new QualysError({
      kind: "unexpected-response",
      api,
      status: res.status,
      operation,
      hint: `the body is not JSON: ${snippet(res.body)}`,
    });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new QualysError({
      kind: "unexpected-response",
      api,
      status: res.status,
      operation,
      hint: `${formatPath(issue.path) || "(body)"}: ${issue.message}`,
    });
  }
  return parsed.data;
}

const errorBodySchema = z.looseObject({
  errors: z.array(z.looseObject({ code: z.unknown().optional(), message: z.string().nullish(), field: z.string().nullish() })).nullish(),
  errorCode: z.union([z.string(), z.number()]).nullish(),
  code: z.union([z.string(), z.number()]).nullish(),
  message: z.string().nullish(),
  errorMessage: z.string().nullish(),
  error: z.string().nullish(),
});

export function jsonApiError(res: ResponseSnapshot, api: QualysApi, operation: string): QualysError {
  // Read for the message only from the redacted body (error-body.ts `bodyForMessage`).
  const raw = bodyForMessage(res.body);
  let code: string | undefined;
  let text: string | undefined;
  try {
    const body = errorBodySchema.safeParse(JSON.parse(raw));
    if (body.success) {
      const b = body.data;
      const listed = (b.errors ?? []).map((e) => (e.field ? `${e.field}: ${e.message ?? ""}` : (e.message ?? "")).trim()).filter(Boolean);
      code = qualysCodeOfJson(b);
      text = listed.length > 0 ? listed.join("; ") : (b.message ?? b.errorMessage ?? b.error ?? undefined);
    }
  } catch {
    // not JSON: quoted below
  }
  if (!text) text = snippet(raw) || undefined;
  return new QualysError({
    kind: kindForStatus(res.status, code),
    api,
    status: res.status,
    code,
    operation,
    qualysText: text,
    retryAfterMs: serverWaitMs(res),
  });
}
