/** redact: registered secrets and credential-shaped text are scrubbed from every message. */
import { forgetSecretsForTests, redact, registerSecret } from "./redact";

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

test("password= in forms and query strings is scrubbed, any case, up to & or whitespace", () => {
  expect(redact("username=alice&password=s3cr3t!&token=true")).toBe("username=alice&password=[REDACTED]&token=true");
  expect(redact("PASSWORD=Top$ecret next")).toBe("PASSWORD=[REDACTED] next");
  expect(redact("?password=x1&password=x2")).toBe("?password=[REDACTED]&password=[REDACTED]");
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
