/**
 * The emulator's default policy list answers the note's request (001, Policy Audit 1.11, "Get Policy
 * List API: View Tag Information for Policy") with the note's sample response: the JSON on the wire
 * is compared to `__fixtures__/001_policy_list_v2_tag_info.json`, copied byte for byte from the note
 * (lines 23-68), so a field the route drops, renames or reshapes fails here.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { useEmulator } from "../../../tests/helpers/emulator-client";

interface PolicyList {
  subscriptionId: number;
  policyList: Array<{ id: number }>;
}

const E = useEmulator();
const note = JSON.parse(readFileSync(join(__dirname, "__fixtures__", "001_policy_list_v2_tag_info.json"), "utf8")) as PolicyList;

test("the note's request is answered with the note's policy, field for field, among the tenant's others", async () => {
  const r = await E.json<PolicyList>("GET", "/pcrs/2.0/posture/policy/list?lastEvaluationDate=2021-09-30T07%3A25%3A58Z&requireTagInfo=1");
  expect(r.status).toBe(200);
  expect(r.body.subscriptionId).toBe(note.subscriptionId);
  const [sample] = note.policyList;
  expect(r.body.policyList.find((p) => p.id === sample.id)).toEqual(sample);
});
