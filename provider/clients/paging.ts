/**
 * Walking the pages of a list endpoint: the package's one page walker, for the read-only functions'
 * `all: true` (each function group adapts its API's paging in a small `walk()`) and the clients'
 * `listAll` (Flexscan target accounts).
 *
 * Each API numbers its pages its own way (Flexscan `page` from 1, QFlow `pageNumber` from 1,
 * CloudView `pageNo` from 0); the caller passes the first page number and a function that fetches
 * one page. The walk stops at the first of: the API says it was the last page, a short or empty
 * page, or as many items as the API's total. A hard cap on pages keeps a misbehaving server (a
 * total that never stops growing, a page that never shrinks) from looping forever.
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

export const MAX_PAGES = 10_000;

export async function collectPages<T>(
  fetchPage: (pageNumber: number) => Promise<FetchedPage<T>>,
  opts: { all: boolean; firstPage: number; pageSize: number; operation: string; maxPages?: number },
): Promise<Collected<T>> {
  const items: T[] = [];
  let total: number | undefined;
  const maxPages = opts.maxPages ?? MAX_PAGES;
  for (let n = 0; ; n++) {
    if (n >= maxPages) {
      throw new QualysError({
        kind: "unexpected-response",
        operation: opts.operation,
        hint: `still more results after ${maxPages} pages of ${opts.pageSize}; narrow the query or raise the page size`,
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
