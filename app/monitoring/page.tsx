import type { Metadata } from "next";
import { Suspense } from "react";
import { MonitoringView } from "./MonitoringView";
import { PreloadPlotly } from "../components/PreloadPlotly";

export const metadata: Metadata = { title: "监控 Monitoring" };

export default function MonitoringPage() {
  return (
    <>
      <PreloadPlotly />
      <Suspense fallback={null}>
        <MonitoringView />
      </Suspense>
    </>
  );
}
