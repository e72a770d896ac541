// A small seeded random source for the demo data: the same seed gives the same database.
// sfc32 (Chris Doty-Humphrey's Small Fast Counter): good enough for synthetic records, and
// independent of Math.random so that a demo is reproducible on every machine.

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)];
  }

  /** Picks by weight: weights need not sum to 1. */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    let x = this.next() * total;
    for (const [v, w] of entries) {
      x -= w;
      if (x < 0) return v;
    }
    return entries[entries.length - 1][0];
  }

  shuffle<T>(list: T[]): T[] {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list;
  }

  /** k distinct elements of list, in random order. */
  sample<T>(list: readonly T[], k: number): T[] {
    if (k > list.length) throw new Error(`cannot take ${k} of ${list.length}`);
    return this.shuffle([...list]).slice(0, k);
  }
}

/**
 * Splits `total` into `weights.length` integers that add up exactly to `total`, roughly in
 * proportion to the weights, each between its min and max. Throws when that is impossible,
 * so a scenario whose figures cannot be met fails loudly instead of drifting.
 */
export function allocate(total: number, weights: readonly number[], min: number | readonly number[] = 0, max: number | readonly number[] = Infinity): number[] {
  const n = weights.length;
  const lo = (i: number) => (typeof min === 'number' ? min : min[i]);
  const hi = (i: number) => (typeof max === 'number' ? max : max[i]);
  const out = weights.map((_, i) => lo(i));
  let rest = total - out.reduce((s, x) => s + x, 0);
  let capacity = 0;
  for (let i = 0; i < n; i++) capacity += hi(i) - lo(i);
  if (rest < 0 || rest > capacity) throw new Error(`cannot split ${total} into ${n} parts within their limits`);
  // Proportional rounds with largest remainders; parts at their max drop out of the next round.
  while (rest > 0) {
    const open: number[] = [];
    let wsum = 0;
    for (let i = 0; i < n; i++) {
      if (out[i] < hi(i)) {
        open.push(i);
        wsum += weights[i] > 0 ? weights[i] : 1e-9;
      }
    }
    const shares = open.map((i) => {
      const exact = (rest * (weights[i] > 0 ? weights[i] : 1e-9)) / wsum;
      return { i, base: Math.min(Math.floor(exact), hi(i) - out[i]), frac: exact - Math.floor(exact) };
    });
    let given = 0;
    for (const s of shares) {
      out[s.i] += s.base;
      given += s.base;
    }
    rest -= given;
    if (rest === 0) break;
    shares.sort((x, y) => y.frac - x.frac || x.i - y.i);
    for (const s of shares) {
      if (rest === 0) break;
      if (out[s.i] < hi(s.i)) {
        out[s.i]++;
        rest--;
      }
    }
  }
  return out;
}
