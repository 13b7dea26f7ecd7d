import type { ScoringRunFieldsFragment } from "../../graphql/generated/client/graphql";

export type ScoringRunItem = ScoringRunFieldsFragment;
export type Realised = NonNullable<ScoringRunItem["realised"]>;
/** Test-date AUC (and oracle) of the model that made a scoring. */
export type ModelQuality = { auc: number; oracleAuc: number | null | undefined } | null;
