/**
 * Read-only look-ups end to end: the real Pulumi CLI runs examples/readonly-lookups against the
 * emulator. The program calls the SDK functions' Output forms, which read the `qualys:*` stack
 * config of the running program; the outputs must hold the emulator's deterministic data, nothing
 * may be written to Qualys, and no credential may reach the state.
 */
import { capture, failureText, useE2E } from "../helpers/pulumi";

const E = useE2E(300_000);

const basic = {
  "qualys:username": { value: "acme_user" },
  "qualys:password": { value: "acme-password", secret: true },
};

/** The emulator's own view of a connector, read over plain HTTP (independent of the SDK). */
async function connectorFromEmulator(name: string): Promise<Record<string, unknown>> {
  const res = await E.json<{ content: Array<Record<string, unknown>> }>("GET", "/cloudview-api/rest/v1/gcp/connectors?pageSize=1000", {
    token: null,
    headers: { authorization: `Basic ${Buffer.from("acme_user:acme-password").toString("base64")}` },
  });
  expect(res.status).toBe(200);
  const page = res.body;
  return page.content.find((c) => c.name === name)!;
}

test("up exports the connector, the service account's last failed scans and the policy's tag scope; preview sees no change", async () => {
  const s = await E.stack("readonly-lookups", { qualysConfig: basic });

  const up = await s.stack.up(capture(s));
  expect(up.summary.result).toBe("succeeded");
  const out = Object.fromEntries(Object.entries(up.outputs).map(([k, v]) => [k, v.value]));

  const expected = await connectorFromEmulator("prod-gcp-connector");
  expect(out.connectorId).toBe(expected.connectorId);
  expect(out.connectorState).toBe("SUCCESS");
  expect(out.connectorLastSyncedOn).toBe("Thu Nov 26 00:50:27 UTC 2020");
  expect(out.serviceAccountId).toBe("my-gcp-project-123");

  const failed = out.lastFailedScans as Array<Record<string, unknown>>;
  expect(failed.map((f) => [f.resourceName, f.updatedAt, f.stateReason])).toEqual([
    ["gcp-vm-003", "2026-05-28T10:39:00", "Snapshot creation timed out"],
    ["gcp-vm-033", "2026-05-28T02:09:00", "Scanner instance could not attach the snapshot volume"],
    ["gcp-vm-063", "2026-05-27T17:39:00", "Snapshot creation timed out"],
  ]);
  expect(failed.every((f) => typeof f.scanUuid === "string" && f.scanUuid.length === 36)).toBe(true);

  expect(out.policyId).toBe(6367495);
  expect(out.policyTagScope).toEqual({
    includeTagsScope: "ANY",
    includeTags: ["pyscand_1.1.1.1_ag", "OCA", "CaponeAG"],
    excludeTagsScope: "ALL",
    excludeTags: ["StaleDataAssestGroupWindows12andCentos7", "dtest"],
  });

  // Only reads reached "Qualys", through the endpoints the functions document.
  const calls = E.emu.calls();
  expect(Object.keys(calls).every((label) => label.startsWith("GET "))).toBe(true);
  expect(calls["GET /cloudview-api/rest/v1/gcp/connectors"]).toBeGreaterThanOrEqual(1);
  expect(calls["GET /flexscan-api/rest/v1/scan/logs"]).toBeGreaterThanOrEqual(1);
  expect(calls["GET /pcrs/2.0/posture/policy/list"]).toBeGreaterThanOrEqual(1);
  const connectorQuery = E.emu.log.find((l) => l.path === "/cloudview-api/rest/v1/gcp/connectors")!.query;
  expect(connectorQuery).toBe("?filter=name%3Dprod-gcp-connector&pageNo=0&pageSize=50");

  // No credential in the state.
  const state = s.stateFileText();
  expect(state).not.toContain("acme-password");
  expect(state).not.toContain("emulator-token-acme");

  // The same data again: a preview plans nothing.
  await s.stack.preview({ expectNoChanges: true, ...capture(s) });
  await s.stack.destroy(capture(s));
});

// Slow (~60 s): the CLI takes about 40 s to report any exception thrown inside an apply (measured
// with a bare `pulumi.output(1).apply(() => { throw … })` program), independent of this package.
test("a connector name that does not exist fails the update with a clear message", async () => {
  const s = await E.stack("readonly-lookups", {
    qualysConfig: basic,
    config: { "qualys-readonly-lookups:connectorName": { value: "no-such-connector" } },
  });
  const message = await failureText(s.stack.up(capture(s)));
  expect(message).toContain('no GCP connector is named "no-such-connector"');
});
