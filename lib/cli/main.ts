/**
 * Command line: `npm run cli -- <command> [options]`.
 *   generate --customers 3000 --weeks 12 --seed 42 [--churn-rate 0.3] [--name 名称]
 *   import   --customers customers.csv|.xlsx [--weekly weekly.csv|.xlsx] [--name 名称]
 * Opens the database from the environment (DATABASE_URL, else PGlite in PGLITE_DIR).
 * Exit code 1 with the message on bad input.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { closeDatabase, getDatabase, type Db } from "../../db/client";
import type { DatasetRow } from "../../db/schema";
import { parseEnv } from "../config/env";
import { writeDataset } from "../data/dataset-store";
import { DatasetInputError, generateDataset, parseGenerateOptions } from "../data/generator";
import { importDataset, ImportValidationError } from "../data/import";
import { progressBar } from "./progress";

export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliUsageError";
  }
}

type OptionSpec = { type: "string" | "boolean"; short?: string };

export interface CliContext {
  /** Opens the database lazily, so bad arguments fail before any connection is made. */
  db(): Promise<Db>;
  out(line: string): void;
}

export interface Command {
  summary: string;
  usage: string;
  options: Record<string, OptionSpec>;
  run(values: Record<string, string | boolean | undefined>, ctx: CliContext): Promise<void>;
}

function describeDataset(d: DatasetRow): string {
  const oracle = d.oracleAuc === null ? "" : `，oracle AUC ${d.oracleAuc.toFixed(4)}`;
  return `数据集 #${d.id}「${d.name}」已激活：${d.nCustomers} 位客户 × ${d.nWeeks} 周，流失率 ${(d.churnRate * 100).toFixed(1)}%${oracle}`;
}

const generate: Command = {
  summary: "生成合成证券客户数据并设为当前数据集 (generate a synthetic dataset)",
  usage: "generate --customers 3000 --weeks 12 --seed 42 [--churn-rate 0.3] [--name 名称]",
  options: { customers: { type: "string" }, weeks: { type: "string" }, seed: { type: "string" }, "churn-rate": { type: "string" }, name: { type: "string" } },
  async run(v, ctx) {
    const options = parseGenerateOptions({ customers: v.customers, weeks: v.weeks, seed: v.seed, churnRate: v["churn-rate"] });
    const db = await ctx.db();
    const ds = generateDataset(options, progressBar("生成数据"));
    const row = await writeDataset(db, ds, { name: typeof v.name === "string" ? v.name : undefined, onProgress: progressBar("写入数据库") });
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
  summary: "导入券商自有客户数据 (import customers, optionally with weekly behaviour)",
  usage: "import --customers customers.csv|.xlsx [--weekly weekly.csv|.xlsx] [--name 名称]",
  options: { customers: { type: "string" }, weekly: { type: "string" }, name: { type: "string" } },
  async run(v, ctx) {
    if (typeof v.customers !== "string" || v.customers === "") throw new CliUsageError("--customers: 必须指定客户文件 (customer file required)");
    const customersFile = await readInput(v.customers, "customers");
    const weeklyFile = typeof v.weekly === "string" ? await readInput(v.weekly, "weekly") : undefined;
    const db = await ctx.db();
    const row = await importDataset(db, { customersFile, weeklyFile }, { name: typeof v.name === "string" ? v.name : undefined, onProgress: progressBar("写入数据库") });
    ctx.out(describeDataset(row));
  },
};

/**
 * Every command. `train` and `predict` are added here by the ML work (same shape: options,
 * then `run` with a lazily opened db).
 */
export const COMMANDS: Record<string, Command> = {
  generate,
  import: importCommand,
  // train: …,
  // predict: …,
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
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    io.out(usage());
    return name ? 0 : 1;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`未知命令 (unknown command): ${name}\n${usage()}`);
    return 1;
  }
  let opened = false;
  try {
    const { values } = parseArgs({ args: rest, options: command.options, strict: true, allowPositionals: false });
    const ctx: CliContext = {
      out: io.out,
      db: async () => {
        const env = parseEnv();
        opened = true;
        return (await getDatabase({ databaseUrl: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR })).db;
      },
    };
    await command.run(values, ctx);
    return 0;
  } catch (e) {
    if (e instanceof DatasetInputError || e instanceof ImportValidationError || e instanceof CliUsageError) {
      io.err(e.message);
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
    if (opened) await closeDatabase();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
