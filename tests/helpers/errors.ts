import { QualysError, type QualysErrorKind } from "../../provider/errors";

/** The QualysError `fn` throws (asserted), optionally of a given kind. */
export function qualysErrorOf(fn: () => unknown, kind?: QualysErrorKind): QualysError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(QualysError);
  const err = caught as QualysError;
  if (kind !== undefined) expect(err.kind).toBe(kind);
  return err;
}
