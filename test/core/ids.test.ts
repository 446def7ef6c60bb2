// Reference numbers (信访编号, 线索编号) carry all 60 random bits at the end of a record's UUIDv7.
import { describe, expect, it } from 'vitest';
import { newId, referenceCode } from '../../src/core/ids.js';

const withTail = (tail: bigint) => {
  const hex = tail.toString(16).padStart(15, '0');
  return `01a22ee6-b000-7000-8${hex.slice(0, 3)}-${hex.slice(3)}`;
};

describe('referenceCode', () => {
  it('writes the year and the last 60 bits of the id in Crockford base32', () => {
    expect(referenceCode('XF', withTail(0n), '2026-03-01')).toBe('XF2026-000000000000');
    expect(referenceCode('XS', withTail((1n << 60n) - 1n), '2025-12-31')).toBe('XS2025-ZZZZZZZZZZZZ');
    // 0x123456789abcdef in base 32 is 28q5cu4qnjff (digits 0-9a-v); Crockford's alphabet skips I, L, O and U.
    const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    const expected = [...'28q5cu4qnjff'].map((d) => crockford[parseInt(d, 32)]).join('');
    expect(expected).toBe('28T5CY4TQKFF');
    expect(referenceCode('XF', withTail(0x123456789abcdefn), '2026-01-01')).toBe(`XF2026-${expected}`);
    expect(referenceCode('XF', newId(), '2026-07-01')).toMatch(/^XF2026-[0-9A-HJKMNP-TV-Z]{12}$/);
  });

  it('tells apart ids that differ in any one of those 60 bits (ten hex digits kept only 40, and collided)', () => {
    const base = 0x0f0f0f0f0f0f0f0n;
    const codes = new Set([referenceCode('XF', withTail(base), '2026-01-01')]);
    for (let bit = 0n; bit < 60n; bit++) codes.add(referenceCode('XF', withTail(base ^ (1n << bit)), '2026-01-01'));
    expect(codes.size).toBe(61);
  });
});
