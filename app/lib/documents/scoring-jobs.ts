import { graphql } from "../../../graphql/generated/client";

export const ScoringJobsQuery = graphql(`
  query ScoringJobs {
    scoringJobs(limit: 10) {
      id
      reason
      status
      progress
      total
      scoringRunId
      attempts
      error
      createdAt
      finishedAt
    }
  }
`);

export const ScoringJobChangedSubscription = graphql(`
  subscription ScoringJobChanged {
    scoringJobChanged {
      id
      status
      progress
      total
    }
  }
`);

export const ScoreNowMutation = graphql(`
  mutation ScoreNow {
    scoreNow {
      created
      job {
        id
        status
      }
    }
  }
`);
