/**
 * ServiceAccount input rules (docs/service-account.md, the Connector 2.18 notes) through `serviceAccountHandler.check`, and the
 * replace/update decisions of `serviceAccountHandler.diff`. Pure: no emulator, no API call.
 */
import type { CheckFailure } from "../../shared/check";
import { serviceAccountHandler as h } from "./handler";
import type { ServiceAccountInputs, ServiceAccountOutputs } from "./schema";

const BASE = { accountId: "my-gcp-project-123", cloudType: "GCP", regions: ["us-east1"] };
/** A valid account id per cloud (each cloud has its own format). */
const ID = { GCP: "my-gcp-project-123", AWS: "123456789012", AZURE: "0b1f6471-1bf0-4dda-aec3-111122223333" };
/** A region name of each cloud (each cloud's naming pattern is checked). */
const REGION = { GCP: "us-east1", AWS: "us-east-1", AZURE: "eastus" };

let warnings: string[];
beforeEach(() => {
  warnings = [];
  jest.spyOn(console, "warn").mockImplementation((m: unknown) => void warnings.push(String(m)));
});
afterEach(() => jest.restoreAllMocks());

function failures(over: Record<string, unknown>, base: Record<string, unknown> = BASE): CheckFailure[] {
  return h.check({}, { ...base, ...over }).failures;
}

function ok(over: Record<string, unknown> = {}, base: Record<string, unknown> = BASE): ServiceAccountInputs {
  const r = h.check({}, { ...base, ...over });
  expect(r.failures).toEqual([]);
  return r.inputs as ServiceAccountInputs;
}

/** Exactly one failure, at `property`, whose reason matches `rule`. */
function expectOne(over: Record<string, unknown>, property: string, rule: RegExp, base: Record<string, unknown> = BASE): void {
  const f = failures(over, base);
  expect(f).toHaveLength(1);
  expect(f[0].property).toBe(property);
  expect(f[0].reason).toMatch(rule);
}

describe("check: validation failures name the property and the rule", () => {
  test.each([12, 23, 721, 10_000])("scanInterval %s is out of range", (n) => {
    expectOne({ scanInterval: n }, "scanInterval", /between 24 and 720 hours/);
  });

  test("scanInterval 24.5 is not a whole number of hours", () => {
    expectOne({ scanInterval: 24.5 }, "scanInterval", /whole number of hours/);
  });

  test("scanInterval must be a number", () => {
    expectOne({ scanInterval: "24" }, "scanInterval", /number of hours/);
  });

  test("scanInterval 24 and 720 are the bounds, both allowed", () => {
    expect(ok({ scanInterval: 24 }).scanInterval).toBe(24);
    expect(ok({ scanInterval: 720 }).scanInterval).toBe(720);
  });

  test('vmScanTypes ["sca"]: sca needs os', () => {
    expectOne({ vmScanTypes: ["sca"] }, "vmScanTypes", /sca needs os/);
    expect(ok({ vmScanTypes: ["SCA", "os"] }).vmScanTypes).toEqual(["os", "sca"]);
  });

  test("an unknown scan type lists the allowed ones", () => {
    expectOne({ vmScanTypes: ["os", "secret"] }, "vmScanTypes", /allowed values are os, sca/);
  });

  test("resourceTypes: only vm", () => {
    expectOne({ resourceTypes: ["vm", "container"] }, "resourceTypes", /only allowed value is vm/);
  });

  test("GCP: a key:value tag is refused at its index (labels only support =)", () => {
    expectOne({ mustHaveTags: ["env:prod"] }, "mustHaveTags[0]", /"env:prod".*GCP.*key=value/);
    expectOne({ atLeastOneTag: ["team=a", "team:b"] }, "atLeastOneTag[1]", /"team:b".*GCP/);
  });

  test("the index is the one in the program, not in the lowercased, deduped and sorted list", () => {
    expectOne({ mustHaveTags: ["zone=b", "zone=b", "Env:Prod"] }, "mustHaveTags[2]", /"Env:Prod".*GCP/);
    const f = failures({ cloudType: "azure", accountId: ID.AZURE, regions: ["eastus"], noneOfTheTag: ["z:1", "a=1", "B:2"] });
    expect(f.map((x) => x.property)).toEqual(["noneOfTheTag[0]", "noneOfTheTag[2]"]);
  });

  test("AWS: key:value and key=value are both accepted", () => {
    expect(
      ok({ cloudType: "AWS", accountId: ID.AWS, regions: ["us-east-1"], mustHaveTags: ["env:prod", "team=infra"] }).mustHaveTags,
    ).toEqual(["env:prod", "team=infra"]);
  });

  test("Azure: key:value is refused", () => {
    expectOne(
      { cloudType: "AZURE", accountId: ID.AZURE, regions: ["eastus"], noneOfTheTag: ["env:prod"] },
      "noneOfTheTag[0]",
      /"env:prod" must be key=value/,
    );
  });

  test("a tag without a key or separator is refused", () => {
    expectOne({ mustHaveTags: ["=prod"] }, "mustHaveTags[0]", /key=value/);
    expectOne(
      { cloudType: "AWS", accountId: ID.AWS, regions: ["us-east-1"], mustHaveTags: ["justakey"] },
      "mustHaveTags[0]",
      /key=value or key:value/,
    );
  });

  test("regions: missing, empty, or with an empty name", () => {
    const { regions: _r, ...noRegions } = BASE;
    expectOne({}, "regions", /list of region names/, noRegions);
    expectOne({ regions: [] }, "regions", /at least one region/);
    expectOne({ regions: ["us-east1", ""] }, "regions[1]", /must not be empty/);
    expectOne({ regions: ["us-east1", "   "] }, "regions[1]", /must not be empty/);
    expectOne({ regions: "us-east1" }, "regions", /list of region names/);
  });

  test('cloudType "oci" lists the clouds', () => {
    expectOne({ cloudType: "oci" }, "cloudType", /GCP, AWS, AZURE/);
  });

  test("accountId is required and non-empty", () => {
    expectOne({ accountId: "" }, "accountId", /must not be empty/);
    expectOne({ accountId: undefined }, "accountId", /accountId/);
  });

  test("adopt must be a boolean", () => {
    expectOne({ adopt: "yes" }, "adopt", /true or false/);
  });

  test("an unknown property is rejected (strict), naming it", () => {
    const f = failures({ scanIntervall: 48 });
    expect(f).toHaveLength(1);
    expect(`${f[0].property} ${f[0].reason}`).toContain("scanIntervall");
  });

  test("all three invalid at once: three failures in one check", () => {
    const f = failures({ scanInterval: 12, vmScanTypes: ["sca"], mustHaveTags: ["env:prod"] });
    expect(f.map((x) => x.property)).toEqual(["scanInterval", "vmScanTypes", "mustHaveTags[0]"]);
  });

  test("invalid input is returned as given and nothing is warned", () => {
    const news = { ...BASE, regions: ["US-East1"], scanInterval: 12 };
    const r = h.check({}, news);
    expect(r.inputs).toBe(news);
    expect(warnings).toEqual([]);
  });
});

describe("check: normalisation", () => {
  test("defaults: scanInterval 24, resourceTypes [vm], vmScanTypes [os], tag lists [], adopt false", () => {
    expect(ok()).toEqual({
      accountId: "my-gcp-project-123",
      cloudType: "GCP",
      regions: ["us-east1"],
      scanInterval: 24,
      resourceTypes: ["vm"],
      vmScanTypes: ["os"],
      mustHaveTags: [],
      atLeastOneTag: [],
      noneOfTheTag: [],
      adopt: false,
    });
  });

  test.each(["gcp", "Gcp", "GCP", " gcp "])("cloudType %j → GCP", (c) => {
    expect(ok({ cloudType: c }).cloudType).toBe("GCP");
  });

  test("azure and aws in any case", () => {
    expect(ok({ cloudType: "aZuRe", accountId: ID.AZURE, regions: ["eastus"] }).cloudType).toBe("AZURE");
    expect(ok({ cloudType: "aws", accountId: ID.AWS, regions: ["us-east-1"] }).cloudType).toBe("AWS");
  });

  test("regions are lowercased, deduped and sorted", () => {
    expect(ok({ regions: ["us-west1", "US-East1", "us-east1", "asia-east1"] }).regions).toEqual(["asia-east1", "us-east1", "us-west1"]);
  });

  test("string lists are lowercased, deduped and sorted like Qualys stores them", () => {
    const v = ok({ mustHaveTags: ["Team=Platform", "env=prod", "team=platform"], vmScanTypes: ["OS"], resourceTypes: ["VM"] });
    expect(v.mustHaveTags).toEqual(["env=prod", "team=platform"]);
    expect(v.vmScanTypes).toEqual(["os"]);
    expect(v.resourceTypes).toEqual(["vm"]);
  });

  test("a tag that changes case is warned about, naming the value as written and as stored", () => {
    ok({ mustHaveTags: ["Env=Prod", "team=infra"] });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"Env=Prod"');
    expect(warnings[0]).toContain('"env=prod"');
    expect(warnings[0]).toContain("mustHaveTags");
    expect(warnings[0]).not.toContain('"team=infra"');
  });

  test("regions that change case are warned about too", () => {
    ok({ regions: ["US-EAST1"] });
    expect(warnings.join("\n")).toContain('"US-EAST1"');
  });

  test("nothing changes case: no warning", () => {
    ok({ mustHaveTags: ["env=prod"], regions: ["us-east1", "us-west1"], cloudType: "gcp" });
    expect(warnings).toEqual([]);
  });

  test("check does not change the object it was given", () => {
    const news = { ...BASE, regions: ["us-west1", "US-East1"], mustHaveTags: ["B=1", "a=1"] };
    const copy = JSON.parse(JSON.stringify(news)) as unknown;
    ok({}, news);
    expect(news).toEqual(copy);
  });
});

describe("diff", () => {
  function state(over: Record<string, unknown> = {}): ServiceAccountOutputs {
    return {
      ...ok(over),
      state: "REGISTERED",
      connectorUuid: "c-uuid",
      portalUuid: "p-uuid",
      registeredAt: "2026-05-28T11:30:00",
      cloudInfo: { "us-east1": { vpcId: "v", subnetId: "s" } },
      addedRegions: ["us-east1"],
      removedRegions: [],
      cleanupReminders: [],
    };
  }
  const TWO = { regions: ["us-east1", "us-west1"] };

  test("same inputs: no change (observed outputs are not inputs)", () => {
    expect(h.diff("my-gcp-project-123", state(TWO), ok(TWO))).toMatchObject({ changes: false, replaces: [] });
  });

  test("regions reordered (or differently cased): no change", () => {
    expect(h.diff("my-gcp-project-123", state(TWO), ok({ regions: ["US-WEST1", "us-east1"] })).changes).toBe(false);
  });

  test("a region added: an update, not a replacement", () => {
    const d = h.diff("my-gcp-project-123", state(TWO), ok({ regions: ["us-east1", "us-west1", "europe-west1"] }));
    expect(d).toMatchObject({ changes: true, changed: ["regions"], replaces: [], deleteBeforeReplace: false });
  });

  test("scanInterval or tags changed: an update", () => {
    expect(h.diff("x", state(), ok({ scanInterval: 48 }))).toMatchObject({ changes: true, changed: ["scanInterval"], replaces: [] });
    expect(h.diff("x", state(), ok({ mustHaveTags: ["env=prod"] }))).toMatchObject({
      changes: true,
      changed: ["mustHaveTags"],
      replaces: [],
    });
  });

  test("accountId changed: replace, the new account created before the old one goes", () => {
    const d = h.diff("my-gcp-project-123", state(), ok({ accountId: "other-project" }));
    expect(d).toMatchObject({ changes: true, replaces: ["accountId"], deleteBeforeReplace: false });
  });

  test("cloudType changed with the same accountId: replace, deleting first (Qualys keys accounts by id)", () => {
    // No id is valid in two clouds, so check cannot produce this; diff must still get it right.
    const d = h.diff("my-gcp-project-123", state(), { ...ok(), cloudType: "AWS" });
    expect(d).toMatchObject({ changes: true, replaces: ["cloudType"], stables: ["accountId"], deleteBeforeReplace: true });
  });

  test("accountId and cloudType both changed: replace, no delete first", () => {
    const d = h.diff("my-gcp-project-123", state(), ok({ accountId: ID.AWS, regions: ["us-east-1"], cloudType: "AWS" }));
    expect(d.replaces.sort()).toEqual(["accountId", "cloudType"]);
    expect(d.deleteBeforeReplace).toBe(false);
  });

  test("adopt toggled: no change", () => {
    expect(h.diff("x", state(), ok({ adopt: true })).changes).toBe(false);
    expect(h.diff("x", state({ adopt: true }), ok({ adopt: false })).changes).toBe(false);
  });
});

describe("tag keys containing ':'", () => {
  test("AWS and Azure keys may contain ':' when '=' separates (aws:cloudformation:stack-name=web)", () => {
    for (const cloudType of ["AWS", "AZURE"]) {
      const r = h.check(
        {},
        {
          accountId: ID[cloudType as "AWS"],
          cloudType,
          regions: [REGION[cloudType as "AWS"]],
          mustHaveTags: ["aws:cloudformation:stack-name=web"],
        },
      );
      expect(r.failures).toEqual([]);
    }
  });
  test("GCP label keys cannot contain ':' even with '=' (a:b=c)", () => {
    const r = h.check({}, { accountId: ID.GCP, cloudType: "GCP", regions: [REGION.GCP], mustHaveTags: ["ok=1", "a:b=c"] });
    expect(r.failures).toEqual([{ property: "mustHaveTags[1]", reason: expect.stringContaining("GCP labels only support key=value") }]);
  });
});
