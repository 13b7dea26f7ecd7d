import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

import type { BacktestPoint, GeneratorState, OutOfTimeSplit, PredictedQuality, RealisedQuality } from "./json-types";

// ───────────── fixed-value columns (issue #10): codes, checked by the database ─────────────
// Stored values are codes, never display text; the UI, workbook and report localize them.

export const MODEL_RUN_STATUSES = ["running", "succeeded", "failed", "cancelled"] as const;
export const MODEL_RUN_PHASES = ["queued", "preparing", "training", "evaluating", "explaining", "scoring", "done"] as const;
export const PLAN_BATCH_STATUSES = ["pending", "running", "done", "cancelled"] as const;
export const RETENTION_PLAN_STATUSES = ["pending", "running", "done", "failed", "cancelled"] as const;
export const PLAN_PRIORITY_CODES = ["high", "medium", "low"] as const;

/** `column in (...)` for a CHECK constraint; the values are the constant tables above, never input. */
const oneOf = (column: unknown, values: readonly string[]) => sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(", "))})`;

/** Model bytes as bytea; both postgres.js and PGlite hand back a Uint8Array. */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

// ───────────────────────────── datasets ─────────────────────────────

export const datasets = pgTable(
  "datasets",
  {
    id: serial("id").primaryKey(),
    name: text("name").notNull(),
    /** 'synthetic' | 'import' */
    source: text("source").notNull(),
    seed: integer("seed"),
    nCustomers: integer("n_customers").notNull(),
    nWeeks: smallint("n_weeks").notNull(),
    /** Observed share of churned customers. */
    churnRate: doublePrecision("churn_rate").notNull(),
    /** Requested churn rate (synthetic data only). */
    targetChurnRate: doublePrecision("target_churn_rate"),
    /** AUC of the generator's true probabilities against the labels; null for imported data. */
    oracleAuc: doublePrecision("oracle_auc"),
    isActive: boolean("is_active").notNull().default(false),
    /**
     * 'timeline': dated weeks, churn events, as-of snapshots (lib/data/timeline). 'snapshot': a
     * dataset from before the timeline, one labelled snapshot at as-of week 0, kept readable.
     */
    kind: text("kind", { enum: ["timeline", "snapshot"] }).notNull().default("snapshot"),
    /** Monday of week index 0 ('YYYY-MM-DD', Asia/Shanghai); weekly_behaviour.week = index + 1. */
    startDate: date("start_date", { mode: "string" }),
    /** The scoring as-of week (the Monday after the last week of data); 0 for snapshot datasets. */
    asOfWeek: smallint("as_of_week").notNull().default(0),
    /** H: the label is a churn event within this many weeks of the as-of date. */
    horizonWeeks: smallint("horizon_weeks").notNull().default(12),
    /** Weeks of activity features look back over. */
    lookbackWeeks: smallint("lookback_weeks").notNull().default(12),
    /** What the generator needs to advance the simulated world (synthetic timelines only). */
    generator: jsonb("generator").$type<GeneratorState | null>(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("datasets_one_active").on(t.isActive).where(sql`${t.isActive}`)],
);

export const customers = pgTable(
  "customers",
  {
    datasetId: integer("dataset_id")
      .notNull()
      .references(() => datasets.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    // Personal data: kept for the brokerage's own staff, never sent to an LLM.
    name: text("name").notNull(),
    phone: text("phone").notNull(),
    idNumber: text("id_number").notNull(),
    branch: text("branch").notNull(),
    /** 0 普通个人, 1 高净值, 2 机构 */
    customerType: smallint("customer_type").notNull(),
    /** 0..4 = C1..C5 */
    riskTolerance: smallint("risk_tolerance").notNull(),
    age: smallint("age").notNull(),
    tenureMonths: integer("tenure_months").notNull(),
    /** 0 线上, 1 营业部 */
    openChannel: smallint("open_channel").notNull(),
    hasMargin: boolean("has_margin").notNull(),
    hasAdvisor: boolean("has_advisor").notNull(),
    /** 佣金费率, in ‱ (basis points of a basis point: 2.5 means 0.025%). */
    commissionRate: doublePrecision("commission_rate").notNull(),
    /** 持有产品种类数 (stocks, funds, wealth products, bonds …). */
    productCount: smallint("product_count").notNull(),
    /** Snapshot datasets: the label. Timelines: churned by the dataset's as-of date. */
    churned: boolean("churned"),
    /** Generator's latent churn probability; null for imported data. */
    trueProbability: doublePrecision("true_probability"),
    /** Week index the account was opened (negative: before the data starts); null for snapshot datasets. */
    openWeek: smallint("open_week"),
    /** Week index of the churn event; null while the customer is active. */
    churnWeek: smallint("churn_week"),
    churnType: text("churn_type", { enum: ["transfer", "close", "asset_out"] }),
  },
  (t) => [primaryKey({ columns: [t.datasetId, t.id] })],
);

export const weeklyBehaviour = pgTable(
  "weekly_behaviour",
  {
    datasetId: integer("dataset_id").notNull(),
    customerId: text("customer_id").notNull(),
    /** 1..nWeeks, 1 = oldest */
    week: smallint("week").notNull(),
    // NULL = a blank cell in imported data (missing, not 0): features over it follow missing
    // semantics and the import-format export writes it back blank (#13, migration weekly_nullable).
    logins: integer("logins"),
    trades: integer("trades"),
    tradeAmount: doublePrecision("trade_amount"),
    totalAssets: doublePrecision("total_assets"),
    netInflow: doublePrecision("net_inflow"),
    serviceContacts: integer("service_contacts"),
    complaints: integer("complaints"),
    weeklyReturn: doublePrecision("weekly_return"),
  },
  (t) => [primaryKey({ columns: [t.datasetId, t.customerId, t.week] })],
);

/**
 * As-of snapshots: one row per active customer per as-of week (features from the weeks before
 * it, label = a churn event in the H weeks from it, null until known).
 */
export const featureVectors = pgTable(
  "feature_vectors",
  {
    datasetId: integer("dataset_id").notNull(),
    asOfWeek: smallint("as_of_week").notNull().default(0),
    customerId: text("customer_id").notNull(),
    /** The 29 model features in catalog order (lib/data/catalog.ts). */
    values: doublePrecision("values").array().notNull(),
    /** 1 = churn event within H weeks of the as-of date, 0 = none, null = not known yet. */
    label: smallint("label"),
    /** The generator's probability of that event (synthetic data only). */
    trueProbability: doublePrecision("true_probability"),
  },
  (t) => [primaryKey({ columns: [t.datasetId, t.asOfWeek, t.customerId] })],
);

// ───────────────────────────── models ─────────────────────────────

export const modelRuns = pgTable(
  "model_runs",
  {
    id: serial("id").primaryKey(),
    datasetId: integer("dataset_id").references(() => datasets.id, { onDelete: "set null" }),
    status: text("status", { enum: MODEL_RUN_STATUSES }).notNull(),
    phase: text("phase", { enum: MODEL_RUN_PHASES }).notNull().default("queued"),
    /** 'ml-xgboost' | 'import' */
    source: text("source").notNull().default("ml-xgboost"),
    isActive: boolean("is_active").notNull().default(false),
    params: jsonb("params").notNull(),
    featureNames: jsonb("feature_names").$type<string[]>().notNull(),
    metrics: jsonb("metrics"),
    learningCurve: jsonb("learning_curve"),
    currentRound: integer("current_round").notNull().default(0),
    totalRounds: integer("total_rounds").notNull().default(0),
    bestIteration: integer("best_iteration"),
    /** XGBoost legacy binary model bytes as saved by ml-xgboost (or converted from an imported JSON model). */
    modelBytes: bytea("model_bytes"),
    /** 'xgboost-binary' (legacy binary, as ml-xgboost saves) | 'xgboost-json' (UTF-8 JSON, imported). */
    modelFormat: text("model_format").notNull().default("xgboost-binary"),
    /** Base value of TreeSHAP (expected margin), for charts. */
    shapBaseValue: doublePrecision("shap_base_value"),
    threshold: doublePrecision("threshold"),
    durationMs: integer("duration_ms"),
    timings: jsonb("timings"),
    error: text("error"),
    /** Process that owns a running run, so a restart can tell its own runs from a dead one's. */
    ownerId: text("owner_id"),
    /** Out-of-time split: the as-of weeks of train, validation and test rows (timeline datasets). */
    split: jsonb("split").$type<OutOfTimeSplit | null>(),
    /** AUC and recall@K of the final model at every labelled as-of week. */
    backtest: jsonb("backtest").$type<BacktestPoint[] | null>(),
    horizonWeeks: smallint("horizon_weeks"),
    createdBy: text("created_by"),
    createdAt: createdAt(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("model_runs_one_active").on(t.isActive).where(sql`${t.isActive}`),
    // One training at a time per database, enforced by the database itself.
    uniqueIndex("model_runs_one_running").on(t.status).where(sql`${t.status} = 'running'`),
    check("model_runs_status_check", oneOf(t.status, MODEL_RUN_STATUSES)),
    check("model_runs_phase_check", oneOf(t.phase, MODEL_RUN_PHASES)),
  ],
);

export const predictions = pgTable(
  "predictions",
  {
    modelRunId: integer("model_run_id")
      .notNull()
      .references(() => modelRuns.id, { onDelete: "cascade" }),
    datasetId: integer("dataset_id").notNull(),
    /** The as-of week the features were taken at (the dataset's as-of when scored). */
    asOfWeek: smallint("as_of_week").notNull().default(0),
    customerId: text("customer_id").notNull(),
    /** Realised outcome once as-of + H has passed: 1 churned within H weeks, 0 stayed. */
    outcome: smallint("outcome"),
    probability: doublePrecision("probability").notNull(),
    margin: doublePrecision("margin").notNull(),
    /** 'high' | 'medium' | 'low' */
    riskLevel: text("risk_level").notNull(),
    /** 1 = most likely to churn */
    riskRank: integer("risk_rank").notNull(),
    expectedAssetLoss: doublePrecision("expected_asset_loss").notNull(),
    /** 1 = largest expected asset loss */
    lossRank: integer("loss_rank").notNull(),
    /** SHAP values in log-odds space, catalog order; base value is on the model run. */
    shap: doublePrecision("shap").array().notNull(),
    scoredAt: timestamp("scored_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.modelRunId, t.datasetId, t.asOfWeek, t.customerId] }),
    index("predictions_rank").on(t.modelRunId, t.datasetId, t.asOfWeek, t.riskRank),
  ],
);

/**
 * One scoring of a dataset's active customers by a model as of a date: what was predicted, and
 * once as-of + H has passed, what happened (realised quality).
 */
export const scoringRuns = pgTable(
  "scoring_runs",
  {
    id: serial("id").primaryKey(),
    modelRunId: integer("model_run_id")
      .notNull()
      .references(() => modelRuns.id, { onDelete: "cascade" }),
    datasetId: integer("dataset_id")
      .notNull()
      .references(() => datasets.id, { onDelete: "cascade" }),
    asOfWeek: smallint("as_of_week").notNull(),
    horizonWeeks: smallint("horizon_weeks").notNull(),
    scoredCount: integer("scored_count").notNull(),
    /** What the model expected: mean probability, expected churners, high-risk count. */
    predicted: jsonb("predicted").$type<PredictedQuality>().notNull(),
    /** Filled when the outcomes arrive. */
    realised: jsonb("realised").$type<RealisedQuality | null>(),
    outcomesAt: timestamp("outcomes_at", { withTimezone: true }),
    createdBy: text("created_by"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("scoring_runs_unique").on(t.modelRunId, t.datasetId, t.asOfWeek)],
);

// ───────────────────────────── plans ─────────────────────────────

export const planBatches = pgTable(
  "plan_batches",
  {
    id: serial("id").primaryKey(),
    datasetId: integer("dataset_id").notNull(),
    modelRunId: integer("model_run_id").notNull(),
    /** As-of week of the predictions the plans were written from. */
    asOfWeek: smallint("as_of_week").notNull().default(0),
    status: text("status", { enum: PLAN_BATCH_STATUSES }).notNull(),
    total: integer("total").notNull(),
    /** 'llm' | 'template' */
    planner: text("planner").notNull(),
    llmModel: text("llm_model"),
    promptVersion: text("prompt_version").notNull(),
    params: jsonb("params").notNull(),
    createdBy: text("created_by"),
    createdAt: createdAt(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [check("plan_batches_status_check", oneOf(t.status, PLAN_BATCH_STATUSES))],
);

export const retentionPlans = pgTable(
  "retention_plans",
  {
    id: serial("id").primaryKey(),
    batchId: integer("batch_id")
      .notNull()
      .references(() => planBatches.id, { onDelete: "cascade" }),
    datasetId: integer("dataset_id").notNull(),
    customerId: text("customer_id").notNull(),
    /** Position in the batch (risk order). */
    position: integer("position").notNull(),
    status: text("status", { enum: RETENTION_PLAN_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** Lease: the worker that claimed the row and until when; an expired lease may be taken over. */
    claimedBy: text("claimed_by"),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    probability: doublePrecision("probability").notNull(),
    riskLevel: text("risk_level").notNull(),
    priority: text("priority", { enum: PLAN_PRIORITY_CODES }),
    plan: jsonb("plan"),
    rawText: text("raw_text"),
    /** 'llm' | 'template' */
    source: text("source"),
    llmModel: text("llm_model"),
    promptVersion: text("prompt_version"),
    /** 'ok' | 'flagged' | 'rejected' */
    complianceStatus: text("compliance_status"),
    complianceIssues: jsonb("compliance_issues"),
    error: text("error"),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("retention_plans_batch_customer").on(t.batchId, t.customerId),
    index("retention_plans_status").on(t.batchId, t.status),
    index("retention_plans_customer").on(t.datasetId, t.customerId),
    check("retention_plans_status_check", oneOf(t.status, RETENTION_PLAN_STATUSES)),
    check("retention_plans_priority_check", sql`${t.priority} is null or ${oneOf(t.priority, PLAN_PRIORITY_CODES)}`),
  ],
);

// ───────────────────────────── audit ─────────────────────────────

export const auditLog = pgTable("audit_log", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  actor: text("actor").notNull(),
  action: text("action").notNull(),
  target: text("target"),
  details: jsonb("details"),
});

export type DatasetRow = typeof datasets.$inferSelect;
export type CustomerRow = typeof customers.$inferSelect;
export type WeeklyRow = typeof weeklyBehaviour.$inferSelect;
export type ModelRunRow = typeof modelRuns.$inferSelect;
export type PredictionRow = typeof predictions.$inferSelect;
export type ScoringRunRow = typeof scoringRuns.$inferSelect;
export type PlanBatchRow = typeof planBatches.$inferSelect;
export type RetentionPlanRow = typeof retentionPlans.$inferSelect;

// ───────────────────────────── accounts ─────────────────────────────

export const users = pgTable("users", {
  id: serial("id").primaryKey(),
  email: text("email").notNull().unique(),
  /** scrypt$N$r$p$salt$hash (lib/auth/password.ts). */
  passwordHash: text("password_hash").notNull(),
  /** 'viewer' | 'analyst' | 'admin' */
  role: text("role").notNull(),
  disabled: boolean("disabled").notNull().default(false),
  /** Set for the first-start admin whose password was printed to the console. */
  mustChangePassword: boolean("must_change_password").notNull().default(false),
  passwordChangedAt: timestamp("password_changed_at", { withTimezone: true }),
  createdAt: createdAt(),
});

export const sessions = pgTable(
  "sessions",
  {
    /** SHA-256 of the cookie value: a leaked table does not leak sessions. */
    tokenHash: text("token_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user").on(t.userId)],
);

export const apiTokens = pgTable("api_tokens", {
  id: serial("id").primaryKey(),
  name: text("name").notNull(),
  /** SHA-256 of the token; the token itself is shown once at creation. */
  tokenHash: text("token_hash").notNull().unique(),
  /** First characters, to recognise a token in the list. */
  prefix: text("prefix").notNull(),
  role: text("role").notNull(),
  createdBy: text("created_by").notNull(),
  /** The account the token acts for: it never has more rights than its owner has now, and dies with it. */
  userId: integer("user_id").references(() => users.id, { onDelete: "cascade" }),
  expiresAt: timestamp("expires_at", { withTimezone: true }),
  createdAt: createdAt(),
  lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
});

export type UserRow = typeof users.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;

// ───────────────────────────── monitoring (#14): drift, estimated performance, alerts, champion/challenger, scheduled scoring ─────────────────────────────
// jsonb shapes are the lib/monitor types (DriftReference, DriftReport, EstimatedQuality, ModelComparison); db does not import lib.

/** The training reference of a model run: quantile bins per feature and of the score (lib/monitor/drift.ts). */
export const driftReferences = pgTable("drift_references", {
  modelRunId: integer("model_run_id")
    .primaryKey()
    .references(() => modelRuns.id, { onDelete: "cascade" }),
  reference: jsonb("reference").notNull(),
  /** The model's out-of-time test AUC, the level alerts compare with. */
  testAuc: doublePrecision("test_auc"),
  createdAt: createdAt(),
});

/** Drift and CBPE estimate of one scoring run, computed when it is scored. */
export const scoringMonitors = pgTable("scoring_monitors", {
  scoringRunId: integer("scoring_run_id")
    .primaryKey()
    .references(() => scoringRuns.id, { onDelete: "cascade" }),
  drift: jsonb("drift"),
  estimated: jsonb("estimated"),
  createdAt: createdAt(),
});

export const monitorAlerts = pgTable(
  "monitor_alerts",
  {
    id: serial("id").primaryKey(),
    scoringRunId: integer("scoring_run_id")
      .notNull()
      .references(() => scoringRuns.id, { onDelete: "cascade" }),
    modelRunId: integer("model_run_id").notNull(),
    datasetId: integer("dataset_id").notNull(),
    asOfWeek: smallint("as_of_week").notNull(),
    /** estimated_auc_drop | realised_auc_drop | feature_drift | score_drift | data_quality */
    kind: text("kind").notNull(),
    /** warning | critical */
    severity: text("severity").notNull(),
    message: text("message").notNull(),
    value: doublePrecision("value").notNull(),
    limit: doublePrecision("limit_value").notNull(),
    features: jsonb("features").notNull(),
    suggestion: text("suggestion").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("monitor_alerts_run_kind").on(t.scoringRunId, t.kind), index("monitor_alerts_created").on(t.createdAt)],
);

/** A challenger compared with the champion on the challenger's out-of-time test set, and what was decided. */
export const modelComparisons = pgTable(
  "model_comparisons",
  {
    id: serial("id").primaryKey(),
    championId: integer("champion_id")
      .notNull()
      .references(() => modelRuns.id, { onDelete: "cascade" }),
    challengerId: integer("challenger_id")
      .notNull()
      .references(() => modelRuns.id, { onDelete: "cascade" }),
    comparison: jsonb("comparison").notNull(),
    /** activated | kept_challenger */
    decision: text("decision").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("model_comparisons_pair").on(t.championId, t.challengerId)],
);

/** Durable scoring jobs (new weeks, schedule): one runs at a time under a lease. */
export const scoringJobs = pgTable(
  "scoring_jobs",
  {
    id: serial("id").primaryKey(),
    datasetId: integer("dataset_id")
      .notNull()
      .references(() => datasets.id, { onDelete: "cascade" }),
    /** advance | import | schedule | manual */
    reason: text("reason").notNull(),
    /** Deduplicates a trigger (e.g. one schedule slot, one as-of week). */
    dedupeKey: text("dedupe_key").notNull(),
    /** queued | running | done | failed */
    status: text("status").notNull().default("queued"),
    progress: integer("progress").notNull().default(0),
    total: integer("total").notNull().default(0),
    scoringRunId: integer("scoring_run_id"),
    leaseOwner: text("lease_owner"),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    attempts: integer("attempts").notNull().default(0),
    error: text("error"),
    createdAt: createdAt(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("scoring_jobs_dedupe").on(t.dedupeKey), index("scoring_jobs_status").on(t.status)],
);

export type MonitorAlertRow = typeof monitorAlerts.$inferSelect;
export type ScoringJobRow = typeof scoringJobs.$inferSelect;

// ───────────────────────────── campaigns (#15): control groups, advisors' workflow, outcomes, uplift ─────────────────────────────
// jsonb shapes are lib/campaigns types (CampaignOutcome); db does not import lib.

/**
 * A retention campaign: a scoring run's selection split at random (per risk decile, recorded
 * seed) into treated customers, who get a plan and an advisor, and a control group, who get
 * nothing; a budget caps the treated customers' offer cost.
 */
export const campaigns = pgTable("campaigns", {
  id: serial("id").primaryKey(),
  name: text("name").notNull(),
  datasetId: integer("dataset_id")
    .notNull()
    .references(() => datasets.id, { onDelete: "cascade" }),
  modelRunId: integer("model_run_id").notNull(),
  scoringRunId: integer("scoring_run_id").references(() => scoringRuns.id, { onDelete: "set null" }),
  asOfWeek: smallint("as_of_week").notNull(),
  horizonWeeks: smallint("horizon_weeks").notNull(),
  /** 'probability' | 'expected_loss' | 'expected_saved' */
  selection: text("selection", { enum: ["probability", "expected_loss", "expected_saved"] }).notNull(),
  controlShare: doublePrecision("control_share").notNull(),
  seed: integer("seed").notNull(),
  /** Cap on the treated customers' total offer cost (yuan). */
  budget: doublePrecision("budget").notNull(),
  /** Total offer cost of the treated customers' plans (≤ budget). */
  cost: doublePrecision("cost").notNull(),
  planBatchId: integer("plan_batch_id"),
  treatedCount: integer("treated_count").notNull(),
  controlCount: integer("control_count").notNull(),
  /** Selected customers left out because the compliance gate rejected their plan. */
  complianceExcluded: integer("compliance_excluded").notNull().default(0),
  /** Filled once as-of + H has passed (lib/campaigns/outcomes.ts). */
  outcome: jsonb("outcome").$type<Record<string, unknown> | null>(),
  outcomesAt: timestamp("outcomes_at", { withTimezone: true }),
  createdBy: text("created_by"),
  createdAt: createdAt(),
});

/** 客户经理: a user account with the advisor scope (sees only its own campaign customers) and a workload cap. */
export const campaignAdvisors = pgTable("campaign_advisors", {
  id: serial("id").primaryKey(),
  userId: integer("user_id")
    .notNull()
    .unique()
    .references(() => users.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  /** Open assignments (待联系 / 已联系) this advisor may hold at once, over all campaigns. */
  workloadCap: integer("workload_cap").notNull(),
  createdAt: createdAt(),
});

export const campaignMembers = pgTable(
  "campaign_members",
  {
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    customerId: text("customer_id").notNull(),
    arm: text("arm", { enum: ["treated", "control"] }).notNull(),
    /** Position in the selection order (1 = first). */
    rank: integer("rank").notNull(),
    /** Risk decile within the selection by probability (1 = highest risk); the control draw's stratum. */
    decile: smallint("decile").notNull(),
    probability: doublePrecision("probability").notNull(),
    /** Assets at the as-of date (assets_latest). */
    assets: doublePrecision("assets").notNull(),
    offerCost: doublePrecision("offer_cost").notNull().default(0),
    /** Treated only: the plan written for the customer. */
    planId: integer("plan_id"),
    advisorId: integer("advisor_id").references(() => campaignAdvisors.id, { onDelete: "set null" }),
    /** 'pending' 待联系 | 'contacted' 已联系 | 'accepted' 接受 | 'declined' 拒绝 | 'unreachable' 无法联系 */
    status: text("status", { enum: ["pending", "contacted", "accepted", "declined", "unreachable"] }),
    note: text("note"),
    statusAt: timestamp("status_at", { withTimezone: true }),
    statusBy: text("status_by"),
    /** Simulation truth (synthetic data): absolute churn reduction if treated, relative effect, contact probability. */
    trueEffect: doublePrecision("true_effect"),
    relativeEffect: doublePrecision("relative_effect"),
    contactProbability: doublePrecision("contact_probability"),
    /** Realised: churn without the campaign (the timeline), contact drawn by the simulation, churn with it. */
    naturalOutcome: smallint("natural_outcome"),
    simulatedContact: boolean("simulated_contact"),
    outcome: smallint("outcome"),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.customerId] }),
    index("campaign_members_advisor").on(t.advisorId, t.status),
  ],
);

export type CampaignRow = typeof campaigns.$inferSelect;
export type CampaignMemberRow = typeof campaignMembers.$inferSelect;
export type CampaignAdvisorRow = typeof campaignAdvisors.$inferSelect;

// ───────────────────────────── scale (#17): stored SHAP summary, list-order indexes ─────────────────────────────

/**
 * The SHAP summary of one scoring (model run × dataset × as-of week), computed once and read by
 * `shapSummary` instead of loading the whole SHAP matrix per call: mean |SHAP| over all rows and a
 * reproducible sample (rows ordered by a hash of the customer id) of up to SHAP_SAMPLE_MAX rows.
 */
export const shapSummaries = pgTable(
  "shap_summaries",
  {
    modelRunId: integer("model_run_id")
      .notNull()
      .references(() => modelRuns.id, { onDelete: "cascade" }),
    datasetId: integer("dataset_id").notNull(),
    asOfWeek: smallint("as_of_week").notNull(),
    /** Rows (scored customers) the summary covers. */
    nRows: integer("n_rows").notNull(),
    /** Mean |SHAP| per feature over all rows, catalog order. */
    meanAbsShap: doublePrecision("mean_abs_shap").array().notNull(),
    sampleSize: integer("sample_size").notNull(),
    /** sampleSize × features SHAP values, row-major float64 little-endian. */
    sampleShap: bytea("sample_shap").notNull(),
    /** The same rows' feature values mapped to [0, 1] for colour (NaN: missing), float64. */
    sampleNormalized: bytea("sample_normalized").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.modelRunId, t.datasetId, t.asOfWeek] })],
);

/*
 * Indexes of this block on existing tables live in the migration's hand-written SQL (0006+,
 * "scale" migration) so the existing table definitions stay untouched:
 *   predictions_loss_rank  (model_run_id, dataset_id, as_of_week, loss_rank)   — EXPECTED_LOSS_DESC pages
 *   feature_vectors_assets (dataset_id, as_of_week, (values[9]) desc, customer_id) — ASSETS_DESC pages
 */

// ───────────────────────────── own data: market returns (#13) ─────────────────────────────

/**
 * The market index return of each week of a timeline dataset (week = index + 1, as in
 * weekly_behaviour): excess_return reads it, so it is stored to survive export → import and to
 * compute the features of weeks appended later. NULL = no market return that week (missing).
 */
export const datasetMarketWeeks = pgTable(
  "dataset_market_weeks",
  {
    datasetId: integer("dataset_id")
      .notNull()
      .references(() => datasets.id, { onDelete: "cascade" }),
    week: smallint("week").notNull(),
    marketReturn: doublePrecision("market_return"),
  },
  (t) => [primaryKey({ columns: [t.datasetId, t.week] })],
);

// ───────────────────────────── shared scoring jobs (#17): chunks any instance leases ─────────────────────────────

/**
 * One scoring job split into chunks of customers (lib/monitor/scoring-jobs.ts): any instance
 * leases a chunk, scores it and replaces its customers' predictions in one transaction fenced
 * by the lease; whoever completes the last chunk finishes the job (ranks, run row, summary, drift).
 */
export const scoringJobChunks = pgTable(
  "scoring_job_chunks",
  {
    id: serial("id").primaryKey(),
    jobId: integer("job_id")
      .notNull()
      .references(() => scoringJobs.id, { onDelete: "cascade" }),
    chunkNo: integer("chunk_no").notNull(),
    /** The as-of week the job scores (fixed when the job was split, as the model is). */
    asOfWeek: smallint("as_of_week").notNull(),
    /** The model every chunk of the job scores with (fixed when the job was split). */
    modelRunId: integer("model_run_id")
      .notNull()
      .references(() => modelRuns.id, { onDelete: "cascade" }),
    /** The chunk's customers, byte order of the id. */
    customerIds: text("customer_ids").array().notNull(),
    /** queued | running | done */
    status: text("status").notNull().default("queued"),
    leaseOwner: text("lease_owner"),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    attempts: integer("attempts").notNull().default(0),
    /** The owner whose scoring of the chunk was stored. */
    scoredBy: text("scored_by"),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("scoring_job_chunks_no").on(t.jobId, t.chunkNo), index("scoring_job_chunks_status").on(t.jobId, t.status)],
);

export type ScoringJobChunkRow = typeof scoringJobChunks.$inferSelect;
