import type { Metadata } from "next";
import { AdminView } from "./AdminView";

export const metadata: Metadata = { title: "管理 Admin" };

export default function AdminPage() {
  return <AdminView />;
}
