import { and, asc, count, desc, eq, gt, gte, ilike, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { customers, featureVectors, predictions, retentionPlans, weeklyBehaviour, type RetentionPlanRow } from "../../db/schema";
import { churnedExpr } from "../../db/as-of";
import { FEATURES, featureIndex } from "../data/catalog";
import { formatFeatureValue } from "../data/feature-format";
import { AppError } from "../errors/app-error";
import { RefreshingCache } from "../cache/refreshing-cache";

export type RiskLevelCode = "high" | "medium" | "low";
export type CustomerOrder = "RISK_DESC" | "EXPECTED_LOSS_DESC" | "ASSETS_DESC" | "ID_ASC";

export type CustomerStatus = "active" | "churned" | "all";

export interface CustomerFilter {
  /** Default active: customers not churned by the as-of date (the only ones a model scores). */
  status?: CustomerStatus;
  riskLevel?: RiskLevelCode;
  customerType?: number;
  minProbability?: number;
  maxProbability?: number;
  hasPlan?: boolean;
  /** Substring of the id (any role). */
  search?: string;
  /** The search text also matches a fragment of the name (personal data: the adapter allows it to analysts and admins only). */
  searchNames?: boolean;
  /** 营业部, exact. */
  branch?: string;
  /** 0 线上, 1 营业部. */
  openChannel?: number;
  /** 0..4 = C1..C5. */
  riskTolerance?: number;
  /** Total assets at the as-of date (元): min inclusive, max exclusive (asset bands). */
  minAssets?: number;
  maxAssets?: number;
}

export interface Contribution {
  key: string;
  labelZh: string;
  labelEn: string;
  /** Null when the value is missing (NaN in the feature vector). */
  value: number | null;
  display: string;
  shap: number;
}

const present = (v: number): number | null => (Number.isFinite(v) ? v : null);

export interface CustomerSummary {
  id: string;
  branch: string;
  openChannel: number;
  /** Week index of the churn event (null: active). */
  churnWeek: number | null;
  churnType: "transfer" | "close" | "asset_out" | null;
  /** Churned by the as-of date: a churn event (timelines) or the recorded label (snapshot datasets). */
  churned: boolean;
  customerType: number;
  riskTolerance: number;
  assetsLatest: number;
  probability: number | null;
  riskLevel: RiskLevelCode | null;
  riskRank: number | null;
  expectedAssetLoss: number | null;
  hasPlan: boolean;
  topDrivers: Contribution[];
}

export interface Page<T> {
  totalCount: number;
  items: { cursor: string; node: T }[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/**
 * Opaque cursor: the row's offset in the list and, from the SQL list, the row's key in the page's
 * order. A key lets the next page seek straight to its place in the order's index; the offset
 * alone makes it walk offset + first index entries (~200 ms at offset 10,000 of a million).
 */
export type CursorKey = readonly (string | number)[];

export function encodeCursor(offset: number, key?: CursorKey): string {
  return Buffer.from(key ? `o:${offset}:${JSON.stringify(key)}` : `o:${offset}`, "utf8").toString("base64url");
}

export class CursorError extends AppError {
  constructor(message: string) {
    super("BAD_USER_INPUT", message, { field: "after" });
    this.name = "CursorError";
  }
}

const MAX_CURSOR_CHARS = 600;

/** The offset after the cursor's row and its key when it has one; a cursor this server did not make is an error naming `after`. */
export function decodeCursorWithKey(cursor: string | null | undefined): { offset: number; key: CursorKey | null } {
  if (cursor === null || cursor === undefined || cursor === "") return { offset: 0, key: null };
  const bad = () => new CursorError(`after: 无效的分页游标 (malformed cursor) ${JSON.stringify(cursor).slice(0, 40)}`);
  if (cursor.length > MAX_CURSOR_CHARS) throw bad();
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const m = /^o:(\d{1,9})(?::(.+))?$/s.exec(text);
  if (!m) throw bad();
  let key: CursorKey | null = null;
  if (m[2] !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(m[2]);
    } catch {
      throw bad();
    }
    const ok =
      Array.isArray(parsed) &&
      parsed.length >= 2 &&
      parsed.length <= 3 &&
      parsed.every((v) => (typeof v === "number" && Number.isFinite(v)) || (typeof v === "string" && v.length <= 200));
    if (!ok) throw bad();
    key = parsed as CursorKey;
  }
  return { offset: Number(m[1]) + 1, key };
}

export function decodeCursor(cursor: string | null | undefined): number {
  return decodeCursorWithKey(cursor).offset;
}

const ASSETS_INDEX = featureIndex("assets_latest") + 1; // PostgreSQL arrays are 1-based

/** The k largest contributions by |SHAP|, formatting only those (list pages show three per row). */
export function topContributions(features: ArrayLike<number>, shap: ArrayLike<number>, k: number): Contribution[] {
  const idx: number[] = [];
  for (let i = 0; i < FEATURES.length; i++) {
    const a = Math.abs(shap[i] ?? 0);
    let j = idx.length;
    if (j === k && a <= Math.abs(shap[idx[k - 1]!] ?? 0)) continue;
    if (j === k) idx.pop();
    j = idx.length;
    while (j > 0 && Math.abs(shap[idx[j - 1]!] ?? 0) < a) j--;
    idx.splice(j, 0, i);
  }
  return idx.map((i) => {
    const f = FEATURES[i]!;
    const value = features[i] ?? NaN;
    return { key: f.key, labelZh: f.zh, labelEn: f.en, value: present(value), display: formatFeatureValue(f, value), shap: shap[i] ?? 0 };
  });
}

export function contributions(features: ArrayLike<number>, shap: ArrayLike<number>): Contribution[] {
  const out: Contribution[] = [];
  for (let i = 0; i < FEATURES.length; i++) {
    const f = FEATURES[i]!;
    const value = features[i] ?? NaN;
    out.push({ key: f.key, labelZh: f.zh, labelEn: f.en, value: present(value), display: formatFeatureValue(f, value), shap: shap[i] ?? 0 });
  }
  return out.sort((a, b) => Math.abs(b.shap) - Math.abs(a.shap));
}

export interface CustomerScope {
  datasetId: number;
  /** The dataset's as-of week: features and predictions are those of this date. */
  asOfWeek: number;
  /** Active model run; null when no model is active (no risk columns). */
  runId: number | null;
}

/** The scope of the active dataset and model. */
export function scopeOf(dataset: { id: number; asOfWeek: number }, run: { id: number } | null): CustomerScope {
  return { datasetId: dataset.id, asOfWeek: dataset.asOfWeek, runId: run?.id ?? null };
}

export { churnedExpr };

/** The columns of a customer list row: the SQL page reads them, and so does the in-memory list (ReadCache). */
export const summaryColumns = {
  id: customers.id,
  branch: customers.branch,
  openChannel: customers.openChannel,
  churnWeek: customers.churnWeek,
  churned: churnedExpr,
  churnType: customers.churnType,
  customerType: customers.customerType,
  riskTolerance: customers.riskTolerance,
  features: featureVectors.values,
  probability: predictions.probability,
  riskLevel: predictions.riskLevel,
  riskRank: predictions.riskRank,
  lossRank: predictions.lossRank,
  expectedAssetLoss: predictions.expectedAssetLoss,
  shap: predictions.shap,
};

/** Joins a customer to its feature vector and to the scope's prediction (none without a model). */
export function scopeJoins(scope: CustomerScope) {
  return {
    fv: and(eq(featureVectors.datasetId, customers.datasetId), eq(featureVectors.asOfWeek, scope.asOfWeek), eq(featureVectors.customerId, customers.id)),
    pred: and(
      eq(predictions.modelRunId, scope.runId ?? -1),
      eq(predictions.datasetId, customers.datasetId),
      eq(predictions.asOfWeek, scope.asOfWeek),
      eq(predictions.customerId, customers.id),
    ),
  };
}

const hasPlanExpr = sql<boolean>`exists (select 1 from ${retentionPlans} rp where rp.dataset_id = ${customers.datasetId} and rp.customer_id = ${customers.id} and rp.status = 'done')`;
const assetsExpr = sql<number>`${featureVectors.values}[${sql.raw(String(ASSETS_INDEX))}]`;

/** A LIKE pattern matching `text` anywhere, its wildcards taken literally. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The search and segment parts of a list filter (id/name search, branch, channel, risk
 * tolerance, asset band) as SQL on `customers`. Assets are those at the scope's as-of date, read
 * by key lookup, so a customer without a snapshot there (churned before it) is in no asset band.
 */
export function segmentConditions(scope: CustomerScope, f: CustomerFilter): SQL[] {
  const conds: SQL[] = [];
  if (f.search) {
    const pattern = containing(f.search);
    conds.push(f.searchNames ? or(ilike(customers.id, pattern), ilike(customers.name, pattern))! : ilike(customers.id, pattern));
  }
  if (f.branch !== undefined) conds.push(eq(customers.branch, f.branch));
  if (f.openChannel !== undefined) conds.push(eq(customers.openChannel, f.openChannel));
  if (f.riskTolerance !== undefined) conds.push(eq(customers.riskTolerance, f.riskTolerance));
  if (f.minAssets !== undefined || f.maxAssets !== undefined) {
    const v = sql`fva.values[${sql.raw(String(ASSETS_INDEX))}]`;
    const bounds = [f.minAssets !== undefined ? sql`${v} >= ${f.minAssets}` : undefined, f.maxAssets !== undefined ? sql`${v} < ${f.maxAssets}` : undefined].filter(
      (b): b is SQL => b !== undefined,
    );
    conds.push(sql`exists (select 1 from ${featureVectors} fva where fva.dataset_id = ${customers.datasetId} and fva.as_of_week = ${scope.asOfWeek} and fva.customer_id = ${customers.id} and ${sql.join(bounds, sql` and `)})`);
  }
  return conds;
}

/** How a list order is read: which table's index gives the order, the key within it, and the tag of its cursor keys. */
function orderPlan(scope: CustomerScope, orderBy: CustomerOrder): { driver: "predictions" | "features" | null; key: SQL[]; tag: "R" | "L" | "A" | "I" } {
  if (orderBy === "RISK_DESC" && scope.runId !== null) return { driver: "predictions", key: [asc(predictions.riskRank), asc(predictions.customerId)], tag: "R" };
  if (orderBy === "EXPECTED_LOSS_DESC" && scope.runId !== null) return { driver: "predictions", key: [asc(predictions.lossRank), asc(predictions.customerId)], tag: "L" };
  if (orderBy === "ASSETS_DESC") return { driver: "features", key: [desc(assetsExpr), asc(featureVectors.customerId)], tag: "A" };
  return { driver: null, key: [asc(customers.id)], tag: "I" };
}

/** The key tag of a row among the customers without the order's driver row (listed by id after the ordered ones). */
const TAIL = "T";

/**
 * Where a cursor key places the next page: after a row of the ordered rows (a condition on the
 * order's index), or after a customer id (the id order, or the customers without the order's
 * driver row). Ranks are unique within a scoring (row numbers), so a rank alone places the row;
 * assets descend with ties by id, written so that `values[assets] <= a` is the index condition
 * and only the ties are filtered. A key of another order (the client changed the order) or of
 * the wrong shape gives null: the cursor's offset is used.
 */
type Seek = { in: "head"; cond: SQL } | { in: "tail" | "ids"; after: string };

function seekOf(tag: "R" | "L" | "A" | "I", key: CursorKey | null): Seek | null {
  if (!key) return null;
  const [t, a, b] = key;
  if (t === TAIL) return tag !== "I" && typeof a === "string" ? { in: "tail", after: a } : null;
  if (t !== tag) return null;
  if (tag === "R" && typeof a === "number") return { in: "head", cond: gt(predictions.riskRank, a) };
  if (tag === "L" && typeof a === "number") return { in: "head", cond: gt(predictions.lossRank, a) };
  if (tag === "A" && typeof a === "number" && typeof b === "string")
    return { in: "head", cond: sql`(${assetsExpr} <= ${a} and (${assetsExpr} < ${a} or ${featureVectors.customerId} > ${b}))` };
  if (tag === "I" && typeof a === "string") return { in: "ids", after: a };
  return null;
}

/**
 * totalCount, and the number of rows that have the order's driver row (scored / with features),
 * per scope and filter. Counting is the one part of a page that reads every matching customer
 * (0.2–0.4 s at 1M), while the page itself reads ~offset+first index entries. Counts only change
 * when data is written, and a new scope (dataset, as-of, model) is a new key, so a computed count
 * is served at once and refreshed behind the answer once it is older than COUNT_FRESH_MS; the
 * writes that change a count within a scope (plans: the hasPlan filter) clear it (ReadCache).
 */
const COUNT_FRESH_MS = 30_000;
/** A count nobody asked for in this long is recounted before it is shown. */
const COUNT_STALE_MS = 10 * 60_000;
const CACHED_COUNT_MIN = 50_000;

/** Recent list counts by (scope, filter[, driver]); owned by a ReadCache (one per server and database). */
export type ListCountCache = RefreshingCache<string, number>;

export function createListCountCache(): ListCountCache {
  return new RefreshingCache(COUNT_FRESH_MS, COUNT_STALE_MS, 200);
}

/** The filter as a cache key: defaults filled in, absent fields dropped (`{}` and `{status: "active"}` are one list). */
function countKey(scope: CustomerScope, f: CustomerFilter, part: string): string {
  const norm = Object.fromEntries(Object.entries({ ...f, status: f.status ?? "active" }).filter(([, v]) => v !== undefined && v !== null).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify([scope.datasetId, scope.asOfWeek, scope.runId, norm, part]);
}

/** The filter reads prediction columns (risk level, probability): the count must join predictions. */
const readsPredictions = (f: CustomerFilter) => f.riskLevel !== undefined || f.minProbability !== undefined || f.maxProbability !== undefined;

function cachedCount(cache: ListCountCache | undefined, key: string, load: () => Promise<number>): Promise<number> {
  // Small lists are counted fresh every time (cheap, and a just-written plan shows at once).
  return cache ? cache.read(key, load, (n) => n >= CACHED_COUNT_MIN) : load();
}

/** How many customers the filter lists (the page's totalCount). */
function totalCount(db: Db, scope: CustomerScope, f: CustomerFilter, where: SQL | undefined, cache: ListCountCache | undefined): Promise<number> {
  return cachedCount(cache, countKey(scope, f, "total"), async () => {
    let q = db.select({ n: count() }).from(customers).$dynamic();
    if (readsPredictions(f)) q = q.leftJoin(predictions, scopeJoins(scope).pred);
    const [r] = await q.where(where);
    return Number(r?.n ?? 0);
  });
}

/** How many of them have the order's driver row: where the customers without one start. */
function withDriverCount(db: Db, scope: CustomerScope, f: CustomerFilter, driver: "predictions" | "features", where: SQL | undefined, cache: ListCountCache | undefined): Promise<number> {
  return cachedCount(cache, countKey(scope, f, driver), async () => {
    const joins = scopeJoins(scope);
    const q =
      driver === "predictions"
        ? db.select({ n: count() }).from(customers).innerJoin(predictions, joins.pred)
        : db.select({ n: count() }).from(customers).innerJoin(featureVectors, joins.fv).leftJoin(predictions, joins.pred);
    const [r] = await q.where(where);
    return Number(r?.n ?? 0);
  });
}

/** Computes the default list's count of a scope ahead of its first page (a large dataset's new scope). */
export function warmListCount(db: Db, scope: CustomerScope, cache: ListCountCache): Promise<number> {
  return totalCount(db, scope, {}, listWhere(scope, {}), cache);
}

/** The list filter as SQL over customers (joined to the scope's predictions when it reads them). */
function listWhere(scope: CustomerScope, f: CustomerFilter): SQL | undefined {
  const conds: SQL[] = [eq(customers.datasetId, scope.datasetId)];
  const status = f.status ?? "active";
  if (status !== "all") conds.push(status === "active" ? sql`not ${churnedExpr}` : churnedExpr);
  if (f.riskLevel) conds.push(eq(predictions.riskLevel, f.riskLevel));
  if (f.customerType !== undefined) conds.push(eq(customers.customerType, f.customerType));
  if (f.minProbability !== undefined) conds.push(gte(predictions.probability, f.minProbability));
  if (f.maxProbability !== undefined) conds.push(lte(predictions.probability, f.maxProbability));
  if (f.hasPlan !== undefined) conds.push(f.hasPlan ? hasPlanExpr : sql`not ${hasPlanExpr}`);
  conds.push(...segmentConditions(scope, f));
  return and(...conds);
}

/**
 * A page of customers. Orders read an index in order and stop after offset + first entries: risk
 * and loss ranks from predictions (model_run_id, dataset_id, as_of_week, rank), assets from
 * feature_vectors (dataset_id, as_of_week, values[assets] desc, customer_id), ids from customers'
 * key. Customers without that row (unscored, no features at the date) follow by id, as the
 * in-memory list orders them. Only the page's ids are read first; their SHAP arrays and features
 * are fetched for those rows alone, never sorted with the rest.
 */
export async function listCustomers(
  db: Db,
  scope: CustomerScope,
  args: { first: number; after?: string | null; filter?: CustomerFilter; orderBy: CustomerOrder },
  /** Counts of large lists are kept here for a while (the caller's ReadCache); without it, counted every time. */
  countCache?: ListCountCache,
): Promise<Page<CustomerSummary>> {
  const { offset, key: afterKey } = decodeCursorWithKey(args.after);
  const f = args.filter ?? {};
  const where = listWhere(scope, f);
  const joins = scopeJoins(scope);
  const plan = orderPlan(scope, args.orderBy);
  const want = args.first + 1;
  const seek = seekOf(plan.tag, afterKey);

  const totalP = totalCount(db, scope, f, where, countCache);
  // An unhandled rejection here would end the process; the error surfaces where it is awaited.
  totalP.catch(() => undefined);
  let ids: string[];
  const tailIds = new Set<string>();
  if (plan.driver === null) {
    const after = seek?.in === "ids" ? gt(customers.id, seek.after) : undefined;
    const rows = await db
      .select({ id: customers.id })
      .from(customers)
      .leftJoin(predictions, joins.pred)
      .where(and(where, after))
      .orderBy(...plan.key)
      .limit(want)
      .offset(after ? 0 : offset);
    ids = rows.map((r) => r.id);
  } else {
    let head: { id: string }[] = [];
    if (seek?.in !== "tail") {
      // Rows that have the driver row, in the index's order: an inner join starting from the driver.
      const driverScope =
        plan.driver === "predictions"
          ? and(eq(predictions.modelRunId, scope.runId ?? -1), eq(predictions.datasetId, scope.datasetId), eq(predictions.asOfWeek, scope.asOfWeek))
          : and(eq(featureVectors.datasetId, scope.datasetId), eq(featureVectors.asOfWeek, scope.asOfWeek));
      const after = seek?.in === "head" ? seek.cond : undefined;
      head =
        plan.driver === "predictions"
          ? await db
              .select({ id: customers.id })
              .from(predictions)
              .innerJoin(customers, and(eq(customers.datasetId, predictions.datasetId), eq(customers.id, predictions.customerId)))
              .where(and(driverScope, where, after))
              .orderBy(...plan.key)
              .limit(want)
              .offset(after ? 0 : offset)
          : await db
              .select({ id: customers.id })
              .from(featureVectors)
              .innerJoin(customers, and(eq(customers.datasetId, featureVectors.datasetId), eq(customers.id, featureVectors.customerId)))
              .leftJoin(predictions, joins.pred)
              .where(and(driverScope, where, after))
              .orderBy(...plan.key)
              .limit(want)
              .offset(after ? 0 : offset);
    }
    ids = head.map((r) => r.id);
    if (ids.length < want) {
      // Past the end of the ordered rows: the customers without a driver row, by id. A key says
      // where in them the cursor was (or that the ordered rows ended on this page: from the
      // start); an offset needs the number of ordered rows to know.
      const tailAfter = seek?.in === "tail" ? seek.after : null;
      const tailOffset = seek ? 0 : Math.max(0, offset - (await withDriverCount(db, scope, f, plan.driver, where, countCache)));
      const missing = plan.driver === "predictions" ? sql`${predictions.customerId} is null` : sql`${featureVectors.customerId} is null`;
      let q = db.select({ id: customers.id }).from(customers).leftJoin(predictions, joins.pred).$dynamic();
      if (plan.driver === "features") q = q.leftJoin(featureVectors, joins.fv);
      const tail = await q
        .where(and(where, missing, tailAfter === null ? undefined : gt(customers.id, tailAfter)))
        .orderBy(asc(customers.id))
        .limit(want - ids.length)
        .offset(tailOffset);
      for (const r of tail) tailIds.add(r.id);
      ids = ids.concat(tail.map((r) => r.id));
    }
  }

  const [details, total] = await Promise.all([
    ids.length === 0
      ? Promise.resolve([])
      : db
          .select({ ...summaryColumns, hasPlan: hasPlanExpr })
          .from(customers)
          .leftJoin(featureVectors, joins.fv)
          .leftJoin(predictions, joins.pred)
          .where(and(eq(customers.datasetId, scope.datasetId), inArray(customers.id, ids))),
    totalP,
  ]);
  const byId = new Map(details.map((r) => [r.id, r]));
  const rows = ids.map((id) => byId.get(id)).filter((r): r is NonNullable<typeof r> => r !== undefined);

  const page = rows.slice(0, args.first);
  // A customer who churned before the as-of date has no snapshot at it: show the assets of their
  // latest snapshot before the event rather than 0 (point lookups, only for such rows of the page).
  const lastKnown = new Map<string, number[]>();
  await Promise.all(
    page
      .filter((r) => !r.features && (r.churnWeek !== null || r.churned))
      .map(async (r) => {
        const v = await featuresAsOf(db, scope, r.id);
        if (v) lastKnown.set(r.id, v);
      }),
  );
  const keyOf = (r: (typeof page)[number]): CursorKey | undefined => {
    if (tailIds.has(r.id)) return [TAIL, r.id];
    if (plan.tag === "R") return r.riskRank === null ? undefined : ["R", r.riskRank];
    if (plan.tag === "L") return r.lossRank === null ? undefined : ["L", r.lossRank];
    if (plan.tag === "A") {
      const a = r.features?.[ASSETS_INDEX - 1];
      return typeof a === "number" && Number.isFinite(a) ? ["A", a, r.id] : undefined;
    }
    return ["I", r.id];
  };
  const items = page.map((r, i) => ({
    cursor: encodeCursor(offset + i, keyOf(r)),
    node: {
      id: r.id,
      branch: r.branch,
      openChannel: r.openChannel,
      churnWeek: r.churnWeek,
      churned: Boolean(r.churned),
      churnType: r.churnType,
      customerType: r.customerType,
      riskTolerance: r.riskTolerance,
      assetsLatest: (r.features ?? lastKnown.get(r.id))?.[ASSETS_INDEX - 1] ?? 0,
      probability: r.probability,
      riskLevel: (r.riskLevel as RiskLevelCode | null) ?? null,
      riskRank: r.riskRank,
      expectedAssetLoss: r.expectedAssetLoss,
      hasPlan: Boolean(r.hasPlan),
      topDrivers: r.shap && r.features ? topContributions(r.features, r.shap, 3) : [],
    },
  }));
  return {
    totalCount: total,
    items,
    hasNextPage: rows.length > args.first,
    endCursor: items.length ? items[items.length - 1]!.cursor : null,
  };
}

export interface CustomerDetail {
  customer: typeof customers.$inferSelect;
  weekly: (typeof weeklyBehaviour.$inferSelect)[];
  features: number[];
  prediction: typeof predictions.$inferSelect | null;
  latestPlan: RetentionPlanRow | null;
}

export async function getCustomerDetail(db: Db, scope: CustomerScope, id: string): Promise<CustomerDetail | null> {
  const [customer] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.datasetId, scope.datasetId), eq(customers.id, id)))
    .limit(1);
  if (!customer) return null;
  const [weekly, fv, pred, plan] = await Promise.all([
    db
      .select()
      .from(weeklyBehaviour)
      .where(and(eq(weeklyBehaviour.datasetId, scope.datasetId), eq(weeklyBehaviour.customerId, id)))
      .orderBy(asc(weeklyBehaviour.week)),
    featuresAsOf(db, scope, id),
    scope.runId === null
      ? Promise.resolve([])
      : db
          .select()
          .from(predictions)
          .where(and(eq(predictions.modelRunId, scope.runId), eq(predictions.datasetId, scope.datasetId), eq(predictions.asOfWeek, scope.asOfWeek), eq(predictions.customerId, id)))
          .limit(1),
    latestPlanFor(db, scope.datasetId, id),
  ]);
  return { customer, weekly, features: fv ?? [], prediction: pred[0] ?? null, latestPlan: plan };
}

/**
 * Features as of the dataset's date; a churned customer's latest snapshot before the event. The
 * key is (dataset, as-of week, customer), so "latest week ≤ as-of for this customer" is answered
 * by point lookups at the dataset's as-of weeks (found by a loose index scan, ≤ one per week)
 * rather than a range scan over every customer's rows of every earlier week.
 */
async function featuresAsOf(db: Db, scope: CustomerScope, id: string): Promise<number[] | null> {
  const exact = await db
    .select({ values: featureVectors.values })
    .from(featureVectors)
    .where(and(eq(featureVectors.datasetId, scope.datasetId), eq(featureVectors.asOfWeek, scope.asOfWeek), eq(featureVectors.customerId, id)))
    .limit(1);
  if (exact[0]) return exact[0].values;
  const earlier = await db
    .select({ values: featureVectors.values })
    .from(featureVectors)
    .where(
      and(
        eq(featureVectors.datasetId, scope.datasetId),
        eq(featureVectors.customerId, id),
        sql`${featureVectors.asOfWeek} = any(array(
          with recursive w(x) as (
            select (select max(f.as_of_week) from feature_vectors f where f.dataset_id = ${scope.datasetId} and f.as_of_week < ${scope.asOfWeek})
            union all
            select (select max(f.as_of_week) from feature_vectors f where f.dataset_id = ${scope.datasetId} and f.as_of_week < w.x) from w where w.x is not null
          ) select x from w where x is not null))`,
      ),
    )
    .orderBy(desc(featureVectors.asOfWeek))
    .limit(1);
  return earlier[0]?.values ?? null;
}

export async function latestPlanFor(db: Db, datasetId: number, customerId: string): Promise<RetentionPlanRow | null> {
  const [plan] = await db
    .select()
    .from(retentionPlans)
    .where(and(eq(retentionPlans.datasetId, datasetId), eq(retentionPlans.customerId, customerId)))
    .orderBy(desc(retentionPlans.id))
    .limit(1);
  return plan ?? null;
}

export interface RiskCounts {
  high: number;
  medium: number;
  low: number;
  expectedAssetLoss: number;
  histogram: number[];
}

export async function riskCounts(db: Db, scope: { datasetId: number; asOfWeek: number; runId: number }): Promise<RiskCounts> {
  const where = and(eq(predictions.modelRunId, scope.runId), eq(predictions.datasetId, scope.datasetId), eq(predictions.asOfWeek, scope.asOfWeek));
  const [levels, bins] = await Promise.all([
    db
      .select({ level: predictions.riskLevel, n: count(), loss: sql<number>`coalesce(sum(${predictions.expectedAssetLoss}), 0)` })
      .from(predictions)
      .where(where)
      .groupBy(predictions.riskLevel),
    db
      .select({ bin: sql<number>`least(floor(${predictions.probability} * 20), 19)::int`, n: count() })
      .from(predictions)
      .where(where)
      .groupBy(sql`1`),
  ]);
  const byLevel = new Map(levels.map((l) => [l.level, l]));
  const histogram = new Array<number>(20).fill(0);
  for (const b of bins) histogram[Number(b.bin)] = Number(b.n);
  return {
    high: Number(byLevel.get("high")?.n ?? 0),
    medium: Number(byLevel.get("medium")?.n ?? 0),
    low: Number(byLevel.get("low")?.n ?? 0),
    expectedAssetLoss: levels.reduce((s, l) => s + Number(l.loss), 0),
    histogram,
  };
}
