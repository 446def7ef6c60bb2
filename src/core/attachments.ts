// Attachments of any module: one file per upload, its type checked by extension and content, its
// bytes sealed at rest under a per-record key (shredding the owner's key shreds its files), its hash
// kept. Modules declare their own upload and download routes so that permissions and scope stay theirs.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.js';
import type { CryptoBox } from './crypto.js';
import type { ModuleContext } from './module.js';
import { badRequest, notFound } from './errors.js';
import { newId } from './ids.js';
import { recordKey } from './sealed.js';
import { nowIso } from './time.js';

type Q = Kysely<DB>;

export interface Upload {
  filename: string;
  mime: string;
  data: Buffer;
}

export const attachmentMetaSchema = z.object({
  id: z.string(),
  filename: z.string(),
  mime: z.string(),
  size: z.number().int(),
  hash: z.string(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
});
export type AttachmentMeta = z.infer<typeof attachmentMetaSchema>;

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Accepted types: extension → MIME type and the bytes the content must start with (null: plain text). */
export const ATTACHMENT_TYPES: Record<string, { mime: string; magic: number[] | null }> = {
  pdf: { mime: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46] },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: ZIP },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: ZIP },
  ofd: { mime: 'application/ofd', magic: ZIP },
  zip: { mime: 'application/zip', magic: ZIP },
  doc: { mime: 'application/msword', magic: OLE },
  xls: { mime: 'application/vnd.ms-excel', magic: OLE },
  jpg: { mime: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  jpeg: { mime: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  png: { mime: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47] },
  txt: { mime: 'text/plain; charset=utf-8', magic: null },
};

const TYPE_LIST = Object.keys(ATTACHMENT_TYPES).join(', ');

/** The file name without any path, control characters or reserved characters, at most 200 characters. */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '').trim();
  return clean.slice(-200) || 'file';
}

/** Checks a file by its extension and its first bytes; throws 400 naming `field`. */
export function checkUpload(filename: string, data: Buffer, field = 'file'): Upload {
  const name = safeFilename(filename);
  const ext = name.includes('.') ? name.split('.').pop()!.toLowerCase() : '';
  const type = ATTACHMENT_TYPES[ext];
  if (!type) throw badRequest(`不支持的文件类型，可上传：${TYPE_LIST} / Unsupported file type; accepted: ${TYPE_LIST}`, field);
  if (data.length === 0) throw badRequest('文件为空 / The file is empty', field);
  const ok = type.magic ? type.magic.every((b, i) => data[i] === b) : isUtf8Text(data);
  if (!ok) throw badRequest(`文件内容与扩展名 .${ext} 不符 / The content is not a .${ext} file`, field);
  return { filename: name, mime: type.mime, data };
}

function isUtf8Text(data: Buffer): boolean {
  if (data.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}

/** Reads the one multipart file of a request (the size limit is the server's upload limit: 413 above it). */
export async function readUpload(req: FastifyRequest, field = 'file'): Promise<Upload> {
  if (!req.isMultipart()) throw badRequest(`请以 multipart/form-data 在字段 "${field}" 中上传文件 / Send the file as multipart/form-data in the field "${field}"`, field);
  const file = await req.file();
  if (!file || file.fieldname !== field) throw badRequest(`请在字段 "${field}" 中上传文件 / Send the file in the field "${field}"`, field);
  const data = await file.toBuffer();
  return checkUpload(file.filename, data, field);
}

/** The one .xlsx workbook of an import request: named .xlsx, and a zip by its first bytes. */
export async function readWorkbookUpload(req: FastifyRequest, field = 'file'): Promise<Upload> {
  const upload = await readUpload(req, field);
  if (!/\.xlsx$/i.test(upload.filename)) throw badRequest('请上传 .xlsx 工作簿 / Only .xlsx workbooks are accepted', field);
  return upload;
}

export interface StoreArgs {
  orgId: string;
  ownerType: string;
  ownerId: string;
  /** The record_keys row to seal under; defaults to the attachment's own id. */
  keyId?: string;
  createdBy: string | null;
  upload: Upload;
}

export async function storeAttachment(trx: Q, crypto: CryptoBox, args: StoreArgs): Promise<AttachmentMeta> {
  const id = newId();
  const keyId = args.keyId ?? id;
  const key = await recordKey(trx, crypto, keyId);
  const row = {
    id,
    org_id: args.orgId,
    owner_type: args.ownerType,
    owner_id: args.ownerId,
    key_id: keyId,
    filename: args.upload.filename,
    mime: args.upload.mime,
    size_bytes: args.upload.data.length,
    content_hash: crypto.hash(args.upload.data),
    content_enc: crypto.sealBytes(args.upload.data, key),
    created_by: args.createdBy,
    created_at: nowIso(),
  };
  await trx.insertInto('attachments').values(row).execute();
  return toMeta(row);
}

const META_COLUMNS = ['id', 'owner_id', 'filename', 'mime', 'size_bytes', 'content_hash', 'created_at', 'created_by'] as const;

function toMeta(r: { id: string; filename: string; mime: string; size_bytes: number; content_hash: string; created_at: string; created_by: string | null }): AttachmentMeta {
  return { id: r.id, filename: r.filename, mime: r.mime, size: Number(r.size_bytes), hash: r.content_hash, createdAt: r.created_at, createdBy: r.created_by };
}

/** The attachments of several records of one type, in one query (owner id → files, oldest first). */
export async function listAttachments(db: Q, ownerType: string, ownerIds: readonly string[]): Promise<Map<string, AttachmentMeta[]>> {
  const out = new Map<string, AttachmentMeta[]>();
  if (ownerIds.length === 0) return out;
  const rows = await db.selectFrom('attachments').select(META_COLUMNS)
    .where('owner_type', '=', ownerType).where('owner_id', 'in', [...ownerIds])
    .orderBy('owner_id').orderBy('created_at').orderBy('id')
    .execute();
  for (const r of rows) {
    const list = out.get(r.owner_id) ?? [];
    list.push(toMeta(r));
    out.set(r.owner_id, list);
  }
  return out;
}

/** One attachment of one record with its bytes; 404 when it belongs to another record or was shredded.
 *  The hash is checked on the way out, so altered content is refused rather than served. */
export async function openAttachment(db: Q, crypto: CryptoBox, ref: { id: string; ownerType: string; ownerId: string }): Promise<{ meta: AttachmentMeta; data: Buffer }> {
  const row = await db.selectFrom('attachments').selectAll()
    .where('id', '=', ref.id).where('owner_type', '=', ref.ownerType).where('owner_id', '=', ref.ownerId)
    .executeTakeFirst();
  if (!row) throw notFound('Attachment');
  const keyRow = await db.selectFrom('record_keys').select('wrapped_key').where('id', '=', row.key_id).executeTakeFirst();
  if (!keyRow) throw notFound('Attachment');
  const data = crypto.openBytes(row.content_enc, crypto.unwrapKey(keyRow.wrapped_key));
  if (crypto.hash(data) !== row.content_hash) throw new Error(`Attachment ${row.id} does not match its hash`);
  return { meta: toMeta(row), data };
}

export function sendAttachment(reply: FastifyReply, meta: AttachmentMeta, data: Buffer): FastifyReply {
  const ascii = meta.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return reply
    .header('content-type', meta.mime)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(meta.filename)}`)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(data);
}

/** Removes the files of records (with their own keys when sealed under the attachment's id). */
export async function deleteAttachmentsOf(trx: Q, ownerType: string, ownerIds: readonly string[]): Promise<number> {
  if (ownerIds.length === 0) return 0;
  const rows = await trx.selectFrom('attachments').select(['id', 'key_id'])
    .where('owner_type', '=', ownerType).where('owner_id', 'in', [...ownerIds]).execute();
  if (rows.length === 0) return 0;
  await trx.deleteFrom('attachments').where('id', 'in', rows.map((r) => r.id)).execute();
  const ownKeys = rows.filter((r) => r.key_id === r.id).map((r) => r.id);
  if (ownKeys.length) await trx.deleteFrom('record_keys').where('id', 'in', ownKeys).execute();
  return rows.length;
}

/** The record a module's files belong to, and the audit names of attaching and reading them. */
export interface RecordFiles {
  orgId: string;
  ownerType: string;
  ownerId: string;
  /** audit_log.target_type of the record, and the actions: `<prefix>.attach`, `<prefix>.download`. */
  targetType: string;
  actionPrefix: string;
}

/** Stores the request's one file under the record's key, with its audit row in the same transaction. */
export async function attachToRecord(ctx: ModuleContext, req: FastifyRequest, rec: RecordFiles): Promise<AttachmentMeta> {
  const upload = await readUpload(req);
  return ctx.tx(async (trx) => {
    const m = await storeAttachment(trx, ctx.crypto, { orgId: rec.orgId, ownerType: rec.ownerType, ownerId: rec.ownerId, keyId: rec.ownerId, createdBy: req.actor.id, upload });
    await ctx.audit(trx, req.actor, {
      action: `${rec.actionPrefix}.attach`, targetType: rec.targetType, targetId: rec.ownerId, orgId: rec.orgId,
      detail: { attachmentId: m.id, filename: m.filename, size: m.size, hash: m.hash },
    });
    return m;
  });
}

/** Opens one of the record's files (hash checked), audits the read, and sends it. */
export async function sendRecordFile(ctx: ModuleContext, req: FastifyRequest, reply: FastifyReply, rec: RecordFiles, attachmentId: string): Promise<FastifyReply> {
  const { meta, data } = await openAttachment(ctx.db, ctx.crypto, { id: attachmentId, ownerType: rec.ownerType, ownerId: rec.ownerId });
  await ctx.auditEvent(req.actor, { action: `${rec.actionPrefix}.download`, targetType: rec.targetType, targetId: rec.ownerId, orgId: rec.orgId, detail: { attachmentId: meta.id } });
  return sendAttachment(reply, meta, data);
}
