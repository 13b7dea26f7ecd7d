"use client";
import { useRef, useState } from "react";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { tr } from "./labels";

/** One bad cell as the REST route reports it (lib/campaigns/excel.ts CellIssue). */
interface CellError {
  sheet: string;
  row: number;
  column: string;
  value: string;
  rule: string;
  message: string;
}

type Outcome = { kind: "ok"; rows: number; updated: number } | { kind: "bad"; message: string; errors: CellError[] } | null;

/**
 * The advisors' Excel round trip for one campaign: download the workbook (an advisor gets only
 * their own customers), fill 联系状态 / 备注, upload it back. The server checks every cell and
 * writes nothing on any error; each bad cell is listed here.
 */
export function CampaignWorkbook({ campaignId, onUpdated }: { campaignId: number; onUpdated: () => void }) {
  const { lang } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const url = `/api/campaigns/${campaignId}/workbook`;

  const upload = async (e: React.FormEvent) => {
    e.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) {
      setOutcome({ kind: "bad", message: tr(lang, "请选择 .xlsx 文件", "Choose an .xlsx file"), errors: [] });
      return;
    }
    setBusy(true);
    try {
      const form = new FormData();
      form.append("file", file);
      const res = await fetch(url, { method: "POST", body: form, credentials: "same-origin" });
      const body = (await res.json().catch(() => ({}))) as { rows?: number; updated?: number; message?: string; errors?: CellError[] };
      if (res.ok) {
        setOutcome({ kind: "ok", rows: body.rows ?? 0, updated: body.updated ?? 0 });
        if (input.current) input.current.value = "";
        onUpdated();
      } else {
        setOutcome({ kind: "bad", message: body.message ?? `HTTP ${res.status}`, errors: Array.isArray(body.errors) ? body.errors : [] });
      }
    } catch (err) {
      setOutcome({ kind: "bad", message: err instanceof Error ? err.message : String(err), errors: [] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="small" data-testid={`campaign-workbook-${campaignId}`}>
      <form className="form-row" onSubmit={(e) => void upload(e)}>
        <a className="btn btn-small btn-ghost" href={url} download>
          {tr(lang, "下载联系表 (Excel)", "Download workbook (Excel)")}
        </a>
        <label className="field">
          {tr(lang, "上传填好的联系表", "Upload the filled-in workbook")}
          <input ref={input} type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />
        </label>
        <button className="btn btn-small" type="submit" disabled={busy}>
          {busy ? tr(lang, "上传中…", "Uploading…") : tr(lang, "上传", "Upload")}
        </button>
      </form>
      {outcome?.kind === "ok" && (
        <p role="status" data-testid="workbook-ok">
          {tr(lang, `已读取 ${outcome.rows} 行，更新 ${outcome.updated} 位客户的状态。`, `Read ${outcome.rows} rows, updated ${outcome.updated} customers.`)}
        </p>
      )}
      {outcome?.kind === "bad" && (
        <div role="alert" className="error-box" style={{ display: "block" }} data-testid="workbook-errors">
          <p>
            {outcome.errors.length > 0
              ? tr(lang, `工作簿有 ${outcome.errors.length} 处错误，未写入任何内容：`, `${outcome.errors.length} bad cells, nothing was written:`)
              : outcome.message}
          </p>
          {outcome.errors.length > 0 && (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{tr(lang, "工作表", "Sheet")}</th>
                    <th>{tr(lang, "行", "Row")}</th>
                    <th>{tr(lang, "列", "Column")}</th>
                    <th>{tr(lang, "内容", "Value")}</th>
                    <th>{tr(lang, "问题", "Problem")}</th>
                  </tr>
                </thead>
                <tbody>
                  {outcome.errors.slice(0, 200).map((c, i) => (
                    <tr key={i}>
                      <td>{c.sheet}</td>
                      <td className="num">{c.row}</td>
                      <td>{c.column}</td>
                      <td>{c.value}</td>
                      <td>{c.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
