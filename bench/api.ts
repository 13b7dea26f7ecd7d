/**
 * API load: requests/s and p50/p99 latency for a customers page and a customer detail at 50
 * concurrent connections on loopback, with the default dataset, on PGlite and PostgreSQL.
 */
import { print } from "graphql";
import { graphql } from "../graphql/generated/client";
import { createTestDb } from "../tests/support/db";
import { gqlData } from "../tests/support/graphql-client";
import { loginCookie, startTestServer } from "../tests/support/server";
import autocannon from "autocannon";

const BenchToken = graphql(`
  mutation BenchToken {
    createApiToken(input: { name: "bench", role: ADMIN }) {
      token
    }
  }
`);
const BenchGenerate = graphql(`
  mutation BenchGenerate {
    generateDataset(input: { nCustomers: 3000, nWeeks: 12, seed: 42 }) {
      id
    }
  }
`);
const BenchTrain = graphql(`
  mutation BenchTrain {
    trainModel {
      id
    }
  }
`);
const BenchRun = graphql(`
  query BenchRun($id: Int!) {
    modelRun(id: $id) {
      status
    }
  }
`);
const BenchPage = graphql(`
  query BenchPage {
    customers(first: 20, orderBy: RISK_DESC) {
      totalCount
      edges {
        node {
          id
          probability
          riskLevel
          expectedAssetLoss
          topDrivers {
            key
            shap
          }
        }
      }
    }
  }
`);
const BenchDetail = graphql(`
  query BenchDetail($id: String!) {
    customer(id: $id) {
      id
      risk {
        probability
      }
      weekly {
        week
        logins
        trades
        totalAssets
      }
      shap {
        key
        shap
      }
      latestPlan {
        status
      }
    }
  }
`);

export interface ApiBenchRow {
  database: string;
  request: string;
  requestsPerSec: number;
  p50: number;
  p99: number;
  errors: number;
}

function load(url: string, token: string, body: string, title: string): Promise<{ requestsPerSec: number; p50: number; p99: number; errors: number }> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${url}/api/graphql`,
        method: "POST",
        connections: 50,
        duration: 8,
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body,
        title,
      },
      (err, r) => {
        if (err) return reject(err);
        resolve({ requestsPerSec: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx });
      },
    );
  });
}

export async function benchApi(): Promise<ApiBenchRow[]> {
  const rows: ApiBenchRow[] = [];
  const targets: ("pglite" | "postgres")[] = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
  for (const kind of targets) {
    const db = kind === "postgres" ? await createTestDb("postgres") : undefined;
    const server = await startTestServer(db?.url ? { databaseUrl: db.url } : {});
    try {
      const cookie = await loginCookie(server.url);
      const token = (await gqlData(server.url, BenchToken, {}, { cookie })).createApiToken.token;
      await gqlData(server.url, BenchGenerate, {}, { token });
      const run = (await gqlData(server.url, BenchTrain, {}, { token })).trainModel;
      for (;;) {
        const s = (await gqlData(server.url, BenchRun, { id: run.id }, { token })).modelRun?.status;
        if (s !== "RUNNING") break;
        await new Promise((r) => setTimeout(r, 300));
      }
      const page = JSON.stringify({ query: print(BenchPage) });
      const detail = JSON.stringify({ query: print(BenchDetail), variables: { id: "C0000042" } });
      await load(server.url, token, page, "warm-up");
      rows.push({ database: kind, request: "customers(first: 20)", ...(await load(server.url, token, page, "page")) });
      rows.push({ database: kind, request: "customer(id)", ...(await load(server.url, token, detail, "detail")) });
    } finally {
      await server.stop();
      await db?.destroy();
    }
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await benchApi();
  console.table(rows);
}
