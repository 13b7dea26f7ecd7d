/**
 * AUC, average precision and the ROC and PR curves of a test set from ONE ranking (rankOrder in
 * gain-lift.ts), with the definitions of metrics.ts (ties count ½ in AUC; AP as sklearn; curves
 * one point per distinct score, downsampled to MAX_CURVE_POINTS). metrics.ts sorts once per
 * figure; on 100k rows that is four sorts (~1 s on the server's thread) where this is one.
 */
import { downsample, type CurvePoint } from "./metrics";

export interface RankedMetrics {
  /** null with one class only. */
  auc: number | null;
  averagePrecision: number;
  roc: CurvePoint[];
  pr: CurvePoint[];
}

export function rankedMetrics(labels: ArrayLike<number>, scores: ArrayLike<number>, order: Int32Array): RankedMetrics {
  if (labels.length !== scores.length || order.length !== scores.length) {
    throw new Error(`ranked metrics: 长度不一致 (labels ${labels.length}, scores ${scores.length}, order ${order.length})`);
  }
  const n = labels.length;
  let nPos = 0;
  for (let i = 0; i < n; i++) nPos += labels[i]! > 0 ? 1 : 0;
  const nNeg = n - nPos;
  const roc: CurvePoint[] = [{ x: 0, y: 0, threshold: null }];
  const pr: CurvePoint[] = [];
  let tp = 0;
  let fp = 0;
  let ap = 0;
  let prevRecall = 0;
  // Σ over negatives of the positives ranked above them (+½ for ties): Mann–Whitney U.
  let u = 0;
  let groupTp = 0;
  let groupFp = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r]!;
    if (labels[i]! > 0) groupTp++;
    else groupFp++;
    if (r + 1 < n && scores[order[r + 1]!] === scores[i]) continue;
    u += groupFp * (tp + groupTp / 2);
    tp += groupTp;
    fp += groupFp;
    groupTp = 0;
    groupFp = 0;
    const recall = nPos ? tp / nPos : 0;
    const precision = tp / (tp + fp);
    roc.push({ x: nNeg ? fp / nNeg : 0, y: recall, threshold: scores[i]! });
    pr.push({ x: recall, y: precision, threshold: scores[i]! });
    ap += (recall - prevRecall) * precision;
    prevRecall = recall;
  }
  return {
    auc: nPos > 0 && nNeg > 0 ? u / (nPos * nNeg) : null,
    averagePrecision: nPos > 0 ? ap : 0,
    roc: downsample(roc),
    pr: downsample(pr),
  };
}
