/**
 * The one QFlow step-payload decoder, on the note's exact samples (002: Execution Step Details,
 * Input and Output APIs; provider/clients/__fixtures__/README.md).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { isQualysError } from "../errors";
import { decodeQflowPayload, GZIP_BASE64_PREFIX, MAX_DECODED_BYTES } from "./qflow-payload";
import { epochMsToIso, qflowExecutionSchema, qflowStepSchema, qflowWorkflowSchema } from "./qflow";

const fixture = (name: string) => readFileSync(join(__dirname, "__fixtures__", name), "utf8");
/** The note indents the details sample with U+00A0 (see the fixtures README). */
const json = (name: string) => JSON.parse(fixture(name).replace(/\u00a0/g, " "));

const details = json("002_qflow_execution_step_details.response.json") as { input: string; output: string };
const inputBody = json("002_qflow_execution_step_input.response.json") as unknown;
const outputBody = json("002_qflow_execution_step_output.response.json") as unknown;

describe("decodeQflowPayload on the note's samples", () => {
  test("the samples are what the tests think they are", () => {
    expect(details.input.startsWith(GZIP_BASE64_PREFIX)).toBe(true);
    expect(details.output.startsWith(GZIP_BASE64_PREFIX)).toBe(true);
    expect(details.input).toHaveLength(1804);
    expect(typeof inputBody).toBe("string");
    expect((inputBody as string).startsWith('{"selectedResource":')).toBe(true);
    expect((outputBody as string).startsWith('[{"source":"WORKFLOW_TRIGGER"')).toBe(true);
  });

  test("gzip+base64 input decodes to the step's input document", () => {
    const input = decodeQflowPayload(details.input) as Record<string, unknown>;
    expect(input).toMatchObject({
      method: "RunWorkflow",
      cloudType: "QUALYS",
      service: "QFLOW",
      executionId: "0e72b4a1-abea-45b2-9ae9-91cd87506404",
      workflowId: "f516bcf4-f6fb-46ac-a54f-ddbcf2a2d24a",
      region: "us-east-1",
      stepMessage: "Child workflow triggered",
      success: true,
      selectedResource: { selectedResourceId: "node-e3a84822-workflow-trigger", label: "WorkflowTrigger" },
    });
    const collection = input.collection as Array<Record<string, unknown>>;
    expect(collection).toHaveLength(1);
    expect(collection[0].workflowId).toBe("b47f74b7-b0e8-48f8-9934-7ce1b0680f2b");
    const stopped = (collection[0].input as { collection: Array<{ InstanceIds: string[] }> }).collection.map((c) => c.InstanceIds[0]);
    expect(stopped).toEqual(["i-0663d3f3e572608d5", "i-0c6024ad8375f39ef"]);
  });

  test("gzip+base64 output decodes to a list", () => {
    const output = decodeQflowPayload(details.output) as Array<Record<string, unknown>>;
    expect(Array.isArray(output)).toBe(true);
    expect(output).toHaveLength(1);
    expect(output[0]).toMatchObject({ source: "WORKFLOW_TRIGGER", executionId: "93c29829-8efd-4dcb-bfb8-efd6bbb2b725", forceRun: false });
  });

  test("JSON-in-a-string bodies decode to the same documents as the gzip fields", () => {
    expect(decodeQflowPayload(inputBody)).toEqual(decodeQflowPayload(details.input));
    expect(decodeQflowPayload(outputBody)).toEqual(decodeQflowPayload(details.output));
    // and not to a string: the caller gets objects
    expect(typeof decodeQflowPayload(inputBody)).toBe("object");
  });

  test("already-decoded values, null and plain text pass through", () => {
    expect(decodeQflowPayload({ a: 1 })).toEqual({ a: 1 });
    expect(decodeQflowPayload(null)).toBeNull();
    expect(decodeQflowPayload(undefined)).toBeUndefined();
    expect(decodeQflowPayload("1 events sent")).toBe("1 events sent");
    expect(decodeQflowPayload("{not json")).toBe("{not json");
  });

  test("gzip of JSON-in-a-string is unwrapped all the way", () => {
    const doubly = gzipSync(Buffer.from(JSON.stringify(JSON.stringify({ ok: true })))).toString("base64");
    expect(decodeQflowPayload(doubly)).toEqual({ ok: true });
  });

  test("a payload that claims gzip but is not is an error, not a silent blob", () => {
    let err: unknown;
    try {
      decodeQflowPayload("H4sIAAAAnotgzip");
    } catch (e) {
      err = e;
    }
    expect(isQualysError(err, "unexpected-response")).toBe(true);
    expect(String(err)).toMatch(/not valid gzip/);
    expect(() => decodeQflowPayload("H4sI!!!")).toThrow(/not base64/);
  });

  test("decompression is capped", () => {
    expect(MAX_DECODED_BYTES).toBeGreaterThan(1024 * 1024);
    const bomb = gzipSync(Buffer.alloc(MAX_DECODED_BYTES + 1, 0x20)).toString("base64");
    expect(() => decodeQflowPayload(bomb)).toThrow(/larger than/);
  });
});

describe("QFlow record schemas", () => {
  test("the step details sample: payloads decoded, epoch ms kept with an ISO twin", () => {
    const step = qflowStepSchema.parse(details);
    expect(step.nodeId).toBe("node-e3a84822-qualysevent");
    expect(step.createdAt).toBe(1746010380248);
    expect(step.createdAtIso).toBe("2025-04-30T10:53:00.248Z");
    expect(step.startDateIso).toBe(new Date(1746010380100).toISOString());
    expect(step.endDateIso).toBe("2025-04-30T10:53:00.193Z");
    expect((step.input as Record<string, unknown>).method).toBe("RunWorkflow");
    expect(Array.isArray(step.output)).toBe(true);
    // dates that are not epoch ms stay as given
    expect(step.parDateKey).toBe("2025-04-30T00:00:00.000Z");
  });

  test("null epoch fields get a null twin; absent ones get none", () => {
    const s = qflowStepSchema.parse({ id: "x", nodeId: "trigger", startDate: 1746010375084, endDate: null });
    expect(s.endDate).toBeNull();
    expect(s.endDateIso).toBeNull();
    expect("createdAtIso" in s).toBe(false);
  });

  test("nested executionEndDate (workflow last_execution_details, execution details) gets its twin", () => {
    const wf = qflowWorkflowSchema.parse({
      id: "w",
      createdAt: 1744786878828,
      last_execution_details: { message: "m", executionEndDate: 1747114432510 },
    });
    expect(wf.createdAtIso).toBe("2025-04-16T07:01:18.828Z");
    expect(wf.last_execution_details?.executionEndDateIso).toBe(new Date(1747114432510).toISOString());
    const ex = qflowExecutionSchema.parse({ id: "e", startDate: 1746007562041, details: { executionEndDate: 1746007633052 } });
    expect(ex.details?.executionEndDateIso).toBe("2025-04-30T10:07:13.052Z");
  });

  test("epochMsToIso", () => {
    expect(epochMsToIso(0)).toBe("1970-01-01T00:00:00.000Z");
    expect(epochMsToIso(null)).toBeNull();
    expect(epochMsToIso("1746007562041")).toBeNull();
  });
});
