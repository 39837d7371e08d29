import { defineResource, type ResourceTestKit } from "../define";
import { STOP_SCANNING_ATTEMPTS, targetAccountHandler } from "./handler";
import { STOP_SCANNING_TAG, targetAccountSpec } from "./schema";

/** The AWS organisation registered as the parent, and the member account it discovered. */
const PARENT = "123456789012";
const TARGET = "210987654321";

interface Target {
  accountId: string;
  config: { mustHaveTags?: string[] | null } | null;
}

/** How the cross-resource tests exercise the resource (define.ts ResourceTestKit). */
const testKit: ResourceTestKit = {
  sampleInputs: () => ({ accountId: TARGET, serviceAccountId: PARENT, regions: ["us-east-1"] }),
  // A target exists only once its parent is registered and set up, and Qualys discovered it there.
  arrange: async (q) => {
    await q.clients.serviceAccounts.register(PARENT, "AWS");
    await q.clients.serviceAccounts.setup({ accountId: PARENT, regions: ["us-east-1", "us-west-2"] });
    await q.discover(PARENT, [TARGET]);
  },
  objects: (tenant) => {
    const slice = tenant.dump().flexscanTargets as { targetAccounts: Map<string, Target> } | undefined;
    const targets = [...(slice?.targetAccounts.values() ?? [])];
    const configured = targets.filter((t) => t.config !== null);
    return {
      all: targets.map((t) => ({ id: t.accountId, key: t.accountId })),
      made: configured.map((t) => t.accountId),
      // Qualys cannot remove a target: a deleted one is set up to select no VM.
      live: configured.filter((t) => !(t.config?.mustHaveTags ?? []).includes(STOP_SCANNING_TAG)).map((t) => t.accountId),
    };
  },
  discoveredByQualys: true,
  createCall: { path: "/target-accounts/setup" },
  foreign: async (q) => {
    await q.clients.targetAccounts.setup({ accountId: TARGET, regions: ["us-west-2"] });
    return TARGET;
  },
  foreignRefusal: /already configured in Qualys.*adopt: true/s,
  outOfBandChange: (id) => ({ path: `target-accounts/${id}`, body: { regions: ["us-west-2"] }, drifts: ["regions"] }),
  // A target's setup cannot be read back as done, so the delete sends it again; the warning says
  // what to check instead of failing.
  deleteCall: {
    path: "/target-accounts/setup",
    sends: STOP_SCANNING_ATTEMPTS,
    unconfirmedWarning: /the answers to the stop-scanning setup were lost/,
  },
};

export const targetAccount = defineResource({
  spec: targetAccountSpec,
  handler: targetAccountHandler,
  summary: {
    manages: "a discovered child account (AWS Organization member, Azure target subscription) under a service account",
    qualysApi: "Connector 2.18 release notes, Target Accounts API",
  },
  testKit,
});
