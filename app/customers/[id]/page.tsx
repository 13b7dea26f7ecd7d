import type { Metadata } from "next";
import { CustomerView } from "./CustomerView";

export const metadata: Metadata = { title: "客户详情 Customer" };

export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <CustomerView id={decodeURIComponent(id)} />;
}
