import { graphql } from "../../../graphql/generated/client";

export const RunEvaluationFieldsFragment = graphql(`
  fragment RunEvaluationFields on RunEvaluation {
    runId
    datasetId
    testAsOfWeek
    testAsOfDate
    rows
    positives
    auc
    averagePrecision
    brier
    logLoss
    k
    precisionAtK
    recallAtK
    roc {
      x
      y
      threshold
    }
    pr {
      x
      y
      threshold
    }
    calibration {
      predicted
      observed
      count
    }
    gain {
      threshold
      flagged
      truePositives
    }
    meanChurnerAssets
    defaultRetainedValue
    defaultContactCost
    defaultSuccessRate
  }
`);

export const RunEvaluationQuery = graphql(`
  query RunEvaluation($runId: Int!, $bins: Int) {
    runEvaluation(runId: $runId, bins: $bins) {
      ...RunEvaluationFields
    }
  }
`);

export const RunComparisonQuery = graphql(`
  query RunComparison($runA: Int!, $runB: Int!, $bins: Int) {
    runComparison(runA: $runA, runB: $runB, bins: $bins) {
      sameRows
      aucDiff
      aucDiffLower
      aucDiffUpper
      a {
        ...RunEvaluationFields
      }
      b {
        ...RunEvaluationFields
      }
    }
  }
`);
