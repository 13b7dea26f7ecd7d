import { sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { customers } from "./schema";

/** Churned by the as-of date: a churn event (timelines) or the recorded label (snapshot datasets). */
export const churnedExpr = sql<boolean>`coalesce(${customers.churnWeek} is not null or ${customers.churned}, false)`;

/**
 * A row of a per-as-of table (feature_vectors, predictions) taken at its dataset's current as-of
 * date. Earlier as-of rows stay for training and for outcomes; everything the product shows
 * about "now" reads only these.
 *
 * Pass `datasetId` whenever the query is about one dataset. The subquery then depends on nothing
 * in the row, so PostgreSQL runs it once and uses its value in the (dataset_id, as_of_week,
 * customer_id) index; the correlated form is a filter evaluated per row, and a keyset page ordered
 * by customer id became a scan and sort of every later row (13 s per CSV page at 1M customers).
 */
export function atCurrentAsOf(t: { datasetId: AnyPgColumn; asOfWeek: AnyPgColumn }, datasetId?: number): SQL {
  if (datasetId !== undefined) return sql`${t.asOfWeek} = (select d.as_of_week from datasets d where d.id = ${datasetId})`;
  return sql`${t.asOfWeek} = (select d.as_of_week from datasets d where d.id = ${t.datasetId})`;
}
