/**
 * What a campaign achieved, from its members' realised outcomes: churn rate and retained assets
 * per arm, the treated-vs-control difference with a 95% interval (normal approximation for the
 * difference of two proportions), the same by risk decile, cost vs assets saved, a Qini curve,
 * and the contacted-vs-not comparison, which is not randomised (who answers the phone is not
 * chosen by a coin) and is labelled so.
 */
export interface MemberOutcome {
  arm: "treated" | "control";
  decile: number;
  assets: number;
  offerCost: number;
  /** 1 churned within H weeks, 0 stayed. */
  outcome: 0 | 1;
  contacted: boolean;
  /** Score the Qini curve orders by (selection score: probability or predicted uplift). */
  score: number;
  trueEffect: number | null;
}

export interface ArmFigures {
  customers: number;
  churned: number;
  churnRate: number;
  assets: number;
  retainedAssets: number;
  /** Share of the arm's assets still with the broker. */
  retainedShare: number;
}

export interface Difference {
  /** Control churn rate − treated churn rate: churn the campaign prevented (per customer). */
  estimate: number;
  low: number;
  high: number;
  standardError: number;
}

export interface DecileFigures {
  decile: number;
  treated: ArmFigures;
  control: ArmFigures;
  difference: Difference | null;
}

export interface QiniPoint {
  /** Share of the campaign (ordered by score) targeted. */
  share: number;
  /** Incremental customers kept: treated kept − control kept × (n_t / n_c), both up to this share. */
  incremental: number;
}

export interface CampaignOutcome {
  treated: ArmFigures;
  control: ArmFigures;
  difference: Difference | null;
  byDecile: DecileFigures[];
  cost: number;
  /** (Control's churned-asset share − treated's) × treated assets; null without both arms. */
  assetsSaved: number | null;
  /** Customers kept by the campaign: difference × treated count. */
  customersSaved: number | null;
  qini: QiniPoint[];
  /** Area between the Qini curve and the random-targeting line (share-weighted). */
  qiniCoefficient: number | null;
  /** Not randomised: contacted customers are the ones who could be reached. */
  contacted: { randomised: false; contacted: ArmFigures; notContacted: ArmFigures };
  /** Mean true effect over all members (simulated data only): the estimate's target. */
  trueEffect: number | null;
}

const Z95 = 1.959963984540054;

export function armFigures(ms: readonly MemberOutcome[]): ArmFigures {
  let churned = 0;
  let assets = 0;
  let retained = 0;
  for (const m of ms) {
    churned += m.outcome;
    assets += m.assets;
    if (m.outcome === 0) retained += m.assets;
  }
  const n = ms.length;
  return { customers: n, churned, churnRate: n ? churned / n : 0, assets, retainedAssets: retained, retainedShare: assets > 0 ? retained / assets : 0 };
}

/** Difference of two proportions (control − treated) with a Wald 95% interval. */
export function proportionDifference(control: Pick<ArmFigures, "customers" | "churnRate">, treated: Pick<ArmFigures, "customers" | "churnRate">): Difference | null {
  if (control.customers < 2 || treated.customers < 2) return null;
  const pc = control.churnRate;
  const pt = treated.churnRate;
  const se = Math.sqrt((pc * (1 - pc)) / control.customers + (pt * (1 - pt)) / treated.customers);
  const estimate = pc - pt;
  return { estimate, low: estimate - Z95 * se, high: estimate + Z95 * se, standardError: se };
}

export function qiniCurve(ms: readonly MemberOutcome[], points = 20): { curve: QiniPoint[]; coefficient: number | null } {
  const order = [...ms].sort((a, b) => b.score - a.score);
  const nt = ms.filter((m) => m.arm === "treated").length;
  const nc = ms.length - nt;
  if (nt === 0 || nc === 0) return { curve: [], coefficient: null };
  const curve: QiniPoint[] = [{ share: 0, incremental: 0 }];
  let keptT = 0;
  let keptC = 0;
  let seenT = 0;
  let seenC = 0;
  let next = 1;
  for (let i = 0; i < order.length; i++) {
    const m = order[i]!;
    if (m.arm === "treated") {
      seenT++;
      keptT += 1 - m.outcome;
    } else {
      seenC++;
      keptC += 1 - m.outcome;
    }
    const share = (i + 1) / order.length;
    if (share >= next / points - 1e-12 || i === order.length - 1) {
      // Scale the control's kept to the treated count seen so far (Radcliffe's Qini).
      const incremental = seenC > 0 ? keptT - (keptC * seenT) / seenC : 0;
      curve.push({ share, incremental });
      next++;
    }
  }
  const total = curve[curve.length - 1]!.incremental;
  let area = 0;
  for (let i = 1; i < curve.length; i++) {
    const a = curve[i - 1]!;
    const b = curve[i]!;
    const w = b.share - a.share;
    area += w * ((a.incremental - total * a.share + b.incremental - total * b.share) / 2);
  }
  return { curve, coefficient: area };
}

export function campaignOutcome(ms: readonly MemberOutcome[]): CampaignOutcome {
  const treatedMs = ms.filter((m) => m.arm === "treated");
  const controlMs = ms.filter((m) => m.arm === "control");
  const treated = armFigures(treatedMs);
  const control = armFigures(controlMs);
  const difference = proportionDifference(control, treated);
  const byDecile: DecileFigures[] = [];
  for (let d = 1; d <= 10; d++) {
    const t = armFigures(treatedMs.filter((m) => m.decile === d));
    const c = armFigures(controlMs.filter((m) => m.decile === d));
    if (t.customers + c.customers === 0) continue;
    byDecile.push({ decile: d, treated: t, control: c, difference: proportionDifference(c, t) });
  }
  const lostShare = (a: ArmFigures) => (a.assets > 0 ? 1 - a.retainedShare : 0);
  const both = treated.customers > 0 && control.customers > 0;
  const { curve, coefficient } = qiniCurve(ms);
  const effects = ms.map((m) => m.trueEffect);
  const trueEffect = ms.length && effects.every((e) => e !== null) ? (effects as number[]).reduce((a, b) => a + b, 0) / ms.length : null;
  return {
    treated,
    control,
    difference,
    byDecile,
    cost: treatedMs.reduce((a, m) => a + m.offerCost, 0),
    assetsSaved: both ? (lostShare(control) - lostShare(treated)) * treated.assets : null,
    customersSaved: difference ? difference.estimate * treated.customers : null,
    qini: curve,
    qiniCoefficient: coefficient,
    contacted: { randomised: false, contacted: armFigures(treatedMs.filter((m) => m.contacted)), notContacted: armFigures(treatedMs.filter((m) => !m.contacted)) },
    trueEffect,
  };
}
