/**
 * Two servers (AppServices) in one process, on two databases, keep their state apart: a cached
 * principal, a cached customer count, the LLM clients and test overrides of one never answer
 * for the other. Before the state moved into AppServices these lived in module singletons keyed
 * only by token hash / scope, so the second database got the first one's answers.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { customers, datasets, sessions, users } from "../../db/schema";
import { principalFromSession } from "../../lib/auth/accounts";
import { newSecret, SESSION_PREFIX, sha256 } from "../../lib/auth/tokens";
import { parseEnv } from "../../lib/config/env";
import { monitorSettings, setMonitorSettingsOverride } from "../../lib/monitor/settings";
import { createAppServices, type AppServices } from "../../lib/services/app-services";
import { listCustomers } from "../../lib/services/customer-queries";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";

/** At least CACHED_COUNT_MIN (lib/services/customer-queries.ts): only such counts are cached. */
const BIG = 50_000;

describeEachDb("two servers in one process: %s and a PGlite database keep their state apart", (kind) => {
  let a: TestDb;
  let b: TestDb;
  let sa: AppServices;
  let sb: AppServices;

  beforeAll(async () => {
    a = await createTestDb(kind);
    b = await createTestDb("pglite");
    const env = parseEnv({ ...process.env, LLM_API_KEY: "", LLM_BASE_URL: "", ARK_API_KEY: "", LOG_LEVEL: "warn" });
    sa = await createAppServices(env, { dbHandle: a, runPlans: false });
    sb = await createAppServices(env, { dbHandle: b, runPlans: false });
  }, 120_000);

  afterAll(async () => {
    await sa?.close();
    await sb?.close();
    await a?.destroy();
    await b?.destroy();
  });

  it("a session cached by the first server is not a principal of the second database", async () => {
    const token = newSecret(SESSION_PREFIX);
    for (const h of [a, b]) await h.db.insert(users).values({ email: "same@example.com", passwordHash: "x", role: "admin" });
    await a.db.insert(sessions).values({ tokenHash: sha256(token), userId: 1, expiresAt: new Date(Date.now() + 3_600_000) });

    const onA = await principalFromSession(sa.db, token);
    expect(onA?.email).toBe("same@example.com");
    // Within the cache's lifetime: the old module-wide cache answered this from A's entry.
    expect(await principalFromSession(sb.db, token)).toBeNull();
    expect(await principalFromSession(sa.db, token)).toEqual(onA);
  });

  it("a large list's cached count of the first server does not answer for the same scope on the second database", async () => {
    const [dsA] = await a.db.insert(datasets).values({ name: "big", source: "synthetic", nCustomers: BIG, nWeeks: 1, churnRate: 0 }).returning();
    const [dsB] = await b.db.insert(datasets).values({ name: "small", source: "synthetic", nCustomers: 3, nWeeks: 1, churnRate: 0 }).returning();
    // Same dataset id on both: the scope, the count's key, is the same.
    expect(dsB!.id).toBe(dsA!.id);
    const fill = (n: number) => sql`
      insert into ${customers} (dataset_id, id, name, phone, id_number, branch, customer_type, risk_tolerance, age, tenure_months,
        open_channel, has_margin, has_advisor, commission_rate, product_count)
      select ${dsA!.id}, 'C' || lpad(i::text, 6, '0'), '客户', '13800000000', '110101199001011234', '北京', 0, 2, 40, 24, 0, false, false, 2.5, 1
      from generate_series(1, ${n}) as i`;
    await a.db.execute(fill(BIG));
    await b.db.execute(fill(3));
    const scope = { datasetId: dsA!.id, asOfWeek: 0, runId: null };
    const args = { first: 10, orderBy: "ID_ASC" as const };

    const pageA = await listCustomers(sa.db, scope, args, sa.cache.counts);
    expect(pageA.totalCount).toBe(BIG);
    expect(sa.cache.counts.size).toBe(1);
    const pageB = await listCustomers(sb.db, scope, args, sb.cache.counts);
    expect(pageB.totalCount).toBe(3);
    expect(pageB.items.length).toBe(3);
    // A's count is still served from A's cache (B's small count was not cached).
    expect(sb.cache.counts.size).toBe(0);
    expect((await listCustomers(sa.db, scope, args, sa.cache.counts)).totalCount).toBe(BIG);
  }, 120_000);

  it("each server has its own LLM clients; a monitoring override applies to its database only", () => {
    const llm = { baseURL: "http://127.0.0.1:9/v1", apiKey: "k", model: "m", provider: "openai-compatible" as const, concurrency: 2, timeoutMs: 1_000, maxRetries: 0 };
    expect(sa.plans.state.llmClients.get(llm)).toBe(sa.plans.state.llmClients.get(llm));
    expect(sa.plans.state.llmClients.get(llm)).not.toBe(sb.plans.state.llmClients.get(llm));

    const envDefault = monitorSettings(sb.db).autoActivate;
    const other = envDefault === "never" ? "better" : "never";
    setMonitorSettingsOverride(sa.db, { autoActivate: other });
    try {
      expect(monitorSettings(sa.db).autoActivate).toBe(other);
      expect(monitorSettings(sb.db).autoActivate).toBe(envDefault);
    } finally {
      setMonitorSettingsOverride(sa.db, null);
    }
    expect(monitorSettings(sa.db).autoActivate).toBe(envDefault);
  });
});
