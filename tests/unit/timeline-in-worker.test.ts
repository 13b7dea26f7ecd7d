import { describe, expect, it } from "vitest";
import { timelineInWorker } from "../../lib/data/timeline-in-worker";
import { timelineDataset } from "../../lib/data/timeline/dataset";
import { generateTimeline } from "../../lib/data/timeline/generate";

describe("timeline generation in a worker thread", () => {
  it("gives byte-identical timelines and snapshots to generating on the main thread, with progress", async () => {
    const options = { customers: 600, historyWeeks: 40, seed: 77 };
    const progress: number[] = [];
    const inWorker = await timelineInWorker(options, (done, total) => progress.push(done / total));
    const inline = timelineDataset(generateTimeline(options));
    expect(inWorker.timeline.customers).toEqual(inline.timeline.customers);
    expect(Buffer.from(inWorker.timeline.activity.totalAssets.buffer).equals(Buffer.from(inline.timeline.activity.totalAssets.buffer))).toBe(true);
    expect(Buffer.from(inWorker.timeline.hazard.buffer).equals(Buffer.from(inline.timeline.hazard.buffer))).toBe(true);
    expect(inWorker.snapshots.map((s) => s.asOfWeek)).toEqual(inline.snapshots.map((s) => s.asOfWeek));
    const last = inWorker.snapshots.length - 1;
    expect(Buffer.from(inWorker.snapshots[last]!.X.buffer).equals(Buffer.from(inline.snapshots[last]!.X.buffer))).toBe(true);
    expect(inWorker.oracleAuc).toBe(inline.oracleAuc);
    expect(progress.at(-1)).toBe(1);
  });

  it("rejects with the generator's field error on bad options", async () => {
    await expect(timelineInWorker({ customers: 50 })).rejects.toMatchObject({ name: "DatasetInputError", field: "customers" });
  });
});
