import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { resultRows } from "../../db/result-rows";
import { scoringRuns, shapSummaries } from "../../db/schema";
import { FEATURE_COUNT } from "../data/catalog";
import { normalizeForColour } from "./shap-summary";
import { PERCENTILE_ROWS_MAX, SAMPLE_SALT, SHAP_SAMPLE_MAX, type ShapSummaryData } from "./shap-summary-build";

/**
 * The SHAP summary of a scoring, stored in shap_summaries with the scoring: the scoring worker
 * builds it from the rows it scores (shap-summary-build.ts) and storePredictions writes it in the
 * same transaction as the predictions; a chunked scoring job, whose rows are spread over
 * instances, computes it once at the end in the database (computeShapSummary, the same values).
 * A `shapSummary(sampleSize)` call then reads one row and slices the stored sample.
 */

export { PERCENTILE_ROWS_MAX, SHAP_SAMPLE_MAX } from "./shap-summary-build";

export interface ShapSummaryKey {
  modelRunId: number;
  datasetId: number;
  asOfWeek: number;
}

export interface StoredShapSummary {
  nRows: number;
  meanAbsShap: number[];
  sampleSize: number;
  /** Per feature, catalog order: the sample's SHAP values and colour values. */
  shap: Float64Array[];
  normalizedValue: Float64Array[];
}

async function rowsOf<T>(db: Db, q: SQL): Promise<T[]> {
  return resultRows<T>(await db.execute(q));
}

const toBytes = (a: Float64Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
function fromBytes(b: Uint8Array): Float64Array {
  const copy = new Uint8Array(b.byteLength);
  copy.set(b);
  return new Float64Array(copy.buffer);
}

const num = (v: unknown) => (v === null || v === undefined ? NaN : Number(v));

/** Computes the summary of one scoring and stores it (replacing an older one). Null: nothing scored. */
export async function computeShapSummary(db: Db, key: ShapSummaryKey): Promise<StoredShapSummary | null> {
  const { modelRunId, datasetId, asOfWeek } = key;
  const scope = sql`p.model_run_id = ${modelRunId} and p.dataset_id = ${datasetId} and p.as_of_week = ${asOfWeek}`;
  const hash = sql`md5(${SAMPLE_SALT} || p.customer_id)`;

  const [means, sample, bounds] = await Promise.all([
    rowsOf<{ i: number; m: number; n: number }>(
      db,
      sql`select u.i::int as i, avg(abs(u.s)) as m, count(*)::int as n
          from predictions p, unnest(p.shap) with ordinality as u(s, i)
          where ${scope} group by u.i order by u.i`,
    ),
    rowsOf<{ shap: number[] | string; vals: number[] | string }>(
      db,
      sql`select p.shap as shap, f.values as vals
          from predictions p join feature_vectors f
            on f.dataset_id = p.dataset_id and f.as_of_week = p.as_of_week and f.customer_id = p.customer_id
          where ${scope} order by ${hash} limit ${SHAP_SAMPLE_MAX}`,
    ),
    // The colour scale clips each feature to its 5th–95th percentile (as shap's beeswarm does).
    rowsOf<{ i: number; lo: number | null; hi: number | null; mn: number | null; mx: number | null }>(
      db,
      sql`with r as (
            select f.values as vals from predictions p join feature_vectors f
              on f.dataset_id = p.dataset_id and f.as_of_week = p.as_of_week and f.customer_id = p.customer_id
            where ${scope} order by ${hash} limit ${PERCENTILE_ROWS_MAX})
          select u.i::int as i,
                 percentile_cont(0.05) within group (order by u.v) as lo,
                 percentile_cont(0.95) within group (order by u.v) as hi,
                 min(u.v) as mn, max(u.v) as mx
          from r, unnest(r.vals) with ordinality as u(v, i)
          where u.v is not null and u.v <> 'NaN'::float8
          group by u.i`,
    ),
  ]);
  if (means.length === 0) return null;
  const nRows = Number(means[0]!.n);
  const meanAbsShap = Array.from({ length: FEATURE_COUNT }, () => 0);
  for (const m of means) if (m.i >= 1 && m.i <= FEATURE_COUNT) meanAbsShap[m.i - 1] = num(m.m);

  const n = sample.length;
  const shapFlat = new Float64Array(n * FEATURE_COUNT);
  const xFlat = new Float64Array(n * FEATURE_COUNT);
  sample.forEach((r, k) => {
    const s = parseArray(r.shap);
    const x = parseArray(r.vals);
    for (let c = 0; c < FEATURE_COUNT; c++) {
      shapFlat[k * FEATURE_COUNT + c] = num(s[c]);
      xFlat[k * FEATURE_COUNT + c] = num(x[c]);
    }
  });
  const lo = new Float64Array(FEATURE_COUNT).fill(NaN);
  const hi = new Float64Array(FEATURE_COUNT).fill(NaN);
  for (const b of bounds) {
    const c = b.i - 1;
    if (c < 0 || c >= FEATURE_COUNT) continue;
    let l = num(b.lo);
    let h = num(b.hi);
    if (h <= l) {
      l = num(b.mn);
      h = num(b.mx);
    }
    lo[c] = l;
    hi[c] = h;
  }
  const normFlat = normalizeForColour(xFlat, n, FEATURE_COUNT, lo, hi);

  await storeShapSummary(db, key, { nRows, meanAbsShap, sampleSize: n, sampleShap: shapFlat, sampleNormalized: normFlat });
  return unpack({ nRows, meanAbsShap, sampleSize: n, shapFlat, normFlat });
}

/** Stores (or replaces) the summary of one scoring; `db` may be the scoring's transaction. */
export async function storeShapSummary(db: Db, key: ShapSummaryKey, d: ShapSummaryData): Promise<void> {
  const { modelRunId, datasetId, asOfWeek } = key;
  const values = { nRows: d.nRows, meanAbsShap: d.meanAbsShap, sampleSize: d.sampleSize, sampleShap: toBytes(d.sampleShap), sampleNormalized: toBytes(d.sampleNormalized) };
  await db
    .insert(shapSummaries)
    .values({ modelRunId, datasetId, asOfWeek, ...values })
    // `excluded.*` rather than the values again: each sample is ~1.2 MB of bytea, bound as hex on
    // the server's thread, and binding it twice held the event loop ~90 ms.
    .onConflictDoUpdate({
      target: [shapSummaries.modelRunId, shapSummaries.datasetId, shapSummaries.asOfWeek],
      set: {
        nRows: sql`excluded.n_rows`,
        meanAbsShap: sql`excluded.mean_abs_shap`,
        sampleSize: sql`excluded.sample_size`,
        sampleShap: sql`excluded.sample_shap`,
        sampleNormalized: sql`excluded.sample_normalized`,
        createdAt: new Date(),
      },
    });
}

/** postgres.js and PGlite return float8[] as arrays; raw execute may hand back the text form. */
function parseArray(v: number[] | string): number[] {
  if (Array.isArray(v)) return v;
  return v
    .replace(/^\{|\}$/g, "")
    .split(",")
    .map((t) => (t === "NULL" ? NaN : Number(t)));
}

function unpack(r: { nRows: number; meanAbsShap: number[]; sampleSize: number; shapFlat: Float64Array; normFlat: Float64Array }): StoredShapSummary {
  const shap: Float64Array[] = [];
  const normalizedValue: Float64Array[] = [];
  for (let c = 0; c < FEATURE_COUNT; c++) {
    const s = new Float64Array(r.sampleSize);
    const v = new Float64Array(r.sampleSize);
    for (let k = 0; k < r.sampleSize; k++) {
      s[k] = r.shapFlat[k * FEATURE_COUNT + c]!;
      v[k] = r.normFlat[k * FEATURE_COUNT + c]!;
    }
    shap.push(s);
    normalizedValue.push(v);
  }
  return { nRows: r.nRows, meanAbsShap: r.meanAbsShap, sampleSize: r.sampleSize, shap, normalizedValue };
}

/** The stored summary when it still matches the scoring (same scored count); null otherwise. */
export async function readShapSummary(db: Db, key: ShapSummaryKey): Promise<StoredShapSummary | null> {
  const [row] = await db
    .select({
      nRows: shapSummaries.nRows,
      meanAbsShap: shapSummaries.meanAbsShap,
      sampleSize: shapSummaries.sampleSize,
      sampleShap: shapSummaries.sampleShap,
      sampleNormalized: shapSummaries.sampleNormalized,
      scored: scoringRuns.scoredCount,
    })
    .from(shapSummaries)
    .leftJoin(
      scoringRuns,
      and(eq(scoringRuns.modelRunId, shapSummaries.modelRunId), eq(scoringRuns.datasetId, shapSummaries.datasetId), eq(scoringRuns.asOfWeek, shapSummaries.asOfWeek)),
    )
    .where(and(eq(shapSummaries.modelRunId, key.modelRunId), eq(shapSummaries.datasetId, key.datasetId), eq(shapSummaries.asOfWeek, key.asOfWeek)))
    .limit(1);
  if (!row) return null;
  // A re-scoring that changed the row count (data imported at the same date) makes it stale.
  if (row.scored !== null && row.scored !== row.nRows) return null;
  return unpack({ nRows: row.nRows, meanAbsShap: row.meanAbsShap, sampleSize: row.sampleSize, shapFlat: fromBytes(row.sampleShap), normFlat: fromBytes(row.sampleNormalized) });
}

/** Computations of missing summaries in progress, by run, dataset and as-of week (one per server and database). */
export type ShapSummaryInFlight = Map<string, Promise<StoredShapSummary | null>>;

/**
 * The stored summary, computing it first when it is missing (once at a time per `inFlight`, the
 * caller's ModelCache: callers arriving meanwhile share the computation; without it every caller
 * computes). Every scoring stores its summary with its predictions; this covers a scoring
 * stored before that (an older database) or one whose row count changed since.
 */
export async function ensureShapSummary(db: Db, key: ShapSummaryKey, inFlight?: ShapSummaryInFlight): Promise<StoredShapSummary | null> {
  const stored = await readShapSummary(db, key);
  if (stored) return stored;
  if (!inFlight) return computeShapSummary(db, key);
  const k = `${key.modelRunId}:${key.datasetId}:${key.asOfWeek}`;
  let p = inFlight.get(k);
  if (!p) {
    p = computeShapSummary(db, key).finally(() => inFlight.delete(k));
    inFlight.set(k, p);
  }
  return p;
}
