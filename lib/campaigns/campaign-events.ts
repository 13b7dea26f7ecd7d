/**
 * Contact-status changes, published per campaign (topic `campaign:<id>`) so an open campaign
 * page and an advisor's phone follow each other live. A subscriber replays the current state
 * from the database first, so a missed event costs nothing but freshness. The bus is a shared one:
 * the PostgreSQL bridge carries it to the other instances (an advisor's update on instance A
 * reaches a campaign page connected to instance B).
 */
import type { EventBus } from "../events/bus";
import { sharedBus } from "../events/shared-buses";
import type { ContactStatus } from "./types";

export interface CampaignEvent {
  campaignId: number;
  customerId: string;
  status: ContactStatus;
  note: string | null;
  at: string;
  by: string;
}

export const campaignTopic = (campaignId: number) => `campaign:${campaignId}`;

/** One bus per process (kept on globalThis: Next dev reloads modules). */
export function campaignEvents(): EventBus<CampaignEvent> {
  return sharedBus<CampaignEvent>("campaigns");
}
