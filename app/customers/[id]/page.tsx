import type { Metadata } from "next";
import { CustomerView } from "./CustomerView";
import { PreloadPlotly } from "../../components/PreloadPlotly";

// Each customer's own tab title, so several open customers can be told apart.
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  return { title: `客户 ${decodeURIComponent(id)} Customer` };
}

export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <>
      <PreloadPlotly />
      <CustomerView id={decodeURIComponent(id)} />
    </>
  );
}
