import { graphql } from "../../../graphql/generated/client";

export const MonitoringQuery = graphql(`
  query Monitoring {
    scoringMonitors(limit: 52) {
      scoringRunId
      modelRunId
      asOfWeek
      asOfDate
      scoredCount
      testAuc
      estimatedAuc {
        estimate
        lower
        upper
      }
      realisedAuc
      scorePsi
      driftedShare
      driftedFeatures
      features {
        key
        zh
        psi
        status
      }
      alertCount
    }
    alerts(limit: 50) {
      id
      scoringRunId
      modelRunId
      asOfWeek
      asOfDate
      kind
      severity
      message
      suggestion
      createdAt
    }
    modelRuns(limit: 20) {
      id
      status
      isActive
      createdAt
      metrics {
        auc
      }
    }
  }
`);

export const CompareModelsQuery = graphql(`
  query CompareModels($champion: Int!, $challenger: Int!) {
    compareModels(champion: $champion, challenger: $challenger) {
      championId
      challengerId
      rows
      championAuc
      challengerAuc
      aucDiff
      aucDiffLower
      aucDiffUpper
      championBrier
      challengerBrier
      topK
      topKOverlap
      importance
      roc
      pr
      activate
      reason
    }
  }
`);

export const AlertRaisedSubscription = graphql(`
  subscription AlertRaised {
    alertRaised {
      id
      kind
      severity
      message
    }
  }
`);
