/**
 * Command line: `npm run cli -- <command> [options]`.
 *   generate --customers 3000 --weeks 12 [--history-weeks 104 --horizon 12] --seed 42 [--churn-rate 0.3] [--name 名称]
 *   import   --customers customers.csv|.xlsx [--weekly weekly.csv|.xlsx] [--name 名称]
 *   train    [--rounds 800] [--max-depth N] [--eta X] [--seed 42]
 *   predict  [--top-k 100 | --threshold 0.6] [--no-plans]
 *   advance --weeks 12
 *   monitor
 *   activate --id 3
 *   import-model --file model.json
 *   export-dataset --out DIR [--id 3]
 *   create-user --email a@b.cn --password … --role viewer|analyst|admin
 *   reset-password --email a@b.cn --password …
 *   create-token --name crm-sync --role analyst
 *   campaign create --name 名称 --budget 50000 [--size 200] [--control-share 0.15] [--selection probability|expected_loss|expected_saved] [--seed 7]
 *   campaign status --id 1 · campaign outcomes --id 1
 * Opens the database from the environment (DATABASE_URL, else PGlite in PGLITE_DIR).
 * Exit code 1 with the message on bad input.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { hostname } from "node:os";
import type { z } from "zod";
import { closeDatabase, getDatabase } from "../../db/client";
import type { DatasetRow } from "../../db/schema";
import * as actions from "../actions";
import type { Action } from "../actions/action";
import { CLI_ACTOR, perform } from "../actions";
import type { RoleCode } from "../auth/accounts";
import { parseEnv } from "../config/env";
import { getActiveDataset } from "../data/dataset-store";
import { monitorReportLines } from "../monitor/report-lines";
import { weekStart } from "../data/timeline/as-of";
import { toAppError } from "../errors/app-error";
import { issuesCsv, TimelineImportError } from "../data/import/issues";
import { batchTopic, runTopic } from "../events";
import { waitForRun } from "../ml/training-service";
import { createAppServices, type AppServices } from "../services/app-services";
import { waitForBatch } from "../services/batch-wait";
import { getPlanBatch } from "../services/plan-queries";
import { progressBar } from "./progress";
import { createCampaign } from "../actions/create-campaign";
import { exportDataset } from "../actions/export-dataset";
import { campaignProgress, getCampaign } from "../campaigns/campaign-service";
import { campaignOutcomeLines, campaignProgressLines, campaignSummaryLines } from "../campaigns/cli-commands";

export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliUsageError";
  }
}

type OptionSpec = { type: "string" | "boolean"; short?: string };

export interface CliContext {
  /** The same services as the server, opened lazily so bad flags fail before any connection is made. */
  services(options?: { runPlans?: boolean }): Promise<AppServices>;
  out(line: string): void;
}

export interface Command {
  summary: string;
  usage: string;
  options: Record<string, OptionSpec>;
  /** Action input fields → the flags this command takes, so errors name what the user typed. */
  flags?: Record<string, string>;
  run(values: Record<string, string | boolean | undefined>, ctx: CliContext): Promise<void>;
}

/** Runs an action as the operator (admin, no rate budget), through the same `perform` as the API. */
async function act<S extends z.ZodType, O>(ctx: CliContext, action: Action<S, O>, input: unknown, options?: { runPlans?: boolean }): Promise<O> {
  return perform(await ctx.services(options), CLI_ACTOR, action, input);
}

function describeDataset(d: DatasetRow): string {
  const oracle = d.oracleAuc === null ? "" : `，oracle AUC ${d.oracleAuc.toFixed(4)}`;
  const asOf = d.startDate ? `，观察日 ${weekStart(d.startDate, d.asOfWeek)}，预测期 ${d.horizonWeeks} 周` : "";
  return `数据集 #${d.id}「${d.name}」已激活：${d.nCustomers} 位客户 × ${d.nWeeks} 周${asOf}，流失率 ${(d.churnRate * 100).toFixed(1)}%${oracle}`;
}

const str = (v: string | boolean | undefined): string | undefined => (typeof v === "string" ? v : undefined);

const generate: Command = {
  summary: "生成合成证券客户数据并设为当前数据集 (generate a synthetic dataset)",
  usage:
    "generate --customers 3000 --weeks 12 [--history-weeks 104] [--horizon 12] --seed 42 [--churn-rate 0.3] [--name 名称] [--drift-week W --drift-features logins_total,assets_latest] [--concept-drift]",
  options: {
    customers: { type: "string" },
    weeks: { type: "string" },
    "history-weeks": { type: "string" },
    horizon: { type: "string" },
    seed: { type: "string" },
    "churn-rate": { type: "string" },
    name: { type: "string" },
    "drift-week": { type: "string" },
    "drift-features": { type: "string" },
    "concept-drift": { type: "boolean" },
  },
  flags: {
    nCustomers: "--customers",
    nWeeks: "--weeks",
    historyWeeks: "--history-weeks",
    horizonWeeks: "--horizon",
    seed: "--seed",
    churnRate: "--churn-rate",
    driftWeek: "--drift-week",
    driftFeatures: "--drift-features",
    conceptDrift: "--concept-drift",
  },
  async run(v, ctx) {
    const bar = progressBar("生成数据");
    const store = progressBar("写入数据库");
    const row = await act(ctx, actions.generateDataset, {
      nCustomers: v.customers,
      nWeeks: v.weeks,
      historyWeeks: v["history-weeks"],
      horizonWeeks: v.horizon,
      seed: v.seed,
      churnRate: v["churn-rate"],
      driftWeek: v["drift-week"],
      driftFeatures: v["drift-features"],
      conceptDrift: v["concept-drift"],
      name: str(v.name),
      onProgress: (phase: string, done: number, total: number) => (phase === "generate" ? bar : phase === "store" ? store : undefined)?.(done, total),
    });
    ctx.out(describeDataset(row));
  },
};

async function readInput(file: string, flag: string): Promise<{ name: string; bytes: Uint8Array }> {
  try {
    return { name: path.basename(file), bytes: new Uint8Array(await readFile(file)) };
  } catch (e) {
    throw new CliUsageError(`--${flag}: 无法读取文件 ${file} (cannot read file): ${(e as Error).message}`);
  }
}

const importCommand: Command = {
  summary: "导入券商自有数据：客户主表 + 带日期的活动 (+ 事件)，按映射配置 (import own data: customers + dated activity [+ events] with a mapping profile)",
  usage:
    "import --customers customers.csv|.xlsx --activity activity.csv|.xlsx [--events events.csv] [--mapping profile.json] [--for-training] [--errors-csv errors.csv] [--name 名称]\n" +
    "       import --append-to 3 --activity new-weeks.csv [--customers joiners.csv] [--events events.csv] [--mapping profile.json]   (向已导入的数据集追加新的周 append new weeks)\n" +
    "       import --customers customers.csv [--weekly weekly.csv]   (旧格式：英文列名、周序号 legacy exact shape)",
  options: {
    customers: { type: "string" },
    activity: { type: "string" },
    events: { type: "string" },
    weekly: { type: "string" },
    mapping: { type: "string" },
    "for-training": { type: "boolean" },
    "errors-csv": { type: "string" },
    name: { type: "string" },
    "append-to": { type: "string" },
  },
  flags: { customers: "--customers", activity: "--activity", events: "--events", weekly: "--weekly", mapping: "--mapping", forTraining: "--for-training", datasetId: "--append-to" },
  async run(v, ctx) {
    if (typeof v["append-to"] === "string") return appendWeeks(v, ctx);
    if (typeof v.customers !== "string" || v.customers === "") throw new CliUsageError("--customers: 必须指定客户文件 (customer file required)");
    const opt = async (flag: "activity" | "events" | "weekly") => (typeof v[flag] === "string" ? await readInput(v[flag], flag) : undefined);
    const input = {
      customers: await readInput(v.customers, "customers"),
      activity: await opt("activity"),
      events: await opt("events"),
      weekly: await opt("weekly"),
      mapping: typeof v.mapping === "string" ? new TextDecoder().decode((await readInput(v.mapping, "mapping")).bytes) : undefined,
      ...(v["for-training"] === true ? { forTraining: true } : {}),
      name: str(v.name),
    };
    const errorsCsv = str(v["errors-csv"]);
    try {
      const r = await act(ctx, actions.importDataset, { ...input, onProgress: progressBar("写入数据库") });
      for (const w of r.warnings) ctx.out(`警告 (${w.rule}) ${w.file}${w.column ? ` ${w.column}` : ""}: ${w.message}`);
      ctx.out(describeDataset(r.dataset));
    } catch (e) {
      if (errorsCsv && e instanceof TimelineImportError) {
        await writeFile(errorsCsv, issuesCsv(e.issues));
        ctx.out(`全部 ${e.total} 处错误已写入 ${errorsCsv} (all errors written)`);
      }
      throw e;
    }
  },
};

/** `import --append-to <datasetId>`: new weeks for a stored imported dataset (appendDatasetWeeks). */
async function appendWeeks(v: Record<string, string | boolean | undefined>, ctx: CliContext): Promise<void> {
  if (typeof v.activity !== "string" || v.activity === "") throw new CliUsageError("--activity: 追加需要新周的活动文件 (the new weeks' activity file is required)");
  const opt = async (flag: "customers" | "events") => (typeof v[flag] === "string" ? await readInput(v[flag], flag) : undefined);
  const errorsCsv = str(v["errors-csv"]);
  try {
    const r = await act(ctx, actions.appendDatasetWeeks, {
      datasetId: num(v["append-to"], "append-to"),
      activity: await readInput(v.activity, "activity"),
      customers: await opt("customers"),
      events: await opt("events"),
      mapping: typeof v.mapping === "string" ? new TextDecoder().decode((await readInput(v.mapping, "mapping")).bytes) : undefined,
      waitForScoring: true,
      onProgress: progressBar("写入数据库"),
    });
    for (const w of r.warnings) ctx.out(`警告 (${w.rule}) ${w.file}${w.column ? ` ${w.column}` : ""}: ${w.message}`);
    ctx.out(`追加 ${r.weeksAdded} 周 (weeks appended)；${r.outcomes.length} 次过往评分获得实际结果 (past scoring runs got outcomes)${r.scoringJob ? `；评分任务 #${r.scoringJob.id} ${r.scoringJob.status}` : ""}`);
    ctx.out(describeDataset(r.dataset));
  } catch (e) {
    if (errorsCsv && e instanceof TimelineImportError) {
      await writeFile(errorsCsv, issuesCsv(e.issues));
      ctx.out(`全部 ${e.total} 处错误已写入 ${errorsCsv} (all errors written)`);
    }
    throw e;
  }
}

const exportDatasetCommand: Command = {
  summary: "按导入格式导出数据集：客户（含流失标签）、带日期的周活动、流失事件和映射配置，可原样导回 (export a dataset in the import format)",
  usage: "export-dataset --out DIR [--id 3]   (默认当前数据集 default: the active dataset)",
  options: { out: { type: "string" }, id: { type: "string" } },
  flags: { out: "--out", id: "--id" },
  async run(v, ctx) {
    const out = str(v.out);
    if (!out) throw new CliUsageError("--out: 必须指定输出目录 (output directory required)");
    let id = num(v.id, "id");
    if (id === undefined) {
      const active = await getActiveDataset((await ctx.services()).db);
      if (!active) throw new CliUsageError("没有当前数据集，请用 --id 指定 (no active dataset: pass --id)");
      id = active.id;
    }
    const r = await act(ctx, exportDataset, { id, format: "import" });
    const { exp } = r;
    await mkdir(out, { recursive: true });
    for (const f of [exp.customers, exp.activity, exp.events, exp.mapping]) {
      await writeFile(path.join(out, f.name), f.text);
      ctx.out(`已写入 ${path.join(out, f.name)}`);
    }
    ctx.out(`数据集 #${id}：${exp.counts.customers} 位客户，${exp.counts.activityRows} 条周活动，${exp.counts.events} 个流失事件 (re-import: import --customers … --activity … --events … --mapping …)`);
  },
};

/** Owner of runs started here; also the PostgreSQL application_name, so servers see it is alive. */
const CLI_OWNER = `cli:${hostname().slice(0, 30)}:${process.pid}`;

const num = (v: string | boolean | undefined, flag: string): number | undefined => {
  if (v === undefined || typeof v === "boolean") return undefined;
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n)) throw new CliUsageError(`--${flag}: 需要数字 (a number is required), 收到 ${v}`);
  return n;
};

const train: Command = {
  summary: "用当前数据集训练模型，完成后设为当前模型 (train on the active dataset)",
  usage: "train [--rounds 800] [--max-depth N] [--eta X] [--seed 42]",
  options: { rounds: { type: "string" }, "max-depth": { type: "string" }, eta: { type: "string" }, seed: { type: "string" } },
  flags: { rounds: "--rounds", maxDepth: "--max-depth", eta: "--eta", trainSeed: "--seed" },
  async run(v, ctx) {
    const input = Object.fromEntries(
      Object.entries({ rounds: num(v.rounds, "rounds"), maxDepth: num(v["max-depth"], "max-depth"), eta: num(v.eta, "eta"), trainSeed: num(v.seed, "seed") }).filter(([, x]) => x !== undefined),
    );
    const s = await ctx.services();
    const run = await act(ctx, actions.trainModel, input);
    const bar = progressBar("训练");
    const off = s.events.training.subscribe(runTopic(run.id), (e) => {
      if (e.phase === "training" && e.totalRounds > 0) bar(e.round, e.totalRounds);
    });
    const done = await waitForRun(s.training, run.id).finally(off);
    if (done.status !== "succeeded") throw new Error(`训练失败 (training failed): ${done.error}`);
    const m = done.metrics as { auc: number; recall: number; f1: number; oracleAuc: number | null };
    ctx.out(`模型 #${done.id} 已激活：AUC ${m.auc.toFixed(4)}（oracle ${m.oracleAuc?.toFixed(4) ?? "—"}），召回率 ${m.recall.toFixed(3)}，F1 ${m.f1.toFixed(3)}，用时 ${done.durationMs} ms`);
  },
};

const predict: Command = {
  summary: "为所有客户评分，并为高风险客户生成挽留计划 (score everyone, plan for the high-risk)",
  usage: "predict [--top-k 100 | --threshold 0.6] [--no-plans]",
  options: { "top-k": { type: "string" }, threshold: { type: "string" }, "no-plans": { type: "boolean" } },
  flags: { topK: "--top-k", threshold: "--threshold" },
  async run(v, ctx) {
    const s = await ctx.services({ runPlans: true });
    const r = await act(ctx, actions.predictRisk, { topK: num(v["top-k"], "top-k"), threshold: num(v.threshold, "threshold"), generatePlans: v["no-plans"] !== true });
    ctx.out(`已评分 ${r.scoredCount} 位客户，高风险 ${r.highRisk.length} 位`);
    if (r.batch) {
      const bar = progressBar("挽留计划");
      const batchId = r.batch.id;
      const off = s.events.plans.subscribe(batchTopic(batchId), (e) => {
        if (e.kind === "batch" || e.kind === "done" || e.kind === "failed") {
          void getPlanBatch(s.db, batchId).then((b) => b && bar(b.done + b.failed, b.total));
        }
      });
      await waitForBatch(s, batchId);
      off();
      const b = await getPlanBatch(s.db, batchId);
      ctx.out(`计划批次 #${batchId}：完成 ${b?.done ?? 0}，失败 ${b?.failed ?? 0}，共 ${b?.total ?? 0}（${s.llm ? `LLM ${s.llm.model}` : "模板"}）`);
    }
  },
};

const advance: Command = {
  summary: "推进合成时间线 N 周：过往评分获得实际结果，当前模型在新日期重新评分 (advance the simulated world by N weeks)",
  usage: "advance --weeks 12",
  options: { weeks: { type: "string" } },
  flags: { weeks: "--weeks" },
  async run(v, ctx) {
    const bar = progressBar("推进数据");
    const store = progressBar("写入数据库");
    const r = await act(ctx, actions.advanceDataset, { weeks: num(v.weeks, "weeks"), onProgress: (phase: string, done: number, total: number) => (phase === "generate" ? bar : phase === "store" ? store : undefined)?.(done, total) });
    ctx.out(describeDataset(r.dataset));
    for (const o of r.outcomes) {
      const q = o.realised!;
      ctx.out(`评分 #${o.id}（第 ${o.asOfWeek} 周）实际结果：AUC ${q.auc?.toFixed(4) ?? "—"}，前 ${q.k} 名精确率 ${q.precisionAtK?.toFixed(3) ?? "—"}、召回率 ${q.recallAtK?.toFixed(3) ?? "—"}，实际流失率 ${(q.churnRate * 100).toFixed(1)}%（预测 ${(o.predicted.meanProbability * 100).toFixed(1)}%）`);
    }
  },
};

const monitor: Command = {
  summary: "最新评分的漂移与模型表现（预估 / 实际 AUC）及最近告警 (latest drift and performance)",
  usage: "monitor",
  options: {},
  async run(_v, ctx) {
    const s = await ctx.services();
    const dataset = await getActiveDataset(s.db);
    if (!dataset) throw new Error("尚无数据集 (no dataset yet)");
    for (const line of await monitorReportLines(s.db, dataset.id)) ctx.out(line);
  },
};

const activate: Command = {
  summary: "启用一个训练成功的模型（已有预测则不重复评分）(activate a succeeded model run)",
  usage: "activate --id 3",
  options: { id: { type: "string" } },
  flags: { id: "--id" },
  async run(v, ctx) {
    const run = await act(ctx, actions.activateModel, { id: num(v.id, "id") });
    ctx.out(`模型 #${run.id} 已启用`);
  },
};

const importModel: Command = {
  summary: "导入在别处训练的 XGBoost JSON 模型并设为当前模型 (import an XGBoost JSON model)",
  usage: "import-model --file model.json",
  options: { file: { type: "string" } },
  async run(v, ctx) {
    if (typeof v.file !== "string") throw new CliUsageError("--file: 必须指定模型文件 (model file required)");
    const { bytes } = await readInput(v.file, "file");
    const run = await act(ctx, actions.importModel, { json: new TextDecoder().decode(bytes) });
    ctx.out(`模型 #${run.id} 已导入并激活`);
  },
};

const ROLES = ["viewer", "analyst", "admin"];
const role = (v: string | boolean | undefined): RoleCode => {
  if (typeof v !== "string" || !ROLES.includes(v)) throw new CliUsageError("--role: 必须是 viewer、analyst 或 admin");
  return v as RoleCode;
};

const createUserCommand: Command = {
  summary: "创建账号 (create an account)",
  usage: "create-user --email a@b.cn --password 至少10个字符 --role viewer|analyst|admin",
  options: { email: { type: "string" }, password: { type: "string" }, role: { type: "string" } },
  flags: { email: "--email", password: "--password", role: "--role" },
  async run(v, ctx) {
    const u = await act(ctx, actions.createUser, { email: String(v.email ?? ""), password: String(v.password ?? ""), role: role(v.role) });
    ctx.out(`账号 ${u.email}（${u.role}）已创建`);
  },
};

const resetPasswordCommand: Command = {
  summary: "重置账号密码，下次登录须修改；该账号的会话全部失效 (reset a password, e.g. a locked-out admin; must be changed at next sign-in)",
  usage: "reset-password --email a@b.cn --password 至少10个字符",
  options: { email: { type: "string" }, password: { type: "string" } },
  flags: { email: "--email", password: "--password" },
  async run(v, ctx) {
    const user = await act(ctx, actions.updateUser, { email: String(v.email ?? ""), password: String(v.password ?? "") });
    ctx.out(`账号 ${user.email} 的密码已重置，下次登录时须修改${user.disabled ? "（注意：该账号已停用）" : ""}`);
  },
};

const createTokenCommand: Command = {
  summary: "创建 API 令牌，只显示一次 (create an API token; shown once)",
  usage: "create-token --name crm-sync --role viewer|analyst|admin [--owner a@b.cn (默认第一个管理员)] [--days 90]",
  options: { name: { type: "string" }, role: { type: "string" }, owner: { type: "string" }, days: { type: "string" } },
  flags: { name: "--name", role: "--role", owner: "--owner", expiresInDays: "--days" },
  async run(v, ctx) {
    const { token, row } = await act(ctx, actions.createApiToken, { name: String(v.name ?? ""), role: role(v.role), owner: str(v.owner), expiresInDays: num(v.days, "days") });
    ctx.out(`令牌 #${row.id}「${row.name}」（${row.role}）：${token}`);
  },
};

/** Every command; each runs the same services as the API. */
// ── campaigns (#15) ──
const campaignCreate: Command = {
  summary: "创建挽留活动：随机对照组 + 预算内的挽留计划 (create a retention campaign with a control group)",
  usage: "campaign create --name 名称 --budget 50000 [--size 200] [--control-share 0.15] [--selection probability|expected_loss|expected_saved] [--seed 7]",
  options: { name: { type: "string" }, budget: { type: "string" }, size: { type: "string" }, "control-share": { type: "string" }, selection: { type: "string" }, seed: { type: "string" }, "scoring-run": { type: "string" } },
  flags: { name: "--name", budget: "--budget", size: "--size", controlShare: "--control-share", selection: "--selection", seed: "--seed", scoringRunId: "--scoring-run" },
  async run(v, ctx) {
    const c = await act(ctx, createCampaign, {
      name: str(v.name),
      budget: num(v.budget, "budget"),
      size: num(v.size, "size"),
      controlShare: num(v["control-share"], "control-share"),
      selection: str(v.selection),
      seed: num(v.seed, "seed"),
      scoringRunId: num(v["scoring-run"], "scoring-run"),
    });
    for (const l of campaignSummaryLines(c)) ctx.out(l);
  },
};

const campaignById = (title: string, lines: (s: AppServices, id: number) => Promise<string[]>): Command => ({
  summary: title,
  usage: "",
  options: { id: { type: "string" } },
  flags: { campaignId: "--id" },
  async run(v, ctx) {
    const id = num(v.id, "id");
    if (id === undefined) throw new CliUsageError("需要 --id (campaign id required)");
    for (const l of await lines(await ctx.services(), id)) ctx.out(l);
  },
});

const campaignStatus: Command = {
  ...campaignById("挽留活动的联系进度 (a campaign's contact progress)", async (s, id) => [...campaignSummaryLines(await getCampaign(s.db, id)), ...campaignProgressLines(await campaignProgress(s.db, id))]),
  usage: "campaign status --id 1",
};
const campaignOutcomes: Command = {
  ...campaignById("挽留活动的结果：实验组 vs 对照组及 95% 置信区间 (a campaign's outcomes)", async (s, id) => campaignOutcomeLines(await getCampaign(s.db, id))),
  usage: "campaign outcomes --id 1",
};

export const COMMANDS: Record<string, Command> = {
  generate,
  import: importCommand,
  "export-dataset": exportDatasetCommand,
  train,
  predict,
  advance,
  monitor,
  activate,
  "import-model": importModel,
  "create-user": createUserCommand,
  "reset-password": resetPasswordCommand,
  "create-token": createTokenCommand,
  "campaign create": campaignCreate,
  "campaign status": campaignStatus,
  "campaign outcomes": campaignOutcomes,
};

export function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  ${c.usage}\n      ${c.summary}`);
  return `用法 (usage): npm run cli -- <command> [options]\n${lines.join("\n")}`;
}

/** Runs one command line; returns the exit code instead of exiting, so it can be tested. */
export async function runCli(argv: string[], io: { out(line: string): void; err(line: string): void } = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
}): Promise<number> {
  // Two-word commands ("campaign create") first.
  const [first, ...more] = argv;
  const twoWord = first && more[0] ? `${first} ${more[0]}` : "";
  const [name, ...rest] = twoWord in COMMANDS ? [twoWord, ...more.slice(1)] : argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    io.out(usage());
    return name ? 0 : 1;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`未知命令 (unknown command): ${name}\n${usage()}`);
    return 1;
  }
  let services: AppServices | null = null;
  try {
    const { values } = parseArgs({ args: rest, options: command.options, strict: true, allowPositionals: false });
    const ctx: CliContext = {
      out: io.out,
      services: async (options) => {
        if (!services) {
          const env = parseEnv();
          const dbHandle = await getDatabase({ databaseUrl: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, applicationName: CLI_OWNER });
          services = await createAppServices(env, { dbHandle, runPlans: options?.runPlans ?? false, ownerId: CLI_OWNER });
        } else if (options?.runPlans) services.planRunner.start();
        return services;
      },
    };
    await command.run(values, ctx);
    return 0;
  } catch (e) {
    if (e instanceof CliUsageError) {
      io.err(e.message);
      return 1;
    }
    const known = toAppError(e);
    if (known && known.code !== "INTERNAL_SERVER_ERROR") {
      const flag = known.field ? command.flags?.[known.field] : undefined;
      io.err(flag && known.field ? known.message.replaceAll(known.field, flag) : known.message);
      return 1;
    }
    const code = (e as { code?: string }).code;
    if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")) {
      io.err(`${(e as Error).message}\n  ${command.usage}`);
      return 1;
    }
    io.err(e instanceof Error ? (e.stack ?? e.message) : String(e));
    return 1;
  } finally {
    if (services) {
      await (services as AppServices).close();
      await closeDatabase();
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
