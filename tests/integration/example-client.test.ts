/** The published typed client example runs against the real server: trains, predicts, follows plans. */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { graphql } from "../../graphql/generated/client";
import { createTestDb, type TestDb } from "../support/db";
import { dbSuites } from "../support/db-suites";
import { gqlData } from "../support/graphql-client";
import { loginCookie, ROOT, startTestServer, type RunningServer } from "../support/server";

const run = promisify(execFile);

const ExampleSetupToken = graphql(`
  mutation ExampleSetupToken {
    createApiToken(input: { name: "example", role: ADMIN }) {
      token
    }
  }
`);
const ExampleSetupData = graphql(`
  mutation ExampleSetupData {
    generateDataset(input: { nCustomers: 800, seed: 3 }) {
      id
    }
  }
`);

for (const { kind, describeDb } of dbSuites()) {
  describeDb(`examples/typed-client.ts on ${kind}`, () => {
    let db: TestDb | undefined;
    let server: RunningServer;
    let token: string;

    beforeAll(async () => {
      if (kind === "postgres") db = await createTestDb("postgres");
      server = await startTestServer(db?.url ? { databaseUrl: db.url } : {});
      token = (await gqlData(server.url, ExampleSetupToken, {}, { cookie: await loginCookie(server.url) })).createApiToken.token;
      await gqlData(server.url, ExampleSetupData, {}, { token });
    });
    afterAll(async () => {
      await server?.stop();
      await db?.destroy();
    });

    it("trains, predicts and follows the plan batch to the end", async () => {
      const { stdout } = await run(process.execPath, ["--import", "tsx", "examples/typed-client.ts"], {
        cwd: ROOT,
        env: { ...process.env, CHURN_URL: server.url, CHURN_TOKEN: token },
        timeout: 240_000,
      });
      expect(stdout).toMatch(/AUC 0\.\d{3}/);
      // A timeline of 800 customers at the start: the customers active at its as-of date are scored.
      const scored = Number(/已评分 (\d+) 位客户，高风险 20 位/.exec(stdout)?.[1]);
      expect(scored).toBeGreaterThan(800 * 0.7);
      expect(scored).toBeLessThan(800 * 1.5);
      expect(stdout).toMatch(/进度 20\/20 \(DONE\)/);
      expect((stdout.match(/^\[(HIGH|MEDIUM|LOW)\] C\d{7}:/gm) ?? []).length).toBe(20);
    });
  });
}
