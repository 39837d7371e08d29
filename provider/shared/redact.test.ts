/** redact: registered secrets and credential-shaped text are scrubbed from every message. */
import { forgetSecretsForTests, redact, registerSecret, spellingsOf, withoutSecretTail } from "./redact";

beforeEach(() => forgetSecretsForTests());

test("a registered secret is replaced everywhere it occurs", () => {
  registerSecret("hunter2-password");
  expect(redact("login hunter2-password failed; again: hunter2-password.")).toBe("login [REDACTED] failed; again: [REDACTED].");
});

test("several secrets, including ones with regex characters", () => {
  registerSecret("a.b*c+d?");
  registerSecret("tok(en)[1]");
  expect(redact("x a.b*c+d? y tok(en)[1] z")).toBe("x [REDACTED] y [REDACTED] z");
  // The dot is literal: a similar string is left alone.
  expect(redact("aXb*c+d?")).toBe("aXb*c+d?");
});

test("unregistered text is left alone; forgetting secrets stops scrubbing them", () => {
  expect(redact("hunter2-password")).toBe("hunter2-password");
  registerSecret("hunter2-password");
  expect(redact("hunter2-password")).toBe("[REDACTED]");
  forgetSecretsForTests();
  expect(redact("hunter2-password")).toBe("hunter2-password");
});

test("very short values and empty inputs are not registered (they would scrub innocent text)", () => {
  registerSecret("abc");
  registerSecret("");
  registerSecret(undefined);
  registerSecret(null);
  expect(redact("abc def")).toBe("abc def");
  registerSecret("abcd");
  expect(redact("abcd def")).toBe("[REDACTED] def");
});

test("Bearer and Basic credentials are scrubbed even when never registered", () => {
  expect(redact("Authorization: Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.sig")).toBe("Authorization: Bearer [REDACTED]");
  expect(redact("authorization=Basic YWxpY2U6cGFzc3dvcmQ= sent")).toBe("authorization=Basic [REDACTED] sent");
  // Not credential-shaped: a short word after "Bearer" is prose.
  expect(redact("Bearer token missing")).toBe("Bearer token missing");
});

// An example table, alike in shape to other example tables on purpose: one expectation a case.
test("password= in forms and query strings is scrubbed, any case, up to whitespace, a quote or <>", () => {
  // Everything after password= goes, the following parameters too: an unencoded echo cannot tell the
  // password's own & from a separator.
  expect(redact("username=alice&password=s3cr3t!&token=true")).toBe("username=alice&password=[REDACTED]");
  expect(redact("PASSWORD=Top$ecret next")).toBe("PASSWORD=[REDACTED] next");
  expect(redact("?password=x1&password=x2")).toBe("?password=[REDACTED]");
  // The case: an unregistered password with & and + echoed unencoded.
  expect(redact("bad request: password=NsxR0tated&S3cret+88 rejected")).toBe("bad request: password=[REDACTED] rejected");
  expect(redact('{"password": "a\\"b&c"} and {"Password":"x"}')).toBe('{"password": "[REDACTED]"} and {"Password":"[REDACTED]"}');
  expect(redact("<PASSWORD>p&amp;w d</PASSWORD><TITLE>t</TITLE>")).toBe("<PASSWORD>[REDACTED]</PASSWORD><TITLE>t</TITLE>");
  expect(redact("token=true&secretKvName=adnsx")).toBe("token=true&secretKvName=adnsx");
});

/** The brief's hostile secret: &, +, =, % and a space. */
const HOSTILE = "P&ss+w=rd% 1x";

test("a registered secret is scrubbed raw, percent-encoded (either hex case), form-encoded and XML-escaped", () => {
  registerSecret(HOSTILE);
  const forms = [
    HOSTILE,
    encodeURIComponent(HOSTILE), // P%26ss%2Bw%3Drd%25%201x
    encodeURIComponent(HOSTILE).toLowerCase().replace(/^p/, "P"), // lower-case hex
    new URLSearchParams({ p: HOSTILE }).toString().slice(2), // P%26ss%2Bw%3Drd%25+1x
    "P&amp;ss+w=rd% 1x",
  ];
  expect(forms[1]).toBe("P%26ss%2Bw%3Drd%25%201x");
  expect(forms[3]).toBe("P%26ss%2Bw%3Drd%25+1x");
  for (const f of forms) {
    const out = redact(`before ${f} after`);
    expect(out).toBe("before [REDACTED] after");
    for (const fragment of ["ss+w", "rd%", "1x", "ss%2B", "%25"]) expect(out).not.toContain(fragment);
  }
  // A registered secret is cut out exactly, so the parameters after it survive.
  expect(redact(`user=u&password=${forms[3]}&x=1`)).toBe("user=u&password=[REDACTED]&x=1");
});

test("spellingsOf lists each distinct encoding once", () => {
  expect(spellingsOf("plainpass")).toEqual(["plainpass"]);
  expect(new Set(spellingsOf(HOSTILE)).size).toBe(spellingsOf(HOSTILE).length);
});

test("a registered secret inside a credential shape is scrubbed once, cleanly", () => {
  registerSecret("eyJhbGciOiJub25lIn0.payload.sig");
  expect(redact("Bearer eyJhbGciOiJub25lIn0.payload.sig")).toBe("Bearer [REDACTED]");
});

test("plain words after Basic/Bearer are not mistaken for credentials", () => {
  expect(redact("this call needs Basic authentication: set qualys:username")).toBe(
    "this call needs Basic authentication: set qualys:username",
  );
  expect(redact("Authorization: Basic YWNtZV91c2VyOmFjbWUtcGFzc3dvcmQ=")).toBe("Authorization: Basic [REDACTED]");
  expect(redact("Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.sig")).toBe("Bearer [REDACTED]");
});

describe("a secret is found in any mix of escapes (the text is read, not matched against a list)", () => {
  /** The NSX password: a quote, a backslash, a character reference, a non-ASCII letter, an apostrophe. */
  const NSX = `Kx9Wq7"Lm4Rt5\\Zp2Nc8&#38;ü'Yt`;

  test.each([
    ["JSON-escaped", `value "Kx9Wq7\\"Lm4Rt5\\\\Zp2Nc8&#38;ü'Yt" refused`],
    ["JSON-escaped, ASCII only", `value "Kx9Wq7\\"Lm4Rt5\\\\Zp2Nc8\\u0026#38;\\u00FC\\u0027Yt" refused`],
    ["HTML-escaped, named", "value Kx9Wq7&quot;Lm4Rt5\\Zp2Nc8&amp;#38;&uuml;&apos;Yt refused"],
    ["HTML-escaped, decimal and hex mixed", "value Kx9Wq7&#34;Lm4Rt5&#x5c;Zp2Nc8&#X26;#38;&#252;&#39;Yt refused"],
    ["only the quote escaped (the reference left as it was)", "value Kx9Wq7&quot;Lm4Rt5\\Zp2Nc8&#38;ü'Yt refused"],
    ["percent-encoded, UTF-8, lower-case hex", "value=Kx9Wq7%22Lm4Rt5%5cZp2Nc8%26%2338%3b%c3%bc%27Yt&next=1"],
    ["percent-encoded, single-byte (Latin-1) ü", "value=Kx9Wq7%22Lm4Rt5%5CZp2Nc8%26%2338%3B%FC%27Yt"],
    ["some characters percent-encoded, the rest raw", `value=Kx9Wq7"Lm4Rt5%5CZp2Nc8&%2338;ü'Yt`],
  ])("%s", (_name, text) => {
    registerSecret(NSX);
    const out = redact(text);
    expect(out).toContain("[REDACTED]");
    for (const fragment of ["Kx9W", "Lm4R", "Zp2N", "Nc8", "Yt "]) expect(out).not.toContain(fragment);
  });

  test("whitespace inside a secret: collapsed, or turned into other whitespace, however escaped", () => {
    registerSecret("Tab\tand  two spaces\nnewline");
    for (const text of [
      "x Tab and two spaces newline y",
      "x Tab\nand\ttwo\r\nspaces newline y",
      '{"m":"x Tab\\tand  two spaces\\nnewline y"}',
      "x Tab&#9;and&nbsp;two&#x20;spaces&#10;newline y",
      "x=Tab%09and++two+spaces%0Anewline&y",
    ]) {
      expect(redact(text)).toMatch(/^\{?"?(m":")?x[ =]?\[REDACTED\][ &]?y/);
    }
  });

  test("leading and trailing whitespace of a secret go with it, or may be missing (a trimmed quote)", () => {
    registerSecret("  edge-Secret-9 ");
    expect(redact("[x   edge-Secret-9   ]")).toBe("[x [REDACTED] ]");
    expect(redact('"\\u0020\\u0020edge-Secret-9\\u0020"')).toBe('"[REDACTED]"');
    expect(redact("edge-Secret-9")).toBe("[REDACTED]");
  });

  test("a decomposed ü (u + combining diaeresis) and an emoji as a surrogate pair of escapes", () => {
    registerSecret("Grüße-😀-Pass");
    expect(redact("x Gru\u0308ße-😀-Pass y")).toBe("x [REDACTED] y");
    expect(redact('{"m":"Gr\\u00fc\\u00dfe-\\ud83d\\ude00-Pass"}')).toBe('{"m":"[REDACTED]"}');
    expect(redact("Gr&uuml;&szlig;e-&#128512;-Pass")).toBe("[REDACTED]");
    expect(redact("Gr%C3%BC%C3%9Fe-%F0%9F%98%80-Pass")).toBe("[REDACTED]");
  });

  test("innocent text stays: a near miss, a broken escape, a long whitespace run do not match", () => {
    registerSecret("Kx9Wq7 Lm4");
    expect(redact("Kx9Wq8 Lm4 and Kx9Wq7-Lm4 and Kx9Wq7\\q Lm4")).toBe("Kx9Wq8 Lm4 and Kx9Wq7-Lm4 and Kx9Wq7\\q Lm4");
    // A run far longer than any a server leaves is not followed, and costs no stack.
    const long = `Kx9Wq7${" ".repeat(200_000)}Lm4`;
    expect(redact(long)).toBe(long);
  });
});

describe("withoutSecretTail: a cut quote never ends in the start of a secret", () => {
  beforeEach(() => registerSecret(`Kx9Wq7"Lm4&ü`));

  test.each([
    ["raw", 'value "Kx9Wq7"L', 'value "'],
    ["JSON-escaped, cut after an escape", 'value "Kx9Wq7\\"', 'value "'],
    ["JSON-escaped, cut inside an escape", 'value "Kx9Wq7\\"Lm4\\u00', 'value "'],
    ["percent-encoded, cut inside an escape", "password=Kx9Wq7%22Lm4%2", "password="],
    ["percent-encoded, cut inside a UTF-8 sequence", "password=Kx9Wq7%22Lm4%26%C3", "password="],
    ["entity, cut inside the name", "value Kx9Wq7&quot;Lm4&am", "value "],
    ["one character", "value K", "value "],
  ])("%s", (_name, text, kept) => {
    expect(withoutSecretTail(text)).toBe(kept);
  });

  test("a tail that is not the start of a secret is kept", () => {
    expect(withoutSecretTail("value Kq")).toBe("value Kq");
    expect(withoutSecretTail("100%")).toBe("100%");
  });
});

test("an escape escaped once more: double percent-encoding, double character references", () => {
  registerSecret(`Kx9"Lm&ü 4`);
  expect(redact("p=Kx9%2522Lm%2526%25C3%25BC%2B4&x")).toBe("p=[REDACTED]&x");
  expect(redact("v Kx9&amp;quot;Lm&amp;amp;&amp;uuml;&amp;#32;4 w")).toBe("v [REDACTED] w");
});
