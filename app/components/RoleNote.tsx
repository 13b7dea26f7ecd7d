"use client";
import type { Role } from "../../graphql/generated/client/graphql";
import { useI18n } from "../lib/i18n/LanguageProvider";
import type { RoleAccess } from "../lib/viewer-role";

/** Why a control is disabled: the role it needs and the viewer's own. Nothing when the role suffices. */
export function RoleNote({ access, need }: { access: RoleAccess; need: Role }) {
  const { t } = useI18n();
  if (access.role == null || access.can(need)) return null;
  return (
    <p className="muted small role-note" data-testid="role-note" data-need={need}>
      {t("roleNeeded", { need: t(`role_${need}`), role: t(`role_${access.role}`) })}
    </p>
  );
}
