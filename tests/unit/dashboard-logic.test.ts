import { describe, expect, it } from "vitest";
import { applyPlanEvent, type BatchStreamState } from "../../app/lib/plan-stream";
import { beeswarmOffsets } from "../../app/shap/beeswarm-layout";
import { parseState, toFilter, toSearch, DEFAULT_STATE } from "../../app/customers/url-state";
import { safeNextPath } from "../../app/login/safe-next";
import type { PlanProgressSubscription } from "../../graphql/generated/client/graphql";

type Ev = PlanProgressSubscription["planProgress"];
const batch: Ev["batch"] = {
  id: 1, modelRunId: 1, status: "RUNNING", planner: "LLM", llmModel: "m", promptVersion: "v1",
  total: 2, pending: 1, running: 1, done: 0, failed: 0, cancelled: 0, createdAt: "2026-01-01T00:00:00Z", finishedAt: null,
};
const plan = (customerId: string, status: "RUNNING" | "DONE", rawText: string | null): NonNullable<Ev["plan"]> => ({
  id: 1, batchId: 1, customerId, status, probability: 0.9, riskLevel: "HIGH", priority: null, rawText, source: null,
  llmModel: null, promptVersion: null, complianceStatus: null, complianceIssues: [], error: null, attempts: 1,
  startedAt: null, finishedAt: null, plan: null,
});
const ev = (e: Partial<Ev> & Pick<Ev, "kind">): Ev => ({ batchId: 1, customerId: null, delta: null, batch, plan: null, plans: null, ...e });
const empty: BatchStreamState = { batch: null, plans: {}, texts: {}, writing: [], finishedCount: 0, overlap: {} };
const run = (events: Ev[]) => events.reduce(applyPlanEvent, empty);

describe("plan stream reducer", () => {
  it("appends deltas after STARTED and ignores the row's text that the deltas will repeat", () => {
    const s = run([
      ev({ kind: "STARTED", customerId: "C1", plan: plan("C1", "RUNNING", "ab") }),
      ev({ kind: "DELTA", customerId: "C1", delta: "ab" }),
      ev({ kind: "DELTA", customerId: "C1", delta: "cd" }),
    ]);
    expect(s.texts.C1).toBe("abcd");
    expect(s.writing).toEqual(["C1"]);
  });

  it("skips deltas already in the snapshot text, then appends new ones", () => {
    const s = run([
      ev({ kind: "SNAPSHOT", plans: [plan("C1", "RUNNING", "hello world")] }),
      ev({ kind: "DELTA", customerId: "C1", delta: "wor" }),
      ev({ kind: "DELTA", customerId: "C1", delta: "ld" }),
      ev({ kind: "DELTA", customerId: "C1", delta: "!!" }),
    ]);
    expect(s.texts.C1).toBe("hello world!!");
  });

  it("appends only the new part of a delta whose start the snapshot already holds", () => {
    const s = run([ev({ kind: "SNAPSHOT", plans: [plan("C1", "RUNNING", "{\"priority\":\"中\",\"riskSum")] }), ev({ kind: "DELTA", customerId: "C1", delta: "\"riskSummary\":\"客户" })]);
    expect(s.texts.C1).toBe("{\"priority\":\"中\",\"riskSummary\":\"客户");
  });

  it("appends at once when the first delta is new", () => {
    const s = run([ev({ kind: "SNAPSHOT", plans: [plan("C1", "RUNNING", "abc")] }), ev({ kind: "DELTA", customerId: "C1", delta: "XYZ" })]);
    expect(s.texts.C1).toBe("abcXYZ");
  });

  it("stops writing and counts a finished plan on DONE", () => {
    const s = run([
      ev({ kind: "STARTED", customerId: "C1", plan: plan("C1", "RUNNING", "") }),
      ev({ kind: "DONE", customerId: "C1", plan: plan("C1", "DONE", "final text") }),
    ]);
    expect(s.writing).toEqual([]);
    expect(s.finishedCount).toBe(1);
    expect(s.plans.C1?.status).toBe("DONE");
    expect(s.texts.C1).toBe("final text");
  });
});

describe("beeswarm offsets", () => {
  it("keeps points within the row and spreads equal values apart", () => {
    const off = beeswarmOffsets([0, 0, 0, 0, 1], 10, 0.4);
    expect(off).toHaveLength(5);
    for (const o of off) expect(Math.abs(o)).toBeLessThanOrEqual(0.4);
    expect(new Set(off.slice(0, 4)).size).toBe(4);
    expect(beeswarmOffsets([])).toEqual([]);
  });
});

describe("customer list URL state", () => {
  it("round-trips through the query string and drops invalid values", () => {
    const s = parseState(new URLSearchParams("risk=HIGH&type=1&minP=0.5&maxP=2&plan=yes&order=ASSETS_DESC&q=C00&after=abc"));
    expect(s).toEqual({ ...DEFAULT_STATE, status: "ACTIVE", q: "C00", risk: "HIGH", type: "1", minP: "0.5", maxP: "", plan: "yes", order: "ASSETS_DESC", after: "abc" });
    expect(parseState(new URLSearchParams(toSearch(s).slice(1)))).toEqual(s);
    expect(toFilter(s)).toEqual({ status: "ACTIVE", riskLevel: "HIGH", customerType: 1, minProbability: 0.5, hasPlan: true, search: "C00" });
    expect(parseState(new URLSearchParams("risk=EVIL&order=DROP&status=GONE"))).toEqual(DEFAULT_STATE);
    expect(toSearch(DEFAULT_STATE)).toBe("");
  });

  it("keeps page size, branch, channel, risk tolerance and asset band in the URL; name search only for staff", () => {
    const s = parseState(new URLSearchParams("size=50&branch=北京金融街营业部&channel=1&tol=3&minA=100000&maxA=500000&q=张"));
    expect(s).toMatchObject({ size: 50, branch: "北京金融街营业部", channel: "1", tol: "3", minA: "100000", maxA: "500000" });
    expect(parseState(new URLSearchParams(toSearch(s).slice(1)))).toEqual(s);
    expect(toFilter(s)).toEqual({ status: "ACTIVE", search: "张", branch: "北京金融街营业部", openChannel: 1, riskTolerance: 3, minAssets: 100000, maxAssets: 500000 });
    expect(toFilter(s, true)).toMatchObject({ search: "张", searchNames: true });
    expect(parseState(new URLSearchParams("size=7&tol=9&channel=x&minA=-5")).size).toBe(20);
    expect(parseState(new URLSearchParams("size=7&tol=9&channel=x&minA=-5"))).toEqual(DEFAULT_STATE);
  });

  it("keeps the customer status in the URL, active by default, and drops score filters for churned customers", () => {
    const churned = parseState(new URLSearchParams("status=churned&risk=HIGH&minP=0.5&type=2"));
    expect(churned.status).toBe("CHURNED");
    expect(toSearch(churned)).toContain("status=churned");
    expect(parseState(new URLSearchParams(toSearch(churned).slice(1)))).toEqual(churned);
    expect(toFilter(churned)).toEqual({ status: "CHURNED", customerType: 2 });
    expect(toFilter(parseState(new URLSearchParams("status=all")))).toEqual({ status: "ALL" });
    expect(toFilter(DEFAULT_STATE)).toEqual({ status: "ACTIVE" });
  });
});

describe("sign-in redirect", () => {
  it("follows only same-site paths", () => {
    expect(safeNextPath("/customers?risk=HIGH")).toBe("/customers?risk=HIGH");
    for (const bad of [null, "", "https://evil.example", "//evil.example", "/\\evil.example", "/login?next=/"]) expect(safeNextPath(bad)).toBe("/");
  });
});
