/** The gateway's `{ data, errors, meta }` envelope, as in every sample of the Connector 2.18 notes. */
import { json, utcTimestamp, type Reply } from "../../http";
import { ApiError } from "../../router";

export function ok(data: unknown, status = 200, extraMeta: Record<string, unknown> = {}): Reply {
  return json(status, { data, errors: [], meta: { ...extraMeta, timestamp: utcTimestamp() } });
}

/** Page/limit/sort validation and slicing, as documented for the list endpoints. */
export function paginate<T extends Record<string, unknown>>(
  items: T[],
  query: URLSearchParams,
  opts: { maxLimit: number; defaultLimit: number; defaultSort: string; sortable: string[] },
): { page: T[]; meta: { page: number; limit: number; total: number } } {
  const page = intParam(query, "page", 1, 1, Number.MAX_SAFE_INTEGER);
  const limit = intParam(query, "limit", opts.defaultLimit, 1, opts.maxLimit);
  const sort = query.get("sort") ?? opts.defaultSort;
  const [field, dirRaw] = sort.split(",");
  const dir = (dirRaw ?? "asc").toLowerCase();
  if (!field || !opts.sortable.includes(field) || (dir !== "asc" && dir !== "desc")) {
    throw new ApiError(
      400,
      `Invalid sort '${sort}': expected field,direction with field one of ${opts.sortable.join(", ")} and direction asc or desc`,
      "BAD_REQUEST",
      "sort",
    );
  }
  const sorted = [...items].sort((a, b) => {
    const x = String(a[field] ?? "");
    const y = String(b[field] ?? "");
    return (x < y ? -1 : x > y ? 1 : 0) * (dir === "desc" ? -1 : 1);
  });
  return { page: sorted.slice((page - 1) * limit, page * limit), meta: { page, limit, total: items.length } };
}

export function intParam(query: URLSearchParams, name: string, dflt: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === null) return dflt;
  if (!/^-?\d+$/.test(raw)) throw new ApiError(400, `${name} must be an integer`, "BAD_REQUEST", name);
  const n = Number(raw);
  if (n < min || n > max) throw new ApiError(400, `${name} must be between ${min} and ${max}`, "BAD_REQUEST", name);
  return n;
}
