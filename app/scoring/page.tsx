import type { Metadata } from "next";
import { Suspense } from "react";
import { ScoringView } from "./ScoringView";

export const metadata: Metadata = { title: "评分记录 Scoring runs" };

export default function ScoringPage() {
  return (
    <Suspense fallback={null}>
      <ScoringView />
    </Suspense>
  );
}
