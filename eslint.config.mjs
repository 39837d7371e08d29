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
  prettier,
);
