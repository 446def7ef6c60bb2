// Fictional resident ID numbers (居民身份证号码) in the GB 11643-1999 layout: a 6-digit area code,
// the 8-digit birth date, a 3-digit sequence (odd for men, even for women) and the ISO 7064
// MOD 11-2 check character. The demo uses area codes of the fictional province 99, which no real
// province has, so a generated number can never be a real person's.
import type { Rng } from './random.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/** Structure, birth date and check character (the area code is not looked up). */
export function isValidIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  return idCheckChar(id.slice(0, 17)) === id[17];
}

/** A number not yet in `used` (added to it), for someone born on `birth` (YYYY-MM-DD). */
export function makeIdNumber(rng: Rng, area: string, birth: string, gender: 'M' | 'F', used: Set<string>): string {
  const prefix = area + birth.replaceAll('-', '');
  for (;;) {
    const seq = rng.int(0, 498) * 2 + (gender === 'M' ? 1 : 2); // 001–997 odd, 002–998 even
    const first17 = prefix + String(seq).padStart(3, '0');
    const id = first17 + idCheckChar(first17);
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
}
