"use client";
import Link from "next/link";
import { useState } from "react";
import { ErrorBox, Loading } from "../components/Status";
import { useMutation, useQuery } from "../lib/hooks";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { CampaignWorkbook } from "./CampaignWorkbook";
import { CampaignsQuery, CreateCampaignMutation } from "./documents";
import { OutcomePanel, type CampaignOutcomeView } from "./OutcomePanel";
import { pct, SELECTION_LABEL, STATUS_LABEL, tr, wan, type ContactCode } from "./labels";

type Selection = "PROBABILITY" | "EXPECTED_LOSS" | "EXPECTED_SAVED";

/** 挽留活动: create a campaign (control share, budget), follow the contacts, read the outcomes. */
export function CampaignsView() {
  const { lang } = useI18n();
  const { data, error, loading, refetch } = useQuery(CampaignsQuery, {});
  const create = useMutation(CreateCampaignMutation);
  const [name, setName] = useState("");
  const [size, setSize] = useState("200");
  const [share, setShare] = useState("15");
  const [budget, setBudget] = useState("50000");
  const [selection, setSelection] = useState<Selection>("PROBABILITY");
  const [open, setOpen] = useState<number | null>(null);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const r = await create.run({
      input: { name: name.trim() || tr(lang, "挽留活动", "Campaign"), size: Number(size), controlShare: Number(share) / 100, budget: Number(budget), selection },
    });
    if (r) {
      setOpen(r.createCampaign.id);
      await refetch();
    }
  };
  const campaigns = data?.campaigns ?? [];

  return (
    <div data-ready={data || error ? "true" : "false"} data-testid="campaigns">
      <div className="page-head">
        <div>
          <h1>{tr(lang, "挽留活动", "Retention campaigns")}</h1>
          <p className="muted small" style={{ maxWidth: "60rem" }}>
            {tr(
              lang,
              "每个活动从当前评分中选出客户，按风险十分位随机抽取对照组（不发计划、不联系），其余客户获得挽留计划并分配给客户经理。预测期结束后比较实验组与对照组，得到活动真正挽回的客户和资产。",
              "Each campaign selects customers from the current scoring and draws a random control group per risk decile (no plan, no contact); the rest get a plan and an advisor. When the horizon has passed, treated vs control shows what the campaign really kept.",
            )}
          </p>
        </div>
        <Link className="btn btn-ghost" href="/campaigns/mine">
          {tr(lang, "我的客户", "My customers")}
        </Link>
      </div>

      <section className="card">
        <h2>{tr(lang, "新建活动", "New campaign")}</h2>
        <form className="form-row" onSubmit={(e) => void submit(e)}>
          <label className="field">
            {tr(lang, "名称", "Name")}
            <input value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
          </label>
          <label className="field">
            {tr(lang, "选择方式", "Selection")}
            <select value={selection} onChange={(e) => setSelection(e.target.value as Selection)}>
              {(Object.keys(SELECTION_LABEL) as Selection[]).map((s) => (
                <option key={s} value={s}>
                  {SELECTION_LABEL[s]![lang]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            {tr(lang, "客户数上限", "Customers (max)")}
            <input type="number" min={10} max={10000} value={size} onChange={(e) => setSize(e.target.value)} />
          </label>
          <label className="field">
            {tr(lang, "对照组比例 (%)", "Control share (%)")}
            <input type="number" min={5} max={50} value={share} onChange={(e) => setShare(e.target.value)} />
          </label>
          <label className="field">
            {tr(lang, "预算（元）", "Budget (yuan)")}
            <input type="number" min={0} value={budget} onChange={(e) => setBudget(e.target.value)} />
          </label>
          <button className="btn btn-primary" type="submit" disabled={create.pending}>
            {tr(lang, "创建", "Create")}
          </button>
        </form>
        <ErrorBox error={create.error} />
      </section>

      <ErrorBox error={error} onRetry={() => void refetch()} />
      {loading && !data && <Loading />}
      {data && campaigns.length === 0 && <p className="muted">{tr(lang, "还没有挽留活动。", "No campaigns yet.")}</p>}
      {campaigns.map((c) => {
        const p = c.progress;
        const done = p.treated - p.pending;
        return (
          <section className="card" key={c.id} data-testid={`campaign-${c.id}`}>
            <div className="card-head">
              <h2>
                #{c.id} {c.name}
              </h2>
              <button className="btn btn-small btn-ghost" type="button" onClick={() => setOpen(open === c.id ? null : c.id)}>
                {open === c.id ? tr(lang, "收起", "Hide") : tr(lang, "详情", "Details")}
              </button>
            </div>
            <p className="small muted">
              {SELECTION_LABEL[c.selection]?.[lang]} · {tr(lang, "实验组", "treated")} {c.treatedCount} · {tr(lang, "对照组", "control")} {c.controlCount} ({pct(c.controlShare)}, seed {c.seed}) ·{" "}
              {tr(lang, "成本", "cost")} {wan(c.cost, lang)} / {tr(lang, "预算", "budget")} {wan(c.budget, lang)}
              {c.complianceExcluded > 0 && ` · ${tr(lang, "合规拦截", "compliance excluded")} ${c.complianceExcluded}`}
            </p>
            <div className="progress">
              <div className="progress-head small">
                {tr(lang, "联系进度", "Contact progress")} {done}/{p.treated} · {tr(lang, "已分配", "assigned")} {p.assigned}
              </div>
              <div className="progress-track" role="progressbar" aria-label={`${c.name} ${tr(lang, "联系进度", "Contact progress")}`} aria-valuemin={0} aria-valuemax={p.treated} aria-valuenow={done}>
                <div className="progress-fill" style={{ width: `${p.treated ? (100 * done) / p.treated : 0}%` }} />
              </div>
              <p className="small">
                {(["PENDING", "CONTACTED", "ACCEPTED", "DECLINED", "UNREACHABLE"] as ContactCode[]).map((s) => (
                  <span key={s} style={{ marginRight: "1rem" }}>
                    {STATUS_LABEL[s][lang]} {p[s.toLowerCase() as Lowercase<ContactCode>]}
                  </span>
                ))}
              </p>
            </div>
            <CampaignWorkbook campaignId={c.id} onUpdated={() => void refetch()} />
            {open === c.id &&
              (c.outcome ? (
                <OutcomePanel outcome={c.outcome as CampaignOutcomeView} />
              ) : (
                <p className="muted small">
                  {tr(lang, `结果未到：观察日第 ${c.asOfWeek} 周 + ${c.horizonWeeks} 周后计算。`, `Outcomes arrive ${c.horizonWeeks} weeks after as-of week ${c.asOfWeek}.`)}
                </p>
              ))}
          </section>
        );
      })}
    </div>
  );
}
