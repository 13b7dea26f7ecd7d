"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ErrorBox, Loading } from "../components/Status";
import { announceDatasetChanged } from "../lib/dataset-events";
import { AdvanceDatasetMutation, GenerateDatasetMutation, PredictRiskMutation } from "../lib/documents/overview";
import { TrainModelMutation } from "../lib/documents/training";
import { formatNumber } from "../lib/format";
import { useMutation } from "../lib/hooks";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { useRoleAccess } from "../lib/viewer-role";
import { RoleNote } from "../components/RoleNote";
import { DatasetJobProgress } from "./DatasetJobProgress";

function num(form: FormData, name: string): number {
  return Number(form.get(name));
}

/** An optional number field: blank leaves the server's default (maxDepth and eta follow the training rows). */
function optionalNum(form: FormData, name: string): number | undefined {
  const v = String(form.get(name) ?? "").trim();
  return v === "" ? undefined : Number(v);
}

/** Who may move the data on, and whether this dataset can be: a synthetic timeline only. */
export type AdvanceAbility = "hidden" | "unavailable" | "available";

/** The long actions: generate data (and advance it in time), train, predict & plan. */
export function ActionsPanel({
  hasDataset,
  hasModel,
  trainingBusy,
  advance: advanceAbility,
  onChanged,
  onTrainingStarted,
}: {
  hasDataset: boolean;
  hasModel: boolean;
  trainingBusy: boolean;
  advance: AdvanceAbility;
  onChanged: () => void;
  onTrainingStarted: (runId: number) => void;
}) {
  const { t, lang } = useI18n();
  const router = useRouter();
  const generate = useMutation(GenerateDatasetMutation);
  const train = useMutation(TrainModelMutation);
  const predict = useMutation(PredictRiskMutation);
  const advance = useMutation(AdvanceDatasetMutation);
  const [notice, setNotice] = useState<string | null>(null);
  const [advancedNotice, setAdvancedNotice] = useState<string | null>(null);
  const [advanceWeeks, setAdvanceWeeks] = useState("12");
  const [mode, setMode] = useState<"topK" | "threshold">("topK");
  // Controls follow the role (generate/advance/train: admin; predict: analyst); the API checks again.
  const access = useRoleAccess();
  const isAdmin = access.can("ADMIN");
  const isAnalyst = access.can("ANALYST");

  async function onGenerate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setAdvancedNotice(null);
    const result = await generate.run({
      input: {
        nCustomers: num(f, "nCustomers"),
        historyWeeks: num(f, "historyWeeks"),
        horizonWeeks: num(f, "horizonWeeks"),
        seed: num(f, "seed"),
        churnRate: num(f, "churnRate"),
      },
    });
    if (result) {
      const d = result.generateDataset;
      setNotice(
        t("datasetGeneratedTimeline", {
          n: formatNumber(d.customerCount, lang),
          weeks: d.historyWeeks,
          date: d.asOfDate ?? "—",
          active: formatNumber(d.activeCustomers, lang),
        }),
      );
      announceDatasetChanged();
      onChanged();
    }
  }

  async function onAdvance(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const weeks = num(new FormData(e.currentTarget), "weeks");
    setNotice(null);
    setAdvancedNotice(null);
    const result = await advance.run({ weeks });
    if (result) {
      const d = result.advanceDataset;
      setAdvancedNotice(t("advanced", { n: weeks, date: d.asOfDate ?? "—", active: formatNumber(d.activeCustomers, lang) }));
      announceDatasetChanged();
      onChanged();
    }
  }

  async function onTrain(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const result = await train.run({ input: { rounds: num(f, "rounds"), maxDepth: optionalNum(f, "maxDepth"), eta: optionalNum(f, "eta") } });
    if (result) {
      setNotice(null);
      setAdvancedNotice(null);
      onTrainingStarted(result.trainModel.id);
    }
  }

  async function onPredict(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const generatePlans = f.get("generatePlans") === "on";
    const value = num(f, "selector");
    const result = await predict.run({
      input: mode === "topK" ? { topK: value, generatePlans } : { threshold: value, generatePlans },
    });
    if (!result) return;
    const r = result.predictRisk;
    if (r.batch) {
      router.push(`/plans?batch=${r.batch.id}`);
    } else {
      setNotice(t("predicted", { n: r.scoredCount, high: r.highRiskCount }));
      onChanged();
    }
  }

  return (
    <section className="card" aria-labelledby="actions-title">
      <div className="card-head">
        <h2 id="actions-title">{t("actions")}</h2>
      </div>
      <div className="action-panels">
        <div className="action-column">
          <form onSubmit={onGenerate}>
            <fieldset disabled={!isAdmin} data-testid="generate-fieldset">
              <legend>{t("generateData")}</legend>
              <div className="form-row">
                <label className="field">
                  {t("nCustomers")}
                  <input name="nCustomers" type="number" min={100} max={1000000} step={100} defaultValue={3000} required />
                </label>
                <label className="field">
                  {t("historyWeeksField")}
                  <input name="historyWeeks" type="number" min={26} max={260} step={1} defaultValue={104} required />
                </label>
                <label className="field">
                  {t("horizonWeeksField")}
                  <input name="horizonWeeks" type="number" min={4} max={26} step={1} defaultValue={12} required />
                </label>
                <label className="field">
                  {t("seed")}
                  <input name="seed" type="number" min={0} max={2147483647} step={1} defaultValue={42} required />
                </label>
                <label className="field">
                  {t("targetChurn")}
                  <input name="churnRate" type="number" min={0.05} max={0.6} step={0.01} defaultValue={0.3} required />
                </label>
                <button type="submit" className="btn" disabled={generate.pending} data-testid="generate-button">
                  {generate.pending ? t("generating") : t("generateData")}
                </button>
              </div>
              <DatasetJobProgress job="GENERATE" active={generate.pending} />
              <RoleNote access={access} need="ADMIN" />
              <ErrorBox error={generate.error} />
            </fieldset>
          </form>
          {advanceAbility !== "hidden" && (
            <form onSubmit={onAdvance} data-testid="advance-form">
              <fieldset disabled={advanceAbility !== "available" || advance.pending || !isAdmin}>
                <legend>{t("advanceTitle")}</legend>
                <div className="form-row">
                  <label className="field">
                    {t("advanceWeeksField")}
                    <input name="weeks" type="number" min={1} max={52} step={1} value={advanceWeeks} onChange={(e) => setAdvanceWeeks(e.target.value)} required />
                  </label>
                  <button type="submit" className="btn" disabled={advance.pending} data-testid="advance-button">
                    {advance.pending ? t("advancing") : t("advanceButton", { n: advanceWeeks || "N" })}
                  </button>
                </div>
                <p className="muted small">{advanceAbility === "available" ? t("advanceHelp") : t("advanceSyntheticOnly")}</p>
                {advance.pending && <Loading label={t("advancingDetail")} />}
                <DatasetJobProgress job="ADVANCE" active={advance.pending} />
                <ErrorBox error={advance.error} />
              </fieldset>
            </form>
          )}
        </div>
        <form onSubmit={onTrain}>
          <fieldset disabled={!hasDataset || !isAdmin} data-testid="train-fieldset">
            <legend>{t("trainModel")}</legend>
            <div className="form-row">
              <label className="field">
                {t("rounds")}
                <input name="rounds" type="number" min={1} max={2000} step={1} defaultValue={800} required />
              </label>
              <label className="field">
                {t("maxDepth")}
                <input name="maxDepth" type="number" min={1} max={10} step={1} placeholder={t("autoBySize")} />
              </label>
              <label className="field">
                {t("eta")}
                <input name="eta" type="number" min={0.001} max={1} step={0.001} placeholder={t("autoBySize")} />
              </label>
              <button type="submit" className="btn btn-primary" disabled={train.pending || trainingBusy} data-testid="train-button">
                {train.pending || trainingBusy ? t("training") : t("trainModel")}
              </button>
            </div>
            <RoleNote access={access} need="ADMIN" />
            <ErrorBox error={train.error} />
          </fieldset>
        </form>
        <form onSubmit={onPredict}>
          <fieldset disabled={!hasModel || !isAnalyst} data-testid="predict-fieldset">
            <legend>{t("predictAndPlan")}</legend>
            <div className="form-row">
              <label className="field">
                {t("selectBy")}
                <select value={mode} onChange={(e) => setMode(e.target.value === "threshold" ? "threshold" : "topK")} name="mode">
                  <option value="topK">{t("topK")}</option>
                  <option value="threshold">{t("threshold")}</option>
                </select>
              </label>
              <label className="field" key={mode}>
                {mode === "topK" ? t("topK") : t("threshold")}
                {mode === "topK" ? (
                  <input name="selector" type="number" min={1} max={10000} step={1} defaultValue={50} required />
                ) : (
                  <input name="selector" type="number" min={0} max={1} step={0.01} defaultValue={0.7} required />
                )}
              </label>
              <label className="field checkbox">
                <span>
                  <input name="generatePlans" type="checkbox" defaultChecked /> {t("generatePlans")}
                </span>
              </label>
              <button type="submit" className="btn btn-primary" disabled={predict.pending} data-testid="predict-button">
                {predict.pending ? t("predicting") : t("predictAndPlan")}
              </button>
            </div>
            <RoleNote access={access} need="ANALYST" />
            <ErrorBox error={predict.error} />
          </fieldset>
        </form>
      </div>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {advancedNotice && (
        <p className="notice" role="status" data-testid="advanced-notice">
          {advancedNotice} <Link href="/scoring">{t("viewScoringRuns")} →</Link>
        </p>
      )}
    </section>
  );
}
