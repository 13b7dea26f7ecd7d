"use client";
import { CalibrationChart } from "../model/ModelCharts";
import { useI18n } from "../lib/i18n/LanguageProvider";
import type { Realised } from "./types";

/** The model page's calibration chart, on a scoring run's realised outcomes. */
export function RealisedCalibrationChart({ bins }: { bins: Realised["calibration"] }) {
  const { t } = useI18n();
  return <CalibrationChart bins={bins} label={t("realisedCalibration")} testId="realised-calibration-chart" />;
}
