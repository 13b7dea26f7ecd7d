import { graphql } from "../../graphql/generated/client";

export const CampaignFieldsFragment = graphql(`
  fragment CampaignFields on Campaign {
    id
    name
    selection
    controlShare
    seed
    budget
    cost
    treatedCount
    controlCount
    complianceExcluded
    asOfWeek
    horizonWeeks
    createdAt
    outcomesAt
    outcome
    progress {
      treated
      control
      assigned
      pending
      contacted
      accepted
      declined
      unreachable
    }
  }
`);

export const CampaignsQuery = graphql(`
  query Campaigns {
    campaigns(limit: 50) {
      ...CampaignFields
    }
  }
`);

export const CreateCampaignMutation = graphql(`
  mutation CreateCampaign($input: CreateCampaignInput!) {
    createCampaign(input: $input) {
      ...CampaignFields
    }
  }
`);

export const AssignmentFieldsFragment = graphql(`
  fragment AssignmentFields on CampaignAssignment {
    campaignId
    campaignName
    customerId
    customerName
    phone
    rank
    probability
    assets
    status
    statusLabel
    note
    statusAt
    planOffer
    planScript
  }
`);

export const MyCampaignCustomersQuery = graphql(`
  query MyCampaignCustomers {
    myCampaignCustomers {
      ...AssignmentFields
    }
  }
`);

export const UpdateCampaignContactMutation = graphql(`
  mutation UpdateCampaignContact($input: CampaignContactInput!) {
    updateCampaignContact(input: $input) {
      campaignId
      customerId
      status
      note
      at
    }
  }
`);

export const CampaignContactsSubscription = graphql(`
  subscription CampaignContacts($campaignId: Int!) {
    campaignContacts(campaignId: $campaignId) {
      campaignId
      customerId
      status
      at
    }
  }
`);
