import { getActiveDataset } from "../data/dataset-store";
import { scoreDataset } from "../ml/scoring";
import type { AppServices } from "./app-services";
import { getActiveRunSummary } from "../ml/model-registry";
import { loadModel } from "./model-queries";

export type ScoreOutcome =
  | { ok: true; datasetId: number; asOfWeek: number; startDate: string | null; runId: number; count: number }
  | { ok: false; missing: "dataset" | "model" | "model-bytes"; runId?: number };

/**
 * Scores every customer of the active dataset with the active model and stores the results;
 * says what is missing instead when there is no dataset, model or model file.
 */
export async function scoreActive(s: AppServices): Promise<ScoreOutcome> {
  // Called after the active dataset or model changed: whatever happens next, cached reads are stale.
  s.cache.invalidate();
  const [run, dataset] = await Promise.all([getActiveRunSummary(s.db), getActiveDataset(s.db)]);
  if (!dataset) return { ok: false, missing: "dataset" };
  if (!run) return { ok: false, missing: "model" };
  const model = await loadModel(s.db, s.models, run.id);
  if (!model) return { ok: false, missing: "model-bytes", runId: run.id };
  const r = await scoreDataset(s.db, run.id, model.ensemble, dataset, model.explainer);
  s.models.invalidateShap(run.id);
  s.cache.invalidate();
  return { ok: true, datasetId: dataset.id, asOfWeek: dataset.asOfWeek, startDate: dataset.startDate, runId: run.id, count: r.count };
}
