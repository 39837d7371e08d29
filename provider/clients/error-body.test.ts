import { qualysCodeOfJson, snippet } from "./error-body";

describe("qualysCodeOfJson: the one reading of a JSON error body's code", () => {
  test.each([
    [{ errors: [{ code: "1965" }] }, "1965"],
    [{ errors: [{ message: "no code" }, { code: 1960 }] }, "1960"],
    [{ errors: [], errorCode: "CV-1001", code: 7 }, "CV-1001"],
    [{ code: 409 }, "409"],
    [{ errors: [{ code: { nested: true } }] }, undefined],
    [{}, undefined],
  ])("%j → %s", (body, code) => {
    expect(qualysCodeOfJson(body)).toBe(code);
  });
});

test("snippet: one line, at most 300 characters and an ellipsis", () => {
  expect(snippet("  a\n\n  b\t c ")).toBe("a b c");
  const long = snippet("x".repeat(400));
  expect(long).toHaveLength(301);
  expect(long.endsWith("…")).toBe(true);
});
