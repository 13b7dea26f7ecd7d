"use client";
import { useState } from "react";
import type { PlanFieldsFragment } from "../../../graphql/generated/client/graphql";
import { LiveBadge } from "../../components/LiveBadge";
import { PlanView } from "../../components/PlanView";
import { EmptyState, ErrorBox } from "../../components/Status";
import { RegeneratePlanMutation } from "../../lib/documents/customers";
import { useMutation } from "../../lib/hooks";
import { useI18n } from "../../lib/i18n/LanguageProvider";
import { useBatchStream } from "../../lib/plan-stream";
import { useRoleAccess } from "../../lib/viewer-role";
import { RoleNote } from "../../components/RoleNote";

const isOpen = (p: PlanFieldsFragment | null) => p != null && (p.status === "RUNNING" || p.status === "PENDING");

export function PlanPanel({ customerId, initial, canRegenerate }: { customerId: string; initial: PlanFieldsFragment | null; canRegenerate: boolean }) {
  const { t } = useI18n();
  const [plan, setPlan] = useState<PlanFieldsFragment | null>(initial);
  const regenerate = useMutation(RegeneratePlanMutation);
  const access = useRoleAccess();
  const stream = useBatchStream(plan?.batchId ?? null, { skip: !isOpen(plan) });
  const live = stream.state.plans[customerId];
  // A live row is newer than the one the page loaded with, as long as it is the same batch.
  const shown = live && plan && live.batchId === plan.batchId ? live : plan;

  return (
    <section className="card" aria-labelledby="plan-title" data-testid="plan-panel">
      <div className="card-head">
        <h2 id="plan-title">{t("retentionPlan")}</h2>
        <div className="btn-row">
          {isOpen(shown) && <LiveBadge status={stream.status} />}
          <button
            type="button"
            className="btn"
            disabled={regenerate.pending || isOpen(shown) || !canRegenerate || !access.can("ANALYST")}
            onClick={async () => {
              const r = await regenerate.run({ customerId });
              if (r) {
                stream.reset();
                setPlan(r.regeneratePlan);
              }
            }}
            data-testid="regenerate-plan"
          >
            {regenerate.pending ? t("regenerating") : t("regenerate")}
          </button>
        </div>
      </div>
      {canRegenerate && <RoleNote access={access} need="ANALYST" />}
      <ErrorBox error={regenerate.error ?? stream.error} />
      {shown ? <PlanView plan={shown} liveText={stream.state.texts[customerId]} /> : <EmptyState>{t("noPlan")}</EmptyState>}
    </section>
  );
}
