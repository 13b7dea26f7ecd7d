import { graphql } from "../../../graphql/generated/client";

// The import page (admin): files are uploaded once over REST (POST /api/datasets/import/uploads),
// then previewed with the mapping as often as it is edited, then imported.
export const ImportWarningFieldsFragment = graphql(`
  fragment ImportWarningFields on ImportWarning {
    file
    column
    rule
    count
    message
  }
`);

export const ImportSummaryFieldsFragment = graphql(`
  fragment ImportSummaryFields on ImportSummary {
    customers
    customersDropped
    activityRows
    period
    startDate
    weeks
    dataDate
    churnSource
    churnEvents
    missingFeatures
    encodings
  }
`);

export const PreviewImportQuery = graphql(`
  query PreviewImport($input: ImportDatasetInput!, $maxErrors: Int) {
    previewImport(input: $input, maxErrors: $maxErrors) {
      ok
      mapping
      columns {
        kind
        columns {
          header
          field
        }
      }
      summary {
        ...ImportSummaryFields
      }
      warnings {
        ...ImportWarningFields
      }
      errorTotal
      errorsByRule {
        rule
        ruleZh
        count
      }
      errors {
        file
        line
        column
        value
        rule
        message
      }
    }
  }
`);

export const ImportDatasetMutation = graphql(`
  mutation ImportDataset($input: ImportDatasetInput!) {
    importDataset(input: $input) {
      dataset {
        id
        name
        customerCount
        weeks
      }
      warnings {
        ...ImportWarningFields
      }
    }
  }
`);
