import type { CodegenConfig } from "@graphql-codegen/cli";

// The schema is the contract: resolver types check the server, the client preset gives typed
// documents to the dashboard, the tests and integrators (examples/).
const config: CodegenConfig = {
  schema: "graphql/schema.graphql",
  documents: ["app/**/*.{ts,tsx}", "tests/**/*.ts", "examples/**/*.ts", "bench/**/*.ts", "!graphql/generated/**"],
  ignoreNoDocuments: true,
  // Only `graphql(...)` calls are operations; raw strings in tests (hostile queries, `gql(...)`
  // helpers, /* GraphQL */ comments) must not be picked up.
  pluckConfig: { globalGqlIdentifierName: ["graphql"], gqlMagicComment: "graphql-codegen-document" },
  generates: {
    "graphql/generated/resolvers-types.ts": {
      plugins: ["typescript", "typescript-resolvers"],
      config: {
        contextType: "../context#GraphQLContext",
        useIndexSignature: false,
        enumsAsTypes: true,
        scalars: { DateTime: "Date | string", JSON: "unknown" },
        useTypeImports: true,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        // Parents as the resolvers really receive them (lists load run summaries without model bytes).
        mappers: { ModelRun: "../../lib/ml/model-registry#ModelRunSummary", ShapSummary: "../../lib/services/model-queries#ShapSummary as ShapSummaryModel" },
      },
    },
    "graphql/generated/client/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTime: "string", JSON: "unknown" },
      },
    },
  },
};

export default config;
