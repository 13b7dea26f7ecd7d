"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { ApiError, isUnauthenticated, needsPasswordChange } from "../lib/graphql-client";
import { errorsText } from "../lib/i18n/errors";
import { useI18n } from "../lib/i18n/LanguageProvider";

export function ErrorBox({ error, onRetry }: { error: Error | string | null | undefined; onRetry?: () => void }) {
  const { t, lang } = useI18n();
  const pathname = usePathname() ?? "/";
  if (!error) return null;
  // Text by error code in the viewer's language; the server's message where no code is known.
  const message = error instanceof ApiError && error.entries.length > 0 ? errorsText(error.entries, lang) : typeof error === "string" ? error : error.message;
  const needsLogin = isUnauthenticated(error);
  // The header sends a visitor who is not signed in to /login; one quiet line instead of a red box per query.
  if (needsLogin) {
    return (
      <p className="muted small" role="status" data-testid="needs-login">
        <Link href={`/login?next=${encodeURIComponent(pathname)}`}>{t("goLogin")}</Link>
      </p>
    );
  }
  return (
    <div className="error-box" role="alert">
      <span>
        {t("errorPrefix")}
        {message}
      </span>
      {needsLogin && (
        <Link className="btn btn-small" href={`/login?next=${encodeURIComponent(pathname)}`}>
          {t("goLogin")}
        </Link>
      )}
      {needsPasswordChange(error) && (
        <Link className="btn btn-small" href={`/account?next=${encodeURIComponent(pathname)}`}>
          {t("changePassword")}
        </Link>
      )}
      {onRetry && !needsLogin && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          {t("retry")}
        </button>
      )}
    </div>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <p className="loading muted" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t("loading")}
    </p>
  );
}

export function EmptyState({ children, action }: { children: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty-state">
      <p>{children}</p>
      {action}
    </div>
  );
}

export function ProgressBar({ value, max, label, detail }: { value: number; max: number; label: string; detail?: ReactNode }) {
  const pct = max > 0 ? Math.min(100, Math.max(0, (value / max) * 100)) : 0;
  return (
    <div className="progress" data-testid="progress">
      <div className="progress-head">
        <span>{label}</span>
        <span className="muted">{detail}</span>
      </div>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={value}
      >
        <div className="progress-fill" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

export function MetricCard({ label, value, hint, tone }: { label: string; value: ReactNode; hint?: ReactNode; tone?: "high" | "medium" | "low" }) {
  return (
    <div className={`metric-card${tone ? ` tone-${tone}` : ""}`}>
      <div className="metric-label">{label}</div>
      <div className="metric-value">{value}</div>
      {hint && <div className="metric-hint muted">{hint}</div>}
    </div>
  );
}

export function Section({ title, children, actions, id }: { title: string; children: ReactNode; actions?: ReactNode; id?: string }) {
  return (
    <section className="card" aria-labelledby={id ? `${id}-title` : undefined}>
      <div className="card-head">
        <h2 id={id ? `${id}-title` : undefined}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}
