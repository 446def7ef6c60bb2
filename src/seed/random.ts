// Deterministic randomness for the demo data: a seeded sfc32 generator, weighted picks, day
// arithmetic and UUIDv7-shaped ids. Nothing here reads the clock or Math.random, so the same
// seed string always yields the same data.

/** cyrb128: four 32-bit words of hash state from a string, used to seed sfc32. */
function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** A cumulative-weight table for fast weighted picks (binary search). */
export interface WeightedTable<T> {
  readonly items: readonly T[];
  readonly cumulative: readonly number[];
  readonly total: number;
}

export function weightedTable<T>(entries: readonly (readonly [T, number])[]): WeightedTable<T> {
  const items: T[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const [item, w] of entries) {
    if (!(w > 0)) continue;
    total += w;
    items.push(item);
    cumulative.push(total);
  }
  if (items.length === 0) throw new Error('weightedTable: no positive weights');
  return { items, cumulative, total };
}

/** sfc32 (Small Fast Counting, 128-bit state): passes PractRand, fast in JS 32-bit arithmetic. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(readonly seed: string) {
    [this.a, this.b, this.c, this.d] = cyrb128(seed);
    for (let i = 0; i < 15; i++) this.u32();
  }

  /** An independent stream named by label: its output depends only on (seed, label), not on
   *  how much this stream has been consumed, so adding draws in one area never shifts another. */
  fork(label: string): Rng {
    return new Rng(`${this.seed}/${label}`);
  }

  u32(): number {
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
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    if (hi < lo) throw new Error(`Rng.int: empty range ${lo}..${hi}`);
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(arr: readonly T[]): T {
    if (arr.length === 0) throw new Error('Rng.pick: empty array');
    return arr[Math.floor(this.next() * arr.length)];
  }

  weighted<T>(table: WeightedTable<T>): T {
    const x = this.next() * table.total;
    const cum = table.cumulative;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return table.items[lo];
  }

  /** Fisher–Yates, in place; returns the array. */
  shuffle<T>(arr: T[]): T[] {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = arr[i];
      arr[i] = arr[j];
      arr[j] = t;
    }
    return arr;
  }

  /** k distinct elements in random order (k clamped to the array length). */
  sample<T>(arr: readonly T[], k: number): T[] {
    const copy = arr.slice();
    const n = Math.min(k, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      const t = copy[i];
      copy[i] = copy[j];
      copy[j] = t;
    }
    return copy.slice(0, n);
  }

  /** A day number (see toDay) uniform in [lo, hi]. */
  day(lo: number, hi: number): number {
    return this.int(lo, hi);
  }
}

// ---- Dates as day numbers (days since 1970-01-01, UTC): cheap arithmetic, exact text. ----

const MS_PER_DAY = 86_400_000;

export function toDay(isoDate: string): number {
  const ms = Date.parse(isoDate.slice(0, 10) + 'T00:00:00Z');
  if (Number.isNaN(ms)) throw new Error(`Not a date: ${isoDate}`);
  return Math.round(ms / MS_PER_DAY);
}

const dayText = new Map<number, string>(); // a century of days at most: cheap to keep

export function fromDay(day: number): string {
  let text = dayText.get(day);
  if (text === undefined) {
    text = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    dayText.set(day, text);
  }
  return text;
}

/** The same calendar date `years` later (negative: earlier); 29 Feb falls to 1 Mar. */
export function shiftYears(day: number, years: number): number {
  const d = new Date(day * MS_PER_DAY);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return Math.round(d.getTime() / MS_PER_DAY);
}

/** Whole years from one day to another (age, tenure): the anniversary must have been reached. */
export function wholeYears(from: number, to: number): number {
  const a = new Date(from * MS_PER_DAY);
  const b = new Date(to * MS_PER_DAY);
  let years = b.getUTCFullYear() - a.getUTCFullYear();
  if (b.getUTCMonth() < a.getUTCMonth() || (b.getUTCMonth() === a.getUTCMonth() && b.getUTCDate() < a.getUTCDate())) years--;
  return years;
}

// ---- Ids ----

/**
 * UUIDv7-shaped ids drawn from a seeded stream. The 48-bit time field is the seed day's midnight
 * plus (counter >> 12) ms and the 12-bit rand_a field is the counter's low bits, so ids are
 * strictly increasing in generation order (index-friendly, like newId()) and fully reproducible.
 */
export class IdSource {
  private counter = 0;
  private readonly baseMs: number;

  constructor(
    private readonly rng: Rng,
    today: string,
  ) {
    this.baseMs = toDay(today) * MS_PER_DAY;
  }

  next(): string {
    const n = this.counter++;
    const ms = this.baseMs + Math.floor(n / 4096);
    const randA = n % 4096;
    const hi = this.rng.u32();
    const lo = this.rng.u32();
    const timeHex = ms.toString(16).padStart(12, '0');
    const verA = (0x7000 | randA).toString(16).padStart(4, '0');
    const varB = (0x8000 | (hi >>> 18)).toString(16).padStart(4, '0'); // 10xx + 14 random bits
    const tail = ((hi & 0xffff).toString(16).padStart(4, '0') + lo.toString(16).padStart(8, '0'));
    return `${timeHex.slice(0, 8)}-${timeHex.slice(8, 12)}-${verA}-${varB}-${tail}`;
  }

  get issued(): number {
    return this.counter;
  }
}
