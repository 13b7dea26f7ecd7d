import type { ScoringJobRow } from "../../db/schema";
import { getActiveRunSummary } from "../ml/model-registry";
import { dataArrivalKey, enqueueScoringJob, type ScoringJobReason } from "../monitor/scoring-jobs";
import type { AppServices } from "./app-services";

/**
 * New weeks of a dataset arrived (advance, an import that appends weeks): one scoring job per
 * (dataset, latest as-of week), run by the process's runner. Nothing is queued without an active
 * model. With `wait`, returns once the job finished (in this call when no runner is started,
 * as in the CLI), so the caller's answer already shows the new predictions.
 */
export async function scoreArrivedWeeks(
  s: AppServices,
  dataset: { id: number; asOfWeek: number },
  reason: Extract<ScoringJobReason, "advance" | "import">,
  opts: { wait: boolean },
): Promise<ScoringJobRow | null> {
  if (!(await getActiveRunSummary(s.db))) return null;
  const { job } = await enqueueScoringJob(s.db, { datasetId: dataset.id, reason, dedupeKey: dataArrivalKey(dataset.id, dataset.asOfWeek) });
  s.cache.invalidate();
  if (!opts.wait) {
    s.scoringJobs.kick();
    return job;
  }
  if (!s.scoringJobs.isRunning) await s.scoringJobs.runPending();
  else s.scoringJobs.kick();
  const done = await s.scoringJobs.waitFor(job.id);
  s.cache.invalidate();
  return done;
}
