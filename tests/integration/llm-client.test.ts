import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LlmConfig } from "../../lib/config/env";
import { backoffMs, LlmClient, LlmError, retryAfterMs, scrubSecrets } from "../../lib/plans/llm-client";
import { buildPlanMessages } from "../../lib/plans/prompt";
import { startFakeLlm, type FakeLlm } from "../support/fake-llm-server";

const API_KEY = "sk-test-SECRET-0123456789abcdef";
let fake: FakeLlm;

beforeAll(async () => {
  fake = await startFakeLlm({ chunkSize: 8 });
});
afterAll(async () => {
  await fake.close();
});

function client(over: Partial<LlmConfig> = {}): LlmClient {
  const config: LlmConfig = { baseURL: fake.url, apiKey: API_KEY, model: "fake-model", provider: "openai-compatible", concurrency: 4, timeoutMs: 5_000, maxRetries: 3, ...over };
  // Short backoff so tests are quick; server-requested delays are still honoured in full.
  return new LlmClient(config, undefined, { baseDelayMs: 20, maxDelayMs: 100 });
}

const messages = [
  { role: "system" as const, content: "只输出 JSON" },
  { role: "user" as const, content: "客户编号：C9\n\n主要风险驱动因素（SHAP，按影响大小排序）：\n1. 登录变化趋势：-30.0%（推高流失风险）\n" },
];

async function expectLlmError(p: Promise<unknown>): Promise<LlmError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(LlmError);
    return e as LlmError;
  }
  throw new Error("expected an LlmError");
}

describe("LlmClient against the fake OpenAI-compatible server", () => {
  it("streams deltas in order and returns the full text", async () => {
    fake.setScenario("normal");
    const before = fake.requests.length;
    const deltas: string[] = [];
    const r = await client().complete(messages, { onDelta: (d) => deltas.push(d) });
    expect(deltas.length).toBeGreaterThan(5);
    expect(deltas.join("")).toBe(r.text);
    expect(JSON.parse(r.text).riskSummary).toContain("登录变化趋势");
    expect(r.attempts).toBe(1);
    const req = fake.requests[before];
    expect(req?.body.stream).toBe(true);
    expect(req?.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it("supports non-streaming completions", async () => {
    fake.setScenario("normal");
    const r = await client().complete(messages, { stream: false });
    expect(JSON.parse(r.text).priority).toBe("中");
  });

  it("honours retry-after on 429 and then succeeds", async () => {
    fake.setScenario("rate-limit-once");
    const before = fake.requests.length;
    const r = await client().complete(messages);
    const reqs = fake.requests.slice(before);
    expect(reqs.map((q) => q.status)).toEqual([429, 200]);
    expect(reqs[1]!.at - reqs[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(r.attempts).toBe(2);
  });

  it("honours retry-after-ms on 503", async () => {
    fake.setScenario("unavailable-once");
    const before = fake.requests.length;
    await client().complete(messages);
    const reqs = fake.requests.slice(before);
    expect(reqs.map((q) => q.status)).toEqual([503, 200]);
    expect(reqs[1]!.at - reqs[0]!.at).toBeGreaterThanOrEqual(300);
  });

  it("retries a 500 and succeeds", async () => {
    fake.setScenario("error-once");
    const before = fake.requests.length;
    const r = await client().complete(messages);
    expect(fake.requests.slice(before).map((q) => q.status)).toEqual([500, 200]);
    expect(JSON.parse(r.text).actions.length).toBeGreaterThan(0);
  });

  it("restarts the text (onReset) when a stream breaks midway, then succeeds", async () => {
    fake.setScenario("cut-once");
    let text = "";
    let resets = 0;
    const r = await client().complete(messages, {
      onDelta: (d) => (text += d),
      onReset: () => {
        resets++;
        text = "";
      },
    });
    expect(resets).toBe(1);
    expect(text).toBe(r.text);
    expect(r.attempts).toBe(2);
  });

  it("does not retry 401 and never leaks the key, even when the server echoes it", async () => {
    fake.setScenario("unauthorized");
    const before = fake.requests.length;
    const err = await expectLlmError(client().complete(messages));
    expect(fake.requests.length - before).toBe(1);
    expect(err.status).toBe(401);
    expect(err.kind).toBe("http");
    expect(err.message).not.toContain(API_KEY);
    expect(err.message).not.toContain("SECRET");
    expect(String(err.stack)).not.toContain(API_KEY);
  });

  it("times out a request that never answers, retries within the bound, and says so", async () => {
    fake.setScenario("hang");
    const before = fake.requests.length;
    const err = await expectLlmError(client({ timeoutMs: 1_000, maxRetries: 1 }).complete(messages));
    expect(err.kind).toBe("timeout");
    expect(err.message).toContain("超时");
    expect(err.attempts).toBe(2);
    expect(fake.requests.length - before).toBe(2);
    expect(err.message).not.toContain(API_KEY);
  });

  it("cancels through an AbortSignal", async () => {
    fake.setScenario("hang");
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const err = await expectLlmError(client({ timeoutMs: 30_000 }).complete(messages, { signal: ac.signal }));
    expect(err.kind).toBe("cancelled");
  });

  it("limits concurrent requests for all callers of one client", async () => {
    const slow = await startFakeLlm({ latencyMs: 150 });
    try {
      const c = new LlmClient({ baseURL: slow.url, apiKey: API_KEY, model: "m", provider: "openai-compatible", concurrency: 2, timeoutMs: 5_000, maxRetries: 0 });
      await Promise.all(Array.from({ length: 6 }, () => c.complete(messages)));
      expect(slow.requests).toHaveLength(6);
      expect(slow.stats.maxInFlight).toBe(2);
    } finally {
      await slow.close();
    }
  });

  it("sends the plan prompt the fake echoes back", async () => {
    fake.setScenario("normal");
    const input = {
      customerId: "C42",
      profile: { customerType: "普通个人", riskTolerance: "C2 谨慎", riskToleranceLevel: 1, openChannel: "线上", tenureBucket: "1-3年", ageBucket: "30-39岁", hasAdvisor: false, hasMargin: false, commissionRate: "2‱", productCount: 1 },
      assetsBucket: "10万-50万",
      probability: 0.7,
      riskLevel: "high" as const,
      drivers: [{ key: "complaints_total", label: "投诉次数", value: 2, display: "2次", shap: 0.8, direction: "up" as const }],
      features: {},
    };
    const r = await client().complete(buildPlanMessages(input));
    expect(JSON.parse(r.text).riskSummary).toContain("投诉次数");
  });
});

describe("retry helpers", () => {
  it("reads retry-after as seconds, as an HTTP date, and retry-after-ms", () => {
    expect(retryAfterMs(new Headers({ "retry-after": "2" }))).toBe(2000);
    expect(retryAfterMs(new Headers({ "retry-after-ms": "150" }))).toBe(150);
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(retryAfterMs(new Headers({ "retry-after": "Wed, 01 Jan 2025 00:00:05 GMT" }), now)).toBe(5000);
    expect(retryAfterMs(new Headers({}))).toBeUndefined();
  });
  it("backs off exponentially with jitter, capped, and never below a server's request", () => {
    expect(backoffMs(1, () => 0, 100, 1000)).toBe(50);
    expect(backoffMs(3, () => 1, 100, 1000)).toBe(400);
    expect(backoffMs(10, () => 1, 100, 1000)).toBe(1000);
    expect(backoffMs(1, () => 1, 100, 1000, 3000)).toBe(3000);
  });
  it("scrubs keys, bearer tokens and authorization headers", () => {
    const s = scrubSecrets(`key ${API_KEY} Authorization: Bearer abc.def api_key=xyz123`, [API_KEY]);
    expect(s).not.toContain(API_KEY);
    expect(s).not.toContain("abc.def");
    expect(s).not.toContain("xyz123");
  });
});
