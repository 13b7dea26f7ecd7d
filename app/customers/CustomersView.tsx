"use client";
import { branchText, planWord } from "../lib/profile-text";
import { ASSET_BANDS } from "../../lib/segments/asset-bands";
import { useRoleAccess } from "../lib/viewer-role";
import { listExportHref, SortableTh } from "./list-tools";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import type { CustomerOrder } from "../../graphql/generated/client/graphql";
import { RiskBadge } from "../components/RiskBadge";
import { EmptyState, ErrorBox, Loading } from "../components/Status";
import { Customers100Query, Customers50Query, CustomerBranchesQuery, CustomersQuery } from "../lib/documents/customers";
import { formatMoney, formatNumber, formatPercent } from "../lib/format";
import { useQuery } from "../lib/hooks";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { churnTypeText, customerStatusText } from "../lib/time";
import { DEFAULT_STATE, PAGE_SIZES, parseState, STATUSES, toFilter, toSearch, type CustomerListState, type PageSize } from "./url-state";

const ORDERS: CustomerOrder[] = ["RISK_DESC", "EXPECTED_LOSS_DESC", "ASSETS_DESC", "ID_ASC"];

export function CustomersView() {
  const { t, lang } = useI18n();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const state = useMemo(() => parseState(new URLSearchParams(params?.toString() ?? "")), [params]);
  const [draft, setDraft] = useState<CustomerListState>(state);
  // Pages visited forward in this session, so 上一页 can step back through cursors.
  const history = useRef<string[]>([]);

  useEffect(() => setDraft(state), [state]);

  const access = useRoleAccess();
  // Names are personal data: analysts and admins search them, viewers ids only (the API enforces it).
  const staff = access.can("ANALYST");
  const L = (zh: string, en: string) => (lang === "zh" ? zh : en);
  const vars = { after: state.after || null, filter: toFilter(state, staff), orderBy: state.order };
  const doc = state.size === 100 ? Customers100Query : state.size === 50 ? Customers50Query : CustomersQuery;
  // Waits for the role when a search is typed, so a viewer never sends a name search it may not make.
  const { data, error, loading, refetch } = useQuery(doc as typeof CustomersQuery, vars, { skip: Boolean(state.q.trim()) && access.role === null });
  const conn = data?.customers;
  // Which query the rows on screen answer, so a test (or a script) can tell a stale list from the current one.
  const queryKey = `${state.size}:${JSON.stringify(vars)}`;
  const latestKey = useRef(queryKey);
  latestKey.current = queryKey;
  const [shownKey, setShownKey] = useState("");
  useEffect(() => {
    if (data) setShownKey(latestKey.current);
  }, [data]);
  const branches = useQuery(CustomerBranchesQuery, {}).data?.customerBranches ?? [];
  const bandValue = state.minA || state.maxA ? `${state.minA}-${state.maxA}` : "";
  const draftBand = draft.minA || draft.maxA ? `${draft.minA}-${draft.maxA}` : "";
  const knownBand = ASSET_BANDS.some((b) => `${b.minAssets ?? ""}-${b.maxAssets ?? ""}` === bandValue);

  const go = (next: CustomerListState) => router.push(`${pathname}${toSearch(next)}`, { scroll: false });
  const sortHref = (order: CustomerOrder) => `${pathname}${toSearch({ ...state, order, after: "" })}`;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    history.current = [];
    go({ ...draft, after: "" });
  }

  const filtered = toSearch({ ...state, after: "", order: DEFAULT_STATE.order }) !== "";
  const scored = state.status !== "CHURNED";

  return (
    <div data-ready={data || error ? "true" : "false"} data-view={toSearch(state)} data-current={data && !loading && shownKey === queryKey ? "true" : "false"}>
      <div className="page-head">
        <h1>{t("customersTitle")}</h1>
        {conn && (
          <p className="muted" data-testid="total-count" data-count={conn.totalCount}>
            {t("totalCount", { n: formatNumber(conn.totalCount, lang) })}
          </p>
        )}
      </div>
      <div className="btn-row" style={{ marginBottom: "0.75rem" }}>
        <span className="muted small" id="status-filter-label">
          {t("customerStatus")}
        </span>
        <nav className="segmented" aria-labelledby="status-filter-label" data-testid="status-filter">
          {STATUSES.map((status) => (
            <Link
              key={status}
              href={`${pathname}${toSearch({ ...state, status, after: "" })}`}
              scroll={false}
              aria-current={state.status === status ? "true" : undefined}
              data-status={status}
              onClick={() => {
                history.current = [];
              }}
            >
              {customerStatusText(status, t)}
            </Link>
          ))}
        </nav>
      </div>
      {state.status !== "ACTIVE" && <p className="muted small">{t("churnedListNote")}</p>}
      <form className="card" onSubmit={onSubmit} role="search" aria-label={t("search")}>
        <div className="form-row">
          <label className="field">
            {staff ? L("搜索（编号或姓名）", "Search (ID or name)") : t("search")}
            <input
              type="search"
              value={draft.q}
              placeholder={staff ? L("客户编号或姓名片段", "ID or part of a name") : t("searchPlaceholder")}
              onChange={(e) => setDraft({ ...draft, q: e.target.value })}
              maxLength={64}
              data-testid="customer-search"
            />
          </label>
          <label className="field">
            {t("branch")}
            <select value={draft.branch} onChange={(e) => setDraft({ ...draft, branch: e.target.value })} data-testid="branch-filter">
              <option value="">{t("any")}</option>
              {(draft.branch && !branches.includes(draft.branch) ? [draft.branch, ...branches] : branches).map((b) => (
                <option key={b} value={b}>
                  {branchText(b, lang)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            {L("开户渠道", "Opening channel")}
            <select value={draft.channel} onChange={(e) => setDraft({ ...draft, channel: e.target.value as CustomerListState["channel"] })} data-testid="channel-filter">
              <option value="">{t("any")}</option>
              <option value="0">{planWord("线上", lang)}</option>
              <option value="1">{planWord("营业部", lang)}</option>
            </select>
          </label>
          <label className="field">
            {t("riskTolerance")}
            <select value={draft.tol} onChange={(e) => setDraft({ ...draft, tol: e.target.value as CustomerListState["tol"] })} data-testid="tolerance-filter">
              <option value="">{t("any")}</option>
              {["C1 保守", "C2 谨慎", "C3 稳健", "C4 积极", "C5 激进"].map((w, i) => (
                <option key={w} value={String(i)}>
                  {planWord(w, lang)}
                </option>
              ))}
            </select>
          </label>
          {scored && (
            <label className="field">
              {L("资产区间", "Asset band")}
              <select
                value={draftBand}
                onChange={(e) => {
                  const [minA = "", maxA = ""] = e.target.value.split("-");
                  setDraft({ ...draft, minA, maxA });
                }}
                data-testid="asset-band-filter"
              >
                <option value="">{t("any")}</option>
                {!knownBand && bandValue && draftBand === bandValue && <option value={bandValue}>{`${state.minA || "0"}–${state.maxA || "∞"}`}</option>}
                {ASSET_BANDS.map((b) => (
                  <option key={b.index} value={`${b.minAssets ?? ""}-${b.maxAssets ?? ""}`}>
                    {lang === "zh" ? b.labelZh : b.labelEn}
                  </option>
                ))}
              </select>
            </label>
          )}
          {scored && (
            <label className="field">
              {t("riskLevel")}
              <select value={draft.risk} onChange={(e) => setDraft({ ...draft, risk: e.target.value as CustomerListState["risk"] })}>
                <option value="">{t("any")}</option>
                <option value="HIGH">{t("riskHigh")}</option>
                <option value="MEDIUM">{t("riskMedium")}</option>
                <option value="LOW">{t("riskLow")}</option>
              </select>
            </label>
          )}
          <label className="field">
            {t("customerType")}
            <select value={draft.type} onChange={(e) => setDraft({ ...draft, type: e.target.value as CustomerListState["type"] })}>
              <option value="">{t("any")}</option>
              <option value="0">{t("type0")}</option>
              <option value="1">{t("type1")}</option>
              <option value="2">{t("type2")}</option>
            </select>
          </label>
          {scored && (
            <>
              <label className="field">
                {t("minProb")}
                <input type="number" min={0} max={1} step={0.05} value={draft.minP} onChange={(e) => setDraft({ ...draft, minP: e.target.value })} />
              </label>
              <label className="field">
                {t("maxProb")}
                <input type="number" min={0} max={1} step={0.05} value={draft.maxP} onChange={(e) => setDraft({ ...draft, maxP: e.target.value })} />
              </label>
              <label className="field">
                {t("hasPlan")}
                <select value={draft.plan} onChange={(e) => setDraft({ ...draft, plan: e.target.value as CustomerListState["plan"] })}>
                  <option value="">{t("any")}</option>
                  <option value="yes">{t("yes")}</option>
                  <option value="no">{t("no")}</option>
                </select>
              </label>
            </>
          )}
          <label className="field">
            {t("sortBy")}
            <select value={draft.order} onChange={(e) => setDraft({ ...draft, order: e.target.value as CustomerOrder })}>
              {ORDERS.map((o) => (
                <option key={o} value={o}>
                  {t(`order_${o}`)}
                </option>
              ))}
            </select>
          </label>
          <div className="btn-row">
            <button type="submit" className="btn btn-primary">
              {t("apply")}
            </button>
            <button
              type="button"
              className="btn"
              onClick={() => {
                history.current = [];
                go(DEFAULT_STATE);
              }}
            >
              {t("reset")}
            </button>
          </div>
        </div>
      </form>

      <ErrorBox error={error} onRetry={() => void refetch()} />
      {loading && !data && <Loading />}
      {conn && conn.edges.length === 0 && (
        <section className="card">
          <EmptyState>{filtered || state.after ? t("noCustomers") : t("noCustomersAtAll")}</EmptyState>
        </section>
      )}
      {conn && conn.edges.length > 0 && (
        <section className="card" aria-busy={loading}>
          <div className="table-wrap">
            <table data-testid="customers-table" className="stack">
              <thead>
                <tr>
                  <SortableTh order="ID_ASC" current={state.order} href={sortHref("ID_ASC")} label={t("customerId")} />
                  <th scope="col">{t("customerType")}</th>
                  <th scope="col">{t("riskTolerance")}</th>
                  <SortableTh order="ASSETS_DESC" current={state.order} href={sortHref("ASSETS_DESC")} label={t("assets")} num />
                  {scored ? (
                    <>
                      <SortableTh order="RISK_DESC" current={state.order} href={sortHref("RISK_DESC")} label={t("probability")} num />
                      <th scope="col">{t("riskLevel")}</th>
                      <SortableTh order="EXPECTED_LOSS_DESC" current={state.order} href={sortHref("EXPECTED_LOSS_DESC")} label={t("expectedLoss")} num />
                    </>
                  ) : (
                    <th scope="col" colSpan={3}>
                      {t("churnEventCol")}
                    </th>
                  )}
                  <th scope="col">{t("hasPlan")}</th>
                  <th scope="col">{t("topDrivers")}</th>
                </tr>
              </thead>
              <tbody>
                {conn.edges.map(({ node: c }) => (
                  <tr key={c.id} data-status={c.status}>
                    <td data-label={t("customerId")}>
                      <Link href={`/customers/${encodeURIComponent(c.id)}`} className="mono">
                        {c.id}
                      </Link>
                      {c.status === "ACTIVE" && c.riskRank != null && <div className="muted small">#{c.riskRank}</div>}
                      <div className="muted small" data-testid="row-branch" data-branch={c.branch}>
                        {branchText(c.branch, lang)}
                      </div>
                    </td>
                    <td data-label={t("customerType")}>{planWord(c.customerType, lang)}</td>
                    <td data-label={t("riskTolerance")}>{planWord(c.riskTolerance, lang)}</td>
                    <td className="num" data-label={t("assets")}>
                      {formatMoney(c.assetsLatest, lang)}
                    </td>
                    {c.status === "CHURNED" ? (
                      // A known outcome, not a prediction: no score or risk badge next to it.
                      <td colSpan={3} data-testid="churn-cell" data-label={t("churnEventCol")}>
                        <span className="badge badge-churned">{t("churnedBadge")}</span>
                        {c.churnEvent && (
                          <span className="small"> {t("churnedOnType", { date: c.churnEvent.date, type: churnTypeText(c.churnEvent.type, t) })}</span>
                        )}
                      </td>
                    ) : (
                      <>
                        <td className="num" data-label={t("probability")}>
                          {formatPercent(c.probability, lang)}
                        </td>
                        <td data-label={t("riskLevel")}>
                          <RiskBadge level={c.riskLevel} />
                        </td>
                        <td className="num" data-label={t("expectedLoss")}>
                          {formatMoney(c.expectedAssetLoss, lang)}
                        </td>
                      </>
                    )}
                    <td data-label={t("hasPlan")}>{c.hasPlan ? t("yes") : t("no")}</td>
                    <td className="small" data-label={t("topDrivers")}>
                      {c.status === "ACTIVE" &&
                        c.topDrivers.slice(0, 3).map((d) => (
                          <div key={d.key} className={d.shap >= 0 ? "delta-up" : "delta-down"}>
                            {d.shap >= 0 ? "▲" : "▼"} {lang === "zh" ? d.labelZh : d.labelEn}
                          </div>
                        ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="btn-row" aria-label={t("customersTitle")} style={{ marginTop: "0.75rem" }}>
            <button
              type="button"
              className="btn"
              disabled={!state.after}
              onClick={() => {
                const prev = history.current.pop();
                go({ ...state, after: prev ?? "" });
              }}
            >
              {history.current.length > 0 ? t("prevPage") : t("firstPage")}
            </button>
            <button
              type="button"
              className="btn"
              disabled={!conn.pageInfo.hasNextPage || !conn.pageInfo.endCursor}
              onClick={() => {
                history.current.push(state.after);
                go({ ...state, after: conn.pageInfo.endCursor ?? "" });
              }}
              data-testid="next-page"
            >
              {t("nextPage")}
            </button>
            <label className="field" style={{ flexDirection: "row", alignItems: "center", gap: "0.4rem" }}>
              {L("每页", "Per page")}
              <select
                value={state.size}
                data-testid="page-size"
                onChange={(e) => {
                  history.current = [];
                  go({ ...state, size: Number(e.target.value) as PageSize, after: "" });
                }}
              >
                {PAGE_SIZES.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </label>
            {access.can("ANALYST") && (
              <a className="btn" href={listExportHref(vars.filter, state.order, lang)} download data-testid="csv-list">
                {t("csvWholeList", { n: formatNumber(conn.totalCount, lang) })}
              </a>
            )}
          </nav>
        </section>
      )}
    </div>
  );
}
