import OpenAI, { APIError } from "openai";
import { scrubSecrets } from "../config/secrets";
import type { LlmConfig } from "../config/env";

/**
 * Chat completions against any OpenAI-compatible endpoint (Volcengine Ark by default).
 * The SDK runs with maxRetries 0: retries, timeouts and concurrency are ours, so they are
 * bounded, observable and shared by every caller of one server (LlmClientPool).
 */
export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface CompleteOptions {
  signal?: AbortSignal;
  /** Called with every streamed text chunk, in order. */
  onDelta?: (text: string) => void;
  /** Called before a retry when text of the failed attempt was already streamed: discard it. */
  onReset?: () => void;
  stream?: boolean;
  temperature?: number;
  maxTokens?: number;
}

export interface CompletionResult {
  text: string;
  model: string;
  /** Requests sent, including retries. */
  attempts: number;
}

export type LlmErrorKind = "timeout" | "cancelled" | "http" | "network" | "empty";

export class LlmError extends Error {
  constructor(
    message: string,
    readonly kind: LlmErrorKind,
    readonly attempts: number,
    readonly status?: number,
  ) {
    super(message);
    this.name = "LlmError";
  }
}

export interface LlmClientOptions {
  /** Injected for tests; defaults to a timer that an abort signal interrupts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  log?: (msg: string) => void;
  /** Backoff base and cap (ms). */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** Runs at most `limit` tasks at once; the rest wait in FIFO order. */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`concurrency 必须是 ≥1 的整数 (got ${limit})`);
  }
  get running(): number {
    return this.active;
  }
  get queued(): number {
    return this.waiting.length;
  }
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.active >= this.limit) {
      await new Promise<void>((resolve, reject) => {
        const go = () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        };
        const onAbort = () => {
          const i = this.waiting.indexOf(go);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(new LlmError("请求已取消 (cancelled while queued)", "cancelled", 0));
        };
        if (signal?.aborted) return onAbort();
        signal?.addEventListener("abort", onAbort, { once: true });
        this.waiting.push(go);
      });
    } else if (signal?.aborted) {
      throw new LlmError("请求已取消 (cancelled)", "cancelled", 0);
    }
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

export { scrubSecrets } from "../config/secrets";

const RETRYABLE_4XX = new Set([408, 409, 429]);

export function isRetryableStatus(status: number | undefined): boolean {
  if (status === undefined) return true; // connection-level failure
  return status >= 500 || RETRYABLE_4XX.has(status);
}

/** Server-requested delay in ms from retry-after-ms / retry-after (seconds or HTTP date), if any. */
export function retryAfterMs(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "" && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const ra = headers.get("retry-after");
  if (ra === null || ra.trim() === "") return undefined;
  const secs = Number(ra);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const date = Date.parse(ra);
  if (Number.isFinite(date)) return Math.max(0, date - now);
  return undefined;
}

/** Exponential backoff with full jitter; a server's retry-after wins when it asks for longer. */
export function backoffMs(attempt: number, random: () => number, baseMs: number, capMs: number, serverMs?: number): number {
  const exp = Math.min(capMs, baseMs * 2 ** (attempt - 1));
  const jittered = exp / 2 + random() * (exp / 2);
  // Honour the server even above our cap, within reason (2 min), so a 429 is not hammered.
  return serverMs !== undefined ? Math.max(Math.min(serverMs, 120_000), jittered) : jittered;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new LlmError("请求已取消 (cancelled)", "cancelled", 0));
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new LlmError("请求已取消 (cancelled)", "cancelled", 0));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export class LlmClient {
  private readonly client: OpenAI;
  private readonly sleep: NonNullable<LlmClientOptions["sleep"]>;
  private readonly random: () => number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(
    readonly config: LlmConfig,
    readonly limiter: ConcurrencyLimiter = new ConcurrencyLimiter(config.concurrency),
    private readonly options: LlmClientOptions = {},
  ) {
    this.client = new OpenAI({
      apiKey: config.apiKey,
      baseURL: config.baseURL,
      maxRetries: 0,
      // Our own timer covers the whole attempt including the stream; the SDK's is only a backstop.
      timeout: Math.max(config.timeoutMs * 4, 600_000),
    });
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 20_000;
  }

  get model(): string {
    return this.config.model;
  }

  /** One chat completion, retried as configured, through the shared concurrency limiter. */
  async complete(messages: readonly ChatMessage[], opts: CompleteOptions = {}): Promise<CompletionResult> {
    const maxAttempts = this.config.maxRetries + 1;
    let lastError: LlmError | undefined;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (opts.signal?.aborted) throw new LlmError("请求已取消 (cancelled)", "cancelled", attempt - 1);
      let streamed = false;
      try {
        const text = await this.limiter.run(
          () =>
            this.attempt(messages, {
              ...opts,
              onDelta: (d) => {
                streamed = true;
                opts.onDelta?.(d);
              },
            }),
          opts.signal,
        );
        return { text, model: this.config.model, attempts: attempt };
      } catch (e) {
        const err = this.toLlmError(e, attempt, opts.signal);
        lastError = err;
        const retryable =
          err.kind === "timeout" || err.kind === "network" || err.kind === "empty" || (err.kind === "http" && isRetryableStatus(err.status));
        if (!retryable || attempt === maxAttempts) throw err;
        const serverMs = e instanceof APIError ? retryAfterMs(e.headers) : undefined;
        const delay = backoffMs(attempt, this.random, this.baseDelayMs, this.maxDelayMs, serverMs);
        this.options.log?.(`LLM 第 ${attempt} 次请求失败（${err.message}），${Math.round(delay)} ms 后重试`);
        if (streamed) opts.onReset?.();
        await this.sleep(delay, opts.signal);
      }
    }
    throw lastError ?? new LlmError("LLM 请求失败", "network", maxAttempts);
  }

  private async attempt(messages: readonly ChatMessage[], opts: CompleteOptions): Promise<string> {
    const controller = new AbortController();
    let timedOut = false;
    // Idle timeout: before the first byte and between chunks, so a long but live stream survives.
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, this.config.timeoutMs);
    };
    const onOuterAbort = () => controller.abort();
    opts.signal?.addEventListener("abort", onOuterAbort, { once: true });
    arm();
    try {
      const body = {
        model: this.config.model,
        messages: messages.map((m) => ({ role: m.role, content: m.content })),
        temperature: opts.temperature ?? 0.4,
        ...(opts.maxTokens ? { max_tokens: opts.maxTokens } : {}),
      };
      if (opts.stream === false) {
        const res = await this.client.chat.completions.create({ ...body, stream: false }, { signal: controller.signal });
        const text = res.choices[0]?.message?.content ?? "";
        if (!text) throw new LlmError("LLM 返回了空内容 (empty completion)", "empty", 0);
        opts.onDelta?.(text);
        return text;
      }
      const stream = await this.client.chat.completions.create({ ...body, stream: true }, { signal: controller.signal });
      let text = "";
      let finished = false;
      for await (const chunk of stream) {
        arm();
        const choice = chunk.choices[0];
        const delta = choice?.delta?.content;
        if (delta) {
          text += delta;
          opts.onDelta?.(delta);
        }
        if (choice?.finish_reason) finished = true;
      }
      // A stream that stops without a finish_reason was cut off (proxy or connection drop).
      if (!finished) throw new LlmError("LLM 流式响应中途断开 (stream ended without finish_reason)", "network", 0);
      if (!text) throw new LlmError("LLM 返回了空内容 (empty completion)", "empty", 0);
      return text;
    } catch (e) {
      if (timedOut) throw new LlmError(`LLM 请求超时（${this.config.timeoutMs} ms 内无响应）`, "timeout", 0);
      throw e;
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onOuterAbort);
    }
  }

  private toLlmError(e: unknown, attempt: number, signal?: AbortSignal): LlmError {
    const scrub = (s: string) => scrubSecrets(s, [this.config.apiKey]);
    if (e instanceof LlmError) {
      return new LlmError(scrub(e.message), signal?.aborted && e.kind !== "timeout" ? "cancelled" : e.kind, attempt, e.status);
    }
    if (signal?.aborted) return new LlmError("请求已取消 (cancelled)", "cancelled", attempt);
    if (e instanceof APIError && typeof e.status === "number") {
      return new LlmError(scrub(`LLM 服务返回 HTTP ${e.status}: ${e.message}`), "http", attempt, e.status);
    }
    const msg = e instanceof Error ? e.message : String(e);
    return new LlmError(scrub(`LLM 连接失败: ${msg}`), "network", attempt);
  }
}

/**
 * The clients of one server (owned by its PlanRunnerState): one concurrency limiter per endpoint,
 * model and limit, shared by its batch runners, single regenerations and reports. Two servers
 * in one process each have their own.
 */
export class LlmClientPool {
  private readonly clients = new Map<string, LlmClient>();

  get(config: LlmConfig, options?: LlmClientOptions): LlmClient {
    const key = `${config.baseURL}|${config.model}|${config.concurrency}|${config.timeoutMs}|${config.maxRetries}|${hashKey(config.apiKey)}`;
    let client = this.clients.get(key);
    if (!client) {
      client = new LlmClient(config, new ConcurrencyLimiter(config.concurrency), options);
      this.clients.set(key, client);
    }
    return client;
  }
}

function hashKey(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}
