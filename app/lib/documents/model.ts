import { graphql } from "../../../graphql/generated/client";

export const ModelRunsQuery = graphql(`
  query ModelRuns {
    modelRuns(limit: 20) {
      ...RunSummaryFields
      metrics {
        auc
        prAuc
        recall
        f1
      }
    }
  }
`);

export const ModelRunDetailQuery = graphql(`
  query ModelRunDetail($id: Int!) {
    modelRun(id: $id) {
      ...RunSummaryFields
      params {
        rounds
        maxDepth
        eta
        subsample
        colsampleBytree
        minChildWeight
        lambda
        treeMethod
        earlyStoppingRounds
        scalePosWeight
        seed
      }
      timings {
        trainMs
        evaluateMs
        shapMs
        storeMs
        totalMs
      }
      metrics {
        ...MetricsFields
      }
      learningCurve {
        round
        trainLogloss
        validLogloss
        trainAuc
        validAuc
      }
      horizonWeeks
      split {
        trainWeeks
        validWeek
        testWeek
        horizonWeeks
      }
      backtest {
        asOfWeek
        asOfDate
        role
        customers
        churned
        auc
        recallAtK
        k
        oracleAuc
      }
    }
    dataset {
      ...DatasetClockFields
    }
  }
`);

export const ActivateModelMutation = graphql(`
  mutation ActivateModel($id: Int!) {
    activateModel(id: $id) {
      id
      isActive
    }
  }
`);
