/**
 * The ONE fast-xml-parser configuration of the project. Everything that reads Qualys XML (the XML
 * client, the document parsers, the emulator's own tests) goes through `parseXml`, so the security
 * rules and the value conventions below hold everywhere:
 *
 *  - No entity expansion, ever. A document that declares an entity (`<!ENTITY`, the vehicle of
 *    billion-laughs and XXE attacks) is refused before the parser sees it. Qualys never declares
 *    entities; a response that does was not written by Qualys.
 *  - A DOCTYPE with a SYSTEM identifier (every Qualys response has
 *    `<!DOCTYPE SIMPLE_RETURN SYSTEM "https://…/simple_return.dtd">`) is accepted and ignored:
 *    fast-xml-parser does no I/O, so the DTD is never fetched, and nothing in it is applied.
 *  - The five predefined XML entities (`&amp; &lt; &gt; &quot; &apos;`) and numeric character
 *    references (`&#38; &#x26;`) are decoded in text and attribute values, nothing else.
 *  - Every value stays a string: ids are strings, "007" stays "007", "1" is not `true`. Meaning is
 *    given by the zod schemas in `documents.ts`, never guessed by the parser.
 *  - Attributes are kept with the prefix `@_` (`<DAILY frequency_days="364"/>` →
 *    `{ DAILY: { "@_frequency_days": "364" } }`).
 *  - CDATA is merged into the element's text, verbatim. Text outside CDATA is trimmed, which drops
 *    the indentation Qualys (and the notes) put around CDATA sections. See "CDATA and whitespace".
 *  - Empty elements (`<ACTIVE></ACTIVE>`, `<X/>`) become "".
 *  - Elements named in `arrays` are always arrays, even with one occurrence, so a list of one
 *    record has the same shape as a list of two.
 *  - Malformed XML is a QualysError of kind "unexpected-response" that says what is wrong and where.
 *
 * CDATA and whitespace. The notes' NSX list sample has
 *     <TITLE>
 *     <![CDATA[NSX_AD ]]>
 *     </TITLE>
 * The line breaks around the CDATA section are layout; the space inside it is data (CDATA is
 * literal by definition, and Qualys wraps user-entered strings in CDATA precisely to return them
 * unchanged). So the title is "NSX_AD " with its trailing space: that is what Qualys stored, as the
 * sample itself shows, and state must hold what Qualys stores or every refresh reports drift.
 * Whether a resource wants to normalise titles (e.g. trim them in `check`) is the resource's
 * decision, made on both sides of the comparison, not the parser's.
 * Consequence: the notes' 004 sample wraps some CDATA values over two lines (a PDF artifact);
 * those values keep the line break, because the parser cannot know it is an artifact.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { QualysError } from "../../errors";

export interface ParseXmlOptions {
  /**
   * Elements that always become arrays. A plain name (`"AUTH_NSX"`) matches that element anywhere;
   * a dotted path (`"IP_SET.IP"`) matches an element whose path from the root ends with it, so
   * `ID_SET.ID` is an array while `AUTH_NSX.ID` stays a string.
   */
  arrays: readonly string[];
  /** What was being read, for the error message (e.g. `POST /api/3.0/fo/auth/nsx/ action=list`). */
  operation?: string;
}

/** The text-node key fast-xml-parser uses for mixed content (text next to child elements). */
export const TEXT_NODE = "#text";
/** Attribute names are prefixed with this in parsed objects. */
export const ATTRIBUTE_PREFIX = "@_";

/** The five entities XML itself predefines. Nothing else is ever decoded by name. */
const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const REFERENCE = /&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));/g;

/** XML 1.0 `Char` production: a character reference to anything else is not decoded. */
function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/**
 * Decode predefined entities and numeric character references. Anything else that looks like a
 * reference (`&nbsp;`, `&#0;`) is left as it is: an undeclared entity is a well-formedness error the
 * validator does not catch, and failing a whole refresh because a title contains "&nbsp;" would be
 * worse than showing it literally. It is one pass, so `&amp;lt;` decodes to `&lt;`, not `<`.
 */
export function decodeXmlReferences(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(REFERENCE, (whole, name: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (name !== undefined) return PREDEFINED_ENTITIES[name];
    const cp = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex!, 16);
    return isXmlChar(cp) ? String.fromCodePoint(cp) : whole;
  });
}

/**
 * fast-xml-parser's pluggable entity decoder. Used instead of its built-in one because the built-in
 * one decodes numeric references only together with a table of HTML entities (`htmlEntities`),
 * which XML does not have; this one does exactly what XML 1.0 defines for a document without a DTD.
 * It refuses any entity from a DOCTYPE as a second line of defence (`rejectEntityDeclarations`
 * already refused the document before parsing).
 */
export const XML_ONLY_ENTITY_DECODER = {
  setExternalEntities(entities: Record<string, string>): void {
    if (Object.keys(entities).length > 0) throw new Error("external entities are not allowed");
  },
  addInputEntities(entities: Record<string, string>): void {
    if (Object.keys(entities).length > 0) throw new Error("entity declarations are not allowed");
  },
  reset(): void {},
  setXmlVersion(): void {},
  decode: decodeXmlReferences,
};

/** CDATA sections and comments may legitimately contain the text `<!ENTITY`; declarations cannot. */
const CDATA_OR_COMMENT = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->/g;

function rejectEntityDeclarations(xml: string, operation?: string): void {
  // Every Qualys answer has a DOCTYPE, so test for the declaration itself before stripping sections.
  if (!/<!ENTITY/i.test(xml)) return;
  if (/<!ENTITY/i.test(xml.replace(CDATA_OR_COMMENT, ""))) {
    throw unexpected(
      operation,
      "the response declares an XML entity (<!ENTITY); entity declarations are refused (no entity expansion, no external entities)",
    );
  }
}

/** The validator reports elements still open at the end as a JSON array; say it in words. */
function describeValidationError(msg: string): string {
  const open = /^Invalid '(\[[\s\S]*\])' found\.?$/.exec(msg.trim());
  if (open) {
    try {
      const names = JSON.parse(open[1]) as unknown;
      if (Array.isArray(names))
        return `the document ends before ${names.map(String).join(" > ")} ${names.length === 1 ? "is" : "are"} closed (truncated response?)`;
    } catch {
      // fall through to the validator's own words
    }
  }
  return msg.replace(/\s+/g, " ").trim();
}

function unexpected(operation: string | undefined, hint: string): QualysError {
  return new QualysError({ kind: "unexpected-response", api: "api", operation, hint });
}

function matchesArrayRule(rules: readonly string[], name: string, jPath: string): boolean {
  for (const rule of rules) {
    if (rule === name) return true;
    if (rule.includes(".") && (jPath === rule || jPath.endsWith(`.${rule}`))) return true;
  }
  return false;
}

/**
 * One parser per set of array rules: building one costs more than parsing a small answer, and
 * every document type asks with the same rules. A parser keeps no state between documents.
 */
const parsers = new Map<string, XMLParser>();

function parserFor(arrays: readonly string[]): XMLParser {
  const key = arrays.join("\n");
  let parser = parsers.get(key);
  if (!parser) {
    parser = buildParser([...arrays]);
    parsers.set(key, parser);
  }
  return parser;
}

function buildParser(arrays: readonly string[]): XMLParser {
  return new XMLParser({
    // Attributes carry data in Qualys XML (`<DAILY frequency_days="364"/>`), so keep them, prefixed
    // so they can never collide with a child element of the same name.
    ignoreAttributes: false,
    attributeNamePrefix: ATTRIBUTE_PREFIX,
    attributesGroupName: false,
    // `a="x"` only; a valueless attribute is malformed XML (the validator rejects it first anyway).
    allowBooleanAttributes: false,
    // No number/boolean coercion: ids are strings ("007" stays "007", 12426322 is not a float),
    // and "1"/"0"/"" are interpreted by the schemas that know what the field means.
    parseTagValue: false,
    parseAttributeValue: false,
    // Trims text outside CDATA (indentation); CDATA content is kept verbatim (see the header).
    trimValues: true,
    // CDATA is merged into the element's text instead of becoming a separate `#cdata` property,
    // so `<TITLE><![CDATA[x]]></TITLE>` and `<TITLE>x</TITLE>` read the same.
    cdataPropName: false,
    // Comments are dropped; nobody reads them.
    commentPropName: false,
    textNodeName: TEXT_NODE,
    // Only elements with text get a string; elements with attributes get an object with `#text`.
    alwaysCreateTextNode: false,
    // The `<?xml …?>` declaration and processing instructions are not data.
    ignoreDeclaration: true,
    ignorePiTags: true,
    // Qualys XML has no namespaces; keep names exactly as written.
    removeNSPrefix: false,
    // Entity handling is enabled only so that our decoder is called; the decoder allows nothing but
    // the predefined entities and character references, and refuses DOCTYPE entities.
    processEntities: { enabled: true, maxEntityCount: 1, maxEntitySize: 1 },
    htmlEntities: false,
    entityDecoder: XML_ONLY_ENTITY_DECODER,
    // Every element is parsed: no stop nodes, no HTML-style unpaired tags.
    stopNodes: [],
    unpairedTags: [],
    // Depth limit against pathological nesting; Qualys documents are < 10 levels deep.
    maxNestedTags: 64,
    // Pass jPath as a dotted string to `isArray`.
    jPath: true,
    isArray: (name: string, jPath: unknown, _isLeafNode: boolean, isAttribute: boolean) =>
      !isAttribute && matchesArrayRule(arrays, name, String(jPath)),
  });
}

/**
 * Parse a Qualys XML document into plain objects (see the conventions at the top of this file).
 * Throws a QualysError of kind "unexpected-response" for malformed XML and for entity declarations.
 */
export function parseXml(xml: string, opts: ParseXmlOptions): Record<string, unknown> {
  if (typeof xml !== "string") throw unexpected(opts.operation, "the response body is not text");
  // A byte-order mark or a blank line before the declaration is not worth failing a refresh for.
  const text = xml.replace(/^\uFEFF/, "").trimStart();
  if (text === "") throw unexpected(opts.operation, "the response body is empty where an XML document was expected");
  rejectEntityDeclarations(text, opts.operation);

  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    const where = line !== undefined ? ` (line ${line}${col !== undefined ? `, column ${col}` : ""})` : "";
    throw unexpected(opts.operation, `the response is not well-formed XML: ${describeValidationError(msg)}${where}`);
  }

  let parsed: unknown;
  try {
    parsed = parserFor(opts.arrays).parse(text);
  } catch (e) {
    throw unexpected(opts.operation, `the response could not be parsed as XML: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (parsed === null || typeof parsed !== "object" || Object.keys(parsed).length === 0) {
    throw unexpected(opts.operation, "the response has no root element");
  }
  return parsed as Record<string, unknown>;
}

/** The name of the root element of a parsed document (after `parseXml`, there is exactly one). */
export function rootName(doc: Record<string, unknown>): string {
  return Object.keys(doc)[0];
}
