import { describe, expect, it } from "vitest";
import { generateInWorker } from "../../lib/data/generate-in-worker";
import { generateDataset, parseGenerateOptions } from "../../lib/data/generator";

describe("dataset generation in a worker thread", () => {
  it("gives byte-identical data to generating on the main thread, with progress", async () => {
    const options = parseGenerateOptions({ customers: 2500, seed: 77 });
    const progress: number[] = [];
    const inWorker = await generateInWorker(options, (done) => progress.push(done));
    const inline = generateDataset(options);
    expect(Buffer.from(inWorker.features.buffer).equals(Buffer.from(inline.features.buffer))).toBe(true);
    expect(Array.from(inWorker.labels)).toEqual(Array.from(inline.labels));
    expect(inWorker.profiles).toEqual(inline.profiles);
    expect(inWorker.weekly[17]).toEqual(inline.weekly[17]);
    expect(inWorker.oracleAuc).toBe(inline.oracleAuc);
    expect(progress.at(-1)).toBe(2500);
  });

  it("rejects with the generator's message on bad options", async () => {
    await expect(generateInWorker({ customers: 200, weeks: 2, seed: 1, churnRate: 0.3 })).rejects.toThrow();
  });
});
