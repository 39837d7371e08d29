/**
 * The unmanaged scan against the emulator over real HTTP: what no stack manages is listed with its
 * natural key, NSX records with another stack's marker are "made by Pulumi elsewhere", coverage is
 * managed ÷ total, and the call count is one list walk per type per subscription, however many
 * stacks share it.
 */
import { emulatorEnv, useHarness } from "../../tests/helpers/provider-harness";
import { QualysClients } from "../clients";
import { RESOURCES } from "../resources";
import { gcpInternalScanJobHandler } from "../resources/gcp-internal-scan-job/handler";
import { nsxAuthRecordHandler } from "../resources/nsx-auth-record/handler";
import { serviceAccountHandler } from "../resources/service-account/handler";
import { scanUnmanaged, subscriptionsOf } from "./unmanaged";

const H = useHarness();

function checked<T>(
  handler: { check(o: Record<string, unknown>, n: Record<string, unknown>): { inputs: unknown; failures: unknown[] } },
  raw: Record<string, unknown>,
): T {
  const r = handler.check({}, raw);
  expect(r.failures).toEqual([]);
  return r.inputs as T;
}

const JOB = {
  connectorName: "gcp-prod-connector",
  optionProfileTitle: "Qualys Recommended Option Profile",
  scannerNames: ["RM_GCP_SCANNER"],
  schedule: { type: "weekly", frequencyWeeks: 1, weekdays: ["Monday"], startHour: 22, startMinute: 30, timeZoneCode: "US-CA" },
};

async function fleet() {
  const nsx = (title: string, extra: Record<string, unknown> = {}) =>
    nsxAuthRecordHandler.create(
      H.ctx,
      checked(nsxAuthRecordHandler, { title, ips: ["10.0.0.1"], username: "u", password: "a-long-password-1", ...extra }),
    );
  const managedNsx = await nsx("managed record");
  // Made in the Qualys UI: no owner marker in its comments.
  const handMade = {
    id: await H.clients.nsx.create({ title: "made in the UI", ips: ["10.0.0.2"], username: "u", password: "a-long-password-1" }),
  };
  // Made by a resource of a stack not in this run: its check mints a marker, the SDK sends the hint.
  const elsewhere = await nsx("other stack's record", { ownerHint: "security/legacy-prod/nsx-legacy" });
  const sa = (accountId: string) =>
    serviceAccountHandler.create(H.ctx, checked(serviceAccountHandler, { accountId, cloudType: "AWS", regions: ["us-east-1"] }));
  const managedSa = await sa("111111111111");
  const handSa = await sa("222222222222");
  const job = (title: string) => gcpInternalScanJobHandler.create(H.ctx, checked(gcpInternalScanJobHandler, { ...JOB, title }));
  const managedJob = await job("managed job");
  const handJob = await job("hand-made job");
  return { managedNsx, handMade, elsewhere, managedSa, handSa, managedJob, handJob };
}

test("lists what no stack manages, labels another stack's NSX record, and computes coverage", async () => {
  const f = await fleet();
  const sources = { env: emulatorEnv(H.emu) };
  const subs = subscriptionsOf([
    {
      sources,
      managed: [
        // As an import may have typed it: record ids compare in the client's canonical form.
        { kind: "NsxAuthRecord", id: ` 0${f.managedNsx.id}` },
        { kind: "ServiceAccount", id: f.managedSa.id },
      ],
    },
    { sources, managed: [{ kind: "GcpInternalScanJob", id: `00${f.managedJob.id}` }] },
  ]);
  expect(subs).toHaveLength(1);
  const r = await scanUnmanaged(subs, (s) => QualysClients.fromSources(s));
  const key = (u: { type: string; naturalKey: string }) => `${u.type}: ${u.naturalKey}`;
  expect(r.unmanaged.map(key).sort()).toEqual([
    "GcpInternalScanJob: hand-made job",
    "NsxAuthRecord: made in the UI",
    "NsxAuthRecord: other stack's record",
    "ServiceAccount: AWS 222222222222",
  ]);
  expect(r.unmanaged.find((u) => u.naturalKey === "other stack's record")).toMatchObject({
    id: f.elsewhere.id,
    madeByPulumiElsewhere: true,
    ownerHint: "security/legacy-prod/nsx-legacy",
  });
  expect(r.unmanaged.find((u) => u.naturalKey === "made in the UI")?.madeByPulumiElsewhere).toBe(false);
  const cov = Object.fromEntries(r.coverage.map((c) => [c.type, [c.managed, c.total, c.ratio]]));
  expect(cov).toEqual({
    ServiceAccount: [1, 2, 0.5],
    TargetAccount: [0, 0, 1],
    NsxAuthRecord: [1, 3, 1 / 3],
    GcpInternalScanJob: [1, 2, 0.5],
  });
});

test("budget: one list walk per type per subscription, the same for three stacks as for one", async () => {
  const f = await fleet();
  const sources = { env: emulatorEnv(H.emu) };
  const callsFor = async (stacks: number) => {
    H.emu.resetCalls();
    const subs = subscriptionsOf(
      Array.from({ length: stacks }, () => ({ sources, managed: [{ kind: "NsxAuthRecord", id: f.managedNsx.id }] })),
    );
    await scanUnmanaged(subs, (s) => QualysClients.fromSources(s));
    return H.emu.calls();
  };
  const one = await callsFor(1);
  expect(one).toMatchObject({
    "GET /flexscan-api/rest/v1/service-accounts": 1,
    "GET /flexscan-api/rest/v1/target-accounts": 1,
    "POST /api/3.0/fo/auth/nsx/ action=list": 1,
    "POST /api/5.0/fo/schedule/scan/ action=list": 1,
  });
  // Each type's walk is one call of its own list, and nothing else is called.
  expect(Object.values(one)).toEqual(RESOURCES.map(() => 1));
  expect(await callsFor(3)).toEqual(one);
  // Another tenant is another subscription: scanned on its own.
  const other = subscriptionsOf([
    { sources, managed: [] },
    { sources: { env: emulatorEnv(H.emu, { QUALYS_TOKEN: "emulator-token-globex" }) }, managed: [] },
  ]);
  expect(other).toHaveLength(2);
  expect(other[0].label).not.toContain("emulator-token");
});
