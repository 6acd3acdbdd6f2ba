/**
 * A small deterministic pseudo-random generator for demo data: the same seed always gives the same dataset.
 * Each part of the world draws from its own stream (`fork(label)`), so adding a draw in one province does not
 * shift every value generated after it in another.
 */

/** 32-bit string hash (FNV-1a), used to derive stream seeds from labels. */
export function hashString(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export class Random {
  private state: number;
  readonly seed: number;

  constructor(seed: number) {
    this.seed = seed >>> 0;
    this.state = this.seed;
  }

  /** A generator for a named sub-stream, independent of how many draws this one has made. */
  fork(label: string | number): Random {
    return new Random(hashString(`${this.seed}:${label}`));
  }

  /** Uniform in [0, 1): mulberry32. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks by weight; `weights[i]` belongs to `items[i]`. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const weight of weights) total += weight;
    let target = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      target -= weights[i];
      if (target < 0) return items[i];
    }
    return items[items.length - 1];
  }

  /** An approximately normal value (sum of uniforms), clamped to [min, max]. */
  normal(mean: number, deviation: number, min = -Infinity, max = Infinity): number {
    const value = mean + deviation * (this.next() + this.next() + this.next() + this.next() - 2) * 1.732;
    return Math.min(max, Math.max(min, value));
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }

  /** `count` distinct elements, in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    return this.shuffle([...items]).slice(0, Math.min(count, items.length));
  }

  /** A date in [from, to) as 'yyyy-mm-dd'. */
  dateBetween(from: string, to: string): string {
    const start = Date.parse(`${from}T00:00:00Z`);
    const end = Date.parse(`${to}T00:00:00Z`);
    const day = Math.floor(this.next() * Math.max(1, (end - start) / 86_400_000));
    return new Date(start + day * 86_400_000).toISOString().slice(0, 10);
  }

  /** Splits `total` into `parts` positive integers proportional to random weights around 1 ± spread. */
  partition(total: number, parts: number, spread = 0.5): number[] {
    if (parts <= 0) return [];
    const weights = Array.from({ length: parts }, () => 1 - spread + this.next() * 2 * spread);
    return apportion(total, weights);
  }
}

/** Splits an integer total proportionally to weights (largest remainder), each part at least `minimum`. */
export function apportion(total: number, weights: readonly number[], minimum = 0): number[] {
  const parts = weights.length;
  if (parts === 0) return [];
  const reserve = Math.min(total, minimum * parts);
  const rest = total - reserve;
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const raw = weights.map((weight) => (weight / sum) * rest);
  const result = raw.map((value) => Math.floor(value));
  let remaining = rest - result.reduce((a, b) => a + b, 0);
  const order = raw.map((value, index) => ({ index, fraction: value - Math.floor(value) })).sort((a, b) => b.fraction - a.fraction || a.index - b.index);
  for (let i = 0; remaining > 0; i = (i + 1) % parts, remaining--) result[order[i].index] += 1;
  const base = Math.floor(reserve / parts);
  return result.map((value, index) => value + base + (index < reserve - base * parts ? 1 : 0));
}
