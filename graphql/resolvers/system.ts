import { pingDatabase } from "../../db/client";
import type { Resolvers } from "../generated/resolvers-types";

export const APP_VERSION = "0.1.0";

/** Liveness for the dashboard header and probes (no role needed). */
export const systemResolvers: Resolvers = {
  Query: {
    health: async (_p, _a, ctx) => {
      const s = ctx.services;
      const ok = await pingDatabase(s.db);
      return {
        status: ok ? "ok" : "degraded",
        message: ok ? "API服务器运行正常" : "数据库不可用",
        database: s.dbHandle.kind,
        planner: s.llm ? "llm" : "template",
        version: APP_VERSION,
      };
    },
  },
};
