import { defineResource, removableObjects, type ResourceTestKit } from "../define";
import { nsxAuthRecordHandler } from "./handler";
import { nsxAuthRecordSpec } from "./schema";

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
  summary: {
    manages: "a VMware NSX authentication record (basic login or HashiCorp vault, with AD)",
    qualysApi: "Policy Audit 1.11 release notes, VMware NSX authentication records API",
  },
  testKit,
});
