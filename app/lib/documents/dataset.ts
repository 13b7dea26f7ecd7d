import { graphql } from "../../../graphql/generated/client";

// What every page shows in the header: the date predictions are made at and their horizon.
export const DatasetClockFieldsFragment = graphql(`
  fragment DatasetClockFields on Dataset {
    id
    kind
    startDate
    asOfDate
    historyWeeks
    horizonWeeks
    lookbackWeeks
  }
`);

export const DatasetClockQuery = graphql(`
  query DatasetClock {
    dataset {
      ...DatasetClockFields
    }
  }
`);
