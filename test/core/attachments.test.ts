// Attachments: type checks by extension and content, sealed storage with its hash, one-query
// listing, owner-bound opening, shredding by the owner's key — on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkUpload, deleteAttachmentsOf, listAttachments, openAttachment, safeFilename, storeAttachment } from '../../src/core/attachments.js';
import { AppError } from '../../src/core/errors.js';
import { shredRecordKey } from '../../src/core/sealed.js';
import { DIALECTS, freshDatabase, testCrypto, type TestDatabase } from '../helpers/db.js';
import { loadFixture, type Fixture } from '../helpers/fixture.js';

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('1 0 obj << >> endobj\n%%EOF')]);

describe('attachment checks', () => {
  it('accepts a file whose content matches its extension', () => {
    expect(checkUpload('证明材料.pdf', PDF).mime).toBe('application/pdf');
    expect(checkUpload('说明.txt', Buffer.from('整改情况说明')).mime).toMatch(/^text\/plain/);
  });

  it.each([
    ['tool.exe', PDF, /Unsupported file type/],
    ['fake.pdf', Buffer.from('MZ\x90\x00'), /not a \.pdf file/],
    ['fake.docx', PDF, /not a \.docx file/],
    ['binary.txt', Buffer.from([0x41, 0x00, 0x42]), /not a \.txt file/],
    ['empty.pdf', Buffer.alloc(0), /empty/],
  ])('refuses %s with 400 naming the field', (name, data, message) => {
    try {
      checkUpload(name, data, 'evidence');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).status).toBe(400);
      expect((e as AppError).field).toBe('evidence');
      expect((e as AppError).message).toMatch(message);
    }
  });

  it('keeps only the base name, without control or reserved characters', () => {
    expect(safeFilename('..\\..\\etc/pass<wd>\u0007.txt')).toBe('passwd.txt');
    expect(safeFilename('')).toBe('file');
  });
});

describe.each(DIALECTS)('attachments on %s', (dialect) => {
  let db: TestDatabase;
  let fx: Fixture;
  const crypto = testCrypto();

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    fx = await loadFixture(db.db);
  });
  afterAll(async () => db?.drop());

  it('stores sealed content with its hash and opens it only for its owner', async () => {
    const meta = await storeAttachment(db.db, crypto, { orgId: fx.orgs.county1.id, ownerType: 'test_report', ownerId: 'r1', createdBy: null, upload: checkUpload('a.pdf', PDF) });
    expect(meta).toMatchObject({ filename: 'a.pdf', size: PDF.length, hash: crypto.hash(PDF) });
    const raw = await db.db.selectFrom('attachments').select('content_enc').where('id', '=', meta.id).executeTakeFirstOrThrow();
    expect(raw.content_enc).not.toContain(PDF.toString('base64'));
    const opened = await openAttachment(db.db, crypto, { id: meta.id, ownerType: 'test_report', ownerId: 'r1' });
    expect(opened.data.equals(PDF)).toBe(true);
    await expect(openAttachment(db.db, crypto, { id: meta.id, ownerType: 'test_report', ownerId: 'r2' })).rejects.toMatchObject({ status: 404 });
    await expect(openAttachment(db.db, crypto, { id: meta.id, ownerType: 'other', ownerId: 'r1' })).rejects.toMatchObject({ status: 404 });
  });

  it('lists the files of many records in one query', async () => {
    for (const owner of ['r3', 'r3', 'r4']) {
      await storeAttachment(db.db, crypto, { orgId: fx.orgs.county1.id, ownerType: 'test_list', ownerId: owner, createdBy: null, upload: checkUpload('b.txt', Buffer.from(owner)) });
    }
    const map = await listAttachments(db.db, 'test_list', ['r3', 'r4', 'r5']);
    expect(map.get('r3')).toHaveLength(2);
    expect(map.get('r4')).toHaveLength(1);
    expect(map.has('r5')).toBe(false);
  });

  it('is unreadable once the owner key is shredded, and deleted with its own key', async () => {
    const shared = await storeAttachment(db.db, crypto, { orgId: fx.orgs.county1.id, ownerType: 'test_shred', ownerId: 'p1', keyId: 'p1', createdBy: null, upload: checkUpload('c.txt', Buffer.from('举报材料')) });
    await shredRecordKey(db.db, 'p1');
    await expect(openAttachment(db.db, crypto, { id: shared.id, ownerType: 'test_shred', ownerId: 'p1' })).rejects.toMatchObject({ status: 404 });
    const own = await storeAttachment(db.db, crypto, { orgId: fx.orgs.county1.id, ownerType: 'test_shred', ownerId: 'p2', createdBy: null, upload: checkUpload('d.txt', Buffer.from('x')) });
    expect(await deleteAttachmentsOf(db.db, 'test_shred', ['p2'])).toBe(1);
    expect(await db.db.selectFrom('record_keys').select('id').where('id', '=', own.id).executeTakeFirst()).toBeUndefined();
  });

  it('refuses content altered in the database', async () => {
    const meta = await storeAttachment(db.db, crypto, { orgId: fx.orgs.county1.id, ownerType: 'test_alter', ownerId: 'q1', createdBy: null, upload: checkUpload('e.txt', Buffer.from('原文')) });
    const other = await storeAttachment(db.db, crypto, { orgId: fx.orgs.county1.id, ownerType: 'test_alter', ownerId: 'q2', keyId: meta.id, createdBy: null, upload: checkUpload('f.txt', Buffer.from('篡改')) });
    const swapped = await db.db.selectFrom('attachments').select('content_enc').where('id', '=', other.id).executeTakeFirstOrThrow();
    await db.db.updateTable('attachments').set({ content_enc: swapped.content_enc }).where('id', '=', meta.id).execute();
    await expect(openAttachment(db.db, crypto, { id: meta.id, ownerType: 'test_alter', ownerId: 'q1' })).rejects.toThrow(/hash/);
  });
});
