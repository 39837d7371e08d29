/** Result of every list function (a file of its own so that the SDK's declarations can name it without zod). */
export interface ListResult<T> {
  /** The records, as the API returns them (fields named as the API names them). */
  items: T[];
  /** Total matching records when the API reports one. */
  total?: number;
  /** Pages fetched for this result (1 unless `all: true`). */
  pagesFetched: number;
}
