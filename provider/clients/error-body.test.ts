import { cutQuote, qualysCodeOfJson, snippet } from "./error-body";
import { forgetSecretsForTests, registerSecret } from "../shared/redact";

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

describe("a body is redacted before it is quoted", () => {
  const SECRET = 'Tab\tQuote"Amp&Ü-Secret';
  beforeAll(() => registerSecret(SECRET));
  afterAll(() => forgetSecretsForTests());

  test("whitespace inside the secret is collapsed only after the secret is cut out", () => {
    expect(snippet(`refused:\n  ${SECRET}\n`)).toBe("refused: [REDACTED]");
  });

  test("a secret across the 300-character cut leaves no fragment, in any spelling", () => {
    for (const spelled of [
      SECRET,
      JSON.stringify(SECRET).slice(1, -1),
      "Tab&#9;Quote&quot;Amp&amp;&Uuml;-Secret",
      encodeURIComponent(SECRET),
    ]) {
      for (let at = 280; at <= 300; at += 2) {
        const quote = snippet(`${"x".repeat(at)} ${spelled} and more text after it`);
        for (const fragment of ["Tab", "Quot", "Amp", "Secret", "\\t", "%09"]) expect(quote).not.toContain(fragment);
        expect(quote.endsWith("…")).toBe(true);
      }
    }
  });

  test("cutQuote never ends in the start of a secret the body itself cut (a server cutting its own echo)", () => {
    expect(cutQuote(`${"x".repeat(10)} Tab\tQuote\\"Am and then some`, 22)).toBe(`${"x".repeat(10)}…`);
    expect(cutQuote("short", 22)).toBe("short");
  });
});
