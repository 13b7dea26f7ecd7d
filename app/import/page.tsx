import type { Metadata } from "next";
import { ImportView } from "./ImportView";

export const metadata: Metadata = { title: "导入数据 Import" };

export default function ImportPage() {
  return <ImportView />;
}
