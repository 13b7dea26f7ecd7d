/**
 * Wires monitoring into the model lifecycle (lib/ml/model-hooks.ts): every stored scoring gets
 * its drift, estimate and alerts; every trained run stores its drift reference and is activated
 * only by the champion/challenger rule. Called once by the composition root.
 */
import { setModelHooks } from "../ml/model-hooks";
import { activationForTrainedRun } from "./champion";
import { monitorScoringSafely, recordTrainingReference, referenceRows } from "./monitor-service";

export function installMonitoring(): void {
  setModelHooks({
    afterScoring: monitorScoringSafely,
    onTrained: async (db, run) => {
      await recordTrainingReference(db, run.runId, run.ensemble, { X: run.matrix.X, nCols: run.matrix.nCols, rows: referenceRows(run.matrix), asOfWeek: run.matrix.asOfWeek }, run.testAuc);
      try {
        return await activationForTrainedRun(db, run);
      } catch (e) {
        // A failed comparison must not activate a model nobody compared.
        console.warn(`[monitor] 冠军/挑战者比较失败，保持为挑战者 (comparison failed, kept as challenger) run=${run.runId}: ${(e as Error).message}`);
        return false;
      }
    },
  });
}
