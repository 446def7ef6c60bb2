// National algorithms by default (SM3 hashing/HMAC, SM4-CBC + HMAC-SM3 encrypt-then-MAC);
// AES-256-GCM / SHA-256 selectable with JIANDU_CRYPTO=aes. Keys live in a file outside the database.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type Algorithm = 'sm' | 'aes';

export interface KeyMaterial {
  master: Buffer; // wraps per-record keys
  audit: Buffer; // keys the audit chain's HMAC
  backup: Buffer; // encrypts backups
}

export class CryptoBox {
  /** Sub-keys derived from each key, derived once: wrapping a record key is on the hot path. */
  private readonly derived = new WeakMap<Buffer, { encKey: Buffer; macKey: Buffer }>();

  constructor(
    readonly algorithm: Algorithm,
    private readonly keys: KeyMaterial,
  ) {}

  private split(key: Buffer): { encKey: Buffer; macKey: Buffer } {
    let d = this.derived.get(key);
    if (!d) {
      d = splitKey(key);
      this.derived.set(key, d);
    }
    return d;
  }

  get hashName(): string {
    return this.algorithm === 'sm' ? 'sm3' : 'sha256';
  }

  hash(data: string | Buffer): string {
    return crypto.createHash(this.hashName).update(data).digest('hex');
  }

  hmac(key: Buffer, data: string | Buffer): string {
    return crypto.createHmac(this.hashName, key).update(data).digest('hex');
  }

  /** A key for one purpose, derived from the master key (never stored). */
  purposeKey(purpose: string): Buffer {
    return crypto.createHmac(this.hashName, this.keys.master).update('jiandu-purpose:' + purpose).digest();
  }

  auditHmac(data: string): string {
    return this.hmac(this.keys.audit, data);
  }

  newRecordKey(): Buffer {
    return crypto.randomBytes(32);
  }

  wrapKey(key: Buffer): string {
    return this.seal(key.toString('base64'), this.keys.master);
  }

  unwrapKey(wrapped: string): Buffer {
    return Buffer.from(this.open(wrapped, this.keys.master), 'base64');
  }

  /** A box that can only compute audit HMACs (for verifier threads): no master or backup key. */
  auditOnlyMaterial(): { algorithm: Algorithm; audit: string } {
    return { algorithm: this.algorithm, audit: this.keys.audit.toString('hex') };
  }

  /** The key backups are encrypted under (src/db/backup.ts derives a key stream per file from it). */
  backupKey(): Buffer {
    return this.keys.backup;
  }

  /** Encrypts text under a 32-byte key; the output names its algorithm so keys can rotate. */
  seal(plaintext: string, key: Buffer): string {
    return this.sealBytes(Buffer.from(plaintext, 'utf8'), key);
  }

  open(sealed: string, key: Buffer): string {
    return this.openBytes(sealed, key).toString('utf8');
  }

  /** The same sealed format for binary content (attachments). */
  sealBytes(data: Buffer, key: Buffer): string {
    if (this.algorithm === 'aes') {
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', key, iv);
      const ct = Buffer.concat([c.update(data), c.final()]);
      return ['v1', 'aes', iv.toString('base64'), ct.toString('base64'), c.getAuthTag().toString('base64')].join(':');
    }
    const { encKey, macKey } = this.split(key);
    const iv = crypto.randomBytes(16);
    const c = crypto.createCipheriv('sm4-cbc', encKey, iv);
    const ct = Buffer.concat([c.update(data), c.final()]);
    const mac = crypto.createHmac('sm3', macKey).update(iv).update(ct).digest();
    return ['v1', 'sm4', iv.toString('base64'), ct.toString('base64'), mac.toString('base64')].join(':');
  }

  openBytes(sealed: string, key: Buffer): Buffer {
    const [v, alg, ivB, ctB, tagB] = sealed.split(':');
    if (v !== 'v1' || !ivB || !ctB || !tagB) throw new Error('Unrecognised sealed value');
    const iv = Buffer.from(ivB, 'base64');
    const ct = Buffer.from(ctB, 'base64');
    const tag = Buffer.from(tagB, 'base64');
    if (alg === 'aes') {
      const d = crypto.createDecipheriv('aes-256-gcm', key, iv);
      d.setAuthTag(tag);
      return Buffer.concat([d.update(ct), d.final()]);
    }
    if (alg !== 'sm4') throw new Error('Unknown algorithm ' + alg);
    const { encKey, macKey } = this.split(key);
    const expected = crypto.createHmac('sm3', macKey).update(iv).update(ct).digest();
    if (expected.length !== tag.length || !crypto.timingSafeEqual(expected, tag)) throw new Error('Sealed value was altered');
    const d = crypto.createDecipheriv('sm4-cbc', encKey, iv);
    return Buffer.concat([d.update(ct), d.final()]);
  }
}

function splitKey(key: Buffer): { encKey: Buffer; macKey: Buffer } {
  return {
    encKey: crypto.createHmac('sm3', key).update('jiandu-enc').digest().subarray(0, 16),
    macKey: crypto.createHmac('sm3', key).update('jiandu-mac').digest(),
  };
}

export const DEFAULT_KEY_FILE = './data/keys/jiandu.key';

/** Reads the key file, creating it (mode 0600) on first start. */
export function loadKeys(file = process.env.JIANDU_KEY_FILE ?? DEFAULT_KEY_FILE): KeyMaterial {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
    const fresh = {
      master: crypto.randomBytes(32).toString('hex'),
      audit: crypto.randomBytes(32).toString('hex'),
      backup: crypto.randomBytes(32).toString('hex'),
    };
    fs.writeFileSync(file, JSON.stringify(fresh, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  }
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  for (const k of ['master', 'audit', 'backup']) {
    if (!/^[0-9a-f]{64}$/.test(raw[k] ?? '')) throw new Error(`Key file ${file}: "${k}" must be 64 hex characters`);
  }
  return { master: Buffer.from(raw.master, 'hex'), audit: Buffer.from(raw.audit, 'hex'), backup: Buffer.from(raw.backup, 'hex') };
}

export function algorithmFromEnv(): Algorithm {
  const v = (process.env.JIANDU_CRYPTO ?? 'sm').toLowerCase();
  if (v !== 'sm' && v !== 'aes') throw new Error('JIANDU_CRYPTO must be "sm" or "aes"');
  return v;
}

export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

export function sha256(data: string): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}
