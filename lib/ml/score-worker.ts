/**
 * Worker thread that scores rows: margins, and with SHAP the exact TreeSHAP values, whose own
 * pass yields the margins too (explainWithMargin), so the predictor runs only without SHAP.
 * The model is checked against the limits (validateEnsemble) before any table is built.
 * Results go straight into the shared output buffers the main thread handed over; X arrives
 * in chunks. Progress is reported every `progressRows` rows.
 */
import { parentPort } from "node:worker_threads";
import { InvalidEnsembleError, validateEnsemble, type TreeEnsemble } from "./ensemble";
import { parseLegacyBinary } from "./model-binary";
import { predictMargin } from "./predict";
import { ShapSummaryBuilder } from "./shap-summary-build";
import type { ScoreWorkerMessage, ScoreWorkerRequest } from "./score-protocol";
import { createTreeExplainer, type TreeExplainer } from "./treeshap";

type Init = Extract<ScoreWorkerRequest, { type: "init" }>;

interface Job {
  init: Init;
  ensemble: TreeEnsemble;
  explainer: TreeExplainer | null;
  /** The SHAP summary, built here so the SHAP matrix never needs another pass on the main thread. */
  summary: ShapSummaryBuilder | null;
  done: number;
}

function start(init: Init): { job: Job; message: ScoreWorkerMessage } {
  const t0 = performance.now();
  const ensemble = "modelBytes" in init.model ? parseLegacyBinary(init.model.modelBytes) : init.model.ensemble;
  validateEnsemble(ensemble, init.limits ?? {});
  if (init.nCols < ensemble.numFeature) throw new RangeError(`nCols must be ≥ the model's numFeature (${ensemble.numFeature}), got ${init.nCols}`);
  const explainer = init.withShap ? createTreeExplainer(ensemble, { limits: init.limits ?? {} }) : null;
  return {
    job: { init, ensemble, explainer, summary: explainer && init.summary ? new ShapSummaryBuilder(init.nCols) : null, done: 0 },
    message: { type: "ready", baseValue: explainer ? explainer.baseValue : null, prepareMs: performance.now() - t0 },
  };
}

function scoreChunk(job: Job, c: Extract<ScoreWorkerRequest, { type: "chunk" }>, post: (m: ScoreWorkerMessage) => void): void {
  const t0 = performance.now();
  const { nCols, margin, shap, progressRows } = job.init;
  for (let r = 0; r < c.nRows; r += progressRows) {
    const n = Math.min(progressRows, c.nRows - r);
    const row = c.row0 + r;
    const X = c.X.subarray(r * nCols, (r + n) * nCols);
    const m = margin.subarray(row, row + n);
    if (job.explainer && shap) {
      const values = shap.subarray(row * nCols, (row + n) * nCols);
      job.explainer.explainWithMargin(X, n, nCols, { values, margin: m });
      if (job.summary) {
        if (!c.ids || c.ids.length !== c.nRows) throw new Error("a chunk of a scoring with a SHAP summary must carry its customer ids");
        job.summary.add(c.ids.slice(r, r + n), X, values, n);
      }
    } else predictMargin(job.ensemble, X, n, nCols, m);
    job.done += n;
    post({ type: "progress", done: job.done });
  }
  if (job.summary && job.done >= job.init.nRows) {
    const summary = job.summary.finish();
    post({ type: "summary", summary });
    job.summary = null;
  }
  post({ type: "chunk-done", row0: c.row0, nRows: c.nRows, computeMs: performance.now() - t0 });
}

const port = parentPort;
if (port) {
  let job: Job | null = null;
  const post = (m: ScoreWorkerMessage) => port.postMessage(m);
  port.on("message", (req: ScoreWorkerRequest) => {
    try {
      if (req.type === "init") {
        const started = start(req);
        job = started.job;
        post(started.message);
      } else {
        if (!job) throw new Error("chunk before init");
        scoreChunk(job, req, post);
      }
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      post({ type: "error", message: err.message, name: err.name, problem: err instanceof InvalidEnsembleError ? err.problem : undefined });
      port.close();
    }
  });
}
