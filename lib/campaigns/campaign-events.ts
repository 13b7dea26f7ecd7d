/**
 * Contact-status changes, published per campaign (topic `campaign:<id>`) so an open campaign
 * page and an advisor's phone follow each other live. A subscriber replays the current state
 * from the database first, so a missed event costs nothing but freshness.
 */
import { EventBus } from "../events/bus";
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

const KEY = Symbol.for("churn.campaignEvents");
type Holder = { [KEY]?: EventBus<CampaignEvent> };

/** One bus per process (kept on globalThis: Next dev reloads modules). */
export function campaignEvents(): EventBus<CampaignEvent> {
  const g = globalThis as Holder;
  return (g[KEY] ??= new EventBus<CampaignEvent>());
}
