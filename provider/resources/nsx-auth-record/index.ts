import { canonicalId } from "../../clients/xml/documents";
import { parseOwnerMarker } from "../../shared/ownership";
import { defineResource } from "../define";
import { nsxAuthRecordHandler } from "./handler";
import { nsxAuthRecordSpec } from "./schema";

export const nsxAuthRecord = defineResource({
  spec: nsxAuthRecordSpec,
  handler: nsxAuthRecordHandler,
  testKit: {
    sampleInputs: (unique) => ({ title: `NSX ${unique}`, ips: ["10.20.0.10"], username: "svc", password: "Nsx-Pa55word!" }),
  },
  drift: {
    // The marker in a record's comments tells a record made by another stack from one made by hand.
    inventory: async (clients) =>
      (await clients.nsx.list()).map((r) => {
        const owner = parseOwnerMarker(r.COMMENTS);
        return { id: r.ID, naturalKey: r.TITLE, ...(owner ? { owner } : {}) };
      }),
    canonicalId,
  },
});
