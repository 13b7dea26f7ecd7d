"use client";
import { ErrorBox } from "../components/Status";
import { AdminUsersQuery, ApiTokensQuery, AuditLogQuery } from "../lib/documents/admin";
import { ApiError } from "../lib/graphql-client";
import { useQuery, type QueryState } from "../lib/hooks";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { AuditSection, AUDIT_LIMIT } from "./AuditSection";
import { TokensSection } from "./TokensSection";
import { UsersSection } from "./UsersSection";

/** Not signed in, still on the one-time password, or not an admin: the API says which. */
function accessError(e: unknown): e is ApiError {
  return e instanceof ApiError && e.codes.some((c) => c === "FORBIDDEN" || c === "UNAUTHENTICATED" || c === "PASSWORD_CHANGE_REQUIRED");
}

const settled = (q: QueryState<unknown>) => q.data != null || q.error != null;

export function AdminView() {
  const { t } = useI18n();
  const users = useQuery(AdminUsersQuery, {});
  const tokens = useQuery(ApiTokensQuery, {});
  const audit = useQuery(AuditLogQuery, { limit: AUDIT_LIMIT });
  // The three queries answer alike to a non-admin: one message, not three.
  const denied = [users, tokens, audit].map((q) => q.error).find(accessError) ?? null;
  const ready = denied != null || (settled(users) && settled(tokens) && settled(audit));

  return (
    <div data-ready={ready ? "true" : "false"} data-testid="admin">
      <div className="page-head">
        <div>
          <h1>{t("adminTitle")}</h1>
          <p className="muted">{t("adminIntro")}</p>
        </div>
      </div>
      {denied ? (
        <ErrorBox error={denied} />
      ) : (
        <>
          <UsersSection state={users} />
          <TokensSection state={tokens} />
          <AuditSection state={audit} />
        </>
      )}
    </div>
  );
}
