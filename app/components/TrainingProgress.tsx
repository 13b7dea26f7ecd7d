"use client";
import { useRef, useState } from "react";
import type { RunStatus, TrainingProgressSubscription as TrainingEventData } from "../../graphql/generated/client/graphql";
import { TrainingProgressSubscription } from "../lib/documents/training";
import { formatDecimal } from "../lib/format";
import { useSubscription } from "../lib/hooks";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { phaseText } from "../lib/i18n/keys";
import { LiveBadge } from "./LiveBadge";
import { ErrorBox, ProgressBar } from "./Status";

type Event = TrainingEventData["trainingProgress"];
export type LearningPoint = NonNullable<Event["latest"]>;

export interface TrainingSnapshot {
  status: RunStatus;
  phase: string;
  round: number;
  totalRounds: number;
  curve: LearningPoint[];
  error: string | null;
}

/**
 * Follows one training run: the first event replays its state, later ones stream progress.
 * Calls onFinished once when the run leaves RUNNING.
 */
export function TrainingProgress({
  runId,
  onFinished,
  onUpdate,
}: {
  runId: number;
  onFinished?: (status: RunStatus) => void;
  onUpdate?: (snapshot: TrainingSnapshot) => void;
}) {
  const { t } = useI18n();
  const [snap, setSnap] = useState<TrainingSnapshot | null>(null);
  const current = useRef<TrainingSnapshot | null>(null);
  const finished = useRef(false);

  const { status, error } = useSubscription(
    TrainingProgressSubscription,
    { runId },
    (data) => {
      const e: Event = data.trainingProgress;
      let curve = current.current?.curve ?? [];
      if (e.run) curve = e.run.learningCurve.map((p) => ({ ...p }));
      if (e.latest && !curve.some((p) => p.round === e.latest?.round)) curve = [...curve, e.latest];
      const next: TrainingSnapshot = {
        status: e.status,
        phase: e.phase,
        round: e.round,
        totalRounds: e.totalRounds,
        curve,
        error: e.error ?? e.run?.error ?? null,
      };
      current.current = next;
      setSnap(next);
      onUpdate?.(next);
      if (e.status !== "RUNNING" && !finished.current) {
        finished.current = true;
        onFinished?.(e.status);
      }
    },
  );

  const latest = snap?.curve[snap.curve.length - 1];
  const phaseLabel = snap ? phaseText(snap.phase, t) : "";
  return (
    <div className="training-progress" data-testid="training-progress" data-status={snap?.status ?? "CONNECTING"}>
      <div className="card-head">
        <h3>
          {t("trainingProgress")} · {t("modelRunNo", { id: runId })}
        </h3>
        <LiveBadge status={status} />
      </div>
      <ProgressBar
        value={snap?.status === "SUCCEEDED" ? snap.totalRounds : (snap?.round ?? 0)}
        max={snap?.totalRounds ?? 1}
        label={
          snap
            ? `${t("round", { round: snap.round, total: snap.totalRounds })}${snap.status === "SUCCEEDED" && snap.round < snap.totalRounds ? ` · ${t("earlyStopped")}` : ""}`
            : t("liveConnecting")
        }
        detail={snap ? `${t("phase")}: ${phaseLabel}` : undefined}
      />
      {latest && (
        <div className="progress-stats" data-testid="training-latest">
          <span>
            {t("trainLogloss")} {formatDecimal(latest.trainLogloss, 4)}
          </span>
          <span>
            {t("validLogloss")} {formatDecimal(latest.validLogloss, 4)}
          </span>
          {latest.validAuc != null && (
            <span>
              {t("validAuc")} {formatDecimal(latest.validAuc, 4)}
            </span>
          )}
        </div>
      )}
      {snap?.status === "SUCCEEDED" && <p className="notice">{t("trainingDone")}</p>}
      {snap && (snap.status === "FAILED" || snap.status === "CANCELLED") && (
        <ErrorBox error={`${t("trainingFailed")}${snap.error ? `: ${snap.error}` : ""}`} />
      )}
      <ErrorBox error={error} />
    </div>
  );
}
