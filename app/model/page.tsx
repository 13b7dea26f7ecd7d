import type { Metadata } from "next";
import { ModelView } from "./ModelView";

export const metadata: Metadata = { title: "模型 Model" };

export default function ModelPage() {
  return <ModelView />;
}
