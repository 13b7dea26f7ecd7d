import { getActiveDataset } from "../data/dataset-store";
import type { AppServices } from "./app-services";
import { getActiveModelRun } from "./model-queries";

/** The active dataset and model: the scope every customer query reads in. */
export async function activeScope(s: Pick<AppServices, "db">) {
  const [dataset, run] = await Promise.all([getActiveDataset(s.db), getActiveModelRun(s.db)]);
  return { dataset, run };
}
