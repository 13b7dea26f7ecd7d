import { graphql } from "../../../graphql/generated/client";

// Admin only: the API answers FORBIDDEN to anyone else, which the page shows as it is.
export const AdminUserFieldsFragment = graphql(`
  fragment AdminUserFields on User {
    id
    email
    role
    disabled
    mustChangePassword
    createdAt
  }
`);

export const ApiTokenFieldsFragment = graphql(`
  fragment ApiTokenFields on ApiToken {
    id
    name
    prefix
    role
    createdBy
    owner
    createdAt
    expiresAt
    lastUsedAt
    revokedAt
  }
`);

export const AdminUsersQuery = graphql(`
  query AdminUsers {
    viewer {
      email
    }
    users {
      ...AdminUserFields
    }
  }
`);

export const ApiTokensQuery = graphql(`
  query ApiTokens {
    apiTokens {
      ...ApiTokenFields
    }
  }
`);

export const AuditLogQuery = graphql(`
  query AuditLog($limit: Int!) {
    auditLog(limit: $limit) {
      id
      at
      actor
      action
      target
    }
  }
`);

export const CreateUserMutation = graphql(`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      ...AdminUserFields
    }
  }
`);

export const UpdateUserMutation = graphql(`
  mutation UpdateUser($id: Int!, $input: UpdateUserInput!) {
    updateUser(id: $id, input: $input) {
      ...AdminUserFields
    }
  }
`);

export const CreateApiTokenMutation = graphql(`
  mutation CreateApiToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) {
      token
      apiToken {
        ...ApiTokenFields
      }
    }
  }
`);

export const RevokeApiTokenMutation = graphql(`
  mutation RevokeApiToken($id: Int!) {
    revokeApiToken(id: $id) {
      ...ApiTokenFields
    }
  }
`);
