/**
 * The one decoder for QFlow step payloads (the QFlow 1.16 notes).
 *
 * QFlow hands a step's input and output over in two encodings:
 *  - gzip, then base64, in the `input`/`output` fields of the step details (and of the step list
 *    with `includeData=true`): strings starting `H4sI` (base64 of the gzip magic 1f 8b 08);
 *  - JSON inside a JSON string, as the bodies of `.../steps/{nodeId}/input` and `/output`
 *    (`"{\"selectedResource\":…}"`).
 * Both decode to the same JSON document (the note's samples for the same step agree). Callers get
 * that document as an object or array. A string that is neither (plain text) is returned as is.
 *
 * Decompressed size is capped (`MAX_DECODED_BYTES`) so a hostile or broken payload cannot exhaust
 * memory; a payload that claims to be gzip but is not is an "unexpected-response" error rather than
 * a silently returned blob.
 */
import { gunzipSync } from "node:zlib";
import { QualysError } from "../errors";

/** base64 of the gzip header 1f 8b 08 (deflate). */
export const GZIP_BASE64_PREFIX = "H4sI";
export const MAX_DECODED_BYTES = 64 * 1024 * 1024;
const MAX_NESTING = 4;

export function isGzipBase64(value: string): boolean {
  return value.trimStart().startsWith(GZIP_BASE64_PREFIX);
}

/**
 * Decode a step payload: gzip+base64 → text → JSON; JSON-in-a-string → JSON; anything that is
 * not a string (already an object, null) is returned unchanged.
 */
export function decodeQflowPayload(value: unknown, what = "step payload"): unknown {
  let current = value;
  for (let depth = 0; depth < MAX_NESTING; depth++) {
    if (typeof current !== "string") return current;
    const s = current.trim();
    if (isGzipBase64(s)) {
      current = gunzipText(s, what);
      continue;
    }
    if (looksLikeJson(s)) {
      try {
        current = JSON.parse(s);
        continue;
      } catch {
        return current; // text that merely starts like JSON
      }
    }
    return current;
  }
  return current;
}

function gunzipText(b64: string, what: string): string {
  if (!/^[A-Za-z0-9+/=\s_-]+$/.test(b64)) {
    throw new QualysError({ kind: "unexpected-response", hint: `the QFlow ${what} starts like gzip+base64 ("H4sI") but is not base64` });
  }
  try {
    return gunzipSync(Buffer.from(b64, "base64"), { maxOutputLength: MAX_DECODED_BYTES }).toString("utf8");
  } catch (e) {
    const reason =
      (e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE"
        ? `larger than ${MAX_DECODED_BYTES} bytes once decompressed`
        : "not valid gzip";
    throw new QualysError({ kind: "unexpected-response", hint: `the QFlow ${what} starts like gzip+base64 ("H4sI") but is ${reason}` });
  }
}

function looksLikeJson(s: string): boolean {
  const c = s[0];
  return c === "{" || c === "[" || c === '"';
}
