"use client";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { pct, tr, wan } from "./labels";

interface Arm {
  customers: number;
  churned: number;
  churnRate: number;
  retainedShare: number;
}
interface Diff {
  estimate: number;
  low: number;
  high: number;
}
export interface CampaignOutcomeView {
  treated: Arm;
  control: Arm;
  difference: Diff | null;
  byDecile: { decile: number; treated: Arm; control: Arm; difference: Diff | null }[];
  cost: number;
  assetsSaved: number | null;
  customersSaved: number | null;
  qini: { share: number; incremental: number }[];
  contacted: { randomised: false; contacted: Arm; notContacted: Arm };
  trueEffect: number | null;
}

/** Treated vs control with the 95% interval, by risk decile, cost vs assets saved, Qini curve. */
export function OutcomePanel({ outcome: o }: { outcome: CampaignOutcomeView }) {
  const { lang } = useI18n();
  const d = o.difference;
  const qMax = Math.max(1e-9, ...o.qini.map((q) => Math.abs(q.incremental)));
  const last = o.qini[o.qini.length - 1];
  const path = o.qini.map((q, i) => `${i ? "L" : "M"}${(q.share * 300).toFixed(1)},${(100 - (q.incremental / qMax) * 90).toFixed(1)}`).join(" ");
  return (
    <div data-testid="campaign-outcome">
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th></th>
              <th>{tr(lang, "客户", "Customers")}</th>
              <th>{tr(lang, "流失率", "Churn rate")}</th>
              <th>{tr(lang, "资产留存", "Assets retained")}</th>
            </tr>
          </thead>
          <tbody>
            {([["实验组", "Treated", o.treated], ["对照组", "Control", o.control]] as const).map(([zh, en, a]) => (
              <tr key={en}>
                <td>{tr(lang, zh, en)}</td>
                <td>{a.customers}</td>
                <td>{pct(a.churnRate)}</td>
                <td>{pct(a.retainedShare)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <strong>{tr(lang, "挽回效果（对照 − 实验）", "Churn prevented (control − treated)")}</strong>：
        {d ? `${pct(d.estimate)}，95% CI [${pct(d.low)}, ${pct(d.high)}]` : tr(lang, "样本不足", "too few customers")}
        {o.trueEffect !== null && ` · ${tr(lang, "模拟真实效应", "simulated true effect")} ${pct(o.trueEffect)}`}
      </p>
      <p className="small">
        {tr(lang, "成本", "Cost")} {wan(o.cost, lang)} · {tr(lang, "挽回资产约", "assets saved ≈")} {o.assetsSaved === null ? "—" : wan(o.assetsSaved, lang)} ·{" "}
        {tr(lang, "挽回客户约", "customers kept ≈")} {o.customersSaved === null ? "—" : o.customersSaved.toFixed(1)}
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{tr(lang, "风险十分位", "Risk decile")}</th>
              <th>{tr(lang, "实验组流失率", "Treated churn")}</th>
              <th>{tr(lang, "对照组流失率", "Control churn")}</th>
              <th>{tr(lang, "差值 (95% CI)", "Difference (95% CI)")}</th>
            </tr>
          </thead>
          <tbody>
            {o.byDecile.map((b) => (
              <tr key={b.decile}>
                <td>{b.decile}</td>
                <td>
                  {pct(b.treated.churnRate)} ({b.treated.customers})
                </td>
                <td>
                  {pct(b.control.churnRate)} ({b.control.customers})
                </td>
                <td>{b.difference ? `${pct(b.difference.estimate)} [${pct(b.difference.low)}, ${pct(b.difference.high)}]` : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{tr(lang, "提升（Qini）曲线", "Uplift (Qini) curve")}</h3>
      <svg viewBox="0 0 300 110" width="100%" style={{ maxWidth: 480 }} role="img" aria-label="Qini">
        <line x1="0" y1="100" x2="300" y2={last ? 100 - (last.incremental / qMax) * 90 : 100} stroke="currentColor" strokeDasharray="4 3" opacity="0.5" />
        <path d={path} fill="none" stroke="currentColor" strokeWidth="2" />
      </svg>
      <p className="small muted">
        {tr(lang, "已联系 vs 未联系（非随机分组，不能作为效果证据）", "Contacted vs not (not randomised: not evidence of effect)")}：
        {pct(o.contacted.contacted.churnRate)} ({o.contacted.contacted.customers}) vs {pct(o.contacted.notContacted.churnRate)} ({o.contacted.notContacted.customers})
      </p>
    </div>
  );
}
