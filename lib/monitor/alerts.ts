/**
 * Alert rules for one scoring run: its drift, its estimated performance (CBPE, before outcomes)
 * and its realised performance (after t + H) against the model's test AUC. Pure: the caller
 * stores the alerts, publishes them and calls the webhook.
 *
 * Every alert names the features that moved (drifted first, then warnings, by PSI) and suggests
 * retraining, so the analyst sees what changed and what to do without opening the drift table.
 */
import type { RealisedQuality } from "../../db/json-types";
import { featureInfo } from "../data/catalog";
import type { EstimatedQuality } from "./cbpe";
import type { DriftReport, DriftStatus } from "./drift";

export type AlertKind = "estimated_auc_drop" | "realised_auc_drop" | "feature_drift" | "score_drift" | "data_quality";
export type AlertSeverity = "warning" | "critical";

export interface MovedFeature {
  key: string;
  zh: string;
  psi: number;
  status: DriftStatus;
}

/** JSON-serialisable (a jsonb column or a GraphQL object). */
export interface MonitorAlert {
  kind: AlertKind;
  severity: AlertSeverity;
  /** Chinese, for the dashboard and the webhook. */
  message: string;
  /** The measured value and the limit it crossed (AUC, PSI or share). */
  value: number;
  limit: number;
  features: MovedFeature[];
  suggestion: string;
}

export interface AlertPolicy {
  /** Alert when an AUC falls below test AUC − aucMargin (default 0.05). */
  aucMargin: number;
  /** Estimated AUC alerts only when the band's upper end is below the limit too (default false). */
  requireBandBelow: boolean;
  /** Feature drift alert when at least this many features drifted (default 1). */
  minDriftedFeatures: number;
  /** Data-quality alert when a feature's missing share rises by at least this much (default 0.05). */
  missingShareIncrease: number;
  /** Data-quality alert when a feature's out-of-range share reaches this (default 0.05). */
  outOfRangeShare: number;
  /** Moved features listed per alert (default 5). */
  maxFeatures: number;
  /**
   * Features the market moves for every customer at once (returns, drawdown, asset change): their
   * drift is reported but raises no feature-drift alert by itself — a market swing is not a data
   * problem, and what it does to the model shows in the score drift and the estimated AUC.
   */
  marketFeatures: readonly string[];
}

export const MARKET_FEATURES: readonly string[] = ["return_12w", "excess_return", "max_drawdown", "assets_change_pct", "assets_trend"];

export const DEFAULT_ALERT_POLICY: Readonly<AlertPolicy> = {
  aucMargin: 0.05,
  requireBandBelow: false,
  minDriftedFeatures: 1,
  missingShareIncrease: 0.05,
  outOfRangeShare: 0.05,
  maxFeatures: 5,
  marketFeatures: MARKET_FEATURES,
};

export interface AlertInput {
  /** The model's out-of-time test AUC (model run metrics). */
  testAuc: number;
  drift: DriftReport | null;
  estimated: EstimatedQuality | null;
  realised: RealisedQuality | null;
}

export class AlertInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "AlertInputError";
  }
}

const RETRAIN = "建议用最近的已标注观察日期重新训练模型，并在挑战者模型优于当前模型后再启用";
const RETRAIN_DATA = "建议先核对数据导入与特征口径；若数据无误，再用最近的数据重新训练模型";

function checkPolicy(p: AlertPolicy): void {
  const bad = (field: string, zh: string, en: string, v: unknown) => new AlertInputError(field, `${field} 必须${zh} (${field} must be ${en}), got ${String(v)}`);
  if (!(p.aucMargin >= 0 && p.aucMargin <= 0.5)) throw bad("aucMargin", "在 [0, 0.5] 之间", "in [0, 0.5]", p.aucMargin);
  if (!(Number.isInteger(p.minDriftedFeatures) && p.minDriftedFeatures >= 1)) throw bad("minDriftedFeatures", "是正整数", "a positive integer", p.minDriftedFeatures);
  if (!(p.missingShareIncrease > 0 && p.missingShareIncrease <= 1)) throw bad("missingShareIncrease", "在 (0, 1] 之间", "in (0, 1]", p.missingShareIncrease);
  if (!(p.outOfRangeShare > 0 && p.outOfRangeShare <= 1)) throw bad("outOfRangeShare", "在 (0, 1] 之间", "in (0, 1]", p.outOfRangeShare);
  if (!(Number.isInteger(p.maxFeatures) && p.maxFeatures >= 1)) throw bad("maxFeatures", "是正整数", "a positive integer", p.maxFeatures);
}

function movedFeatures(drift: DriftReport | null, max: number): MovedFeature[] {
  if (!drift) return [];
  return drift.features
    .filter((f) => f.status !== "ok")
    .sort((a, b) => (a.status === b.status ? b.psi - a.psi : a.status === "drift" ? -1 : 1))
    .slice(0, max)
    .map((f) => ({ key: f.key, zh: featureInfo(f.key)?.zh ?? f.key, psi: f.psi, status: f.status }));
}

const fmt = (v: number) => v.toFixed(3);
const names = (fs: MovedFeature[]) => (fs.length ? fs.map((f) => `${f.zh}(PSI ${fmt(f.psi)})`).join("、") : "无明显漂移的特征");

/** The alerts one scoring run raises, most severe first. */
export function evaluateAlerts(input: AlertInput, policy: Partial<AlertPolicy> = {}): MonitorAlert[] {
  const p: AlertPolicy = { ...DEFAULT_ALERT_POLICY, ...policy };
  checkPolicy(p);
  if (!(input.testAuc > 0 && input.testAuc <= 1)) throw new AlertInputError("testAuc", `testAuc 必须在 (0, 1] 之间 (testAuc must be in (0, 1]), got ${input.testAuc}`);
  const moved = movedFeatures(input.drift, p.maxFeatures);
  const limit = input.testAuc - p.aucMargin;
  const alerts: MonitorAlert[] = [];

  const realisedAuc = input.realised?.auc ?? null;
  if (realisedAuc !== null && realisedAuc < limit) {
    alerts.push({
      kind: "realised_auc_drop",
      severity: "critical",
      message: `实际 AUC ${fmt(realisedAuc)} 低于测试 AUC ${fmt(input.testAuc)} 减去容差 ${p.aucMargin}（${fmt(limit)}）；变化较大的特征：${names(moved)}`,
      value: realisedAuc,
      limit,
      features: moved,
      suggestion: RETRAIN,
    });
  }

  const est = input.estimated?.auc ?? null;
  if (est && est.estimate < limit && (!p.requireBandBelow || est.upper < limit)) {
    alerts.push({
      kind: "estimated_auc_drop",
      severity: "warning",
      message: `预估 AUC ${fmt(est.estimate)}（区间 ${fmt(est.lower)}–${fmt(est.upper)}）低于测试 AUC ${fmt(input.testAuc)} 减去容差 ${p.aucMargin}（${fmt(limit)}）；变化较大的特征：${names(moved)}`,
      value: est.estimate,
      limit,
      features: moved,
      suggestion: RETRAIN,
    });
  }

  const drift = input.drift;
  const market = new Set(p.marketFeatures);
  const ownDrifted = drift ? drift.driftedFeatures.filter((k) => !market.has(k)) : [];
  if (drift && ownDrifted.length >= p.minDriftedFeatures) {
    // The features that moved on their own first, then the market's.
    const drifted = movedFeatures({ ...drift, features: drift.features.filter((f) => f.status === "drift" && !market.has(f.key)) }, p.maxFeatures);
    alerts.push({
      kind: "feature_drift",
      severity: ownDrifted.length / drift.features.length >= 0.25 ? "critical" : "warning",
      message: `${ownDrifted.length} 个特征发生漂移（占 ${((ownDrifted.length / drift.features.length) * 100).toFixed(0)}%）：${names(drifted)}${ownDrifted.length < drift.driftedFeatures.length ? `；另有 ${drift.driftedFeatures.length - ownDrifted.length} 个市场相关特征随行情变化` : ""}`,
      value: ownDrifted.length,
      limit: p.minDriftedFeatures,
      features: drifted,
      suggestion: RETRAIN,
    });
  }
  if (drift?.score && drift.score.status === "drift") {
    alerts.push({
      kind: "score_drift",
      severity: "warning",
      message: `预测概率分布发生漂移（PSI ${fmt(drift.score.psi)}，平均概率 ${fmt(drift.score.referenceMean)} → ${fmt(drift.score.mean)}）；变化较大的特征：${names(moved)}`,
      value: drift.score.psi,
      limit: drift.score.limits.drift,
      features: moved,
      suggestion: RETRAIN,
    });
  }
  if (drift) {
    const issues: string[] = [];
    const affected: MovedFeature[] = [];
    let worst = 0;
    for (const f of drift.features) {
      const q = f.quality;
      const parts: string[] = [];
      const missingUp = q.missingShare - q.referenceMissingShare;
      if (missingUp >= p.missingShareIncrease) parts.push(`缺失比例 ${(q.referenceMissingShare * 100).toFixed(1)}% → ${(q.missingShare * 100).toFixed(1)}%`);
      if (q.outOfRangeShare >= p.outOfRangeShare) parts.push(`${(q.outOfRangeShare * 100).toFixed(1)}% 的值超出训练数据范围`);
      if (q.newCategories.length) parts.push(`新类别 ${q.newCategories.map((c) => `${c.code}${c.inCatalog ? "" : "(目录外)"}`).join("、")}`);
      if (!parts.length) continue;
      worst = Math.max(worst, missingUp, q.outOfRangeShare, ...q.newCategories.map((c) => c.share));
      const zh = featureInfo(f.key)?.zh ?? f.key;
      issues.push(`${zh}：${parts.join("，")}`);
      affected.push({ key: f.key, zh, psi: f.psi, status: f.status });
    }
    if (issues.length) {
      alerts.push({
        kind: "data_quality",
        severity: "warning",
        message: `数据质量问题：${issues.slice(0, p.maxFeatures).join("；")}${issues.length > p.maxFeatures ? ` 等 ${issues.length} 个特征` : ""}`,
        value: worst,
        limit: Math.min(p.missingShareIncrease, p.outOfRangeShare),
        features: affected.slice(0, p.maxFeatures),
        suggestion: RETRAIN_DATA,
      });
    }
  }
  const rank = (a: MonitorAlert) => (a.severity === "critical" ? 0 : 1);
  return alerts.sort((a, b) => rank(a) - rank(b));
}
