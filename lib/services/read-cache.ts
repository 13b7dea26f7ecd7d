import { and, eq, gt, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { customers, datasets, featureVectors, modelRuns, predictions, retentionPlans, type DatasetRow } from "../../db/schema";
import { featureIndex } from "../data/catalog";
import {
  churnedExpr,
  createListCountCache,
  decodeCursor,
  encodeCursor,
  getCustomerDetail,
  listCustomers,
  scopeJoins,
  scopeOf,
  warmListCount,
  summaryColumns,
  type CustomerDetail,
  type CustomerFilter,
  type CustomerOrder,
  type CustomerScope,
  type CustomerSummary,
  type Page,
  type RiskLevelCode,
  topContributions,
} from "./customer-queries";
import { getPlanBatch, type BatchWithCounts } from "./plan-queries";
import { TtlCache } from "../cache/ttl-cache";
import type { SegmentSummaryCache } from "./segment-queries";

export interface ActiveRunRef {
  id: number;
  shapBaseValue: number | null;
}

export interface ActiveScope {
  dataset: DatasetRow | null;
  run: ActiveRunRef | null;
}

/** A customer row as held in memory: what the list shows, plus the SHAP row for its drivers. */
interface SummaryRow extends Omit<CustomerSummary, "topDrivers"> {
  lossRank: number | null;
  features: number[];
  shap: number[] | null;
}

/** Above this size the list is served by SQL instead of memory (bounded memory per instance). */
const MAX_IN_MEMORY = 200_000;
const MAX_DETAILS = 2_000;
const ASSETS = featureIndex("assets_latest");

/**
 * The dashboard's hot reads (active scope, customer list pages, customer details) from memory.
 * Every write path of this process calls `invalidate()` (and progress events do, for writes of
 * other instances that arrive through the event bridge); entries also expire (see the
 * constructor), so a change no event announces — another instance's rescoring, a CLI run — is
 * picked up within that time.
 */
export class ReadCache {
  private scopeEntry: { at: number; value: Promise<ActiveScope> } | null = null;
  private listEntry: { at: number; key: string; rows: Promise<SummaryRow[] | null> } | null = null;
  /** Sorted views per loaded row set (keyed by the array, so a refresh never mixes old and new). */
  private readonly sorted = new WeakMap<SummaryRow[], Map<CustomerOrder, SummaryRow[]>>();
  private readonly details = new Map<string, { at: number; value: Promise<CustomerDetail | null> }>();
  /** Counts of large lists served by SQL (refreshed behind the answer; a new scope is a new key; plans clear hasPlan counts). */
  readonly counts = createListCountCache();
  /** The scope whose default list count was last computed ahead of its first page. */
  private warmedScope: string | null = null;
  /** Plan batches with their counts, trusted for a second (plan subscriptions' frequent delta events). */
  private readonly batches = new TtlCache<number, Promise<BatchWithCounts | null>>(1_000, 100);
  /** Segment summaries (grouped queries over every active customer), trusted as long as the customer rows are. */
  readonly segments: SegmentSummaryCache = new TtlCache(30_000, 20);

  /**
   * @param ttlMs how long the active scope (two tiny queries) is trusted without an invalidation
   * @param listTtlMs the same for the customer rows: reloading them costs tens of milliseconds
   *   (and blocks the event loop on PGlite), and a change of the active dataset or model shows
   *   through the scope anyway, so they are trusted longer.
   */
  constructor(
    private readonly db: Db,
    private readonly ttlMs = 2_000,
    private readonly listTtlMs = 30_000,
    /** Customer rows per query when the list is (re)loaded. */
    private readonly listPageRows = 2_000,
  ) {}

  /** A plan batch with its counts; `fresh` reads it from the database (and keeps that answer). */
  planBatch(batchId: number, fresh = false): Promise<BatchWithCounts | null> {
    const hit = fresh ? undefined : this.batches.get(batchId);
    if (hit) return hit;
    const read = getPlanBatch(this.db, batchId);
    // A failed read is not remembered: the next event asks again.
    read.catch(() => {
      if (this.batches.get(batchId) === read) this.batches.delete(batchId);
    });
    return this.batches.set(batchId, read);
  }

  /**
   * A plan of one customer started, finished or failed (or, without a customer, a batch changed
   * state). Only that customer's cached detail and list flag change: invalidating everything on
   * each of a batch's 1,000 plan events reloaded the whole customer list each time, a 400–700 ms
   * block of the server's thread per reload on PGlite (2-minute soak, 50 readers).
   */
  planChanged(customerId: string | undefined, done: boolean): void {
    this.segments.clear();
    this.counts.clear((key) => key.includes('"hasPlan"'));
    if (customerId === undefined) return;
    const suffix = `:${customerId}`;
    for (const key of [...this.details.keys()]) if (key.endsWith(suffix)) this.details.delete(key);
    if (!done) return;
    const entry = this.listEntry;
    entry?.rows.then(
      (rows) => {
        if (this.listEntry !== entry) return;
        for (const r of rows ?? []) if (r.id === customerId) r.hasPlan = true;
      },
      () => undefined,
    );
  }

  invalidate(): void {
    this.scopeEntry = null;
    this.listEntry = null;
    this.details.clear();
    this.segments.clear();
  }

  private fresh(at: number, ttl = this.ttlMs): boolean {
    return Date.now() - at < ttl;
  }

  /** Active dataset and model (light columns only: the model bytes stay in the database). */
  scope(): Promise<ActiveScope> {
    const entry = this.scopeEntry;
    if (entry && this.fresh(entry.at)) return entry.value;
    // Expired by age (not invalidated): keep answering from it while one refresh runs, so
    // requests never queue behind the refresh.
    const next = this.loadScope();
    if (!entry) return next;
    next.then(() => undefined, () => undefined);
    return entry.value;
  }

  private loadScope(): Promise<ActiveScope> {
    const value = Promise.all([
      this.db.select().from(datasets).where(eq(datasets.isActive, true)).limit(1),
      this.db.select({ id: modelRuns.id, shapBaseValue: modelRuns.shapBaseValue }).from(modelRuns).where(eq(modelRuns.isActive, true)).limit(1),
    ]).then(([d, r]) => ({ dataset: d[0] ?? null, run: r[0] ?? null }));
    const previous = this.scopeEntry;
    const placeholder = { at: Date.now(), value: previous?.value ?? value };
    this.scopeEntry = placeholder;
    value.then(
      (loaded) => {
        if (this.scopeEntry === placeholder) this.scopeEntry = { at: Date.now(), value };
        // A large list is counted by SQL (0.2–0.4 s at 1M): count it when its scope first appears,
        // before its first page asks (not on every refresh of the scope: pages refresh their count).
        const { dataset, run } = loaded;
        if (!dataset || dataset.nCustomers <= MAX_IN_MEMORY) return;
        const scope = scopeOf(dataset, run);
        const key = `${scope.datasetId}:${scope.asOfWeek}:${scope.runId}`;
        if (key === this.warmedScope) return;
        this.warmedScope = key;
        warmListCount(this.db, scope, this.counts).catch(() => undefined);
      },
      () => {
        if (this.scopeEntry === placeholder) this.scopeEntry = null;
      },
    );
    return value;
  }

  private rows(scope: CustomerScope, size: number): Promise<SummaryRow[] | null> {
    // Above the limit the list is SQL's, also when an entry expires (not only on first load).
    if (size > MAX_IN_MEMORY) return Promise.resolve(null);
    const key = `${scope.datasetId}:${scope.asOfWeek}:${scope.runId}`;
    const entry = this.listEntry;
    if (entry && entry.key === key) {
      if (this.fresh(entry.at, this.listTtlMs)) return entry.rows;
      // Expired by age only: serve the current rows while one refresh replaces them.
      entry.at = Date.now();
      const next = this.loadRows(scope);
      next.then(
        (fresh) => {
          if (this.listEntry === entry) this.listEntry = { at: Date.now(), key, rows: Promise.resolve(fresh) };
        },
        () => undefined,
      );
      return entry.rows;
    }
    const rows = this.loadRows(scope);
    const created = { at: Date.now(), key, rows };
    this.listEntry = created;
    rows.catch(() => {
      if (this.listEntry === created) this.listEntry = null;
    });
    return rows;
  }

  /** The active customers as of the scope's date (the default list); other statuses go to SQL. */
  private async loadRows(scope: CustomerScope): Promise<SummaryRow[]> {
    const { datasetId } = scope;
    const joins = scopeJoins(scope);
    // A page at a time by customer id (the primary key's order): the whole list in one result
    // crossed from PGlite's thread and was mapped in one piece, ~500 ms of the server's thread at
    // 12,000 customers.
    const pages = (async () => {
      const pageOf = (after: string | null) =>
        this.db
          .select(summaryColumns)
          .from(customers)
          .innerJoin(featureVectors, joins.fv)
          .leftJoin(predictions, joins.pred)
          .where(and(eq(customers.datasetId, datasetId), sql`not ${churnedExpr}`, after === null ? undefined : gt(customers.id, after)))
          .orderBy(customers.id)
          .limit(this.listPageRows);
      const all: Awaited<ReturnType<typeof pageOf>> = [];
      for (let after: string | null = null; ; ) {
        const page = await pageOf(after);
        for (const r of page) all.push(r);
        if (page.length < this.listPageRows) return all;
        after = page[page.length - 1]!.id;
      }
    })();
    const [rows, planned] = await Promise.all([
      pages,
      this.db
        .selectDistinct({ customerId: retentionPlans.customerId })
        .from(retentionPlans)
        .where(and(eq(retentionPlans.datasetId, datasetId), eq(retentionPlans.status, "done"))),
    ]);
    const withPlan = new Set(planned.map((p) => p.customerId));
    // One string per branch name rather than one per row (a few dozen branches, up to 200,000 rows).
    const branches = new Map<string, string>();
    return rows.map((r) => ({
      id: r.id,
      branch: branches.get(r.branch) ?? (branches.set(r.branch, r.branch), r.branch),
      openChannel: r.openChannel,
      churnWeek: r.churnWeek,
      churned: Boolean(r.churned),
      churnType: r.churnType,
      customerType: r.customerType,
      riskTolerance: r.riskTolerance,
      assetsLatest: r.features?.[ASSETS] ?? 0,
      probability: r.probability,
      riskLevel: (r.riskLevel as RiskLevelCode | null) ?? null,
      riskRank: r.riskRank,
      lossRank: r.lossRank,
      expectedAssetLoss: r.expectedAssetLoss,
      hasPlan: withPlan.has(r.id),
      features: r.features ?? [],
      shap: r.shap,
    }));
  }

  private sortedRows(all: SummaryRow[], order: CustomerOrder): SummaryRow[] {
    let views = this.sorted.get(all);
    if (!views) this.sorted.set(all, (views = new Map()));
    const hit = views.get(order);
    if (hit) return hit;
    const byId = (a: SummaryRow, b: SummaryRow) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    const nullsLast = (x: number | null, y: number | null) => (x === y ? 0 : x === null ? 1 : y === null ? -1 : x - y);
    const cmp: Record<CustomerOrder, (a: SummaryRow, b: SummaryRow) => number> = {
      RISK_DESC: (a, b) => nullsLast(a.riskRank, b.riskRank) || byId(a, b),
      EXPECTED_LOSS_DESC: (a, b) => nullsLast(a.lossRank, b.lossRank) || byId(a, b),
      ASSETS_DESC: (a, b) => b.assetsLatest - a.assetsLatest || byId(a, b),
      ID_ASC: byId,
    };
    const out = [...all].sort(cmp[order]);
    views.set(order, out);
    return out;
  }

  /** Same contract as `listCustomers` (SQL), served from memory for datasets up to 200,000 customers. */
  async customers(
    scope: CustomerScope & { size: number },
    args: { first: number; after?: string | null; filter?: CustomerFilter; orderBy: CustomerOrder },
  ): Promise<Page<CustomerSummary>> {
    const offset = decodeCursor(args.after);
    const { size, ...sqlScope } = scope;
    const { status, ...f } = args.filter ?? {};
    // Name search reads personal data the memory rows do not hold: SQL answers it.
    const inMemory = (status === undefined || status === "active") && !(f.searchNames && f.search);
    const all = inMemory ? await this.rows(sqlScope, size) : null;
    if (!all) return listCustomers(this.db, sqlScope, args, this.counts);
    const search = f.search?.toLowerCase();
    const filtering = Object.entries(f).some(([k, v]) => k !== "searchNames" && v !== undefined && v !== null);
    const keep = (r: SummaryRow) =>
      (f.riskLevel === undefined || r.riskLevel === f.riskLevel) &&
      (f.customerType === undefined || r.customerType === f.customerType) &&
      (f.minProbability === undefined || (r.probability !== null && r.probability >= f.minProbability)) &&
      (f.maxProbability === undefined || (r.probability !== null && r.probability <= f.maxProbability)) &&
      (f.hasPlan === undefined || r.hasPlan === f.hasPlan) &&
      (search === undefined || r.id.toLowerCase().includes(search)) &&
      (f.branch === undefined || r.branch === f.branch) &&
      (f.openChannel === undefined || r.openChannel === f.openChannel) &&
      (f.riskTolerance === undefined || r.riskTolerance === f.riskTolerance) &&
      (f.minAssets === undefined || r.assetsLatest >= f.minAssets) &&
      (f.maxAssets === undefined || r.assetsLatest < f.maxAssets);
    const sorted = this.sortedRows(all, args.orderBy);
    const filtered = filtering ? sorted.filter(keep) : sorted;
    const page = filtered.slice(offset, offset + args.first);
    const items = page.map((r, i) => {
      const { features, shap, lossRank: _l, ...rest } = r;
      return { cursor: encodeCursor(offset + i), node: { ...rest, topDrivers: shap ? topContributions(features, shap, 3) : [] } };
    });
    return {
      totalCount: filtered.length,
      items,
      hasNextPage: offset + args.first < filtered.length,
      endCursor: items.length ? items[items.length - 1]!.cursor : null,
    };
  }

  detail(scope: CustomerScope, id: string): Promise<CustomerDetail | null> {
    const key = `${scope.datasetId}:${scope.asOfWeek}:${scope.runId}:${id}`;
    const hit = this.details.get(key);
    if (hit && this.fresh(hit.at, this.listTtlMs)) {
      // Refresh LRU position.
      this.details.delete(key);
      this.details.set(key, hit);
      return hit.value;
    }
    const value = getCustomerDetail(this.db, scope, id);
    this.details.set(key, { at: Date.now(), value });
    value.catch(() => this.details.delete(key));
    if (this.details.size > MAX_DETAILS) this.details.delete(this.details.keys().next().value as string);
    return value;
  }
}
