/**
 * Vertical offsets that spread points with similar x apart, like a beeswarm: points are
 * binned along x, and inside a bin they alternate above and below the row's centre line.
 * Deterministic, so a redraw does not make the cloud jump.
 */
export function beeswarmOffsets(xs: readonly number[], bins = 60, maxOffset = 0.4): number[] {
  const n = xs.length;
  const out = new Array<number>(n).fill(0);
  if (n === 0) return out;
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of xs) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  const width = hi > lo ? (hi - lo) / bins : 1;
  const members = new Map<number, number[]>();
  xs.forEach((x, i) => {
    const b = Math.min(bins - 1, Math.floor((x - lo) / width));
    let list = members.get(b);
    if (!list) members.set(b, (list = []));
    list.push(i);
  });
  let crowded = 1;
  for (const list of members.values()) crowded = Math.max(crowded, list.length);
  const step = (2 * maxOffset) / crowded;
  for (const list of members.values()) {
    list.forEach((idx, k) => {
      const level = Math.ceil(k / 2);
      out[idx] = (k % 2 === 0 ? 1 : -1) * level * step;
    });
  }
  return out;
}
