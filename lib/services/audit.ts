import type { Db } from "../../db/client";
import { auditLog } from "../../db/schema";

/** Who did what: training, activation, prediction, export, account changes. */
export async function audit(db: Db, actor: string, action: string, target: string | null, details?: Record<string, unknown>): Promise<void> {
  await db.insert(auditLog).values({ actor, action, target, details: details ?? null });
}
