import { defineResource } from "../define";
import { targetAccountHandler } from "./handler";
import { targetAccountSpec } from "./schema";
import { targetAccountTestKit } from "./test-kit";

export const targetAccount = defineResource({
  spec: targetAccountSpec,
  handler: targetAccountHandler,
  summary: {
    manages: "a discovered child account (AWS Organization member, Azure target subscription) under a service account",
    qualysApi: "Connector 2.18 release notes, Target Accounts API",
  },
  testKit: targetAccountTestKit,
});
