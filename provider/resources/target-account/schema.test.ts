/**
 * TargetAccount inputs: defaults, the inherit-vs-empty distinction through check and diff, the
 * rules `check` enforces, and the parent-fit rules create/update run before setup.
 */
import { targetAccountHandler as h } from "./handler";
import {
  inheritedTagLists,
  parentFitFailures,
  targetAccountInputsSchema,
  type TargetAccountInputs,
  type TargetAccountOutputs,
} from "./schema";

const base = { accountId: "210987654321", serviceAccountId: "123456789012", regions: ["us-east-1"] };

function checked(over: Record<string, unknown> = {}): TargetAccountInputs {
  const r = h.check({}, { ...base, ...over });
  expect(r.failures).toEqual([]);
  return r.inputs as TargetAccountInputs;
}

function failures(over: Record<string, unknown>) {
  return h.check({}, { ...base, ...over }).failures;
}

/** State as create would leave it (diff compares state's outputs with checked inputs). */
function state(over: Record<string, unknown> = {}): TargetAccountOutputs {
  return {
    ...checked(over),
    state: "REGISTERED",
    parentRegions: [],
    cloudInfo: {},
    addedRegions: [],
    removedRegions: [],
    inheritedTagLists: [],
  };
}

beforeEach(() => jest.spyOn(console, "warn").mockImplementation(() => undefined));
afterEach(() => jest.restoreAllMocks());

describe("defaults", () => {
  test("scanInterval 24, resourceTypes [vm], vmScanTypes [os], onDelete stop-scanning, adopt false; tag lists absent", () => {
    const v = checked();
    expect(v).toEqual({ ...base, scanInterval: 24, resourceTypes: ["vm"], vmScanTypes: ["os"], onDelete: "stop-scanning", adopt: false });
    for (const list of ["mustHaveTags", "atLeastOneTag", "noneOfTheTag"]) expect(Object.keys(v)).not.toContain(list);
  });

  test("the schema's JSON form documents the defaults (schema.json / SDK docs)", () => {
    const v = targetAccountInputsSchema.parse(base);
    expect(v.scanInterval).toBe(24);
    expect(v.vmScanTypes).toEqual(["os"]);
  });
});

describe("inherit (absent) vs no filtering ([]) through check", () => {
  test("absent and null both mean inherit: the key is left out", () => {
    expect(Object.keys(checked())).not.toContain("mustHaveTags");
    const withNull = checked({ mustHaveTags: null, atLeastOneTag: null, noneOfTheTag: null });
    expect(Object.keys(withNull).filter((k) => k.endsWith("Tag") || k.endsWith("Tags"))).toEqual([]);
  });

  test("[] stays [] (override with no filtering), lists are lowercased and sorted", () => {
    const v = checked({ mustHaveTags: [], atLeastOneTag: ["Team=Platform", "env=prod", "env=prod"], noneOfTheTag: [] });
    expect(v.mustHaveTags).toEqual([]);
    expect(v.noneOfTheTag).toEqual([]);
    expect(v.atLeastOneTag).toEqual(["env=prod", "team=platform"]);
  });

  test("inheritedTagLists names exactly the lists left out", () => {
    expect(inheritedTagLists(checked({ atLeastOneTag: [] }))).toEqual(["mustHaveTags", "noneOfTheTag"]);
    expect(inheritedTagLists(checked({ mustHaveTags: [], atLeastOneTag: ["a=b"], noneOfTheTag: [] }))).toEqual([]);
  });
});

describe("inherit vs [] through diff", () => {
  test("absent → [] is a change of that list only", () => {
    const d = h.diff("x", state(), checked({ noneOfTheTag: [] }));
    expect(d).toMatchObject({ changes: true, replaces: [], changed: ["noneOfTheTag"] });
  });

  test("[] → absent is a change (the target would start inheriting)", () => {
    const d = h.diff("x", state({ mustHaveTags: [] }), checked());
    expect(d).toMatchObject({ changes: true, changed: ["mustHaveTags"] });
  });

  test("absent ↔ absent and [] ↔ [] are no change; lists compare as sets", () => {
    expect(h.diff("x", state(), checked()).changes).toBe(false);
    expect(h.diff("x", state({ mustHaveTags: [] }), checked({ mustHaveTags: [] })).changes).toBe(false);
    expect(h.diff("x", state({ regions: ["us-east-1", "eu-west-1"] }), checked({ regions: ["EU-WEST-1", "us-east-1"] })).changes).toBe(
      false,
    );
  });

  test("a null left in state by an older version still reads as inherit", () => {
    const olds = { ...state(), mustHaveTags: null } as unknown as TargetAccountOutputs;
    expect(h.diff("x", olds, checked()).changes).toBe(false);
    expect(h.diff("x", olds, checked({ mustHaveTags: [] })).changed).toEqual(["mustHaveTags"]);
  });

  test("accountId replaces; serviceAccountId updates (verified against Qualys); onDelete is a change, adopt is not", () => {
    expect(h.diff("x", state(), checked({ accountId: "999" }))).toMatchObject({ replaces: ["accountId"], deleteBeforeReplace: false });
    expect(h.diff("x", state(), checked({ serviceAccountId: "other" }))).toMatchObject({
      changes: true,
      replaces: [],
      changed: ["serviceAccountId"],
    });
    expect(h.diff("x", state(), checked({ onDelete: "retain" }))).toMatchObject({ changes: true, changed: ["onDelete"] });
    expect(h.diff("x", state(), checked({ adopt: true })).changes).toBe(false);
  });
});

describe("check failures name the property and the rule", () => {
  test("vmScanTypes outside os/sca/secret", () => {
    expect(failures({ vmScanTypes: ["bogus"] })).toEqual([
      { property: "vmScanTypes", reason: "vmScanTypes: allowed values are os, sca, secret" },
    ]);
  });

  test("secret is a target scan type; sca needs os", () => {
    expect(checked({ vmScanTypes: ["OS", "secret"] }).vmScanTypes).toEqual(["os", "secret"]);
    expect(failures({ vmScanTypes: ["sca"] })[0]).toMatchObject({ property: "vmScanTypes", reason: expect.stringMatching(/sca needs os/) });
  });

  test("scanInterval 24–720, whole hours", () => {
    expect(failures({ scanInterval: 800 })).toEqual([
      { property: "scanInterval", reason: "scanInterval must be between 24 and 720 hours" },
    ]);
    expect(failures({ scanInterval: 12 })[0].property).toBe("scanInterval");
    expect(failures({ scanInterval: 24.5 })[0].reason).toMatch(/whole number/);
    expect(checked({ scanInterval: 720 }).scanInterval).toBe(720);
  });

  test("regions required and non-empty; resourceTypes only vm", () => {
    expect(failures({ regions: [] })[0]).toMatchObject({ property: "regions", reason: expect.stringMatching(/at least one region/) });
    expect(failures({ regions: ["us-east-1", ""] })[0].property).toBe("regions[1]");
    expect(failures({ resourceTypes: ["db"] })[0].reason).toMatch(/only allowed value is vm/);
  });

  test("tag format: key=value or key:value (the cloud is checked against Qualys later)", () => {
    expect(failures({ atLeastOneTag: ["ok=1", "novalue"] })).toEqual([
      { property: "atLeastOneTag[1]", reason: 'atLeastOneTag: "novalue" must be key=value or key:value' },
    ]);
    expect(checked({ mustHaveTags: ["Owner:Platform"] }).mustHaveTags).toEqual(["owner:platform"]);
  });

  test("onDelete, unknown properties and missing ids", () => {
    expect(failures({ onDelete: "destroy" })[0]).toMatchObject({
      property: "onDelete",
      reason: "onDelete must be one of stop-scanning, retain",
    });
    expect(failures({ cloudType: "AWS" })[0].reason).toMatch(/cloudType/);
    expect(h.check({}, { accountId: "a", regions: ["x"] }).failures[0].property).toBe("serviceAccountId");
  });
});

describe("parent fit (run before setup, against what Qualys reports for the parent)", () => {
  const parent = { accountId: "123456789012", regions: ["us-east-1", "eu-west-1"], cloudType: "AWS" };

  test("regions outside the parent's are named, with the parent's regions", () => {
    const f = parentFitFailures(checked({ regions: ["us-east-1", "eu-central-1", "ap-south-1"] }), parent);
    expect(f).toEqual([
      "regions: ap-south-1, eu-central-1 are not among the regions of the parent service account 123456789012 (eu-west-1, us-east-1); a target's regions must be a subset of its parent's: add them to the ServiceAccount first",
    ]);
    expect(parentFitFailures(checked({ regions: ["eu-west-1"] }), parent)).toEqual([]);
    expect(parentFitFailures(checked({ regions: ["eu-west-1", "us-east-1"] }), parent)).toEqual([]);
  });

  test("a parent without regions (not set up) is its own failure", () => {
    expect(parentFitFailures(checked(), { ...parent, regions: [] })[0]).toMatch(/has no regions set up/);
  });

  test("tag format per the cloud Qualys reports: ':' only for AWS", () => {
    const inputs = checked({ noneOfTheTag: ["owner:platform"] });
    expect(parentFitFailures(inputs, parent)).toEqual([]);
    expect(parentFitFailures(inputs, { ...parent, cloudType: "GCP" })).toEqual([
      "noneOfTheTag[0]: \"owner:platform\" uses ':'; GCP labels only support key=value (the target is a GCP account)",
    ]);
    expect(parentFitFailures(inputs, { ...parent, cloudType: "AZURE" })[0]).toMatch(/noneOfTheTag\[0\].*must be key=value/);
  });
});
