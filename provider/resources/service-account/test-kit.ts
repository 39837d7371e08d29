/** How the cross-resource tests exercise a ServiceAccount (define.ts ResourceTestKit). */
import type { ResourceTestKit } from "../define";

const ACCOUNT = "my-gcp-project-123";

export const serviceAccountTestKit: ResourceTestKit = {
  sampleInputs: () => ({ accountId: ACCOUNT, cloudType: "GCP", regions: ["us-east1"] }),
  arrange: async () => {},
  objects: (tenant) => {
    const slice = tenant.dump().flexscan as { serviceAccounts: Map<string, unknown> } | undefined;
    const ids = [...(slice?.serviceAccounts.keys() ?? [])];
    return { all: ids.map((id) => ({ id, key: id })), made: ids, live: ids };
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
