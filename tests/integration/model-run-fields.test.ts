/**
 * ModelRun resolves from the stored run summary (codegen mapper ModelRun → ModelRunSummary): the
 * fields whose stored form differs (status, params, split, backtest, learning curve, metrics)
 * are mapped per field, in lists, single reads and the training subscription's replay alike.
 */
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { ensureAdmin } from "../../lib/auth/accounts";
import { modelRuns } from "../../db/schema";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";
import { adminTokenFor, startInProcessServer, type InProcessServer } from "../support/in-process-server";
import { postGql, wsOnce } from "../support/raw-graphql";

vi.mock("graphql", async () => (await import("node:module")).createRequire(import.meta.url)("graphql"));

const BOOT = { email: "runs-admin@test.local", password: "runs-admin-pass-7719" };
const FIELDS = "id status phase isActive params { maxDepth eta } metrics { auc } learningCurve { round validAuc } split { trainWeeks validWeek testWeek horizonWeeks } backtest { asOfWeek role auc } horizonWeeks";

describeEachDb("ModelRun fields from the stored summary (%s)", (kind) => {
  let t: TestDb;
  let srv: InProcessServer;
  let token = "";
  let runId = 0;

  beforeAll(async () => {
    t = await createTestDb(kind);
    await ensureAdmin(t.db, BOOT.email, BOOT.password);
    srv = await startInProcessServer(t);
    token = await adminTokenFor(srv, BOOT);
    const [row] = await t.db
      .insert(modelRuns)
      .values({
        status: "succeeded",
        phase: "done",
        params: { maxDepth: 3, eta: 0.2, rounds: 10 },
        featureNames: ["a"],
        metrics: { auc: 0.81 },
        learningCurve: [{ round: 1, trainLogloss: 0.6, validLogloss: 0.62, validAuc: 0.7 }],
        split: { train: [10, 11], valid: 12, test: 14, horizonWeeks: 12 },
        backtest: [{ asOfWeek: 14, asOfDate: null, role: "test", customers: 100, churned: 10, auc: 0.8, recallAtK: 0.5, k: 10, oracleAuc: null }],
        horizonWeeks: 12,
        modelBytes: Buffer.from([1, 2, 3]),
      })
      .returning({ id: modelRuns.id });
    runId = row!.id;
  }, 120_000);

  afterAll(async () => {
    await srv?.close();
    await t?.destroy();
  });

  const expected = () => ({
    id: runId,
    status: "SUCCEEDED",
    phase: "done",
    isActive: false,
    params: { maxDepth: 3, eta: 0.2 },
    metrics: { auc: 0.81 },
    learningCurve: [{ round: 1, validAuc: 0.7 }],
    split: { trainWeeks: [10, 11], validWeek: 12, testWeek: 14, horizonWeeks: 12 },
    backtest: [{ asOfWeek: 14, role: "TEST", auc: 0.8 }],
    horizonWeeks: 12,
  });

  it("lists and single reads map the stored run", async () => {
    const r = await postGql(srv.url, `query ($id: Int!) { modelRuns { ${FIELDS} } modelRun(id: $id) { ${FIELDS} } }`, { id: runId }, { token });
    expect(r.json?.errors).toBeUndefined();
    const data = r.json?.data as { modelRuns: unknown[]; modelRun: unknown };
    expect(data.modelRuns).toEqual([expected()]);
    expect(data.modelRun).toEqual(expected());
  });

  it("the training subscription's replay carries the same run", async () => {
    const out = await wsOnce(srv.url, { token }, `subscription ($id: Int!) { trainingProgress(runId: $id) { status run { ${FIELDS} } } }`, { id: runId });
    expect(out.errors).toBeUndefined();
    expect(out.results[0]?.data).toEqual({ trainingProgress: { status: "SUCCEEDED", run: expected() } });
  });
});
