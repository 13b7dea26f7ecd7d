import type { Pausable } from "../runtime/time-slice";

/**
 * Indices of `values` in ascending order of value, ties in index order (what a stable
 * `indices.sort((a, b) => v[a] - v[b])` gives), as a pausable computation. A comparator sort of a
 * million indices is one uninterrupted ~1 s block of the thread; this bottom-up merge sort pauses
 * every `stepElements` elements moved (a few milliseconds). Values must not be NaN.
 */
export function* argsortSteps(values: ArrayLike<number>, stepElements = 1 << 16): Pausable<Int32Array> {
  const n = values.length;
  let a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  let b = new Int32Array(n);
  const RUN = 32;
  let work = 0;
  // Short runs by insertion sort (stable: an element moves left only past strictly larger values).
  for (let lo = 0; lo < n; lo += RUN) {
    const hi = Math.min(n, lo + RUN);
    for (let i = lo + 1; i < hi; i++) {
      const x = a[i]!;
      const v = values[x]!;
      let j = i - 1;
      while (j >= lo && values[a[j]!]! > v) {
        a[j + 1] = a[j]!;
        j--;
      }
      a[j + 1] = x;
    }
    work += (hi - lo) * 4;
    if (work >= stepElements) {
      work = 0;
      yield;
    }
  }
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(n, lo + width);
      const hi = Math.min(n, lo + 2 * width);
      let i = lo;
      let j = mid;
      let k = lo;
      // Stable: on equal values the left run's element goes first.
      while (i < mid && j < hi) b[k++] = values[a[j]!]! < values[a[i]!]! ? a[j++]! : a[i++]!;
      while (i < mid) b[k++] = a[i++]!;
      while (j < hi) b[k++] = a[j++]!;
      work += hi - lo;
      if (work >= stepElements) {
        work = 0;
        yield;
      }
    }
    [a, b] = [b, a];
  }
  return a;
}
