import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local OpenAI-compatible chat completions server for tests and benchmarks: real SSE
 * streaming, scripted failures per customer, and a record of every request.
 */
export type Scenario =
  | "normal"
  /** 429 with retry-after (seconds) on the first request for a customer, then normal. */
  | "rate-limit-once"
  /** 503 with retry-after-ms on the first request, then normal. */
  | "unavailable-once"
  /** 500 on the first request for a customer, then normal. */
  | "error-once"
  /** 500 on every request (the retries run out). */
  | "error-always"
  /** A valid plan whose offer is the strongest (offerStrength 高). */
  | "strong-offer"
  /** First request: streams part of the answer, then drops the connection; then normal. */
  | "cut-once"
  /** 401 always (never retried). */
  | "unauthorized"
  /** Accepts the request and never answers. */
  | "hang"
  /** Malformed JSON first; a valid plan on the repair request. */
  | "malformed-then-repair"
  /** Malformed JSON every time. */
  | "malformed-always"
  /** A schema-valid plan that promises returns (保本, 稳赚). */
  | "promise-returns";

export interface ScenarioContext {
  customerId: string | undefined;
  /** 1-based count of requests seen for this customer (or for all requests without a customer). */
  attempt: number;
  isRepair: boolean;
}

export interface RecordedRequest {
  at: number;
  path: string;
  authorization: string | undefined;
  body: ChatBody;
  customerId: string | undefined;
  isRepair: boolean;
  scenario: Scenario;
  status: number;
}

interface ChatBody {
  model?: string;
  stream?: boolean;
  messages?: { role: string; content: string }[];
}

export interface FakeLlmOptions {
  /** Delay before the response starts, ms. */
  latencyMs?: number;
  /** Delay between stream chunks, ms. */
  chunkDelayMs?: number;
  /** Characters per streamed chunk. */
  chunkSize?: number;
  /** retry-after seconds sent with 429. */
  retryAfterSeconds?: number;
  scenario?: Scenario | ((ctx: ScenarioContext) => Scenario);
}

export interface FakeLlm {
  /** Base URL for the OpenAI SDK, e.g. http://127.0.0.1:PORT/v1 */
  url: string;
  requests: RecordedRequest[];
  /** Requests being answered right now, and the most at once. */
  stats: { inFlight: number; maxInFlight: number };
  setScenario(s: Scenario | ((ctx: ScenarioContext) => Scenario)): void;
  close(): Promise<void>;
}

const CUSTOMER_RE = /客户编号：\s*(\S+)/;
const DRIVERS_RE = /主要风险驱动因素[^\n]*\n((?:\d+\..*\n?)+)/;

function userText(body: ChatBody): string {
  return (body.messages ?? []).filter((m) => m.role === "user").map((m) => m.content).join("\n");
}

/** A plan that depends on the prompt: it echoes the drivers and the customer id it was given. */
export function planFromPrompt(prompt: string, promise = false): Record<string, unknown> {
  const customerId = CUSTOMER_RE.exec(prompt)?.[1] ?? "未知";
  const drivers = (DRIVERS_RE.exec(prompt)?.[1] ?? "")
    .split("\n")
    .map((l) => l.replace(/^\d+\.\s*/, "").replace(/（.*$/, "").trim())
    .filter(Boolean)
    .slice(0, 3);
  const driverText = drivers.length ? drivers.join("、") : "综合因素";
  return {
    priority: "中",
    riskSummary: `客户${customerId}的流失风险主要来自：${driverText}。`,
    actions: drivers.length
      ? drivers.map((d, i) => ({ channel: i === 0 ? "电话" : "App推送", action: `针对${d}进行沟通`, timing: `${i + 1}天内` }))
      : [{ channel: "电话", action: "客户经理回访", timing: "3天内" }],
    offer: promise ? "推荐保本理财，稳赚不赔" : "免费持仓诊断",
    offerStrength: "低",
    script: promise ? `您好，我们的产品保本，稳赚，请放心。关于${driverText}我们会跟进。` : `您好，我是您的客户经理，注意到${driverText}，想听听您的想法。`,
    expectedEffect: "提升客户活跃度",
    followUp: "1周后回访",
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startFakeLlm(opts: FakeLlmOptions = {}): Promise<FakeLlm> {
  let scenario = opts.scenario ?? "normal";
  const requests: RecordedRequest[] = [];
  const attempts = new Map<string, number>();
  const hanging = new Set<ServerResponse>();
  const stats = { inFlight: 0, maxInFlight: 0 };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "").split("?")[0] ?? "";
    if (req.method !== "POST" || !/^(\/v1|\/api\/v3)?\/chat\/completions$/.test(path)) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "not found" } }));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: ChatBody;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as ChatBody;
    } catch {
      res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "bad json" } }));
      return;
    }
    const prompt = userText(body);
    const customerId = CUSTOMER_RE.exec(prompt)?.[1];
    const isRepair = (body.messages ?? []).some((m) => m.role === "assistant");
    const key = customerId ?? "*";
    const attempt = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, attempt);
    const s = typeof scenario === "function" ? scenario({ customerId, attempt, isRepair }) : scenario;
    const record: RecordedRequest = {
      at: Date.now(),
      path,
      authorization: req.headers.authorization,
      body,
      customerId,
      isRepair,
      scenario: s,
      status: 200,
    };
    requests.push(record);

    const fail = (status: number, headers: Record<string, string>, message: string) => {
      record.status = status;
      res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify({ error: { message, type: "test" } }));
    };
    if (s === "hang") {
      hanging.add(res);
      res.on("close", () => hanging.delete(res));
      return;
    }
    if (opts.latencyMs) await sleep(opts.latencyMs);
    // Echo the credential like some providers do, so tests can prove the client scrubs it.
    if (s === "unauthorized") return fail(401, {}, `invalid api key: ${req.headers.authorization ?? ""}`);
    if (s === "rate-limit-once" && attempt === 1) return fail(429, { "retry-after": String(opts.retryAfterSeconds ?? 1) }, "rate limited");
    if (s === "unavailable-once" && attempt === 1) return fail(503, { "retry-after-ms": "300" }, "unavailable");
    if (s === "error-once" && attempt === 1) return fail(500, {}, "internal error");
    if (s === "error-always") return fail(500, {}, "internal error");

    let text: string;
    if (s === "malformed-always" || (s === "malformed-then-repair" && !isRepair)) {
      text = '好的，以下是计划：{"priority": "高", "riskSummary": "缺少右括号", "actions": [';
    } else {
      const promptForPlan = isRepair ? userText({ messages: (body.messages ?? []).slice(0, 2) }) : prompt;
      const plan = planFromPrompt(promptForPlan, s === "promise-returns");
      text = JSON.stringify(s === "strong-offer" ? { ...plan, offer: "佣金减免至万1.5，持续一年", offerStrength: "高" } : plan);
      if (s === "malformed-then-repair") text = `\`\`\`json\n${text}\n\`\`\``;
    }
    const model = body.model ?? "fake-model";
    const created = Math.floor(Date.now() / 1000);
    if (!body.stream) {
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          id: `chatcmpl-${requests.length}`,
          object: "chat.completion",
          created,
          model,
          choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
          usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
        }),
      );
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    const size = opts.chunkSize ?? 16;
    const send = (delta: Record<string, unknown>, finish: string | null) =>
      res.write(
        `data: ${JSON.stringify({ id: `chatcmpl-${requests.length}`, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`,
      );
    send({ role: "assistant", content: "" }, null);
    for (let i = 0; i < text.length; i += size) {
      if (res.destroyed) return;
      if (s === "cut-once" && attempt === 1 && i >= text.length / 2) {
        // Let the partial answer reach the client, then end the stream without finish_reason/[DONE].
        record.status = 0;
        await sleep(30);
        res.end();
        return;
      }
      send({ content: text.slice(i, i + size) }, null);
      if (opts.chunkDelayMs) await sleep(opts.chunkDelayMs);
    }
    send({}, "stop");
    res.end("data: [DONE]\n\n");
  };

  const server = createServer((req, res) => {
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    res.on("close", () => stats.inFlight--);
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    stats,
    setScenario: (s) => {
      scenario = s;
      attempts.clear();
    },
    close: async () => {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
