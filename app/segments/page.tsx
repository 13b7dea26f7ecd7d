import type { Metadata } from "next";
import { Suspense } from "react";
import { SegmentsView } from "./SegmentsView";

export const metadata: Metadata = { title: "客群分析 Segments" };

export default function SegmentsPage() {
  return (
    <Suspense fallback={null}>
      <SegmentsView />
    </Suspense>
  );
}
