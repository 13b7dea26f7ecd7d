import type { Metadata } from "next";
import { Suspense } from "react";
import { MonitoringView } from "./MonitoringView";

export const metadata: Metadata = { title: "监控 Monitoring" };

export default function MonitoringPage() {
  return (
    <Suspense fallback={null}>
      <MonitoringView />
    </Suspense>
  );
}
