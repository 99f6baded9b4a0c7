import tseslint from "typescript-eslint";

// Typecheck is `tsc`; this adds the rules a compiler does not check (unused code, floating promises' cousins,
// explicit any, non-null misuse). Kept to the recommended sets so it stays fast on a 2-core machine.
export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "data/", "coverage/", "test-artifacts/", ".wrangler/", "migrations/"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true }],
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  {
    // Tests read loosely typed JSON responses and reach into internals on purpose.
    files: ["test/**/*.ts", "test/**/*.tsx", "**/*.test.ts", "**/*.test.tsx", "bench/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off", "@typescript-eslint/no-non-null-assertion": "off" },
  },
);
