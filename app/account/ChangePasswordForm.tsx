"use client";
import { useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ErrorBox, Section } from "../components/Status";
import { ChangePasswordMutation, ViewerQuery } from "../lib/documents/viewer";
import { useMutation, useQuery } from "../lib/hooks";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { safeNextPath } from "../login/safe-next";

export function ChangePasswordForm() {
  const { t } = useI18n();
  const params = useSearchParams();
  const next = params?.get("next") ? safeNextPath(params.get("next")) : null;
  const viewer = useQuery(ViewerQuery, {});
  const change = useMutation(ChangePasswordMutation);
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const newPassword = String(f.get("newPassword") ?? "");
    const differs = newPassword !== String(f.get("confirmPassword") ?? "");
    setDone(false);
    setMismatch(differs);
    if (differs) return;
    const r = await change.run({ input: { currentPassword: String(f.get("currentPassword") ?? ""), newPassword } });
    if (!r) return;
    form.reset();
    setDone(true);
    // A full navigation: every component re-reads the viewer, now without the lock.
    if (next) window.location.assign(next);
  }

  return (
    <div data-ready={viewer.data ? "true" : "false"} style={{ maxWidth: 520, margin: "2rem auto" }}>
      <Section title={t("accountTitle")}>
        <ErrorBox error={viewer.error} />
        {viewer.data?.viewer && (
          <p className="muted">
            {viewer.data.viewer.email} · <span data-testid="account-role">{t(`role_${viewer.data.viewer.role}`)}</span>
          </p>
        )}
        {viewer.data?.viewer?.mustChangePassword && !done && (
          <p className="notice" role="status" data-testid="must-change-password">
            {t("mustChangePasswordHint")}
          </p>
        )}
        <h3>{t("changePassword")}</h3>
        <form onSubmit={onSubmit} className="login-form" data-testid="change-password-form">
          <label className="field">
            {t("currentPassword")}
            <input name="currentPassword" type="password" autoComplete="current-password" required maxLength={200} />
          </label>
          <label className="field">
            {t("newPassword")}
            <input name="newPassword" type="password" autoComplete="new-password" required minLength={10} maxLength={200} />
          </label>
          <label className="field">
            {t("confirmPassword")}
            <input name="confirmPassword" type="password" autoComplete="new-password" required minLength={10} maxLength={200} />
          </label>
          <button type="submit" className="btn btn-primary" disabled={change.pending}>
            {change.pending ? t("changingPassword") : t("changePassword")}
          </button>
        </form>
        <ErrorBox error={mismatch ? t("passwordsDiffer") : change.error} />
        {done && (
          <p role="status" data-testid="password-changed">
            {t("passwordChanged")}
          </p>
        )}
      </Section>
    </div>
  );
}
