/** Timestamps are ISO-8601 UTC text on both engines. Tests may pin the clock. */
let fixedNow: number | null = null;

export const nowMs = (): number => fixedNow ?? Date.now();
export const nowIso = (): string => new Date(nowMs()).toISOString();
export const today = (): string => nowIso().slice(0, 10);

export function setClock(ms: number | null): void {
  fixedNow = ms;
}


export function addYears(isoDate: string, years: number): string {
  const d = new Date(isoDate.slice(0, 10) + 'T00:00:00Z');
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

/** Whole years between two dates (tenure). */
export function yearsBetween(from: string, to: string): number {
  const a = new Date(from.slice(0, 10) + 'T00:00:00Z');
  const b = new Date(to.slice(0, 10) + 'T00:00:00Z');
  let years = b.getUTCFullYear() - a.getUTCFullYear();
  if (b.getUTCMonth() < a.getUTCMonth() || (b.getUTCMonth() === a.getUTCMonth() && b.getUTCDate() < a.getUTCDate())) years--;
  return years;
}

export function addDays(isoDate: string, days: number): string {
  const d = new Date(isoDate.slice(0, 10) + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function addMonths(isoDate: string, months: number): string {
  const d = new Date(isoDate.slice(0, 10) + 'T00:00:00Z');
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/** The date n working days (Monday–Friday) after isoDate; public holidays are not known here. */
export function addWorkingDays(isoDate: string, n: number): string {
  const d = new Date(isoDate.slice(0, 10) + 'T00:00:00Z');
  let left = n;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  return d.toISOString().slice(0, 10);
}
