"use client";
import { useState } from "react";
import { ErrorBox } from "../components/Status";
import { useI18n } from "../lib/i18n/LanguageProvider";

type Kind = "activity" | "customers" | "events" | "mapping";

interface Rejection {
  message?: string;
  total_errors?: number;
  errors?: { file: string; line: number; column: string; value: string; message: string }[];
}

interface Appended {
  dataset_id: number;
  weeks_added: number;
  weeks: number;
  customer_count: number;
  outcomes_recorded: number[];
  scoring_job_id: number | null;
}

/** Text in both languages here, so this small control needs no shared dictionary entries. */
const TEXT = {
  zh: {
    title: "追加新的周数据",
    intro: "向已导入的数据集追加数据日期之后的活动（从数据日期起连续的周）；新客户可随客户文件加入，流失事件须在数据日期当天或之后。写入后过往评分获得实际结果，并排队一次评分。",
    dataset: "数据集编号",
    activity: "新周的活动文件",
    customers: "客户文件（可选，新客户）",
    events: "事件文件（可选）",
    mapping: "映射配置 JSON（可选）",
    submit: "追加",
    running: "追加中…",
    done: (r: Appended) => `已追加 ${r.weeks_added} 周：数据集 #${r.dataset_id} 现有 ${r.weeks} 周、${r.customer_count} 位客户；${r.outcomes_recorded.length} 次过往评分获得实际结果${r.scoring_job_id ? `；评分任务 #${r.scoring_job_id} 已排队` : ""}。`,
    rejected: (n: number) => `未写入任何数据：${n} 处问题`,
  },
  en: {
    title: "Append new weeks",
    intro: "Append activity after an imported dataset's data date (weeks contiguous from it); new customers join through the customers file, churn events must be on or after the data date. Past scoring runs then get their outcomes and a scoring job is queued.",
    dataset: "Dataset id",
    activity: "Activity of the new weeks",
    customers: "Customers (optional, who joins)",
    events: "Events (optional)",
    mapping: "Mapping profile JSON (optional)",
    submit: "Append",
    running: "Appending…",
    done: (r: Appended) => `Appended ${r.weeks_added} weeks: dataset #${r.dataset_id} now has ${r.weeks} weeks and ${r.customer_count} customers; ${r.outcomes_recorded.length} past scoring runs got outcomes${r.scoring_job_id ? `; scoring job #${r.scoring_job_id} queued` : ""}.`,
    rejected: (n: number) => `Nothing written: ${n} problems`,
  },
} as const;

/** POST /api/datasets/{id}/append with the same multipart form as the import. */
export function AppendWeeks() {
  const { lang } = useI18n();
  const x = TEXT[lang === "zh" ? "zh" : "en"];
  const [datasetId, setDatasetId] = useState("");
  const [files, setFiles] = useState<Partial<Record<Kind, File>>>({});
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Appended | null>(null);
  const [rejection, setRejection] = useState<Rejection | null>(null);
  const [failure, setFailure] = useState<Error | null>(null);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!files.activity || !datasetId) return;
    setBusy(true);
    setResult(null);
    setRejection(null);
    setFailure(null);
    try {
      const form = new FormData();
      for (const k of ["activity", "customers", "events", "mapping"] as const) if (files[k]) form.set(k, files[k]);
      const res = await fetch(`/api/datasets/${encodeURIComponent(datasetId)}/append`, { method: "POST", body: form, credentials: "same-origin" });
      const body = (await res.json().catch(() => null)) as (Appended & Rejection) | null;
      if (res.ok && body) setResult(body);
      else if (body?.errors) setRejection(body);
      else throw new Error(body?.message ?? `HTTP ${res.status}`);
    } catch (err) {
      setFailure(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  };

  const fileInput = (k: Kind, accept: string) => (
    <label className="field">
      <span>{x[k]}</span>
      <input type="file" accept={accept} data-testid={`append-${k}`} onChange={(e) => setFiles((f) => ({ ...f, [k]: e.target.files?.[0] }))} />
    </label>
  );

  return (
    <section className="card" data-testid="append-weeks" aria-labelledby="append-weeks-title">
      <h2 id="append-weeks-title">{x.title}</h2>
      <p className="muted">{x.intro}</p>
      <form onSubmit={submit}>
        <label className="field">
          <span>{x.dataset}</span>
          <input type="number" min={1} value={datasetId} data-testid="append-dataset-id" onChange={(e) => setDatasetId(e.target.value)} />
        </label>
        {fileInput("activity", ".csv,.xlsx")}
        {fileInput("customers", ".csv,.xlsx")}
        {fileInput("events", ".csv,.xlsx")}
        {fileInput("mapping", ".json")}
        <button type="submit" className="btn" disabled={busy || !files.activity || !datasetId} data-testid="append-submit">
          {busy ? x.running : x.submit}
        </button>
      </form>
      {result ? (
        <p role="status" data-testid="append-result">
          {x.done(result)}
        </p>
      ) : null}
      {rejection ? (
        <div role="alert" data-testid="append-rejected">
          <p>{x.rejected(rejection.total_errors ?? rejection.errors?.length ?? 0)}</p>
          <ul>
            {(rejection.errors ?? []).slice(0, 20).map((i, k) => (
              <li key={k}>
                {i.file}:{i.line} {i.column} “{i.value}” — {i.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <ErrorBox error={failure} />
    </section>
  );
}
