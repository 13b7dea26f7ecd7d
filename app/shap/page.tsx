import type { Metadata } from "next";
import { ShapView } from "./ShapView";

export const metadata: Metadata = { title: "SHAP" };

export default function ShapPage() {
  return <ShapView />;
}
