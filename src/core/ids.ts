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
