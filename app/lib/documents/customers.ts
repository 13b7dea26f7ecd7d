import { graphql } from "../../../graphql/generated/client";

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
          id
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
