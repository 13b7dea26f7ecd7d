import { graphql } from "../../../graphql/generated/client";

export const OverviewQuery = graphql(`
  query Overview {
    viewer {
      role
    }
    dataset {
      ...DatasetFields
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
      ...DatasetFields
    }
  }
`);

// Admin only: the simulated world moves on; past scorings whose horizon has passed get outcomes.
export const AdvanceDatasetMutation = graphql(`
  mutation AdvanceDataset($weeks: Int!) {
    advanceDataset(weeks: $weeks) {
      ...DatasetFields
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

// Live only: the overview subscribes while an admin may start a job, so the first phase is seen.
export const DatasetProgressSubscription = graphql(`
  subscription DatasetProgress {
    datasetProgress {
      job
      phase
      status
      done
      total
    }
  }
`);
