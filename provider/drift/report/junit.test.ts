/** The JUnit XML report: well-formed, one test case per resource, findings as failures a CI system shows. */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { HOSTILE, hostileDriftReport, sampleDriftReport } from "../../../tests/helpers/drift-report";
import type { DriftReport } from "../model";
import { renderJunit } from "./index";

interface Outcome {
  "@_type": string;
  "@_message": string;
  "#text"?: string;
}
interface Case {
  "@_classname": string;
  "@_name": string;
  failure?: Outcome;
  error?: Outcome;
  skipped?: Outcome;
}
interface Suite {
  "@_name": string;
  "@_tests": string;
  "@_failures": string;
  "@_errors": string;
  "@_skipped": string;
  "@_time": string;
  testcase?: Case[];
}

function parse(xml: string): { suites: Suite[]; root: Record<string, string> } {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = new XMLParser({
    ignoreAttributes: false,
    htmlEntities: true, // decodes character references (&#10;), as every XML reader does
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    isArray: (name) => name === "testsuite" || name === "testcase",
  }).parse(xml) as { testsuites: Record<string, string> & { testsuite: Suite[] } };
  return { suites: doc.testsuites.testsuite, root: doc.testsuites };
}

function suite(suites: Suite[], name: string): Suite {
  const s = suites.find((x) => x["@_name"] === name);
  if (!s) throw new Error(`no suite ${name}`);
  return s;
}

test("the sample: a suite per stack with a case per resource, drift/gone/unreadable failing with the fields", () => {
  const report = sampleDriftReport();
  const { suites, root } = parse(renderJunit(report));
  expect(suites.map((s) => s["@_name"])).toEqual(["platform-dev", "platform-yaml", "unmanaged objects", "cleanup reminders"]);
  const dev = suite(suites, "platform-dev");
  expect(dev.testcase?.map((c) => c["@_name"])).toEqual(
    report.resources.filter((r) => r.stack === "platform-dev").map((r) => `${r.type}/${r.name}`),
  );
  expect(dev.testcase?.every((c) => c["@_classname"] === "platform-dev")).toBe(true);
  const sa = dev.testcase?.find((c) => c["@_name"] === "ServiceAccount/aws-prod");
  expect(sa?.failure?.["@_type"]).toBe("drifted");
  expect(sa?.failure?.["@_message"]).toBe('drifted: regions: state ["us-east-1","us-west-2","eu-west-1"], Qualys ["us-east-1"]');
  expect(sa?.failure?.["#text"]).toContain("Repair: pulumi up --refresh");
  expect(dev.testcase?.find((c) => c["@_name"] === "NsxAuthRecord/nsx-dc2")?.failure?.["@_type"]).toBe("gone");
  expect(dev.testcase?.find((c) => c["@_name"] === "TargetAccount/aws-prod-target")).toEqual({
    "@_classname": "platform-dev",
    "@_name": "TargetAccount/aws-prod-target",
    "@_time": "0",
  });
  const yaml = suite(suites, "platform-yaml");
  expect(yaml.testcase?.find((c) => c["@_name"] === "ServiceAccount/gcp-sandbox")?.failure?.["@_message"]).toMatch(
    /^unreadable \(throttled\): HTTP 429/,
  );
  expect(yaml.testcase?.find((c) => c["@_name"] === "NsxAuthRecord/nsx-lab")?.skipped?.["@_type"]).toBe("pending");
  expect(dev["@_failures"]).toBe("3");
  expect(yaml["@_failures"]).toBe("2");
  // --fail-on drift,unmanaged: unmanaged objects fail, due reminders are skipped (shown, not failing).
  const unmanaged = suite(suites, "unmanaged objects");
  expect(unmanaged.testcase).toHaveLength(5);
  expect(unmanaged.testcase?.every((c) => c.failure?.["@_type"] === "unmanaged")).toBe(true);
  expect(unmanaged.testcase?.[3].failure?.["@_message"]).toContain("made by Pulumi elsewhere (security/legacy-prod)");
  const reminders = suite(suites, "cleanup reminders");
  expect(reminders.testcase?.map((c) => (c.skipped ? "skipped" : c.failure ? "failure" : "passed"))).toEqual([
    "skipped",
    "skipped",
    "passed",
  ]);
  expect(root["@_tests"]).toBe(String(report.resources.length + 5 + 3));
  expect(root["@_failures"]).toBe(String(3 + 1 + 1 + 5));
  expect([root["@_time"], dev["@_time"]]).toEqual(["15.731", "8.421"]); // the stacks' read times, without float noise
});

test("--fail-on reminders makes due reminders failures; a failed stack is an error", () => {
  const report: DriftReport = { ...sampleDriftReport(), failOn: ["reminders"] };
  report.stacks.push({ stack: "broken", project: "p", cwd: "/srv/p", ok: false, error: "stack not found", resources: 0, durationMs: 3 });
  const { suites, root } = parse(renderJunit(report));
  expect(suite(suites, "cleanup reminders")["@_failures"]).toBe("2");
  expect(suite(suites, "unmanaged objects")["@_skipped"]).toBe("5");
  expect(suite(suites, "broken").testcase?.[0].error?.["@_message"]).toBe("stack not found");
  expect(root["@_errors"]).toBe("1");
});

test("hostile values are escaped: the XML is well-formed and every value reads back as it was", () => {
  const report = hostileDriftReport();
  const xml = renderJunit(report);
  expect(xml).not.toContain("<script");
  expect(xml).not.toContain("\u0000");
  const { suites } = parse(xml);
  // XML cannot carry NUL or ESC at all; they read back as U+FFFD. Line breaks in attributes survive.
  const readable = (s: string) => s.replaceAll("\u0000", "\uFFFD").replaceAll("\u001b", "\uFFFD");
  const stack = report.resources[0].stack;
  const s = suite(suites, readable(stack));
  expect(s.testcase?.[0]["@_classname"]).toBe(readable(stack));
  expect(s.testcase?.[0]["@_name"]).toBe(readable(`${report.resources[0].type}/${report.resources[0].name}`));
  expect(s.testcase?.[0]["@_name"]).toContain("\n# heading");
  expect(s.testcase?.[0].failure?.["#text"]).toContain(readable(HOSTILE));
  expect(suites.find((x) => x["@_name"] === readable(report.stacks[2].stack))?.testcase?.[0].error?.["@_message"]).toContain(
    '<script>alert("x")</script>',
  );
});
