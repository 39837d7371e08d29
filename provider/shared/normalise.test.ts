/** Normalisation rules: sets, structural equality, Qualys's lowercasing. */
import { canonicalSet, deepEqual, lowercaseList, setEqual, setwiseEqual } from "./normalise";

describe("canonicalSet", () => {
  test("dedupes and sorts, without touching the input", () => {
    const input = ["us-west1", "us-east1", "us-west1", "asia-east1"];
    expect(canonicalSet(input)).toEqual(["asia-east1", "us-east1", "us-west1"]);
    expect(input).toEqual(["us-west1", "us-east1", "us-west1", "asia-east1"]);
    expect(canonicalSet([])).toEqual([]);
  });
  test("is case-sensitive (lowercasing is a separate, reported step)", () => {
    expect(canonicalSet(["A", "a"])).toEqual(["A", "a"]);
  });
});

describe("setEqual", () => {
  test("order and duplicates do not matter", () => {
    expect(setEqual(["b", "a"], ["a", "b"])).toBe(true);
    expect(setEqual(["a", "a", "b"], ["b", "a"])).toBe(true);
  });
  test("different members, subsets and supersets differ", () => {
    expect(setEqual(["a", "b"], ["a", "c"])).toBe(false);
    expect(setEqual(["a"], ["a", "b"])).toBe(false);
    expect(setEqual(["a", "b"], ["a"])).toBe(false);
    expect(setEqual(["a"], ["A"])).toBe(false);
  });
  test("absent and empty are the same set", () => {
    expect(setEqual(undefined, [])).toBe(true);
    expect(setEqual(null, undefined)).toBe(true);
    expect(setEqual(undefined, ["a"])).toBe(false);
  });
});

describe("deepEqual", () => {
  test("primitives", () => {
    expect(deepEqual(1, 1)).toBe(true);
    expect(deepEqual("1", 1)).toBe(false);
    expect(deepEqual(null, undefined)).toBe(false);
    expect(deepEqual(null, null)).toBe(true);
  });
  test("arrays: order matters (ordered lists)", () => {
    expect(deepEqual(["a", "b"], ["a", "b"])).toBe(true);
    expect(deepEqual(["a", "b"], ["b", "a"])).toBe(false);
    expect(deepEqual(["a"], ["a", "a"])).toBe(false);
    expect(deepEqual([], {})).toBe(false);
  });
  test("objects: key order ignored, undefined values same as absent, nested compared", () => {
    expect(deepEqual({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual({ a: 1, b: null }, { a: 1 })).toBe(false);
    expect(deepEqual({ a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 3] } })).toBe(false);
    expect(deepEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(deepEqual({ a: 1, b: 2 }, { a: 1, c: 2 })).toBe(false);
  });
});

describe("lowercaseList", () => {
  test("lowercases every value and reports the ones that changed, as written", () => {
    expect(lowercaseList(["Env=Prod", "team=infra", "OWNER:Platform"])).toEqual({
      values: ["env=prod", "team=infra", "owner:platform"],
      changed: ["Env=Prod", "OWNER:Platform"],
    });
  });
  test("keeps order and duplicates (set handling is the caller's choice)", () => {
    expect(lowercaseList(["b", "A", "a"]).values).toEqual(["b", "a", "a"]);
  });
  test("nothing changed, nothing reported", () => {
    expect(lowercaseList(["us-east1", "vm"])).toEqual({ values: ["us-east1", "vm"], changed: [] });
    expect(lowercaseList([])).toEqual({ values: [], changed: [] });
  });
});

describe("setwiseEqual", () => {
  test("every list at any depth is a set; undefined properties are absent", () => {
    expect(setwiseEqual({ a: [1, 2], b: { c: ["x", "y"] } }, { b: { c: ["y", "x", "y"] }, a: [2, 1], d: undefined })).toBe(true);
    expect(setwiseEqual({ a: [[1, 2]] }, { a: [[2, 1]] })).toBe(true);
    expect(setwiseEqual({ a: [1, 2] }, { a: [1, 3] })).toBe(false);
    expect(setwiseEqual({ a: [] }, {})).toBe(false);
    expect(setwiseEqual("1", 1)).toBe(false);
  });
});
