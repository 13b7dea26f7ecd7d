/**
 * The randomised control group: within each risk decile of the selection, a fixed share is drawn
 * at random (seeded) to get no plan and no contact. Stratifying by decile keeps treated and
 * control alike in risk, so their churn rates differ only by the campaign and chance.
 */
import { Random } from "../data/random";

/** Risk decile (1 = highest probability) of each customer, by rank of probability within the selection. */
export function riskDeciles(probabilities: readonly number[]): number[] {
  const n = probabilities.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => probabilities[b]! - probabilities[a]! || a - b);
  const out = new Array<number>(n);
  order.forEach((i, r) => (out[i] = Math.min(10, Math.floor((r * 10) / n) + 1)));
  return out;
}

/**
 * True where the customer is in the control group: round(share × size) of each decile, chosen by
 * a seeded shuffle, so the same seed and selection always give the same group.
 */
export function drawControl(deciles: readonly number[], share: number, seed: number): boolean[] {
  if (!(share >= 0 && share < 1)) throw new RangeError(`share must be in [0, 1), got ${share}`);
  const rng = new Random(seed);
  const control = new Array<boolean>(deciles.length).fill(false);
  for (let d = 1; d <= 10; d++) {
    const members = deciles.flatMap((x, i) => (x === d ? [i] : []));
    // Fisher–Yates on the decile's members (in input order first, so the draw is reproducible).
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [members[i], members[j]] = [members[j]!, members[i]!];
    }
    const k = Math.round(share * members.length);
    for (let i = 0; i < k; i++) control[members[i]!] = true;
  }
  return control;
}
