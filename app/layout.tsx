import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { Nav } from "./components/Nav";
import { LanguageProvider } from "./lib/i18n/LanguageProvider";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "证券客户流失预警 Churn Guard", template: "%s · 证券客户流失预警" },
  description: "证券客户流失预测、SHAP 解释与挽留计划",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#1e3a8a" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: its scripts must carry that response's CSP nonce
  // (proxy.ts), and a page prerendered at build time has none, so the policy would block it.
  await connection();
  return (
    <html lang="zh-CN">
      <body>
        <LanguageProvider>
          <Nav />
          <main id="main" tabIndex={-1}>
            {children}
          </main>
        </LanguageProvider>
      </body>
    </html>
  );
}
