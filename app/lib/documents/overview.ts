import { graphql } from "../../../graphql/generated/client";

export const OverviewQuery = graphql(`
  query Overview {
    dataset {
      id
      name
      source
      customerCount
      weeks
      churnRate
      oracleAuc
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
      id
      customerCount
      churnRate
      oracleAuc
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
