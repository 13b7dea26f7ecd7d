import { graphql } from "../../../graphql/generated/client";

export const PlanBatchesQuery = graphql(`
  query PlanBatches {
    planBatches(limit: 20) {
      ...BatchFields
    }
  }
`);

// Page size is a literal: the API prices a variable page size at its maximum (query cost limit).
export const RetentionPlansQuery = graphql(`
  query RetentionPlans($batchId: Int, $priority: PlanPriority, $status: PlanStatus, $after: String) {
    retentionPlans(batchId: $batchId, priority: $priority, status: $status, first: 20, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...PlanFields
        }
      }
    }
  }
`);

export const ReportQuery = graphql(`
  query Report {
    report {
      markdown
      html
      source
      generatedAt
    }
  }
`);

export const GenerateReportMutation = graphql(`
  mutation GenerateReport {
    generateReport {
      markdown
      html
      source
      generatedAt
    }
  }
`);

export const CancelPlanBatchMutation = graphql(`
  mutation CancelPlanBatch($id: Int!) {
    cancelPlanBatch(id: $id) {
      ...BatchFields
    }
  }
`);

// SNAPSHOT first (batch + plans already running or done), then STARTED/DELTA/DONE/FAILED/BATCH.
export const PlanProgressSubscription = graphql(`
  subscription PlanProgress($batchId: Int!) {
    planProgress(batchId: $batchId) {
      batchId
      kind
      customerId
      delta
      batch {
        ...BatchFields
      }
      plan {
        ...PlanFields
      }
      plans {
        ...PlanFields
      }
    }
  }
`);
