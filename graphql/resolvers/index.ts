import { GraphQLScalarType, Kind } from "graphql";
import type { Resolvers } from "../generated/resolvers-types";
import { accountResolvers } from "./accounts";
import { adminResolvers } from "./admin";
import { campaignResolvers } from "./campaigns";
import { customerResolvers } from "./customers";
import { datasetResolvers } from "./datasets";
import { importResolvers } from "./imports";
import { modelAnalysisResolvers } from "./model-analysis";
import { modelResolvers } from "./models";
import { monitoringResolvers } from "./monitoring";
import { partialDependenceResolvers } from "./partial-dependence";
import { planResolvers } from "./plans";
import { reportResolvers } from "./reports";
import { scoringResolvers } from "./scoring";
import { scoringJobResolvers } from "./scoring-jobs";
import { segmentResolvers } from "./segments";
import { subscriptionResolvers } from "./subscriptions";
import { systemResolvers } from "./system";

const DateTime = new GraphQLScalarType({
  name: "DateTime",
  description: "ISO-8601 timestamp",
  serialize: (v) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString()),
  parseValue: (v) => {
    const d = new Date(String(v));
    if (Number.isNaN(d.getTime())) throw new TypeError("DateTime must be an ISO-8601 string");
    return d;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new TypeError("DateTime must be a string");
    return new Date(ast.value);
  },
});

const JSONScalar = new GraphQLScalarType({ name: "JSON", serialize: (v) => v, parseValue: (v) => v });

/** One module per domain, each a partial resolver map; add a domain with one line here. */
export const resolverModules: Resolvers[] = [
  { DateTime, JSON: JSONScalar },
  systemResolvers,
  accountResolvers,
  datasetResolvers,
  importResolvers,
  customerResolvers,
  modelResolvers,
  modelAnalysisResolvers,
  planResolvers,
  scoringResolvers,
  monitoringResolvers,
  scoringJobResolvers,
  reportResolvers,
  adminResolvers,
  campaignResolvers,
  segmentResolvers,
  partialDependenceResolvers,
  subscriptionResolvers,
];

/**
 * Merges the domain maps type by type. Two modules defining the same field is a wiring mistake
 * (the later one would silently win), so it fails at startup instead.
 */
export function mergeResolvers(modules: readonly Resolvers[]): Resolvers {
  const merged: Record<string, unknown> = {};
  for (const mod of modules) {
    for (const [typeName, value] of Object.entries(mod)) {
      if (value instanceof GraphQLScalarType) {
        if (typeName in merged) throw new Error(`resolver for scalar ${typeName} defined twice`);
        merged[typeName] = value;
        continue;
      }
      const target = (merged[typeName] ??= {}) as Record<string, unknown>;
      for (const [field, fn] of Object.entries(value as Record<string, unknown>)) {
        if (field in target) throw new Error(`resolver ${typeName}.${field} defined twice`);
        target[field] = fn;
      }
    }
  }
  return merged as Resolvers;
}

export const resolvers: Resolvers = mergeResolvers(resolverModules);
