// ESLint (flat config) with typescript-eslint's type-aware rules. Formatting is Prettier's job, so
// eslint-config-prettier switches off every stylistic rule that would fight it.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "coverage/**",
      "reports/**",
      "node_modules/**",
      "**/node_modules/**",
      "sdk/python/**",
      "sdk/go/**",
      "bench/stack/**",
      "bench/fleet/**",
      "examples/**",
      "tests/e2e/programs/**",
      "**/*.mjs",
      "**/*.js",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A promise nobody awaits is an error nobody sees: in a provider that is a lost API failure.
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // `export = dynamicProvider(...)` modules and a few Pulumi APIs need require().
      "@typescript-eslint/no-require-imports": "off",
      // Provider and handler methods implement promise-returning interfaces; an async body without
      // an await is the simplest correct way to do that.
      "@typescript-eslint/require-await": "off",
    },
  },
  {
    // Tests and the emulator handle parsed JSON/XML of unknown shape on purpose; the unsafe-any
    // rules are enforced where they protect users: the provider and the SDK.
    files: ["tests/**", "emulator/**", "bench/**", "scripts/**", "**/*.test.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/unbound-method": "off",
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-base-to-string": "off",
    },
  },
  {
    // Tests wait on what happened (emulator events, jest fake timers, an injected clock or sleep),
    // never on a timer racing the code under test, and talk HTTP through the shared helpers (one
    // place that knows the emulator's auth, encodings and control routes). Only tests/helpers/ may
    // use the raw primitives. `jest.setTimeout` (a test's time budget) is a member call: not matched.
    files: ["**/*.test.ts", "tests/**/*.ts"],
    ignores: ["tests/helpers/**"],
    rules: {
      "no-restricted-globals": [
        "error",
        ...["setTimeout", "setInterval", "setImmediate"].map((name) => ({
          name,
          message:
            "Tests wait on events: emulator events (emu.held/settled/waitFor), a Gate (tests/helpers/timing.ts), jest fake timers or an injected clock/sleep; a deliberate server-side delay goes through a named helper in tests/helpers/timing.ts.",
        })),
        {
          name: "fetch",
          message:
            "Raw HTTP in tests goes through tests/helpers/emulator-client.ts (jsonRequest, formRequest, controlRequest, adminRequest, emulatorRequest, callCounts).",
        },
      ],
      "no-restricted-properties": [
        "error",
        ...["setTimeout", "setInterval", "setImmediate", "fetch"].map((property) => ({
          object: "globalThis",
          property,
          message: "Use the shared helpers in tests/helpers/ (events, fake timers, emulator-client).",
        })),
      ],
      "no-restricted-imports": [
        "error",
        {
          paths: ["timers", "node:timers", "timers/promises", "node:timers/promises"].map((name) => ({
            name,
            message: "Tests wait on events or fake timers, not on real timers.",
          })),
        },
      ],
    },
  },
  prettier,
);
