import type { Metadata } from "next";
import { Suspense } from "react";
import { PlansView } from "./PlansView";

export const metadata: Metadata = { title: "挽留计划 Plans" };

export default function PlansPage() {
  return (
    <Suspense fallback={null}>
      <PlansView />
    </Suspense>
  );
}
