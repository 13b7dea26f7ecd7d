/**
 * Monitoring settings from the environment (lib/config/env.ts validates them with zod); tests
 * pass their own values.
 */
import type { Db } from "../../db/client";
import { parseEnv, type Env } from "../config/env";
import { parseCron, type CronSchedule } from "../config/cron";

export interface MonitorSettings {
  psiWarning: number;
  psiDrift: number;
  aucMargin: number;
  autoActivate: "never" | "better";
  activateMargin: number;
  webhookUrl: string | null;
  schedule: CronSchedule | null;
}

export function monitorSettingsOf(env: Pick<Env, "MONITOR_PSI_WARNING" | "MONITOR_PSI_DRIFT" | "MONITOR_AUC_MARGIN" | "AUTO_ACTIVATE" | "ACTIVATE_MARGIN" | "ALERT_WEBHOOK_URL" | "SCORING_SCHEDULE">): MonitorSettings {
  return {
    psiWarning: env.MONITOR_PSI_WARNING,
    psiDrift: env.MONITOR_PSI_DRIFT,
    aucMargin: env.MONITOR_AUC_MARGIN,
    autoActivate: env.AUTO_ACTIVATE,
    activateMargin: env.ACTIVATE_MARGIN,
    webhookUrl: env.ALERT_WEBHOOK_URL ?? null,
    schedule: env.SCORING_SCHEDULE ? parseCron(env.SCORING_SCHEDULE) : null,
  };
}

/**
 * Tests' overrides, per database: the lifecycle hooks that read these settings are installed
 * process-wide (lib/ml/model-hooks.ts) and receive only the database handle, so an override
 * keyed by it applies to that database's server alone and never to another one in the process.
 */
const overrides = new WeakMap<Db, Partial<MonitorSettings>>();

/** Current settings for a database: the environment, with a test's override on top. */
export function monitorSettings(db: Db): MonitorSettings {
  return { ...monitorSettingsOf(parseEnv(process.env)), ...overrides.get(db) };
}

/** Tests: replace some settings for one database (null = back to the environment). */
export function setMonitorSettingsOverride(db: Db, o: Partial<MonitorSettings> | null): void {
  if (o) overrides.set(db, o);
  else overrides.delete(db);
}
