/**
 * Monitoring wired to the database: the drift reference is stored with a model run at training;
 * every scoring run gets its drift, its CBPE estimate and its alerts; once outcomes arrive, the
 * realised AUC is checked too. Monitoring never fails a scoring: errors are logged and scoring
 * goes on (the predictions are already stored when it runs).
 */
import { and, desc, eq, ne, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { driftReferences, modelRuns, monitorAlerts, scoringMonitors, scoringRuns, type MonitorAlertRow, type ScoringRunRow } from "../../db/schema";
import type { TreeEnsemble } from "../ml/ensemble";
import { RISK_THRESHOLDS } from "../ml/risk";
import { alertBus, ALERT_TOPIC } from "./alert-events";
import { evaluateAlerts, type MonitorAlert } from "./alerts";
import { estimatePerformanceSteps, type EstimatedQuality } from "./cbpe";
import { driftSteps, type DriftReference, type DriftReport } from "./drift";
import { runInSlices, runToEnd, type Pausable } from "../runtime/time-slice";
import { referenceInWorker } from "./reference-in-worker";
import type { ReferenceRows } from "./reference";
import { monitorSettings, type MonitorSettings } from "./settings";
import { postAlertWebhook } from "./webhook";

export { referenceOf, referenceRows, type ReferenceRows } from "./reference";

export async function storeDriftReference(db: Db, modelRunId: number, reference: DriftReference, testAuc: number | null): Promise<void> {
  await db
    .insert(driftReferences)
    .values({ modelRunId, reference, testAuc })
    .onConflictDoUpdate({ target: driftReferences.modelRunId, set: { reference, testAuc, createdAt: new Date() } });
}

/** Training hook: builds and stores the reference; a failure is logged, never fails the training. */
export async function recordTrainingReference(db: Db, modelRunId: number, ensemble: TreeEnsemble, rows: ReferenceRows, testAuc: number | null): Promise<void> {
  try {
    // ~1 s of CPU for the default timeline (a prediction and quantile bins of 29 features over
    // 70,000 rows): a worker thread builds it so the server keeps answering.
    await storeDriftReference(db, modelRunId, await referenceInWorker(ensemble, rows), testAuc);
  } catch (e) {
    console.warn(`[monitor] 无法保存漂移参考 (drift reference not stored) run=${modelRunId}: ${(e as Error).message}`);
  }
}

async function testAucOf(db: Db, modelRunId: number): Promise<{ reference: DriftReference | null; testAuc: number | null }> {
  const [ref] = await db.select().from(driftReferences).where(eq(driftReferences.modelRunId, modelRunId)).limit(1);
  let testAuc = ref?.testAuc ?? null;
  if (testAuc === null) {
    const [run] = await db.select({ metrics: modelRuns.metrics }).from(modelRuns).where(eq(modelRuns.id, modelRunId)).limit(1);
    const auc = (run?.metrics as { auc?: unknown } | null)?.auc;
    testAuc = typeof auc === "number" ? auc : null;
  }
  return { reference: (ref?.reference as DriftReference | undefined) ?? null, testAuc };
}

export interface ScoringMonitorResult {
  scoringRunId: number;
  drift: DriftReport | null;
  estimated: EstimatedQuality;
  alerts: MonitorAlertRow[];
}

/** Pure part: drift, estimate and alerts of one scoring. */
export function assessScoring(
  reference: DriftReference | null,
  testAuc: number | null,
  X: Float64Array,
  nCols: number,
  probability: Float64Array,
  s: Pick<MonitorSettings, "psiWarning" | "psiDrift" | "aucMargin">,
): ScoringAssessment {
  return runToEnd(assessScoringSteps(reference, testAuc, X, nCols, probability, s));
}

interface ScoringAssessment {
  drift: DriftReport | null;
  estimated: EstimatedQuality;
  alerts: MonitorAlert[];
}

/** assessScoring as a pausable computation (drift pauses per feature, CBPE per replicate). */
function* assessScoringSteps(...[reference, testAuc, X, nCols, probability, s]: Parameters<typeof assessScoring>): Pausable<ScoringAssessment> {
  const drift = reference ? yield* driftSteps(reference, { X, nCols }, { score: reference.score ? probability : undefined, thresholds: { warning: s.psiWarning, drift: s.psiDrift } }) : null;
  const estimated = yield* estimatePerformanceSteps(probability, { threshold: RISK_THRESHOLDS.high });
  const alerts = testAuc !== null && testAuc > 0 ? evaluateAlerts({ testAuc, drift, estimated, realised: null }, { aucMargin: s.aucMargin }) : [];
  return { drift, estimated, alerts };
}

async function insertAlerts(db: Db, run: Pick<ScoringRunRow, "id" | "modelRunId" | "datasetId" | "asOfWeek">, alerts: MonitorAlert[], settings: MonitorSettings): Promise<MonitorAlertRow[]> {
  if (!alerts.length) return [];
  const rows = await db
    .insert(monitorAlerts)
    .values(
      alerts.map((a) => ({
        scoringRunId: run.id,
        modelRunId: run.modelRunId,
        datasetId: run.datasetId,
        asOfWeek: run.asOfWeek,
        kind: a.kind,
        severity: a.severity,
        message: a.message,
        value: a.value,
        limit: a.limit,
        features: a.features,
        suggestion: a.suggestion,
      })),
    )
    .onConflictDoNothing()
    .returning();
  for (const r of rows) {
    alertBus().publish(ALERT_TOPIC, { id: r.id, scoringRunId: r.scoringRunId, modelRunId: r.modelRunId, datasetId: r.datasetId, asOfWeek: r.asOfWeek, kind: r.kind, severity: r.severity, message: r.message });
    if (settings.webhookUrl) {
      // Not awaited: a slow or failing receiver never holds up scoring.
      void postAlertWebhook(settings.webhookUrl, {
        kind: r.kind,
        severity: r.severity,
        message: r.message,
        suggestion: r.suggestion,
        features: r.features as MonitorAlert["features"],
        modelRunId: r.modelRunId,
        scoringRunId: r.scoringRunId,
        asOfWeek: r.asOfWeek,
      });
    }
  }
  return rows;
}

/**
 * Drift, CBPE and alerts of the scoring run of (model, dataset, as-of), stored. A re-scoring of
 * the same as-of replaces its drift and its drift/estimate alerts (realised ones stay).
 */
export async function monitorScoring(
  db: Db,
  scope: { modelRunId: number; datasetId: number; asOfWeek: number },
  X: Float64Array,
  nCols: number,
  probability: Float64Array,
  settings: MonitorSettings = monitorSettings(db),
): Promise<ScoringMonitorResult | null> {
  const [run] = await db
    .select()
    .from(scoringRuns)
    .where(and(eq(scoringRuns.modelRunId, scope.modelRunId), eq(scoringRuns.datasetId, scope.datasetId), eq(scoringRuns.asOfWeek, scope.asOfWeek)))
    .limit(1);
  if (!run || probability.length === 0) return null;
  const { reference, testAuc } = await testAucOf(db, scope.modelRunId);
  const { drift, estimated, alerts } = await runInSlices(assessScoringSteps(reference, testAuc, X, nCols, probability, settings));
  await db
    .insert(scoringMonitors)
    .values({ scoringRunId: run.id, drift, estimated })
    .onConflictDoUpdate({ target: scoringMonitors.scoringRunId, set: { drift, estimated, createdAt: new Date() } });
  await db.delete(monitorAlerts).where(and(eq(monitorAlerts.scoringRunId, run.id), ne(monitorAlerts.kind, "realised_auc_drop")));
  const rows = await insertAlerts(db, run, alerts, settings);
  return { scoringRunId: run.id, drift, estimated, alerts: rows };
}

/** Scoring hook: monitorScoring that logs instead of throwing. */
export async function monitorScoringSafely(
  db: Db,
  scope: { modelRunId: number; datasetId: number; asOfWeek: number },
  X: Float64Array,
  nCols: number,
  probability: Float64Array,
): Promise<void> {
  try {
    await monitorScoring(db, scope, X, nCols, probability);
  } catch (e) {
    console.warn(`[monitor] 监控计算失败 (monitoring failed) run=${scope.modelRunId} as-of=${scope.asOfWeek}: ${(e as Error).message}`);
  }
}

/** Outcomes arrived for a scoring run: a realised-AUC alert when it fell below test AUC − margin. */
export async function alertOnOutcomes(db: Db, run: ScoringRunRow, settings: MonitorSettings = monitorSettings(db)): Promise<MonitorAlertRow[]> {
  if (!run.realised) return [];
  const { testAuc } = await testAucOf(db, run.modelRunId);
  if (testAuc === null || !(testAuc > 0)) return [];
  const [m] = await db.select().from(scoringMonitors).where(eq(scoringMonitors.scoringRunId, run.id)).limit(1);
  const drift = (m?.drift as DriftReport | null | undefined) ?? null;
  const alerts = evaluateAlerts({ testAuc, drift, estimated: null, realised: run.realised }, { aucMargin: settings.aucMargin }).filter((a) => a.kind === "realised_auc_drop");
  return insertAlerts(db, run, alerts, settings);
}

export async function listAlerts(db: Db, opts: { limit: number; datasetId?: number }): Promise<MonitorAlertRow[]> {
  const q = db.select().from(monitorAlerts);
  const filtered = opts.datasetId !== undefined ? q.where(eq(monitorAlerts.datasetId, opts.datasetId)) : q;
  return filtered.orderBy(desc(monitorAlerts.createdAt), desc(monitorAlerts.id)).limit(opts.limit);
}

export interface ScoringRunMonitor {
  run: ScoringRunRow;
  drift: DriftReport | null;
  estimated: EstimatedQuality | null;
}

/** Scoring runs of a dataset with their drift and estimate, oldest as-of first (charts). */
export async function listScoringMonitors(db: Db, datasetId: number, limit: number): Promise<ScoringRunMonitor[]> {
  const rows = await db
    .select({ run: scoringRuns, drift: scoringMonitors.drift, estimated: scoringMonitors.estimated })
    .from(scoringRuns)
    .leftJoin(scoringMonitors, eq(scoringMonitors.scoringRunId, scoringRuns.id))
    .where(eq(scoringRuns.datasetId, datasetId))
    .orderBy(desc(scoringRuns.asOfWeek), desc(scoringRuns.id))
    .limit(limit);
  return rows.reverse().map((r) => ({ run: r.run, drift: (r.drift as DriftReport | null) ?? null, estimated: (r.estimated as EstimatedQuality | null) ?? null }));
}

/** Alerts per scoring run id (counts only), for lists. */
export async function alertCounts(db: Db, scoringRunIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (!scoringRunIds.length) return out;
  const rows = await db
    .select({ id: monitorAlerts.scoringRunId, n: sql<number>`count(*)::int` })
    .from(monitorAlerts)
    .where(sql`${monitorAlerts.scoringRunId} in (${sql.join(scoringRunIds.map((i) => sql`${i}`), sql`, `)})`)
    .groupBy(monitorAlerts.scoringRunId);
  for (const r of rows) out.set(r.id, Number(r.n));
  return out;
}

export async function getAlert(db: Db, id: number): Promise<MonitorAlertRow | null> {
  const [a] = await db.select().from(monitorAlerts).where(eq(monitorAlerts.id, id)).limit(1);
  return a ?? null;
}

/** Test AUC per model run (the level alerts compare with). */
export async function testAucs(db: Db, modelRunIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const id of modelRunIds) {
    const { testAuc } = await testAucOf(db, id);
    if (testAuc !== null) out.set(id, testAuc);
  }
  return out;
}
