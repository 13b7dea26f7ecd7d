import type { Metadata } from "next";
import { OverviewView } from "./_overview/OverviewView";

export const metadata: Metadata = { title: "总览 Overview" };

export default function OverviewPage() {
  return <OverviewView />;
}
