"use client";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import type { ImportFileKind, PreviewImportQuery as PreviewResult } from "../../graphql/generated/client/graphql";
import { ErrorBox, Loading } from "../components/Status";
import { ImportDatasetMutation, PreviewImportQuery } from "../lib/documents/imports";
import { DatasetProgressSubscription } from "../lib/documents/overview";
import { ViewerQuery } from "../lib/documents/viewer";
import { formatNumber } from "../lib/format";
import { useMutation, useQuery, useSubscription } from "../lib/hooks";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { AppendWeeks } from "./AppendWeeks";
import { BUILT_IN_VALUE_MAPS, FIELD_OPTIONS } from "./value-maps";

type Preview = PreviewResult["previewImport"];
type Kind = "customers" | "activity" | "events";
/** The mapping profile as JSON (validated by the server on every preview). */
type Profile = { name?: string; values?: Record<string, Record<string, unknown>> } & Partial<Record<Kind, { columns: Record<string, string> }>> & Record<string, unknown>;

const KIND_OF: Record<ImportFileKind, Kind> = { CUSTOMERS: "customers", ACTIVITY: "activity", EVENTS: "events" };
const PAGE_SIZE = 20;
const MAX_ERRORS = 1000;
const IGNORE = "ignore";

/** REST answers { message } on errors; anything else is shown as the status. */
async function restError(res: Response): Promise<Error> {
  const body = (await res.json().catch(() => null)) as { message?: string } | null;
  return new Error(body?.message ?? `HTTP ${res.status}`);
}

function downloadJson(name: string, value: unknown): void {
  const url = URL.createObjectURL(new Blob([`${JSON.stringify(value, null, 2)}\n`], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ImportView() {
  const { t } = useI18n();
  const viewer = useQuery(ViewerQuery, {});
  if (viewer.data == null && viewer.error == null) return <Loading />;
  const isAdmin = viewer.data?.viewer?.role === "ADMIN";
  return (
    <div data-testid="import-page" data-ready="true">
      <div className="page-head">
        <div>
          <h1>{t("importTitle")}</h1>
          <p className="muted">{t("importIntro")}</p>
        </div>
      </div>
      {isAdmin ? (
        <>
          <ImportFlow />
          <AppendWeeks />
        </>
      ) : (
        <div className="card" role="alert" data-testid="import-denied">
          {t("importAdminOnly")}
        </div>
      )}
    </div>
  );
}

function ImportFlow() {
  const { t, lang } = useI18n();
  const [files, setFiles] = useState<Partial<Record<Kind, File>>>({});
  const [name, setName] = useState("");
  const [forTraining, setForTraining] = useState(false);
  const [uploadId, setUploadId] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [failure, setFailure] = useState<Error | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [profile, setProfile] = useState<Profile | null>(null);
  const [errorsUrl, setErrorsUrl] = useState<string | null>(null);
  const [page, setPage] = useState(0);
  const [progress, setProgress] = useState<{ done: number; total: number; status: string } | null>(null);
  const check = useMutation(PreviewImportQuery);
  const run = useMutation(ImportDatasetMutation);
  const [result, setResult] = useState<{ id: number; name: string; customers: number; weeks: number } | null>(null);

  // Subscribed before the import starts, so its first progress event is not missed.
  useSubscription(
    DatasetProgressSubscription,
    {},
    (d) => {
      const e = d.datasetProgress;
      if (e.job === "IMPORT") setProgress({ done: e.done, total: e.total, status: e.status });
    },
    { skip: !preview?.ok },
  );

  useEffect(() => () => void (errorsUrl && URL.revokeObjectURL(errorsUrl)), [errorsUrl]);

  const validate = async (id: string, mapping: Profile | null) => {
    setFailure(null);
    setErrorsUrl(null);
    setResult(null);
    const r = await check.run({ input: { uploadId: id, mapping, forTraining, ...(name.trim() ? { name: name.trim() } : {}) }, maxErrors: MAX_ERRORS });
    if (!r) return;
    const p = r.previewImport;
    setPreview(p);
    setPage(0);
    if (!mapping && p.mapping) setProfile(p.mapping as Profile);
    if (!p.ok) {
      // The full list (up to 10,000 cells) as a file the link downloads.
      const form = new FormData();
      form.set("uploadId", id);
      form.set("mapping", JSON.stringify(mapping ?? p.mapping));
      if (forTraining) form.set("forTraining", "true");
      const res = await fetch("/api/datasets/import/errors", { method: "POST", body: form, credentials: "same-origin" });
      if (res.ok) setErrorsUrl(URL.createObjectURL(await res.blob()));
    }
  };

  const upload = async () => {
    if (!files.customers || !files.activity) return;
    setUploading(true);
    setFailure(null);
    setPreview(null);
    setProfile(null);
    try {
      const form = new FormData();
      form.set("customers", files.customers);
      form.set("activity", files.activity);
      if (files.events) form.set("events", files.events);
      const res = await fetch("/api/datasets/import/uploads", { method: "POST", body: form, credentials: "same-origin" });
      if (!res.ok) throw await restError(res);
      const body = (await res.json()) as { upload_id: string };
      setUploadId(body.upload_id);
      await validate(body.upload_id, null);
    } catch (e) {
      setFailure(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setUploading(false);
    }
  };

  const loadProfile = async (file: File | undefined) => {
    if (!file) return;
    try {
      const p = JSON.parse(await file.text()) as Profile;
      setProfile(p);
      if (uploadId) await validate(uploadId, p);
    } catch (e) {
      setFailure(new Error(t("importProfileInvalid", { message: e instanceof Error ? e.message : String(e) })));
    }
  };

  const setField = (kind: Kind, header: string, field: string) => {
    setProfile((p) => {
      const base: Profile = p ?? { name: "mapping" };
      const columns = { ...(base[kind]?.columns ?? {}), [header]: field };
      return { ...base, [kind]: { ...(base[kind] ?? {}), columns } };
    });
  };

  const startImport = async () => {
    if (!uploadId || !profile) return;
    setProgress(null);
    const r = await run.run({ input: { uploadId, mapping: profile, forTraining, ...(name.trim() ? { name: name.trim() } : {}) } });
    if (r) {
      const d = r.importDataset.dataset;
      setResult({ id: d.id, name: d.name, customers: d.customerCount, weeks: d.weeks });
      setUploadId(null);
    }
  };

  const fileInput = (kind: Kind, label: string) => (
    <label className="field">
      <span>{label}</span>
      <input
        type="file"
        accept=".csv,.txt,.xlsx"
        data-testid={`import-file-${kind}`}
        onChange={(e) => setFiles((f) => ({ ...f, [kind]: e.target.files?.[0] }))}
      />
    </label>
  );

  return (
    <>
      <section className="card" aria-labelledby="import-files-title">
        <div className="card-head">
          <h2 id="import-files-title">{t("importStepFiles")}</h2>
        </div>
        <div className="form-grid">
          {fileInput("customers", t("importCustomersFile"))}
          {fileInput("activity", t("importActivityFile"))}
          {fileInput("events", t("importEventsFile"))}
          <label className="field">
            <span>{t("importName")}</span>
            <input type="text" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} data-testid="import-name" />
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={forTraining} onChange={(e) => setForTraining(e.target.checked)} data-testid="import-for-training" /> {t("importForTraining")}
          </label>
        </div>
        <div className="btn-row">
          <button type="button" className="btn btn-primary" disabled={!files.customers || !files.activity || uploading} onClick={upload} data-testid="import-upload">
            {uploading ? t("importUploading") : t("importUpload")}
          </button>
        </div>
        <ErrorBox error={failure ?? check.error} />
      </section>

      {preview && (
        <MappingSection
          preview={preview}
          profile={profile}
          onField={setField}
          onValidate={() => uploadId && validate(uploadId, profile)}
          onLoad={loadProfile}
          validating={check.pending}
          canValidate={uploadId !== null}
        />
      )}

      {preview && <ReportSection preview={preview} page={page} onPage={setPage} errorsUrl={errorsUrl} />}

      {preview?.ok && (
        <section className="card" aria-labelledby="import-run-title">
          <div className="card-head">
            <h2 id="import-run-title">{t("importStepImport")}</h2>
          </div>
          <div className="btn-row">
            <button type="button" className="btn btn-primary" disabled={run.pending || !uploadId || !profile} onClick={startImport} data-testid="import-run">
              {run.pending ? t("importRunning") : t("importRun")}
            </button>
          </div>
          {progress && (run.pending || result) && (
            <div className="job-progress" role="status" aria-live="polite" data-testid="import-progress" data-status={progress.status}>
              <span>
                {t("importProgress")} {formatNumber(progress.done, lang)} / {formatNumber(progress.total, lang)}
              </span>
              <progress max={Math.max(1, progress.total)} value={progress.done} aria-label={t("importProgress")} />
            </div>
          )}
          <ErrorBox error={run.error} />
          {result && (
            <p className="success" role="status" data-testid="import-done">
              {t("importDone", { id: result.id, name: result.name, customers: formatNumber(result.customers, lang), weeks: result.weeks })} <Link href="/">{t("importGoOverview")}</Link>
            </p>
          )}
        </section>
      )}
    </>
  );
}

function MappingSection(props: {
  preview: Preview;
  profile: Profile | null;
  onField: (kind: Kind, header: string, field: string) => void;
  onValidate: () => void;
  onLoad: (file: File | undefined) => void;
  validating: boolean;
  canValidate: boolean;
}) {
  const { t, lang } = useI18n();
  const { preview, profile } = props;
  const fieldLabel = (zh: string, key: string) => (lang === "zh" ? `${zh} (${key})` : `${key} · ${zh}`);
  const mappedCategories = useMemo(() => {
    const used = new Set<string>();
    for (const kind of ["customers", "events"] as const) for (const f of Object.values(profile?.[kind]?.columns ?? {})) if (f in BUILT_IN_VALUE_MAPS) used.add(f);
    return [...used];
  }, [profile]);
  return (
    <section className="card" aria-labelledby="import-mapping-title" data-testid="import-mapping">
      <div className="card-head">
        <h2 id="import-mapping-title">{t("importStepMapping")}</h2>
        <div className="btn-row">
          <button type="button" className="btn btn-small" disabled={!profile} onClick={() => profile && downloadJson(`${String(profile.name ?? "mapping")}.json`, profile)} data-testid="import-save-profile">
            {t("importSaveProfile")}
          </button>
          <label className="btn btn-small">
            {t("importLoadProfile")}
            <input type="file" accept=".json,application/json" hidden onChange={(e) => props.onLoad(e.target.files?.[0])} data-testid="import-load-profile" />
          </label>
        </div>
      </div>
      <p className="muted">{t("importMappingHint")}</p>
      {preview.columns.map((file) => {
        const kind = KIND_OF[file.kind];
        return (
          <div className="table-wrap" key={file.kind}>
            <table className="table" data-testid={`import-columns-${kind}`}>
              <caption>{kind}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("importColumnHeader")}</th>
                  <th scope="col">{t("importField")}</th>
                </tr>
              </thead>
              <tbody>
                {file.columns.map((c) => {
                  const value = profile?.[kind]?.columns[c.header] ?? c.field ?? IGNORE;
                  return (
                    <tr key={c.header}>
                      <td>{c.header}</td>
                      <td>
                        <select aria-label={`${c.header} → ${t("importField")}`} value={value} onChange={(e) => props.onField(kind, c.header, e.target.value)}>
                          <option value={IGNORE}>{t("importFieldIgnore")}</option>
                          {FIELD_OPTIONS[kind].map((f) => (
                            <option key={f.key} value={f.key}>
                              {fieldLabel(f.zh, f.key)}
                              {f.required ? " *" : ""}
                            </option>
                          ))}
                        </select>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        );
      })}
      {mappedCategories.length > 0 && (
        <details data-testid="import-value-maps">
          <summary>{t("importValueMaps")}</summary>
          <p className="muted">{t("importValueMapsHint")}</p>
          {mappedCategories.map((field) => {
            const custom = Object.entries(profile?.values?.[field] ?? {});
            return (
              <div key={field}>
                <h3>{field}</h3>
                <ul>
                  {custom.map(([from, to]) => (
                    <li key={`p-${from}`}>
                      <strong>{from}</strong> → {String(to)}
                    </li>
                  ))}
                  {BUILT_IN_VALUE_MAPS[field]!.map((row) => (
                    <li key={row.standard}>
                      {row.spellings.join("、")} → <strong>{row.standard}</strong>
                    </li>
                  ))}
                </ul>
              </div>
            );
          })}
        </details>
      )}
      <div className="btn-row">
        <button type="button" className="btn" disabled={!props.canValidate || props.validating} onClick={props.onValidate} data-testid="import-revalidate">
          {props.validating ? t("importValidating") : t("importRevalidate")}
        </button>
      </div>
    </section>
  );
}

function ReportSection({ preview, page, onPage, errorsUrl }: { preview: Preview; page: number; onPage: (p: number) => void; errorsUrl: string | null }) {
  const { t, lang } = useI18n();
  const pages = Math.max(1, Math.ceil(preview.errors.length / PAGE_SIZE));
  const shown = preview.errors.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
  const s = preview.summary;
  return (
    <section className="card" aria-labelledby="import-report-title" data-testid="import-report" data-ok={preview.ok ? "true" : "false"}>
      <div className="card-head">
        <h2 id="import-report-title">{t("importStepReport")}</h2>
      </div>
      {preview.ok ? (
        <p className="success" data-testid="import-ok">
          {t("importOk")}
        </p>
      ) : (
        <p className="error" role="alert" data-testid="import-bad">
          {t("importBad", { n: formatNumber(preview.errorTotal, lang) })}
        </p>
      )}
      {s && (
        <p data-testid="import-summary">
          {t("importSummaryText", { customers: formatNumber(s.customers, lang), rows: formatNumber(s.activityRows, lang), weeks: s.weeks, start: s.startDate, dataDate: s.dataDate })}
        </p>
      )}
      {preview.errorsByRule.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="import-rule-counts">
            <caption>{t("importByRule")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("importRule")}</th>
                <th scope="col">{t("importCount")}</th>
              </tr>
            </thead>
            <tbody>
              {preview.errorsByRule.map((r) => (
                <tr key={r.rule}>
                  <td>
                    {r.ruleZh} ({r.rule})
                  </td>
                  <td>{formatNumber(r.count, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {errorsUrl && (
        <p>
          <a href={errorsUrl} download="import_errors.csv" data-testid="import-errors-csv">
            {t("importErrorsCsv")}
          </a>
        </p>
      )}
      {preview.errors.length > 0 && (
        <>
          <div className="table-wrap">
            <table className="table" data-testid="import-errors">
              <thead>
                <tr>
                  <th scope="col">{t("importFile")}</th>
                  <th scope="col">{t("importLine")}</th>
                  <th scope="col">{t("importColumn")}</th>
                  <th scope="col">{t("importValue")}</th>
                  <th scope="col">{t("importRule")}</th>
                  <th scope="col">{t("importMessage")}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((e, i) => (
                  <tr key={`${page}-${i}`} data-testid="import-error-row">
                    <td>{e.file}</td>
                    <td>{e.line}</td>
                    <td>{e.column}</td>
                    <td>{e.value}</td>
                    <td>{e.rule}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {pages > 1 && (
            <div className="btn-row">
              <button type="button" className="btn btn-small" disabled={page === 0} onClick={() => onPage(page - 1)}>
                {t("importPagePrev")}
              </button>
              <span>{t("importPageOf", { page: page + 1, pages })}</span>
              <button type="button" className="btn btn-small" disabled={page + 1 >= pages} onClick={() => onPage(page + 1)}>
                {t("importPageNext")}
              </button>
            </div>
          )}
        </>
      )}
      {preview.warnings.length > 0 && (
        <div data-testid="import-warnings">
          <h3>{t("importWarnings")}</h3>
          <ul>
            {preview.warnings.map((w, i) => (
              <li key={i}>
                {w.file}
                {w.column ? ` · ${w.column}` : ""}: {w.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
