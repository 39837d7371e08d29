import { defineResource } from "../define";
import { nsxAuthRecordHandler } from "./handler";
import { nsxAuthRecordSpec } from "./schema";
import { nsxAuthRecordTestKit } from "./test-kit";

export const nsxAuthRecord = defineResource({
  spec: nsxAuthRecordSpec,
  handler: nsxAuthRecordHandler,
  summary: {
    manages: "a VMware NSX authentication record (basic login or HashiCorp vault, with AD)",
    qualysApi: "Policy Audit 1.11 release notes, VMware NSX authentication records API",
  },
  testKit: nsxAuthRecordTestKit,
});
