"use client";
import { useEffect, useState, type FormEvent } from "react";
import { Section } from "../components/Status";
import { useI18n } from "../lib/i18n/LanguageProvider";

const TOKEN_KEY = "apiToken";

/** Until sign-in exists: a token pasted here is sent as a bearer header by the API client. */
export function LoginPlaceholder() {
  const { t } = useI18n();
  const [token, setToken] = useState("");
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    try {
      setToken(window.sessionStorage.getItem(TOKEN_KEY) ?? "");
    } catch {
      // Storage blocked: nothing to prefill.
    }
  }, []);
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    try {
      if (token.trim()) window.sessionStorage.setItem(TOKEN_KEY, token.trim());
      else window.sessionStorage.removeItem(TOKEN_KEY);
      setSaved(true);
    } catch {
      setSaved(false);
    }
  }
  return (
    <div data-ready="true">
      <div className="page-head">
        <h1>{t("loginTitle")}</h1>
      </div>
      <Section title={t("loginTitle")}>
        <p className="muted">{t("loginPlaceholder")}</p>
        <form onSubmit={onSubmit} className="form-row">
          <label className="field">
            {t("apiToken")}
            <input type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} style={{ minWidth: "18rem" }} />
          </label>
          <button type="submit" className="btn btn-primary">
            {t("save")}
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => {
              setToken("");
              try {
                window.sessionStorage.removeItem(TOKEN_KEY);
              } catch {
                // Storage blocked: nothing stored.
              }
              setSaved(false);
            }}
          >
            {t("clear")}
          </button>
          {saved && <span role="status">{t("saved")}</span>}
        </form>
      </Section>
    </div>
  );
}
