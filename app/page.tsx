import { OverviewView } from "./_overview/OverviewView";

export default function OverviewPage() {
  return <OverviewView />;
}
