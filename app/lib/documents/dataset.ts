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

// The dataset card (overview) and what generating or advancing a dataset answers with.
export const DatasetFieldsFragment = graphql(`
  fragment DatasetFields on Dataset {
    ...DatasetClockFields
    name
    source
    customerCount
    weeks
    churnRate
    oracleAuc
    activeCustomers
    churnedCustomers
    createdAt
  }
`);

export const DatasetClockQuery = graphql(`
  query DatasetClock {
    dataset {
      ...DatasetClockFields
    }
  }
`);
