import type { Metadata } from "next";
import { Suspense } from "react";
import { MyCustomersView } from "./MyCustomersView";

export const metadata: Metadata = { title: "我的客户 My customers" };

export default function MyCustomersPage() {
  return (
    <Suspense fallback={null}>
      <MyCustomersView />
    </Suspense>
  );
}
