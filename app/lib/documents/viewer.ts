import { graphql } from "../../../graphql/generated/client";

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      email
      role
      mustChangePassword
    }
  }
`);

export const ChangePasswordMutation = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      email
      mustChangePassword
    }
  }
`);
