import { and, desc, eq, getTableColumns, ne } from "drizzle-orm";
import type { Db } from "../../db/client";
import { modelRuns, type ModelRunRow } from "../../db/schema";
import type { TreeEnsemble } from "./ensemble";
import { parseLegacyBinary } from "./model-binary";
import { fromXgboostJson } from "./model-json";
import { AppError } from "../errors/app-error";

/** Which run is the active model, and how a run's stored bytes become a tree ensemble. */

export class ModelNotFoundError extends AppError {
  constructor(runId: number) {
    super("NOT_FOUND", `模型不存在 (model run ${runId} not found)`);
    this.name = "ModelNotFoundError";
  }
}

export class ModelNotActivatableError extends AppError {
  constructor(runId: number, status: string) {
    super("CONFLICT", `只能启用训练成功的模型 (only succeeded runs can be activated; run ${runId} is ${status})`);
    this.name = "ModelNotActivatableError";
  }
}

export function ensembleFromBytes(bytes: Uint8Array, format: string): TreeEnsemble {
  if (format === "xgboost-json") return fromXgboostJson(new TextDecoder().decode(bytes));
  if (format === "xgboost-binary") return parseLegacyBinary(bytes);
  throw new Error(`未知的模型格式 (unknown model format): ${format}; 允许 xgboost-binary | xgboost-json`);
}

export function ensembleOfRun(run: Pick<ModelRunRow, "id" | "modelBytes" | "modelFormat">): TreeEnsemble {
  if (!run.modelBytes) throw new Error(`模型 ${run.id} 没有模型文件 (run has no model bytes)`);
  return ensembleFromBytes(run.modelBytes, run.modelFormat);
}

/** A run as lists, reports and the API show it: everything but the model bytes (megabytes each). */
export type ModelRunSummary = Omit<ModelRunRow, "modelBytes">;

const { modelBytes: _bytes, ...summaryColumns } = getTableColumns(modelRuns);

/** The one lookup of a run without its bytes; `getRun` when the model itself is needed. */
export async function getRunSummary(db: Db, runId: number): Promise<ModelRunSummary | null> {
  const [row] = await db.select(summaryColumns).from(modelRuns).where(eq(modelRuns.id, runId)).limit(1);
  return row ?? null;
}

export async function getActiveRunSummary(db: Db): Promise<ModelRunSummary | null> {
  const [row] = await db.select(summaryColumns).from(modelRuns).where(eq(modelRuns.isActive, true)).limit(1);
  return row ?? null;
}

export async function listRunSummaries(db: Db, limit: number): Promise<ModelRunSummary[]> {
  return db.select(summaryColumns).from(modelRuns).orderBy(desc(modelRuns.id)).limit(limit);
}

/** A run with its model bytes. */
export async function getRun(db: Db, runId: number): Promise<ModelRunRow | null> {
  const [row] = await db.select().from(modelRuns).where(eq(modelRuns.id, runId)).limit(1);
  return row ?? null;
}

export async function getActiveRun(db: Db): Promise<ModelRunRow | null> {
  const [row] = await db.select().from(modelRuns).where(eq(modelRuns.isActive, true)).limit(1);
  return row ?? null;
}

/**
 * Makes `runId` the one active model in a single transaction (the partial unique index
 * model_runs_one_active holds the invariant: the old one is switched off first).
 * `db` may be a transaction handle, so callers can combine this with other writes.
 */
/**
 * Makes a run the active model. `completion` (a training run's final row values) is written in
 * the same transaction, so nobody can see the run succeeded while another model is still
 * active — a client that polls for SUCCEEDED and then predicts must get this model.
 */
export async function setActiveRun(
  db: Db,
  runId: number,
  completion?: Partial<typeof modelRuns.$inferInsert>,
  onActivated?: (tx: Db, row: ModelRunRow) => Promise<void>,
): Promise<ModelRunRow> {
  return db.transaction(async (tx) => {
    if (completion) await tx.update(modelRuns).set(completion).where(eq(modelRuns.id, runId));
    const [run] = await tx.select().from(modelRuns).where(eq(modelRuns.id, runId)).limit(1).for("update");
    if (!run) throw new ModelNotFoundError(runId);
    if (run.status !== "succeeded" || !run.modelBytes) throw new ModelNotActivatableError(runId, run.status);
    await tx.update(modelRuns).set({ isActive: false }).where(and(eq(modelRuns.isActive, true), ne(modelRuns.id, runId)));
    const [row] = await tx.update(modelRuns).set({ isActive: true }).where(eq(modelRuns.id, runId)).returning();
    await onActivated?.(tx, row!);
    return row!;
  });
}
