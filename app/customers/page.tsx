import type { Metadata } from "next";
import { Suspense } from "react";
import { CustomersView } from "./CustomersView";

export const metadata: Metadata = { title: "客户 Customers" };

export default function CustomersPage() {
  return (
    <Suspense fallback={null}>
      <CustomersView />
    </Suspense>
  );
}
