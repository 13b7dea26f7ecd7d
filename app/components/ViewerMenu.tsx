"use client";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { ViewerQuery } from "../../graphql/generated/client/graphql";
import { useI18n } from "../lib/i18n/LanguageProvider";

/** Who is signed in (read once by Nav, which also needs the role), with sign-out; a sign-in link otherwise. */
export function ViewerMenu({ viewer }: { viewer: ViewerQuery["viewer"] | undefined }) {
  const { t } = useI18n();
  const pathname = usePathname() ?? "/";
  const [busy, setBusy] = useState(false);
  const router = useRouter();
  const locked = viewer?.mustChangePassword === true && pathname !== "/account";
  useEffect(() => {
    // The API refuses everything else until the one-time password is replaced: go where that is done.
    if (locked) router.replace(`/account?next=${encodeURIComponent(pathname)}`);
  }, [locked, pathname, router]);
  if (pathname === "/login") return null;
  if (!viewer) {
    return (
      // Not prefetched, like the nav's links (Nav.tsx): on a slow link they compete with the page.
      <Link className="btn btn-ghost lang-switch" href={`/login?next=${encodeURIComponent(pathname)}`} prefetch={false}>
        {t("navLogin")}
      </Link>
    );
  }
  return (
    <div className="viewer">
      <Link className="viewer-email" title={`${t(`role_${viewer.role}`)} · ${t("accountTitle")}`} href="/account" prefetch={false}>
        {viewer.email}
      </Link>
      <button
        type="button"
        className="btn btn-ghost lang-switch btn-small"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await fetch("/api/auth/logout", { method: "POST", credentials: "same-origin" });
            window.sessionStorage.removeItem("apiToken");
          } finally {
            window.location.assign("/login");
          }
        }}
      >
        {t("signOut")}
      </button>
    </div>
  );
}
