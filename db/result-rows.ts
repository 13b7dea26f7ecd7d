/** The rows of a raw `db.execute(sql…)` result: PGlite's driver answers `{ rows }`, postgres.js an array. */
export function resultRows<T>(result: unknown): T[] {
  const r = result as { rows?: T[] } | T[];
  return Array.isArray(r) ? r : (r.rows ?? []);
}
