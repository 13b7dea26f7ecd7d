/**
 * Importing a brokerage's own data and a model trained elsewhere, through the REST routes of the
 * real server: bad rows are reported by line and column and nothing is written; a model exported
 * as XGBoost JSON comes back in and scores the same.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { graphql } from "../../graphql/generated/client";
import { generateDataset, parseGenerateOptions } from "../../lib/data/generator";
import { createTestDb, type TestDb } from "../support/db";
import { dbSuites } from "../support/db-suites";
import { gqlData } from "../support/graphql-client";
import { loginCookie, startTestServer, type RunningServer } from "../support/server";

const ImportToken = graphql(`
  mutation ImportTestToken {
    createApiToken(input: { name: "import", role: ADMIN }) {
      token
    }
  }
`);

const ImportState = graphql(`
  query ImportTestState {
    dataset {
      id
      source
      customerCount
    }
    activeModel {
      id
      source
    }
    customers(first: 3, orderBy: ID_ASC) {
      edges {
        node {
          id
          probability
        }
      }
    }
  }
`);

const ImportTrain = graphql(`
  mutation ImportTestTrain {
    trainModel(input: { rounds: 60 }) {
      id
    }
  }
`);

const ImportRun = graphql(`
  query ImportTestRun($id: Int!) {
    modelRun(id: $id) {
      status
    }
  }
`);

const ds = generateDataset(parseGenerateOptions({ customers: 300, seed: 5 }));
const HEADER = ["customer_id", "name", "phone", "id_number", "branch", "customer_type", "risk_tolerance", "age", "tenure_months", "open_channel", "has_margin", "has_advisor", "commission_rate", "product_count", "churned"];
const WEEKLY = ["customer_id", "week", "logins", "trades", "trade_amount", "total_assets", "net_inflow", "service_contacts", "complaints", "weekly_return", "market_return"];

function customersCsv(mutate?: (rows: (string | number)[][]) => void): string {
  const rows = ds.profiles.map((p, i) => [p.id, p.name, p.phone, p.idNumber, p.branch, p.customerType, p.riskTolerance, p.age, p.tenureMonths, p.openChannel, p.hasMargin ? 1 : 0, p.hasAdvisor ? 1 : 0, p.commissionRate, p.productCount, ds.labels[i]!]);
  mutate?.(rows);
  return [HEADER, ...rows].map((r) => r.join(",")).join("\n") + "\n";
}

function weeklyCsv(): string {
  const rows: (string | number)[][] = [];
  ds.weekly.forEach((weeks, i) => {
    for (const w of weeks) rows.push([ds.profiles[i]!.id, w.week, w.logins, w.trades, w.tradeAmount, w.totalAssets, w.netInflow, w.serviceContacts, w.complaints, w.weeklyReturn, ds.marketReturns[w.week - 1]!]);
  });
  return [WEEKLY, ...rows].map((r) => r.join(",")).join("\n") + "\n";
}

function form(customers: string, weekly?: string): FormData {
  const f = new FormData();
  f.set("customers", new File([customers], "customers.csv", { type: "text/csv" }));
  if (weekly) f.set("weekly", new File([weekly], "weekly.csv", { type: "text/csv" }));
  return f;
}

for (const { kind, describeDb } of dbSuites()) {
  describeDb(`REST import on ${kind}`, () => {
    let db: TestDb | undefined;
    let server: RunningServer;
    let token: string;

    beforeAll(async () => {
      if (kind === "postgres") db = await createTestDb("postgres");
      server = await startTestServer(db?.url ? { databaseUrl: db.url } : {});
      token = (await gqlData(server.url, ImportToken, {}, { cookie: await loginCookie(server.url) })).createApiToken.token;
    });
    afterAll(async () => {
      await server?.stop();
      await db?.destroy();
    });

    it("rejects a file with bad rows, naming line and column, and writes nothing", async () => {
      const bad = customersCsv((rows) => {
        rows[2]![7] = "abc"; // age, file line 4
        rows[10]![6] = 9; // risk_tolerance, file line 12
      });
      const r = await fetch(`${server.url}/api/datasets/import`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form(bad, weeklyCsv()) });
      expect(r.status).toBe(400);
      const body = (await r.json()) as { errors: { line: number; column: string }[] };
      const where = body.errors.map((e) => `${e.line}:${e.column}`);
      expect(where).toContain("4:age");
      expect(where).toContain("12:risk_tolerance");
      const state = await gqlData(server.url, ImportState, {}, { token });
      expect(state.dataset).toBeNull();
    });

    it("imports a valid customer + weekly file and an XGBoost JSON model that scores the same", async () => {
      const r = await fetch(`${server.url}/api/datasets/import`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form(customersCsv(), weeklyCsv()) });
      expect(r.status).toBe(200);
      expect(await r.json()).toMatchObject({ status: "success", customer_count: 300, weeks: 12 });

      const run = (await gqlData(server.url, ImportTrain, {}, { token })).trainModel;
      for (let i = 0; i < 300; i++) {
        const s = (await gqlData(server.url, ImportRun, { id: run.id }, { token })).modelRun?.status;
        if (s !== "RUNNING") break;
        await new Promise((res) => setTimeout(res, 200));
      }
      const before = await gqlData(server.url, ImportState, {}, { token });
      expect(before.dataset?.source).toBe("import");
      expect(before.activeModel?.id).toBe(run.id);

      const json = await (await fetch(`${server.url}/api/models/${run.id}/download?format=json`, { headers: { authorization: `Bearer ${token}` } })).text();
      const up = await fetch(`${server.url}/api/models/import`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: json });
      expect(up.status).toBe(200);
      const imported = (await up.json()) as { model_run_id: number };
      const after = await gqlData(server.url, ImportState, {}, { token });
      expect(after.activeModel?.id).toBe(imported.model_run_id);
      expect(after.activeModel?.source).toBe("import");
      const p0 = before.customers.edges.map((e) => e.node.probability!);
      const p1 = after.customers.edges.map((e) => e.node.probability!);
      p0.forEach((p, i) => expect(Math.abs(p - p1[i]!)).toBeLessThan(1e-6));

      const garbage = await fetch(`${server.url}/api/models/import`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: '{"learner": 1}' });
      expect(garbage.status).toBe(400);
    });
  });
}
