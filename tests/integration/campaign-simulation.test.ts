/**
 * Campaigns (issue 15), simulation must-hold: on simulated campaigns over 20 seeds the 95%
 * interval of the treated-vs-control churn difference covers the true (simulated) effect in at
 * least 18. Small timelines keep it fast; the estimator and the simulation are the ones the
 * database path uses.
 */
import { describe, expect, it } from "vitest";
import { drawControl, riskDeciles } from "../../lib/campaigns/control-group";
import { runSimulatedCampaign, simulatedWorld } from "../../lib/campaigns/simulated-campaign";
import { realiseMember, trueEffect } from "../../lib/campaigns/simulation";
import { features } from "../../lib/campaigns/simulated-campaign";
import { trainUpliftModel } from "../../lib/campaigns/uplift-model";
import { featureIndex } from "../../lib/data/catalog";

describe("campaign simulation", () => {
  it("the 95% interval of treated vs control covers the true effect in at least 18 of 20 seeds", () => {
    let covered = 0;
    const lines: string[] = [];
    for (let seed = 1; seed <= 20; seed++) {
      const world = simulatedWorld(seed, 1500, 36);
      const snap = world.snapshot(24);
      const sim = runSimulatedCampaign({ snapshot: snap, score: (r) => snap.trueProbability[r]!, size: 1000, controlShare: 0.3, seed: 1000 + seed });
      const o = sim.outcome;
      expect(o.difference).not.toBeNull();
      expect(o.trueEffect).not.toBeNull();
      const hit = o.difference!.low <= o.trueEffect! && o.trueEffect! <= o.difference!.high;
      if (hit) covered++;
      lines.push(`seed ${seed}: est ${o.difference!.estimate.toFixed(3)} [${o.difference!.low.toFixed(3)}, ${o.difference!.high.toFixed(3)}] true ${o.trueEffect!.toFixed(3)} ${hit ? "✓" : "✗"}`);
    }
    console.log(`coverage ${covered}/20\n${lines.join("\n")}`);
    expect(covered).toBeGreaterThanOrEqual(18);
  }, 120_000);

  it("the control draw is stratified per decile, reproducible from its seed, and different for another seed", () => {
    const probs = Array.from({ length: 400 }, (_, i) => 1 - i / 400);
    const deciles = riskDeciles(probs);
    const a = drawControl(deciles, 0.15, 7);
    expect(drawControl(deciles, 0.15, 7)).toEqual(a);
    expect(drawControl(deciles, 0.15, 8)).not.toEqual(a);
    for (let d = 1; d <= 10; d++) expect(a.filter((c, i) => c && deciles[i] === d).length).toBe(6);
  });

  it("plans work on fee- and service-driven churners more than on loss-driven ones; contact is below 100%", () => {
    const base = new Array<number>(29).fill(0);
    const withFeature = (changes: Record<number, number>) => base.map((v, i) => changes[i] ?? v);
    const fee = trueEffect(0.5, withFeature({ 7: 6 }));
    const service = trueEffect(0.5, withFeature({ 7: 2.5, 25: 4, 26: 2 }));
    const loss = trueEffect(0.5, withFeature({ 7: 2.5, 27: -0.25 }));
    expect(fee.relative).toBeGreaterThan(loss.relative * 3);
    expect(service.relative).toBeGreaterThan(loss.relative * 3);
    for (const e of [fee, service, loss]) expect(e.contactProbability).toBeLessThan(1);
    // A control customer follows the timeline; realising twice gives the same answer.
    expect(realiseMember(1, "c1", "control", 1, fee)).toEqual({ contacted: false, outcome: 1 });
    expect(realiseMember(3, "c9", "treated", 1, fee)).toEqual(realiseMember(3, "c9", "treated", 1, fee));
  });

  it("targeting by predicted uplift × assets saves more assets than targeting by risk (two-model XGBoost trained on an earlier campaign)", async () => {
    const I_ASSETS = featureIndex("assets_latest");
    const lines: string[] = [];
    let upliftTotal = 0;
    let riskTotal = 0;
    let lossTotal = 0;
    for (const seed of [1, 2, 3, 4, 5]) {
      const world = simulatedWorld(seed, 2500, 48);
      // Campaign A (as of week 24): a wide randomised campaign whose outcomes train the uplift model.
      const a = world.snapshot(24);
      const first = runSimulatedCampaign({ snapshot: a, score: () => 0, size: 10_000, controlShare: 0.5, seed: 500 + seed });
      const model = await trainUpliftModel(first.members.map((m) => ({ features: features(a, m.row), arm: m.arm, outcome: m.outcome })));
      expect(model).not.toBeNull();
      // Campaign B (as of week 36): K customers chosen three ways, judged by the true saved assets Σ effect × assets.
      const b = world.snapshot(36);
      const rows = Array.from({ length: b.customers.length }, (_, r) => r).filter((r) => b.labelled[r] === 1);
      const X = rows.map((r) => features(b, r));
      const uplift = model!.predict(X);
      const assets = X.map((x) => Math.max(0, x[I_ASSETS]!));
      const saved = rows.map((r, i) => trueEffect(b.trueProbability[r]!, X[i]!).absolute * assets[i]!);
      const k = 300;
      const top = (score: (i: number) => number) =>
        rows
          .map((_, i) => i)
          .sort((x, y) => score(y) - score(x))
          .slice(0, k)
          .reduce((acc, i) => acc + saved[i]!, 0);
      const byRisk = top((i) => b.trueProbability[rows[i]!]!);
      const byLoss = top((i) => b.trueProbability[rows[i]!]! * assets[i]!);
      const byUplift = top((i) => uplift[i]! * assets[i]!);
      riskTotal += byRisk;
      lossTotal += byLoss;
      upliftTotal += byUplift;
      lines.push(`seed ${seed}: saved assets, top ${k} by risk ${(byRisk / 1e4).toFixed(0)} 万, by expected loss ${(byLoss / 1e4).toFixed(0)} 万, by uplift × assets ${(byUplift / 1e4).toFixed(0)} 万`);
    }
    console.log(`${lines.join("\n")}\ntotal: uplift/risk ${(upliftTotal / riskTotal).toFixed(2)}×, uplift/expected-loss ${(upliftTotal / lossTotal).toFixed(2)}×`);
    expect(upliftTotal).toBeGreaterThan(riskTotal);
  }, 300_000);
});
