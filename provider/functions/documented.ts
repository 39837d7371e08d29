/**
 * Result schemas with descriptions, derived from the clients' response schemas.
 *
 * The clients' zod schemas (provider/clients) are the one list of each Qualys object's fields; they
 * parse the answers and carry no prose. A function's result schema is that list plus a description
 * per field: `documented(schema, description, docs)` rebuilds the object with `.describe()` on every
 * field, nested objects included (a nested object's docs are `[description, { field: text }]`; an
 * object given one text is described as a map).
 * A field without a text, or a text for a field the schema does not have, throws when the module
 * loads, so the two lists cannot drift apart.
 */
import { z } from "zod";

/**
 * A field's text; `[text, docs]` for a nested object (or array of objects); `{ added, text }` for a
 * field the schema's transform adds (QFlow's ISO twins), which the input shape cannot show.
 */
export type FieldDoc = string | readonly [string, Docs] | { readonly added: z.ZodType; readonly text: string };
export type Docs = { readonly [field: string]: FieldDoc };

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
}
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The object a field holds, through optional/nullable/default/pipe/array wrappers. */
function rebuild(field: z.ZodType, doc: FieldDoc, path: string): z.ZodType {
  const d = defOf(field);
  switch (d.type) {
    case "optional":
      return rebuild(d.innerType!, doc, path).optional();
    case "nullable":
      return rebuild(d.innerType!, doc, path).nullable();
    // A default (`[]` for an absent repeated element) is always present in the result.
    case "default":
    case "prefault":
      return rebuild(d.innerType!, doc, path);
    // A preprocess is read through to its schema; a transform's output is unrepresentable, so the
    // input shape stands for it (the extra fields a transform adds are declared with `extra`).
    case "pipe":
      return rebuild(defOf(d.out!).type === "transform" ? d.in! : d.out!, doc, path);
    case "array":
      return z.array(rebuild(d.element!, typeof doc === "string" ? "" : doc, `${path}[]`)).describe(textOf(doc));
    // An object documented as a whole (XML attributes, elements the notes do not show) is a map
    // of its fields: schema.json and the generated SDKs get no property names they cannot spell.
    case "object":
      if (typeof doc === "string" || isAdded(doc)) return z.record(z.string(), z.unknown()).describe(textOf(doc));
      return describeObject(field as z.ZodObject, (doc as readonly [string, Docs])[0], (doc as readonly [string, Docs])[1], path);
    default:
      return typeof doc === "string" && doc === "" ? field : field.describe(textOf(doc));
  }
}

const textOf = (doc: FieldDoc) =>
  typeof doc === "string" ? doc : Array.isArray(doc) ? (doc as readonly [string, Docs])[0] : (doc as { text: string }).text;
const isAdded = (doc: FieldDoc): doc is { added: z.ZodType; text: string } => typeof doc === "object" && !Array.isArray(doc);

function describeObject(schema: z.ZodObject, description: string, docs: Docs, path: string): z.ZodObject {
  const added = Object.entries(docs).flatMap(([k, doc]) => (isAdded(doc) ? [[k, doc.added] as const] : []));
  const shape = { ...schema.shape, ...Object.fromEntries(added) } as Record<string, z.ZodType>;
  const missing = Object.keys(shape).filter((k) => !(k in docs));
  const unknown = Object.keys(docs).filter((k) => !(k in shape));
  if (missing.length > 0 || unknown.length > 0)
    throw new Error(
      `result docs of ${path}: ${[
        missing.length > 0 ? `no text for ${missing.join(", ")}` : "",
        unknown.length > 0 ? `text for fields the schema lacks: ${unknown.join(", ")}` : "",
      ]
        .filter(Boolean)
        .join("; ")}`,
    );
  const out: Record<string, z.ZodType> = {};
  for (const [k, field] of Object.entries(shape)) {
    const doc = docs[k];
    out[k] = isAdded(doc) ? field.describe(doc.text) : rebuild(field, doc, `${path}.${k}`);
  }
  return z.object(out).describe(description);
}

/** `schema` (a client's response object, possibly behind a transform) with a description on itself and on every field. */
export function documented(schema: z.ZodType, description: string, docs: Docs): z.ZodObject {
  let s = schema;
  while (defOf(s).type === "pipe") s = defOf(defOf(s).out!).type === "transform" ? defOf(s).in! : defOf(s).out!;
  if (defOf(s).type !== "object") throw new Error(`documented: ${description} is not an object schema`);
  return describeObject(s as z.ZodObject, description, docs, description);
}
