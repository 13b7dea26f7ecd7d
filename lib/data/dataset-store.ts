/**
 * Datasets in the database: one transaction writes a dataset's customers, weekly rows and
 * feature vectors and makes it the active one, so a failure leaves nothing half-written.
 */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
  customers,
  datasets,
  featureVectors,
  weeklyBehaviour,
  type CustomerRow,
  type DatasetRow,
  type WeeklyRow,
} from "../../db/schema";
import { FEATURE_COUNT } from "./catalog";
import { boolArray, numberArray, textArray } from "./pg-array";
import type { GeneratorState } from "../../db/json-types";
import type { CustomerProfile, GeneratedDataset, WeekRecord } from "./generator";

/**
 * Rows per statement. Each statement binds one array per column (≤ 17 parameters, far below
 * PostgreSQL's 65,535 limit); chunking bounds the size of one statement's text.
 */
const ROWS_PER_INSERT = 10_000;

/** A customer row to write; the timeline fields are absent for snapshot datasets. */
export type CustomerInput = Omit<CustomerRow, "datasetId" | "openWeek" | "churnWeek" | "churnType"> &
  Partial<Pick<CustomerRow, "openWeek" | "churnWeek" | "churnType">>;

/** What the store writes; generated and imported data are both mapped to this. */
export interface DatasetRecords {
  name: string;
  source: "synthetic" | "import";
  seed: number | null;
  nWeeks: number;
  targetChurnRate: number | null;
  oracleAuc: number | null;
  /** Observed share of churned customers among labelled ones (0 when none are labelled). */
  churnRate: number;
  count: number;
  /** Customer i; accessors rather than arrays so a million rows are built chunk by chunk. */
  customer(i: number): CustomerInput;
  /** Weekly rows of customer i (empty for imports without a weekly file). */
  weeks(i: number): readonly WeekRecord[];
  /** count × 29, catalog order: the one snapshot (as-of week 0) of a snapshot dataset. */
  features: Float64Array;
  /** Timelines: dates, as-of weeks and generator state (absent: a snapshot dataset). */
  timeline?: TimelineMeta;
  /** Timelines: the as-of snapshots to store instead of `features`. */
  snapshots?: readonly StoredSnapshot[];
}

export interface TimelineMeta {
  startDate: string;
  asOfWeek: number;
  horizonWeeks: number;
  lookbackWeeks: number;
  generator: GeneratorState | null;
}

/** One as-of snapshot: rows are customers (index into the records) with features and label. */
export interface StoredSnapshot {
  asOfWeek: number;
  customers: Int32Array;
  X: Float64Array;
  labels: Uint8Array;
  labelled: Uint8Array;
  /** NaN when unknown. */
  trueProbability: Float64Array;
}

/** Work the caller adds to the transaction that writes a row (an action's audit row). */
export type InTransaction<T> = (tx: Db, row: T) => Promise<void>;

export interface WriteOptions {
  name?: string;
  onProgress?: (done: number, total: number) => void;
  inTransaction?: InTransaction<DatasetRow>;
}

export function defaultDatasetName(ds: GeneratedDataset): string {
  const o = ds.options;
  return `合成数据 ${o.customers} 客户 × ${o.weeks} 周 (seed ${o.seed})`;
}

/** The stored columns of a generated customer's profile (snapshot and timeline datasets alike). */
export function profileColumns(p: CustomerProfile): Omit<CustomerInput, "churned" | "trueProbability"> {
  return {
    id: p.id,
    name: p.name,
    phone: p.phone,
    idNumber: p.idNumber,
    branch: p.branch,
    customerType: p.customerType,
    riskTolerance: p.riskTolerance,
    age: p.age,
    tenureMonths: p.tenureMonths,
    openChannel: p.openChannel,
    hasMargin: p.hasMargin,
    hasAdvisor: p.hasAdvisor,
    commissionRate: p.commissionRate,
    productCount: p.productCount,
  };
}

export function generatedRecords(ds: GeneratedDataset, name?: string): DatasetRecords {
  const toRow = (p: CustomerProfile, i: number): CustomerInput => ({
    ...profileColumns(p),
    churned: ds.labels[i] === 1,
    trueProbability: ds.trueProbability[i],
  });
  return {
    name: name ?? defaultDatasetName(ds),
    source: "synthetic",
    seed: ds.options.seed,
    nWeeks: ds.options.weeks,
    targetChurnRate: ds.options.churnRate,
    oracleAuc: ds.oracleAuc,
    churnRate: ds.churnRate,
    count: ds.profiles.length,
    customer: (i) => toRow(ds.profiles[i], i),
    weeks: (i) => ds.weekly[i],
    features: ds.features,
  };
}

export function writeDataset(db: Db, ds: GeneratedDataset, options: WriteOptions = {}): Promise<DatasetRow> {
  return writeDatasetRecords(db, generatedRecords(ds, options.name), options.onProgress, options.inTransaction);
}

/** A transaction is a Db (drizzle's PgTransaction extends PgDatabase). */
type Tx = Db;

function column<T, V>(rows: readonly T[], pick: (r: T) => V): V[] {
  return rows.map(pick);
}

/** On re-insert (advancing a timeline) a customer's churn fields take the newer simulation's values. */
const CUSTOMER_UPSERT = sql`on conflict (dataset_id, id) do update set churned = excluded.churned, churn_week = excluded.churn_week, churn_type = excluded.churn_type`;
/** Snapshots re-inserted by an advance keep their features and learn their now-known labels. */
const SNAPSHOT_UPSERT = sql`on conflict (dataset_id, as_of_week, customer_id) do update set label = excluded.label, true_probability = excluded.true_probability`;

async function insertCustomers(tx: Tx, datasetId: number, rows: readonly CustomerInput[], upsert = false): Promise<void> {
  const c = (pick: (r: CustomerInput) => number | null) => numberArray(column(rows, pick));
  const t = (pick: (r: CustomerInput) => string) => textArray(column(rows, pick));
  const b = (pick: (r: CustomerInput) => boolean | null) => boolArray(column(rows, pick));
  await tx.execute(sql`
    insert into customers (dataset_id, id, name, phone, id_number, branch, customer_type, risk_tolerance, age,
      tenure_months, open_channel, has_margin, has_advisor, commission_rate, product_count, churned, true_probability,
      open_week, churn_week, churn_type)
    select ${datasetId}::int, * from unnest(
      ${t((r) => r.id)}::text[], ${t((r) => r.name)}::text[], ${t((r) => r.phone)}::text[],
      ${t((r) => r.idNumber)}::text[], ${t((r) => r.branch)}::text[], ${c((r) => r.customerType)}::smallint[],
      ${c((r) => r.riskTolerance)}::smallint[], ${c((r) => r.age)}::smallint[], ${c((r) => r.tenureMonths)}::int[],
      ${c((r) => r.openChannel)}::smallint[], ${b((r) => r.hasMargin)}::boolean[], ${b((r) => r.hasAdvisor)}::boolean[],
      ${c((r) => r.commissionRate)}::float8[], ${c((r) => r.productCount)}::smallint[], ${b((r) => r.churned)}::boolean[],
      ${c((r) => r.trueProbability)}::float8[], ${c((r) => r.openWeek ?? null)}::smallint[], ${c((r) => r.churnWeek ?? null)}::smallint[],
      ${textArray(column(rows, (r) => r.churnType ?? null))}::text[])
    ${upsert ? CUSTOMER_UPSERT : sql``}`);
}

async function insertWeekly(tx: Tx, datasetId: number, ids: readonly string[], rows: readonly WeekRecord[]): Promise<void> {
  const c = (pick: (r: WeekRecord) => number) => numberArray(column(rows, pick));
  await tx.execute(sql`
    insert into weekly_behaviour (dataset_id, customer_id, week, logins, trades, trade_amount, total_assets,
      net_inflow, service_contacts, complaints, weekly_return)
    select ${datasetId}::int, * from unnest(
      ${textArray(ids)}::text[], ${c((r) => r.week)}::smallint[], ${c((r) => r.logins)}::int[], ${c((r) => r.trades)}::int[],
      ${c((r) => r.tradeAmount)}::float8[], ${c((r) => r.totalAssets)}::float8[], ${c((r) => r.netInflow)}::float8[],
      ${c((r) => r.serviceContacts)}::int[], ${c((r) => r.complaints)}::int[], ${c((r) => r.weeklyReturn)}::float8[])`);
}

/**
 * unnest() would flatten a 2-D array, so each vector travels as its own array literal inside
 * a text[] and is cast per row (slicing one big float8[] instead is quadratic: every slice
 * detoasts the whole array).
 */
async function insertFeatures(
  tx: Tx,
  datasetId: number,
  asOfWeek: number,
  ids: readonly string[],
  flat: Float64Array,
  labels: readonly (number | null)[],
  truth: readonly (number | null)[],
  upsert = false,
): Promise<void> {
  const vectors: string[] = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) vectors[i] = numberArray(flat.subarray(i * FEATURE_COUNT, (i + 1) * FEATURE_COUNT));
  await tx.execute(sql`
    insert into feature_vectors (dataset_id, as_of_week, customer_id, "values", label, true_probability)
    select ${datasetId}::int, ${asOfWeek}::smallint, id, v::float8[], l, p from unnest(
      ${textArray(ids)}::text[], ${textArray(vectors)}::text[], ${numberArray(labels)}::smallint[], ${numberArray(truth)}::float8[]) as t(id, v, l, p)
    ${upsert ? SNAPSHOT_UPSERT : sql``}`);
}

/** Writes one as-of snapshot's rows, chunked. */
export async function insertSnapshot(tx: Db, datasetId: number, snap: StoredSnapshot, ids: readonly string[], tick?: (n: number) => void, upsert = false): Promise<void> {
  const n = snap.customers.length;
  for (let start = 0; start < n; start += ROWS_PER_INSERT) {
    const end = Math.min(n, start + ROWS_PER_INSERT);
    const chunkIds: string[] = new Array(end - start);
    const labels: (number | null)[] = new Array(end - start);
    const truth: (number | null)[] = new Array(end - start);
    for (let r = start; r < end; r++) {
      chunkIds[r - start] = ids[snap.customers[r]!]!;
      labels[r - start] = snap.labelled[r] ? snap.labels[r]! : null;
      truth[r - start] = Number.isFinite(snap.trueProbability[r]) ? snap.trueProbability[r]! : null;
    }
    await insertFeatures(tx, datasetId, snap.asOfWeek, chunkIds, snap.X.subarray(start * FEATURE_COUNT, end * FEATURE_COUNT), labels, truth, upsert);
    tick?.(end - start);
  }
}

export async function writeDatasetRecords(
  db: Db,
  rec: DatasetRecords,
  onProgress?: (done: number, total: number) => void,
  inTransaction?: InTransaction<DatasetRow>,
): Promise<DatasetRow> {
  if (!rec.snapshots && rec.features.length !== rec.count * FEATURE_COUNT) {
    throw new Error(`features: expected ${rec.count}×${FEATURE_COUNT} values, got ${rec.features.length}`);
  }
  let weeklyTotal = 0;
  for (let i = 0; i < rec.count; i++) weeklyTotal += rec.weeks(i).length;
  const snapshotRows = rec.snapshots ? rec.snapshots.reduce((n, s) => n + s.customers.length, 0) : rec.count;
  const total = rec.count + snapshotRows + weeklyTotal;
  let done = 0;
  const tick = (k: number) => {
    done += k;
    onProgress?.(done, total);
  };

  return db.transaction(async (tx: Tx) => {
    const [row] = await tx
      .insert(datasets)
      .values({
        name: rec.name,
        source: rec.source,
        seed: rec.seed,
        nCustomers: rec.count,
        nWeeks: rec.nWeeks,
        churnRate: rec.churnRate,
        targetChurnRate: rec.targetChurnRate,
        oracleAuc: rec.oracleAuc,
        isActive: false,
        ...(rec.timeline
          ? {
              kind: "timeline" as const,
              startDate: rec.timeline.startDate,
              asOfWeek: rec.timeline.asOfWeek,
              horizonWeeks: rec.timeline.horizonWeeks,
              lookbackWeeks: rec.timeline.lookbackWeeks,
              generator: rec.timeline.generator,
            }
          : {}),
      })
      .returning();
    const datasetId = row.id;

    for (let start = 0; start < rec.count; start += ROWS_PER_INSERT) {
      const end = Math.min(rec.count, start + ROWS_PER_INSERT);
      const rows: CustomerInput[] = [];
      for (let i = start; i < end; i++) rows.push(rec.customer(i));
      await insertCustomers(tx, datasetId, rows);
      tick(rows.length);
    }

    let ids: string[] = [];
    let weekRows: WeekRecord[] = [];
    const flushWeekly = async () => {
      if (weekRows.length === 0) return;
      await insertWeekly(tx, datasetId, ids, weekRows);
      tick(weekRows.length);
      ids = [];
      weekRows = [];
    };
    for (let i = 0; i < rec.count; i++) {
      const customerId = rec.customer(i).id;
      for (const w of rec.weeks(i)) {
        ids.push(customerId);
        weekRows.push(w);
      }
      if (weekRows.length >= ROWS_PER_INSERT) await flushWeekly();
    }
    await flushWeekly();

    if (rec.snapshots) {
      const ids: string[] = new Array(rec.count);
      for (let i = 0; i < rec.count; i++) ids[i] = rec.customer(i).id;
      for (const snap of rec.snapshots) await insertSnapshot(tx, datasetId, snap, ids, tick);
    } else {
      for (let start = 0; start < rec.count; start += ROWS_PER_INSERT) {
        const end = Math.min(rec.count, start + ROWS_PER_INSERT);
        const chunkIds: string[] = [];
        const labels: (number | null)[] = [];
        const truth: (number | null)[] = [];
        for (let i = start; i < end; i++) {
          const c = rec.customer(i);
          chunkIds.push(c.id);
          labels.push(c.churned === null ? null : c.churned ? 1 : 0);
          truth.push(c.trueProbability);
        }
        await insertFeatures(tx, datasetId, 0, chunkIds, rec.features.subarray(start * FEATURE_COUNT, end * FEATURE_COUNT), labels, truth);
        tick(end - start);
      }
    }

    // Serialise activation so two concurrent writers cannot both pass the one-active index check.
    await tx.execute(sql`select pg_advisory_xact_lock(727275)`);
    await tx.update(datasets).set({ isActive: false }).where(eq(datasets.isActive, true));
    const [active] = await tx.update(datasets).set({ isActive: true }).where(eq(datasets.id, datasetId)).returning();
    await inTransaction?.(tx, active!);
    return active!;
  });
}

export async function getActiveDataset(db: Db): Promise<DatasetRow | null> {
  const [row] = await db.select().from(datasets).where(eq(datasets.isActive, true)).limit(1);
  return row ?? null;
}

export interface FeatureMatrix {
  customerIds: string[];
  /** n × 29, row-major, catalog order. */
  X: Float64Array;
  /** 1 = churn event within H weeks of the row's as-of date; unknown labels read as 0 (see `labelled`). */
  labels: Uint8Array;
  /** 1 where the label is known. */
  labelled: Uint8Array;
  /** The as-of week of each row. */
  asOfWeek: Int32Array;
  /** The generator's probability of the label (NaN when unknown or imported). */
  trueProbability: Float64Array;
  /** assets_latest per row. */
  assets: Float64Array;
  nCols: 29;
}

/** Byte order ("C" collation) so PGlite and PostgreSQL return the same order. */
const byCustomerId = sql`${featureVectors.customerId} collate "C"`;

/**
 * The feature rows of one as-of week (scoring: the dataset's as-of week), or of every labelled
 * as-of week (training), ordered by as-of week then customer id.
 */
export async function loadFeatureMatrix(db: Db, datasetId: number, which: number | "labelled"): Promise<FeatureMatrix> {
  const where =
    which === "labelled"
      ? and(eq(featureVectors.datasetId, datasetId), sql`${featureVectors.label} is not null`)
      : and(eq(featureVectors.datasetId, datasetId), eq(featureVectors.asOfWeek, which));
  const rows = await db
    .select({ id: featureVectors.customerId, values: featureVectors.values, label: featureVectors.label, asOf: featureVectors.asOfWeek, truth: featureVectors.trueProbability })
    .from(featureVectors)
    .where(where)
    .orderBy(featureVectors.asOfWeek, byCustomerId);
  const n = rows.length;
  const X = new Float64Array(n * FEATURE_COUNT);
  const labels = new Uint8Array(n);
  const labelled = new Uint8Array(n);
  const asOfWeek = new Int32Array(n);
  const trueProbability = new Float64Array(n);
  const assets = new Float64Array(n);
  const customerIds: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    customerIds[i] = r.id;
    const v = r.values;
    if (v.length !== FEATURE_COUNT) throw new Error(`feature_vectors(${datasetId}, ${r.id}): ${v.length} values, expected ${FEATURE_COUNT}`);
    for (let k = 0; k < FEATURE_COUNT; k++) X[i * FEATURE_COUNT + k] = Number(v[k]);
    labels[i] = r.label === 1 ? 1 : 0;
    labelled[i] = r.label === null ? 0 : 1;
    asOfWeek[i] = r.asOf;
    trueProbability[i] = r.truth ?? Number.NaN;
    assets[i] = X[i * FEATURE_COUNT + 8]!;
  }
  return { customerIds, X, labels, labelled, asOfWeek, trueProbability, assets, nCols: 29 };
}

export async function loadCustomer(
  db: Db,
  datasetId: number,
  id: string,
): Promise<{ customer: CustomerRow; weekly: WeeklyRow[]; features: number[] } | null> {
  const [customer] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.datasetId, datasetId), eq(customers.id, id)))
    .limit(1);
  if (!customer) return null;
  const weekly = await db
    .select()
    .from(weeklyBehaviour)
    .where(and(eq(weeklyBehaviour.datasetId, datasetId), eq(weeklyBehaviour.customerId, id)))
    .orderBy(asc(weeklyBehaviour.week));
  const [fv] = await db
    .select({ values: featureVectors.values })
    .from(featureVectors)
    .where(and(eq(featureVectors.datasetId, datasetId), eq(featureVectors.customerId, id)))
    .orderBy(desc(featureVectors.asOfWeek))
    .limit(1);
  return { customer, weekly, features: fv ? fv.values.map(Number) : [] };
}

/**
 * Moves a stored timeline forward: `rec` is the same world simulated for more weeks (its first
 * weeks are byte-identical). New customers and the new weeks' rows are added, churn events that
 * happened meanwhile are recorded, every as-of snapshot is stored with the labels now known, and
 * the dataset's as-of date moves to the end of the new data. One transaction.
 */
export async function appendTimeline(
  db: Db,
  dataset: DatasetRow,
  rec: DatasetRecords,
  onProgress?: (done: number, total: number) => void,
  inTransaction?: InTransaction<DatasetRow>,
): Promise<DatasetRow> {
  const { timeline, snapshots } = rec;
  if (!timeline || !snapshots) throw new Error("appendTimeline needs timeline records");
  const fromWeek = dataset.nWeeks + 1; // weekly_behaviour.week is 1-based
  const total = rec.count * 2 + snapshots.reduce((n, s) => n + s.customers.length, 0);
  let done = 0;
  const tick = (k: number) => {
    done += k;
    onProgress?.(done, total);
  };
  return db.transaction(async (tx: Tx) => {
    for (let start = 0; start < rec.count; start += ROWS_PER_INSERT) {
      const end = Math.min(rec.count, start + ROWS_PER_INSERT);
      const rows: CustomerInput[] = [];
      for (let i = start; i < end; i++) rows.push(rec.customer(i));
      await insertCustomers(tx, dataset.id, rows, true);
      tick(rows.length);
    }
    let ids: string[] = [];
    let weekRows: WeekRecord[] = [];
    const flush = async () => {
      if (weekRows.length) await insertWeekly(tx, dataset.id, ids, weekRows);
      ids = [];
      weekRows = [];
    };
    for (let i = 0; i < rec.count; i++) {
      const id = rec.customer(i).id;
      for (const w of rec.weeks(i)) {
        if (w.week < fromWeek) continue;
        ids.push(id);
        weekRows.push(w);
      }
      if (weekRows.length >= ROWS_PER_INSERT) await flush();
      tick(1);
    }
    await flush();
    const allIds: string[] = new Array(rec.count);
    for (let i = 0; i < rec.count; i++) allIds[i] = rec.customer(i).id;
    for (const snap of snapshots) await insertSnapshot(tx, dataset.id, snap, allIds, tick, true);
    const [row] = await tx
      .update(datasets)
      .set({
        nCustomers: rec.count,
        nWeeks: rec.nWeeks,
        churnRate: rec.churnRate,
        oracleAuc: rec.oracleAuc,
        asOfWeek: timeline.asOfWeek,
      })
      .where(eq(datasets.id, dataset.id))
      .returning();
    await inTransaction?.(tx, row!);
    return row!;
  });
}
