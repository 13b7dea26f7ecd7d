/**
 * Datasets in the database: one transaction writes a dataset's customers, weekly rows and
 * feature vectors and makes it the active one, so a failure leaves nothing half-written.
 */
import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { resultRows } from "../../db/result-rows";
import {
  customers,
  datasetMarketWeeks,
  datasets,
  featureVectors,
  weeklyBehaviour,
  type CustomerRow,
  type DatasetRow,
  type WeeklyRow,
} from "../../db/schema";
import { FEATURE_COUNT } from "./catalog";
import { analyzeTables, copyRows, type CopyColumn } from "./bulk-copy";
import { fromPgNumber } from "./pg-array";
import { runInSlices, yieldToLoop, type Pausable } from "../runtime/time-slice";
import type { GeneratorState } from "../../db/json-types";
import type { CustomerProfile, GeneratedDataset, WeekRecord } from "./generator";

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
  /** Timelines: the market index return of each week (index = week − 1; NaN = none that week), for excess_return (#13). */
  marketReturns?: readonly number[];
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

/** The tables a dataset load fills (analysed after each load). */
export const DATASET_TABLES = ["customers", "weekly_behaviour", "feature_vectors"] as const;

/** On re-insert (advancing a timeline) a customer's churn fields take the newer simulation's values. */
const CUSTOMER_UPSERT = "on conflict (dataset_id, id) do update set churned = excluded.churned, churn_week = excluded.churn_week, churn_type = excluded.churn_type";
/** Snapshots re-inserted by an advance keep their features and learn their now-known labels. */
const SNAPSHOT_UPSERT = "on conflict (dataset_id, as_of_week, customer_id) do update set label = excluded.label, true_probability = excluded.true_probability";

const CUSTOMER_COLUMNS: readonly CopyColumn[] = [
  ["dataset_id", "int"], ["id", "text"], ["name", "text"], ["phone", "text"], ["id_number", "text"], ["branch", "text"],
  ["customer_type", "smallint"], ["risk_tolerance", "smallint"], ["age", "smallint"], ["tenure_months", "int"],
  ["open_channel", "smallint"], ["has_margin", "boolean"], ["has_advisor", "boolean"], ["commission_rate", "float8"],
  ["product_count", "smallint"], ["churned", "boolean"], ["true_probability", "float8"], ["open_week", "smallint"],
  ["churn_week", "smallint"], ["churn_type", "text"],
];
const WEEKLY_COLUMNS: readonly CopyColumn[] = [
  ["dataset_id", "int"], ["customer_id", "text"], ["week", "smallint"], ["logins", "int"], ["trades", "int"], ["trade_amount", "float8"],
  ["total_assets", "float8"], ["net_inflow", "float8"], ["service_contacts", "int"], ["complaints", "int"], ["weekly_return", "float8"],
];
const FEATURE_COLUMNS: readonly CopyColumn[] = [
  ["dataset_id", "int"], ["as_of_week", "smallint"], ["customer_id", "text"], ["values", "float8[]"], ["label", "smallint"], ["true_probability", "float8"],
];

async function copyCustomers(tx: Tx, datasetId: number, rec: DatasetRecords, tick: (n: number) => void, upsert = false): Promise<void> {
  await copyRows(
    tx,
    "customers",
    CUSTOMER_COLUMNS,
    rec.count,
    (i, out) => {
      const r = rec.customer(i);
      out.push(datasetId, r.id, r.name, r.phone, r.idNumber, r.branch, r.customerType, r.riskTolerance, r.age, r.tenureMonths,
        r.openChannel, r.hasMargin, r.hasAdvisor, r.commissionRate, r.productCount, r.churned, r.trueProbability,
        r.openWeek ?? null, r.churnWeek ?? null, r.churnType ?? null);
    },
    { upsert: upsert ? CUSTOMER_UPSERT : undefined, onRows: tick },
  );
}

/** Weekly rows from `fromWeek` on (1-based weeks), customer by customer. */
async function copyWeekly(
  tx: Tx,
  datasetId: number,
  rec: DatasetRecords,
  ids: readonly string[],
  tick: (n: number) => void,
  fromWeek: number,
  onCounted: (rows: number) => void,
): Promise<void> {
  // Flattened (customer, week) pairs, so the encoder can slice and yield anywhere.
  const owner: number[] = [];
  const position: number[] = [];
  // Building the week records of 3,000 customers × 104 weeks took ~0.45 s: yield every few ms.
  // They are not kept: 312,000 live records made the old-generation collections that paused the
  // server for 0.2–0.6 s; each customer's are rebuilt while its rows are encoded.
  let sliceStart = performance.now();
  for (let i = 0; i < rec.count; i++) {
    if (performance.now() - sliceStart > 8) {
      await yieldToLoop();
      sliceStart = performance.now();
    }
    const w = rec.weeks(i);
    for (let k = 0; k < w.length; k++) {
      if (w[k]!.week < fromWeek) continue;
      owner.push(i);
      position.push(k);
    }
  }
  onCounted(owner.length);
  // Rows are encoded in order, so one customer's records at a time are enough.
  let current = -1;
  let weeks: readonly WeekRecord[] = [];
  await copyRows(
    tx,
    "weekly_behaviour",
    WEEKLY_COLUMNS,
    owner.length,
    (j, out) => {
      const i = owner[j]!;
      if (i !== current) weeks = rec.weeks((current = i));
      const w = weeks[position[j]!]!;
      out.push(datasetId, ids[i]!, w.week, w.logins, w.trades, w.tradeAmount, w.totalAssets, w.netInflow, w.serviceContacts, w.complaints, w.weeklyReturn);
    },
    { onRows: tick },
  );
}

/** Every customer's id; built in slices because `customer(i)` builds a whole record (a generated timeline: ~300 ms at 12,000). */
function* customerIds(rec: DatasetRecords): Pausable<string[]> {
  const ids: string[] = new Array(rec.count);
  for (let i = 0; i < rec.count; i++) {
    ids[i] = rec.customer(i).id;
    if ((i & 255) === 255) yield;
  }
  return ids;
}

/** A snapshot dataset's features as its one snapshot (as-of week 0, labels from the customers). */
function singleSnapshot(rec: DatasetRecords): StoredSnapshot {
  const labels = new Uint8Array(rec.count);
  const labelled = new Uint8Array(rec.count);
  const trueProbability = new Float64Array(rec.count);
  for (let i = 0; i < rec.count; i++) {
    const c = rec.customer(i);
    labels[i] = c.churned ? 1 : 0;
    labelled[i] = c.churned === null ? 0 : 1;
    trueProbability[i] = c.trueProbability ?? Number.NaN;
  }
  return { asOfWeek: 0, customers: Int32Array.from({ length: rec.count }, (_, i) => i), X: rec.features, labels, labelled, trueProbability };
}

/** Writes one as-of snapshot's rows. */
export async function insertSnapshot(tx: Db, datasetId: number, snap: StoredSnapshot, ids: readonly string[], tick?: (n: number) => void, upsert = false): Promise<void> {
  await copyRows(
    tx,
    "feature_vectors",
    FEATURE_COLUMNS,
    snap.customers.length,
    (r, out) => {
      const p = snap.trueProbability[r]!;
      out.push(datasetId, snap.asOfWeek, ids[snap.customers[r]!]!, snap.X.subarray(r * FEATURE_COUNT, (r + 1) * FEATURE_COUNT),
        snap.labelled[r] ? snap.labels[r]! : null, Number.isFinite(p) ? p : null);
    },
    { upsert: upsert ? SNAPSHOT_UPSERT : undefined, onRows: tick },
  );
}

/** Market returns of weeks `fromWeek`.. (1-based) with their NaN as NULL; replaces what was there. */
async function writeMarketWeeks(tx: Db, datasetId: number, rec: DatasetRecords, fromWeek: number): Promise<void> {
  const m = rec.marketReturns;
  if (!m) return;
  const rows = [];
  for (let w = fromWeek; w <= m.length; w++) rows.push({ datasetId, week: w, marketReturn: Number.isFinite(m[w - 1]) ? m[w - 1]! : null });
  await tx.delete(datasetMarketWeeks).where(and(eq(datasetMarketWeeks.datasetId, datasetId), sql`${datasetMarketWeeks.week} >= ${fromWeek}`));
  for (let i = 0; i < rows.length; i += 1000) await tx.insert(datasetMarketWeeks).values(rows.slice(i, i + 1000));
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
  const snapshotRows = rec.snapshots ? rec.snapshots.reduce((n, s) => n + s.customers.length, 0) : rec.count;
  // The weekly rows are added to the total once counted.
  let total = rec.count + snapshotRows;
  let done = 0;
  const tick = (k: number) => {
    done += k;
    onProgress?.(done, total);
  };

  const written = await db.transaction(async (tx: Tx) => {
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

    await copyCustomers(tx, datasetId, rec, tick);
    const ids = await runInSlices(customerIds(rec));
    await copyWeekly(tx, datasetId, rec, ids, tick, 1, (n) => (total += n));
    for (const snap of rec.snapshots ?? [singleSnapshot(rec)]) await insertSnapshot(tx, datasetId, snap, ids, tick);
    await writeMarketWeeks(tx, datasetId, rec, 1);

    // Serialise activation so two concurrent writers cannot both pass the one-active index check.
    await tx.execute(sql`select pg_advisory_xact_lock(727275)`);
    await tx.update(datasets).set({ isActive: false }).where(eq(datasets.isActive, true));
    const [active] = await tx.update(datasets).set({ isActive: true }).where(eq(datasets.id, datasetId)).returning();
    await inTransaction?.(tx, active!);
    return active!;
  });
  await analyzeTables(db, DATASET_TABLES);
  return written;
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
const byCustomerIdC = sql`${featureVectors.customerId} collate "C"`;
/** The primary key's own order: the same as byte order when the database collates as C, and then read off the index. */
const byCustomerIdDefault = sql`${featureVectors.customerId}`;
/**
 * The customer-id order to page by: byte order always, but through the primary key when the
 * database's collation already is byte order (C, POSIX, C.UTF-8: PGlite and Debian's default
 * cluster); otherwise each page sorts the week's rows (fine up to ~10^5 rows a week).
 */
async function idOrder(db: Db): Promise<SQL> {
  const c = resultRows<{ c: string }>(await db.execute(sql`select datcollate::text as c from pg_database where datname = current_database()`))[0]?.c ?? "";
  return /^(C|POSIX|C\.UTF-?8)$/i.test(c) ? byCustomerIdDefault : byCustomerIdC;
}

/** `values` as PostgreSQL's array text ('{1.5,NULL,…}'): parsed in toMatrixSteps, in slices, instead of by the driver in one piece. */
type FeatureRow = { id: string; values: string; label: number | null; asOf: number; truth: number | null };

/**
 * Rows per page of a week's feature rows: one 20,000-row result crossed from PGlite's thread and
 * was mapped by the driver in one piece (~500 ms of the server's thread during the soak).
 */
const FEATURE_PAGE_ROWS = 2_000;

/** One as-of week's rows in byte order of the customer id, a page at a time. */
async function* weekRows(db: Db, order: SQL, datasetId: number, week: number, labelledOnly: boolean): AsyncGenerator<FeatureRow[]> {
  let after: string | null = null;
  for (;;) {
    const where = and(
      eq(featureVectors.datasetId, datasetId),
      eq(featureVectors.asOfWeek, week),
      labelledOnly ? sql`${featureVectors.label} is not null` : undefined,
      after === null ? undefined : sql`${order} > ${after}`,
    );
    const page = (await db
      .select({ id: featureVectors.customerId, values: sql<string>`${featureVectors.values}::text`, label: featureVectors.label, asOf: featureVectors.asOfWeek, truth: featureVectors.trueProbability })
      .from(featureVectors)
      .where(where)
      .orderBy(order)
      .limit(FEATURE_PAGE_ROWS)) as FeatureRow[];
    if (page.length) yield page;
    if (page.length < FEATURE_PAGE_ROWS) return;
    after = page[page.length - 1]!.id;
  }
}

/**
 * One query's feature rows as a matrix, pausing every 256 rows: PostgreSQL's driver parsed the
 * float8[] of a whole week (~8,000 rows × 29) in one piece, 60–90 ms of the server's thread.
 */
function* toMatrixSteps(datasetId: number, rows: FeatureRow[]): Pausable<FeatureMatrix> {
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
    const text = r.values;
    // '{a,b,…}': numbers and NULL only (one-dimensional float8[]), so a split is exact.
    const v = text.length > 2 ? text.slice(1, -1).split(",") : [];
    if (v.length !== FEATURE_COUNT) throw new Error(`feature_vectors(${datasetId}, ${r.id}): ${v.length} values, expected ${FEATURE_COUNT}`);
    for (let k = 0; k < FEATURE_COUNT; k++) {
      const t = v[k]!;
      X[i * FEATURE_COUNT + k] = t === "NULL" ? Number.NaN : Number(t);
    }
    labels[i] = r.label === 1 ? 1 : 0;
    labelled[i] = r.label === null ? 0 : 1;
    asOfWeek[i] = r.asOf;
    trueProbability[i] = r.truth ?? Number.NaN;
    // Unknown assets (a dataset without an assets column) put nothing at risk in the expected loss.
    const a = X[i * FEATURE_COUNT + 8]!;
    assets[i] = Number.isNaN(a) ? 0 : a;
    if ((i & 255) === 255) yield;
  }
  return { customerIds, X, labels, labelled, asOfWeek, trueProbability, assets, nCols: 29 };
}

/**
 * The feature rows of one as-of week (scoring: the dataset's as-of week), or of every labelled
 * as-of week (training), ordered by as-of week then customer id. Training reads one as-of week
 * per query and yields in between: one query over every labelled week (70,000 rows of 29 values
 * by default) is parsed in one piece on PGlite and held the event loop for a few hundred ms.
 */
export async function loadFeatureMatrix(db: Db, datasetId: number, which: number | "labelled"): Promise<FeatureMatrix> {
  const weeks =
    which === "labelled"
      ? (
          await db
            .selectDistinct({ w: featureVectors.asOfWeek })
            .from(featureVectors)
            .where(and(eq(featureVectors.datasetId, datasetId), sql`${featureVectors.label} is not null`))
            .orderBy(featureVectors.asOfWeek)
        ).map((r) => r.w)
      : [which];
  // Each week's rows become typed arrays as they arrive (a few ms a week, between queries); one
  // conversion loop over every labelled row at the end was a ~100 ms block of the event loop.
  const parts: FeatureMatrix[] = [];
  const order = await idOrder(db);
  for (const w of weeks) {
    for await (const page of weekRows(db, order, datasetId, w, which === "labelled")) parts.push(await runInSlices(toMatrixSteps(datasetId, page)));
  }
  if (parts.length === 1) return parts[0]!;
  const n = parts.reduce((k, p) => k + p.customerIds.length, 0);
  const X = new Float64Array(n * FEATURE_COUNT);
  const labels = new Uint8Array(n);
  const labelled = new Uint8Array(n);
  const asOfWeek = new Int32Array(n);
  const trueProbability = new Float64Array(n);
  const assets = new Float64Array(n);
  const customerIds: string[] = [];
  let i = 0;
  for (const p of parts) {
    X.set(p.X, i * FEATURE_COUNT);
    labels.set(p.labels, i);
    labelled.set(p.labelled, i);
    asOfWeek.set(p.asOfWeek, i);
    trueProbability.set(p.trueProbability, i);
    assets.set(p.assets, i);
    for (const id of p.customerIds) customerIds.push(id);
    i += p.customerIds.length;
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
  return { customer, weekly, features: fv ? fv.values.map(fromPgNumber) : [] };
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
  // The new weekly rows are added to the total once counted.
  let total = rec.count + snapshots.reduce((n, s) => n + s.customers.length, 0);
  let done = 0;
  const tick = (k: number) => {
    done += k;
    onProgress?.(done, total);
  };
  const written = await db.transaction(async (tx: Tx) => {
    await copyCustomers(tx, dataset.id, rec, tick, true);
    const ids = await runInSlices(customerIds(rec));
    await copyWeekly(tx, dataset.id, rec, ids, tick, fromWeek, (n) => (total += n));
    for (const snap of snapshots) await insertSnapshot(tx, dataset.id, snap, ids, tick, true);
    await writeMarketWeeks(tx, dataset.id, rec, 1);
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
  await analyzeTables(db, DATASET_TABLES);
  return written;
}
