import { readFileSync } from "node:fs";
import * as net from "node:net";
import { join } from "node:path";
import { QualysError } from "../../errors";
import { decodeXmlReferences, parseXml, rootName, XML_ONLY_ENTITY_DECODER } from "./parser";
import { qualysErrorOf } from "../../../tests/helpers/errors";
import { nextTurn } from "../../../tests/helpers/timing";

const fixture = (name: string) => readFileSync(join(__dirname, "__fixtures__", name), "utf8");

function expectUnexpected(fn: () => unknown, messagePart: RegExp): QualysError {
  const err = qualysErrorOf(fn, "unexpected-response");
  expect(err.message).toMatch(messagePart);
  return err;
}

describe("parseXml: the notes' samples", () => {
  test("NSX list (001): CDATA verbatim, layout around it dropped, ids stay strings", () => {
    const doc = parseXml(fixture("001_nsx_list_with_ad_enabled.auth_nsx_list_output.xml"), {
      arrays: ["AUTH_NSX_LIST.AUTH_NSX", "IP_SET.IP"],
    });
    expect(rootName(doc)).toBe("AUTH_NSX_LIST_OUTPUT");
    const out = doc.AUTH_NSX_LIST_OUTPUT as any;
    const rec = out.RESPONSE.AUTH_NSX_LIST.AUTH_NSX[0];
    // The CDATA section holds "NSX_AD " (trailing space): data, kept. The line breaks around it: layout, dropped.
    expect(rec.TITLE).toBe("NSX_AD ");
    expect(rec.USERNAME).toBe("root");
    expect(rec.ID).toBe("12426322");
    expect(typeof rec.PORT).toBe("string");
    expect(rec.PORT).toBe("443");
    expect(rec.SSL_VERIFY_WITH_HOST).toBe("0");
    expect(rec.DIGITAL_VAULT.VAULT_USE_AD_HASHICORP).toBe("1");
    expect(rec.IP_SET.IP).toEqual(["10.xxx.xxx.xxx"]);
    expect(out.RESPONSE.AUTH_NSX_LIST.AUTH_NSX).toHaveLength(1);
  });

  test("DOCTYPE with a SYSTEM id whose URL is a placeholder is accepted (001 batch return)", () => {
    const doc = parseXml(fixture("001_nsx_create_with_ad_enabled.batch_return.xml"), { arrays: [] });
    expect(doc).toEqual({
      BATCH_RETURN: {
        RESPONSE: {
          DATETIME: "2026-04-07T06:09:35Z",
          BATCH_LIST: { BATCH: { TEXT: "Successfully Created", ID_SET: { ID: "12426426" } } },
        },
      },
    });
  });

  test("schedule scan list (004): DOCTYPE wrapped over lines, attributes kept, empty element is '', prose is a #text node", () => {
    const doc = parseXml(fixture("004_schedule_scan_list_cloud_perimeter.schedule_scan_list_output.xml"), {
      arrays: ["SCHEDULE_SCAN_LIST.SCAN"],
    });
    const list = (doc.SCHEDULE_SCAN_LIST_OUTPUT as any).RESPONSE.SCHEDULE_SCAN_LIST;
    expect(list["#text"]).toMatch(/^API affected/);
    const scan = list.SCAN[0];
    expect(scan.ACTIVE).toBe("");
    expect(scan.SCHEDULE.DAILY).toEqual({ "@_frequency_days": "364" });
    expect(scan.SCHEDULE.START_HOUR).toBe("10");
    // Plain text keeps its inner line break (a PDF artifact of the note), only the ends are trimmed.
    expect(scan.SCHEDULE.TIME_ZONE.TIME_ZONE_DETAILS).toBe("(GMT+0530) India: \nAsia/Calcutta");
    // CDATA is verbatim, so the note's wrapped UUID keeps its line break…
    expect(scan.EC2_INSTANCE.CONNECTOR_UUID).toBe("8047abce-c3ac-42e0-ad49-\nbe4181d22c84");
    // …while the unwrapped copy of the same UUID reads cleanly.
    expect(scan.CLOUD_DETAILS.CONNECTOR.UUID).toBe("8047abce-c3ac-42e0-ad49-be4181d22c84");
    // Repeated elements without an array rule are arrays anyway (fast-xml-parser groups repeats).
    expect(scan.ELB_DNS.DNS).toEqual(["abc.com", "abc123.com"]);
  });
});

describe("parseXml: values", () => {
  test("no number or boolean coercion anywhere", () => {
    const doc = parseXml(`<R a="007" b="true"><ID>007</ID><N>1e5</N><H>0x1F</H><B>true</B><F>1.50</F><Z>-0</Z></R>`, { arrays: [] });
    expect(doc).toEqual({ R: { "@_a": "007", "@_b": "true", ID: "007", N: "1e5", H: "0x1F", B: "true", F: "1.50", Z: "-0" } });
  });

  test("predefined entities and numeric references are decoded in text and attributes", () => {
    const doc = parseXml(`<R t="a&amp;b&#60;"><T>x &amp; y &lt;z&gt; &quot;q&quot; &apos;s&apos; &#38; &#x26; &#x1F600;</T></R>`, {
      arrays: [],
    });
    expect(doc).toEqual({ R: { "@_t": "a&b<", T: `x & y <z> "q" 's' & & \u{1F600}` } });
  });

  test("decoding is one pass (&amp;lt; is the text &lt;), and CDATA is never decoded", () => {
    const doc = parseXml(`<R><A>&amp;lt;</A><B><![CDATA[a &amp; b <c>]]></B></R>`, { arrays: [] });
    expect(doc).toEqual({ R: { A: "&lt;", B: "a &amp; b <c>" } });
  });

  test("unknown named entities and invalid character references stay literal", () => {
    expect(decodeXmlReferences("a&nbsp;b&#0;c&#xD800;d&#65;")).toBe("a&nbsp;b&#0;c&#xD800;dA");
  });

  test("CDATA merged with text; whitespace outside CDATA trimmed, inside kept", () => {
    const doc = parseXml(`<R><A>\n  <![CDATA[  padded  ]]>\n</A><B>  plain  </B><C><![CDATA[]]></C><D>   </D></R>`, { arrays: [] });
    expect(doc).toEqual({ R: { A: "  padded  ", B: "plain", C: "", D: "" } });
  });

  test("empty elements are empty strings", () => {
    expect(parseXml(`<R><A></A><B/><C> </C></R>`, { arrays: [] })).toEqual({ R: { A: "", B: "", C: "" } });
  });

  test("element with attributes and text gives #text next to @_ attributes", () => {
    expect(parseXml(`<R><K value="CLOUD_PROVIDER">AWS</K></R>`, { arrays: [] })).toEqual({
      R: { K: { "#text": "AWS", "@_value": "CLOUD_PROVIDER" } },
    });
  });

  test("comments, the XML declaration and processing instructions are not data", () => {
    expect(parseXml(`<?xml version="1.0"?><?pi x?><!-- c --><R><!-- inner --><A>1</A></R>`, { arrays: [] })).toEqual({ R: { A: "1" } });
  });

  test("a leading BOM or blank line does not fail the parse", () => {
    expect(parseXml(`\uFEFF\n  <?xml version="1.0"?><R/>`, { arrays: [] })).toEqual({ R: "" });
  });
});

describe("parseXml: arrays", () => {
  const xml = `<OUT><LIST><REC><ID>1</ID><SET><ID>10</ID></SET></REC></LIST></OUT>`;

  test("a plain name makes that element an array everywhere", () => {
    expect(parseXml(xml, { arrays: ["ID"] })).toEqual({ OUT: { LIST: { REC: { ID: ["1"], SET: { ID: ["10"] } } } } });
  });

  test("a dotted rule matches the end of the path only", () => {
    expect(parseXml(xml, { arrays: ["SET.ID", "LIST.REC"] })).toEqual({ OUT: { LIST: { REC: [{ ID: "1", SET: { ID: ["10"] } }] } } });
  });

  test("a full path matches too, a partial segment does not", () => {
    expect(parseXml(xml, { arrays: ["OUT.LIST.REC", "ET.ID"] })).toEqual({ OUT: { LIST: { REC: [{ ID: "1", SET: { ID: "10" } }] } } });
  });

  test("without a rule one element is a value and two are an array (why the rules exist)", () => {
    expect(parseXml(`<L><X>a</X></L>`, { arrays: [] })).toEqual({ L: { X: "a" } });
    expect(parseXml(`<L><X>a</X><X>b</X></L>`, { arrays: [] })).toEqual({ L: { X: ["a", "b"] } });
  });

  test("attributes never become arrays even when named in a rule", () => {
    expect(parseXml(`<L x="1"><x>2</x></L>`, { arrays: ["x", "@_x"] })).toEqual({ L: { "@_x": "1", x: ["2"] } });
  });
});

describe("parseXml: hostile input", () => {
  test("billion laughs is refused before parsing", () => {
    const lol = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<lolz>&lol9;</lolz>`;
    expectUnexpected(() => parseXml(lol, { arrays: [] }), /declares an XML entity/);
  });

  test("an external entity (XXE) is refused, whatever its case", () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE r [<!entity xxe SYSTEM "file:///etc/passwd">]><r>&xxe;</r>`;
    expectUnexpected(() => parseXml(xxe, { arrays: [] }), /declares an XML entity/);
    const xxe2 = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:1/x.dtd"> %p;]><r/>`;
    expectUnexpected(() => parseXml(xxe2, { arrays: [] }), /declares an XML entity/);
  });

  test("an entity hidden from the pre-check by a CDATA opener in the DOCTYPE literal is still refused (second line)", () => {
    // The pre-check strips `<![CDATA[ … ]]>` before looking for `<!ENTITY`; here the "CDATA" starts
    // inside the SYSTEM literal, so the pre-check sees nothing. The validator or, behind it, the
    // entity decoder refuses it; whichever layer does, nothing is expanded.
    const sneaky = `<!DOCTYPE r SYSTEM "<![CDATA[" [ <!ENTITY x "pwned"> ]><r>&x;<![CDATA[]]></r>`;
    const err = expectUnexpected(() => parseXml(sneaky, { arrays: [] }), /not well-formed|entity declarations are not allowed/);
    expect(err.message).not.toContain("pwned");
  });

  test("the entity decoder itself refuses DOCTYPE and external entities (second line of defence)", () => {
    expect(() => XML_ONLY_ENTITY_DECODER.addInputEntities({ x: "y" })).toThrow(/entity declarations are not allowed/);
    expect(() => XML_ONLY_ENTITY_DECODER.setExternalEntities({ x: "y" })).toThrow(/external entities are not allowed/);
    expect(() => XML_ONLY_ENTITY_DECODER.addInputEntities({})).not.toThrow();
    expect(XML_ONLY_ENTITY_DECODER.decode("&x; &amp;")).toBe("&x; &");
  });

  test("the refusal names the operation", () => {
    const err = expectUnexpected(
      () => parseXml(`<!DOCTYPE r [<!ENTITY a "b">]><r>&a;</r>`, { arrays: [], operation: "POST /api/3.0/fo/auth/nsx/ (list)" }),
      /entity/,
    );
    expect(err.message).toContain("POST /api/3.0/fo/auth/nsx/ (list)");
  });

  test("the text <!ENTITY inside CDATA or a comment is data, not a declaration", () => {
    expect(parseXml(`<r><!-- <!ENTITY x "y"> --><c><![CDATA[<!ENTITY x "y">]]></c></r>`, { arrays: [] })).toEqual({
      r: { c: `<!ENTITY x "y">` },
    });
  });

  test("a SYSTEM DTD is never fetched: the parse opens no connection and leaves no work behind", async () => {
    // A fetch would have to start with the global fetch or a socket's connect (node:http, https, tls
    // and the undici package all end in net.Socket.prototype.connect), so spies there see any attempt;
    // fake timers catch work deferred to a timer, and one turn of the event loop lets queued promises run.
    const fetchSpy = jest.spyOn(globalThis, "fetch");
    const connectSpy = jest.spyOn(net.Socket.prototype, "connect");
    jest.useFakeTimers();
    try {
      const doc = parseXml(
        `<?xml version="1.0"?><!DOCTYPE SIMPLE_RETURN SYSTEM "http://127.0.0.1:9/simple_return.dtd"><SIMPLE_RETURN><T>&amp;</T></SIMPLE_RETURN>`,
        { arrays: [] },
      );
      expect(doc).toEqual({ SIMPLE_RETURN: { T: "&" } });
      expect(jest.getTimerCount()).toBe(0);
      jest.useRealTimers();
      await nextTurn();
      expect(fetchSpy).not.toHaveBeenCalled();
      expect(connectSpy).not.toHaveBeenCalled();
    } finally {
      jest.useRealTimers();
      fetchSpy.mockRestore();
      connectSpy.mockRestore();
    }
  });

  test("a DOCTYPE that only declares elements is accepted (and ignored)", () => {
    expect(parseXml(`<!DOCTYPE r [<!ELEMENT r (#PCDATA)>]><r>x</r>`, { arrays: [] })).toEqual({ r: "x" });
  });

  test("prototype-polluting element names are refused, and pollute nothing", () => {
    expectUnexpected(() => parseXml(`<r><__proto__><polluted>1</polluted></__proto__></r>`, { arrays: [] }), /__proto__/);
    expect(({} as any).polluted).toBeUndefined();
  });
});

describe("parseXml: malformed input", () => {
  test.each([
    ["mismatched tags", `<a><b></a>`, /not well-formed XML: Expected closing tag 'b'.*instead of closing tag 'a'.*\(line 1, column 7\)/],
    ["unclosed elements", `<SIMPLE_RETURN><RESPONSE>`, /not well-formed XML: the document ends before SIMPLE_RETURN > RESPONSE are closed/],
    ["unclosed root", `<a>`, /not well-formed XML: Unclosed tag 'a'/],
    ["plain text", `Service Unavailable`, /not well-formed XML: char 'S' is not expected/],
    ["two roots", `<a></a><b></b>`, /Multiple possible root nodes/],
    ["attribute without value", `<a x/>`, /not well-formed XML: .*attribute 'x'/i],
    ["empty body", ``, /body is empty/],
    ["whitespace body", ` \n `, /body is empty/],
    ["truncated mid-document", fixture("001_nsx_create_with_ad_enabled.batch_return.xml").slice(0, 200), /not well-formed XML/],
  ])("%s", (_name, xml, message) => {
    expectUnexpected(() => parseXml(xml, { arrays: [] }), message);
  });

  test("nesting deeper than any Qualys document is refused", () => {
    const deep = "<a>".repeat(200) + "</a>".repeat(200);
    expectUnexpected(() => parseXml(deep, { arrays: [] }), /could not be parsed|not well-formed/);
  });
});
