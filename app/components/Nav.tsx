"use client";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect } from "react";
import { ViewerQuery } from "../lib/documents/viewer";
import { useQuery } from "../lib/hooks";
import { useI18n } from "../lib/i18n/LanguageProvider";
import type { MessageKey } from "../lib/i18n/messages";
import { DatasetClock } from "./DatasetClock";
import { ViewerMenu } from "./ViewerMenu";

const LINKS: { href: string; key: MessageKey }[] = [
  { href: "/", key: "navOverview" },
  { href: "/model", key: "navModel" },
  { href: "/shap", key: "navShap" },
  { href: "/customers", key: "navCustomers" },
  { href: "/segments", key: "navSegments" },
  { href: "/scoring", key: "navScoring" },
  { href: "/monitoring", key: "navMonitoring" },
  { href: "/campaigns", key: "navCampaigns" },
  { href: "/plans", key: "navPlans" },
];

// Only where the viewer's role allows it; the API checks the role again on every call.
const ADMIN_LINKS: { href: string; key: MessageKey }[] = [
  { href: "/import", key: "navImport" },
  { href: "/admin", key: "navAdmin" },
];

export function Nav() {
  const pathname = usePathname() ?? "/";
  const { t, lang, setLang } = useI18n();
  const { data } = useQuery(ViewerQuery, {}, { skip: pathname === "/login" });
  const viewer = data?.viewer;
  const router = useRouter();
  const signedOut = data != null && data.viewer == null && pathname !== "/login";
  useEffect(() => {
    // Not signed in: straight to the sign-in form, which comes back here afterwards.
    if (signedOut) router.replace(`/login?next=${encodeURIComponent(`${pathname}${window.location.search}`)}`);
  }, [signedOut, pathname, router]);
  const links = viewer?.role === "ADMIN" ? [...LINKS, ...ADMIN_LINKS] : LINKS;
  const isActive = (href: string) => (href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`));
  return (
    <header className="topbar">
      <a className="skip-link" href="#main">
        {t("skipToContent")}
      </a>
      <div className="topbar-inner">
        {/* No prefetch of every page on load: on a slow phone link those ~14 RSC requests compete
            with the page's own scripts, Plotly and data queries, and the server renders them first. */}
        <Link href="/" className="brand" prefetch={false}>
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>
          {t("appName")}
        </Link>
        <nav aria-label={t("appName")} className="nav">
          <ul>
            {links.map((l) => (
              <li key={l.href}>
                <Link href={l.href} prefetch={false} aria-current={isActive(l.href) ? "page" : undefined} className={isActive(l.href) ? "active" : undefined}>
                  {t(l.key)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <ViewerMenu viewer={viewer} />
        <button
          type="button"
          className="btn btn-ghost lang-switch"
          // Named by its visible text (axe: label-content-name-mismatch); the longer hint is a tooltip.
          title={t("langSwitchLabel")}
          lang={lang === "zh" ? "en" : "zh-CN"}
          data-testid="lang-switch"
          onClick={() => setLang(lang === "zh" ? "en" : "zh")}
        >
          {t("langSwitch")}
        </button>
      </div>
      <DatasetClock />
    </header>
  );
}
