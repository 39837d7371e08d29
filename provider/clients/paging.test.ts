/**
 * The package's one page walker: where it stops, and its one page cap (a server that never ends a
 * list is stopped after MAX_PAGES calls, whoever walks).
 */
import { isQualysError } from "../errors";
import { collectPages, MAX_PAGES } from "./paging";

const opts = { all: true, firstPage: 1, pageSize: 2, operation: "list things" };

test("stops at a short page, at the API's total, or at its last flag; counts pages from firstPage", async () => {
  const asked: number[] = [];
  const short = await collectPages(async (n) => (asked.push(n), { items: n < 3 ? [n, n] : [n] }), opts);
  expect(short).toStrictEqual({ items: [1, 1, 2, 2, 3], total: undefined, pagesFetched: 3 });
  expect(asked).toStrictEqual([1, 2, 3]);
  const total = await collectPages(async (n) => ({ items: [n, n], total: 4 }), { ...opts, firstPage: 0 });
  expect(total.items).toStrictEqual([0, 0, 1, 1]);
  const last = await collectPages(async (n) => ({ items: [n, n], last: n === 2 }), opts);
  expect(last.pagesFetched).toBe(2);
  const one = await collectPages(async (n) => ({ items: [n, n] }), { ...opts, all: false });
  expect(one.pagesFetched).toBe(1);
});

test("a list that never ends is cut at MAX_PAGES calls, with the cap named in the error", async () => {
  let calls = 0;
  const e = await collectPages(async () => (calls++, { items: ["a", "b"], total: Number.MAX_SAFE_INTEGER }), opts).catch((x: unknown) => x);
  expect(calls).toBe(MAX_PAGES);
  expect(isQualysError(e, "unexpected-response")).toBe(true);
  expect(String(e)).toContain(`still more results after ${MAX_PAGES} pages of 2`);
});
