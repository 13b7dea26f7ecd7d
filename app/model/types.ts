import type { ModelRunDetailQuery, ModelRunsQuery } from "../../graphql/generated/client/graphql";

export type RunDetail = NonNullable<ModelRunDetailQuery["modelRun"]>;
export type RunMetrics = NonNullable<RunDetail["metrics"]>;
export type RunListItem = ModelRunsQuery["modelRuns"][number];
export type LearningCurvePoint = RunDetail["learningCurve"][number];
export type BacktestRow = RunDetail["backtest"][number];
export type RunSplit = NonNullable<RunDetail["split"]>;
