import { graphql } from "../../../graphql/generated/client";

export const ScoringRunFieldsFragment = graphql(`
  fragment ScoringRunFields on ScoringRun {
    id
    modelRunId
    asOfWeek
    asOfDate
    horizonWeeks
    outcomeDate
    scoredCount
    meanProbability
    expectedChurners
    highRisk
    outcomesAt
    createdAt
    realised {
      customers
      churned
      churnRate
      auc
      k
      precisionAtK
      recallAtK
      oracleAuc
      calibration {
        predicted
        observed
        count
      }
    }
  }
`);

// Each run is judged against the test AUC of the model that made it (not necessarily the active one).
export const ScoringRunsQuery = graphql(`
  query ScoringRuns {
    scoringRuns(limit: 50) {
      ...ScoringRunFields
    }
    modelRuns(limit: 50) {
      id
      metrics {
        auc
        oracleAuc
      }
    }
    dataset {
      ...DatasetClockFields
    }
  }
`);
