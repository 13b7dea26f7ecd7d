import type { Metadata } from "next";
import { Suspense } from "react";
import { CampaignsView } from "./CampaignsView";

export const metadata: Metadata = { title: "挽留活动 Campaigns" };

export default function CampaignsPage() {
  return (
    <Suspense fallback={null}>
      <CampaignsView />
    </Suspense>
  );
}
