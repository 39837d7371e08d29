/** The emulator's default policy is the note's sample (001, "policy list v2 with tag info"). */
import { defaultPolicies } from "./policy";

test("AssetTagPolicy-1 carries the note's tag scope exactly", () => {
  const p = defaultPolicies().find((x) => x.title === "AssetTagPolicy-1");
  expect(p).toMatchObject({
    id: 6367495,
    tagsetId: "7d5fccf2-dee3-4783-80ac-a2cd5ee493ed",
    tagInfo: {
      includeTags: [
        { id: 152244404, name: "pyscand_1.1.1.1_ag" },
        { id: 152245230, name: "OCA" },
        { id: 154079256, name: "CaponeAG" },
      ],
      excludeTags: [
        { id: 153227435, name: "StaleDataAssestGroupWindows12andCentos7" },
        { id: 156570542, name: "dtest" },
      ],
      includeTagsScope: "ANY",
      excludeTagsScope: "ALL",
    },
  });
});
