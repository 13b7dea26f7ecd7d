import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/**", ".next/**", ".data/**", "graphql/generated/**", "test-artifacts/**", "next-env.d.ts", "**/*.js", "**/*.cjs"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-expressions": ["error", { allowShortCircuit: true, allowTernary: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", destructuredArrayIgnorePattern: "^_" }],
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["**/app/**", "**/graphql/**"], message: "lib/ must not import from app/ or graphql/" }] },
      ],
    },
  },
  // Only lib/ is restricted from reaching into the API layers.
  { files: ["app/**", "graphql/**", "tests/**", "server.ts", "examples/**", "bench/**", "scripts/**", "*.ts"], rules: { "no-restricted-imports": "off" } },
);
