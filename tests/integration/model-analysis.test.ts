/**
 * Model page analysis over GraphQL (#16): a run on its out-of-time test set (metrics, bounded
 * curves, a gain table) and two runs compared on the same rows, on both databases.
 */
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { ensureAdmin } from "../../lib/auth/accounts";
import { generateAndStoreDataset } from "../../lib/data/dataset-service";
import { createEvents } from "../../lib/events";
import { bestCut } from "../../lib/ml/cost-threshold";
import { startTraining, waitForRun, type TrainingDeps } from "../../lib/ml/training-service";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";
import { adminTokenFor, startInProcessServer, type InProcessServer } from "../support/in-process-server";
import { postGql } from "../support/raw-graphql";

vi.mock("graphql", async () => (await import("node:module")).createRequire(import.meta.url)("graphql"));

const BOOT = { email: "analysis-admin@test.local", password: "analysis-admin-pass-5521" };
const TIMELINE = { customers: 600, historyWeeks: 50, horizonWeeks: 12, lookbackWeeks: 12, seed: 5 };
const EVAL = "runId testAsOfWeek testAsOfDate rows positives auc averagePrecision brier logLoss k precisionAtK recallAtK roc { x y } pr { x y } calibration { count } gain { threshold flagged truePositives } meanChurnerAssets defaultRetainedValue defaultContactCost defaultSuccessRate";

interface Evaluation {
  runId: number;
  testAsOfWeek: number;
  testAsOfDate: string | null;
  rows: number;
  positives: number;
  auc: number;
  averagePrecision: number;
  brier: number;
  logLoss: number;
  k: number;
  precisionAtK: number;
  recallAtK: number;
  roc: { x: number; y: number }[];
  pr: { x: number; y: number }[];
  calibration: { count: number }[];
  gain: { threshold: number; flagged: number; truePositives: number }[];
  meanChurnerAssets: number | null;
  defaultRetainedValue: number;
  defaultContactCost: number;
  defaultSuccessRate: number;
}

describeEachDb("model analysis over GraphQL (%s)", (kind) => {
  let t: TestDb;
  let srv: InProcessServer;
  let token = "";
  let strong = { id: 0, auc: 0, testWeek: 0 };
  let weak = { id: 0, auc: 0, testWeek: 0 };

  beforeAll(async () => {
    t = await createTestDb(kind);
    await ensureAdmin(t.db, BOOT.email, BOOT.password);
    await generateAndStoreDataset(t.db, TIMELINE);
    const deps: TrainingDeps = { db: t.db, events: createEvents(), ownerId: "analysis-test", jobs: new Map() };
    for (const [params, set] of [
      [{ rounds: 80, earlyStoppingRounds: 20 }, (r: typeof strong) => (strong = r)],
      [{ rounds: 2, maxDepth: 1, earlyStoppingRounds: 0 }, (r: typeof strong) => (weak = r)],
    ] as const) {
      const run = await waitForRun(deps, (await startTraining(deps, params, "tester")).id);
      expect(run.status).toBe("succeeded");
      set({ id: run.id, auc: (run.metrics as { auc: number }).auc, testWeek: run.split!.test });
    }
    srv = await startInProcessServer(t);
    token = await adminTokenFor(srv, BOOT);
  }, 240_000);

  afterAll(async () => {
    await srv?.close();
    await t?.destroy();
  });

  const gql = async (query: string, variables: Record<string, unknown>) => (await postGql(srv.url, query, variables, { token })).json;

  it("runEvaluation: the run's test-set AUC as stored at training, bounded curves, a gain table ending with every row", async () => {
    const r = await gql(`query ($id: Int!) { runEvaluation(runId: $id, bins: 50) { ${EVAL} } }`, { id: strong.id });
    expect(r?.errors).toBeUndefined();
    const e = (r?.data as { runEvaluation: Evaluation }).runEvaluation;
    expect(e.runId).toBe(strong.id);
    expect(e.testAsOfWeek).toBe(strong.testWeek);
    expect(e.testAsOfDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(e.auc).toBeCloseTo(strong.auc, 6);
    expect(e.positives).toBeGreaterThan(0);
    expect(e.k).toBe(Math.round(e.rows / 10));
    expect(e.roc.length).toBeLessThanOrEqual(200);
    expect(e.calibration.reduce((s, b) => s + b.count, 0)).toBe(e.rows);
    expect(e.gain.length).toBeLessThanOrEqual(50);
    expect(e.gain.at(-1)).toMatchObject({ flagged: e.rows, truePositives: e.positives });
    // Gain is monotone, and the top cuts are richer in churners than the base rate.
    for (let i = 1; i < e.gain.length; i++) expect(e.gain[i]!.truePositives).toBeGreaterThanOrEqual(e.gain[i - 1]!.truePositives);
    expect(e.precisionAtK).toBeGreaterThan(e.positives / e.rows);
    expect(e.defaultContactCost).toBe(100);
    expect(e.defaultRetainedValue).toBeGreaterThan(0);
    // The EV choice the page makes from this table: a dearer contact never contacts more customers.
    const table = { total: e.rows, positives: e.positives, cuts: e.gain };
    const cheap = bestCut(table, { contactCost: 20, retainedValue: e.defaultRetainedValue, successRate: 0.3 });
    const dear = bestCut(table, { contactCost: 400, retainedValue: e.defaultRetainedValue, successRate: 0.3 });
    expect(dear.flagged).toBeLessThanOrEqual(cheap.flagged);
  });

  it("runComparison: both runs on the same rows with the same K, AUC difference inside its bootstrap interval", async () => {
    const r = await gql(
      `query ($a: Int!, $b: Int!) { runComparison(runA: $a, runB: $b) { sameRows aucDiff aucDiffLower aucDiffUpper a { ${EVAL} } b { ${EVAL} } } }`,
      { a: strong.id, b: weak.id },
    );
    expect(r?.errors).toBeUndefined();
    const c = (r?.data as { runComparison: { sameRows: boolean; aucDiff: number; aucDiffLower: number; aucDiffUpper: number; a: Evaluation; b: Evaluation } }).runComparison;
    expect(c.sameRows).toBe(true);
    expect(c.a.testAsOfWeek).toBe(Math.max(strong.testWeek, weak.testWeek));
    expect(c.b.testAsOfWeek).toBe(c.a.testAsOfWeek);
    expect([c.b.rows, c.b.positives, c.b.k]).toEqual([c.a.rows, c.a.positives, c.a.k]);
    expect(c.aucDiff).toBeCloseTo(c.b.auc - c.a.auc, 10);
    expect(c.aucDiff).toBeLessThan(0);
    expect(c.aucDiffLower).toBeLessThanOrEqual(c.aucDiff);
    expect(c.aucDiffUpper).toBeGreaterThanOrEqual(c.aucDiff);
    expect(c.a.roc.length).toBeGreaterThan(2);
    expect(c.b.pr.length).toBeGreaterThanOrEqual(1);
  });

  it("bad input: bins out of range names the field and the limit; an unknown run is NOT_FOUND", async () => {
    const bad = await gql(`query ($id: Int!) { runEvaluation(runId: $id, bins: 0) { rows } }`, { id: strong.id });
    expect(bad?.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(bad?.errors?.[0]?.message).toMatch(/bins.*1\.\.1000/);
    const missing = await gql(`query { runComparison(runA: 999999, runB: 999998) { sameRows } }`, {});
    expect(missing?.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});
