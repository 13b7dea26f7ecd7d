import { graphql } from "../../../graphql/generated/client";

export const ShapSummaryQuery = graphql(`
  query ShapSummary($sampleSize: Int) {
    shapSummary(sampleSize: $sampleSize) {
      modelRunId
      baseValue
      sampleSize
      importance {
        key
        labelZh
        labelEn
        meanAbsShap
      }
      beeswarmPacked {
        key
        labelZh
        labelEn
        shapStep
        shapInt16
        normalizedValueUint8
      }
    }
    features {
      key
      labelZh
      labelEn
      unit
      categories
    }
  }
`);

export const ShapDependenceQuery = graphql(`
  query ShapDependence($feature: String!, $sampleSize: Int) {
    shapDependence(feature: $feature, sampleSize: $sampleSize) {
      key
      labelZh
      values
      shap
      interactionKey
      interactionLabelZh
      interactionValues
    }
  }
`);

export const PartialDependenceQuery = graphql(`
  query PartialDependence($feature: String!) {
    partialDependence(feature: $feature) {
      key
      labelZh
      labelEn
      grid
      pd
      ice
      sampleSize
    }
  }
`);
