/**
 * Monitoring wired to the database (both kinds): the drift reference stored at training, drift +
 * CBPE + alerts stored with every scoring run, realised-AUC alerts once outcomes arrive, the
 * champion/challenger rule, alert events and the webhook.
 *
 * Injected drift is simulated on the stored data: a covariate shift multiplies two features of
 * the scoring snapshot; concept drift shuffles the churn events among the scored customers after
 * the world advanced (the churn mechanism no longer follows the features the model learned).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { customers, driftReferences, modelComparisons, monitorAlerts, scoringMonitors, scoringRuns, type DatasetRow } from "../../db/schema";
import { featureIndex } from "../../lib/data/catalog";
import { buildTimelineDataset, generateAndStoreDataset } from "../../lib/data/dataset-service";
import { appendTimeline } from "../../lib/data/dataset-store";
import { timelineRecords } from "../../lib/data/timeline-store";
import { createEvents } from "../../lib/events";
import { ensembleOfRun, getActiveRun, getRun } from "../../lib/ml/model-registry";
import { scoreDataset } from "../../lib/ml/scoring";
import { activateModel, startTraining, waitForRun, type TrainingDeps } from "../../lib/ml/training-service";
import { ALERT_TOPIC, alertBus, type AlertEvent } from "../../lib/monitor/alert-events";
import type { ModelComparison } from "../../lib/monitor/champion";
import { compareModelRuns } from "../../lib/monitor/champion";
import type { EstimatedQuality } from "../../lib/monitor/cbpe";
import type { DriftReport } from "../../lib/monitor/drift";
import { installMonitoring } from "../../lib/monitor/install";
import { recordOutcomes } from "../../lib/monitor/outcomes";
import { setMonitorSettingsOverride } from "../../lib/monitor/settings";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";

const TIMELINE = { customers: 800, historyWeeks: 60, horizonWeeks: 12, lookbackWeeks: 12, seed: 3 };
const FAST = { rounds: 120, earlyStoppingRounds: 20 };

describeEachDb("monitoring on %s", (kind) => {
  let h: TestDb;
  let deps: TrainingDeps;
  let dataset: DatasetRow;
  let championId = 0;
  const events: AlertEvent[] = [];
  const hooks: unknown[] = [];
  let server: Server;
  let off: () => void;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        hooks.push(JSON.parse(body));
        res.end("ok");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    installMonitoring();
    off = alertBus().subscribe(ALERT_TOPIC, (e) => events.push(e));
    h = await createTestDb(kind);
    setMonitorSettingsOverride(h.db, { webhookUrl: `http://127.0.0.1:${port}/hook?token=secret`, autoActivate: "better", activateMargin: 0.005, aucMargin: 0.05 });
    deps = { db: h.db, events: createEvents(), ownerId: "monitor-test", jobs: new Map() };
    dataset = await generateAndStoreDataset(h.db, TIMELINE);
  }, 120_000);
  afterAll(async () => {
    off?.();
    if (h) setMonitorSettingsOverride(h.db, null);
    server?.close();
    await h?.destroy();
  });

  const runsOf = (modelRunId: number) => h.db.select().from(scoringRuns).where(eq(scoringRuns.modelRunId, modelRunId));

  it("training stores the drift reference; the scoring run gets drift and a CBPE estimate; no drift → no alert", async () => {
    const run = await waitForRun(deps, (await startTraining(deps, FAST, "tester")).id);
    expect(run.status).toBe("succeeded");
    expect(run.isActive).toBe(true);
    championId = run.id;
    const [ref] = await h.db.select().from(driftReferences).where(eq(driftReferences.modelRunId, run.id));
    expect(ref?.testAuc).toBeCloseTo((run.metrics as { auc: number }).auc, 10);
    const [sr] = await runsOf(run.id);
    const [m] = await h.db.select().from(scoringMonitors).where(eq(scoringMonitors.scoringRunId, sr!.id));
    const drift = m!.drift as DriftReport;
    const est = m!.estimated as EstimatedQuality;
    expect(drift.features).toHaveLength(29);
    expect(drift.score).not.toBeNull();
    expect(drift.driftedFeatures).toEqual([]);
    expect(est.auc!.lower).toBeLessThan(est.auc!.estimate);
    expect(est.auc!.upper).toBeGreaterThan(est.auc!.estimate);
    expect(est.customers).toBe(sr!.scoredCount);
    expect(await h.db.select().from(monitorAlerts)).toEqual([]);
  }, 120_000);

  it("a worse challenger is never activated automatically; it is compared and stays a challenger until an admin activates it", async () => {
    // Two depth-1 rounds: clearly worse than the champion.
    const weak = await waitForRun(deps, (await startTraining(deps, { rounds: 2, maxDepth: 1, earlyStoppingRounds: 0 }, "tester")).id);
    expect(weak.status).toBe("succeeded");
    expect(weak.isActive).toBe(false);
    expect((await getActiveRun(h.db))!.id).toBe(championId);
    const [cmp] = await h.db.select().from(modelComparisons).where(eq(modelComparisons.challengerId, weak.id));
    expect(cmp!.decision).toBe("kept_challenger");
    const c = cmp!.comparison as ModelComparison;
    expect(c.championId).toBe(championId);
    expect(c.auc.diff).toBeLessThan(0);
    expect(c.auc.lower).toBeLessThanOrEqual(c.auc.diff);
    expect(c.auc.upper).toBeGreaterThanOrEqual(c.auc.diff);
    expect(c.roc.champion.length).toBeGreaterThan(2);
    expect(c.pr.challenger.length).toBeGreaterThanOrEqual(2);
    expect(c.importance).toHaveLength(29);
    expect(c.topK.overlap).toBeLessThanOrEqual(c.topK.k);
    // compareModels reads the stored comparison.
    expect((await compareModelRuns(h.db, championId, weak.id))!.auc.diff).toBe(c.auc.diff);

    // The same challenger under AUTO_ACTIVATE=never: still not active.
    setMonitorSettingsOverride(h.db, { webhookUrl: null, autoActivate: "never" });
    const again = await waitForRun(deps, (await startTraining(deps, FAST, "tester")).id);
    expect(again.isActive).toBe(false);
    expect((await getActiveRun(h.db))!.id).toBe(championId);

    // An admin's action activates it; then the champion is restored the same way.
    await activateModel(deps, weak.id);
    expect((await getActiveRun(h.db))!.id).toBe(weak.id);
    await activateModel(deps, championId);
    expect((await getActiveRun(h.db))!.id).toBe(championId);
  }, 180_000);

  it("injected covariate shift in two features: both flagged, an alert naming them in that one scoring run, published and posted to the webhook", async () => {
    setMonitorSettingsOverride(h.db, { webhookUrl: hooksUrl(), autoActivate: "better" });
    events.length = 0;
    for (const [key, factor] of [
      ["logins_total", 0.5],
      ["assets_latest", 3],
    ] as const) {
      const k = featureIndex(key) + 1;
      await h.db.execute(
        sql.raw(`update feature_vectors set values[${k}] = case when values[${k}] = -1 then -1 else values[${k}] * ${factor} end where dataset_id = ${dataset.id} and as_of_week = ${dataset.asOfWeek}`),
      );
    }
    const champ = (await getRun(h.db, championId))!;
    await scoreDataset(h.db, championId, ensembleOfRun(champ), dataset);
    const [sr] = (await runsOf(championId)).filter((r) => r.asOfWeek === dataset.asOfWeek);
    const [m] = await h.db.select().from(scoringMonitors).where(eq(scoringMonitors.scoringRunId, sr!.id));
    expect((m!.drift as DriftReport).driftedFeatures).toEqual(expect.arrayContaining(["logins_total", "assets_latest"]));
    const alerts = await h.db.select().from(monitorAlerts).where(eq(monitorAlerts.scoringRunId, sr!.id));
    const drift = alerts.find((a) => a.kind === "feature_drift");
    expect(drift, JSON.stringify(alerts.map((a) => a.kind))).toBeDefined();
    expect((drift!.features as { key: string }[]).map((f) => f.key)).toEqual(expect.arrayContaining(["logins_total", "assets_latest"]));
    expect(drift!.suggestion).toMatch(/重新训练/);
    expect(events.map((e) => e.kind)).toContain("feature_drift");
    const posted = () => (hooks as { alert: { kind: string; modelRunId: number } }[]).some((x) => x.alert.kind === "feature_drift" && x.alert.modelRunId === championId);
    await expect.poll(posted, { timeout: 15_000 }).toBe(true);
  }, 120_000);

  it("concept drift: once outcomes arrive the realised AUC drops and a realised-AUC alert fires", async () => {
    const [before] = (await runsOf(championId)).filter((r) => r.asOfWeek === dataset.asOfWeek);
    const g = dataset.generator!;
    const td = await buildTimelineDataset({ customers: g.customers, historyWeeks: dataset.nWeeks + dataset.horizonWeeks, horizonWeeks: dataset.horizonWeeks, lookbackWeeks: dataset.lookbackWeeks, seed: g.seed, churnRate: g.churnRate, startDate: g.startDate, intercept: g.intercept });
    const advanced = await appendTimeline(h.db, dataset, timelineRecords(td, dataset.name));
    // A changed churn mechanism: the churn events after the scoring date go to other customers.
    const later = await h.db
      .select({ id: customers.id, week: customers.churnWeek, type: customers.churnType })
      .from(customers)
      .where(and(eq(customers.datasetId, dataset.id), isNotNull(customers.churnWeek), sql`${customers.churnWeek} >= ${dataset.asOfWeek}`));
    const active = await h.db.execute<{ id: string }>(sql`select customer_id as id from feature_vectors where dataset_id = ${dataset.id} and as_of_week = ${dataset.asOfWeek} order by md5(customer_id)`);
    const ids = (Array.isArray(active) ? active : (active as { rows: { id: string }[] }).rows).map((r) => r.id);
    await h.db.update(customers).set({ churnWeek: null, churnType: null }).where(and(eq(customers.datasetId, dataset.id), sql`${customers.churnWeek} >= ${dataset.asOfWeek}`));
    for (let i = 0; i < later.length && i < ids.length; i++) {
      await h.db.update(customers).set({ churnWeek: later[i]!.week, churnType: later[i]!.type }).where(and(eq(customers.datasetId, dataset.id), eq(customers.id, ids[i]!)));
    }
    const done = await recordOutcomes(h.db, advanced);
    const row = done.find((r) => r.id === before!.id)!;
    expect(row.realised!.auc).not.toBeNull();
    const testAuc = (await h.db.select().from(driftReferences).where(eq(driftReferences.modelRunId, championId)))[0]!.testAuc!;
    expect(row.realised!.auc!).toBeLessThan(testAuc - 0.05);
    const alerts = await h.db.select().from(monitorAlerts).where(and(eq(monitorAlerts.scoringRunId, row.id), eq(monitorAlerts.kind, "realised_auc_drop")));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.severity).toBe("critical");
    console.info(`[${kind}] concept drift: realised AUC ${row.realised!.auc!.toFixed(3)} vs test AUC ${testAuc.toFixed(3)}`);
  }, 180_000);

  function hooksUrl(): string {
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook?token=secret`;
  }
});
