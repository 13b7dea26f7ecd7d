import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { makeExecutableSchema } from "@graphql-tools/schema";
import type { GraphQLSchema } from "graphql";
import { resolvers } from "./resolvers";

export const SCHEMA_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), "schema.graphql");

export const typeDefs = readFileSync(SCHEMA_PATH, "utf8");

/** One executable schema shared by Apollo (HTTP) and graphql-ws (WebSocket). */
export function buildSchema(): GraphQLSchema {
  return makeExecutableSchema({ typeDefs, resolvers });
}
