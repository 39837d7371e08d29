import { ownerHintOf } from "../../shared/ownership";
import { defineResource, removableObjects, type ResourceTestKit } from "../define";
import { nsxAuthRecordHandler } from "./handler";
import { nsxAuthRecordSpec } from "./schema";

/** Why an import cannot carry the password, and how the program sets it. */
const IMPORT_PASSWORD_ADVICE =
  "Set `password` in the program (as a secret, e.g. from `pulumi config set --secret`): the first `pulumi up` after the import shows one change (`password`) and sends it once in an update of this record (action=update, over HTTPS, never logged); the state keeps only a salted hash of it, encrypted.";

const title = (unique: string) => `NSX ${unique}`;

/** How the cross-resource tests exercise the resource (define.ts ResourceTestKit). */
const testKit: ResourceTestKit = {
  sampleInputs: (unique) => ({ title: title(unique), ips: ["10.20.0.10"], username: "svc", password: "Nsx-Pa55word!" }),
  arrange: async () => {},
  objects: (tenant) => {
    const slice = tenant.dump().nsx as { records: Map<number, { title: string }> } | undefined;
    return removableObjects([...(slice?.records.entries() ?? [])].map(([id, r]) => ({ id: String(id), key: r.title })));
  },
  discoveredByQualys: false,
  createCall: { path: "/api/3.0/fo/auth/nsx/", action: "create" },
  foreign: (q, unique) =>
    q.clients.nsx.create({ title: title(unique), ips: ["10.99.0.1"], username: "other", password: "Other-Pa55word!" }),
  foreignRefusal: /already exists \(id \d+\), made outside Pulumi.*adopt: true/s,
  outOfBandChange: (id) => ({ path: `nsx/${id}`, body: { ips: ["10.20.0.99"] }, drifts: ["ips"] }),
  deleteCall: { path: "/api/3.0/fo/auth/nsx/", action: "delete", sends: 1, unconfirmedWarning: undefined },
};

export const nsxAuthRecord = defineResource({
  spec: nsxAuthRecordSpec,
  handler: nsxAuthRecordHandler,
  hooks: {
    // Which resource made the record, for messages (the marker itself is minted by the handler's
    // check). The TypeScript SDK sends it; the native plugin reads it off the URN.
    inputsFromUrn: (urn) => ({ ownerHint: ownerHintOf(urn) }),
    importAdvice: (failures) => (failures.some((f) => f.property.startsWith("password")) ? IMPORT_PASSWORD_ADVICE : undefined),
  },
  summary: {
    manages: "a VMware NSX authentication record (basic login or HashiCorp vault, with AD)",
    qualysApi: "Policy Audit 1.11 release notes, VMware NSX authentication records API",
  },
  testKit,
});
