import { defineResource } from "../define";
import { targetAccountHandler } from "./handler";
import { targetAccountSpec } from "./schema";

export const targetAccount = defineResource({
  spec: targetAccountSpec,
  handler: targetAccountHandler,
  testKit: {
    // The parent must be registered and set up, and the target discovered under it, before a create.
    sampleInputs: () => ({ accountId: "210987654321", serviceAccountId: "123456789012", regions: ["us-east-1"] }),
  },
  drift: {
    inventory: async (clients) => (await clients.targetAccounts.listAll()).map((t) => ({ id: t.accountId, naturalKey: t.accountId })),
  },
});
