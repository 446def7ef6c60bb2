import { describe, expect, it } from 'vitest';
import { testCrypto } from '../helpers/db.js';
import { hashPassword, passwordProblem, verifyPassword } from '../../src/core/passwords.js';
import { newId } from '../../src/core/ids.js';

describe('field crypto', () => {
  for (const alg of ['sm', 'aes'] as const) {
    it(`${alg}: seals and opens, and detects tampering`, () => {
      const c = testCrypto(alg);
      const key = c.newRecordKey();
      const sealed = c.seal('110101199003074514', key);
      expect(sealed).toMatch(new RegExp(`^v1:${alg === 'sm' ? 'sm4' : 'aes'}:`));
      expect(sealed).not.toContain('110101199003074514');
      expect(c.open(sealed, key)).toBe('110101199003074514');
      const parts = sealed.split(':');
      const ct = Buffer.from(parts[3], 'base64');
      ct[0] ^= 1;
      parts[3] = ct.toString('base64');
      expect(() => c.open(parts.join(':'), key)).toThrow();
      expect(() => c.open(sealed, c.newRecordKey())).toThrow();
    });
  }

  it('wraps record keys under the master key', () => {
    const c = testCrypto();
    const key = c.newRecordKey();
    expect(c.unwrapKey(c.wrapKey(key)).equals(key)).toBe(true);
  });

  it('hashes with SM3 by default and SHA-256 when chosen', () => {
    expect(testCrypto('sm').hash('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(testCrypto('aes').hash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('passwords', () => {
  it('hashes with scrypt and verifies', async () => {
    const h = await hashPassword('Jiandu@2026');
    expect(h.startsWith('scrypt$')).toBe(true);
    expect(await verifyPassword('Jiandu@2026', h)).toBe(true);
    expect(await verifyPassword('jiandu@2026', h)).toBe(false);
  });

  it('requires eight characters of three classes', () => {
    expect(passwordProblem('Ab1!')).toMatch(/at least 8/);
    expect(passwordProblem('abcdefgh')).toMatch(/three/);
    expect(passwordProblem('abcdefg1')).toMatch(/three/);
    expect(passwordProblem('abcdefG1')).toBeNull();
    expect(passwordProblem('abcdef!1')).toBeNull();
  });
});

describe('ids', () => {
  it('are UUIDv7, unique and time-ordered', () => {
    const ids = Array.from({ length: 1000 }, () => newId());
    expect(new Set(ids).size).toBe(1000);
    expect(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
  });
});

describe('ids under pressure', () => {
  it('stay increasing when a millisecond runs out of counter and when the clock steps back', () => {
    const t = Date.now() + 10_000;
    const ids = Array.from({ length: 10_000 }, () => newId(t));
    ids.push(newId(t - 5_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
