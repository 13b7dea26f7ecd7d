import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, datasets, featureVectors, weeklyBehaviour } from "../../db/schema";
import { generateAndStoreDataset } from "../../lib/data/dataset-service";
import { DatasetInputError, parseGenerateOptions } from "../../lib/data/generator";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";

const BAD: [string, Record<string, unknown>, string, RegExp][] = [
  ["customers 0", { customers: 0 }, "customers", /100\.\.1000000/],
  ["customers −5", { customers: -5 }, "customers", /100\.\.1000000/],
  ["customers 10^9", { customers: 1e9 }, "customers", /100\.\.1000000/],
  ["customers 1.5", { customers: 1500.5 }, "customers", /integer/],
  ["weeks 2", { weeks: 2 }, "weeks", /4\.\.52/],
  ["weeks 53", { weeks: 53 }, "weeks", /4\.\.52/],
  ["seed 1.5", { seed: 1.5 }, "seed", /0\.\.2147483647/],
  ["seed abc", { seed: "abc" }, "seed", /0\.\.2147483647/],
  ["seed −1", { seed: -1 }, "seed", /0\.\.2147483647/],
  ["churnRate 0.9", { churnRate: 0.9 }, "churnRate", /0\.05\.\.0\.6/],
  ["churnRate NaN", { churnRate: Number.NaN }, "churnRate", /0\.05\.\.0\.6/],
  ["customers abc", { customers: "abc" }, "customers", /100\.\.1000000/],
];

describe("parseGenerateOptions", () => {
  it("fills defaults and accepts numeric strings from the CLI", () => {
    expect(parseGenerateOptions({})).toEqual({ customers: 3000, weeks: 12, seed: 42, churnRate: 0.3 });
    expect(parseGenerateOptions(undefined)).toEqual({ customers: 3000, weeks: 12, seed: 42, churnRate: 0.3 });
    expect(parseGenerateOptions({ customers: "500", weeks: "8", seed: "0", churnRate: "0.15" })).toEqual({ customers: 500, weeks: 8, seed: 0, churnRate: 0.15 });
    expect(parseGenerateOptions({ customers: 1_000_000, weeks: 52, seed: 2 ** 31 - 1, churnRate: 0.6 }).customers).toBe(1_000_000);
  });

  it.each(BAD)("rejects %s naming the field and its range", (_label, input, field, range) => {
    try {
      parseGenerateOptions(input);
      expect.unreachable("should have thrown");
    } catch (e) {
      expect(e).toBeInstanceOf(DatasetInputError);
      const err = e as DatasetInputError;
      expect(err.field).toBe(field);
      expect(err.message).toContain(field);
      expect(err.message).toMatch(range);
    }
  });
});

describeEachDb("generateAndStoreDataset on %s", (kind) => {
  let h: TestDb;
  beforeAll(async () => {
    h = await createTestDb(kind);
  });
  afterAll(async () => {
    await h?.destroy();
  });

  async function counts() {
    const c = async (t: typeof datasets | typeof customers | typeof weeklyBehaviour | typeof featureVectors) =>
      Number((await h.db.select({ n: count() }).from(t))[0].n);
    return [await c(datasets), await c(customers), await c(weeklyBehaviour), await c(featureVectors)];
  }

  it("writes nothing for bad input", async () => {
    const before = await counts();
    for (const [, input, field] of BAD) {
      await expect(generateAndStoreDataset(h.db, input)).rejects.toMatchObject({ name: "DatasetInputError", field });
    }
    expect(await counts()).toEqual(before);
  });

  it("stores a valid timeline and reports both phases", async () => {
    const phases = new Set<string>();
    let lastStore = 0;
    let storeTotal = 0;
    const row = await generateAndStoreDataset(h.db, { customers: 150, lookbackWeeks: 6, historyWeeks: 40, seed: 3 }, { onProgress: (phase, done, total) => {
      phases.add(phase);
      expect(done).toBeLessThanOrEqual(total);
      if (phase === "store") [lastStore, storeTotal] = [done, total];
    } });
    expect([...phases]).toEqual(["generate", "store"]);
    expect(lastStore).toBe(storeTotal);
    expect(row).toMatchObject({ kind: "timeline", nWeeks: 40, asOfWeek: 40, lookbackWeeks: 6, horizonWeeks: 12, seed: 3, isActive: true });
    // Joiners come on top of the 150 customers present at the start.
    expect(row.nCustomers).toBeGreaterThan(150);
    const [nDatasets, nCustomers, nWeekly, nFeatures] = await counts();
    expect([nDatasets, nCustomers]).toEqual([1, row.nCustomers]);
    expect(nWeekly).toBeGreaterThan(150 * 6);
    // One row per active customer per as-of date: more than one snapshot's worth.
    expect(nFeatures).toBeGreaterThan(150);
  });
});

describe("cli", () => {
  it("exits 1 with the field and range on bad input, before opening a database", async () => {
    const { runCli } = await import("../../lib/cli/main");
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    expect(await runCli(["generate", "--customers", "0"], io)).toBe(1);
    expect(err.join("\n")).toMatch(/customers .*100\.\.1000000/);
    expect(await runCli(["generate", "--weeks", "2"], io)).toBe(1);
    expect(err.join("\n")).toMatch(/weeks .*4\.\.52/);
    expect(await runCli(["generate", "--bogus", "1"], io)).toBe(1);
    expect(await runCli(["import"], io)).toBe(1);
    expect(err.join("\n")).toMatch(/--customers/);
    expect(await runCli(["import", "--customers", "/nonexistent/c.csv"], io)).toBe(1);
    expect(err.join("\n")).toMatch(/无法读取文件/);
    expect(await runCli(["nope"], io)).toBe(1);
    expect(out).toEqual([]);
  });
});
