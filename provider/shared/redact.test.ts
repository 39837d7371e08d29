/** redact: registered secrets and credential-shaped text are scrubbed from every message. */
import { forgetSecretsForTests, redact, registerSecret, spellingsOf } from "./redact";

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
