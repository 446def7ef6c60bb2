// Shared pieces of the benchmark harness: paths, output lines, small helpers.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dialect } from '../../src/db/index.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CACHE_DIR = path.join(ROOT, 'data', 'bench');

/** One benchmark figure. `ratio` is always value ÷ baseline; `better` says which way is good. */
export interface BenchLine extends BenchFields {
  bench: string;
  db: Dialect;
  scale: string;
}

/** A line's figures, without the bench, db and scale that every line carries. */
export interface BenchFields {
  value: number | null;
  unit: string | null;
  baseline: number | null;
  ratio: number | null;
  better?: 'higher' | 'lower';
  p50?: number;
  p99?: number;
  target?: string;
  ok?: boolean;
  skipped?: string;
  [extra: string]: unknown;
}

export function round(n: number, digits = 3): number {
  if (!Number.isFinite(n)) return n;
  const abs = Math.abs(n);
  const d = abs >= 100 ? 1 : abs >= 1 ? 2 : digits;
  return Number(n.toFixed(d));
}

export function emit(line: BenchLine): void {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(line)) out[k] = typeof v === 'number' ? round(v) : v;
  process.stdout.write(JSON.stringify(out) + '\n');
}

export function progress(text: string): void {
  process.stderr.write(`[bench] ${text}\n`);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
