/**
 * Read-only Qualys data as functions, each as `getX(args) → Promise` and `getXOutput(args) → Output`.
 * Each pair is derived from the function's definition in provider/functions (its arguments, result,
 * description and `run`); the declarations and their TSDoc below are written by `make schema`
 * (provider/schema/sdk-docs.ts). See docs/functions.md.
 */
import { FUNCTIONS_BY_NAME as F } from "../../provider/functions";
import { outputForm, promiseForm } from "./forms";

// BEGIN GENERATED: functions (make schema)
/**
 * List the tenant's service accounts (registered cloud accounts).
 *
 * Resolves to the result; plain Node.js, no Pulumi program needed.
 *
 * Arguments:
 * - `all`: Fetch every page from `page` to the end (stops at a short or empty page, the API's total or its `last` flag).
 * - `limit`: Items per page. Without `all`: the API's default page size unless given; with `all: true`: the endpoint's maximum unless given.
 * - `page`: Page number, from 1 (default 1).
 * - `sort`: Sort as `"field,direction"`, e.g. `"createdAt,desc"`.
 *
 * See docs/functions-flexscan.md.
 */
export const getServiceAccounts = promiseForm(F.getServiceAccounts);
/**
 * List the tenant's service accounts (registered cloud accounts).
 *
 * The Output form of `getServiceAccounts` (arguments: see there): they may be Inputs/Outputs; the call runs once they are known (preview too).
 *
 * See docs/functions-flexscan.md.
 */
export const getServiceAccountsOutput = outputForm(F.getServiceAccounts);
/**
 * One service account by id (404 → a "not-found" QualysError).
 *
 * Resolves to the result; plain Node.js, no Pulumi program needed.
 *
 * Arguments:
 * - `accountId` (required): The service account's id.
 *
 * See docs/functions-flexscan.md.
 */
export const getServiceAccount = promiseForm(F.getServiceAccount);
/**
 * One service account by id (404 → a "not-found" QualysError).
 *
 * The Output form of `getServiceAccount` (arguments: see there): they may be Inputs/Outputs; the call runs once they are known (preview too).
 *
 * See docs/functions-flexscan.md.
 */
export const getServiceAccountOutput = outputForm(F.getServiceAccount);
/**
 * A service account's provisioning state and per-region `cloudInfo`.
 *
 * Resolves to the result; plain Node.js, no Pulumi program needed.
 *
 * Arguments:
 * - `accountId` (required): The service account's id.
 *
 * See docs/functions-flexscan.md.
 */
export const getServiceAccountState = promiseForm(F.getServiceAccountState);
/**
 * A service account's provisioning state and per-region `cloudInfo`.
 *
 * The Output form of `getServiceAccountState` (arguments: see there): they may be Inputs/Outputs; the call runs once they are known (preview too).
 *
 * See docs/functions-flexscan.md.
 */
export const getServiceAccountStateOutput = outputForm(F.getServiceAccountState);
/**
 * List target accounts, optionally filtered by parent, cloud type or parent state.
 *
 * Resolves to the result; plain Node.js, no Pulumi program needed.
 *
 * Arguments:
 * - `all`: Fetch every page from `page` to the end (stops at a short or empty page, the API's total or its `last` flag).
 * - `cloudType`: AWS, AZURE, GCP or OCI (any case; Qualys validates it).
 * - `limit`: Items per page. Without `all`: the API's default page size unless given; with `all: true`: the endpoint's maximum unless given.
 * - `page`: Page number, from 1 (default 1).
 * - `serviceAccountId`: Only targets of this parent service account.
 * - `sort`: Sort as `"field,direction"`, e.g. `"createdAt,desc"`.
 * - `state`: The parent's state: REGISTERED, ACTIVE, INACTIVE, ERROR (any case; Qualys validates it).
 *
 * See docs/functions-flexscan.md.
 */
export const getTargetAccounts = promiseForm(F.getTargetAccounts);
/**
 * List target accounts, optionally filtered by parent, cloud type or parent state.
 *
 * The Output form of `getTargetAccounts` (arguments: see there): they may be Inputs/Outputs; the call runs once they are known (preview too).
 *
 * See docs/functions-flexscan.md.
 */
export const getTargetAccountsOutput = outputForm(F.getTargetAccounts);
/**
 * One target account, with its parent service account block.
 *
 * Resolves to the result; plain Node.js, no Pulumi program needed.
 *
 * Arguments:
 * - `accountId` (required): The target account's id.
 *
 * See docs/functions-flexscan.md.
 */
export const getTargetAccount = promiseForm(F.getTargetAccount);
/**
 * One target account, with its parent service account block.
 *
 * The Output form of `getTargetAccount` (arguments: see there): they may be Inputs/Outputs; the call runs once they are known (preview too).
 *
 * See docs/functions-flexscan.md.
 */
export const getTargetAccountOutput = outputForm(F.getTargetAccount);
/**
 * A target account's state (derived from its parent) and `cloudInfo`.
 *
 * Resolves to the result; plain Node.js, no Pulumi program needed.
 *
 * Arguments:
 * - `accountId` (required): The target account's id.
 *
 * See docs/functions-flexscan.md.
 */
export const getTargetAccountState = promiseForm(F.getTargetAccountState);
/**
 * A target account's state (derived from its parent) and `cloudInfo`.
 *
 * The Output form of `getTargetAccountState` (arguments: see there): they may be Inputs/Outputs; the call runs once they are known (preview too).
 *
 * See docs/functions-flexscan.md.
 */
export const getTargetAccountStateOutput = outputForm(F.getTargetAccountState);
/**
 * Scan status records (one per VM/resource scan attempt), newest update first by default.
 *
 * Resolves to the result; plain Node.js, no Pulumi program needed.
 *
 * Arguments:
 * - `all`: Fetch every page from `page` to the end (stops at a short or empty page, the API's total or its `last` flag).
 * - `limit`: Items per page. Without `all`: the API's default page size unless given; with `all: true`: the endpoint's maximum unless given.
 * - `page`: Page number, from 1 (default 1).
 * - `sort`: Sort as `"field,direction"`, e.g. `"createdAt,desc"`.
 *
 * See docs/functions-flexscan.md.
 */
export const getScanLogs = promiseForm(F.getScanLogs);
/**
 * Scan status records (one per VM/resource scan attempt), newest update first by default.
 *
 * The Output form of `getScanLogs` (arguments: see there): they may be Inputs/Outputs; the call runs once they are known (preview too).
 *
 * See docs/functions-flexscan.md.
 */
export const getScanLogsOutput = outputForm(F.getScanLogs);
/**
 * One scan log record by its UUID.
 *
 * Resolves to the result; plain Node.js, no Pulumi program needed.
 *
 * Arguments:
 * - `includeDetails`: Adds `resultFileName` and `correlationIds` (a JSON array in a string, as given).
 * - `scanUuid` (required): The scan record's UUID (`scanUuid` of a scan log).
 *
 * See docs/functions-flexscan.md.
 */
export const getScanLog = promiseForm(F.getScanLog);
/**
 * One scan log record by its UUID.
 *
 * The Output form of `getScanLog` (arguments: see there): they may be Inputs/Outputs; the call runs once they are known (preview too).
 *
 * See docs/functions-flexscan.md.
 */
export const getScanLogOutput = outputForm(F.getScanLog);
/**
 * Every workflow and event of one scanned resource.
 *
 * Resolves to the result; plain Node.js, no Pulumi program needed.
 *
 * Arguments:
 * - `scanUuid` (required): The scan record's UUID (`scanUuid` of a scan log).
 *
 * See docs/functions-flexscan.md.
 */
export const getResourceAuditTrail = promiseForm(F.getResourceAuditTrail);
/**
 * Every workflow and event of one scanned resource.
 *
 * The Output form of `getResourceAuditTrail` (arguments: see there): they may be Inputs/Outputs; the call runs once they are known (preview too).
 *
 * See docs/functions-flexscan.md.
 */
export const getResourceAuditTrailOutput = outputForm(F.getResourceAuditTrail);
/**
 * One workflow's ordered event chain.
 *
 * Resolves to the result; plain Node.js, no Pulumi program needed.
 *
 * Arguments:
 * - `correlationId` (required): The workflow's correlation id.
 *
 * See docs/functions-flexscan.md.
 */
export const getWorkflowTimeline = promiseForm(F.getWorkflowTimeline);
/**
 * One workflow's ordered event chain.
 *
 * The Output form of `getWorkflowTimeline` (arguments: see there): they may be Inputs/Outputs; the call runs once they are known (preview too).
 *
 * See docs/functions-flexscan.md.
 */
export const getWorkflowTimelineOutput = outputForm(F.getWorkflowTimeline);
/**
 * Scan workflows, most recent first, with the audit list's filters.
 *
 * Resolves to the result; plain Node.js, no Pulumi program needed.
 *
 * Arguments:
 * - `all`: Fetch every page from `page` to the end (stops at a short or empty page, the API's total or its `last` flag).
 * - `cloudType`: AWS, AZURE, GCP, OCI (any case; Qualys validates it).
 * - `eventCategory`: DISCOVERY, SNAPSHOT, SCAN, MANAGEMENT (any case; Qualys validates it).
 * - `limit`: Items per page. Without `all`: the API's default page size unless given; with `all: true`: the endpoint's maximum unless given.
 * - `page`: Page number, from 1 (default 1).
 * - `serviceAccountId`: Only workflows of this service account.
 * - `status`: SUCCESS, FAILED, IN_PROGRESS, MAX_RETRIES_EXCEEDED (any case; Qualys validates it).
 * - `stepType`: e.g. ROOT, DISCOVER_TARGET_VMS (any case).
 *
 * See docs/functions-flexscan.md.
 */
export const getAuditWorkflows = promiseForm(F.getAuditWorkflows);
/**
 * Scan workflows, most recent first, with the audit list's filters.
 *
 * The Output form of `getAuditWorkflows` (arguments: see there): they may be Inputs/Outputs; the call runs once they are known (preview too).
 *
 * See docs/functions-flexscan.md.
 */
export const getAuditWorkflowsOutput = outputForm(F.getAuditWorkflows);
/**
 * QFlow workflows (query, date range, order).
 *
 * Resolves to the result; plain Node.js, no Pulumi program needed.
 *
 * Arguments:
 * - `all`: Fetch every page from `pageNumber` to the end (stops at a short or empty page, the API's total or its `last` flag).
 * - `endAt`: Created on or before (ISO-8601); not before `startAt`.
 * - `order`: Sort field; `-field` for descending (e.g. `-createdAt`).
 * - `pageNumber`: Page, from 1 (default 1).
 * - `pageSize`: Records per page (default 50; always sent).
 * - `query`: QQL query, e.g. `qflow.name: Publicly accessible RDS DB Instances` or `status: Success`.
 * - `startAt`: Created on or after (ISO-8601).
 *
 * See docs/functions-qflow.md.
 */
export const getQflowWorkflows = promiseForm(F.getQflowWorkflows);
/**
 * QFlow workflows (query, date range, order).
 *
 * The Output form of `getQflowWorkflows` (arguments: see there): they may be Inputs/Outputs; the call runs once they are known (preview too).
 *
 * See docs/functions-qflow.md.
 */
export const getQflowWorkflowsOutput = outputForm(F.getQflowWorkflows);
/**
 * One workflow's metadata and definition (`definition` is left as the JSON string QFlow returns).
 *
 * Resolves to the result; plain Node.js, no Pulumi program needed.
 *
 * Arguments:
 * - `workflowId` (required): The workflow's id (UUID).
 *
 * See docs/functions-qflow.md.
 */
export const getQflowWorkflow = promiseForm(F.getQflowWorkflow);
/**
 * One workflow's metadata and definition (`definition` is left as the JSON string QFlow returns).
 *
 * The Output form of `getQflowWorkflow` (arguments: see there): they may be Inputs/Outputs; the call runs once they are known (preview too).
 *
 * See docs/functions-qflow.md.
 */
export const getQflowWorkflowOutput = outputForm(F.getQflowWorkflow);
/**
 * The executions (run history) of one workflow.
 *
 * Resolves to the result; plain Node.js, no Pulumi program needed.
 *
 * Arguments:
 * - `all`: Fetch every page from `pageNumber` to the end (stops at a short or empty page, the API's total or its `last` flag).
 * - `endAt`: Created on or before (ISO-8601); not before `startAt`.
 * - `order`: Sort field; `-field` for descending (e.g. `-createdAt`).
 * - `pageNumber`: Page, from 1 (default 1).
 * - `pageSize`: Records per page (default 50; always sent).
 * - `query`: QQL query, e.g. `qflow.name: Publicly accessible RDS DB Instances` or `status: Success`.
 * - `startAt`: Created on or after (ISO-8601).
 * - `workflowId` (required): The workflow's id (UUID).
 *
 * See docs/functions-qflow.md.
 */
export const getQflowExecutions = promiseForm(F.getQflowExecutions);
/**
 * The executions (run history) of one workflow.
 *
 * The Output form of `getQflowExecutions` (arguments: see there): they may be Inputs/Outputs; the call runs once they are known (preview too).
 *
 * See docs/functions-qflow.md.
 */
export const getQflowExecutionsOutput = outputForm(F.getQflowExecutions);
/**
 * One execution: status, start/end, details, and optionally its steps.
 *
 * Resolves to the result; plain Node.js, no Pulumi program needed.
 *
 * Arguments:
 * - `executionId` (required): The execution's id (UUID).
 * - `includeSteps`: Include the execution's steps (as `steps`).
 *
 * See docs/functions-qflow.md.
 */
export const getQflowExecution = promiseForm(F.getQflowExecution);
/**
 * One execution: status, start/end, details, and optionally its steps.
 *
 * The Output form of `getQflowExecution` (arguments: see there): they may be Inputs/Outputs; the call runs once they are known (preview too).
 *
 * See docs/functions-qflow.md.
 */
export const getQflowExecutionOutput = outputForm(F.getQflowExecution);
/**
 * The steps of one execution (one call: the step list is not paged).
 *
 * Resolves to the result; plain Node.js, no Pulumi program needed.
 *
 * Arguments:
 * - `endAt`: Created on or before (ISO-8601); not before `startAt`.
 * - `executionId` (required): The execution's id (UUID).
 * - `includeData`: Include every step's input and output, decoded.
 * - `order`: Sort field; `-field` for descending (e.g. `-createdAt`).
 * - `startAt`: Created on or after (ISO-8601).
 *
 * See docs/functions-qflow.md.
 */
export const getQflowExecutionSteps = promiseForm(F.getQflowExecutionSteps);
/**
 * The steps of one execution (one call: the step list is not paged).
 *
 * The Output form of `getQflowExecutionSteps` (arguments: see there): they may be Inputs/Outputs; the call runs once they are known (preview too).
 *
 * See docs/functions-qflow.md.
 */
export const getQflowExecutionStepsOutput = outputForm(F.getQflowExecutionSteps);
/**
 * One step: status, times, details, and its input/output decoded.
 *
 * Resolves to the result; plain Node.js, no Pulumi program needed.
 *
 * Arguments:
 * - `executionId` (required): The execution's id (UUID).
 * - `nodeId` (required): The step's node id, e.g. `node-67649155-filter`.
 *
 * See docs/functions-qflow.md.
 */
export const getQflowExecutionStep = promiseForm(F.getQflowExecutionStep);
/**
 * One step: status, times, details, and its input/output decoded.
 *
 * The Output form of `getQflowExecutionStep` (arguments: see there): they may be Inputs/Outputs; the call runs once they are known (preview too).
 *
 * See docs/functions-qflow.md.
 */
export const getQflowExecutionStepOutput = outputForm(F.getQflowExecutionStep);
/**
 * The input a step received (`…/steps/{nodeId}/input`), decoded to a JSON value.
 *
 * Resolves to the result; plain Node.js, no Pulumi program needed.
 *
 * Arguments:
 * - `executionId` (required): The execution's id (UUID).
 * - `nodeId` (required): The step's node id, e.g. `node-67649155-filter`.
 *
 * See docs/functions-qflow.md.
 */
export const getQflowExecutionStepInputData = promiseForm(F.getQflowExecutionStepInputData);
/**
 * The input a step received (`…/steps/{nodeId}/input`), decoded to a JSON value.
 *
 * The Output form of `getQflowExecutionStepInputData` (arguments: see there): they may be Inputs/Outputs; the call runs once they are known (preview too).
 *
 * See docs/functions-qflow.md.
 */
export const getQflowExecutionStepInputDataOutput = outputForm(F.getQflowExecutionStepInputData);
/**
 * The output a step produced, decoded to a JSON value. (Named `…OutputData` so that it does not collide with `getQflowExecutionStepOutput`, the Output form of `getQflowExecutionStep`.)
 *
 * Resolves to the result; plain Node.js, no Pulumi program needed.
 *
 * Arguments:
 * - `executionId` (required): The execution's id (UUID).
 * - `nodeId` (required): The step's node id, e.g. `node-67649155-filter`.
 *
 * See docs/functions-qflow.md.
 */
export const getQflowExecutionStepOutputData = promiseForm(F.getQflowExecutionStepOutputData);
/**
 * The output a step produced, decoded to a JSON value. (Named `…OutputData` so that it does not collide with `getQflowExecutionStepOutput`, the Output form of `getQflowExecutionStep`.)
 *
 * The Output form of `getQflowExecutionStepOutputData` (arguments: see there): they may be Inputs/Outputs; the call runs once they are known (preview too).
 *
 * See docs/functions-qflow.md.
 */
export const getQflowExecutionStepOutputDataOutput = outputForm(F.getQflowExecutionStepOutputData);
/**
 * CloudView connectors of one cloud, filtered and sorted.
 *
 * Resolves to the result; plain Node.js, no Pulumi program needed.
 *
 * Arguments:
 * - `all`: Fetch every page from `pageNo` to the end (stops at a short or empty page, the API's total or its `last` flag).
 * - `filter`: A Qualys filter string sent as given, or an object of search tokens: connectors take `name`, `description`, `state` (SUCCESS, PENDING, REGIONS_DISCOVERED, ERROR), `connector.uuid`, `lastSyncedOn` (UTC), joined as `state%3DSUCCESS`.
 * - `pageNo`: Page, from 0 (default 0).
 * - `pageSize`: Records per page (default 50; always sent).
 * - `provider` (required): `aws`, `azure` or `gcp` (any case).
 * - `sort`: `"lastSyncedOn:asc"`, `"lastSyncedOn:desc"` or `{ lastSyncedOn: "asc" | "desc" }`: CloudView sorts by lastSyncedOn only.
 *
 * See docs/functions-cloudview.md.
 */
export const getCloudViewConnectors = promiseForm(F.getCloudViewConnectors);
/**
 * CloudView connectors of one cloud, filtered and sorted.
 *
 * The Output form of `getCloudViewConnectors` (arguments: see there): they may be Inputs/Outputs; the call runs once they are known (preview too).
 *
 * See docs/functions-cloudview.md.
 */
export const getCloudViewConnectorsOutput = outputForm(F.getCloudViewConnectors);
/**
 * The one connector of a cloud with this exact name (filter `name=…`, every page, then an exact comparison). No match, or several, is an error naming the count.
 *
 * Resolves to the result; plain Node.js, no Pulumi program needed.
 *
 * Arguments:
 * - `name` (required): The connector's exact name.
 * - `provider` (required): `aws`, `azure` or `gcp` (any case).
 *
 * See docs/functions-cloudview.md.
 */
export const getCloudViewConnector = promiseForm(F.getCloudViewConnector);
/**
 * The one connector of a cloud with this exact name (filter `name=…`, every page, then an exact comparison). No match, or several, is an error naming the count.
 *
 * The Output form of `getCloudViewConnector` (arguments: see there): they may be Inputs/Outputs; the call runs once they are known (preview too).
 *
 * See docs/functions-cloudview.md.
 */
export const getCloudViewConnectorOutput = outputForm(F.getCloudViewConnector);
/**
 * Control evaluations of one account/subscription/project, with passed/failed/pass-with-exception counts.
 *
 * Resolves to the result; plain Node.js, no Pulumi program needed.
 *
 * Arguments:
 * - `accountId` (required): AWS account id, Azure subscription id or GCP project id.
 * - `all`: Fetch every page from `pageNo` to the end (stops at a short or empty page, the API's total or its `last` flag).
 * - `filter`: A Qualys filter string (`"cid:67"`) or an object of search tokens (`{ cid: "67" }` → `cid%3A67`).
 * - `pageNo`: Page, from 0 (default 0).
 * - `pageSize`: Records per page (default 50; always sent).
 * - `provider` (required): `aws`, `azure` or `gcp` (any case).
 *
 * See docs/functions-cloudview.md.
 */
export const getCloudViewEvaluations = promiseForm(F.getCloudViewEvaluations);
/**
 * Control evaluations of one account/subscription/project, with passed/failed/pass-with-exception counts.
 *
 * The Output form of `getCloudViewEvaluations` (arguments: see there): they may be Inputs/Outputs; the call runs once they are known (preview too).
 *
 * See docs/functions-cloudview.md.
 */
export const getCloudViewEvaluationsOutput = outputForm(F.getCloudViewEvaluations);
/**
 * The resources evaluated for one control (`result` PASS, FAIL or PASS_WITH_EXCEPTION).
 *
 * Resolves to the result; plain Node.js, no Pulumi program needed.
 *
 * Arguments:
 * - `accountId` (required): AWS account id, Azure subscription id or GCP project id.
 * - `all`: Fetch every page from `pageNo` to the end (stops at a short or empty page, the API's total or its `last` flag).
 * - `controlId` (required): The control id (CID).
 * - `filter`: A Qualys filter string (`"cid:67"`) or an object of search tokens (`{ cid: "67" }` → `cid%3A67`).
 * - `pageNo`: Page, from 0 (default 0).
 * - `pageSize`: Records per page (default 50; always sent).
 * - `provider` (required): `aws`, `azure` or `gcp` (any case).
 *
 * See docs/functions-cloudview.md.
 */
export const getCloudViewEvaluatedResources = promiseForm(F.getCloudViewEvaluatedResources);
/**
 * The resources evaluated for one control (`result` PASS, FAIL or PASS_WITH_EXCEPTION).
 *
 * The Output form of `getCloudViewEvaluatedResources` (arguments: see there): they may be Inputs/Outputs; the call runs once they are known (preview too).
 *
 * See docs/functions-cloudview.md.
 */
export const getCloudViewEvaluatedResourcesOutput = outputForm(F.getCloudViewEvaluatedResources);
/**
 * The subscription's policies, as Qualys returns them (`subscriptionId`, `policyList`).
 *
 * Resolves to the result; plain Node.js, no Pulumi program needed.
 *
 * Arguments:
 * - `lastEvaluationDate`: Only policies evaluated since this date/time (ISO-8601, e.g. "2021-09-30T07:25:58Z").
 * - `requireTagInfo`: Include each policy's `tagInfo` (include/exclude tags and their ALL/ANY scope).
 *
 * See docs/functions-policy-compliance.md.
 */
export const getPolicies = promiseForm(F.getPolicies);
/**
 * The subscription's policies, as Qualys returns them (`subscriptionId`, `policyList`).
 *
 * The Output form of `getPolicies` (arguments: see there): they may be Inputs/Outputs; the call runs once they are known (preview too).
 *
 * See docs/functions-policy-compliance.md.
 */
export const getPoliciesOutput = outputForm(F.getPolicies);
/**
 * One policy by id or exact title (with its tag scope by default). None or several is an error.
 *
 * Resolves to the result; plain Node.js, no Pulumi program needed.
 *
 * Arguments:
 * - `id`: The policy id; exactly one of `id` / `title`.
 * - `lastEvaluationDate`: Only policies evaluated since this date/time (ISO-8601, e.g. "2021-09-30T07:25:58Z").
 * - `requireTagInfo`: Include each policy's `tagInfo` (include/exclude tags and their ALL/ANY scope).
 * - `title`: The policy's exact title; exactly one of `id` / `title`.
 *
 * See docs/functions-policy-compliance.md.
 */
export const getPolicy = promiseForm(F.getPolicy);
/**
 * One policy by id or exact title (with its tag scope by default). None or several is an error.
 *
 * The Output form of `getPolicy` (arguments: see there): they may be Inputs/Outputs; the call runs once they are known (preview too).
 *
 * See docs/functions-policy-compliance.md.
 */
export const getPolicyOutput = outputForm(F.getPolicy);
/**
 * Scheduled scans (`scans`: one object per SCAN element, named as in the XML).
 *
 * Resolves to the result; plain Node.js, no Pulumi program needed.
 *
 * Arguments:
 * - `active`: Only active (true) or inactive (false) schedules.
 * - `ids`: Only these schedules (ids as numbers or strings of digits).
 * - `scanType`: e.g. `"perimeter"` (VM/PC schedule scan list API).
 * - `showCloudDetails`: Include CLOUD_DETAILS (provider, connector, scan type, cloud target).
 *
 * See docs/functions-scheduled-scans.md.
 */
export const getScheduledScans = promiseForm(F.getScheduledScans);
/**
 * Scheduled scans (`scans`: one object per SCAN element, named as in the XML).
 *
 * The Output form of `getScheduledScans` (arguments: see there): they may be Inputs/Outputs; the call runs once they are known (preview too).
 *
 * See docs/functions-scheduled-scans.md.
 */
export const getScheduledScansOutput = outputForm(F.getScheduledScans);
// END GENERATED

export { closeQualysFunctionClients, type FunctionOptions, type Plain } from "./forms";
export type { ListResult } from "../../provider/functions";
export { decodeQflowPayload } from "../../provider/clients/qflow-payload";
