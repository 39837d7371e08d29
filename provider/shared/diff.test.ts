/** diffInputs: what changed, what forces a replacement, and whether the old object goes first. */
import { diffInputs, type DiffSpec } from "./diff";

const spec: DiffSpec = { replaceOn: ["accountId", "cloudType"], sets: ["regions", "tags"], ignore: ["adopt"] };
const base = {
  accountId: "p1",
  cloudType: "GCP",
  regions: ["us-east1", "us-west1"],
  tags: ["a=1"],
  hosts: ["h1", "h2"],
  scanInterval: 24,
  adopt: false,
};

test("identical inputs: no change, every replaceOn property stable", () => {
  expect(diffInputs(base, { ...base }, spec)).toEqual({
    changes: false,
    replaces: [],
    stables: ["accountId", "cloudType"],
    changed: [],
    deleteBeforeReplace: false,
  });
});

test("set properties ignore order and duplicates", () => {
  const d = diffInputs(base, { ...base, regions: ["us-west1", "us-east1", "us-east1"], tags: ["a=1"] }, spec);
  expect(d.changes).toBe(false);
});

test("a set property with a different member changes (update, not replace)", () => {
  const d = diffInputs(base, { ...base, regions: ["us-east1", "us-west1", "europe-west1"] }, spec);
  expect(d).toMatchObject({ changes: true, changed: ["regions"], replaces: [], deleteBeforeReplace: false });
});

test("an ordered list (not in sets) changes when reordered", () => {
  const d = diffInputs(base, { ...base, hosts: ["h2", "h1"] }, spec);
  expect(d).toMatchObject({ changes: true, changed: ["hosts"], replaces: [] });
});

test("a set property appearing or disappearing is a change", () => {
  const { tags: _t, ...withoutTags } = base;
  expect(diffInputs(base, withoutTags, spec)).toMatchObject({ changes: true, changed: ["tags"] });
  expect(diffInputs(withoutTags, base, spec)).toMatchObject({ changes: true, changed: ["tags"] });
});

test("replaceOn properties force a replacement; the others stay stable", () => {
  const d = diffInputs(base, { ...base, accountId: "p2", scanInterval: 48 }, spec);
  expect(d.changed).toEqual(["accountId", "scanInterval"]);
  expect(d.replaces).toEqual(["accountId"]);
  expect(d.stables).toEqual(["cloudType"]);
  expect(d.deleteBeforeReplace).toBe(false);
});

test("ignored properties never cause a diff", () => {
  expect(diffInputs(base, { ...base, adopt: true }, spec).changes).toBe(false);
  expect(diffInputs(base, { ...base, adopt: true }, { ...spec, ignore: [] }).changed).toEqual(["adopt"]);
});

test("__provider is never compared", () => {
  expect(diffInputs({ ...base, __provider: "a" }, { ...base, __provider: "b" }, spec).changes).toBe(false);
});

test("deleteBeforeReplace: the callback decides, given every changed property, only when replacing", () => {
  const seen: string[][] = [];
  const dbr = (changed: string[]) => {
    seen.push([...changed]);
    return !changed.includes("accountId");
  };
  expect(diffInputs(base, { ...base, cloudType: "AWS", scanInterval: 48 }, spec, { deleteBeforeReplace: dbr }).deleteBeforeReplace).toBe(
    true,
  );
  expect(seen.at(-1)!.sort()).toEqual(["cloudType", "scanInterval"]);
  expect(diffInputs(base, { ...base, cloudType: "AWS", accountId: "p2" }, spec, { deleteBeforeReplace: dbr }).deleteBeforeReplace).toBe(
    false,
  );
  // An update (no replacement) never deletes first, whatever the callback would say.
  const always = jest.fn(() => true);
  expect(diffInputs(base, { ...base, scanInterval: 48 }, spec, { deleteBeforeReplace: always }).deleteBeforeReplace).toBe(false);
  // Without a callback a replacement creates the new object first.
  expect(diffInputs(base, { ...base, cloudType: "AWS" }, spec).deleteBeforeReplace).toBe(false);
});

test("changed is sorted", () => {
  expect(diffInputs(base, { ...base, scanInterval: 1, accountId: "x", hosts: [] }, spec).changed).toEqual([
    "accountId",
    "hosts",
    "scanInterval",
  ]);
});

describe("value-dependent policies (allListsAreSets, replacement)", () => {
  const job = { title: "t", tags: { include: ["b", "a"], selector: "any" }, schedule: { type: "weekly", weekdays: ["Mon", "Tue"] } };
  const policy = {
    replaceOn: [],
    sets: [],
    allListsAreSets: true,
    replacement: (olds: Record<string, unknown>, news: Record<string, unknown>, changed: string[]) =>
      (olds.schedule as { type: string }).type !== (news.schedule as { type: string }).type
        ? { replaces: changed, reasons: ["kind changed"] }
        : { replaces: [], reasons: [] },
  };

  test("nested lists compare as sets: reordering is no change", () => {
    const reordered = {
      ...job,
      tags: { include: ["a", "b", "a"], selector: "any" },
      schedule: { type: "weekly", weekdays: ["Tue", "Mon"] },
    };
    expect(diffInputs(job, reordered, policy)).toMatchObject({ changes: false, changed: [] });
    expect(diffInputs(job, { ...job, tags: { include: ["a"], selector: "any" } }, policy).changed).toEqual(["tags"]);
  });

  test("the policy's replaces and reasons reach the decision; nothing changed asks the policy nothing", () => {
    const daily = { ...job, title: "u", schedule: { type: "daily" } };
    expect(diffInputs(job, daily, policy)).toMatchObject({ replaces: ["schedule", "title"], reasons: ["kind changed"] });
    expect(diffInputs(job, { ...job, title: "u" }, policy)).toMatchObject({ replaces: [], changes: true });
    expect(diffInputs(job, { ...job, title: "u" }, policy)).not.toHaveProperty("reasons");
    const spy = jest.fn(() => ({ replaces: ["x"], reasons: ["never"] }));
    expect(diffInputs(job, { ...job }, { ...policy, replacement: spy }).replaces).toEqual([]);
    expect(spy).not.toHaveBeenCalled();
  });
});
