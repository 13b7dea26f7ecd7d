import type postgres from "postgres";

/**
 * On PostgreSQL each instance's connections carry its owner id as application_name (its LISTEN
 * connection stays open for the life of the process), so a live owner is visible in
 * pg_stat_activity and a killed one disappears with its connections.
 */
export function pgOwnerLiveness(pg: postgres.Sql): (ownerId: string) => Promise<boolean> {
  return async (owner) => (await pg`select 1 from pg_stat_activity where application_name = ${owner.slice(0, 63)} limit 1`).length > 0;
}
