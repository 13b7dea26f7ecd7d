"use client";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";
import { useDatasetChanged } from "../lib/dataset-events";
import { DatasetClockQuery } from "../lib/documents/dataset";
import { useQuery } from "../lib/hooks";
import { useI18n } from "../lib/i18n/LanguageProvider";

/**
 * The date every number on the page is "as of", and the horizon predictions are about, under the
 * top bar of every page. Single-snapshot datasets (from before timelines) are marked as such.
 * Silent when the API does not answer (not signed in): the page itself says why.
 */
export function DatasetClock() {
  const { t } = useI18n();
  const pathname = usePathname() ?? "/";
  const { data, refetch } = useQuery(DatasetClockQuery, {}, { skip: pathname === "/login" });
  useDatasetChanged(() => void refetch());
  // Another user may have moved the data on: look again when the page changes.
  const lastPath = useRef(pathname);
  useEffect(() => {
    if (lastPath.current === pathname) return;
    lastPath.current = pathname;
    if (pathname !== "/login") void refetch();
  }, [pathname, refetch]);

  if (pathname === "/login" || !data) return null;
  const ds = data.dataset;
  return (
    <div className="asof-bar" data-testid="asof-bar" data-kind={ds?.kind ?? "NONE"}>
      <div className="asof-inner">
        {!ds ? (
          <span>{t("noDatasetClock")}</span>
        ) : ds.kind === "SNAPSHOT" || !ds.asOfDate ? (
          <span className="badge badge-snapshot" title={t("snapshotDatasetHelp")} data-testid="snapshot-marker">
            {t("snapshotDataset")}
          </span>
        ) : (
          <span title={t("asOfClockHelp", { h: ds.horizonWeeks })} data-testid="asof-clock">
            {t("asOfClock", { date: ds.asOfDate, h: ds.horizonWeeks })}
          </span>
        )}
      </div>
    </div>
  );
}
