import { randomBytes } from 'node:crypto';

let lastMs = 0;
let seq = 0;

/** UUIDv7: time-ordered, so new rows land at the end of primary-key indexes on both engines. */
export function newId(clock = Date.now()): string {
  // Never step back (a clock adjusted backwards), and borrow the next millisecond when the
  // 12-bit counter of this one is used up: ids stay strictly increasing within a process.
  let now = Math.max(clock, lastMs);
  if (now === lastMs) {
    seq++;
    if (seq > 0xfff) {
      now = ++lastMs;
      seq = randomBytes(2).readUInt16BE() & 0x7ff;
    }
  } else {
    lastMs = now;
    seq = randomBytes(2).readUInt16BE() & 0x7ff;
  }
  const b = randomBytes(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = 0x70 | (seq >> 8);
  b[7] = seq & 0xff;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A record's reference number (信访编号 XF2026-…, 线索编号 XS2026-…): the year it came in, then
 *  the 60 random bits that end its UUIDv7 in Crockford base32 (12 characters, no I, L, O or U to
 *  misread). Ten hex digits (40 bits) collided within a year at province scale (≈ 3 million reports:
 *  the generator stopped on the unique index); at 60 bits, ten million a year collide with odds of
 *  about one in twenty thousand a year, and the unique index refuses that one. */
export function referenceCode(prefix: string, id: string, date: string): string {
  let bits = BigInt(`0x${id.replace(/-/g, '').slice(-15)}`);
  let code = '';
  for (let i = 0; i < 12; i++) {
    code = CROCKFORD[Number(bits & 31n)] + code;
    bits >>= 5n;
  }
  return `${prefix}${date.slice(0, 4)}-${code}`;
}
