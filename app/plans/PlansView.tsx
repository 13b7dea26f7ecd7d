"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import type { ComplianceStatus, PlanFieldsFragment, PlanPriority, PlanStatus } from "../../graphql/generated/client/graphql";
import { RoleNote } from "../components/RoleNote";
import { useRoleAccess } from "../lib/viewer-role";
import { LiveBadge } from "../components/LiveBadge";
import { PlanView } from "../components/PlanView";
import { EmptyState, ErrorBox, Loading, Section } from "../components/Status";
import { CancelPlanBatchMutation, PlanBatchesQuery } from "../lib/documents/plans";
import { formatDateTime } from "../lib/format";
import { useMutation, useQuery } from "../lib/hooks";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { statusText } from "../lib/i18n/keys";
import { useBatchStream } from "../lib/plan-stream";
import { BatchProgress } from "./BatchProgress";
import { LiveWriting } from "./LiveWriting";
import { PlansPage, type PageInfoReport } from "./PlansTable";
import { ReportSection } from "./ReportSection";

const PRIORITIES: PlanPriority[] = ["HIGH", "MEDIUM", "LOW"];
const STATUSES: PlanStatus[] = ["PENDING", "RUNNING", "DONE", "FAILED", "CANCELLED"];
const COMPLIANCE: ComplianceStatus[] = ["OK", "FLAGGED", "REJECTED"];

function pick<T extends string>(v: string | null, allowed: readonly T[]): T | null {
  return v != null && (allowed as readonly string[]).includes(v) ? (v as T) : null;
}

export function PlansView() {
  const { t, lang } = useI18n();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const urlBatch = Number(params?.get("batch") ?? "");
  const priority = pick(params?.get("priority") ?? null, PRIORITIES);
  const status = pick(params?.get("status") ?? null, STATUSES);
  const compliance = pick(params?.get("compliance") ?? null, COMPLIANCE);
  const access = useRoleAccess();
  const detailRef = useRef<HTMLDivElement>(null);

  const batches = useQuery(PlanBatchesQuery, {});
  const list = batches.data?.planBatches ?? [];
  // Regenerating one customer's plan makes a one-plan batch: it never replaces the newest real batch as the default.
  const batchId = Number.isInteger(urlBatch) && urlBatch > 0 ? urlBatch : ((list.find((b) => b.total > 1) ?? list[0])?.id ?? null);
  const listed = list.find((b) => b.id === batchId) ?? null;
  const open = listed == null ? batchId != null : listed.status === "PENDING" || listed.status === "RUNNING";

  const stream = useBatchStream(batchId, { skip: !open });
  const batch = stream.state.batch?.id === batchId ? stream.state.batch : listed;

  // Cursors of the pages shown: null is the first page; "load more" appends the last endCursor.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [pages, setPages] = useState<Record<number, PageInfoReport>>({});
  const [selected, setSelected] = useState<PlanFieldsFragment | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const cancel = useMutation(CancelPlanBatchMutation);
  const onInfo = useCallback((info: PageInfoReport) => setPages((prev) => ({ ...prev, [info.index]: info })), []);

  const { refetch: refetchBatches } = batches;
  // Finished plans change the list; refresh it at most about once a second while a batch runs.
  useEffect(() => {
    if (stream.state.finishedCount === 0) return;
    const timer = setTimeout(() => setRefreshKey((k) => k + 1), 800);
    return () => clearTimeout(timer);
  }, [stream.state.finishedCount]);
  const batchOver = batch != null && batch.status !== "PENDING" && batch.status !== "RUNNING";
  useEffect(() => {
    if (batchOver && open) void refetchBatches();
  }, [batchOver, open, refetchBatches]);

  const setParam = (key: string, value: string | null) => {
    const p = new URLSearchParams(params?.toString() ?? "");
    if (value) p.set(key, value);
    else p.delete(key);
    if (key === "batch") {
      p.delete("priority");
      p.delete("status");
      p.delete("compliance");
    }
    setCursors([null]);
    setPages({});
    setSelected(null);
    const s = p.toString();
    router.push(`${pathname}${s ? `?${s}` : ""}`, { scroll: false });
  };

  const first = pages[0];
  const last = pages[cursors.length - 1];
  const shownCount = cursors.reduce((n, _, i) => n + (pages[i]?.rows.length ?? 0), 0);
  const selectedPlan = selected ? (stream.state.plans[selected.customerId]?.batchId === selected.batchId ? stream.state.plans[selected.customerId] : selected) : null;

  return (
    <div data-ready={batches.data || batches.error ? "true" : "false"}>
      <div className="page-head">
        <h1>{t("plansTitle")}</h1>
      </div>
      <ErrorBox error={batches.error} onRetry={() => void batches.refetch()} />
      {batches.loading && !batches.data && <Loading />}
      {batches.data && list.length === 0 && batchId == null && (
        <section className="card">
          <EmptyState>{t("noBatches")}</EmptyState>
        </section>
      )}

      {batchId != null && (
        <Section
          title={t("batches")}
          actions={
            <div className="btn-row">
              {list.length > 0 && (
                <label className="field">
                  {t("batches")}
                  <select value={String(batchId)} onChange={(e) => setParam("batch", e.target.value)} data-testid="batch-select">
                    {list.map((b) => (
                      <option key={b.id} value={b.id}>
                        {t("batchNo", { id: b.id })} · {statusText(b.status, t)} · {b.total === 1 ? `${t("regenerationBatch")} · ` : ""}
                        {formatDateTime(b.createdAt, lang)}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              {open && <LiveBadge status={stream.status} />}
              {batch && (batch.status === "RUNNING" || batch.status === "PENDING") && (
                <button
                  type="button"
                  className="btn"
                  disabled={cancel.pending || !access.can("ANALYST")}
                  onClick={async () => {
                    if (await cancel.run({ id: batch.id })) void batches.refetch();
                  }}
                >
                  {t("cancelBatch")}
                </button>
              )}
              {access.can("ANALYST") && (
                <a className="btn btn-primary" href={`/api/plans/download?batchId=${batchId}`} download data-testid="excel-download">
                  {t("downloadExcel")}
                </a>
              )}
            </div>
          }
        >
          <RoleNote access={access} need="ANALYST" />
          <ErrorBox error={stream.error ?? cancel.error} />
          {batch ? <BatchProgress batch={batch} /> : <Loading />}
          <LiveWriting state={stream.state} />
        </Section>
      )}

      {batchId != null && (
        <div className="split">
          <Section
            title={t("plansList")}
            actions={
              <div className="form-row">
                <label className="field">
                  {t("priority")}
                  <select value={priority ?? ""} onChange={(e) => setParam("priority", e.target.value || null)}>
                    <option value="">{t("any")}</option>
                    {PRIORITIES.map((p) => (
                      <option key={p} value={p}>
                        {t(`priority_${p}`)}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="field">
                  {t("planStatus")}
                  <select value={status ?? ""} onChange={(e) => setParam("status", e.target.value || null)}>
                    <option value="">{t("any")}</option>
                    {STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {statusText(s, t)}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="field">
                  {t("complianceFilter")}
                  <select value={compliance ?? ""} onChange={(e) => setParam("compliance", e.target.value || null)} data-testid="compliance-filter">
                    <option value="">{t("complianceAny")}</option>
                    {COMPLIANCE.map((c) => (
                      <option key={c} value={c}>
                        {t(`compliance_${c}`)}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
            }
          >
            <ErrorBox error={first?.error} onRetry={() => setRefreshKey((k) => k + 1)} />
            {!first && <Loading />}
            {first && !first.loading && first.rows.length === 0 && <EmptyState>{t("noPlans")}</EmptyState>}
            <div className="table-wrap">
              <table data-testid="plans-table" className="stack" hidden={!first || first.rows.length === 0}>
                <thead>
                  <tr>
                    <th scope="col">{t("customer")}</th>
                    <th scope="col">{t("priority")}</th>
                    <th scope="col">{t("riskLevel")}</th>
                    <th scope="col" className="num">
                      {t("probability")}
                    </th>
                    <th scope="col">{t("planStatus")}</th>
                    <th scope="col">{t("compliance")}</th>
                    <th scope="col">{t("actions")}</th>
                  </tr>
                </thead>
                {cursors.map((after, i) => (
                  <PlansPage
                    key={`${batchId}-${priority}-${status}-${after ?? ""}`}
                    index={i}
                    batchId={batchId}
                    priority={priority}
                    status={status}
                    compliance={compliance}
                    after={after}
                    refreshKey={refreshKey}
                    live={stream.state.plans}
                    selected={selected?.customerId ?? null}
                    onSelect={(p) => {
                      setSelected(p);
                      // On a phone the detail is below the whole list: bring it into view.
                      requestAnimationFrame(() => detailRef.current?.scrollIntoView({ behavior: "auto", block: "start" }));
                    }}
                    onInfo={onInfo}
                  />
                ))}
              </table>
            </div>
            {last?.hasNextPage && last.endCursor && (
              <button type="button" className="btn" onClick={() => setCursors([...cursors, last.endCursor])} disabled={last.loading} style={{ marginTop: "0.6rem" }}>
                {t("loadMore")} ({shownCount} / {first?.totalCount ?? 0})
              </button>
            )}
          </Section>
          <div ref={detailRef} data-testid="plan-detail" style={{ scrollMarginTop: "7rem" }}>
            <Section title={t("planDetail")}>
              {selectedPlan ? <PlanView plan={selectedPlan} liveText={stream.state.texts[selectedPlan.customerId]} /> : <EmptyState>{t("selectPlan")}</EmptyState>}
            </Section>
          </div>
        </div>
      )}

      <ReportSection />
    </div>
  );
}
