import { defineResource } from "../define";
import { serviceAccountHandler } from "./handler";
import { serviceAccountSpec } from "./schema";

export const serviceAccount = defineResource({
  spec: serviceAccountSpec,
  handler: serviceAccountHandler,
  testKit: {
    sampleInputs: () => ({ accountId: "my-gcp-project-123", cloudType: "GCP", regions: ["us-east1"] }),
  },
  drift: {
    inventory: async (clients) =>
      (await clients.serviceAccounts.listAll()).map((a) => ({
        id: a.accountId,
        naturalKey: `${a.cloudType.toUpperCase()} ${a.accountId}`,
      })),
  },
});
