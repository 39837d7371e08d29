import { defineResource } from "../define";
import { serviceAccountHandler } from "./handler";
import { serviceAccountSpec } from "./schema";
import { serviceAccountTestKit } from "./test-kit";

export const serviceAccount = defineResource({
  spec: serviceAccountSpec,
  handler: serviceAccountHandler,
  summary: {
    manages: "a GCP project, AWS account or Azure subscription registered with Flexscan for snapshot scanning",
    qualysApi: "Connector 2.18 release notes, Service Accounts API",
  },
  testKit: serviceAccountTestKit,
});
