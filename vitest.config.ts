import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts", "lib/**/*.test.ts", "db/**/*.test.ts", "graphql/**/*.test.ts"],
    exclude: ["tests/e2e/**", "node_modules/**"],
    // Forks: wasm modules, PGlite and worker threads each get a clean process per file.
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ["default"],
  },
});
