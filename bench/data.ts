/**
 * Dataset pipeline timings: generate (incl. feature engineering), re-engineer features alone,
 * store in one transaction, and read the feature matrix back — on in-memory PGlite and, when TEST_DATABASE_URL or
 * DATABASE_URL is set, on a scratch database created (and dropped) on that server, so a
 * benchmark never touches real data. `npx tsx bench/data.ts` prints a table.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import postgres from "postgres";
import { openDatabase, type DbHandle } from "../db/client";
import { FEATURE_COUNT } from "../lib/data/catalog";
import { loadFeatureMatrix, writeDataset } from "../lib/data/dataset-store";
import { engineerFeatures } from "../lib/data/features";
import { generateDataset, parseGenerateOptions } from "../lib/data/generator";

export interface Row {
  database: string;
  customers: number;
  weeks: number;
  generateMs: number;
  engineerMs: number;
  storeMs: number;
  /** loadFeatureMatrix: what training reads back. */
  loadMs: number;
  totalMs: number;
  /** Rows written (customers + weekly + feature vectors) per second of the store step. */
  rowsPerSecond: number;
}

interface Target {
  label: string;
  open(): Promise<DbHandle & { destroy(): Promise<void> }>;
}

function pgliteTarget(): Target {
  return {
    label: "PGlite (memory)",
    async open() {
      const h = await openDatabase({ pgliteDir: "memory://" });
      return { ...h, destroy: () => h.close() };
    },
  };
}

function postgresTarget(serverUrl: string): Target {
  return {
    label: "PostgreSQL",
    async open() {
      const name = `bench_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
      const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`);
      await admin.end();
      const u = new URL(serverUrl);
      u.pathname = `/${name}`;
      const h = await openDatabase({ databaseUrl: u.toString(), maxConnections: 2 });
      return {
        ...h,
        destroy: async () => {
          await h.close();
          const a = postgres(serverUrl, { max: 1, onnotice: () => {} });
          await a.unsafe(`drop database if exists ${name} with (force)`);
          await a.end();
        },
      };
    },
  };
}

async function measure(target: Target, customers: number, weeks: number): Promise<Row> {
  const t0 = performance.now();
  const ds = generateDataset(parseGenerateOptions({ customers, weeks }));
  const t1 = performance.now();
  const out = new Float64Array(FEATURE_COUNT);
  for (let i = 0; i < customers; i++) engineerFeatures(ds.profiles[i], ds.weekly[i], ds.marketReturns, out);
  const engineerMs = performance.now() - t1;
  const h = await target.open();
  try {
    const s0 = performance.now();
    const row = await writeDataset(h.db, ds);
    const storeMs = performance.now() - s0;
    const l0 = performance.now();
    const m = await loadFeatureMatrix(h.db, row.id, row.asOfWeek);
    const loadMs = performance.now() - l0;
    if (m.customerIds.length !== customers) throw new Error(`read back ${m.customerIds.length} of ${customers} customers`);
    const generateMs = t1 - t0;
    return {
      database: target.label,
      customers,
      weeks,
      generateMs: Math.round(generateMs),
      engineerMs: Math.round(engineerMs),
      storeMs: Math.round(storeMs),
      loadMs: Math.round(loadMs),
      totalMs: Math.round(generateMs + storeMs),
      rowsPerSecond: Math.round((customers * (2 + weeks)) / (storeMs / 1000)),
    };
  } finally {
    await h.destroy();
  }
}

export async function benchData(sizes: readonly number[] = [3000, 100_000]): Promise<Row[]> {
  const targets = [pgliteTarget()];
  const serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (serverUrl) targets.push(postgresTarget(serverUrl));
  const rows: Row[] = [];
  for (const customers of sizes) for (const t of targets) rows.push(await measure(t, customers, 12));
  return rows;
}

export function formatRows(rows: readonly Row[]): string {
  const header = ["database", "customers×weeks", "generate ms", "engineer ms", "store ms", "load ms", "total ms", "rows/s stored"];
  const body = rows.map((r) => [r.database, `${r.customers}×${r.weeks}`, r.generateMs, r.engineerMs, r.storeMs, r.loadMs, r.totalMs, r.rowsPerSecond].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(line)].join("\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  void benchData().then((rows) => console.log(formatRows(rows)));
}
