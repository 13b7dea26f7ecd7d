"use client";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import type { ApiTokenFieldsFragment, ApiTokensQuery, Role } from "../../graphql/generated/client/graphql";
import { EmptyState, ErrorBox, Loading, Section } from "../components/Status";
import { CreateApiTokenMutation, RevokeApiTokenMutation } from "../lib/documents/admin";
import { formatDateTime } from "../lib/format";
import { errorNamesField } from "../lib/graphql-client";
import { useMutation, type QueryState } from "../lib/hooks";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { RoleOptions } from "./UsersSection";

const COLUMNS = 10;

export function TokensSection({ state }: { state: QueryState<ApiTokensQuery> }) {
  const { t } = useI18n();
  const { data, error, loading, refetch } = state;
  const tokens = data?.apiTokens ?? [];
  return (
    <Section title={t("adminTokens")} id="admin-tokens">
      <ErrorBox error={error} onRetry={() => void refetch()} />
      {loading && !data && <Loading />}
      {data && tokens.length === 0 && <EmptyState>{t("noTokens")}</EmptyState>}
      {tokens.length > 0 && (
        <div className="table-wrap">
          <table data-testid="tokens-table">
            <thead>
              <tr>
                <th scope="col">{t("tokenName")}</th>
                <th scope="col">{t("tokenPrefix")}</th>
                <th scope="col">{t("role")}</th>
                <th scope="col">{t("createdBy")}</th>
                <th scope="col">{t("tokenOwner")}</th>
                <th scope="col">{t("createdAt")}</th>
                <th scope="col">{t("tokenExpiresAt")}</th>
                <th scope="col">{t("lastUsedAt")}</th>
                <th scope="col">{t("revokedAt")}</th>
                <th scope="col">{t("actions")}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((tk) => (
                <TokenRow key={tk.id} token={tk} onChanged={refetch} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CreateTokenForm onCreated={refetch} />
    </Section>
  );
}

/** Revoking takes two clicks: the first asks, the second (or Cancel) answers. */
function TokenRow({ token, onChanged }: { token: ApiTokenFieldsFragment; onChanged: () => Promise<void> }) {
  const { t, lang } = useI18n();
  const revoke = useMutation(RevokeApiTokenMutation);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const askButton = useRef<HTMLButtonElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const confirmId = useId();
  const revoked = token.revokedAt != null;
  // Read when the list was fetched; the list refetches after every change on this page.
  const [expired] = useState(() => token.expiresAt != null && new Date(token.expiresAt).getTime() <= Date.now());

  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  function cancel() {
    setConfirming(false);
    revoke.reset();
    askButton.current?.focus();
  }

  async function confirm() {
    setBusy(true);
    try {
      if (!(await revoke.run({ id: token.id }))) return;
      await onChanged();
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <tr data-testid="token-row" data-name={token.name} data-revoked={revoked ? "true" : "false"} data-expired={expired ? "true" : "false"}>
        <td>{token.name}</td>
        <td>
          <code>{token.prefix}…</code>
        </td>
        <td>{t(`role_${token.role}`)}</td>
        <td className="mono">{token.createdBy}</td>
        <td className="mono">{token.owner ?? "—"}</td>
        <td>{formatDateTime(token.createdAt, lang)}</td>
        <td data-testid="token-expires">
          {formatDateTime(token.expiresAt, lang)}
          {expired && !revoked && (
            <>
              {" "}
              <span className="badge badge-high" data-testid="token-expired">
                {t("tokenExpired")}
              </span>
            </>
          )}
        </td>
        <td>{formatDateTime(token.lastUsedAt, lang)}</td>
        <td>
          {revoked ? (
            <>
              <span className="badge badge-high" data-testid="token-revoked">
                {t("tokenRevoked")}
              </span>
              <div className="muted small">{formatDateTime(token.revokedAt, lang)}</div>
            </>
          ) : (
            "—"
          )}
        </td>
        <td>
          {!revoked && (
            <button
              type="button"
              ref={askButton}
              className="btn btn-small"
              data-testid="token-revoke"
              aria-label={t("revokeTokenOf", { name: token.name })}
              aria-expanded={confirming}
              aria-controls={confirmId}
              disabled={busy}
              onClick={() => (confirming ? cancel() : setConfirming(true))}
            >
              {t("revoke")}
            </button>
          )}
        </td>
      </tr>
      {confirming && !revoked && (
        <tr className="subrow">
          <td colSpan={COLUMNS}>
            <div id={confirmId} role="group" aria-label={t("revokeTokenOf", { name: token.name })} data-testid="token-revoke-confirm">
              <p className="small">{t("revokeQuestion")}</p>
              <div className="btn-row">
                <button type="button" ref={confirmButton} className="btn btn-small btn-danger" data-testid="token-revoke-confirm-button" disabled={busy} onClick={() => void confirm()}>
                  {busy ? t("revoking") : t("confirmRevoke")}
                </button>
                <button type="button" className="btn btn-small" disabled={busy} onClick={cancel}>
                  {t("cancel")}
                </button>
              </div>
              <ErrorBox error={revoke.error} />
            </div>
          </td>
        </tr>
      )}
    </>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: () => Promise<void> }) {
  const { t } = useI18n();
  const create = useMutation(CreateApiTokenMutation);
  // The secret lives in this component's state only: gone on reload, never stored.
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const id = useId();
  const nameError = errorNamesField(create.error, "input.name") ? create.error!.message : null;
  const daysError = errorNamesField(create.error, "input.expiresInDays") ? create.error!.message : null;

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    setSecret(null);
    const r = await create.run({
      input: { name: String(f.get("name") ?? ""), role: String(f.get("role") ?? "VIEWER") as Role, expiresInDays: Number(f.get("expiresInDays") ?? 90) },
    });
    if (!r) return;
    form.reset();
    setSecret({ name: r.createApiToken.apiToken.name, token: r.createApiToken.token });
    await onCreated();
  }

  return (
    <>
      <h3 id={`${id}-title`}>{t("createToken")}</h3>
      <form onSubmit={onSubmit} className="form-row" data-testid="create-token-form" aria-labelledby={`${id}-title`}>
        <div className="field">
          <label htmlFor={`${id}-name`}>{t("tokenName")}</label>
          <input
            id={`${id}-name`}
            name="name"
            type="text"
            autoComplete="off"
            required
            maxLength={80}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? `${id}-name-error` : undefined}
          />
          {nameError && (
            <span className="error small" id={`${id}-name-error`} role="alert">
              {nameError}
            </span>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>{t("role")}</label>
          <select id={`${id}-role`} name="role" defaultValue="VIEWER">
            <RoleOptions />
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-days`}>{t("tokenDays")}</label>
          <input
            id={`${id}-days`}
            name="expiresInDays"
            type="number"
            min={1}
            max={365}
            step={1}
            defaultValue={90}
            required
            aria-invalid={daysError ? true : undefined}
            aria-describedby={daysError ? `${id}-days-error` : undefined}
            data-testid="token-days"
          />
          {daysError && (
            <span className="error small" id={`${id}-days-error`} role="alert">
              {daysError}
            </span>
          )}
        </div>
        <button type="submit" className="btn btn-primary" disabled={create.pending}>
          {create.pending ? t("creatingToken") : t("createToken")}
        </button>
      </form>
      <ErrorBox error={nameError || daysError ? null : create.error} />
      {secret && <TokenSecret name={secret.name} token={secret.token} onDismiss={() => setSecret(null)} />}
    </>
  );
}

function TokenSecret({ name, token, onDismiss }: { name: string; token: string; onDismiss: () => void }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<"idle" | "copied" | "failed">("idle");
  const id = useId();

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [token]);

  async function onCopy() {
    try {
      await navigator.clipboard.writeText(token);
      setCopy("copied");
    } catch {
      // No clipboard access (permissions, insecure origin): leave it selected for Ctrl+C.
      input.current?.focus();
      input.current?.select();
      setCopy("failed");
    }
  }

  return (
    <div className="secret-once" data-testid="token-secret-panel">
      <p>
        <strong>{t("newTokenSecret", { name })}</strong>
      </p>
      <p id={`${id}-warning`}>{t("tokenSecretWarning")}</p>
      <div className="form-row">
        <div className="field secret-field">
          <label htmlFor={`${id}-secret`}>{t("apiToken")}</label>
          <input
            ref={input}
            id={`${id}-secret`}
            className="mono"
            type="text"
            readOnly
            value={token}
            spellCheck={false}
            autoComplete="off"
            aria-describedby={`${id}-warning`}
            data-testid="token-secret"
            onFocus={(e) => e.currentTarget.select()}
          />
        </div>
        <button type="button" className="btn btn-small" onClick={() => void onCopy()}>
          {copy === "copied" ? t("copied") : t("copy")}
        </button>
        <button type="button" className="btn btn-small" onClick={onDismiss}>
          {t("secretSaved")}
        </button>
      </div>
      {copy === "failed" && (
        <p className="small" role="status">
          {t("copyFailed")}
        </p>
      )}
    </div>
  );
}
