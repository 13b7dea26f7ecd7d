import type { Metadata } from "next";
import { LoginPlaceholder } from "./LoginPlaceholder";

export const metadata: Metadata = { title: "登录 Sign in" };

export default function LoginPage() {
  return <LoginPlaceholder />;
}
