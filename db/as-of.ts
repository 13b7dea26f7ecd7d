import { sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";

/**
 * A row of a per-as-of table (feature_vectors, predictions) taken at its dataset's current as-of
 * date. Earlier as-of rows stay for training and for outcomes; everything the product shows
 * about "now" reads only these.
 */
export function atCurrentAsOf(t: { datasetId: AnyPgColumn; asOfWeek: AnyPgColumn }): SQL {
  return sql`${t.asOfWeek} = (select d.as_of_week from datasets d where d.id = ${t.datasetId})`;
}
