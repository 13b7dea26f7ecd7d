import type { Metadata } from "next";
import { Suspense } from "react";
import { ModelView } from "./ModelView";
import { PreloadPlotly } from "../components/PreloadPlotly";

export const metadata: Metadata = { title: "模型 Model" };

export default function ModelPage() {
  // ModelView reads ?run= and ?compare= (useSearchParams), which needs a Suspense boundary.
  return (
    <>
      <PreloadPlotly />
      <Suspense fallback={null}>
        <ModelView />
      </Suspense>
    </>
  );
}
