"use client";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import type { AdminUserFieldsFragment, AdminUsersQuery, Role } from "../../graphql/generated/client/graphql";
import { EmptyState, ErrorBox, Loading, Section } from "../components/Status";
import { CreateUserMutation, UpdateUserMutation } from "../lib/documents/admin";
import { formatDateTime } from "../lib/format";
import { errorNamesField } from "../lib/graphql-client";
import { useMutation, type QueryState } from "../lib/hooks";
import { useI18n } from "../lib/i18n/LanguageProvider";

export const ROLES: readonly Role[] = ["VIEWER", "ANALYST", "ADMIN"];
const COLUMNS = 6;

export function RoleOptions() {
  const { t } = useI18n();
  return (
    <>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {t(`role_${r}`)}
        </option>
      ))}
    </>
  );
}

export function UsersSection({ state }: { state: QueryState<AdminUsersQuery> }) {
  const { t } = useI18n();
  const { data, error, loading, refetch } = state;
  const users = data?.users ?? [];
  const me = data?.viewer?.email ?? null;
  return (
    <Section title={t("adminAccounts")} id="admin-users">
      <ErrorBox error={error} onRetry={() => void refetch()} />
      {loading && !data && <Loading />}
      {data && users.length === 0 && <EmptyState>{t("noUsers")}</EmptyState>}
      {users.length > 0 && (
        <div className="table-wrap">
          <table data-testid="users-table">
            <thead>
              <tr>
                <th scope="col">{t("email")}</th>
                <th scope="col">{t("role")}</th>
                <th scope="col">{t("status")}</th>
                <th scope="col">{t("mustChangeFlag")}</th>
                <th scope="col">{t("createdAt")}</th>
                <th scope="col">{t("actions")}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <UserRow key={u.id} user={u} isSelf={u.email === me} onChanged={refetch} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CreateUserForm onCreated={refetch} />
    </Section>
  );
}

/**
 * One account. Each action has its own mutation, so its pending state and the API's error (for
 * instance: the last admin cannot be disabled) appear next to that action. The row keeps showing
 * the pending state until the list has been read again.
 */
function UserRow({ user, isSelf, onChanged }: { user: AdminUserFieldsFragment; isSelf: boolean; onChanged: () => Promise<void> }) {
  const { t, lang } = useI18n();
  const roleChange = useMutation(UpdateUserMutation);
  const toggle = useMutation(UpdateUserMutation);
  const reset = useMutation(UpdateUserMutation);
  const [pendingRole, setPendingRole] = useState<Role | null>(null);
  const [toggling, setToggling] = useState(false);
  const [resetOpen, setResetOpen] = useState(false);
  const [resetDone, setResetDone] = useState(false);
  const resetButton = useRef<HTMLButtonElement>(null);
  const resetInput = useRef<HTMLInputElement>(null);
  const formId = useId();

  useEffect(() => {
    if (resetOpen) resetInput.current?.focus();
  }, [resetOpen]);

  async function changeRole(role: Role) {
    setPendingRole(role);
    try {
      if (await roleChange.run({ id: user.id, input: { role } })) await onChanged();
    } finally {
      setPendingRole(null);
    }
  }

  async function toggleDisabled() {
    setToggling(true);
    try {
      if (await toggle.run({ id: user.id, input: { disabled: !user.disabled } })) await onChanged();
    } finally {
      setToggling(false);
    }
  }

  async function onReset(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    setResetDone(false);
    const password = String(new FormData(form).get("password") ?? "");
    if (!(await reset.run({ id: user.id, input: { password } }))) return;
    form.reset();
    setResetOpen(false);
    setResetDone(true);
    resetButton.current?.focus();
    await onChanged();
  }

  function openReset() {
    setResetDone(false);
    setResetOpen(true);
  }

  function closeReset() {
    setResetOpen(false);
    reset.reset();
    resetButton.current?.focus();
  }

  return (
    <>
      <tr data-testid="user-row" data-email={user.email}>
        <td>
          <span className="mono">{user.email}</span> {isSelf && <span className="badge badge-active">{t("itsYou")}</span>}
        </td>
        <td>
          <div className="field">
            <select
              aria-label={t("roleOf", { email: user.email })}
              data-testid="user-role"
              value={pendingRole ?? user.role}
              disabled={pendingRole != null}
              onChange={(e) => void changeRole(e.target.value as Role)}
            >
              <RoleOptions />
            </select>
          </div>
          {pendingRole != null && (
            <span className="muted small" role="status">
              {t("saving")}
            </span>
          )}
          <div data-testid="user-role-error">
            <ErrorBox error={roleChange.error} />
          </div>
        </td>
        <td>
          <span className={`badge ${user.disabled ? "badge-high" : "badge-low"}`} data-testid="user-status" data-disabled={user.disabled ? "true" : "false"}>
            {user.disabled ? t("userDisabled") : t("userEnabled")}
          </span>
        </td>
        <td>
          {user.mustChangePassword ? (
            <span className="badge badge-medium" data-testid="user-must-change">
              {t("mustChangeYes")}
            </span>
          ) : (
            "—"
          )}
        </td>
        <td>{formatDateTime(user.createdAt, lang)}</td>
        <td>
          <div className="btn-row">
            <button
              type="button"
              className="btn btn-small"
              data-testid="user-toggle-disabled"
              aria-label={user.disabled ? t("enableUserOf", { email: user.email }) : t("disableUserOf", { email: user.email })}
              disabled={toggling}
              onClick={() => void toggleDisabled()}
            >
              {toggling ? t("saving") : user.disabled ? t("enableUser") : t("disableUser")}
            </button>
            <button
              type="button"
              ref={resetButton}
              className="btn btn-small"
              data-testid="user-reset-password"
              // The accessible name starts with the visible text (speech users say what they see).
              aria-label={`${t("resetPassword")} · ${user.email}`}
              aria-expanded={resetOpen}
              aria-controls={formId}
              onClick={() => (resetOpen ? closeReset() : openReset())}
            >
              {t("resetPassword")}
            </button>
          </div>
          <div data-testid="user-toggle-error">
            <ErrorBox error={toggle.error} />
          </div>
          {resetDone && (
            <p className="small" role="status" data-testid="reset-done">
              {t("passwordResetDone", { email: user.email })}
            </p>
          )}
        </td>
      </tr>
      {resetOpen && (
        <tr className="subrow">
          <td colSpan={COLUMNS}>
            <form id={formId} onSubmit={onReset} data-testid="reset-password-form" data-email={user.email} aria-label={t("resetPasswordOf", { email: user.email })}>
              <p className="small">{t("resetPasswordHint")}</p>
              <div className="form-row">
                <label className="field">
                  {t("tempPassword")}
                  <input ref={resetInput} name="password" type="password" autoComplete="new-password" required minLength={10} maxLength={200} />
                </label>
                <button type="submit" className="btn btn-primary btn-small" disabled={reset.pending}>
                  {reset.pending ? t("resetting") : t("confirmReset")}
                </button>
                <button type="button" className="btn btn-small" onClick={closeReset}>
                  {t("cancel")}
                </button>
              </div>
              <ErrorBox error={reset.error} />
            </form>
          </td>
        </tr>
      )}
    </>
  );
}

const CREATE_FIELDS = ["email", "password", "role"] as const;

function CreateUserForm({ onCreated }: { onCreated: () => Promise<void> }) {
  const { t } = useI18n();
  const create = useMutation(CreateUserMutation);
  const [created, setCreated] = useState<string | null>(null);
  const id = useId();
  // An error naming one of the inputs is shown under it; anything else under the form.
  const fieldOf = (f: (typeof CREATE_FIELDS)[number]) => (errorNamesField(create.error, `input.${f}`) ? create.error!.message : null);
  const general = create.error && !CREATE_FIELDS.some((f) => errorNamesField(create.error, `input.${f}`)) ? create.error : null;

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    setCreated(null);
    const r = await create.run({
      input: { email: String(f.get("email") ?? ""), password: String(f.get("password") ?? ""), role: String(f.get("role") ?? "VIEWER") as Role },
    });
    if (!r) return;
    form.reset();
    setCreated(r.createUser.email);
    await onCreated();
  }

  const fieldError = (f: (typeof CREATE_FIELDS)[number]) => {
    const message = fieldOf(f);
    return message ? (
      <span className="error small" id={`${id}-${f}-error`} role="alert">
        {message}
      </span>
    ) : null;
  };
  const describedBy = (f: (typeof CREATE_FIELDS)[number]) => (fieldOf(f) ? `${id}-${f}-error` : undefined);

  return (
    <>
      <h3 id={`${id}-title`}>{t("createUser")}</h3>
      <form onSubmit={onSubmit} className="form-row" data-testid="create-user-form" aria-labelledby={`${id}-title`}>
        <div className="field">
          <label htmlFor={`${id}-email`}>{t("email")}</label>
          <input
            id={`${id}-email`}
            name="email"
            type="email"
            autoComplete="off"
            required
            maxLength={254}
            aria-invalid={fieldOf("email") ? true : undefined}
            aria-describedby={describedBy("email")}
          />
          {fieldError("email")}
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>{t("initialPassword")}</label>
          <input
            id={`${id}-password`}
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            maxLength={200}
            aria-invalid={fieldOf("password") ? true : undefined}
            aria-describedby={describedBy("password")}
          />
          {fieldError("password")}
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>{t("role")}</label>
          <select id={`${id}-role`} name="role" defaultValue="VIEWER" aria-describedby={describedBy("role")}>
            <RoleOptions />
          </select>
          {fieldError("role")}
        </div>
        <button type="submit" className="btn btn-primary" disabled={create.pending}>
          {create.pending ? t("creatingUser") : t("createUser")}
        </button>
      </form>
      <ErrorBox error={general} />
      {created && (
        <p role="status" data-testid="user-created">
          {t("userCreated", { email: created })}
        </p>
      )}
    </>
  );
}
