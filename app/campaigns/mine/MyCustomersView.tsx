"use client";
import { useState } from "react";
import { ErrorBox, Loading } from "../../components/Status";
import { useMutation, useQuery } from "../../lib/hooks";
import { useI18n } from "../../lib/i18n/LanguageProvider";
import { MyCampaignCustomersQuery, UpdateCampaignContactMutation } from "../documents";
import { NEXT, pct, STATUS_LABEL, tr, wan, type ContactCode } from "../labels";

/** An advisor's own campaign customers as stacked cards (works on a 390 px phone), with status buttons. */
export function MyCustomersView() {
  const { lang } = useI18n();
  const { data, error, loading, refetch } = useQuery(MyCampaignCustomersQuery, {});
  const update = useMutation(UpdateCampaignContactMutation);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const rows = data?.myCampaignCustomers ?? [];
  const key = (r: { campaignId: number; customerId: string }) => `${r.campaignId}:${r.customerId}`;

  const move = async (r: (typeof rows)[number], status: ContactCode) => {
    const ok = await update.run({ input: { campaignId: r.campaignId, customerId: r.customerId, status, note: notes[key(r)] ?? r.note ?? null } });
    if (ok) await refetch();
  };

  return (
    <div data-ready={data || error ? "true" : "false"} data-testid="my-customers" style={{ maxWidth: "40rem" }}>
      <div className="page-head">
        <h1>{tr(lang, "我的客户", "My customers")}</h1>
      </div>
      <ErrorBox error={error ?? update.error} onRetry={() => void refetch()} />
      {loading && !data && <Loading />}
      {data && rows.length === 0 && <p className="muted">{tr(lang, "暂无分配给您的客户（需要客户经理身份）。", "No customers assigned to you (needs the advisor scope).")}</p>}
      {rows.map((r) => {
        const status = r.status as ContactCode;
        return (
          <section className="card" key={key(r)} data-testid="my-customer" style={{ overflowWrap: "anywhere" }}>
            <div className="card-head">
              <strong>
                {r.customerName} · {r.customerId}
              </strong>
              <span className="badge">{STATUS_LABEL[status][lang]}</span>
            </div>
            <p className="small">
              <a href={`tel:${r.phone}`}>{r.phone}</a> · {tr(lang, "流失概率", "churn risk")} {pct(r.probability)} · {wan(r.assets, lang)} · {r.campaignName}
            </p>
            {r.planOffer && (
              <p className="small">
                {tr(lang, "权益", "Offer")}：{r.planOffer}
              </p>
            )}
            {r.planScript && (
              <details className="small">
                <summary>{tr(lang, "沟通话术", "Script")}</summary>
                <p>{r.planScript}</p>
              </details>
            )}
            {NEXT[status].length > 0 && (
              <>
                <label className="field small" style={{ display: "block" }}>
                  {tr(lang, "备注", "Note")}
                  <input style={{ width: "100%", boxSizing: "border-box" }} maxLength={500} value={notes[key(r)] ?? r.note ?? ""} onChange={(e) => setNotes({ ...notes, [key(r)]: e.target.value })} />
                </label>
                <div className="btn-row" style={{ flexWrap: "wrap" }}>
                  {NEXT[status].map((s) => (
                    <button key={s} className="btn btn-small" type="button" disabled={update.pending} onClick={() => void move(r, s)}>
                      {STATUS_LABEL[s][lang]}
                    </button>
                  ))}
                </div>
              </>
            )}
            {r.statusAt && (
              <p className="small muted">
                {new Date(r.statusAt).toLocaleString(lang === "zh" ? "zh-CN" : "en-GB")}
                {r.note ? ` · ${r.note}` : ""}
              </p>
            )}
          </section>
        );
      })}
    </div>
  );
}
