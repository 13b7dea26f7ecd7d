import { graphql } from "../../../graphql/generated/client";

export const CustomerSegmentsQuery = graphql(`
  query CustomerSegments {
    customerSegments {
      asOfWeek
      asOfDate
      labelledAsOfWeek
      labelledAsOfDate
      horizonWeeks
      assetBandEdgesWan
      overall {
        customers
        meanProbability
        highRisk
        expectedAssetLoss
        labelled
        churnRate
        topDrivers {
          key
          labelZh
          labelEn
          meanAbsShap
        }
      }
      segments {
        dimension
        key
        labelZh
        labelEn
        customers
        meanProbability
        highRisk
        expectedAssetLoss
        labelled
        churnRate
        topDrivers {
          key
          labelZh
          labelEn
          meanAbsShap
        }
        minAssets
        maxAssets
      }
    }
  }
`);
