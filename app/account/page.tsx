import type { Metadata } from "next";
import { Suspense } from "react";
import { ChangePasswordForm } from "./ChangePasswordForm";

export const metadata: Metadata = { title: "账号 Account" };

export default function AccountPage() {
  return (
    <Suspense fallback={null}>
      <ChangePasswordForm />
    </Suspense>
  );
}
