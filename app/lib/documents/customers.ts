import { graphql } from "../../../graphql/generated/client";

// One row of the customers list; the page queries below differ only in their page size.
export const CustomerListRowFragment = graphql(`
  fragment CustomerListRow on CustomerSummary {
    id
    branch
    status
    churnEvent {
      date
      type
    }
    customerType
    riskTolerance
    assetsLatest
    probability
    riskLevel
    riskRank
    expectedAssetLoss
    hasPlan
    topDrivers {
      key
      labelZh
      labelEn
      shap
    }
  }
`);

// The page size is a literal, not a variable: the API prices a list by its `first`, and a variable
// one is priced at the largest page (200), which this selection exceeds.
export const CustomersQuery = graphql(`
  query Customers($after: String, $filter: CustomerFilter, $orderBy: CustomerOrder) {
    customers(first: 20, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...CustomerListRow
        }
      }
    }
  }
`);

export const Customers50Query = graphql(`
  query Customers50($after: String, $filter: CustomerFilter, $orderBy: CustomerOrder) {
    customers(first: 50, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...CustomerListRow
        }
      }
    }
  }
`);

export const Customers100Query = graphql(`
  query Customers100($after: String, $filter: CustomerFilter, $orderBy: CustomerOrder) {
    customers(first: 100, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...CustomerListRow
        }
      }
    }
  }
`);

export const CustomerDetailQuery = graphql(`
  query CustomerDetail($id: String!) {
    customer(id: $id) {
      id
      status
      churnEvent {
        date
        week
        type
      }
      openDate
      assetsLatest
      profile {
        customerType
        riskTolerance
        age
        tenureMonths
        openChannel
        hasMargin
        hasAdvisor
        commissionRate
        branch
        maskedName
        maskedPhone
      }
      risk {
        probability
        margin
        level
        rank
        expectedAssetLoss
        lossRank
        modelRunId
      }
      weekly {
        week
        weekStart
        logins
        trades
        tradeAmount
        totalAssets
        netInflow
        serviceContacts
        complaints
        weeklyReturn
      }
      features {
        key
        labelZh
        labelEn
        value
        display
      }
      shapBaseValue
      shap {
        key
        labelZh
        labelEn
        value
        display
        shap
      }
      latestPlan {
        ...PlanFields
      }
    }
    features {
      key
      labelZh
      labelEn
      unit
      categories
    }
    dataset {
      ...DatasetClockFields
    }
  }
`);

export const WhatIfQuery = graphql(`
  query WhatIf($customerId: String!, $changes: [FeatureChange!]!) {
    whatIf(customerId: $customerId, changes: $changes) {
      probability
      margin
      level
      baseValue
      shap {
        key
        labelZh
        labelEn
        value
        display
        shap
      }
    }
  }
`);

export const RegeneratePlanMutation = graphql(`
  mutation RegeneratePlan($customerId: String!) {
    regeneratePlan(customerId: $customerId) {
      ...PlanFields
    }
  }
`);

export const CustomerBranchesQuery = graphql(`
  query CustomerBranches {
    customerBranches
  }
`);
