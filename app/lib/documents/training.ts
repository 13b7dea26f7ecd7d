import { graphql } from "../../../graphql/generated/client";

export const TrainModelMutation = graphql(`
  mutation TrainModel($input: TrainModelInput) {
    trainModel(input: $input) {
      ...RunSummaryFields
    }
  }
`);

// The first event replays the run's state (run != null), so a page that reloads mid-training
// picks up where the server is.
export const TrainingProgressSubscription = graphql(`
  subscription TrainingProgress($runId: Int!) {
    trainingProgress(runId: $runId) {
      runId
      status
      phase
      round
      totalRounds
      message
      error
      latest {
        round
        trainLogloss
        validLogloss
        trainAuc
        validAuc
      }
      run {
        ...RunSummaryFields
        learningCurve {
          round
          trainLogloss
          validLogloss
          trainAuc
          validAuc
        }
      }
    }
  }
`);
