/**
 * Monitoring settings from the environment (lib/config/env.ts validates them with zod); tests
 * pass their own values.
 */
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

let override: Partial<MonitorSettings> | null = null;

/** Current settings: the environment, with a test's override on top. */
export function monitorSettings(): MonitorSettings {
  return { ...monitorSettingsOf(parseEnv(process.env)), ...override };
}

/** Tests: replace some settings (null = back to the environment). */
export function setMonitorSettingsOverride(o: Partial<MonitorSettings> | null): void {
  override = o;
}
