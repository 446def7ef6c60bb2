// What no response may carry, whoever asks: unmasked ID numbers, sealed values, password hashes,
// TOTP secrets, session tokens (or the session ids derived from them), another person's CSRF token.
import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { validIdChecksum } from '../../src/modules/registry/schema.js';
import type { TestApp } from '../helpers/app.js';

/** A valid GB 11643 ID number (17 digits and the check character) from a serial number. */
export function makeIdNumber(serial: number): string {
  const body = `110105${String(19600101 + (serial % 300) * 100 + (serial % 28)).padStart(8, '0')}${String(serial % 1000).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = w.reduce((s, wi, i) => s + wi * Number(body[i]), 0);
  return body + '10X98765432'[sum % 11];
}

/** A well-formed id that names nothing. */
export function ghostId(): string {
  const h = crypto.randomBytes(16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-7${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20)}`;
}

export const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

const SEALED = /v1:(sm4|aes):/;
const PASSWORD_HASH = /scrypt\$/;

export class LeakDetector {
  /** Every ID number held by the database (opened with the test keys) or written by a test. */
  readonly idNumbers = new Set<string>();
  /** Session cookie tokens and their SHA-256 (the session id in the database). */
  readonly sessionSecrets = new Set<string>();
  /** csrf token → the username it belongs to. */
  readonly csrfOwners = new Map<string, string>();
  readonly totpSecrets = new Set<string>();

  /** Opens every sealed ID number in the database, so that any of them showing up in a response is caught. */
  async loadIdNumbers(t: TestApp): Promise<void> {
    const db = t.database.db;
    const box = t.ctx.crypto;
    for (const table of ['officials', 'family_members'] as const) {
      const rows = await db.selectFrom(table).innerJoin('record_keys', 'record_keys.id', `${table}.id`)
        .select([`${table}.id_number_enc as sealed`, 'record_keys.wrapped_key']).where(`${table}.id_number_enc`, 'is not', null).execute();
      for (const r of rows) this.idNumbers.add(box.open(r.sealed!, box.unwrapKey(r.wrapped_key)));
    }
  }

  addSession(cookieHeader: string, csrf: string, username: string): void {
    const m = /jiandu_sid=([^;]+)/.exec(cookieHeader);
    if (m) {
      this.sessionSecrets.add(m[1]);
      this.sessionSecrets.add(sha256(m[1]));
    }
    if (csrf) this.csrfOwners.set(csrf, username);
  }

  /** What the text leaks, as readable descriptions (empty: nothing). */
  scan(text: string, opts: { mayRevealIdNumber?: boolean; mayShowTotpSecret?: boolean; username?: string | null } = {}): string[] {
    const found: string[] = [];
    if (SEALED.test(text)) found.push('a sealed value (v1:sm4:/v1:aes:)');
    if (PASSWORD_HASH.test(text)) found.push('a password hash (scrypt$)');
    if (!opts.mayRevealIdNumber) {
      // Any ID number the database holds, wherever it appears (even glued to other characters)…
      for (const run of text.match(/[0-9X]{18,}/g) ?? []) {
        for (let i = 0; i + 18 <= run.length; i++) {
          const candidate = run.slice(i, i + 18);
          if (this.idNumbers.has(candidate)) found.push(`the ID number ${candidate.slice(0, 6)}…`);
        }
      }
      // …and any free-standing 18-character value with a valid check digit (one the test did not know of).
      for (const m of text.matchAll(/(?<![0-9A-Za-z])\d{17}[\dX](?![0-9A-Za-z])/g)) {
        if (validIdChecksum(m[0]) && !this.idNumbers.has(m[0])) found.push(`an ID-number-like value ${m[0].slice(0, 6)}…`);
      }
    }
    for (const s of this.sessionSecrets) if (text.includes(s)) found.push('a session token or session id');
    if (!opts.mayShowTotpSecret) for (const s of this.totpSecrets) if (text.includes(s)) found.push('a TOTP secret');
    for (const [token, owner] of this.csrfOwners) if (owner !== opts.username && text.includes(token)) found.push(`the CSRF token of ${owner}`);
    return found;
  }
}

const sheets = new WeakMap<LightMyRequestResponse, Promise<string[][]>>();

/** The cells of a spreadsheet answer, row by row (parsed once per answer). */
export function sheetRows(res: LightMyRequestResponse): Promise<string[][]> {
  let rows = sheets.get(res);
  if (!rows) {
    rows = (async () => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const out: string[][] = [];
      wb.eachSheet((ws) => ws.eachRow((row) => {
        const cells: string[] = [];
        row.eachCell((c) => cells.push(String(c.text ?? '')));
        out.push(cells);
      }));
      return out;
    })();
    sheets.set(res, rows);
  }
  return rows;
}

/** The number of rows (header included) of a spreadsheet answer. */
export async function xlsxRowCount(res: LightMyRequestResponse): Promise<number> {
  return (await sheetRows(res)).length;
}

/** The text of a response, with spreadsheets opened (their cells joined), so leaks inside them are seen too. */
export async function responseText(res: LightMyRequestResponse): Promise<string> {
  const type = String(res.headers['content-type'] ?? '');
  if (res.statusCode < 300 && type.includes('spreadsheetml')) return (await sheetRows(res)).map((r) => r.join('\t')).join('\n');
  return res.body;
}
