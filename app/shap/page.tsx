import type { Metadata } from "next";
import { Suspense } from "react";
import { ShapView } from "./ShapView";
import { PreloadPlotly } from "../components/PreloadPlotly";

export const metadata: Metadata = { title: "SHAP" };

export default function ShapPage() {
  // ShapView reads ?feature= (useSearchParams), which needs a Suspense boundary.
  return (
    <>
      <PreloadPlotly />
      <Suspense fallback={null}>
        <ShapView />
      </Suspense>
    </>
  );
}
