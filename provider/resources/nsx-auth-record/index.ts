import { ownerHintOf } from "../../shared/ownership";
import { defineResource } from "../define";
import { nsxAuthRecordHandler } from "./handler";
import { nsxAuthRecordSpec } from "./schema";

/** Why an import cannot carry the password, and how the program sets it. */
const IMPORT_PASSWORD_ADVICE =
  "Set `password` in the program (as a secret, e.g. from `pulumi config set --secret`): the first `pulumi up` after the import shows one change (`password`) and sends it once in an update of this record (action=update, over HTTPS, never logged); the state keeps only a salted hash of it, encrypted.";

export const nsxAuthRecord = defineResource({
  spec: nsxAuthRecordSpec,
  handler: nsxAuthRecordHandler,
  hooks: {
    // Which resource made the record, for messages (the marker itself is minted by the handler's
    // check). The TypeScript SDK sends it; the native plugin reads it off the URN.
    inputsFromUrn: (urn) => ({ ownerHint: ownerHintOf(urn) }),
    importAdvice: (failures) => (failures.some((f) => f.property.startsWith("password")) ? IMPORT_PASSWORD_ADVICE : undefined),
  },
  testKit: {
    sampleInputs: (unique) => ({ title: `NSX ${unique}`, ips: ["10.20.0.10"], username: "svc", password: "Nsx-Pa55word!" }),
  },
});
