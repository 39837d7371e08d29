import { defineResource, removableObjects, type ResourceTestKit } from "../define";
import { serviceAccountHandler } from "./handler";
import { serviceAccountSpec } from "./schema";

const ACCOUNT = "my-gcp-project-123";

/** How the cross-resource tests exercise the resource (define.ts ResourceTestKit). */
const testKit: ResourceTestKit = {
  sampleInputs: () => ({ accountId: ACCOUNT, cloudType: "GCP", regions: ["us-east1"] }),
  arrange: async () => {},
  objects: (tenant) => {
    const slice = tenant.dump().flexscan as { serviceAccounts: Map<string, unknown> } | undefined;
    return removableObjects([...(slice?.serviceAccounts.keys() ?? [])].map((id) => ({ id, key: id })));
  },
  discoveredByQualys: false,
  createCall: { path: "/service-accounts/register" },
  foreign: async (q) => {
    await q.clients.serviceAccounts.register(ACCOUNT, "GCP");
    await q.clients.serviceAccounts.setup({ accountId: ACCOUNT, regions: ["us-west1"] });
    return ACCOUNT;
  },
  foreignRefusal: /already registered.*adopt: true/s,
  outOfBandChange: (id) => ({ path: `service-accounts/${id}`, body: { regions: ["us-west1"] }, drifts: ["regions"] }),
  deleteCall: { path: "/service-accounts/deregister", sends: 1, unconfirmedWarning: undefined },
};

export const serviceAccount = defineResource({
  spec: serviceAccountSpec,
  handler: serviceAccountHandler,
  summary: {
    manages: "a GCP project, AWS account or Azure subscription registered with Flexscan for snapshot scanning",
    qualysApi: "Connector 2.18 release notes, Service Accounts API",
  },
  testKit,
});
