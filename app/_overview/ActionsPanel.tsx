"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ErrorBox } from "../components/Status";
import { GenerateDatasetMutation, PredictRiskMutation } from "../lib/documents/overview";
import { TrainModelMutation } from "../lib/documents/training";
import { formatPercent } from "../lib/format";
import { useMutation } from "../lib/hooks";
import { useI18n } from "../lib/i18n/LanguageProvider";

function num(form: FormData, name: string): number {
  return Number(form.get(name));
}

/** The three long actions: generate data, train, predict & plan. */
export function ActionsPanel({
  hasDataset,
  hasModel,
  trainingBusy,
  onChanged,
  onTrainingStarted,
}: {
  hasDataset: boolean;
  hasModel: boolean;
  trainingBusy: boolean;
  onChanged: () => void;
  onTrainingStarted: (runId: number) => void;
}) {
  const { t, lang } = useI18n();
  const router = useRouter();
  const generate = useMutation(GenerateDatasetMutation);
  const train = useMutation(TrainModelMutation);
  const predict = useMutation(PredictRiskMutation);
  const [notice, setNotice] = useState<string | null>(null);
  const [mode, setMode] = useState<"topK" | "threshold">("topK");

  async function onGenerate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const result = await generate.run({
      input: { nCustomers: num(f, "nCustomers"), seed: num(f, "seed"), churnRate: num(f, "churnRate") },
    });
    if (result) {
      setNotice(t("datasetGenerated", { n: result.generateDataset.customerCount, rate: formatPercent(result.generateDataset.churnRate, lang) }));
      onChanged();
    }
  }

  async function onTrain(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const result = await train.run({ input: { rounds: num(f, "rounds"), maxDepth: num(f, "maxDepth"), eta: num(f, "eta") } });
    if (result) {
      setNotice(null);
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
        <form onSubmit={onGenerate}>
          <fieldset>
            <legend>{t("generateData")}</legend>
            <div className="form-row">
              <label className="field">
                {t("nCustomers")}
                <input name="nCustomers" type="number" min={100} max={1000000} step={100} defaultValue={3000} required />
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
            <ErrorBox error={generate.error} />
          </fieldset>
        </form>
        <form onSubmit={onTrain}>
          <fieldset disabled={!hasDataset}>
            <legend>{t("trainModel")}</legend>
            <div className="form-row">
              <label className="field">
                {t("rounds")}
                <input name="rounds" type="number" min={1} max={2000} step={1} defaultValue={800} required />
              </label>
              <label className="field">
                {t("maxDepth")}
                <input name="maxDepth" type="number" min={1} max={12} step={1} defaultValue={2} required />
              </label>
              <label className="field">
                {t("eta")}
                <input name="eta" type="number" min={0.001} max={1} step={0.001} defaultValue={0.05} required />
              </label>
              <button type="submit" className="btn btn-primary" disabled={train.pending || trainingBusy} data-testid="train-button">
                {train.pending || trainingBusy ? t("training") : t("trainModel")}
              </button>
            </div>
            <ErrorBox error={train.error} />
          </fieldset>
        </form>
        <form onSubmit={onPredict}>
          <fieldset disabled={!hasModel}>
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
            <ErrorBox error={predict.error} />
          </fieldset>
        </form>
      </div>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
    </section>
  );
}
