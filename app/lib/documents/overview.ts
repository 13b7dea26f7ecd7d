import { graphql } from "../../../graphql/generated/client";

export const OverviewQuery = graphql(`
  query Overview {
    viewer {
      role
    }
    dataset {
      id
      name
      source
      customerCount
      weeks
      churnRate
      oracleAuc
      kind
      startDate
      asOfDate
      historyWeeks
      horizonWeeks
      lookbackWeeks
      activeCustomers
      churnedCustomers
      createdAt
    }
    activeModel {
      ...RunSummaryFields
      metrics {
        auc
        recall
        precision
        f1
        threshold
        oracleAuc
        oracleRatio
      }
    }
    riskCounts {
      high
      medium
      low
      expectedAssetLoss
      histogram
      thresholds {
        high
        medium
      }
    }
    modelRuns(limit: 1) {
      ...RunSummaryFields
    }
    planBatches(limit: 1) {
      ...BatchFields
    }
  }
`);

export const GenerateDatasetMutation = graphql(`
  mutation GenerateDataset($input: GenerateDatasetInput) {
    generateDataset(input: $input) {
      ...DatasetClockFields
      customerCount
      churnRate
      oracleAuc
      activeCustomers
    }
  }
`);

// Admin only: the simulated world moves on; past scorings whose horizon has passed get outcomes.
export const AdvanceDatasetMutation = graphql(`
  mutation AdvanceDataset($weeks: Int!) {
    advanceDataset(weeks: $weeks) {
      ...DatasetClockFields
      activeCustomers
      churnedCustomers
    }
  }
`);

export const PredictRiskMutation = graphql(`
  mutation PredictRisk($input: PredictRiskInput!) {
    predictRisk(input: $input) {
      scoredCount
      highRiskCount
      batch {
        ...BatchFields
      }
    }
  }
`);
