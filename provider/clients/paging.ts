/**
 * Walking the pages of a list endpoint: the package's one page walker, for the read-only functions'
 * `all: true` (each function group adapts its API's paging in a small `walk()`) and the clients'
 * `listAll` (Flexscan service and target accounts).
 *
 * Each API numbers its pages its own way (Flexscan `page` from 1, QFlow `pageNumber` from 1,
 * CloudView `pageNo` from 0); the caller passes the first page number and a function that fetches
 * one page. The walk stops at the first of: the API says it was the last page, a short or empty
 * page, or as many items as the API's total. A hard cap on pages (`MAX_PAGES`) keeps a misbehaving
 * server (a total that never stops growing, a page that never shrinks) from looping forever.
 */
import { QualysError } from "../errors";

export interface FetchedPage<T> {
  items: T[];
  /** Total across all pages, when the API reports one. */
  total?: number;
  /** The API's own "this is the last page" flag (CloudView `last`). */
  last?: boolean;
}

export interface Collected<T> {
  items: T[];
  total?: number;
  pagesFetched: number;
}

/**
 * The one page cap of the package, for every walk (this one, and the NSX list's continuation
 * marker in nsx.ts). It guards against a server that never ends a list, not against big accounts:
 * it sits far above any real list (10,000 pages of the smallest page the provider walks with, 100,
 * is a million records), so it never cuts a real answer short, while a looping server is stopped
 * after a bounded number of calls. No caller sets its own: one cap, one error text.
 */
export const MAX_PAGES = 10_000;

export async function collectPages<T>(
  fetchPage: (pageNumber: number) => Promise<FetchedPage<T>>,
  opts: { all: boolean; firstPage: number; pageSize: number; operation: string },
): Promise<Collected<T>> {
  const items: T[] = [];
  let total: number | undefined;
  for (let n = 0; ; n++) {
    if (n >= MAX_PAGES) {
      throw new QualysError({
        kind: "unexpected-response",
        operation: opts.operation,
        hint: `still more results after ${MAX_PAGES} pages of ${opts.pageSize}; narrow the query or raise the page size`,
      });
    }
    const page = await fetchPage(opts.firstPage + n);
    items.push(...page.items);
    if (page.total !== undefined) total = page.total;
    const done =
      !opts.all ||
      page.last === true ||
      page.items.length === 0 ||
      page.items.length < opts.pageSize ||
      (total !== undefined && items.length >= total);
    if (done) return { items, total, pagesFetched: n + 1 };
  }
}
