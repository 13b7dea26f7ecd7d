import { desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { datasets, modelRuns, planBatches } from "../../db/schema";
import { campaignReportEntries } from "../campaigns/report-entries";
import { buildChurnReport, type ChurnReport } from "../plans/report";

/** What a report describes: the active dataset and model and the latest plan batch. */
export async function activeReportKey(db: Db): Promise<string> {
  const [[d], [m], [b]] = await Promise.all([
    db.select({ id: datasets.id, asOfWeek: datasets.asOfWeek }).from(datasets).where(eq(datasets.isActive, true)).limit(1),
    db.select({ id: modelRuns.id }).from(modelRuns).where(eq(modelRuns.isActive, true)).limit(1),
    db.select({ id: planBatches.id }).from(planBatches).orderBy(desc(planBatches.id)).limit(1),
  ]);
  // The as-of week too: advancing a dataset keeps its id but brings campaign outcomes in.
  return `dataset:${d?.id ?? "-"}@${d?.asOfWeek ?? "-"}/model:${m?.id ?? "-"}/batch:${b?.id ?? "-"}`;
}

/** Reports written with the LLM, per key; a few at most (each is a few hundred KB of HTML). */
export class ReportCache {
  private readonly entries = new Map<string, ChurnReport>();
  constructor(private readonly max = 8) {}

  get(key: string): ChurnReport | undefined {
    return this.entries.get(key);
  }

  set(key: string, report: ChurnReport): void {
    this.entries.delete(key);
    this.entries.set(key, report);
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
  }
}

/**
 * The report to show: the one generated for the current data (generateReport), else the template
 * report, which costs no LLM call. Reading a report never calls the LLM.
 */
export async function currentReport(db: Db, cache: ReportCache): Promise<ChurnReport> {
  return cache.get(await activeReportKey(db)) ?? buildChurnReport(db, { campaignResults: await campaignReportEntries(db) });
}
