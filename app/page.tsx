import type { Metadata } from "next";
import { OverviewView } from "./_overview/OverviewView";
import { PreloadPlotly } from "./components/PreloadPlotly";

export const metadata: Metadata = { title: "总览 Overview" };

export default function OverviewPage() {
  return (
    <>
      <PreloadPlotly />
      <OverviewView />
    </>
  );
}
