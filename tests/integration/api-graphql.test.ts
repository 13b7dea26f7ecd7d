/**
 * The real server (tsx server.ts, production mode) on a free port, driven by real clients:
 * HTTP for queries and mutations, graphql-ws for subscriptions, fetch for the seed's REST routes.
 * Runs on PGlite, and on PostgreSQL when TEST_DATABASE_URL is set.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { graphql } from "../../graphql/generated/client";
import { createTestDb, type TestDb } from "../support/db";
import { dbSuites } from "../support/db-suites";
import { collect, gql, gqlData, wsClient } from "../support/graphql-client";
import { loginCookie, startTestServer, type RunningServer } from "../support/server";

const CreateToken = graphql(`
  mutation ApiTestCreateToken($name: String!, $role: Role!) {
    createApiToken(input: { name: $name, role: $role }) {
      token
      apiToken {
        id
        role
      }
    }
  }
`);

const Generate = graphql(`
  mutation ApiTestGenerate($n: Int!) {
    generateDataset(input: { nCustomers: $n, nWeeks: 12, seed: 7 }) {
      id
      customerCount
      activeCustomers
      churnRate
      oracleAuc
    }
  }
`);

const Train = graphql(`
  mutation ApiTestTrain($rounds: Int) {
    trainModel(input: { rounds: $rounds }) {
      id
      status
    }
  }
`);

const TrainingProgress = graphql(`
  subscription ApiTestTrainingProgress($runId: Int!) {
    trainingProgress(runId: $runId) {
      runId
      status
      phase
      round
      totalRounds
      latest {
        round
        validLogloss
      }
      run {
        id
        status
        metrics {
          auc
          f1
          oracleAuc
        }
      }
    }
  }
`);

const Customers = graphql(`
  query ApiTestCustomers($first: Int, $after: String, $filter: CustomerFilter, $orderBy: CustomerOrder) {
    customers(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      edges {
        cursor
        node {
          id
          probability
          riskLevel
          riskRank
          expectedAssetLoss
          topDrivers {
            key
            labelZh
            shap
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const CustomerDetail = graphql(`
  query ApiTestCustomerDetail($id: String!) {
    customer(id: $id) {
      id
      profile {
        maskedName
        maskedPhone
        customerType
      }
      risk {
        probability
        margin
        level
      }
      weekly {
        week
        logins
      }
      features {
        key
        value
      }
      shapBaseValue
      shap {
        key
        labelZh
        shap
      }
    }
  }
`);

const Predict = graphql(`
  mutation ApiTestPredict($topK: Int) {
    predictRisk(input: { topK: $topK }) {
      scoredCount
      highRiskCount
      highRisk {
        id
        probability
      }
      batch {
        id
        total
        status
      }
    }
  }
`);

const PlanProgress = graphql(`
  subscription ApiTestPlanProgress($batchId: Int!) {
    planProgress(batchId: $batchId) {
      batchId
      kind
      customerId
      delta
      plan {
        customerId
        status
        source
        plan {
          priority
          riskSummary
        }
      }
      batch {
        id
        status
        total
        done
        failed
      }
      plans {
        customerId
        status
      }
    }
  }
`);

const Overview = graphql(`
  query ApiTestOverview {
    dataset {
      customerCount
    }
    activeModel {
      id
      metrics {
        auc
      }
    }
    riskCounts {
      high
      medium
      low
      histogram
    }
    shapSummary(sampleSize: 200) {
      baseValue
      importance {
        key
        meanAbsShap
      }
      beeswarm {
        key
        shap
      }
    }
    shapDependence(feature: "days_since_last_login") {
      key
      values
      interactionKey
    }
  }
`);

for (const { kind, describeDb } of dbSuites()) {
  describeDb(`GraphQL + REST API on ${kind}`, () => {
    let db: TestDb | undefined;
    let server: RunningServer;
    let admin: string;
    /** Customers active at the generated timeline's as-of date: the ones listed and scored. */
    let active = 0;
    let analyst: string;
    let viewer: string;

    beforeAll(async () => {
      if (kind === "postgres") db = await createTestDb("postgres");
      server = await startTestServer(db?.url ? { databaseUrl: db.url } : {});
      const cookie = await loginCookie(server.url);
      admin = (await gqlData(server.url, CreateToken, { name: "admin-t", role: "ADMIN" }, { cookie })).createApiToken.token;
      analyst = (await gqlData(server.url, CreateToken, { name: "analyst-t", role: "ANALYST" }, { cookie })).createApiToken.token;
      viewer = (await gqlData(server.url, CreateToken, { name: "viewer-t", role: "VIEWER" }, { cookie })).createApiToken.token;
    });

    afterAll(async () => {
      await server?.stop();
      await db?.destroy();
    });

    it("answers the seed's health check", async () => {
      const r = await fetch(`${server.url}/api/health`);
      expect(r.status).toBe(200);
      expect(await r.json()).toEqual({ status: "ok", message: "API服务器运行正常" });
    });

    it("generates data, trains with live progress, and a late subscriber gets the full state", async () => {
      const d = await gqlData(server.url, Generate, { n: 1500 }, { token: admin });
      active = d.generateDataset.activeCustomers;
      // A timeline: 1,500 customers at the start, new ones join, the active population stays near it.
      expect(d.generateDataset.customerCount).toBeGreaterThan(1500);
      expect(d.generateDataset.activeCustomers).toBeGreaterThan(1500 * 0.7);
      expect(d.generateDataset.activeCustomers).toBeLessThan(1500 * 1.5);
      expect(d.generateDataset.oracleAuc).toBeGreaterThan(0.85);

      const run = (await gqlData(server.url, Train, { rounds: 120 }, { token: admin })).trainModel;
      expect(run.status).toBe("RUNNING");

      // A second training while one runs is refused with CONFLICT.
      const second = await gql(server.url, Train, { rounds: 10 }, { token: admin });
      expect(second.errors?.[0]?.extensions?.code).toBe("CONFLICT");

      const client = wsClient(server.url, viewer);
      const events = await collect(client, TrainingProgress, { runId: run.id });
      await client.dispose();
      expect(events.length).toBeGreaterThanOrEqual(2);
      expect(events[0]!.trainingProgress.run?.id).toBe(run.id); // replayed state first
      const last = events[events.length - 1]!.trainingProgress;
      expect(last.status).toBe("SUCCEEDED");
      expect(last.run?.metrics?.auc).toBeGreaterThan(0.85);
      const rounds = events.map((e) => e.trainingProgress.round);
      expect(Math.max(...rounds)).toBeGreaterThan(0);

      const late = wsClient(server.url, viewer);
      const replay = await collect(late, TrainingProgress, { runId: run.id });
      await late.dispose();
      expect(replay).toHaveLength(1);
      expect(replay[0]!.trainingProgress.status).toBe("SUCCEEDED");
      expect(replay[0]!.trainingProgress.run?.metrics?.auc).toBe(last.run?.metrics?.auc);
    });

    it("pages, filters and explains customers", async () => {
      const p1 = await gqlData(server.url, Customers, { first: 5, orderBy: "RISK_DESC" }, { token: viewer });
      expect(p1.customers.totalCount).toBe(active);
      expect(p1.customers.edges).toHaveLength(5);
      const probs = p1.customers.edges.map((e) => e.node.probability ?? 0);
      expect([...probs].sort((a, b) => b - a)).toEqual(probs);
      expect(p1.customers.edges[0]!.node.topDrivers.length).toBeGreaterThan(0);

      const p2 = await gqlData(server.url, Customers, { first: 5, after: p1.customers.pageInfo.endCursor, orderBy: "RISK_DESC" }, { token: viewer });
      expect(p2.customers.edges[0]!.node.riskRank).toBe(6);

      const high = await gqlData(server.url, Customers, { first: 200, filter: { riskLevel: "HIGH" } }, { token: viewer });
      expect(high.customers.edges.every((e) => e.node.riskLevel === "HIGH" && (e.node.probability ?? 0) >= 0.6)).toBe(true);

      const id = p1.customers.edges[0]!.node.id;
      const c = (await gqlData(server.url, CustomerDetail, { id }, { token: viewer })).customer!;
      // The customer's whole history, up to the as-of date (active: no gap before it).
      expect(c.weekly.length).toBeGreaterThan(0);
      expect(c.weekly.length).toBeLessThanOrEqual(104);
      expect(c.features).toHaveLength(29);
      expect(c.profile.maskedPhone).toMatch(/^\d{3}\*{4}\d{4}$/);
      const sum = c.shap.reduce((s, x) => s + x.shap, c.shapBaseValue ?? NaN);
      expect(Math.abs(sum - c.risk!.margin)).toBeLessThan(1e-6);

      const o = await gqlData(server.url, Overview, {}, { token: viewer });
      expect(o.riskCounts!.high + o.riskCounts!.medium + o.riskCounts!.low).toBe(active);
      expect(o.riskCounts!.histogram.reduce((a, b) => a + b, 0)).toBe(active);
      expect(o.shapSummary!.importance).toHaveLength(29);
      expect(o.shapSummary!.beeswarm[0]!.shap).toHaveLength(200);
      expect(o.shapDependence!.values.length).toBeGreaterThan(100);
      expect(o.shapDependence!.interactionKey).not.toBe("days_since_last_login");
    });

    it("rejects bad arguments with a code and the field", async () => {
      const cases: [Parameters<typeof gql>[2], string][] = [
        [{ first: 0 }, "first"],
        [{ first: 201 }, "first"],
        [{ first: 5, after: "not-a-cursor" }, "after"],
        [{ first: 5, filter: { minProbability: 1.5 } }, "filter.minProbability"],
      ];
      for (const [vars, field] of cases) {
        const r = await gql(server.url, Customers, vars as never, { token: viewer });
        expect(r.errors?.[0]?.extensions?.code, JSON.stringify(vars)).toBe("BAD_USER_INPUT");
        expect(r.errors?.[0]?.extensions?.field).toBe(field);
      }
      const topK = await gql(server.url, Predict, { topK: 10_001 }, { token: analyst });
      expect(topK.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(topK.errors?.[0]?.message).toContain("topK");
      const none = await gqlData(server.url, CustomerDetail, { id: "C9999999" }, { token: viewer });
      expect(none.customer).toBeNull();
    });

    it("predicts, streams plans to a subscriber, and replays them to a late one", async () => {
      const forbidden = await gql(server.url, Predict, { topK: 5 }, { token: viewer });
      expect(forbidden.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

      const p = (await gqlData(server.url, Predict, { topK: 12 }, { token: analyst })).predictRisk;
      expect(p.scoredCount).toBe(active);
      expect(p.highRiskCount).toBe(12);
      expect(p.batch?.total).toBe(12);

      const client = wsClient(server.url, analyst);
      const events = await collect(client, PlanProgress, { batchId: p.batch!.id });
      await client.dispose();
      expect(events[0]!.planProgress.kind).toBe("SNAPSHOT");
      const last = events[events.length - 1]!.planProgress;
      expect(last.batch.status).toBe("DONE");
      expect(last.batch.done + last.batch.failed).toBe(12);
      // Every plan is announced exactly once as finished: in the snapshot or as its own event.
      const finished = [
        ...(events[0]!.planProgress.plans ?? []).filter((x) => x.status === "DONE" || x.status === "FAILED").map((x) => x.customerId),
        ...events.filter((e) => e.planProgress.kind === "DONE" || e.planProgress.kind === "FAILED").map((e) => e.planProgress.customerId!),
      ];
      expect(finished.sort()).toEqual(p.highRisk.map((c) => c.id).sort());

      const late = wsClient(server.url, viewer);
      const replay = await collect(late, PlanProgress, { batchId: p.batch!.id });
      await late.dispose();
      expect(replay).toHaveLength(1);
      expect(replay[0]!.planProgress.plans).toHaveLength(12);
      expect(replay[0]!.planProgress.plans!.every((x) => x.status === "DONE")).toBe(true);
    });

    it("keeps the seed's REST shapes", async () => {
      const auth = { authorization: `Bearer ${analyst}` };
      const list = await gqlData(server.url, Customers, { first: 1 }, { token: viewer });
      const id = list.customers.edges[0]!.node.id;
      const c = await fetch(`${server.url}/api/customer/${id}`, { headers: auth });
      expect(c.status).toBe(200);
      const cj = (await c.json()) as { status: string; customer_info: { customer_id: string; features: number[] } };
      expect(cj.status).toBe("success");
      expect(cj.customer_info.customer_id).toBe(id);
      expect(cj.customer_info.features).toHaveLength(29);

      const missing = await fetch(`${server.url}/api/customer/NOPE`, { headers: auth });
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as { status: string }).status).toBe("error");

      const pr = await fetch(`${server.url}/api/predict`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ top_k: 5 }) });
      expect(pr.status).toBe(200);
      const pj = (await pr.json()) as { status: string; high_risk_count: number; plans_count: number; retention_plans: unknown[] };
      expect(pj.status).toBe("success");
      expect(pj.high_risk_count).toBe(5);
      expect(pj.plans_count).toBe(5);
      expect(pj.retention_plans).toHaveLength(5);

      const x = await fetch(`${server.url}/api/plans/download`, { headers: auth });
      expect(x.status).toBe(200);
      expect(x.headers.get("content-type")).toContain("spreadsheetml");
      const bytes = new Uint8Array(await x.arrayBuffer());
      expect(String.fromCharCode(bytes[0]!, bytes[1]!)).toBe("PK");

      const m = await fetch(`${server.url}/api/models/1/download?format=json`, { headers: auth });
      expect(m.status).toBe(200);
      const model = (await m.json()) as { learner: { gradient_booster: { model: { trees: unknown[] } } } };
      expect(model.learner.gradient_booster.model.trees.length).toBeGreaterThan(0);

      const csv = await fetch(`${server.url}/api/customers/export?format=csv`, { headers: auth });
      expect(csv.status).toBe(200);
      const lines = (await csv.text()).trim().split("\n");
      // Header + one line per customer active at the as-of date.
      expect(lines).toHaveLength(active + 1);

      const unauth = await fetch(`${server.url}/api/plans/download`);
      expect(unauth.status).toBe(401);

      const tr = await fetch(`${server.url}/api/train`, {
        method: "POST",
        headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
        body: JSON.stringify({ n_customers: 600, n_weeks: 12 }),
      });
      expect(tr.status).toBe(200);
      const trained = (await tr.json()) as { customer_count: number };
      expect(trained).toMatchObject({ status: "success", message: "模型训练完成", feature_count: 29 });
      // The customers scored: those active at the as-of date of a 600-customer timeline.
      expect(trained.customer_count).toBeGreaterThan(600 * 0.7);
      expect(trained.customer_count).toBeLessThan(600 * 1.5);

      const bad = await fetch(`${server.url}/api/train`, {
        method: "POST",
        headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
        body: JSON.stringify({ n_customers: 5 }),
      });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { message: string }).message).toMatch(/customers|nCustomers|n_customers/);
    });

    it("follows the GraphQL-over-HTTP rules and its limits", async () => {
      const headers = { authorization: `Bearer ${viewer}`, "content-type": "application/json", accept: "application/graphql-response+json" };
      const ok = await fetch(`${server.url}/api/graphql`, { method: "POST", headers, body: JSON.stringify({ query: "{ health { status } }" }) });
      expect(ok.headers.get("content-type")).toContain("application/graphql-response+json");

      const get = await fetch(`${server.url}/api/graphql?query=${encodeURIComponent("mutation { cancelPlanBatch(id: 1) { id } }")}`, {
        headers: { authorization: `Bearer ${viewer}`, "apollo-require-preflight": "1" },
      });
      expect(get.status).toBe(405);

      const batched = await fetch(`${server.url}/api/graphql`, { method: "POST", headers, body: JSON.stringify([{ query: "{ health { status } }" }]) });
      expect(batched.status).toBe(400);

      const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: health { status }`).join(" ");
      const many = await fetch(`${server.url}/api/graphql`, { method: "POST", headers, body: JSON.stringify({ query: `{ ${aliases} }` }) });
      const mj = (await many.json()) as { errors: { extensions: { code: string } }[] };
      expect(mj.errors[0]!.extensions.code).toBe("QUERY_TOO_COMPLEX");

      const csrf = await fetch(`${server.url}/api/graphql`, { method: "POST", headers: { "content-type": "text/plain" }, body: "{ health { status } }" });
      expect(csrf.status).toBe(400);

      const intro = await fetch(`${server.url}/api/graphql`, { method: "POST", headers, body: JSON.stringify({ query: "{ __schema { types { name } } }" }) });
      const ij = (await intro.json()) as { errors?: unknown[] };
      expect(ij.errors?.length).toBeGreaterThan(0);
    });
  });
}
