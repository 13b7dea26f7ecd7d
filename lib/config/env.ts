import { z } from "zod";
import { parseTrustedProxies } from "./trusted-proxy";
import { parseCron } from "./cron";

/**
 * Every setting the product reads from the environment, validated once at the edge.
 * Secrets (API keys, passwords) live here and are never logged: use `describeConfig`.
 */
/** An integer setting; a value outside [min, max] or not an integer fails with a message naming the range. */
const intFrom = (def: number, min: number, max: number, unit = "") => {
  const range = `必须是 ${min} 到 ${max}${unit ? ` ${unit}` : ""} 之间的整数 (must be an integer from ${min.toLocaleString("en")} to ${max.toLocaleString("en")}${unit ? ` ${unit}` : ""})`;
  return z.coerce.number({ error: range }).int(range).min(min, range).max(max, range).default(def);
};

const optionalString = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optionalString.pipe(
    z.string().regex(/^postgres(ql)?:\/\//, "DATABASE_URL 必须以 postgres:// 或 postgresql:// 开头").optional(),
  ),
  PGLITE_DIR: z.string().default(".data/pglite"),
  PORT: intFrom(3000, 0, 65535),
  HOST: z.string().default("0.0.0.0"),
  /** Volcengine Ark (方舟) — OpenAI-compatible. */
  ARK_API_KEY: optionalString,
  ARK_MODEL: optionalString,
  ARK_BASE_URL: z.string().url().default("https://ark.cn-beijing.volces.com/api/v3"),
  /** Any other OpenAI-compatible endpoint; takes precedence over ARK_* when set. */
  LLM_BASE_URL: optionalString.pipe(z.string().url().optional()),
  LLM_API_KEY: optionalString,
  LLM_MODEL: optionalString,
  LLM_CONCURRENCY: intFrom(4, 1, 64),
  LLM_TIMEOUT_MS: intFrom(60_000, 1_000, 600_000),
  LLM_MAX_RETRIES: intFrom(3, 0, 10),
  ADMIN_EMAIL: optionalString,
  ADMIN_PASSWORD: optionalString,
  /** Comma-separated origins allowed to open the WebSocket / send cookies; empty = same origin only. */
  ALLOWED_ORIGINS: z.string().default(""),
  GRAPHQL_INTROSPECTION: z.enum(["true", "false"]).optional(),
  /** Batched HTTP operations (an array body, at most 10). Off unless a client needs it. */
  GRAPHQL_BATCHING: z.enum(["true", "false"]).default("false"),
  /** Expensive operations (train, predict, regenerate, export) per caller per minute. */
  RATE_LIMIT_EXPENSIVE_PER_MIN: intFrom(20, 1, 100_000),
  /** Login attempts per client address per minute. */
  RATE_LIMIT_LOGIN_PER_MIN: intFrom(10, 1, 100_000),
  /**
   * Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed: comma list of
   * addresses and CIDR ranges, or "loopback". Empty: those headers are ignored.
   */
  TRUSTED_PROXY: z
    .string()
    .default("")
    .superRefine((v, ctx) => {
      try {
        parseTrustedProxies(v);
      } catch (e) {
        ctx.addIssue({ code: "custom", message: (e as Error).message });
      }
    }),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  // ── uploaded xlsx bounds (#12): checked on the zip directory before exceljs inflates anything ──
  /** An uploaded .xlsx may expand to at most this many MiB in total (and be no larger itself). */
  XLSX_MAX_UNCOMPRESSED_MB: intFrom(64, 1, 4096),
  /** At most this uncompressed/compressed ratio per entry (entries above 1 MiB). */
  XLSX_MAX_RATIO: intFrom(100, 2, 10_000),
  /** At most this many entries in an uploaded .xlsx. */
  XLSX_MAX_ENTRIES: intFrom(2000, 10, 100_000),
  /** 0: no started spare worker threads (lib/workers/spawn-ts-worker.ts reads it when a worker ends). */
  WORKER_SPARES: z.enum(["0", "1"]).default("1"),
  // ── monitoring (#14) ──
  /** PSI at or above: warning / drift (a feature's limits rise to its natural swing between training dates). */
  MONITOR_PSI_WARNING: z.coerce.number().min(0.001).max(10).default(0.1),
  MONITOR_PSI_DRIFT: z.coerce.number().min(0.001).max(10).default(0.25),
  /** Alert when the estimated or realised AUC falls below the model's test AUC minus this. */
  MONITOR_AUC_MARGIN: z.coerce.number().min(0).max(0.5).default(0.05),
  /** never: a new model stays a challenger until an admin activates it; better: activated when better by ACTIVATE_MARGIN with a bootstrap 95% interval above zero. */
  AUTO_ACTIVATE: z.enum(["never", "better"]).default("better"),
  ACTIVATE_MARGIN: z.coerce.number().min(0).max(0.5).default(0.005),
  /** Alerts are POSTed here as JSON (optional). */
  ALERT_WEBHOOK_URL: optionalString.pipe(z.string().url().optional()),
  /** Cron (minute hour day-of-month month day-of-week), Asia/Shanghai: scheduled scoring of the active dataset. */
  SCORING_SCHEDULE: optionalString.superRefine((v, ctx) => {
    if (v === undefined) return;
    try {
      parseCron(v);
    } catch (e) {
      ctx.addIssue({ code: "custom", message: (e as Error).message });
    }
  }),
  /**
   * How often each open WebSocket's caller is checked again (revoked token, ended session,
   * disabled or demoted account). Every subscribe is checked as well; this bounds how long an
   * idle subscription outlives its credentials.
   */
  WS_RECHECK_MS: intFrom(2_000, 500, 3_600_000, "ms"),
  // ── scoring job chunks (#17) ──
  /** Customers per leased chunk of a scoring job (lib/monitor/scoring-jobs.ts splits jobs by it). */
  SCORING_CHUNK_CUSTOMERS: intFrom(20_000, 1_000, 1_000_000),
});

export type Env = z.infer<typeof envSchema>;

export interface LlmConfig {
  baseURL: string;
  apiKey: string;
  model: string;
  provider: "ark" | "openai-compatible";
  concurrency: number;
  timeoutMs: number;
  maxRetries: number;
}

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`环境变量配置错误 (invalid environment):\n${lines.join("\n")}`);
  }
  return result.data;
}

/** The LLM settings, or null when no key is configured (template planner). */
export function llmConfig(env: Env): LlmConfig | null {
  const common = { concurrency: env.LLM_CONCURRENCY, timeoutMs: env.LLM_TIMEOUT_MS, maxRetries: env.LLM_MAX_RETRIES };
  if (env.LLM_BASE_URL || env.LLM_API_KEY) {
    if (!env.LLM_API_KEY || !env.LLM_MODEL || !env.LLM_BASE_URL) {
      throw new Error("LLM_BASE_URL、LLM_API_KEY、LLM_MODEL 需同时设置 (set all three of LLM_BASE_URL, LLM_API_KEY, LLM_MODEL)");
    }
    return { baseURL: env.LLM_BASE_URL, apiKey: env.LLM_API_KEY, model: env.LLM_MODEL, provider: "openai-compatible", ...common };
  }
  if (env.ARK_API_KEY) {
    if (!env.ARK_MODEL) throw new Error("已设置 ARK_API_KEY 但缺少 ARK_MODEL（推理接入点 ep-… 或模型名）");
    return { baseURL: env.ARK_BASE_URL, apiKey: env.ARK_API_KEY, model: env.ARK_MODEL, provider: "ark", ...common };
  }
  return null;
}

/** Safe summary for start-up logs: no secrets. */
export function describeConfig(env: Env): Record<string, string | number> {
  const llm = llmConfig(env);
  return {
    database: env.DATABASE_URL ? "postgresql" : `pglite:${env.PGLITE_DIR}`,
    port: env.PORT,
    planner: llm ? `llm (${llm.provider}, model ${llm.model})` : "template (no LLM key)",
  };
}
