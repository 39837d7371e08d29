/**
 * TargetAccount mapping: the request body keeps inherit (null) and no-filtering ([]) apart, and
 * state keeps them apart through create, update and refresh.
 */
import { CLOUD_TYPES } from "../../clients/flexscan/service-accounts";
import type { TargetAccountRecord, TargetSetupResult } from "../../clients/flexscan/target-accounts";
import { targetAccountHandler as h } from "./handler";
import { fromRead, inputsOf, tagValue, toOutputs, toSetupRequest, toStopScanningRequest } from "./mapping";
import { scanIntervalSchema, tagFormatError } from "../service-account/schema";
import { type TargetAccountInputs, type TargetAccountOutputs } from "./schema";

function checked(over: Record<string, unknown> = {}): TargetAccountInputs {
  const r = h.check({}, { accountId: "210987654321", serviceAccountId: "123456789012", regions: ["us-east-1"], ...over });
  expect(r.failures).toEqual([]);
  return r.inputs as TargetAccountInputs;
}

const record: TargetAccountRecord = {
  accountId: "210987654321",
  serviceAccountId: "123456789012",
  cloudType: "AWS",
  connectorUuid: "c-uuid",
  portalUuid: "p-uuid",
  regions: ["US-EAST-1"],
  createdAt: "2026-05-01T10:00:00",
  serviceAccount: { accountId: "123456789012", cloudType: "AWS", state: "REGISTERED", regions: ["us-east-1", "eu-west-1"] },
};

const setup: TargetSetupResult = { status: "ACCEPTED", accountId: "210987654321", addedRegions: ["us-east-1"], removedRegions: [] };

describe("request body", () => {
  test("absent tag lists are sent as explicit null (inherit), [] as [] (no filtering), lists as given", () => {
    const req = toSetupRequest(checked({ atLeastOneTag: [], noneOfTheTag: ["Skip=True"] }));
    expect(req).toEqual({
      accountId: "210987654321",
      regions: ["us-east-1"],
      scanInterval: 24,
      resourceTypes: ["vm"],
      vmScanTypes: ["os"],
      mustHaveTags: null,
      atLeastOneTag: [],
      noneOfTheTag: ["skip=true"],
    });
    // The key is in the JSON, with null: a setup that merged would still clear an earlier value.
    expect(JSON.stringify(req)).toContain('"mustHaveTags":null');
    expect(JSON.stringify(req)).toContain('"atLeastOneTag":[]');
  });

  test("tagValue: undefined/null → null; [] → []", () => {
    expect(tagValue(undefined)).toBeNull();
    expect(tagValue(null)).toBeNull();
    expect(tagValue([])).toEqual([]);
  });

  test("stop-scanning setup: the target's own regions, a setup the target's checks accept, that scans as rarely as allowed and inherits nothing", () => {
    const regions = ["us-west-2", "us-east-1"];
    const req = toStopScanningRequest("t", regions);
    expect(req.accountId).toBe("t");
    // Setup needs at least one region: the target keeps the ones it has (as a set).
    expect(new Set(req.regions)).toEqual(new Set(regions));
    // The request is one the resource's own checks accept as it is (nothing normalised away).
    expect(toSetupRequest(checked({ ...req }))).toEqual(req);
    // As rarely as the API allows: one hour more is refused.
    expect(scanIntervalSchema.safeParse(req.scanInterval).success).toBe(true);
    expect(scanIntervalSchema.safeParse(req.scanInterval! + 1).success).toBe(false);
    // The smallest scan: only VMs, only the os scan, selected by a tag valid on every cloud...
    expect(req.resourceTypes).toEqual(["vm"]);
    expect(req.vmScanTypes).toEqual(["os"]);
    expect(req.mustHaveTags).toHaveLength(1);
    for (const cloud of CLOUD_TYPES) expect(tagFormatError(req.mustHaveTags![0], cloud)).toBeUndefined();
    // ...and no list inherited from the parent (null would inherit and could widen the selection).
    expect(req.atLeastOneTag).toEqual([]);
    expect(req.noneOfTheTag).toEqual([]);
  });
});

describe("state", () => {
  test("create: absent lists are absent in outputs and named in inheritedTagLists; [] is kept", () => {
    const outs = toOutputs({ inputs: checked({ noneOfTheTag: [] }), record, parentRegions: ["eu-west-1", "us-east-1"], setup });
    expect(Object.keys(outs)).not.toContain("mustHaveTags");
    expect(Object.keys(outs)).not.toContain("atLeastOneTag");
    expect(outs.noneOfTheTag).toEqual([]);
    expect(outs.inheritedTagLists).toEqual(["mustHaveTags", "atLeastOneTag"]);
    expect(outs).toMatchObject({
      state: "REGISTERED",
      cloudType: "AWS",
      connectorUuid: "c-uuid",
      discoveredAt: "2026-05-01T10:00:00",
      parentRegions: ["eu-west-1", "us-east-1"],
      addedRegions: ["us-east-1"],
    });
  });

  test("update from [] to absent: the previous [] does not come back", () => {
    const previous = toOutputs({ inputs: checked({ mustHaveTags: [] }), record, setup });
    const next = toOutputs({ inputs: checked(), previous, setup });
    expect(Object.keys(next)).not.toContain("mustHaveTags");
    expect(next.inheritedTagLists).toEqual(["mustHaveTags", "atLeastOneTag", "noneOfTheTag"]);
    expect(next.connectorUuid).toBe("c-uuid"); // observations carry over
  });

  test("inputsOf keeps [] and drops absent/null lists", () => {
    const outs = {
      ...toOutputs({ inputs: checked({ atLeastOneTag: [] }), record }),
      noneOfTheTag: null,
    } as unknown as TargetAccountOutputs;
    const i = inputsOf(outs);
    expect(i.atLeastOneTag).toEqual([]);
    expect(Object.keys(i)).not.toContain("noneOfTheTag");
    expect(Object.keys(i)).not.toContain("mustHaveTags");
  });

  test("refresh: regions and parent from Qualys (normalised); unobservable fields, absent and [] lists kept from state", () => {
    const previous = toOutputs({ inputs: checked({ scanInterval: 72, mustHaveTags: [], vmScanTypes: ["os", "sca"] }), record, setup });
    const read = fromRead(
      previous,
      { ...record, regions: ["EU-WEST-1", "us-east-1"], serviceAccountId: "other-parent" },
      { accountId: "210987654321", state: "ACTIVE", cloudInfo: { "us-east-1": { vpcId: "vpc-1" } } },
    );
    expect(read.regions).toEqual(["eu-west-1", "us-east-1"]);
    expect(read.serviceAccountId).toBe("other-parent");
    expect(read.state).toBe("ACTIVE");
    expect(read.cloudInfo).toEqual({ "us-east-1": { vpcId: "vpc-1" } });
    expect(read.scanInterval).toBe(72);
    expect(read.vmScanTypes).toEqual(["os", "sca"]);
    expect(read.mustHaveTags).toEqual([]);
    expect(Object.keys(read)).not.toContain("atLeastOneTag");
    expect(read.addedRegions).toEqual(previous.addedRegions);
  });

  test("an unchanged target reads back equal to what create stored", () => {
    const created = toOutputs({
      inputs: checked({ regions: ["us-east-1"], atLeastOneTag: ["a=b"] }),
      record,
      parentRegions: ["eu-west-1", "us-east-1"],
      setup,
      state: { accountId: "210987654321", state: "REGISTERED", cloudInfo: {} },
    });
    const read = fromRead(created, record, { accountId: "210987654321", state: "REGISTERED", cloudInfo: {} });
    expect(read).toEqual(created);
  });
});
