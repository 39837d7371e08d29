/**
 * The schedule scan list of the VM/PC schedule scan list notes, read through the shared XML parser (xml/documents.ts) by the
 * read-only client: what is posted (5.0 endpoint, action=list, show_cloud_details) and what comes
 * back from the note's exact sample (provider/clients/xml/__fixtures__, byte for byte).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SCHEDULE_SCAN_PATH, ScheduleScansApi } from "./schedule-scans";
import type { XmlClient, XmlParams, XmlPostOptions } from "./xml/client";
import { isQualysError } from "../errors";

const SAMPLE = readFileSync(
  join(__dirname, "xml/__fixtures__/004_schedule_scan_list_cloud_perimeter.schedule_scan_list_output.xml"),
  "utf8",
);

function stubXml(body: string) {
  const calls: Array<{ path: string; params: XmlParams; opts: XmlPostOptions }> = [];
  const client = {
    post: async (path: string, params: XmlParams, opts: XmlPostOptions) => {
      calls.push({ path, params, opts });
      return body;
    },
  } as unknown as XmlClient;
  return { client, calls };
}

test("posts action=list with cloud details to the 5.0 endpoint (2.0–4.0 reach EOL in December 2026)", async () => {
  const { client, calls } = stubXml(SAMPLE);
  await new ScheduleScansApi(client).list({ ids: ["1340788", "42"], active: true, scanType: "perimeter" });
  expect(SCHEDULE_SCAN_PATH).toBe("/api/5.0/fo/schedule/scan/");
  expect(calls).toHaveLength(1);
  expect(calls[0].path).toBe("/api/5.0/fo/schedule/scan/");
  expect(calls[0].params).toEqual({
    action: "list",
    id: ["1340788", "42"],
    active: true,
    scan_type: "perimeter",
    show_cloud_details: true,
  });
  expect(calls[0].opts.idempotent).toBe(true);
});

test("show_cloud_details can be turned off; no id means no id parameter", async () => {
  const { client, calls } = stubXml(SAMPLE);
  await new ScheduleScansApi(client).list({ showCloudDetails: false, ids: [] });
  expect(calls[0].params).toEqual({ action: "list", id: undefined, active: undefined, scan_type: undefined, show_cloud_details: false });
});

test("the VM/PC schedule scan list notes' sample parses into one scan with its cloud details, tags, DNS names and schedule", async () => {
  const { client } = stubXml(SAMPLE);
  const list = await new ScheduleScansApi(client).list();
  expect(list.datetime).toBe("2018-04-12T12:57:03Z");
  expect(list.scans).toHaveLength(1);
  const scan = list.scans[0];
  expect(scan.ID).toBe("1340788");
  expect(scan.TITLE).toBe("My_External_Scan");
  expect(scan.ACTIVE).toBe("");
  expect(scan.USER_LOGIN).toBe("utwrx_mp");
  expect(scan.TARGET).toBe("Asset Tags Included");
  expect(scan.CLOUD_DETAILS).toMatchObject({
    PROVIDER: "AWS",
    CONNECTOR: { ID: "37361", UUID: "8047abce-c3ac-42e0-ad49-be4181d22c84", NAME: "EC2 Connector" },
    SCAN_TYPE: "Cloud Perimeter",
    CLOUD_TARGET: { PLATFORM: "Classic", REGION: { CODE: "us-east-1", NAME: "US East (N. Virginia)" }, VPC_SCOPE: "None" },
  });
  expect(scan.ASSET_TAGS).toMatchObject({ TAG_INCLUDE_SELECTOR: "any", TAG_SET_INCLUDE: "EC2_Targets", TAG_SET_EXCLUDE: "EC2_Test" });
  expect(scan.ELB_DNS?.DNS).toEqual(["abc.com", "abc123.com"]);
  expect(scan.OPTION_PROFILE).toMatchObject({ TITLE: "Initial Options", DEFAULT_FLAG: "1" });
  expect(scan.SCHEDULE).toMatchObject({
    DAILY: { "@_frequency_days": "364" },
    START_HOUR: "10",
    START_MINUTE: "30",
    TIME_ZONE: { TIME_ZONE_CODE: "IN" },
  });
});

test("a list without SCHEDULE_SCAN_LIST is an empty result", async () => {
  const empty = `<?xml version="1.0" encoding="UTF-8" ?>\n<SCHEDULE_SCAN_LIST_OUTPUT><RESPONSE><DATETIME>2026-05-28T11:30:00Z</DATETIME></RESPONSE></SCHEDULE_SCAN_LIST_OUTPUT>`;
  const { client } = stubXml(empty);
  expect((await new ScheduleScansApi(client).list()).scans).toEqual([]);
});

test("an error document where the list was expected is a QualysError quoting Qualys", async () => {
  const err = `<?xml version="1.0" encoding="UTF-8" ?>\n<SIMPLE_RETURN><RESPONSE><DATETIME>2026-05-28T11:30:00Z</DATETIME><CODE>1905</CODE><TEXT>parameter active has invalid value</TEXT></RESPONSE></SIMPLE_RETURN>`;
  const { client } = stubXml(err);
  const e = await new ScheduleScansApi(client).list().catch((x: unknown) => x);
  expect(isQualysError(e)).toBe(true);
  expect(String(e)).toContain("parameter active has invalid value");
});

test('get compares ids in the parser\'s canonical form: an imported "0042" finds 42, and 42 finds a listed 0042', async () => {
  const listed = (id: string) => SAMPLE.replace("<ID>1340788</ID>", `<ID>${id}</ID>`);
  expect(listed("42")).not.toBe(SAMPLE);
  expect((await new ScheduleScansApi(stubXml(listed("42")).client).get("0042"))?.ID).toBe("42");
  expect((await new ScheduleScansApi(stubXml(listed("0042")).client).get("42"))?.ID).toBe("42");
  expect(await new ScheduleScansApi(stubXml(listed("42")).client).get("420")).toBeUndefined();
});
