import { graphql } from "../../../graphql/generated/client";

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      email
      role
    }
  }
`);
