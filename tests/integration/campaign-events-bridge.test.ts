/**
 * Campaign contact updates cross processes: the campaign bus is a shared bus that the PostgreSQL
 * bridge (LISTEN/NOTIFY) carries like training and plan events. Another process is played by a
 * raw connection on the bridge's channel, which sees what this process sends and sends back.
 */
import postgres from "postgres";
import { afterAll, beforeAll, expect, it } from "vitest";
import { campaignEvents, campaignTopic, type CampaignEvent } from "../../lib/campaigns/campaign-events";
import { createEvents } from "../../lib/events";
import { bridgeEventsOverPostgres } from "../../lib/events/pg-bridge";
import { createTestDb, type TestDb } from "../support/db";
import { describeOnPostgres } from "../support/db-suites";

const CHANNEL = "churn_guard_events";

describeOnPostgres("campaign contact events across instances (needs TEST_DATABASE_URL)", () => {
  let db: TestDb;
  let a: postgres.Sql;
  let other: postgres.Sql;
  let offA: () => Promise<void>;
  let offB: () => Promise<void>;
  const errors: unknown[] = [];
  const seen: { o: string; m: { b: string; t: string; e: unknown }[] }[] = [];

  beforeAll(async () => {
    db = await createTestDb("postgres");
    a = postgres(db.url!, { max: 2 });
    other = postgres(db.url!, { max: 2 });
    await other.listen(CHANNEL, (payload) => seen.push(JSON.parse(payload) as (typeof seen)[number]));
    offA = await bridgeEventsOverPostgres(a, createEvents(), "instance-a", (e) => errors.push(e));
    // A second AppServices in the same process (tests do this): it must not send or deliver the shared bus again.
    offB = await bridgeEventsOverPostgres(a, createEvents(), "instance-b", (e) => errors.push(e));
  });
  afterAll(async () => {
    await offB?.();
    await offA?.();
    await a?.end();
    await other?.end();
    await db?.destroy();
  });

  const event = (customerId: string, status: CampaignEvent["status"]): CampaignEvent => ({ campaignId: 7, customerId, status, note: "电话沟通", at: new Date(0).toISOString(), by: "li@example.com" });

  it("an update published here is sent once with NOTIFY; one sent by another instance reaches this instance's subscribers once", async () => {
    const mine = event("C0001", "contacted");
    campaignEvents().publish(campaignTopic(7), mine);
    await expect.poll(() => seen.flatMap((p) => p.m).filter((m) => m.b === "campaigns").length, { timeout: 10_000 }).toBe(1);
    const packet = seen.find((p) => p.m.some((m) => m.b === "campaigns"))!;
    expect(packet.o).toBe("instance-a");
    expect(packet.m.find((m) => m.b === "campaigns")).toEqual({ b: "campaigns", t: campaignTopic(7), e: mine });

    const got: CampaignEvent[] = [];
    const off = campaignEvents().subscribe(campaignTopic(7), (e) => got.push(e));
    const theirs = event("C0002", "accepted");
    await other.notify(CHANNEL, JSON.stringify({ o: "instance-elsewhere", m: [{ b: "campaigns", t: campaignTopic(7), e: theirs }] }));
    await expect.poll(() => got.length, { timeout: 10_000 }).toBe(1);
    // A marker through the same channel: everything sent before it has been delivered by now.
    await other.notify(CHANNEL, JSON.stringify({ o: "instance-elsewhere", m: [{ b: "campaigns", t: campaignTopic(7), e: event("marker", "pending") }] }));
    await expect.poll(() => got.length, { timeout: 10_000 }).toBe(2);
    off();
    expect(got).toEqual([theirs, event("marker", "pending")]);
    expect(errors).toEqual([]);
  });
});
