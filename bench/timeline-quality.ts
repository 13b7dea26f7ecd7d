/**
 * Timeline quality: is the simulated churn learnable from point-in-time features?
 *
 * For seeds 1..5 (or the seeds given as arguments): generate the default timeline (3,000
 * customers at the start, 104 weeks, H = 12, lookback 12), build the labelled as-of snapshots
 * (every 4 weeks), split out of time (outOfTimeSplit: test = latest labelled as-of, validation =
 * latest as-of whose label window closes by the test date, train = earlier ones), train with the
 * product's trainer and default parameters (validation rows for early stopping), and compare the
 * model's test AUC with the oracle AUC (true probabilities from the simulated hazards) on the
 * same test rows. Target: ratio ≥ 0.95 on every seed; generation < 1 s.
 *
 * Run: `npx tsx bench/timeline-quality.ts [seed …] [--train-asofs=N]` (N: keep only the latest N
 * training as-of dates, to see what a smaller training set costs in AUC and saves in time).
 */
import os from "node:os";
import { auc } from "../lib/stats/auc";
import { parseLegacyBinary } from "../lib/ml/model-binary";
import { DEFAULT_TRAIN_PARAMS, resolveTrainParams } from "../lib/ml/params";
import { predictProba } from "../lib/ml/predict";
import { trainModel } from "../lib/ml/trainer";
import { asOfDates, outOfTimeSplit } from "../lib/data/timeline/as-of";
import { generateTimeline } from "../lib/data/timeline/generate";
import { buildTrainingSet } from "../lib/data/timeline/snapshot";
import { timelineSource } from "../lib/data/timeline/source";

interface Row {
  seed: number;
  generateMs: number;
  /** CPU time of this process during generation: the wall time on a machine shared with others overstates it. */
  generateCpuMs: number;
  buildMs: number;
  buildCpuMs: number;
  trainMs: number;
  trainAsOfs: number;
  customers: number;
  trainRows: number;
  testRows: number;
  churnRate: number;
  testChurnRate: number;
  testAuc: number;
  oracleAuc: number;
  ratio: number;
  trees: number;
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

const rowsOf = (asOfWeek: Int32Array, weeks: readonly number[]) => {
  const want = new Set(weeks);
  const out: number[] = [];
  for (let r = 0; r < asOfWeek.length; r++) if (want.has(asOfWeek[r])) out.push(r);
  return Int32Array.from(out);
};

async function benchSeed(seed: number, trainAsOfs: number | null): Promise<Row> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const tl = generateTimeline({ seed });
  const generateMs = performance.now() - t0;
  const generateCpuMs = cpuMs(cpu0);
  const { lookbackWeeks, horizonWeeks } = tl.options;

  const cpu1 = process.cpuUsage();
  const t1 = performance.now();
  const plan = asOfDates(tl, { lookbackWeeks, horizonWeeks });
  const split = outOfTimeSplit(plan.labelled, { horizonWeeks });
  if (trainAsOfs !== null) split.train = split.train.slice(-trainAsOfs);
  const set = buildTrainingSet(timelineSource(tl), [...split.train, split.valid, split.test], { lookbackWeeks, horizonWeeks });
  const buildMs = performance.now() - t1;
  const buildCpuMs = cpuMs(cpu1);

  const trainIdx = rowsOf(set.asOfWeek, split.train);
  const validIdx = rowsOf(set.asOfWeek, [split.valid]);
  const testIdx = rowsOf(set.asOfWeek, [split.test]);
  const params = resolveTrainParams(DEFAULT_TRAIN_PARAMS, set.labels, trainIdx);
  const t2 = performance.now();
  const result = await trainModel({ X: set.X, y: set.labels, nCols: set.nCols, trainIdx, validIdx, params });
  const trainMs = performance.now() - t2;

  const ensemble = parseLegacyBinary(result.modelBytes);
  const Xtest = new Float64Array(testIdx.length * set.nCols);
  testIdx.forEach((r, k) => Xtest.set(set.X.subarray(r * set.nCols, (r + 1) * set.nCols), k * set.nCols));
  const probs = predictProba(ensemble, Xtest, testIdx.length, set.nCols);
  const labels = Uint8Array.from(testIdx, (r) => set.labels[r]);
  const truth = Float64Array.from(testIdx, (r) => set.trueProbability[r]);
  const testAuc = auc(labels, probs);
  const oracleAuc = auc(labels, truth);
  let pos = 0;
  for (const y of labels) pos += y;
  return {
    seed,
    generateMs,
    generateCpuMs,
    buildMs,
    buildCpuMs,
    trainMs,
    trainAsOfs: split.train.length,
    customers: tl.customers.length,
    trainRows: trainIdx.length,
    testRows: testIdx.length,
    churnRate: tl.churnRate,
    testChurnRate: pos / labels.length,
    testAuc,
    oracleAuc,
    ratio: testAuc / oracleAuc,
    trees: result.bestIteration,
  };
}

const args = process.argv.slice(2);
const seeds = args.filter((a) => !a.startsWith("--")).map(Number);
const trainFlag = args.find((a) => a.startsWith("--train-asofs="));
const trainAsOfs = trainFlag ? Number(trainFlag.split("=")[1]) : null;
const rows: Row[] = [];
for (const seed of seeds.length > 0 ? seeds : [1, 2, 3, 4, 5]) rows.push(await benchSeed(seed, trainAsOfs));
console.table(
  rows.map((r) => ({
    seed: r.seed,
    "generate ms (cpu)": `${Math.round(r.generateMs)} (${Math.round(r.generateCpuMs)})`,
    "build set ms (cpu)": `${Math.round(r.buildMs)} (${Math.round(r.buildCpuMs)})`,
    "train ms": Math.round(r.trainMs),
    "train as-ofs": r.trainAsOfs,
    customers: r.customers,
    "train rows": r.trainRows,
    "test rows": r.testRows,
    "churn rate": r.churnRate.toFixed(3),
    "test churn": r.testChurnRate.toFixed(3),
    trees: r.trees,
    "test AUC": r.testAuc.toFixed(4),
    "oracle AUC": r.oracleAuc.toFixed(4),
    ratio: r.ratio.toFixed(4),
  })),
);
const worst = Math.min(...rows.map((r) => r.ratio));
const fastest = Math.min(...rows.map((r) => r.generateMs));
const slowest = Math.max(...rows.map((r) => r.generateMs));
console.log(
  `worst ratio ${worst.toFixed(4)} (${worst >= 0.95 ? "OK" : "BELOW"} 0.95); generation ${Math.round(fastest)}–${Math.round(slowest)} ms wall (${slowest < 1000 ? "OK" : "SLOW"}: < 1 s); load average ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} cores`,
);
