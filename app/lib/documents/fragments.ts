import { graphql } from "../../../graphql/generated/client";

// Shared selections: the plan and batch views appear on several pages and in subscription events.
export const PlanFieldsFragment = graphql(`
  fragment PlanFields on RetentionPlan {
    id
    batchId
    customerId
    status
    probability
    riskLevel
    priority
    rawText
    source
    llmModel
    promptVersion
    complianceStatus
    complianceIssues {
      rule
      message
      excerpt
    }
    error
    attempts
    startedAt
    finishedAt
    plan {
      priority
      riskSummary
      actions {
        channel
        action
        timing
      }
      offer
      offerStrength
      script
      expectedEffect
      followUp
    }
  }
`);

export const BatchFieldsFragment = graphql(`
  fragment BatchFields on PlanBatch {
    id
    modelRunId
    status
    planner
    llmModel
    promptVersion
    total
    pending
    running
    done
    failed
    cancelled
    createdAt
    finishedAt
  }
`);

export const MetricsFieldsFragment = graphql(`
  fragment MetricsFields on Metrics {
    auc
    prAuc
    accuracy
    precision
    recall
    f1
    logLoss
    brier
    threshold
    oracleAuc
    oracleRatio
    testSize
    trainSize
    validationSize
    confusion {
      tp
      fp
      tn
      fn
    }
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
    thresholdSweep {
      threshold
      precision
      recall
      f1
      flagged
    }
  }
`);

export const RunSummaryFieldsFragment = graphql(`
  fragment RunSummaryFields on ModelRun {
    id
    datasetId
    status
    phase
    source
    isActive
    currentRound
    totalRounds
    bestIteration
    durationMs
    error
    createdAt
    finishedAt
  }
`);
