import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";
import { QualysError } from "../../errors";
import {
  authNsxSchema,
  canonicalId,
  MAX_EXPANDED_IDS,
  nsxDigitalVaultSchema,
  nsxIpSetSchema,
  nsxTagSelectionSchema,
  nsxTagsSchema,
  parseBatchReturn,
  parseNsxList,
  parseScheduleScanList,
  parseSimpleReturn,
  scheduleScanSchema,
  succeededIds,
} from "./documents";

const fixture = (name: string) => readFileSync(join(__dirname, "__fixtures__", name), "utf8");

function thrown(fn: () => unknown): QualysError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(QualysError);
    return e as QualysError;
  }
  throw new Error("expected a QualysError, nothing was thrown");
}

/** Children of `<!ELEMENT name (a, b?, c)>` in a DTD, with their occurrence marks. */
function dtdChildren(dtd: string, name: string): Array<{ name: string; optional: boolean }> {
  const m = new RegExp(`<!ELEMENT\\s+${name}\\s+\\(([^)]*)\\)\\s*>`).exec(dtd);
  if (!m) throw new Error(`no <!ELEMENT ${name}> in the DTD`);
  return m[1]
    .split(",")
    .map((s) => s.trim())
    .map((s) => ({ name: s.replace(/[?*+]$/, ""), optional: /[?*]$/.test(s) }));
}

/** A schema field accepts absence: what `?` means in a DTD. */
const acceptsAbsence = (schema: z.ZodType) => schema.safeParse(undefined).success;

const simple = (response: string) =>
  `<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE SIMPLE_RETURN SYSTEM "https://qualysapi.qualys.com/api/3.0/simple_return.dtd">\n<SIMPLE_RETURN><RESPONSE>${response}</RESPONSE></SIMPLE_RETURN>`;
const batch = (list: string) =>
  `<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE BATCH_RETURN SYSTEM "https://qualysapi.qualys.com/api/3.0/batch_return.dtd">\n<BATCH_RETURN><RESPONSE><DATETIME>2026-04-07T06:09:35Z</DATETIME>${list}</RESPONSE></BATCH_RETURN>`;
const nsxList = (response: string) =>
  `<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE AUTH_NSX_LIST_OUTPUT SYSTEM "https://qualysapi.qualys.com/api/3.0/fo/auth/nsx/auth_nsx_list_output.dtd">\n<AUTH_NSX_LIST_OUTPUT><RESPONSE><DATETIME>2026-04-07T06:09:03Z</DATETIME>${response}</RESPONSE></AUTH_NSX_LIST_OUTPUT>`;
const scheduleList = (scans: string) =>
  `<?xml version="1.0" encoding="UTF-8" ?>\n<SCHEDULE_SCAN_LIST_OUTPUT><RESPONSE><DATETIME>2026-04-21T10:30:00Z</DATETIME>${scans}</RESPONSE></SCHEDULE_SCAN_LIST_OUTPUT>`;

// ---------------------------------------------------------------------------------------------
describe("parseSimpleReturn", () => {
  test("the Policy Audit 1.11 notes, Create GCP Internal Scan: the new schedule id is item ID", () => {
    expect(parseSimpleReturn(fixture("001_gcp_internal_scan_create.simple_return.xml"))).toStrictEqual({
      datetime: "2026-04-10T07:45:30Z",
      text: "Scan has been created successfully",
      items: { ID: "7469466" },
      itemValues: { ID: ["7469466"] },
    });
  });

  test("the Policy Audit 1.11 notes, Update GCP Internal Scan", () => {
    const r = parseSimpleReturn(fixture("001_gcp_internal_scan_update.simple_return.xml"));
    expect(r).toStrictEqual({
      datetime: "2026-04-21T10:23:20Z",
      text: "Scan has been updated successfully",
      items: { ID: "7530283" },
      itemValues: { ID: ["7530283"] },
    });
    expect(r.code).toBeUndefined();
  });

  test("an error envelope (synthetic, Qualys's documented rate-limit shape): code, text and items", () => {
    const r = parseSimpleReturn(
      simple(
        `<DATETIME>2026-04-21T10:23:20Z</DATETIME><CODE>1965</CODE><TEXT>This API cannot be run again for another 23 seconds.</TEXT>` +
          `<ITEM_LIST><ITEM><KEY>CALLS_TO_WAIT_FOR</KEY><VALUE>1</VALUE></ITEM><ITEM><KEY>SECONDS_TO_WAIT</KEY><VALUE>23</VALUE></ITEM></ITEM_LIST>`,
      ),
    );
    expect(r).toStrictEqual({
      datetime: "2026-04-21T10:23:20Z",
      code: "1965",
      text: "This API cannot be run again for another 23 seconds.",
      items: { CALLS_TO_WAIT_FOR: "1", SECONDS_TO_WAIT: "23" },
      itemValues: { CALLS_TO_WAIT_FOR: ["1"], SECONDS_TO_WAIT: ["23"] },
    });
  });

  test("VALUE* (several values, or none) and a repeated KEY", () => {
    const r = parseSimpleReturn(
      simple(
        `<TEXT>ok</TEXT><ITEM_LIST><ITEM><KEY>IDS</KEY><VALUE>1</VALUE><VALUE>2</VALUE></ITEM><ITEM><KEY>EMPTY</KEY></ITEM><ITEM><KEY>IDS</KEY><VALUE>3</VALUE></ITEM></ITEM_LIST>`,
      ),
    );
    expect(r.items).toStrictEqual({ IDS: "1,2,3", EMPTY: "" });
    expect(r.itemValues).toStrictEqual({ IDS: ["1", "2", "3"], EMPTY: [] });
    expect(r.datetime).toBeUndefined();
  });

  test("no ITEM_LIST (or an empty one) gives no items", () => {
    expect(parseSimpleReturn(simple(`<TEXT>Deleted</TEXT>`)).items).toStrictEqual({});
    expect(parseSimpleReturn(simple(`<TEXT>Deleted</TEXT><ITEM_LIST></ITEM_LIST>`)).items).toStrictEqual({});
  });

  test("a missing TEXT is an unexpected-response naming the path and the operation", () => {
    const e = thrown(() => parseSimpleReturn(simple(`<DATETIME>x</DATETIME>`), "GCP internal scan job create"));
    expect(e.kind).toBe("unexpected-response");
    expect(e.message).toContain("GCP internal scan job create");
    expect(e.message).toContain("SIMPLE_RETURN.RESPONSE.TEXT");
  });

  test("another document where a SIMPLE_RETURN was expected is named", () => {
    const e = thrown(() => parseSimpleReturn(fixture("001_nsx_create_with_ad_enabled.batch_return.xml")));
    expect(e.kind).toBe("unexpected-response");
    expect(e.message).toContain("expected a SIMPLE_RETURN document, got BATCH_RETURN");
  });
});

// ---------------------------------------------------------------------------------------------
describe("parseBatchReturn", () => {
  test.each([
    ["001_nsx_create_with_ad_enabled.batch_return.xml", "2026-04-07T06:09:35Z", "Successfully Created", "12426426"],
    ["001_nsx_edit_with_ad_enabled.batch_return.xml", "2026-04-07T10:15:27Z", "Successfully Updated", "12427803"],
    ["001_nsx_delete_with_ad_enabled.batch_return.xml", "2026-04-07T06:29:43Z", "Successfully Deleted", "12426426"],
  ])("the Policy Audit 1.11 notes' sample %s", (file, datetime, text, id) => {
    const r = parseBatchReturn(fixture(file));
    expect(r).toStrictEqual({ datetime, batches: [{ text, ids: [id] }] });
    expect(succeededIds(r)).toStrictEqual([id]);
  });

  test("several batches: a failed one keeps its CODE, ranges are expanded in order, ids stay strings", () => {
    const r = parseBatchReturn(
      batch(
        `<BATCH_LIST>` +
          `<BATCH><TEXT>Successfully Deleted</TEXT><ID_SET><ID>12</ID><ID_RANGE>100-103</ID_RANGE><ID>7</ID></ID_SET></BATCH>` +
          `<BATCH><CODE>1905</CODE><TEXT>ids 99 do not exist</TEXT><ID_SET><ID>99</ID></ID_SET></BATCH>` +
          `</BATCH_LIST>`,
      ),
    );
    // The DTD's (ID|ID_RANGE)+ interleaving is not preserved: IDs first, then expanded ranges.
    expect(r.batches).toStrictEqual([
      { text: "Successfully Deleted", ids: ["12", "7", "100", "101", "102", "103"] },
      { code: "1905", text: "ids 99 do not exist", ids: ["99"] },
    ]);
    expect(succeededIds(r)).toStrictEqual(["12", "7", "100", "101", "102", "103"]);
  });

  test("a batch without an ID_SET, an empty ID_SET and an empty BATCH_LIST", () => {
    expect(
      parseBatchReturn(batch(`<BATCH_LIST><BATCH><TEXT>nothing</TEXT></BATCH><BATCH><ID_SET/></BATCH></BATCH_LIST>`)).batches,
    ).toStrictEqual([{ text: "nothing", ids: [] }, { ids: [] }]);
    expect(parseBatchReturn(batch(`<BATCH_LIST></BATCH_LIST>`)).batches).toStrictEqual([]);
    expect(parseBatchReturn(batch(``)).batches).toStrictEqual([]);
  });

  test.each([
    ["a non-numeric ID", `<ID>12a</ID>`, /BATCH\[0\]\.ID_SET\.ID\[0\]: expected a numeric id/],
    ["a malformed range", `<ID_RANGE>5</ID_RANGE>`, /ID_RANGE\[0\]: expected an id range/],
    ["a backwards range", `<ID_RANGE>9-5</ID_RANGE>`, /ID_RANGE "9-5" runs backwards/],
    ["a range too large to expand", `<ID_RANGE>1-${MAX_EXPANDED_IDS + 1}</ID_RANGE>`, /expands to 100001 ids/],
  ])("%s is an unexpected-response", (_name, idSet, message) => {
    const e = thrown(() =>
      parseBatchReturn(batch(`<BATCH_LIST><BATCH><ID_SET>${idSet}</ID_SET></BATCH></BATCH_LIST>`), "NSX auth record delete"),
    );
    expect(e.kind).toBe("unexpected-response");
    expect(e.message).toMatch(message);
    expect(e.message).toContain("NSX auth record delete");
  });

  test("a SIMPLE_RETURN where a BATCH_RETURN was expected quotes what it says", () => {
    const e = thrown(() => parseBatchReturn(simple(`<CODE>1903</CODE><TEXT>Missing required parameter(s): title</TEXT>`)));
    expect(e.kind).toBe("unexpected-response");
    expect(e.code).toBe("1903");
    expect(e.message).toContain("Missing required parameter(s): title");
    expect(e.message).toContain("expected a BATCH_RETURN document, got SIMPLE_RETURN");
  });
});

// ---------------------------------------------------------------------------------------------
describe("parseNsxList", () => {
  test("the Policy Audit 1.11 notes, List VMware NSX authentication record with AD enabled: every field, exactly", () => {
    expect(parseNsxList(fixture("001_nsx_list_with_ad_enabled.auth_nsx_list_output.xml"))).toStrictEqual({
      datetime: "2026-04-07T06:09:03Z",
      records: [
        {
          ID: "12426322",
          // CDATA is data: the trailing space is what Qualys stored (see parser.ts).
          TITLE: "NSX_AD ",
          USERNAME: "root",
          IP_SET: { IP: ["10.xxx.xxx.xxx"], IP_RANGE: [] },
          PORT: "443",
          SSL_VERIFY_WITH_HOST: "0",
          LOGIN_TYPE: "vault",
          DIGITAL_VAULT: {
            DIGITAL_VAULT_ID: "4980801",
            DIGITAL_VAULT_TYPE: "HashiCorp",
            DIGITAL_VAULT_TITLE: "Nutanix_HashiCorp",
            VAULT_SECRET_KV_PATH: "/tmp",
            VAULT_SECRET_KV_NAME: "adnsx",
            VAULT_USE_AD_HASHICORP: "1",
          },
          CREATED: { DATETIME: "2026-04-07T05:25:48Z", BY: "vmspxtb" },
          LAST_MODIFIED: { DATETIME: "2026-04-07T05:25:48Z" },
        },
      ],
      ids: [],
      warnings: [],
      truncated: false,
    });
  });

  describe("the schema covers the note's DTD exactly", () => {
    const dtd = fixture("001_nsx_auth_nsx_list_output.dtd");
    test.each([
      ["AUTH_NSX", authNsxSchema],
      ["DIGITAL_VAULT", nsxDigitalVaultSchema],
      ["TAGS", nsxTagsSchema],
    ] as const)("%s: same children, same optionality", (element, schema) => {
      const children = dtdChildren(dtd, element);
      expect(Object.keys(schema.shape).sort()).toStrictEqual(children.map((c) => c.name).sort());
      for (const c of children) {
        expect([c.name, acceptsAbsence((schema.shape as Record<string, z.ZodType>)[c.name])]).toStrictEqual([c.name, c.optional]);
      }
    });

    test("IP_SET (IP|IP_RANGE)+ and TAGS_INCLUDE (SELECTOR, TAG+)", () => {
      expect(dtd).toContain("<!ELEMENT IP_SET (IP|IP_RANGE)+>");
      expect(Object.keys(nsxIpSetSchema.shape).sort()).toStrictEqual(["IP", "IP_RANGE"]);
      expect(Object.keys(nsxTagSelectionSchema.shape).sort()).toStrictEqual(
        dtdChildren(dtd, "TAGS_INCLUDE")
          .map((c) => c.name)
          .sort(),
      );
    });
  });

  test("two records; single and repeated IP/IP_RANGE; tags; every vault field; entities decoded", () => {
    const r = parseNsxList(
      nsxList(`<AUTH_NSX_LIST>
  <AUTH_NSX>
    <ID>1</ID><TITLE><![CDATA[basic & plain]]></TITLE><USERNAME><![CDATA[admin]]></USERNAME>
    <IP_SET><IP>10.0.0.1</IP><IP_RANGE>10.0.1.1-10.0.1.9</IP_RANGE><IP>10.0.0.2</IP><IP_RANGE>10.0.2.1-10.0.2.9</IP_RANGE></IP_SET>
    <TAGS><TAG_TYPE>ASSET_TAG</TAG_TYPE>
      <TAGS_INCLUDE><SELECTOR>any</SELECTOR><TAG><ID>5</ID><NAME><![CDATA[prod]]></NAME></TAG></TAGS_INCLUDE>
      <TAGS_EXCLUDE><SELECTOR>all</SELECTOR><TAG><ID>6</ID><NAME>dev</NAME></TAG><TAG><ID>7</ID><NAME>test</NAME></TAG></TAGS_EXCLUDE>
    </TAGS>
    <PORT>8443</PORT><SSL_VERIFY_WITH_HOST>1</SSL_VERIFY_WITH_HOST><HOSTS><![CDATA[nsx.example.com]]></HOSTS>
    <LOGIN_TYPE>basic</LOGIN_TYPE><NETWORK_ID>0</NETWORK_ID>
    <CREATED><DATETIME>2026-01-01T00:00:00Z</DATETIME><BY>me</BY></CREATED>
    <LAST_MODIFIED><DATETIME>2026-01-02T00:00:00Z</DATETIME></LAST_MODIFIED>
    <COMMENTS>a &lt;b&gt; &amp; c</COMMENTS>
  </AUTH_NSX>
  <AUTH_NSX>
    <ID>2</ID><TITLE>vaulted</TITLE>
    <IP_SET><IP_RANGE>192.168.0.1-192.168.0.20</IP_RANGE></IP_SET>
    <DIGITAL_VAULT>
      <DIGITAL_VAULT_ID>4980801</DIGITAL_VAULT_ID><DIGITAL_VAULT_TYPE>HashiCorp</DIGITAL_VAULT_TYPE><DIGITAL_VAULT_TITLE>V</DIGITAL_VAULT_TITLE>
      <VAULT_USERNAME>u</VAULT_USERNAME><VAULT_FOLDER>f</VAULT_FOLDER><VAULT_FILE>fi</VAULT_FILE><VAULT_SECRET_NAME>s</VAULT_SECRET_NAME>
      <VAULT_SYSTEM_NAME>sys</VAULT_SYSTEM_NAME><VAULT_NS_TYPE>nt</VAULT_NS_TYPE><VAULT_NS_NAME>nn</VAULT_NS_NAME>
      <VAULT_SECRET_KV_PATH>/kv</VAULT_SECRET_KV_PATH><VAULT_SECRET_KV_NAME>n</VAULT_SECRET_KV_NAME><VAULT_SECRET_KV_KEY>566</VAULT_SECRET_KV_KEY>
      <VAULT_SERVICE_TYPE>st</VAULT_SERVICE_TYPE><VAULT_USE_AD_HASHICORP>0</VAULT_USE_AD_HASHICORP>
    </DIGITAL_VAULT>
    <CREATED><DATETIME>2026-01-03T00:00:00Z</DATETIME><BY>you</BY></CREATED>
    <LAST_MODIFIED><DATETIME>2026-01-04T00:00:00Z</DATETIME></LAST_MODIFIED>
  </AUTH_NSX>
</AUTH_NSX_LIST>`),
    );
    expect(r.records).toHaveLength(2);
    const [a, b] = r.records as [(typeof r.records)[0], (typeof r.records)[0]];
    expect(a.TITLE).toBe("basic & plain");
    expect(a.IP_SET).toStrictEqual({ IP: ["10.0.0.1", "10.0.0.2"], IP_RANGE: ["10.0.1.1-10.0.1.9", "10.0.2.1-10.0.2.9"] });
    expect(a.TAGS).toStrictEqual({
      TAG_TYPE: "ASSET_TAG",
      TAGS_INCLUDE: { SELECTOR: "any", TAG: [{ ID: "5", NAME: "prod" }] },
      TAGS_EXCLUDE: {
        SELECTOR: "all",
        TAG: [
          { ID: "6", NAME: "dev" },
          { ID: "7", NAME: "test" },
        ],
      },
    });
    expect([a.PORT, a.SSL_VERIFY_WITH_HOST, a.HOSTS, a.LOGIN_TYPE, a.NETWORK_ID]).toStrictEqual([
      "8443",
      "1",
      "nsx.example.com",
      "basic",
      "0",
    ]);
    expect(a.COMMENTS).toBe("a <b> & c");
    expect(a.DIGITAL_VAULT).toBeUndefined();
    expect(b.IP_SET).toStrictEqual({ IP: [], IP_RANGE: ["192.168.0.1-192.168.0.20"] });
    expect(b.DIGITAL_VAULT).toStrictEqual({
      DIGITAL_VAULT_ID: "4980801",
      DIGITAL_VAULT_TYPE: "HashiCorp",
      DIGITAL_VAULT_TITLE: "V",
      VAULT_USERNAME: "u",
      VAULT_FOLDER: "f",
      VAULT_FILE: "fi",
      VAULT_SECRET_NAME: "s",
      VAULT_SYSTEM_NAME: "sys",
      VAULT_NS_TYPE: "nt",
      VAULT_NS_NAME: "nn",
      VAULT_SECRET_KV_PATH: "/kv",
      VAULT_SECRET_KV_NAME: "n",
      VAULT_SECRET_KV_KEY: "566",
      VAULT_SERVICE_TYPE: "st",
      VAULT_USE_AD_HASHICORP: "0",
    });
    expect(b.USERNAME).toBeUndefined();
  });

  test("no AUTH_NSX_LIST means no records (the read of a deleted record)", () => {
    expect(parseNsxList(nsxList(``))).toStrictEqual({
      datetime: "2026-04-07T06:09:03Z",
      records: [],
      ids: [],
      warnings: [],
      truncated: false,
    });
  });

  test("the ID_SET alternative of the DTD lists ids only", () => {
    expect(parseNsxList(nsxList(`<ID_SET><ID>3</ID><ID_RANGE>10-12</ID_RANGE></ID_SET>`)).ids).toStrictEqual(["3", "10", "11", "12"]);
  });

  test("the 'more records' WARNING marks the list truncated and says where to continue", () => {
    const r = parseNsxList(
      nsxList(
        `<AUTH_NSX_LIST><AUTH_NSX><ID>1</ID><TITLE>t</TITLE><CREATED><DATETIME>d</DATETIME><BY>b</BY></CREATED><LAST_MODIFIED><DATETIME>d</DATETIME></LAST_MODIFIED></AUTH_NSX></AUTH_NSX_LIST>` +
          `<WARNING_LIST><WARNING><CODE>1980</CODE><TEXT>1000 record limit exceeded. Use URL to get next batch of results.</TEXT>` +
          `<URL><![CDATA[https://qualysapi.qualys.com/api/3.0/fo/auth/nsx/?action=list&ids=1-5000&id_min=1001]]></URL></WARNING></WARNING_LIST>`,
      ),
    );
    expect(r.records.map((x) => x.ID)).toStrictEqual(["1"]);
    expect(r.truncated).toBe(true);
    expect(r.nextIdMin).toBe("1001");
    expect(r.nextUrl).toBe("https://qualysapi.qualys.com/api/3.0/fo/auth/nsx/?action=list&ids=1-5000&id_min=1001");
    expect(r.warnings).toStrictEqual([
      {
        code: "1980",
        url: "https://qualysapi.qualys.com/api/3.0/fo/auth/nsx/?action=list&ids=1-5000&id_min=1001",
        text: "1000 record limit exceeded. Use URL to get next batch of results.",
        ids: [],
      },
    ]);
  });

  test("a warning without URL or truncation code does not mark the list truncated", () => {
    const r = parseNsxList(
      nsxList(`<WARNING_LIST><WARNING><TEXT>some ids are not visible to you</TEXT><ID_SET><ID>4</ID></ID_SET></WARNING></WARNING_LIST>`),
    );
    expect(r.truncated).toBe(false);
    expect(r.warnings).toStrictEqual([{ text: "some ids are not visible to you", ids: ["4"] }]);
  });

  test("the REQUEST echo (echo_request=1) and the GLOSSARY are ignored", () => {
    const xml = `<AUTH_NSX_LIST_OUTPUT><REQUEST><DATETIME>d</DATETIME><USER_LOGIN>u</USER_LOGIN><RESOURCE>r</RESOURCE><PARAM_LIST><PARAM><KEY>action</KEY><VALUE>list</VALUE></PARAM></PARAM_LIST></REQUEST><RESPONSE><DATETIME>d</DATETIME><GLOSSARY><USER_LIST><USER><USER_LOGIN>u</USER_LOGIN><FIRST_NAME>f</FIRST_NAME><LAST_NAME>l</LAST_NAME></USER></USER_LIST></GLOSSARY></RESPONSE></AUTH_NSX_LIST_OUTPUT>`;
    expect(parseNsxList(xml)).toStrictEqual({ datetime: "d", records: [], ids: [], warnings: [], truncated: false });
  });

  test("a record without the DTD's required ID names the record", () => {
    const e = thrown(() =>
      parseNsxList(
        nsxList(
          `<AUTH_NSX_LIST><AUTH_NSX><ID>1</ID><TITLE>t</TITLE><CREATED><DATETIME>d</DATETIME><BY>b</BY></CREATED><LAST_MODIFIED><DATETIME>d</DATETIME></LAST_MODIFIED></AUTH_NSX>` +
            `<AUTH_NSX><TITLE>t</TITLE><CREATED><DATETIME>d</DATETIME><BY>b</BY></CREATED><LAST_MODIFIED><DATETIME>d</DATETIME></LAST_MODIFIED></AUTH_NSX></AUTH_NSX_LIST>`,
        ),
        "NSX auth record read",
      ),
    );
    expect(e.kind).toBe("unexpected-response");
    expect(e.message).toContain("AUTH_NSX_LIST_OUTPUT.RESPONSE.AUTH_NSX_LIST.AUTH_NSX[1].ID");
    expect(e.message).toContain("NSX auth record read");
  });
});

// ---------------------------------------------------------------------------------------------
describe("parseScheduleScanList", () => {
  test("the VM/PC schedule scan list notes' sample (with the PDF's prose inside the list): every field as the XML gives it", () => {
    const r = parseScheduleScanList(fixture("004_schedule_scan_list_cloud_perimeter.schedule_scan_list_output.xml"));
    expect(r).toStrictEqual({
      datetime: "2018-04-12T12:57:03Z",
      scans: [
        {
          ID: "1340788",
          ACTIVE: "",
          TITLE: "My_External_Scan",
          USER_LOGIN: "utwrx_mp",
          TARGET: "Asset Tags Included",
          ISCANNER_NAME: "External Scanner",
          // The note wraps these two CDATA values over two lines (PDF extraction); CDATA is verbatim.
          EC2_INSTANCE: {
            CONNECTOR_UUID: "8047abce-c3ac-42e0-ad49-\nbe4181d22c84",
            EC2_ENDPOINT: "1507b6c1-07a7-4d88-acf2-\n8c6b63e749c4",
            EC2_ONLY_CLASSIC: "1",
          },
          CLOUD_DETAILS: {
            PROVIDER: "AWS",
            CONNECTOR: { ID: "37361", UUID: "8047abce-c3ac-42e0-ad49-be4181d22c84", NAME: "EC2 Connector" },
            SCAN_TYPE: "Cloud Perimeter",
            CLOUD_TARGET: {
              PLATFORM: "Classic",
              REGION: { UUID: "1507b6c1-07a7-4d88-acf2-8c6b63e749c4", CODE: "us-east-1", NAME: "US East (N. Virginia)" },
              VPC_SCOPE: "None",
            },
          },
          ASSET_TAGS: {
            TAG_INCLUDE_SELECTOR: "any",
            TAG_SET_INCLUDE: "EC2_Targets",
            TAG_EXCLUDE_SELECTOR: "any",
            TAG_SET_EXCLUDE: "EC2_Test",
            USE_IP_NT_RANGE_TAGS: "0",
          },
          ELB_DNS: { DNS: ["abc.com", "abc123.com"] },
          OPTION_PROFILE: { TITLE: "Initial Options", DEFAULT_FLAG: "1" },
          PROCESSING_PRIORITY: "0 - No Priority",
          SCHEDULE: {
            DAILY: { "@_frequency_days": "364" },
            START_DATE_UTC: "2018-04-02T05:00:00Z",
            START_HOUR: "10",
            START_MINUTE: "30",
            TIME_ZONE: { TIME_ZONE_CODE: "IN", TIME_ZONE_DETAILS: "(GMT+0530) India: \nAsia/Calcutta" },
            DST_SELECTED: "0",
          },
        },
      ],
    });
  });

  test("the schema has every SCAN child of the note's DTD, with the DTD's optionality", () => {
    const children = dtdChildren(fixture("004_schedule_scan_list_output.dtd.excerpt"), "SCAN");
    expect(children).toHaveLength(19);
    expect(Object.keys(scheduleScanSchema.shape).sort()).toStrictEqual(children.map((c) => c.name).sort());
    for (const c of children) {
      expect([c.name, acceptsAbsence((scheduleScanSchema.shape as Record<string, z.ZodType>)[c.name])]).toStrictEqual([c.name, c.optional]);
    }
  });

  // Synthetic: the shape a GCP internal job (the Policy Audit 1.11 notes' create sample) would be listed with. The
  // notes do not show one; element names follow the 004 sample and Qualys's DTD.
  const gcpScan = `<SCAN>
      <ID>7469466</ID>
      <ACTIVE>1</ACTIVE>
      <TITLE><![CDATA[GCP_Test_API3]]></TITLE>
      <USER_LOGIN>quays_ab</USER_LOGIN>
      <TARGET><![CDATA[Asset Tags Included]]></TARGET>
      <ISCANNER_NAME><![CDATA[RM_GCP_SCANNER]]></ISCANNER_NAME>
      <CLOUD_DETAILS>
        <PROVIDER>GCP</PROVIDER>
        <CONNECTOR><ID>901</ID><UUID>0f3e8f7a-1111-2222-3333-444455556666</UUID><NAME><![CDATA[Rohanpod4qwebxrm3]]></NAME></CONNECTOR>
        <SCAN_TYPE>Internal</SCAN_TYPE>
        <CLOUD_TARGET>
          <PLATFORM>Compute Engine</PLATFORM>
          <REGION><CODE>us-central1</CODE></REGION>
          <VPC_SCOPE>Selected</VPC_SCOPE>
          <VPC_LIST><VPC><ID><![CDATA[projects/qlys-devqa-qweb/virtualNetworks/vpc-qlys-devqa-qweb]]></ID></VPC></VPC_LIST>
          <CLOUD_RESOURCE_IDS>us-central1</CLOUD_RESOURCE_IDS>
        </CLOUD_TARGET>
      </CLOUD_DETAILS>
      <ASSET_TAGS><TAG_INCLUDE_SELECTOR>all</TAG_INCLUDE_SELECTOR><TAG_SET_INCLUDE><![CDATA[gcp,prod]]></TAG_SET_INCLUDE></ASSET_TAGS>
      <OPTION_PROFILE><TITLE><![CDATA[Qualys Recommended Option Profile]]></TITLE><DEFAULT_FLAG>0</DEFAULT_FLAG></OPTION_PROFILE>
      <PROCESSING_PRIORITY>3 - Critical</PROCESSING_PRIORITY>
      <SCHEDULE>
        <WEEKLY frequency_weeks="2" weekdays="monday,friday" />
        <START_DATE_UTC>2026-05-01T07:00:00Z</START_DATE_UTC>
        <START_HOUR>7</START_HOUR>
        <START_MINUTE>05</START_MINUTE>
        <TIME_ZONE><TIME_ZONE_CODE>US-CA</TIME_ZONE_CODE><TIME_ZONE_DETAILS><![CDATA[(GMT-0800) United States (California)]]></TIME_ZONE_DETAILS></TIME_ZONE>
        <DST_SELECTED>1</DST_SELECTED>
        <RECURRENCE>4</RECURRENCE>
        <END_AFTER_HOURS>2</END_AFTER_HOURS>
        <END_AFTER_MINUTES>30</END_AFTER_MINUTES>
        <PAUSE_AFTER_HOURS>1</PAUSE_AFTER_HOURS>
        <RESUME_IN_DAYS>0</RESUME_IN_DAYS>
        <RESUME_IN_HOURS>5</RESUME_IN_HOURS>
      </SCHEDULE>
      <NOTIFICATIONS><BEFORE_LAUNCH><TIME>2</TIME><UNIT>hours</UNIT></BEFORE_LAUNCH></NOTIFICATIONS>
    </SCAN>`;

  test("a single GCP scan is still a list; attributes, leading zeros and unknown children are kept", () => {
    const r = parseScheduleScanList(scheduleList(`<SCHEDULE_SCAN_LIST>${gcpScan}</SCHEDULE_SCAN_LIST>`));
    expect(r.scans).toHaveLength(1);
    const s = r.scans[0];
    expect(s.ID).toBe("7469466");
    expect(s.ACTIVE).toBe("1");
    expect(s.CLOUD_DETAILS?.PROVIDER).toBe("GCP");
    expect(s.CLOUD_DETAILS?.CONNECTOR).toStrictEqual({
      ID: "901",
      UUID: "0f3e8f7a-1111-2222-3333-444455556666",
      NAME: "Rohanpod4qwebxrm3",
    });
    expect(s.CLOUD_DETAILS?.CLOUD_TARGET?.REGION).toStrictEqual({ CODE: "us-central1" });
    expect(s.CLOUD_DETAILS?.CLOUD_TARGET?.VPC_LIST?.VPC).toStrictEqual([
      { ID: "projects/qlys-devqa-qweb/virtualNetworks/vpc-qlys-devqa-qweb" },
    ]);
    // Loose objects keep what the notes do not document instead of dropping it.
    expect(s.CLOUD_DETAILS?.CLOUD_TARGET?.CLOUD_RESOURCE_IDS).toBe("us-central1");
    expect(s.NOTIFICATIONS).toStrictEqual({ BEFORE_LAUNCH: { TIME: "2", UNIT: "hours" } });
    expect(s.ASSET_TAGS).toStrictEqual({ TAG_INCLUDE_SELECTOR: "all", TAG_SET_INCLUDE: "gcp,prod" });
    expect(s.SCHEDULE).toStrictEqual({
      WEEKLY: { "@_frequency_weeks": "2", "@_weekdays": "monday,friday" },
      START_DATE_UTC: "2026-05-01T07:00:00Z",
      START_HOUR: "7",
      START_MINUTE: "05",
      TIME_ZONE: { TIME_ZONE_CODE: "US-CA", TIME_ZONE_DETAILS: "(GMT-0800) United States (California)" },
      DST_SELECTED: "1",
      RECURRENCE: "4",
      END_AFTER_HOURS: "2",
      END_AFTER_MINUTES: "30",
      PAUSE_AFTER_HOURS: "1",
      RESUME_IN_DAYS: "0",
      RESUME_IN_HOURS: "5",
    });
  });

  test("two scans, a monthly schedule, an empty DAILY and empty NOTIFICATIONS", () => {
    const monthly = gcpScan
      .replace("<ID>7469466</ID>", "<ID>7469467</ID>")
      .replace(
        `<WEEKLY frequency_weeks="2" weekdays="monday,friday" />`,
        `<MONTHLY frequency_months="1" day_of_week="2" week_of_month="last"/>`,
      )
      .replace(/<NOTIFICATIONS>.*<\/NOTIFICATIONS>/, "<NOTIFICATIONS/>");
    const daily = gcpScan.replace("<ID>7469466</ID>", "<ID>7469468</ID>").replace(/<WEEKLY[^>]*>/, "<DAILY/>");
    const r = parseScheduleScanList(scheduleList(`<SCHEDULE_SCAN_LIST>${gcpScan}${monthly}${daily}</SCHEDULE_SCAN_LIST>`));
    expect(r.scans.map((s) => s.ID)).toStrictEqual(["7469466", "7469467", "7469468"]);
    expect(r.scans[1].SCHEDULE.MONTHLY).toStrictEqual({ "@_frequency_months": "1", "@_day_of_week": "2", "@_week_of_month": "last" });
    expect(r.scans[1].SCHEDULE.WEEKLY).toBeUndefined();
    expect(r.scans[1].NOTIFICATIONS).toStrictEqual({});
    expect(r.scans[2].SCHEDULE.DAILY).toStrictEqual({});
  });

  test("no SCHEDULE_SCAN_LIST means no scans (the read of a deleted job)", () => {
    expect(parseScheduleScanList(scheduleList(""))).toStrictEqual({ datetime: "2026-04-21T10:30:00Z", scans: [] });
  });

  test("a scan without the DTD's required SCHEDULE names the scan", () => {
    const e = thrown(() =>
      parseScheduleScanList(
        scheduleList(`<SCHEDULE_SCAN_LIST>${gcpScan.replace(/<SCHEDULE>[\s\S]*<\/SCHEDULE>/, "")}</SCHEDULE_SCAN_LIST>`),
      ),
    );
    expect(e.kind).toBe("unexpected-response");
    expect(e.message).toContain("SCHEDULE_SCAN_LIST_OUTPUT.RESPONSE.SCHEDULE_SCAN_LIST.SCAN[0].SCHEDULE");
  });

  test("an element that should be text but has children is refused, not stringified", () => {
    const e = thrown(() =>
      parseScheduleScanList(
        scheduleList(`<SCHEDULE_SCAN_LIST>${gcpScan.replace("<ACTIVE>1</ACTIVE>", "<ACTIVE><X>1</X></ACTIVE>")}</SCHEDULE_SCAN_LIST>`),
      ),
    );
    expect(e.message).toContain("SCAN[0].ACTIVE");
  });
});

// ---------------------------------------------------------------------------------------------
describe("ids are canonical where the answer is parsed, and nowhere else", () => {
  const scan = (id: string) =>
    `<SCAN><ID>${id}</ID><ACTIVE>1</ACTIVE><USER_LOGIN>u</USER_LOGIN><TARGET>t</TARGET><SCHEDULE><DAILY frequency_days="1"/><START_DATE_UTC>2026-05-01T07:00:00Z</START_DATE_UTC><START_HOUR>7</START_HOUR><START_MINUTE>05</START_MINUTE><TIME_ZONE><TIME_ZONE_CODE>US-CA</TIME_ZONE_CODE></TIME_ZONE></SCHEDULE></SCAN>`;

  test("canonicalId: digits without leading zeros; numbers and strings alike; other text only trimmed", () => {
    expect(canonicalId("0042")).toBe("42");
    expect(canonicalId(" 42 ")).toBe("42");
    expect(canonicalId(42)).toBe(canonicalId("0042"));
    expect(canonicalId("000")).toBe("0");
    expect(canonicalId(" pending-1 ")).toBe("pending-1");
  });

  test("the schedule list's SCAN ID, the BATCH_RETURN's ID_SET, the NSX list's ID and SIMPLE_RETURN's item ID", () => {
    const list = parseScheduleScanList(scheduleList(`<SCHEDULE_SCAN_LIST>${scan("0042")}${scan("43")}</SCHEDULE_SCAN_LIST>`));
    expect(list.scans.map((s) => s.ID)).toStrictEqual(["42", "43"]);
    expect(list.scans[0].SCHEDULE.START_MINUTE).toBe("05"); // only ids: other values stay as written
    const b = parseBatchReturn(
      batch(`<BATCH_LIST><BATCH><TEXT>Deleted</TEXT><ID_SET><ID>007</ID><ID_RANGE>0098-0100</ID_RANGE></ID_SET></BATCH></BATCH_LIST>`),
    );
    expect(succeededIds(b)).toStrictEqual(["7", "98", "99", "100"]);
    const nsx = parseNsxList(
      nsxList(
        `<AUTH_NSX_LIST><AUTH_NSX><ID>0012</ID><TITLE>t</TITLE><CREATED><DATETIME>2026-04-07T05:25:48Z</DATETIME><BY>u</BY></CREATED><LAST_MODIFIED><DATETIME>2026-04-07T05:25:48Z</DATETIME></LAST_MODIFIED></AUTH_NSX></AUTH_NSX_LIST>`,
      ),
    );
    expect(nsx.records.map((r) => r.ID)).toStrictEqual(["12"]);
    const created = parseSimpleReturn(
      simple(
        `<TEXT>Scan has been created successfully</TEXT><ITEM_LIST><ITEM><KEY>ID</KEY><VALUE>0042</VALUE></ITEM><ITEM><KEY>CODE</KEY><VALUE>007</VALUE></ITEM></ITEM_LIST>`,
      ),
    );
    expect(created.items).toStrictEqual({ ID: "42", CODE: "007" });
  });
});
