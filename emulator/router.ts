/**
 * Routing for the emulator: path templates, per-route authentication and error style.
 *
 * Each service model (services/*) contributes routes; the server matches, authenticates, applies
 * injected faults, counts the call and runs the handler. Handlers throw `ApiError` to answer with
 * the error shape of their API (gateway JSON envelope or XML SIMPLE_RETURN).
 */
import type { IncomingMessage } from "node:http";
import type { Reply } from "./http";
import type { Tenant } from "./tenants";

export type ErrorStyle = "json" | "xml";
export type AuthKind = "bearer" | "basic" | "bearer-or-basic" | "none";

export interface RouteContext {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: string;
  /** The caller's tenant; routes with auth "none" get undefined. */
  tenant: Tenant;
  /** JSON body, or a 400 ApiError when it is not JSON. */
  json(): unknown;
  /** Form parameters: the query string and an urlencoded body, merged (Qualys accepts both). */
  form(): URLSearchParams;
  /** Refine the label calls are counted under (e.g. add `action=list`). */
  label(suffix: string): void;
}

export interface Route {
  method: string;
  /** Template, e.g. `/flexscan-api/rest/v1/service-accounts/{accountId}/state`. */
  path: string;
  auth: AuthKind;
  style: ErrorStyle;
  handler(ctx: RouteContext): Reply | Promise<Reply>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Qualys error code (XML CODE, gateway errors[].code). */
    readonly code?: string,
    /** Offending field, reported in the gateway envelope. */
    readonly field?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
  literalLength: number;
}

export function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const src = normalisePath(route.path)
    .split("/")
    .map((seg) => {
      const m = /^\{(\w+)\}$/.exec(seg);
      if (m) {
        names.push(m[1]);
        return "([^/]+)";
      }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return { ...route, regex: new RegExp(`^${src}$`), names, literalLength: route.path.replace(/\{\w+\}/g, "").length };
}

/** `/api/3.0/fo/auth/nsx/index.php` and `/api/3.0/fo/auth/nsx` are the same endpoint as `/api/3.0/fo/auth/nsx/`. */
export function normalisePath(path: string): string {
  let p = path.replace(/\/index\.php$/, "/");
  if (p.startsWith("/api/") && !p.endsWith("/")) p += "/";
  return p;
}

/**
 * A path parameter, percent-decoded. Bad encoding (`%E0%A4%A`, a lone `%`) is the caller's mistake:
 * a 400 naming the segment, never a URIError that would escape the request handler.
 */
export function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ApiError(400, `Malformed percent-encoding in path segment "${segment}"`, "BAD_REQUEST");
  }
}

export class Router {
  private routes: CompiledRoute[] = [];

  add(...routes: Route[]): void {
    this.routes.push(...routes.map(compile));
    // Literal segments win over parameters (`/service-accounts/register` before `/{accountId}`).
    this.routes.sort((a, b) => a.names.length - b.names.length || b.literalLength - a.literalLength);
  }

  match(method: string, path: string): { route: CompiledRoute; params: Record<string, string> } | { allowed: string[] } | undefined {
    const p = normalisePath(path);
    const allowed: string[] = [];
    for (const route of this.routes) {
      const m = route.regex.exec(p);
      if (!m) continue;
      if (route.method !== method) {
        allowed.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      route.names.forEach((n, i) => (params[n] = decodePathSegment(m[i + 1])));
      return { route, params };
    }
    return allowed.length > 0 ? { allowed } : undefined;
  }
}
