/**
 * A generated timeline's snapshots as the matrices training and scoring read, without a
 * database: the rows and columns loadFeatureMatrix returns once the dataset is stored (by as-of
 * week, then in the generator's customer order). Benchmarks use it to time the pipeline apart
 * from storage.
 */
import { featureIndex } from "../catalog";
import type { FeatureMatrix } from "../dataset-store";
import type { TimelineDataset } from "./dataset";
import type { Snapshot } from "./snapshot";

const ASSETS = featureIndex("assets_latest");

function concat(td: TimelineDataset, snaps: readonly Snapshot[]): FeatureMatrix {
  const nCols = 29 as const;
  let n = 0;
  for (const s of snaps) n += s.customers.length;
  const m: FeatureMatrix = {
    customerIds: new Array<string>(n),
    X: new Float64Array(n * nCols),
    labels: new Uint8Array(n),
    labelled: new Uint8Array(n),
    asOfWeek: new Int32Array(n),
    trueProbability: new Float64Array(n),
    assets: new Float64Array(n),
    nCols,
  };
  let o = 0;
  for (const s of snaps) {
    m.X.set(s.X, o * nCols);
    m.labels.set(s.labels, o);
    m.labelled.set(s.labelled, o);
    m.trueProbability.set(s.trueProbability, o);
    m.asOfWeek.fill(s.asOfWeek, o, o + s.customers.length);
    for (let r = 0; r < s.customers.length; r++) {
      m.customerIds[o + r] = td.timeline.customers[s.customers[r]!]!.profile.id;
      const a = s.X[r * nCols + ASSETS]!;
      m.assets[o + r] = Number.isNaN(a) ? 0 : a;
    }
    o += s.customers.length;
  }
  return m;
}

/** Every labelled as-of snapshot: what training reads. */
export function labelledMatrix(td: TimelineDataset): FeatureMatrix {
  return concat(td, td.snapshots.slice(0, -1));
}

/** The active customers as of the latest data date: what scoring reads. */
export function scoringMatrix(td: TimelineDataset): FeatureMatrix {
  return concat(td, td.snapshots.slice(-1));
}
