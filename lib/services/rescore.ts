import { getActiveDataset } from "../data/dataset-store";
import { scoreDataset } from "../ml/scoring";
import type { AppServices } from "./app-services";
import { getActiveModelRun, invalidateShapCache, loadModel } from "./model-queries";

/** Scores the active dataset with the active model (after new data or a model switch). */
export async function rescoreActiveModel(s: AppServices): Promise<number> {
  // Called after the active dataset or model changed: whatever happens next, cached reads are stale.
  s.cache.invalidate();
  const [run, dataset] = await Promise.all([getActiveModelRun(s.db), getActiveDataset(s.db)]);
  if (!run || !dataset) return 0;
  const model = await loadModel(s.db, run.id);
  if (!model) return 0;
  const r = await scoreDataset(s.db, run.id, model.ensemble, dataset.id, model.explainer);
  invalidateShapCache(run.id);
  s.cache.invalidate();
  return r.count;
}
