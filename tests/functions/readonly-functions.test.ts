/**
 * The read-only SDK functions against the emulator over real HTTP: every function once, paging
 * across ≥ 3 pages (counted with `emu.calls()`), empty results, a refused token, invalid filter
 * values surfaced with the API's own message, and invalid arguments refused before any call.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { flexscan } from "../../emulator/services/flexscan/service-accounts";
import { defaultPolicies } from "../../emulator/services/readonly/policy";
import { isQualysError, type QualysError } from "../../provider/errors";
import { decodeQflowPayload } from "../../provider/clients/qflow-payload";
import * as f from "../../sdk/nodejs/functions";
import { useEmulator } from "../helpers/emulator-client";
import { GCP_INTERNAL_SCAN_CREATE_SAMPLE } from "../helpers/note-samples";
import { emulatorEnv } from "../helpers/provider-harness";

let env: Record<string, string>;
let opts: f.FunctionOptions;

const SAMPLE_WORKFLOW = "f516bcf4-f6fb-46ac-a54f-ddbcf2a2d24a";
const SAMPLE_EXECUTION = "0e72b4a1-abea-45b2-9ae9-91cd87506404";
const DETAILS_EXECUTION = "0e71f117-648f-4ad2-a3a9-8f1b857a1b70";
const SAMPLE_NODE = "node-e3a84822-qualysevent";

const fixture = (name: string) =>
  JSON.parse(readFileSync(join(__dirname, "../../provider/clients/__fixtures__", name), "utf8").replace(/\u00a0/g, " "));

// Declared before the emulator's hooks: the function clients close before the emulator does.
afterAll(() => f.closeQualysFunctionClients());
const E = useEmulator({}, { scope: "all" });
const { controlOk: control } = E;
beforeAll(() => {
  env = emulatorEnv(E.emu, { QUALYS_USERNAME: "acme_user", QUALYS_PASSWORD: "acme-password" });
  opts = { env };
});
beforeEach(() => E.emu.resetCalls());

async function failure(p: Promise<unknown>): Promise<QualysError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!isQualysError(e)) throw new Error(`expected a QualysError, got ${String(e)}`);
  return e;
}

const last = () => E.emu.log[E.emu.log.length - 1];

// ---------------------------------------------------------------------------------------------
describe("Flexscan", () => {
  test("service accounts: list walks 3 pages with all; get and state", async () => {
    // The file shares one emulator: the totals below count the tenant's accounts, so they start
    // from none, whichever tests ran before this one.
    flexscan(E.emu.tenant()).serviceAccounts.clear();
    await control("POST", "seed/service-accounts", { count: 7 });
    const page = await f.getServiceAccounts({ limit: 3 }, opts);
    expect(page.items).toHaveLength(3);
    expect(page.total).toBe(7);
    expect(page.pagesFetched).toBe(1);

    E.emu.resetCalls();
    const all = await f.getServiceAccounts({ limit: 3, all: true, sort: "accountId,asc" }, opts);
    expect(all.items.map((a) => a.accountId)).toEqual(Array.from({ length: 7 }, (_, i) => `seeded-gcp-project-00${i + 1}`));
    expect(all.pagesFetched).toBe(3);
    expect(E.emu.calls()["GET /flexscan-api/rest/v1/service-accounts"]).toBe(3);
    expect(E.emu.log.map((l) => l.query)).toEqual([
      "?page=1&limit=3&sort=accountId%2Casc",
      "?page=2&limit=3&sort=accountId%2Casc",
      "?page=3&limit=3&sort=accountId%2Casc",
    ]);

    const one = await f.getServiceAccount({ accountId: "seeded-gcp-project-002" }, opts);
    expect(one).toMatchObject({ accountId: "seeded-gcp-project-002", cloudType: "GCP", state: "REGISTERED", regions: ["us-east1"] });
    const state = await f.getServiceAccountState({ accountId: "seeded-gcp-project-002" }, opts);
    expect(state.state).toBe("REGISTERED");
    expect(Object.keys(state.cloudInfo ?? {})).toEqual(["us-east1"]);
  });

  test("service accounts are tenant-scoped: another tenant gets 404", async () => {
    await control("POST", "seed/service-accounts", [{ accountId: "acme-only-project", cloudType: "GCP" }]);
    const e = await failure(
      f.getServiceAccount({ accountId: "acme-only-project" }, { env: { ...env, QUALYS_TOKEN: "emulator-token-globex" } }),
    );
    expect(e.kind).toBe("not-found");
    expect(e.message).toContain("Service account 'acme-only-project' not found");
  });

  test("target accounts: filtered list over 3 pages, get, state", async () => {
    await control("POST", "seed/service-accounts", [
      { accountId: "org-root-111111111111", cloudType: "AWS", regions: ["us-east-1", "eu-west-1"] },
    ]);
    const members = ["222222222201", "222222222202", "222222222203", "222222222204", "222222222205"];
    await control("POST", "service-accounts/org-root-111111111111/discovered-targets", members);
    const all = await f.getTargetAccounts(
      { serviceAccountId: "org-root-111111111111", cloudType: "aws", limit: 2, all: true, sort: "accountId,asc" },
      opts,
    );
    expect(all.items.map((t) => t.accountId)).toEqual(members);
    expect(all.items.every((t) => t.serviceAccountId === "org-root-111111111111")).toBe(true);
    expect(all.pagesFetched).toBe(3);
    expect(E.emu.calls()["GET /flexscan-api/rest/v1/target-accounts"]).toBe(3);
    expect(E.emu.log[0].query).toBe("?serviceAccountId=org-root-111111111111&cloudType=aws&page=1&limit=2&sort=accountId%2Casc");

    const one = await f.getTargetAccount({ accountId: "222222222203" }, opts);
    expect(one.serviceAccount).toMatchObject({ accountId: "org-root-111111111111", cloudType: "AWS", state: "REGISTERED" });
    const state = await f.getTargetAccountState({ accountId: "222222222203" }, opts);
    expect(state).toMatchObject({ accountId: "222222222203", state: "REGISTERED" });
  });

  test("scan logs: 250 records over 3 pages of 100, newest first; one page without all", async () => {
    const all = await f.getScanLogs({ all: true, limit: 100 }, opts);
    expect(all.items).toHaveLength(250);
    expect(all.total).toBe(250);
    expect(all.pagesFetched).toBe(3);
    expect(E.emu.calls()["GET /flexscan-api/rest/v1/scan/logs"]).toBe(3);
    expect(all.items[0]).toMatchObject({ resourceName: "gcp-vm-000", updatedAt: "2026-05-28T11:30:00", scanStatus: "IN_PROGRESS" });
    // no diagnostic fields in the list
    expect(all.items.some((l) => "resultFileName" in l || "correlationIds" in l)).toBe(false);
    const sorted = [...all.items].sort((a, b) => String(b.updatedAt).localeCompare(String(a.updatedAt)));
    expect(all.items.map((l) => l.scanUuid)).toEqual(sorted.map((l) => l.scanUuid));

    E.emu.resetCalls();
    const one = await f.getScanLogs({}, opts);
    expect(one.items).toHaveLength(100); // the API's default page
    expect(one.pagesFetched).toBe(1);
    expect(last().query).toBe("");
  });

  test("a scan log with and without details", async () => {
    const { items } = await f.getScanLogs({ limit: 10 }, opts);
    const failed = items.find((l) => l.resourceName === "gcp-vm-003")!;
    const plain = await f.getScanLog({ scanUuid: failed.scanUuid }, opts);
    expect(plain).toMatchObject({ scanStatus: "FAILED", stateReason: "Snapshot creation timed out", scanAttempts: 3 });
    expect("correlationIds" in plain).toBe(false);
    const detailed = await f.getScanLog({ scanUuid: failed.scanUuid, includeDetails: true }, opts);
    expect(last().query).toBe("?includeDetails=true");
    expect(detailed.correlationIds).toBe('["snap-corr-0003","scan-corr-0003"]');
    expect(detailed.resultFileName).toBeNull();
  });

  test("resource audit trail and workflow timeline", async () => {
    const { items } = await f.getScanLogs({ limit: 10 }, opts);
    const log = items.find((l) => l.resourceName === "gcp-vm-003")!;
    const trail = await f.getResourceAuditTrail({ scanUuid: log.scanUuid }, opts);
    expect(trail).toMatchObject({
      scanUuid: log.scanUuid,
      accountId: "target-gcp-project-456",
      region: "us-east1",
      zone: "us-east1-b",
      totalWorkflows: 2,
      totalEvents: 8,
    });
    expect(trail.workflows?.map((w) => [w.correlationId, w.eventCategory, w.status])).toEqual([
      ["snap-corr-0003", "SNAPSHOT", "SUCCESS"],
      ["scan-corr-0003", "SCAN", "FAILED"],
    ]);
    const timeline = await f.getWorkflowTimeline({ correlationId: "scan-corr-0003" }, opts);
    expect(timeline.events?.map((e) => [e.sequenceNumber, e.stepType, e.status])).toEqual([
      [1, "ROOT", "SUCCESS"],
      [2, "LAUNCH_SCANNER", "SUCCESS"],
      [3, "ATTACH_VOLUMES", "SUCCESS"],
      [4, "SCAN_VM", "FAILED"],
    ]);
    const missing = await failure(f.getWorkflowTimeline({ correlationId: "no-such-workflow" }, opts));
    expect(missing.kind).toBe("not-found");
  });

  test("audit workflows: filters reach Qualys as given; 3 pages; the failed scans of one account", async () => {
    const r = await f.getAuditWorkflows(
      { serviceAccountId: "my-gcp-project-123", status: "failed", eventCategory: "SCAN", limit: 2, all: true },
      opts,
    );
    expect(r.items.map((w) => w.correlationId)).toEqual([
      "scan-corr-0003",
      "scan-corr-0063",
      "scan-corr-0123",
      "scan-corr-0183",
      "scan-corr-0243",
    ]);
    expect(r.total).toBe(5);
    expect(r.pagesFetched).toBe(3);
    expect(E.emu.calls()["GET /flexscan-api/rest/v1/audit/workflows"]).toBe(3);
    expect(E.emu.log[2].query).toBe("?status=failed&eventCategory=SCAN&serviceAccountId=my-gcp-project-123&page=3&limit=2");
  });

  test("an empty result: a filter nothing matches, and a tenant whose scan logs were emptied", async () => {
    const none = await f.getAuditWorkflows({ serviceAccountId: "nobody" }, opts);
    expect(none).toEqual({ items: [], total: 0, pagesFetched: 1 });
    await control("POST", "seed/scan-logs", [], "globex");
    const globex = { env: { ...env, QUALYS_TOKEN: "emulator-token-globex" } };
    expect(await f.getScanLogs({ all: true }, globex)).toEqual({ items: [], total: 0, pagesFetched: 1 });
  });
});

// ---------------------------------------------------------------------------------------------
describe("QFlow", () => {
  test("workflows: 30 over 3 pages of 10; query; details with ISO twins", async () => {
    const all = await f.getQflowWorkflows({ pageSize: 10, all: true }, opts);
    expect(all.items).toHaveLength(30);
    expect(all.total).toBe(30);
    expect(all.pagesFetched).toBe(3);
    expect(E.emu.calls()["GET /qflowapi/v1/workflows"]).toBe(3);
    expect(E.emu.log.map((l) => l.query)).toEqual(["?pageSize=10&pageNumber=1", "?pageSize=10&pageNumber=2", "?pageSize=10&pageNumber=3"]);

    const q = await f.getQflowWorkflows(
      { query: "qflow.name: Publicly accessible RDS DB Instances", pageSize: 5, order: "-createdAt", startAt: "2025-01-01T00:00:00Z" },
      opts,
    );
    expect(q.items.map((w) => w.name)).toEqual(["Publicly accessible RDS DB Instances"]);
    expect(last().query).toBe(
      "?pageSize=5&pageNumber=1&query=qflow.name%3A+Publicly+accessible+RDS+DB+Instances&startAt=2025-01-01T00%3A00%3A00Z&order=-createdAt",
    );

    const wf = await f.getQflowWorkflow({ workflowId: SAMPLE_WORKFLOW }, opts);
    expect(wf).toMatchObject({
      name: "aws-action-node",
      createdAt: 1744786878828,
      createdAtIso: "2025-04-16T07:01:18.828Z",
      last_execution_status: "Error",
    });
    expect(wf.last_execution_details).toMatchObject({ executionEndDate: 1747114432510, executionEndDateIso: "2025-05-13T05:33:52.510Z" });
    expect(typeof wf.definition).toBe("string");
  });

  test("executions: 25 over 3 pages; QQL status filter; details with steps", async () => {
    const all = await f.getQflowExecutions({ workflowId: SAMPLE_WORKFLOW, pageSize: 10, all: true }, opts);
    expect(all.items).toHaveLength(25);
    expect(all.pagesFetched).toBe(3);
    expect(E.emu.calls()["GET /qflowapi/v1/workflows/{workflowId}/executions"]).toBe(3);
    const errors = await f.getQflowExecutions({ workflowId: SAMPLE_WORKFLOW, query: "status: Error", all: true }, opts);
    expect(errors.items.length).toBeGreaterThan(0);
    expect(errors.items.every((e) => e.status === "Error")).toBe(true);

    const ex = await f.getQflowExecution({ executionId: DETAILS_EXECUTION, includeSteps: true }, opts);
    expect(last().query).toBe("?includeSteps=true");
    expect(ex).toMatchObject({
      status: "Success",
      startDate: 1746007562041,
      startDateIso: "2025-04-30T10:06:02.041Z",
      endDateIso: "2025-04-30T10:07:13.052Z",
    });
    expect(ex.details?.executionEndDateIso).toBe("2025-04-30T10:07:13.052Z");
    expect(ex.steps).toHaveLength(6);
  });

  test("steps, step details and the step payloads come back decoded, equal to the note's samples", async () => {
    const sampleIn = decodeQflowPayload(fixture("002_qflow_execution_step_input.response.json"));
    const sampleOut = decodeQflowPayload(fixture("002_qflow_execution_step_output.response.json"));

    const steps = await f.getQflowExecutionSteps({ executionId: SAMPLE_EXECUTION, includeData: true }, opts);
    expect(last().query).toBe("?includeData=true");
    expect(steps.items.map((s) => s.nodeId)).toEqual([
      SAMPLE_NODE,
      "node-e3a84822-post-event",
      "node-e3a84822-post-workflow-trigger",
      "node-ea318327-action",
      "trigger",
      "node-67649155-filter",
    ]);
    expect(steps.total).toBe(6);
    expect(steps.items[0].input).toEqual(sampleIn);
    expect(steps.items[4].endDateIso).toBeNull();

    const step = await f.getQflowExecutionStep({ executionId: SAMPLE_EXECUTION, nodeId: SAMPLE_NODE }, opts);
    expect(step.input).toEqual(sampleIn);
    expect(step.output).toEqual(sampleOut);
    expect(step.startDateIso).toBe(new Date(1746010380100).toISOString());

    expect(await f.getQflowExecutionStepInputData({ executionId: SAMPLE_EXECUTION, nodeId: SAMPLE_NODE }, opts)).toEqual(sampleIn);
    expect(await f.getQflowExecutionStepOutputData({ executionId: SAMPLE_EXECUTION, nodeId: SAMPLE_NODE }, opts)).toEqual(sampleOut);
    // what went over the wire was JSON inside a string, not an object
    const raw = await E.json("GET", `/qflowapi/v1/executions/${SAMPLE_EXECUTION}/steps/${SAMPLE_NODE}/input`);
    expect(typeof raw.body).toBe("string");
  });

  test("a QQL query on an unknown field is refused with the API's message", async () => {
    const e = await failure(f.getQflowWorkflows({ query: "qflow.colour: blue" }, opts));
    expect(e.kind).toBe("invalid-request");
    expect(e.message).toContain("Invalid query: unsupported field 'qflow.colour'");
  });
});

// ---------------------------------------------------------------------------------------------
describe("CloudView", () => {
  test("filter and sort reach the portal encoded as in the note's samples", async () => {
    const r = await f.getCloudViewConnectors({ provider: "GCP", filter: { state: "SUCCESS" }, sort: { lastSyncedOn: "desc" } }, opts);
    expect(E.emu.log).toHaveLength(1);
    expect(E.emu.log[0].path).toBe("/cloudview-api/rest/v1/gcp/connectors");
    expect(E.emu.log[0].query).toBe("?filter=state%3DSUCCESS&pageNo=0&pageSize=50&sort=lastSyncedOn%3Adesc");
    expect(r.items.length).toBeGreaterThan(0);
    expect(r.items.every((c) => c.state === "SUCCESS" && c.provider === "GCP")).toBe(true);
    expect(r.items[0].lastSyncedOn).toBe("Thu Nov 26 07:50:27 UTC 2020");
  });

  test("string forms pass through unchanged; several tokens are joined with and; values with spaces are quoted", async () => {
    await f.getCloudViewConnectors({ provider: "aws", filter: "state=SUCCESS", sort: "lastSyncedOn:asc" }, opts);
    expect(last().query).toBe("?filter=state%3DSUCCESS&pageNo=0&pageSize=50&sort=lastSyncedOn%3Aasc");
    const named = await f.getCloudViewConnectors({ provider: "gcp", filter: { name: "Sample GCP Connector", state: "SUCCESS" } }, opts);
    expect(last().query).toBe("?filter=name%3D%22Sample+GCP+Connector%22+and+state%3DSUCCESS&pageNo=0&pageSize=50");
    expect(named.items.map((c) => c.connectorId)).toEqual(["a7c152e6-2417-3bbf-980d-bfe6f5912345"]);
  });

  test("connectors: 12 over 3 pages of 5 (pageNo from 0)", async () => {
    const all = await f.getCloudViewConnectors({ provider: "azure", pageSize: 5, all: true }, opts);
    expect(all.items).toHaveLength(12);
    expect(all.total).toBe(12);
    expect(all.pagesFetched).toBe(3);
    expect(E.emu.calls()["GET /cloudview-api/rest/v1/azure/connectors"]).toBe(3);
    expect(E.emu.log.map((l) => l.query)).toEqual(["?pageNo=0&pageSize=5", "?pageNo=1&pageSize=5", "?pageNo=2&pageSize=5"]);
    expect(all.items[0]).toMatchObject({ name: "test", connectorId: "d56884c8-de42-3d62-a5ea-5d46c2412345", totalAssets: 117 });
  });

  test("one connector by exact name; none is not-found", async () => {
    const c = await f.getCloudViewConnector({ provider: "gcp", name: "prod-gcp-connector" }, opts);
    expect(c).toMatchObject({ provider: "GCP", projectId: "my-gcp-project-123", state: "SUCCESS" });
    expect(last().query).toBe("?filter=name%3Dprod-gcp-connector&pageNo=0&pageSize=50");
    const e = await failure(f.getCloudViewConnector({ provider: "gcp", name: "no-such-connector" }, opts));
    expect(e.kind).toBe("not-found");
    expect(e.message).toContain('no GCP connector is named "no-such-connector"');
  });

  test("evaluations with exception counts, and the evaluated resources over 3 pages", async () => {
    const ev = await f.getCloudViewEvaluations({ provider: "aws", accountId: "111111111111", filter: { cid: "67" } }, opts);
    expect(last().query).toBe("?filter=cid%3A67&pageNo=0&pageSize=50");
    expect(ev.items).toEqual([
      {
        controlName: "Ensure Server Side Encryption (SSE) is enabled for S3 bucket",
        policyNames: ["AWS Best Practices Policy"],
        criticality: "HIGH",
        service: "S3",
        result: "FAIL",
        controlId: "67",
        passedResources: 6,
        failedResources: 122,
        passWithExceptionResources: 1,
      },
    ]);
    E.emu.resetCalls();
    const res = await f.getCloudViewEvaluatedResources({ provider: "aws", accountId: "111111111111", controlId: "67", all: true }, opts);
    expect(res.items).toHaveLength(129);
    expect(res.pagesFetched).toBe(3);
    expect(E.emu.calls()["GET /cloudview-api/rest/v1/aws/evaluations/{accountId}/resources/{controlId}"]).toBe(3);
    const count = (r: string) => res.items.filter((x) => x.result === r).length;
    expect([count("PASS"), count("FAIL"), count("PASS_WITH_EXCEPTION")]).toEqual([6, 122, 1]);

    const gcp = await f.getCloudViewEvaluations({ provider: "gcp", accountId: "my-project-1111111111111", filter: "cid:52108" }, opts);
    expect(gcp.items[0]).toMatchObject({ passedResources: 1, failedResources: 24, passWithExceptionResources: 1 });
    const passE = await f.getCloudViewEvaluatedResources(
      {
        provider: "azure",
        accountId: "11111111-1111-1111-1111-111111111111",
        controlId: "50013",
        filter: { result: "PASS_WITH_EXCEPTION" },
      },
      opts,
    );
    expect(passE.items).toHaveLength(1);
    expect(passE.items[0].subscriptionId).toBe("11111111-1111-1111-1111-111111111111");
  });

  test("an invalid filter value is surfaced with the API's message", async () => {
    const e = await failure(f.getCloudViewConnectors({ provider: "gcp", filter: { state: "BROKEN" } }, opts));
    expect(e.kind).toBe("invalid-request");
    expect(e.status).toBe(400);
    expect(e.qualysText).toBe(
      "Invalid value 'BROKEN' for search token 'state'. Valid values are SUCCESS, PENDING, REGIONS_DISCOVERED, ERROR",
    );
    expect(e.message).toContain(e.qualysText!);
  });

  test("Basic credentials refused → 401; no username configured → a config error before any call", async () => {
    const e = await failure(f.getCloudViewConnectors({ provider: "gcp" }, { env: { ...env, QUALYS_PASSWORD: "wrong" } }));
    expect(e.kind).toBe("unauthorized");
    expect(e.status).toBe(401);
    expect(e.message).toContain("Bad Login/Password");
    E.emu.resetCalls();
    const { QUALYS_USERNAME: _u, QUALYS_PASSWORD: _p, ...tokenOnly } = env;
    const c = await failure(f.getCloudViewConnectors({ provider: "gcp" }, { env: tokenOnly }));
    expect(c.kind).toBe("config");
    expect(c.message).toMatch(/list CloudView GCP connectors needs Basic .*set qualys:username and qualys:password/);
    expect(E.emu.totalCalls()).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
describe("Policy Compliance", () => {
  test("policies with tag info from /pcrs/2.0; one by title; lastEvaluationDate", async () => {
    const list = await f.getPolicies({}, opts);
    expect(last().path).toBe("/pcrs/2.0/posture/policy/list");
    expect(last().query).toBe("?requireTagInfo=1");
    expect(list.subscriptionId).toBe(4427355);
    expect(list.policyList.map((p) => p.title)).toEqual([
      "AssetTagPolicy-1",
      "CIS Benchmark for Google Cloud Platform",
      "Windows Server 2022 Baseline",
      "Legacy Unix Policy",
    ]);

    const p = await f.getPolicy({ title: "AssetTagPolicy-1" }, opts);
    expect(p.tagInfo).toEqual(defaultPolicies().find((x) => x.title === "AssetTagPolicy-1")!.tagInfo);

    const bare = await f.getPolicies({ requireTagInfo: false, lastEvaluationDate: "2026-05-01T00:00:00Z" }, opts);
    expect(last().query).toBe("?lastEvaluationDate=2026-05-01T00%3A00%3A00Z&requireTagInfo=0");
    expect(bare.policyList.map((x) => x.id)).toEqual([6367501, 6367512]);
    expect(bare.policyList.every((x) => x.tagInfo === undefined)).toBe(true);
  });

  test("empty policy list", async () => {
    await control("POST", "seed/policies", [], "globex");
    const r = await f.getPolicies({}, { env: { ...env, QUALYS_TOKEN: "emulator-token-globex" } });
    expect(r.policyList).toEqual([]);
    const e = await failure(f.getPolicy({ id: 6367495 }, { env: { ...env, QUALYS_TOKEN: "emulator-token-globex" } }));
    expect(e.kind).toBe("not-found");
  });
});

// ---------------------------------------------------------------------------------------------
describe("scheduled scans (XML, /api/5.0)", () => {
  test("the schedule list with cloud details, through the shared XML parser", async () => {
    // A GCP internal scan job, created through the XML API as the Policy Audit 1.11 notes' sample does.
    const created = await E.form("/api/3.0/fo/scan/cloud/internal/job/", GCP_INTERNAL_SCAN_CREATE_SAMPLE);
    expect(created.status).toBe(200);
    E.emu.resetCalls();

    const list = await f.getScheduledScans({}, opts);
    expect(E.emu.calls()).toEqual({ "POST /api/5.0/fo/schedule/scan/ action=list": 1 });
    expect(last().body).toBe("action=list&show_cloud_details=1");
    const scan = list.scans.find((s) => s.TITLE === "GCP_Test_API3")!;
    expect(scan).toBeDefined();
    expect(scan.CLOUD_DETAILS?.PROVIDER).toMatch(/^GCP$/i);
    expect(scan.CLOUD_DETAILS?.CONNECTOR?.NAME).toBe("Rohanpod4qwebxrm3");

    const byId = await f.getScheduledScans({ ids: [Number(scan.ID)], showCloudDetails: false }, opts);
    expect(last().body).toBe(`action=list&id=${scan.ID}&show_cloud_details=0`);
    expect(byId.scans.map((s) => s.ID)).toEqual([scan.ID]);
    expect(byId.scans[0].CLOUD_DETAILS).toBeUndefined();

    const none = await f.getScheduledScans({ ids: ["999999999"] }, opts);
    expect(none.scans).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
describe("refusals", () => {
  test("a refused token is a 401 'unauthorized' quoting Qualys", async () => {
    const bad = { env: { ...env, QUALYS_TOKEN: "not-a-valid-token" } };
    const e = await failure(f.getScanLogs({}, bad));
    expect(e.kind).toBe("unauthorized");
    expect(e.status).toBe(401);
    expect(e.message).toContain("Invalid or expired token");
    expect((await failure(f.getQflowWorkflows({}, bad))).status).toBe(401);
    expect((await failure(f.getPolicies({}, bad))).status).toBe(401);
  });

  test("a failure is one line naming the function, the kind and the setting to check, with nothing to dump", async () => {
    const bad = { env: { ...env, QUALYS_TOKEN: "not-a-valid-token" } };
    const e = await failure(f.getServiceAccounts({}, bad));
    expect(e.message).toBe(
      'getServiceAccounts failed (unauthorized): Qualys list service accounts failed (HTTP 401, code UNAUTHORIZED): Qualys said: "Invalid or expired token"; check qualys:token (QUALYS_TOKEN), or qualys:username/qualys:password for Basic-auth APIs',
    );
    // What a runtime prints for an uncaught error: its stack (here the one line) and its own
    // enumerable properties (none: no object dump under the line).
    expect(e.stack).toBe(`QualysError: ${e.message}`);
    expect(Object.keys(e)).toEqual([]);
    // Pulumi's language host logs a RunError's message alone.
    expect((e as unknown as { __pulumiRunError?: boolean }).__pulumiRunError).toBe(true);
    // The Output form (the same line, through the CLI): tests/e2e/function-errors.e2e.test.ts.
    // Invalid arguments name the function and the argument, and nothing is sent.
    E.emu.resetCalls();
    const args = await failure(f.getServiceAccounts({ limit: 0 }, opts));
    expect(args.message).toBe(
      "getServiceAccounts failed (invalid-request): invalid arguments: limit: must be a whole number from 1 to 100 (service accounts accept 1–100 items per page). Nothing was sent to Qualys",
    );
    expect(E.emu.calls()).toEqual({});
  });

  test("invalid filter values are the API's to refuse, and its message is quoted", async () => {
    const a = await failure(f.getAuditWorkflows({ status: "bogus" }, opts));
    expect(a.qualysText).toBe("status: Invalid status 'bogus'. Allowed values: SUCCESS, FAILED, IN_PROGRESS, MAX_RETRIES_EXCEEDED");
    const t = await failure(f.getTargetAccounts({ cloudType: "MARS" }, opts));
    expect(t.qualysText).toBe("cloudType: cloudType must be one of AWS, AZURE, GCP, OCI");
    const ev = await failure(f.getCloudViewEvaluations({ provider: "aws", accountId: "111111111111", filter: { colour: "blue" } }, opts));
    expect(ev.qualysText).toBe("Unsupported search token 'colour'. Supported tokens: cid, result, criticality, service, policy");
  });

  test.each([
    [
      "getScanLogs limit 501",
      () => f.getScanLogs({ limit: 501 }, opts),
      /limit: must be a whole number from 1 to 500 \(scan logs accept 1–500 items per page\)/,
    ],
    ["getScanLogs limit 0", () => f.getScanLogs({ limit: 0, all: true }, opts), /limit: must be a whole number from 1 to 500/],
    [
      "getServiceAccounts limit 101",
      () => f.getServiceAccounts({ limit: 101 }, opts),
      /limit: must be a whole number from 1 to 100 \(service accounts accept 1–100/,
    ],
    ["getTargetAccounts limit 2.5", () => f.getTargetAccounts({ limit: 2.5 }, opts), /limit: must be a whole number from 1 to 100/],
    ["getAuditWorkflows page 0", () => f.getAuditWorkflows({ page: 0 }, opts), /page: must be a whole number, at least 1/],
    ["getQflowWorkflows pageSize 0", () => f.getQflowWorkflows({ pageSize: 0 }, opts), /pageSize: must be a whole number from 1 to 1000/],
    [
      "getQflowExecutions pageNumber 0",
      () => f.getQflowExecutions({ workflowId: SAMPLE_WORKFLOW, pageNumber: 0 }, opts),
      /pageNumber: must be a whole number, at least 1/,
    ],
    [
      "getCloudViewConnectors pageSize 1001",
      () => f.getCloudViewConnectors({ provider: "gcp", pageSize: 1001 }, opts),
      /pageSize: must be a whole number from 1 to 1000/,
    ],
    [
      "getCloudViewConnectors pageNo -1",
      () => f.getCloudViewConnectors({ provider: "gcp", pageNo: -1 }, opts),
      /pageNo: must be a whole number, at least 0/,
    ],
    [
      "getCloudViewConnectors provider",
      () => f.getCloudViewConnectors({ provider: "oracle" }, opts),
      /provider: must be "aws", "azure" or "gcp"/,
    ],
    [
      "getCloudViewConnectors sort",
      () => f.getCloudViewConnectors({ provider: "gcp", sort: "name:asc" as "lastSyncedOn:asc" }, opts),
      /sort: must be "lastSyncedOn:asc" or "lastSyncedOn:desc"/,
    ],
    [
      "getCloudViewConnectors filter key",
      () => f.getCloudViewConnectors({ provider: "gcp", filter: { colour: "x" } as unknown as { name: string } }, opts),
      /filter: unknown search token\(s\) colour; connector filters take name, description, state, connector.uuid, lastSyncedOn/,
    ],
    ["getQflowWorkflows startAt", () => f.getQflowWorkflows({ startAt: "yesterday" }, opts), /startAt: must be an ISO-8601 date/],
    [
      "getQflowWorkflows endAt before startAt",
      () => f.getQflowWorkflows({ startAt: "2025-02-01", endAt: "2025-01-01" }, opts),
      /endAt: must not be before startAt/,
    ],
    ["getScanLog empty id", () => f.getScanLog({ scanUuid: " " }, opts), /scanUuid: must not be empty/],
    ["getPolicy neither id nor title", () => f.getPolicy({}, opts), /id: give exactly one of id or title/],
    ["unknown argument", () => f.getScanLogs({ pageSize: 10 } as unknown as { limit: number }, opts), /Unrecognized key: "pageSize"/],
  ])("%s is refused before any call, naming the argument and the rule", async (_name, call, rule) => {
    const e = await failure(call());
    expect(e.kind).toBe("invalid-request");
    expect(e.message).toMatch(rule);
    expect(e.message).toContain("Nothing was sent to Qualys");
    expect(E.emu.totalCalls()).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
describe("the Output forms and configuration", () => {
  const value = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply((v) => resolve(v)));

  test("Output form takes Inputs (promises, outputs) and yields the same result", async () => {
    const r = await value(
      f.getCloudViewConnectorOutput({ provider: pulumi.output("gcp"), name: Promise.resolve("prod-gcp-connector") }, opts),
    );
    expect(r.projectId).toBe("my-gcp-project-123");
    const logs = await value(f.getScanLogsOutput({ limit: pulumi.output(5) }, opts));
    expect(logs.items).toHaveLength(5);
  });

  test("transport hooks see every attempt (and their one-off client is closed afterwards)", async () => {
    const events: string[] = [];
    const r = await f.getScanLogs({ limit: 2 }, { env, transport: { onEvent: (e) => events.push(`${e.operation} ${e.status}`) } });
    expect(r.items).toHaveLength(2);
    expect(events).toEqual(["list scan logs 200"]);
  });

  test("stack config (qualys:*) is used when present, the environment otherwise", async () => {
    pulumi.runtime.setAllConfig({ "qualys:gatewayUrl": E.emu.url, "qualys:token": "emulator-token-acme" });
    try {
      // no options, nothing in the environment: the stack config alone must be enough
      const saved = { ...process.env };
      for (const k of Object.keys(process.env)) if (k.startsWith("QUALYS_")) delete process.env[k];
      try {
        const r = await f.getPolicies({});
        expect(r.policyList.length).toBe(4);
      } finally {
        Object.assign(process.env, saved);
      }
    } finally {
      pulumi.runtime.setAllConfig({});
    }
    // outside a program: no stack config, the environment decides (and a missing one is a clear error)
    const e = await failure(f.getPolicies({}, { env: {} }));
    expect(e.kind).toBe("config");
    expect(e.message).toMatch(/QUALYS_TOKEN|qualys:token/);
  });
});
