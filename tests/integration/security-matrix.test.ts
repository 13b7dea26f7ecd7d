/**
 * Issue 7 — access matrix: every Query, Mutation and Subscription field of the schema × every
 * kind of caller × HTTP and WebSocket, plus the REST routes × roles. The field list comes from
 * graphql/schema.graphql, so a new field without an entry in OPS fails this test.
 * Denied = UNAUTHENTICATED / FORBIDDEN, no data, no side effect. Allowed = no auth error.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { buildSchema, type GraphQLFormattedError } from "graphql";
import postgres from "postgres";
import WebSocket from "ws";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/db";
import { dbSuites } from "../support/db-suites";
import { startFakeLlm, type FakeLlm } from "../support/fake-llm-server";
import { postGql, rawWsClient, wsErrors, wsOnce, wsOperation, type Auth, type RawHttpResult, type WsOutcome } from "../support/raw-graphql";
import { loginCookie, ROOT, startTestServer, type RunningServer } from "../support/server";

type MinRole = "open" | "viewer" | "analyst" | "admin";
const RANK: Record<MinRole, number> = { open: 0, viewer: 1, analyst: 2, admin: 3 };

interface Fixture {
  customerId: string;
  runId: number;
  batchId: number;
  victimTokenId: number;
  bystanderUserId: number;
  /** Creates a throwaway token and returns its id (for an allowed revokeApiToken). */
  freshTokenId: () => Promise<number>;
  seq: () => number;
}

interface OpSpec {
  min: MinRole;
  doc: string;
  vars?: (f: Fixture, mode: "allowed" | "denied") => Record<string, unknown> | Promise<Record<string, unknown>>;
  /** The input error an allowed caller gets instead of data (the operation is run without side effects). */
  allowedError?: string;
  /** A live-only subscription with nothing to send yet: an allowed caller's socket stays open without an error. */
  quiet?: boolean;
}

/** Minimum role per field, and an operation that exercises it (with side effects where the field has any). */
const OPS: Record<string, OpSpec> = {
  "Query.health": { min: "open", doc: "query { health { status } }" },
  // Open by design: tells the caller who they are, null when anonymous (checked below).
  "Query.viewer": { min: "open", doc: "query { viewer { email role } }" },
  "Query.dataset": { min: "viewer", doc: "query { dataset { id customerCount } }" },
  "Query.features": { min: "viewer", doc: "query { features { key } }" },
  "Query.customers": { min: "viewer", doc: "query { customers(first: 2) { totalCount edges { node { id } } } }" },
  "Query.customer": { min: "viewer", doc: "query ($id: String!) { customer(id: $id) { id } }", vars: (f) => ({ id: f.customerId }) },
  "Query.riskCounts": { min: "viewer", doc: "query { riskCounts { high medium low } }" },
  "Query.modelRuns": { min: "viewer", doc: "query { modelRuns(limit: 5) { id } }" },
  "Query.modelRun": { min: "viewer", doc: "query ($id: Int!) { modelRun(id: $id) { id } }", vars: (f) => ({ id: f.runId }) },
  "Query.activeModel": { min: "viewer", doc: "query { activeModel { id } }" },
  "Query.shapSummary": { min: "viewer", doc: "query { shapSummary(sampleSize: 50) { baseValue } }" },
  "Query.shapDependence": { min: "viewer", doc: 'query { shapDependence(feature: "age", sampleSize: 50) { key } }' },
  "Query.whatIf": {
    min: "viewer",
    doc: 'query ($id: String!) { whatIf(customerId: $id, changes: [{ key: "age", value: 40 }]) { probability } }',
    vars: (f) => ({ id: f.customerId }),
  },
  "Query.planBatches": { min: "viewer", doc: "query { planBatches(limit: 5) { id } }" },
  "Query.planBatch": { min: "viewer", doc: "query ($id: Int!) { planBatch(id: $id) { id status } }", vars: (f) => ({ id: f.batchId }) },
  "Query.retentionPlans": { min: "viewer", doc: "query { retentionPlans(first: 5) { totalCount } }" },
  "Query.report": { min: "viewer", doc: "query { report { source } }" },
  "Query.users": { min: "admin", doc: "query { users { id email } }" },
  "Query.apiTokens": { min: "admin", doc: "query { apiTokens { id prefix } }" },
  "Query.auditLog": { min: "admin", doc: "query { auditLog(limit: 5) { id action } }" },

  "Mutation.generateReport": { min: "analyst", doc: "mutation { generateReport { source } }" },
  // Allowed runs ask for 0 weeks: refused as input, so the matrix does not move the data on.
  "Mutation.advanceDataset": { min: "admin", doc: "mutation { advanceDataset(weeks: 0) { id } }", allowedError: "BAD_USER_INPUT" },
  "Query.scoringRuns": { min: "viewer", doc: "query { scoringRuns(limit: 5) { id asOfDate realised { auc } } }" },
  "Query.scoringRun": { min: "viewer", doc: "query { scoringRun(id: 1) { id } }" },
  "Mutation.predictRisk": { min: "analyst", doc: "mutation { predictRisk(input: { topK: 2 }) { scoredCount batch { id } } }" },
  "Mutation.regeneratePlan": { min: "analyst", doc: "mutation ($c: String!) { regeneratePlan(customerId: $c) { id } }", vars: (f) => ({ c: f.customerId }) },
  "Mutation.cancelPlanBatch": { min: "analyst", doc: "mutation ($id: Int!) { cancelPlanBatch(id: $id) { id status } }", vars: (f) => ({ id: f.batchId }) },
  "Mutation.createUser": {
    min: "admin",
    doc: 'mutation ($e: String!) { createUser(input: { email: $e, password: "matrix-password-1", role: ADMIN }) { id } }',
    vars: (f) => ({ e: `m${f.seq()}@matrix.local` }),
  },
  // Allowed runs set a bystander account's role to what it already is: no lasting effect.
  "Mutation.updateUser": {
    min: "admin",
    doc: "mutation ($id: Int!) { updateUser(id: $id, input: { role: VIEWER }) { id role } }",
    vars: (f) => ({ id: f.bystanderUserId }),
  },
  "Mutation.createApiToken": { min: "admin", doc: 'mutation { createApiToken(input: { name: "matrix", role: ADMIN }) { token } }' },
  "Mutation.revokeApiToken": {
    min: "admin",
    doc: "mutation ($id: Int!) { revokeApiToken(id: $id) { id revokedAt } }",
    vars: async (f, mode) => ({ id: mode === "denied" ? f.victimTokenId : await f.freshTokenId() }),
  },
  // Any signed-in caller; a wrong current password keeps the allowed runs free of side effects.
  "Mutation.changePassword": {
    min: "viewer",
    doc: 'mutation { changePassword(input: { currentPassword: "not-the-password", newPassword: "matrix-new-password-1" }) { email } }',
    allowedError: "BAD_USER_INPUT",
  },
  "Mutation.activateModel": { min: "admin", doc: "mutation ($id: Int!) { activateModel(id: $id) { id } }", vars: (f) => ({ id: f.runId }) },
  // These two change the active data: the allowed ones run last (see ORDER_LAST).
  "Mutation.generateDataset": { min: "admin", doc: "mutation { generateDataset(input: { nCustomers: 100, seed: 5 }) { id } }" },
  "Mutation.trainModel": { min: "admin", doc: "mutation { trainModel(input: { rounds: 5 }) { id } }" },

  // Own data (issue 13): an unknown upload id keeps the allowed runs free of side effects.
  "Query.previewImport": { min: "admin", doc: 'query { previewImport(input: { uploadId: "00000000-0000-4000-8000-000000000000" }) { ok } }', allowedError: "NOT_FOUND" },
  "Mutation.importDataset": { min: "admin", doc: 'mutation { importDataset(input: { uploadId: "00000000-0000-4000-8000-000000000000" }) { __typename } }', allowedError: "NOT_FOUND" },
  "Mutation.appendDatasetWeeks": {
    min: "admin",
    doc: 'mutation { appendDatasetWeeks(input: { datasetId: 999999, uploadId: "00000000-0000-4000-8000-000000000000" }) { weeksAdded } }',
    allowedError: "NOT_FOUND",
  },
  "Query.runEvaluation": { min: "viewer", doc: "query { runEvaluation(runId: 999999) { __typename } }", allowedError: "NOT_FOUND" },
  "Query.runComparison": { min: "viewer", doc: "query { runComparison(runA: 999998, runB: 999999) { __typename } }", allowedError: "NOT_FOUND" },
  "Query.partialDependence": { min: "viewer", doc: 'query { partialDependence(feature: "age", gridPoints: 5, sampleSize: 20, iceLines: 2) { __typename } }' },
  "Query.customerSegments": { min: "viewer", doc: "query { customerSegments { __typename } }" },
  "Query.customerBranches": { min: "viewer", doc: "query { customerBranches }" },
  // Monitoring (issue 14).
  "Query.alerts": { min: "viewer", doc: "query { alerts(limit: 5) { id } }" },
  "Query.scoringMonitors": { min: "viewer", doc: "query { scoringMonitors(limit: 5) { scoringRunId } }" },
  "Query.compareModels": {
    min: "viewer",
    doc: "query ($id: Int!) { compareModels(champion: $id, challenger: $id) { championId } }",
    vars: (f) => ({ id: f.runId }),
  },
  // Scheduled scoring (issue 14): an allowed "score now" queues (or joins) a job the runner scores.
  "Query.scoringJobs": { min: "viewer", doc: "query { scoringJobs(limit: 5) { id status } }" },
  "Mutation.scoreNow": { min: "admin", doc: "mutation { scoreNow { created job { id } } }" },
  "Subscription.scoringJobChanged": { min: "viewer", doc: "subscription { scoringJobChanged { id status } }", quiet: true },
  // Campaigns (issue 15): a viewer without the advisor scope is refused; a campaign that does not
  // exist keeps the allowed runs free of side effects.
  "Query.campaigns": { min: "analyst", doc: "query { campaigns(limit: 5) { id } }" },
  "Query.campaign": { min: "analyst", doc: "query { campaign(id: 999999) { id } }" },
  "Query.campaignAssignments": { min: "analyst", doc: "query { campaignAssignments(campaignId: 999999) { customerId } }" },
  "Query.myCampaignCustomers": { min: "viewer", doc: "query { myCampaignCustomers { customerId } }" },
  "Query.campaignAdvisors": { min: "analyst", doc: "query { campaignAdvisors { id } }" },
  "Query.campaignWorkbook": { min: "analyst", doc: "query { campaignWorkbook(campaignId: 999999) { filename } }", allowedError: "NOT_FOUND" },
  "Mutation.createCampaign": { min: "analyst", doc: 'mutation { createCampaign(input: { name: "matrix", budget: 1000, size: 1 }) { id } }', allowedError: "BAD_USER_INPUT" },
  "Mutation.updateCampaignContact": {
    min: "analyst",
    doc: 'mutation ($c: String!) { updateCampaignContact(input: { campaignId: 999999, customerId: $c, status: CONTACTED }) { status } }',
    vars: (f) => ({ c: f.customerId }),
    allowedError: "BAD_USER_INPUT",
  },
  "Mutation.registerCampaignAdvisor": {
    min: "admin",
    doc: 'mutation { registerCampaignAdvisor(email: "nobody@matrix.local", name: "m", workloadCap: 5) { id } }',
    allowedError: "NOT_FOUND",
  },
  "Mutation.assignCampaignAdvisors": { min: "analyst", doc: "mutation { assignCampaignAdvisors(campaignId: 999999) }", allowedError: "NOT_FOUND" },
  "Mutation.importCampaignWorkbook": { min: "analyst", doc: 'mutation { importCampaignWorkbook(campaignId: 999999, base64: "AAAA") { __typename } }', allowedError: "NOT_FOUND" },
  "Subscription.campaignContacts": { min: "analyst", doc: "subscription { campaignContacts(campaignId: 999999) { customerId } }", quiet: true },
  "Subscription.alertRaised": { min: "viewer", doc: "subscription { alertRaised { id } }", quiet: true },
  "Subscription.datasetProgress": { min: "viewer", doc: "subscription { datasetProgress { job status } }", quiet: true },

  "Subscription.trainingProgress": { min: "viewer", doc: "subscription ($id: Int!) { trainingProgress(runId: $id) { runId status } }", vars: (f) => ({ id: f.runId }) },
  "Subscription.planProgress": { min: "viewer", doc: "subscription ($id: Int!) { planProgress(batchId: $id) { kind batchId } }", vars: (f) => ({ id: f.batchId }) },
};
const ORDER_LAST = ["Mutation.generateDataset", "Mutation.trainModel"];

function schemaFields(): string[] {
  const schema = buildSchema(readFileSync(path.join(ROOT, "graphql/schema.graphql"), "utf8"));
  const out: string[] = [];
  for (const t of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (t) for (const f of Object.keys(t.getFields())) out.push(`${t.name}.${f}`);
  }
  return out;
}

interface Caller {
  name: string;
  auth: Auth;
  /** 0 for every caller that must count as anonymous. */
  rank: number;
  role?: "VIEWER" | "ANALYST" | "ADMIN";
}

const AUTH_CODES = new Set(["UNAUTHENTICATED", "FORBIDDEN"]);
const codesOf = (errs: readonly GraphQLFormattedError[] | undefined) => (errs ?? []).map((e) => String(e.extensions?.code ?? "NO_CODE"));

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

for (const { kind, describeDb } of dbSuites()) {
  describeDb(`security matrix on ${kind}`, () => {
    let db: TestDb | undefined;
    let server: RunningServer;
    let fake: FakeLlm;
    let adminToken: string;
    let callers: Caller[];
    let fixture: Fixture;
    let viewerCookie: string;
    let analystToken: string;
    const problems: string[] = [];
    const stats = { tried: 0, rejected: 0, allowed: 0, bypasses: 0 };

    const admin = async (query: string, variables?: Record<string, unknown>) => {
      const r = await postGql(server.url, query, variables, { token: adminToken });
      if (r.json?.errors?.length || !r.json?.data) throw new Error(`admin call failed (${r.status}): ${r.text.slice(0, 500)}`);
      return r.json.data as Record<string, never>;
    };
    const makeToken = async (role: string, name = "t") =>
      (await admin(`mutation ($n: String!, $r: Role!) { createApiToken(input: { name: $n, role: $r }) { token apiToken { id } } }`, { n: name, r: role })).createApiToken as unknown as {
        token: string;
        apiToken: { id: number };
      };

    beforeAll(async () => {
      if (kind === "postgres") db = await createTestDb("postgres");
      fake = await startFakeLlm();
      server = await startTestServer({
        ...(db?.url ? { databaseUrl: db.url } : {}),
        env: {
          RATE_LIMIT_EXPENSIVE_PER_MIN: "100000",
          LLM_BASE_URL: fake.url,
          LLM_API_KEY: "sk-test-matrix-0123456789",
          LLM_MODEL: "fake-model",
          LLM_TIMEOUT_MS: "120000",
          LLM_MAX_RETRIES: "0",
          // Only the check on every subscribe may refuse here: with the periodic check (2 s by
          // default; token-lifecycle tests it) a revoked caller's socket could close first.
          WS_RECHECK_MS: "3600000",
        },
      });
      const adminCookie = await loginCookie(server.url);
      const bootstrap = await postGql(server.url, 'mutation { createApiToken(input: { name: "admin", role: ADMIN }) { token } }', undefined, { cookie: adminCookie });
      adminToken = (bootstrap.json!.data!.createApiToken as { token: string }).token;

      analystToken = (await makeToken("ANALYST", "analyst")).token;
      const victim = await makeToken("VIEWER", "victim");
      const revoked = await makeToken("ADMIN", "revoked");
      await admin("mutation ($id: Int!) { revokeApiToken(id: $id) { id } }", { id: revoked.apiToken.id });

      const mkUser = (email: string, role: string) =>
        admin('mutation ($e: String!, $r: Role!) { createUser(input: { email: $e, password: "user-password-123", role: $r }) { id } }', { e: email, r: role });
      await mkUser("viewer@matrix.local", "VIEWER");
      const bystander = (await mkUser("bystander@matrix.local", "VIEWER")).createUser as unknown as { id: number };
      await mkUser("gone@matrix.local", "ADMIN");
      viewerCookie = await loginCookie(server.url, "viewer@matrix.local", "user-password-123");
      const goneCookie = await loginCookie(server.url, "gone@matrix.local", "user-password-123");
      const lo = await fetch(`${server.url}/api/auth/logout`, { method: "POST", headers: { cookie: goneCookie } });
      expect(lo.status).toBe(200);

      callers = [
        { name: "anonymous", auth: {}, rank: 0 },
        { name: "viewer (session cookie)", auth: { cookie: viewerCookie }, rank: 1, role: "VIEWER" },
        { name: "analyst (API token)", auth: { token: analystToken }, rank: 2, role: "ANALYST" },
        { name: "admin (API token)", auth: { token: adminToken }, rank: 3, role: "ADMIN" },
        { name: "revoked admin token", auth: { token: revoked.token }, rank: 0 },
        { name: "forged session cookie", auth: { cookie: `cg_session=cgs_${"A".repeat(43)}` }, rank: 0 },
        { name: "forged bearer token", auth: { token: `cgt_${"B".repeat(43)}` }, rank: 0 },
        { name: "logged-out admin session", auth: { cookie: goneCookie }, rank: 0 },
      ];
      if (db?.url) {
        // PostgreSQL only: the test can reach the server's database to age a session past its expiry.
        await mkUser("expired@matrix.local", "ADMIN");
        const expiredCookie = await loginCookie(server.url, "expired@matrix.local", "user-password-123");
        const sql = postgres(db.url, { max: 1, onnotice: () => {} });
        await sql`update sessions set expires_at = now() - interval '1 hour' where user_id = (select id from users where email = 'expired@matrix.local')`;
        await sql.end();
        callers.push({ name: "expired admin session", auth: { cookie: expiredCookie }, rank: 0 });
      }

      await admin("mutation { generateDataset(input: { nCustomers: 300, seed: 11 }) { id } }");
      const run = (await admin("mutation { trainModel(input: { rounds: 20 }) { id } }")).trainModel as unknown as { id: number };
      await waitFor("training", async () => {
        const r = (await admin("query ($id: Int!) { modelRun(id: $id) { status error } }", { id: run.id })).modelRun as unknown as { status: string; error: string | null };
        if (r.status === "FAILED") throw new Error(`setup training failed: ${r.error}`);
        return r.status === "SUCCEEDED" ? true : undefined;
      });
      const p = (await admin("mutation { predictRisk(input: { topK: 3 }) { highRisk { id } batch { id } } }")).predictRisk as unknown as {
        highRisk: { id: string }[];
        batch: { id: number };
      };
      await waitFor("plan batch", async () => {
        const b = (await admin("query ($id: Int!) { planBatch(id: $id) { status } }", { id: p.batch.id })).planBatch as unknown as { status: string };
        return b.status === "DONE" ? true : undefined;
      });
      let n = 0;
      fixture = {
        customerId: p.highRisk[0]!.id,
        runId: run.id,
        batchId: p.batch.id,
        victimTokenId: victim.apiToken.id,
        bystanderUserId: bystander.id,
        freshTokenId: async () => (await makeToken("VIEWER", "throwaway")).apiToken.id,
        seq: () => ++n,
      };
    }, 300_000);

    afterAll(async () => {
      console.log(`[security-matrix ${kind}] operations tried ${stats.tried}, rejected ${stats.rejected}, allowed ${stats.allowed}, bypasses ${stats.bypasses}`);
      if (problems.length) console.log(`[security-matrix ${kind}] problems:\n  ${problems.join("\n  ")}`);
      await server?.stop();
      await fake?.close();
      await db?.destroy();
    });

    it("has an entry in the role table for every field of the schema, and none extra", () => {
      const fields = schemaFields();
      expect(fields.length).toBeGreaterThan(30);
      expect(fields.filter((f) => !(f in OPS)), "fields without an entry in OPS").toEqual([]);
      expect(Object.keys(OPS).filter((f) => !fields.includes(f)), "OPS entries not in the schema").toEqual([]);
    });

    /** Everything the admin can see that a denied mutation could have changed. */
    const snapshot = async () => {
      const d = await admin(`query {
        users { id email role }
        apiTokens { id revokedAt }
        modelRuns(limit: 200) { id status isActive }
        planBatches(limit: 200) { id status total }
        dataset { id }
        auditLog(limit: 500) { id action actor }
      }`);
      const audit = (d.auditLog as unknown as { action: string }[]).filter((a) => !a.action.startsWith("login"));
      return JSON.stringify({ ...d, auditLog: audit });
    };

    type Result = { transport: "http"; r: RawHttpResult } | { transport: "ws"; o: WsOutcome };

    const run = async (field: string, caller: Caller, transport: "http" | "ws", mode: "allowed" | "denied"): Promise<Result> => {
      const spec = OPS[field]!;
      const vars = spec.vars ? await spec.vars(fixture, mode) : undefined;
      stats.tried++;
      if (transport === "http") return { transport, r: await postGql(server.url, spec.doc, vars, caller.auth) };
      // A quiet subscription sends nothing to an allowed caller: wait long enough to see a refusal.
      const quietAllowed = spec.quiet && mode === "allowed";
      return { transport, o: await wsOnce(server.url, caller.auth, spec.doc, vars, quietAllowed ? 3_000 : 30_000) };
    };

    /** Checks one outcome; returns a problem description, or null when it is as expected. */
    const judge = (field: string, caller: Caller, res: Result): string | null => {
      const spec = OPS[field]!;
      const name = field.split(".")[1]!;
      const isSub = field.startsWith("Subscription.");
      const allowed = caller.rank >= RANK[spec.min];
      const where = `${field} × ${caller.name} × ${res.transport}`;

      if (res.transport === "http") {
        const { r } = res;
        if (r.status >= 500) return `${where}: HTTP ${r.status}`;
        if (!r.json) return `${where}: non-JSON answer ${r.text.slice(0, 100)}`;
        const value = r.json.data?.[name];
        const codes = codesOf(r.json.errors);
        if (isSub) {
          // Subscriptions are served over WebSocket only: over HTTP nobody gets data.
          stats.rejected++;
          if (value != null) return `${where}: BYPASS subscription answered over HTTP`;
          return codes.length ? null : `${where}: no error for a subscription over HTTP`;
        }
        if (allowed) {
          stats.allowed++;
          const bad = codes.filter((c) => AUTH_CODES.has(c) || c === "INTERNAL_SERVER_ERROR" || c === "NO_CODE");
          if (bad.length) return `${where}: allowed caller got ${bad.join(",")}: ${JSON.stringify(r.json.errors).slice(0, 300)}`;
          if (spec.allowedError) return codes.includes(spec.allowedError) ? null : `${where}: allowed caller should get ${spec.allowedError}, got ${codes.join(",") || "no error"}`;
          if (!r.json.data || !(name in r.json.data)) return `${where}: allowed caller got no data field`;
          if (field === "Query.viewer") {
            const v = value as { role?: string } | null;
            if (caller.rank === 0 && v !== null) return `${where}: BYPASS unauthenticated caller has an identity ${JSON.stringify(v)}`;
            if (caller.rank > 0 && v?.role !== caller.role) return `${where}: viewer.role ${v?.role} ≠ ${caller.role}`;
          }
          return null;
        }
        stats.rejected++;
        const want = caller.rank === 0 ? "UNAUTHENTICATED" : "FORBIDDEN";
        if (value != null) return `${where}: BYPASS data returned ${JSON.stringify(value).slice(0, 200)}`;
        if (!codes.includes(want)) return `${where}: expected ${want}, got ${codes.join(",") || "no error"}`;
        return null;
      }

      const { o } = res;
      // The WebSocket wants credentials at connection_init, even for the open fields.
      const wsAllowed = allowed && caller.rank > 0;
      const errs = wsErrors(o);
      const codes = codesOf(errs);
      const values = o.results.map((x) => x.data?.[name]).filter((v) => v != null);
      // A field that answered null (an unknown id) has still answered.
      const answered = o.results.some((x) => x.data != null && name in x.data);
      if (o.timedOut && !(spec.quiet && wsAllowed)) return `${where}: no answer on the WebSocket (timed out)`;
      if (wsAllowed) {
        stats.allowed++;
        if (o.closeCode !== undefined) return `${where}: allowed caller's connection closed with ${o.closeCode}`;
        const bad = codes.filter((c) => AUTH_CODES.has(c) || c === "INTERNAL_SERVER_ERROR" || c === "NO_CODE");
        if (bad.length) return `${where}: allowed caller got ${bad.join(",")}: ${JSON.stringify(errs).slice(0, 300)}`;
        if (!codes.length && !answered && !(spec.quiet && o.timedOut)) return `${where}: allowed caller got neither data nor an error`;
        return null;
      }
      stats.rejected++;
      if (values.length) return `${where}: BYPASS data returned ${JSON.stringify(values[0]).slice(0, 200)}`;
      if (caller.rank === 0) {
        // connection_init without valid credentials is refused: close 4403 Forbidden.
        return o.closeCode === 4403 ? null : `${where}: expected close 4403, got ${o.closeCode ?? codes.join(",")}`;
      }
      return codes.includes("FORBIDDEN") ? null : `${where}: expected FORBIDDEN, got ${codes.join(",") || "nothing"}`;
    };

    const record = (p: string | null) => {
      if (!p) return;
      problems.push(p);
      if (p.includes("BYPASS")) stats.bypasses++;
    };

    it("denies every field to every caller below its role, on HTTP and WebSocket, without side effects", async () => {
      const before = await snapshot();
      for (const field of Object.keys(OPS)) {
        for (const caller of callers) {
          if (caller.rank >= RANK[OPS[field]!.min] && !field.startsWith("Subscription.")) continue;
          for (const transport of ["http", "ws"] as const) {
            if (caller.rank >= RANK[OPS[field]!.min] && transport === "ws") continue; // allowed subscription: next test
            record(judge(field, caller, await run(field, caller, transport, "denied")));
          }
        }
      }
      const after = await snapshot();
      expect(after, "a denied operation changed state").toBe(before);
      expect(problems).toEqual([]);
      expect(stats.bypasses).toBe(0);
    }, 300_000);

    it("lets every caller at or above the role through, on HTTP and WebSocket", async () => {
      const fields = [...Object.keys(OPS).filter((f) => !ORDER_LAST.includes(f)), ...ORDER_LAST];
      for (const field of fields) {
        for (const caller of callers) {
          if (caller.rank < RANK[OPS[field]!.min]) continue;
          for (const transport of ["http", "ws"] as const) {
            if (field.startsWith("Subscription.") && transport === "http") continue; // judged with the denied ones
            record(judge(field, caller, await run(field, caller, transport, "allowed")));
          }
        }
      }
      expect(problems).toEqual([]);
      expect(stats.bypasses).toBe(0);
      expect(stats.tried).toBeGreaterThan(300);
    }, 300_000);

    it("re-checks credentials on every subscribe: a token revoked after connect is refused", async () => {
      const t = await makeToken("VIEWER", "ws-revoke");
      let connected = 0;
      const client = rawWsClient(server.url, { auth: { token: t.token }, lazy: false, onConnected: () => connected++ });
      const first = await wsOperation(client, "query { features { key } }");
      expect(wsErrors(first)).toEqual([]);
      expect(first.results[0]?.data?.features).toHaveLength(29);
      await admin("mutation ($id: Int!) { revokeApiToken(id: $id) { id } }", { id: t.apiToken.id });
      const second = await wsOperation(client, "query { features { key } }");
      expect(codesOf(wsErrors(second))).toEqual(["UNAUTHENTICATED"]);
      expect(second.results.every((r) => r.data == null)).toBe(true);
      const sub = await wsOperation(client, OPS["Subscription.trainingProgress"]!.doc, { id: fixture.runId });
      expect(codesOf(wsErrors(sub))).toEqual(["UNAUTHENTICATED"]);
      expect(connected).toBe(1); // the same connection all along
      await client.dispose();
    });

    it("re-checks the session cookie on every subscribe: logging out ends WebSocket access", async () => {
      const cookie = await loginCookie(server.url, "viewer@matrix.local", "user-password-123");
      let connected = 0;
      const client = rawWsClient(server.url, { auth: { cookie }, lazy: false, onConnected: () => connected++ });
      const first = await wsOperation(client, "query { viewer { role } }");
      expect(first.results[0]?.data?.viewer).toEqual({ role: "VIEWER" });
      const lo = await fetch(`${server.url}/api/auth/logout`, { method: "POST", headers: { cookie } });
      expect(lo.status).toBe(200);
      const second = await wsOperation(client, "query { dataset { id } }");
      expect(codesOf(wsErrors(second))).toEqual(["UNAUTHENTICATED"]);
      expect(connected).toBe(1);
      await client.dispose();
    });

    it("refuses connection_init without credentials with close code 4403", async () => {
      const o = await wsOnce(server.url, {}, "query { health { status } }");
      expect(o.closeCode).toBe(4403);
      expect(o.results).toEqual([]);
    });

    it("answers a WebSocket upgrade from a foreign Origin with 403, and accepts its own origin", async () => {
      const tryOrigin = (origin: string) =>
        new Promise<number>((resolve) => {
          const ws = new WebSocket(server.url.replace(/^http/, "ws") + "/api/graphql", "graphql-transport-ws", { origin, headers: { cookie: viewerCookie } });
          ws.on("unexpected-response", (_req, res) => {
            resolve(res.statusCode ?? 0);
            ws.terminate();
          });
          ws.on("open", () => {
            resolve(101);
            ws.close();
          });
          ws.on("error", () => resolve(-1));
        });
      expect(await tryOrigin("https://evil.example")).toBe(403);
      expect(await tryOrigin("null")).toBe(403);
      expect(await tryOrigin(server.url)).toBe(101);
    });

    it("holds the per-connection subscription cap", async () => {
      // A batch whose LLM call never answers keeps its planProgress subscriptions open.
      fake.setScenario("hang");
      const p = (await admin("mutation { predictRisk(input: { topK: 1 }) { batch { id } } }")).predictRisk as unknown as { batch: { id: number } };
      const client = rawWsClient(server.url, { auth: { token: analystToken }, lazy: false });
      try {
      const doc = "subscription ($id: Int!) { planProgress(batchId: $id) { kind } }";
      const open: { dispose: () => void; first: Promise<void> }[] = [];
      for (let i = 0; i < 20; i++) {
        let gotFirst!: () => void;
        const first = new Promise<void>((r) => (gotFirst = r));
        const dispose = client.subscribe({ query: doc, variables: { id: p.batch.id } }, { next: () => gotFirst(), error: () => gotFirst(), complete: () => gotFirst() });
        open.push({ dispose, first });
      }
      await Promise.all(open.map((o) => o.first));
      const over = await wsOperation(client, doc, { id: p.batch.id }, 10_000);
      expect(codesOf(wsErrors(over))).toEqual(["RATE_LIMITED"]);
      // Ending one frees a slot.
      open.pop()!.dispose();
      // The server frees the slot when the client's "complete" message arrives, not at once.
      await expect
        .poll(async () => codesOf(wsErrors(await wsOperation(client, "query { health { status } }", undefined, 10_000))), { timeout: 10_000, interval: 200 })
        .toEqual([]);
      for (const o of open) o.dispose();
      } finally {
        await client.dispose();
        fake.setScenario("normal");
        await admin("mutation ($id: Int!) { cancelPlanBatch(id: $id) { id } }", { id: p.batch.id });
      }
    });

    it("guards every REST route by role, and rejects cross-site state changes", async () => {
      const restCallers = callers;
      const routes: { name: string; min: MinRole; method: "GET" | "POST"; path: string; body?: unknown }[] = [
        { name: "health", min: "open", method: "GET", path: "/api/health" },
        { name: "customer", min: "viewer", method: "GET", path: `/api/customer/${fixture.customerId}` },
        { name: "report", min: "viewer", method: "GET", path: "/api/report?format=md" },
        { name: "plans download", min: "analyst", method: "GET", path: "/api/plans/download" },
        { name: "model download", min: "analyst", method: "GET", path: `/api/models/${fixture.runId}/download?format=json` },
        { name: "customers export", min: "analyst", method: "GET", path: "/api/customers/export?format=csv" },
        { name: "predict", min: "analyst", method: "POST", path: "/api/predict", body: { top_k: 2, wait: false } },
        { name: "train", min: "admin", method: "POST", path: "/api/train", body: { n_customers: 0 } },
      ];
      const restProblems: string[] = [];
      let tried = 0;
      for (const route of routes) {
        for (const c of restCallers) {
          tried++;
          const headers: Record<string, string> = { ...(c.auth.token ? { authorization: `Bearer ${c.auth.token}` } : {}), ...(c.auth.cookie ? { cookie: c.auth.cookie } : {}) };
          if (route.body) headers["content-type"] = "application/json";
          const r = await fetch(`${server.url}${route.path}`, { method: route.method, headers, body: route.body ? JSON.stringify(route.body) : undefined, signal: AbortSignal.timeout(120_000) });
          const text = await r.text();
          const allowed = c.rank >= RANK[route.min];
          const where = `REST ${route.name} × ${c.name}`;
          if (allowed) stats.allowed++;
          else stats.rejected++;
          if (r.status >= 500) restProblems.push(`${where}: ${r.status} ${text.slice(0, 200)}`);
          else if (allowed && (r.status === 401 || r.status === 403)) restProblems.push(`${where}: allowed caller got ${r.status}`);
          else if (!allowed) {
            const want = c.rank === 0 ? 401 : 403;
            if (r.status !== want) restProblems.push(`${where}: BYPASS? expected ${want}, got ${r.status} ${text.slice(0, 100)}`);
          }
        }
      }
      stats.tried += tried;
      // A browser session cannot be used from another site to change state.
      const csrf = await fetch(`${server.url}/api/predict`, {
        method: "POST",
        headers: { cookie: viewerCookie, origin: "https://evil.example", "content-type": "application/json" },
        body: JSON.stringify({ top_k: 1 }),
      });
      expect(csrf.status).toBe(403);
      const simple = await fetch(`${server.url}/api/graphql`, { method: "POST", headers: { cookie: viewerCookie, "content-type": "text/plain" }, body: '{"query":"{ dataset { id } }"}' });
      expect(simple.status).toBe(400);
      expect(await simple.text()).not.toContain('"dataset":{');
      for (const p of restProblems) record(p);
      expect(restProblems).toEqual([]);
    }, 300_000);
  });
}
