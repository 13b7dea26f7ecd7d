/**
 * Customer segments and the list filters behind their click-through (issue 16), on both
 * databases: per dimension the segments add up to the scored active customers; a segment's
 * count, mean risk and churn rate match the rows themselves; the customers list filtered to a
 * segment (in memory and in SQL) counts the same customers; name search is for analysts and
 * admins only, enforced by the API.
 */
import { createRequire } from "node:module";
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildSchema } from "../../graphql/schema";
import * as actions from "../../lib/actions";
import { CLI_ACTOR, perform, type Actor } from "../../lib/actions";
import { createUser } from "../../lib/auth/accounts";
import { parseEnv } from "../../lib/config/env";
import { waitForRun } from "../../lib/ml/training-service";
import { listCustomers, scopeOf, type CustomerScope } from "../../lib/services/customer-queries";
import { activeScope } from "../../lib/services/scope";
import { createAppServices, type AppServices } from "../../lib/services/app-services";
import { createTestDb, type TestDb } from "../support/db";
import { dbSuites } from "../support/db-suites";
import { sql } from "drizzle-orm";

// The executable schema is built by @graphql-tools (CommonJS), so execute with the same graphql module instance.
const { graphql } = createRequire(import.meta.url)("graphql") as typeof import("graphql");

interface Segment {
  dimension: string;
  key: string;
  labelZh: string;
  customers: number;
  meanProbability: number | null;
  highRisk: number;
  labelled: number;
  churnRate: number | null;
  topDrivers: { key: string; meanAbsShap: number }[];
  minAssets: number | null;
  maxAssets: number | null;
}

interface Summary {
  labelledAsOfWeek: number | null;
  overall: { customers: number; meanProbability: number | null; labelled: number; churnRate: number | null; topDrivers: { key: string; meanAbsShap: number }[] };
  segments: Segment[];
}

const SEGMENTS = `query { customerSegments { labelledAsOfWeek overall { customers meanProbability labelled churnRate topDrivers { key meanAbsShap } }
  segments { dimension key labelZh customers meanProbability highRisk labelled churnRate topDrivers { key meanAbsShap } minAssets maxAssets } } }`;
const LIST = `query($filter: CustomerFilter, $first: Int) { customers(first: $first, filter: $filter) { totalCount edges { node { id branch } } } }`;

/** The list filter a segment's click-through applies. */
function filterOf(s: Segment): Record<string, unknown> {
  switch (s.dimension) {
    case "BRANCH":
      return { branch: s.key };
    case "CHANNEL":
      return { openChannel: Number(s.key) };
    case "CUSTOMER_TYPE":
      return { customerType: Number(s.key) };
    case "RISK_TOLERANCE":
      return { riskTolerance: Number(s.key) };
    default:
      return { ...(s.minAssets != null ? { minAssets: s.minAssets } : {}), ...(s.maxAssets != null ? { maxAssets: s.maxAssets } : {}) };
  }
}

async function rows<T>(t: TestDb, q: ReturnType<typeof sql>): Promise<T[]> {
  const r = (await t.db.execute(q)) as unknown as { rows?: T[] } | T[];
  return Array.isArray(r) ? r : (r.rows ?? []);
}

for (const { kind, describeDb } of dbSuites()) {
  describeDb(`customer segments and list filters (${kind})`, () => {
    let t: TestDb;
    let s: AppServices;
    let viewer: Actor;
    let analyst: Actor;
    let scope: CustomerScope;
    const schema = buildSchema();
    const run = async <T,>(who: Actor, source: string, variableValues?: Record<string, unknown>) => {
      const r = await graphql({ schema, source, variableValues, contextValue: { services: s, viewer: who } });
      // Executed without the HTTP error formatter: the code and field are the AppError's own.
      const codeOf = (e: { originalError?: unknown }) => e.originalError as { code?: string; field?: string } | undefined;
      return { data: r.data as T | null | undefined, errors: r.errors?.map((e) => ({ message: e.message, code: codeOf(e)?.code, field: codeOf(e)?.field })) };
    };
    const actorFor = async (email: string, role: "viewer" | "analyst"): Promise<Actor> => {
      const u = await createUser(t.db, { email, password: "Segments-pass-2026!", role });
      return { id: `user:${u.id}`, email, role, via: "session", userId: u.id, mustChangePassword: false };
    };

    beforeAll(async () => {
      t = await createTestDb(kind);
      const env = parseEnv({ ...process.env, LLM_API_KEY: "", LLM_BASE_URL: "", ARK_API_KEY: "", LOG_LEVEL: "warn" });
      s = await createAppServices(env, { dbHandle: t });
      await perform(s, CLI_ACTOR, actions.generateDataset, { nCustomers: 800, historyWeeks: 40, seed: 16 });
      const r = await perform(s, CLI_ACTOR, actions.trainModel, {});
      expect((await waitForRun(s.training, r.id)).status).toBe("succeeded");
      await perform(s, CLI_ACTOR, actions.predictRisk, { topK: 5, generatePlans: false });
      viewer = await actorFor("viewer@segments.local", "viewer");
      analyst = await actorFor("analyst@segments.local", "analyst");
      const { dataset, run: active } = await activeScope(s);
      scope = scopeOf(dataset!, active);
    }, 600_000);

    afterAll(async () => {
      await s?.close();
      await t?.destroy();
    });

    it("per dimension, the segments add up to the scored active customers and to the labelled ones; drivers are the top 3 by mean |SHAP|", async () => {
      const r = await run<{ customerSegments: Summary }>(viewer, SEGMENTS);
      expect(r.errors).toBeUndefined();
      const sum = r.data!.customerSegments;
      const [scored] = await rows<{ n: number }>(
        t,
        sql`select count(*)::int as n from predictions where model_run_id = ${scope.runId} and dataset_id = ${scope.datasetId} and as_of_week = ${scope.asOfWeek}`,
      );
      expect(sum.overall.customers).toBe(Number(scored!.n));
      expect(sum.overall.customers).toBeGreaterThan(100);
      expect(sum.labelledAsOfWeek).not.toBeNull();
      expect(sum.labelledAsOfWeek!).toBeLessThan(scope.asOfWeek);
      expect(sum.overall.labelled).toBeGreaterThan(100);
      expect(sum.overall.churnRate!).toBeGreaterThan(0);
      expect(sum.overall.churnRate!).toBeLessThan(1);
      const dims = ["BRANCH", "CHANNEL", "CUSTOMER_TYPE", "RISK_TOLERANCE", "ASSET_BAND"];
      expect([...new Set(sum.segments.map((x) => x.dimension))]).toEqual(dims);
      for (const d of dims) {
        const of = sum.segments.filter((x) => x.dimension === d);
        expect({ d, n: of.reduce((a, x) => a + x.customers, 0) }).toEqual({ d, n: sum.overall.customers });
        expect({ d, n: of.reduce((a, x) => a + x.labelled, 0) }).toEqual({ d, n: sum.overall.labelled });
      }
      expect(sum.segments.filter((x) => x.dimension === "BRANCH").length).toBeGreaterThan(3);
      for (const x of sum.segments.filter((x) => x.customers > 0)) {
        expect(x.topDrivers.length).toBe(3);
        expect(x.topDrivers[0]!.meanAbsShap).toBeGreaterThanOrEqual(x.topDrivers[1]!.meanAbsShap);
        expect(x.topDrivers[1]!.meanAbsShap).toBeGreaterThanOrEqual(x.topDrivers[2]!.meanAbsShap);
      }
    });

    it("a segment's count, mean risk, top driver and churn rate match its rows", async () => {
      const sum = (await run<{ customerSegments: Summary }>(viewer, SEGMENTS)).data!.customerSegments;
      const branch = sum.segments.filter((x) => x.dimension === "BRANCH").sort((a, b) => b.customers - a.customers)[0]!;
      const preds = await rows<{ probability: number; shap: number[] }>(
        t,
        sql`select p.probability, p.shap from predictions p join customers c on c.dataset_id = p.dataset_id and c.id = p.customer_id
            where p.model_run_id = ${scope.runId} and p.dataset_id = ${scope.datasetId} and p.as_of_week = ${scope.asOfWeek} and c.branch = ${branch.key}`,
      );
      expect(branch.customers).toBe(preds.length);
      const mean = preds.reduce((a, p) => a + Number(p.probability), 0) / preds.length;
      expect(branch.meanProbability!).toBeCloseTo(mean, 9);
      const absMeans = preds[0]!.shap.map((_, i) => preds.reduce((a, p) => a + Math.abs(Number(p.shap[i])), 0) / preds.length);
      expect(branch.topDrivers[0]!.meanAbsShap).toBeCloseTo(Math.max(...absMeans), 9);

      const labels = await rows<{ label: number }>(
        t,
        sql`select fv.label from feature_vectors fv join customers c on c.dataset_id = fv.dataset_id and c.id = fv.customer_id
            where fv.dataset_id = ${scope.datasetId} and fv.as_of_week = ${sum.labelledAsOfWeek} and fv.label is not null and c.branch = ${branch.key}`,
      );
      expect(branch.labelled).toBe(labels.length);
      expect(branch.churnRate!).toBeCloseTo(labels.filter((l) => Number(l.label) === 1).length / labels.length, 9);
    });

    it("the customers list filtered to each segment counts the segment's customers (memory and SQL paths agree)", async () => {
      const sum = (await run<{ customerSegments: Summary }>(viewer, SEGMENTS)).data!.customerSegments;
      for (const seg of sum.segments.filter((x) => x.customers > 0)) {
        const filter = filterOf(seg);
        const r = await run<{ customers: { totalCount: number; edges: { node: { id: string; branch: string } }[] } }>(viewer, LIST, { filter, first: 200 });
        expect(r.errors).toBeUndefined();
        expect({ seg: seg.labelZh, n: r.data!.customers.totalCount }).toEqual({ seg: seg.labelZh, n: seg.customers });
        if (seg.dimension === "BRANCH") expect(r.data!.customers.edges.every((e) => e.node.branch === seg.key)).toBe(true);
        // The SQL list (what larger datasets and other statuses use) answers the same.
        const lib = { ...filter, status: "active" as const };
        const viaSql = await listCustomers(s.db, scope, { first: 5, orderBy: "RISK_DESC", filter: lib });
        expect({ seg: seg.labelZh, n: viaSql.totalCount }).toEqual({ seg: seg.labelZh, n: seg.customers });
      }
      // Asset bands cover the scored customers once each, and a band's members are inside it.
      const band = sum.segments.find((x) => x.dimension === "ASSET_BAND" && x.customers > 0 && x.minAssets != null && x.maxAssets != null);
      if (band) {
        const page = await listCustomers(s.db, scope, { first: 50, orderBy: "ASSETS_DESC", filter: { minAssets: band.minAssets!, maxAssets: band.maxAssets! } });
        expect(page.items.every((i) => i.node.assetsLatest >= band.minAssets! && i.node.assetsLatest < band.maxAssets!)).toBe(true);
      }
    });

    it("search by id fragment for everyone; by name only for analysts and admins (FORBIDDEN for a viewer)", async () => {
      const [someone] = await rows<{ id: string; name: string }>(t, sql`select id, name from customers where dataset_id = ${scope.datasetId} and churn_week is null order by id limit 1 offset 7`);
      const idPart = someone!.id.slice(-4);
      const byId = await run<{ customers: { totalCount: number; edges: { node: { id: string } }[] } }>(viewer, LIST, { filter: { search: idPart }, first: 200 });
      expect(byId.errors).toBeUndefined();
      expect(byId.data!.customers.edges.map((e) => e.node.id)).toContain(someone!.id);
      expect(byId.data!.customers.edges.every((e) => e.node.id.toLowerCase().includes(idPart.toLowerCase()))).toBe(true);

      const namePart = [...someone!.name].slice(-2).join("");
      const denied = await run<{ customers: unknown }>(viewer, LIST, { filter: { search: namePart, searchNames: true } });
      expect(denied.errors?.[0]?.code).toBe("FORBIDDEN");
      expect(denied.data?.customers ?? null).toBeNull();
      // Without searchNames a viewer's search never looks at names.
      const plain = await run<{ customers: { edges: { node: { id: string } }[] } }>(viewer, LIST, { filter: { search: namePart }, first: 200 });
      expect(plain.data!.customers.edges.map((e) => e.node.id)).not.toContain(someone!.id);

      const found = await run<{ customers: { totalCount: number; edges: { node: { id: string } }[] } }>(analyst, LIST, { filter: { search: namePart, searchNames: true }, first: 200 });
      expect(found.errors).toBeUndefined();
      expect(found.data!.customers.edges.map((e) => e.node.id)).toContain(someone!.id);
      const [expected] = await rows<{ n: number }>(
        t,
        sql`select count(*)::int as n from customers where dataset_id = ${scope.datasetId} and churn_week is null and not coalesce(churned, false)
            and (id ilike ${`%${namePart}%`} or name ilike ${`%${namePart}%`})`,
      );
      expect(found.data!.customers.totalCount).toBe(Number(expected!.n));
    });

    it("rejects out-of-range segment filters naming the field", async () => {
      for (const [filter, field] of [
        [{ riskTolerance: 5 }, "filter.riskTolerance"],
        [{ openChannel: 2 }, "filter.openChannel"],
        [{ minAssets: -1 }, "filter.minAssets"],
        [{ branch: "营".repeat(101) }, "filter.branch"],
      ] as const) {
        const r = await run(viewer, LIST, { filter });
        expect(r.errors?.[0]).toMatchObject({ code: "BAD_USER_INPUT", field });
      }
      const branches = await run<{ customerBranches: string[] }>(viewer, "query { customerBranches }");
      const [distinct] = await rows<{ n: number }>(t, sql`select count(distinct branch)::int as n from customers where dataset_id = ${scope.datasetId}`);
      expect(branches.data!.customerBranches.length).toBe(Number(distinct!.n));
      expect([...branches.data!.customerBranches].sort()).toEqual(branches.data!.customerBranches);
    });
  });
}
