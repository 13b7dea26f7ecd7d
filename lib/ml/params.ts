import { z } from "zod";
import { AppError } from "../errors/app-error";

/**
 * Training parameters: validated at the edge, then every one of them is passed to ml-xgboost
 * explicitly (its own defaults differ from XGBoost's, e.g. subsample 0.5).
 *
 * Tree methods: this ml-xgboost build (XGBoost ≈0.7) accepts 'exact', 'approx' and 'hist'
 * (it also lists 'auto' and the GPU methods, which cannot run in WebAssembly). 'hist' is the
 * default: on 3,000 × 29 it is as fast as 'exact' and it scales much better with rows.
 */
export const TREE_METHODS = ["hist", "exact", "approx"] as const;

/**
 * TreeSHAP's work per row is the leaves' summed depth; the largest model the parameters allow
 * has rounds × 2^maxDepth leaves at depth maxDepth. Capping that product keeps TreeSHAP of
 * 3,000 rows under about 30 s in the worker even for complete trees (bench/model.ts `caps`:
 * depth 10 → 12 rounds, 8 → 64, 6 → 341, 4 and shallower → 2,000). Deeper trees are refused
 * outright: per-leaf tables grow as 2^depth.
 */
export const MAX_SHAP_COST = 131_072;

/** Allowed range of each field, quoted in error messages. */
export const PARAM_RANGES = {
  rounds: "整数 1..2000",
  maxDepth: "整数 1..10",
  eta: "0.001..1",
  subsample: "0.1..1",
  colsampleBytree: "0.1..1",
  minChildWeight: "0..100",
  lambda: "0..100",
  treeMethod: TREE_METHODS.join(" | "),
  earlyStoppingRounds: "整数 0..500（0 = 关闭）",
  scalePosWeight: '"auto" 或 0.01..100',
  seed: "整数 0..2147483647",
} as const;

export const trainParamsSchema = z
  .object({
    // maxDepth, eta and earlyStoppingRounds default by the size of the training split (see
    // SIZE_DEFAULTS); rounds is the ceiling early stopping works under.
    rounds: z.number().int().min(1).max(2000).default(800),
    maxDepth: z.number().int().min(1).max(10).optional(),
    eta: z.number().min(0.001).max(1).optional(),
    subsample: z.number().min(0.1).max(1).default(0.8),
    colsampleBytree: z.number().min(0.1).max(1).default(0.8),
    minChildWeight: z.number().min(0).max(100).default(1),
    lambda: z.number().min(0).max(100).default(1),
    treeMethod: z.enum(TREE_METHODS).default("hist"),
    earlyStoppingRounds: z.number().int().min(0).max(500).optional(),
    /**
     * "auto" = negatives / positives of the training split (XGBoost's recommended
     * sum(neg)/sum(pos)), so the minority class (churners) weighs as much as the majority.
     * Weighting shifts the learned margins by about ln(w); the trainer removes that shift
     * from base_score afterwards (prior correction) so probabilities stay calibrated.
     */
    scalePosWeight: z.union([z.literal("auto"), z.number().min(0.01).max(100)]).default("auto"),
    seed: z.number().int().min(0).max(2147483647).default(42),
  })
  .strict();

export type TrainParams = z.output<typeof trainParamsSchema>;

/**
 * Defaults that depend on how many rows train. Small sets (the seed's 3,000-customer snapshot:
 * ~2,100 training rows) generalise best with shallow trees and a small step: depth 2 / eta 0.05
 * reached 97–99% of the oracle AUC where depth 3 / eta 0.2 fell to 0.915 on split seed 42. The
 * default timeline trains on ~20,500 out-of-time rows, where depth 3 / eta 0.2 / early stopping 20
 * reached 96.4–97.4% of the oracle AUC (seeds 1–5) in 80–176 rounds against 96.5–97.6% in
 * 560–800 rounds for the small-set defaults: the same model quality in half the training time.
 */
export const LARGE_TRAINING_ROWS = 10_000;
export const SIZE_DEFAULTS = {
  small: { maxDepth: 2, eta: 0.05, earlyStoppingRounds: 50 },
  large: { maxDepth: 3, eta: 0.2, earlyStoppingRounds: 20 },
} as const;

/** The deepest default: what the SHAP cost check assumes before the training rows are known. */
const DEEPEST_DEFAULT = Math.max(SIZE_DEFAULTS.small.maxDepth, SIZE_DEFAULTS.large.maxDepth);

/** Parameters with every default and scalePosWeight decided: what the worker gets and what a run stores. */
export interface ResolvedTrainParams extends Omit<TrainParams, "scalePosWeight" | "maxDepth" | "eta" | "earlyStoppingRounds"> {
  maxDepth: number;
  eta: number;
  earlyStoppingRounds: number;
  scalePosWeight: number;
  /** True when scalePosWeight came from the class ratio. */
  scalePosWeightAuto: boolean;
}

export const DEFAULT_TRAIN_PARAMS: TrainParams = trainParamsSchema.parse({});

export class ParamsError extends AppError {
  constructor(field: string, message: string) {
    super("BAD_USER_INPUT", message, { field });
    this.name = "ParamsError";
  }
}

/** Turns the first zod issue into a message naming the field and its allowed range. */
export function paramsErrorFrom(error: z.ZodError, prefix = ""): ParamsError {
  const issue = error.issues[0];
  if (!issue) return new ParamsError("", "训练参数无效 (invalid training parameters)");
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.join(", ");
    return new ParamsError(keys, `未知的训练参数 (unknown training parameter): ${keys}; 允许: ${Object.keys(PARAM_RANGES).join(", ")}`);
  }
  const field = issue.path.map(String).join(".");
  const leaf = String(issue.path[issue.path.length - 1] ?? "");
  const range = (PARAM_RANGES as Record<string, string>)[leaf];
  const allowed = range ? `，允许范围 ${range} (allowed: ${range})` : "";
  return new ParamsError(field, `训练参数 ${prefix}${field} 无效 (invalid ${prefix}${field})${allowed}: ${issue.message}`);
}

/**
 * The cross-field cap (MAX_SHAP_COST), as ParamsError on `rounds`. A check of its own rather
 * than a schema refinement so that trainParamsSchema stays extendable; parseTrainParams,
 * resolveTrainParams and trainModel all apply it.
 */
export function checkShapCost(params: { rounds: number; maxDepth?: number }): void {
  const p = { rounds: params.rounds, maxDepth: params.maxDepth ?? DEEPEST_DEFAULT };
  const cost = p.rounds * 2 ** p.maxDepth * p.maxDepth;
  if (cost <= MAX_SHAP_COST) return;
  const most = Math.floor(MAX_SHAP_COST / (2 ** p.maxDepth * p.maxDepth));
  throw new ParamsError(
    "rounds",
    `训练参数 rounds 无效：rounds × 2^maxDepth × maxDepth = ${cost} 超过上限 ${MAX_SHAP_COST}（SHAP 计算量），maxDepth = ${p.maxDepth} 时 rounds 最多 ${most} ` +
      `(invalid rounds: rounds × 2^maxDepth × maxDepth = ${cost} exceeds ${MAX_SHAP_COST}, the SHAP cost limit; with maxDepth ${p.maxDepth} at most ${most} rounds)`,
  );
}

export function parseTrainParams(input: unknown): TrainParams {
  const r = trainParamsSchema.safeParse(input ?? {});
  if (!r.success) throw paramsErrorFrom(r.error);
  checkShapCost(r.data);
  return r.data;
}

/** Fills the size defaults from the training split and decides scalePosWeight when it is "auto". */
export function resolveTrainParams(p: TrainParams, labels: ArrayLike<number>, trainIdx: ArrayLike<number>): ResolvedTrainParams {
  checkShapCost(p);
  const d = trainIdx.length >= LARGE_TRAINING_ROWS ? SIZE_DEFAULTS.large : SIZE_DEFAULTS.small;
  const sized = { ...p, maxDepth: p.maxDepth ?? d.maxDepth, eta: p.eta ?? d.eta, earlyStoppingRounds: p.earlyStoppingRounds ?? d.earlyStoppingRounds };
  if (p.scalePosWeight !== "auto") return { ...sized, scalePosWeight: p.scalePosWeight, scalePosWeightAuto: false };
  let pos = 0;
  for (let i = 0; i < trainIdx.length; i++) if (labels[trainIdx[i]!]! > 0) pos++;
  const neg = trainIdx.length - pos;
  const w = pos === 0 || neg === 0 ? 1 : neg / pos;
  return { ...sized, scalePosWeight: Math.min(100, Math.max(0.01, w)), scalePosWeightAuto: true };
}

/** The XGBoost parameter strings, every one explicit. */
export function toXgboostParams(p: ResolvedTrainParams): Record<string, string> {
  return {
    booster: "gbtree",
    objective: "binary:logistic",
    base_score: "0.5",
    max_depth: String(p.maxDepth),
    eta: String(p.eta),
    subsample: String(p.subsample),
    colsample_bytree: String(p.colsampleBytree),
    colsample_bylevel: "1",
    min_child_weight: String(p.minChildWeight),
    lambda: String(p.lambda),
    alpha: "0",
    gamma: "0",
    max_delta_step: "0",
    tree_method: p.treeMethod,
    // hist: 256 bins is XGBoost's default; set explicitly so runs are comparable across versions.
    max_bin: "256",
    scale_pos_weight: String(p.scalePosWeight),
    seed: String(p.seed),
    nthread: "1",
    silent: "1",
  };
}
