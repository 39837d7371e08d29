import { defineResource } from "../define";
import { nsxAuthRecordHandler } from "./handler";
import { nsxAuthRecordSpec } from "./schema";

export const nsxAuthRecord = defineResource({
  spec: nsxAuthRecordSpec,
  handler: nsxAuthRecordHandler,
  testKit: {
    sampleInputs: (unique) => ({ title: `NSX ${unique}`, ips: ["10.20.0.10"], username: "svc", password: "Nsx-Pa55word!" }),
  },
});
