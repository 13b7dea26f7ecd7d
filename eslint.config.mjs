import tseslint from "typescript-eslint";

// The import rules of ARCHITECTURE.md that a single import can break; folder cycles need the
// whole graph and are checked by tests/unit/architecture.test.ts.
const NO_ADAPTERS = { group: ["**/app/**", "**/graphql/**"], message: "lib/ and db/ must not import from app/ or graphql/ (adapters)" };
const NO_ACTIONS = { regex: "^\\.{1,2}/(.*/)?actions(/|$)", message: "only the adapters (app/, graphql/, lib/cli) call lib/actions" };
// The browser bundle: components (.tsx under app/) never import server-only modules. The whole
// import graph of every 'use client' file is checked by tests/unit/architecture.test.ts.
const NO_SERVER_ONLY = {
  regex: "^(\\.{1,2}/)+(db|lib/(auth|config|services|actions|cli))(/|$)|^(\\.{1,2}/)+lib/plans/llm-client$|^node:",
  message: "components are bundled for the browser: no database, secrets, sessions, LLM client, services or actions (call the API instead)",
};
const NO_CLI = { regex: "^\\.{1,2}/(.*/)?cli(/|$)", message: "lib/actions must not import lib/cli: the CLI adapts actions, not the other way round" };

export default tseslint.config(
  { ignores: ["node_modules/**", ".next/**", ".data/**", "graphql/generated/**", "test-artifacts/**", "next-env.d.ts", "**/*.js", "**/*.cjs"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-expressions": ["error", { allowShortCircuit: true, allowTernary: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", destructuredArrayIgnorePattern: "^_" }],
      "no-restricted-imports": ["error", { patterns: [NO_ADAPTERS] }],
    },
  },
  { files: ["lib/**"], ignores: ["lib/cli/**", "lib/actions/**"], rules: { "no-restricted-imports": ["error", { patterns: [NO_ADAPTERS, NO_ACTIONS] }] } },
  { files: ["lib/actions/**"], rules: { "no-restricted-imports": ["error", { patterns: [NO_ADAPTERS, NO_CLI] }] } },
  // Only lib/ and db/ are restricted from reaching into the API layers.
  { files: ["app/**", "graphql/**", "tests/**", "server.ts", "examples/**", "bench/**", "scripts/**", "*.ts"], rules: { "no-restricted-imports": "off" } },
  { files: ["app/**/*.tsx"], rules: { "no-restricted-imports": ["error", { patterns: [NO_SERVER_ONLY] }] } },
);
