"use client";
import { useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ErrorBox, Section } from "../components/Status";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { safeNextPath } from "./safe-next";

const TOKEN_KEY = "apiToken";

export function LoginForm() {
  const { t } = useI18n();
  const params = useSearchParams();
  const next = safeNextPath(params?.get("next"));
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [token, setToken] = useState("");

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    try {
      const res = await fetch("/api/auth/login", {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: String(f.get("email") ?? ""), password: String(f.get("password") ?? "") }),
      });
      const body = (await res.json().catch(() => null)) as { message?: unknown; must_change_password?: unknown } | null;
      if (!res.ok) {
        setError(typeof body?.message === "string" ? body.message : `${t("loginFailed")} (HTTP ${res.status})`);
        return;
      }
      // A full navigation so every component reads the new session cookie.
      window.location.assign(body?.must_change_password === true ? `/account?next=${encodeURIComponent(next)}` : next);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setPending(false);
    }
  }

  function onToken(e: FormEvent) {
    e.preventDefault();
    try {
      if (token.trim()) window.sessionStorage.setItem(TOKEN_KEY, token.trim());
      else window.sessionStorage.removeItem(TOKEN_KEY);
      window.location.assign(next);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }

  return (
    <div data-ready="true" style={{ maxWidth: 480, margin: "2rem auto" }}>
      <Section title={t("loginTitle")}>
        <form onSubmit={onSubmit} className="login-form" data-testid="login-form">
          <label className="field">
            {t("email")}
            <input name="email" type="email" autoComplete="username" required maxLength={254} />
          </label>
          <label className="field">
            {t("password")}
            <input name="password" type="password" autoComplete="current-password" required maxLength={200} />
          </label>
          <button type="submit" className="btn btn-primary" disabled={pending}>
            {pending ? t("signingIn") : t("signIn")}
          </button>
        </form>
        <ErrorBox error={error} />
        <details style={{ marginTop: "1rem" }}>
          <summary className="muted">{t("apiToken")}</summary>
          <p className="muted small">{t("loginPlaceholder")}</p>
          <form onSubmit={onToken} className="form-row">
            <label className="field">
              {t("apiToken")}
              <input type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} />
            </label>
            <button type="submit" className="btn">
              {t("save")}
            </button>
          </form>
        </details>
      </Section>
    </div>
  );
}
