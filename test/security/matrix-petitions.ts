// The petitions module's entries in the authorization matrix (authz-matrix.test.ts): a report (with its
// matter, subject, sealed identity, attachment and reveal requests) at each place, inserted directly so
// each request starts from the state it needs.
import type { LightMyRequestResponse } from 'fastify';
import ExcelJS from 'exceljs';
import { storeAttachment } from '../../src/core/attachments.js';
import type { CryptoBox } from '../../src/core/crypto.js';
import { newId } from '../../src/core/ids.js';
import { freshKey } from '../../src/core/sealed.js';
import type { Db } from '../../src/db/index.js';
import { indexDocument } from '../../src/db/search.js';
import { multipart } from '../helpers/files.js';

type Obj = Record<string, string>;
interface Who { userId: string | null }
interface PetitionEntry {
  ok: number;
  object?: (loc: string, p: Who) => Promise<Obj> | Obj;
  outOfScope?: number;
  wholeTreeOnly?: boolean;
  request: (o: Obj) => { url: string; body?: unknown; headers?: Record<string, string> } | Promise<{ url: string; body?: unknown; headers?: Record<string, string> }>;
  check?: (res: LightMyRequestResponse, o: Obj, p: unknown, visible: boolean) => string | null;
}

export interface PetitionPlaces {
  db(): Db;
  crypto(): CryptoBox;
  org(loc: string): string;
  orgKey(loc: string): string;
  official(loc: string): string;
  /** A user at the place who is none of the principals (the requester whose reveal others decide). */
  otherUser(loc: string): string;
}

const NOW = () => new Date().toISOString();
let serial = 0;

async function book(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  rows.forEach((r) => ws.addRow(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function petitionMatrixEntries(w: PetitionPlaces): Record<string, PetitionEntry> {
  async function report(loc: string, opts: { named?: boolean; attach?: boolean } = {}) {
    const db = w.db();
    const id = newId();
    const matterId = newId();
    const orgId = w.org(loc);
    const day = '2026-03-01';
    await db.insertInto('petition_matters').values({
      id: matterId, org_id: orgId, title: `矩阵事项${++serial}`, status: 'open', report_count: 1, first_received_at: day, last_received_at: day,
      closed_at: null, created_at: NOW(), updated_at: NOW(),
    }).execute();
    const key = opts.named ? freshKey(w.crypto(), id) : null;
    if (key) await db.insertInto('record_keys').values(key.row).execute();
    await db.insertInto('petitions').values({
      id, org_id: orgId, matter_id: matterId, serial: `XFM-${serial}-${id.slice(-6)}`, channel: 'letter', received_at: day, anonymous: key ? 0 : 1,
      reporter_name_enc: key ? key.seal('矩阵举报人') : null, reporter_id_enc: null, reporter_id_tail: null,
      reporter_contact_enc: key ? key.seal('13900009999') : null, reporter_contact_tail: key ? '99' : null,
      summary: `矩阵信访件${serial}：工程招投标问题`, content: '反映工程招投标中收受好处费。', discipline: 'integrity', sector: 'construction',
      status: 'registered', result: null, created_by: 'matrix', closed_at: null, created_at: NOW(), updated_at: NOW(),
    }).execute();
    await db.insertInto('petition_subjects').values({ petition_id: id, subject_type: 'official', subject_id: w.official(loc), org_id: orgId, role: 'official', received_at: day }).execute();
    await db.transaction().execute((trx) => indexDocument(trx, { type: 'petition', id, orgId, text: '矩阵信访件 工程招投标问题' }));
    let attId = '';
    if (opts.attach) {
      attId = (await db.transaction().execute((trx) => storeAttachment(trx, w.crypto(), {
        orgId, ownerType: 'petition', ownerId: id, keyId: id, createdBy: null, upload: { filename: '材料.txt', mime: 'text/plain', data: Buffer.from('矩阵附件') },
      }))).id;
    }
    return { id, matterId, attId };
  }
  async function reveal(loc: string, requestedBy: string, status: 'pending' | 'approved') {
    const p = await report(loc, { named: true });
    const revealId = newId();
    await w.db().insertInto('petition_reveals').values({
      id: revealId, petition_id: p.id, org_id: w.org(loc), requested_by: requestedBy, reason: '矩阵核实身份', status,
      decided_by: status === 'approved' ? w.otherUser(loc) : null, decided_at: status === 'approved' ? NOW() : null,
      expires_at: status === 'approved' ? new Date(Date.now() + 3600_000).toISOString() : null, views: 0, created_at: NOW(),
    }).execute();
    return { id: p.id, revealId };
  }
  const orgObj = (loc: string) => ({ id: w.org(loc) });
  const emptyPage = (res: LightMyRequestResponse, _o: Obj, _p: unknown, visible: boolean) =>
    !visible && res.statusCode === 200 && res.json().total !== 0 ? `out-of-scope filter returned ${res.json().total} rows` : null;
  const books = new Map<string, Buffer>();

  return {
    'GET /api/petitions': { ok: 200, object: orgObj, outOfScope: 200, check: emptyPage, request: (o) => ({ url: `/api/petitions?orgId=${o.id}` }) },
    'GET /api/petitions/export': { ok: 200, object: orgObj, outOfScope: 200, request: (o) => ({ url: `/api/petitions/export?orgId=${o.id}` }) },
    'GET /api/petitions/import/template': { ok: 200, request: () => ({ url: '/api/petitions/import/template' }) },
    'POST /api/petitions/import': {
      ok: 200, object: (loc) => ({ orgKey: w.orgKey(loc) }), outOfScope: 400,
      request: async (o) => {
        if (!books.has(o.orgKey)) {
          books.set(o.orgKey, await book([
            ['登记单位', '来源渠道', '收到日期', '是否匿名', '举报人姓名', '举报人身份证号', '举报人联系方式', '被反映人', '被反映单位', '标题摘要', '主要内容', '纪律类别', '所属领域'],
            [o.orgKey, '来信', '2026-05-01', '是', '', '', '', '', o.orgKey, '矩阵导入信访件', '反映单位违规发放补贴。', '', ''],
          ]));
        }
        const [body, headers] = multipart('file', 'petitions.xlsx', books.get(o.orgKey)!);
        return { url: '/api/petitions/import', body, headers: headers as Record<string, string> };
      },
    },
    'POST /api/petitions/classify': { ok: 200, request: () => ({ url: '/api/petitions/classify', body: { text: '执法人员吃拿卡要' } }) },
    'POST /api/petitions/repeats/check': {
      ok: 200, object: (loc) => ({ id: w.official(loc) }), outOfScope: 400,
      request: (o) => ({ url: '/api/petitions/repeats/check', body: { subjects: { officialIds: [o.id] }, content: '反映工程招投标中收受好处费。' } }),
    },
    'POST /api/petitions': {
      ok: 201, object: (loc) => ({ orgId: w.org(loc), official: w.official(loc) }), outOfScope: 400,
      request: (o) => ({ url: '/api/petitions', body: {
        orgId: o.orgId, channel: 'online', receivedAt: '2026-06-01', anonymous: true, subjects: { officialIds: [o.official] },
        summary: `矩阵登记${++serial}`, content: '反映干部违规收受礼金。',
      } }),
    },
    'GET /api/petitions/search': { ok: 200, request: () => ({ url: `/api/petitions/search?q=${encodeURIComponent('工程')}` }) },
    'GET /api/petitions/analysis': {
      ok: 200, object: orgObj, outOfScope: 200, request: (o) => ({ url: `/api/petitions/analysis?orgId=${o.id}` }),
      check: (res, _o, _p, visible) => (!visible && res.statusCode === 200 && res.json().total !== 0 ? 'out-of-scope analysis counted reports' : null),
    },
    'GET /api/petitions/retention': { ok: 200, request: () => ({ url: '/api/petitions/retention' }) },
    'PUT /api/petitions/retention': { ok: 204, wholeTreeOnly: true, request: () => ({ url: '/api/petitions/retention', body: { years: 5 } }) },
    'POST /api/petitions/retention/purge': { ok: 200, request: () => ({ url: '/api/petitions/retention/purge' }) },
    'GET /api/petitions/reveals': { ok: 200, request: () => ({ url: '/api/petitions/reveals' }) },
    'GET /api/petitions/:id': { ok: 200, object: (loc) => report(loc), request: (o) => ({ url: `/api/petitions/${o.id}` }) },
    'GET /api/petitions/:id/repeats': { ok: 200, object: (loc) => report(loc), request: (o) => ({ url: `/api/petitions/${o.id}/repeats` }) },
    'POST /api/petitions/:id/matter': { ok: 204, object: (loc) => report(loc), request: (o) => ({ url: `/api/petitions/${o.id}/matter`, body: { matterId: null } }) },
    'POST /api/petitions/:id/status': { ok: 204, object: (loc) => report(loc), request: (o) => ({ url: `/api/petitions/${o.id}/status`, body: { status: 'processing' } }) },
    'GET /api/petitions/matters/:id': { ok: 200, object: async (loc) => ({ id: (await report(loc)).matterId }), request: (o) => ({ url: `/api/petitions/matters/${o.id}` }) },
    'POST /api/petitions/:id/attachments': {
      ok: 201, object: (loc) => report(loc),
      request: (o) => {
        const [body, headers] = multipart('file', '材料.txt', Buffer.from('矩阵上传'));
        return { url: `/api/petitions/${o.id}/attachments`, body, headers: headers as Record<string, string> };
      },
    },
    'GET /api/petitions/:id/attachments/:attId': {
      ok: 200, object: async (loc) => { const r = await report(loc, { attach: true }); return { id: r.id, attId: r.attId }; },
      request: (o) => ({ url: `/api/petitions/${o.id}/attachments/${o.attId}` }),
    },
    'POST /api/petitions/:id/reveals': { ok: 201, object: async (loc) => ({ id: (await report(loc, { named: true })).id }), request: (o) => ({ url: `/api/petitions/${o.id}/reveals`, body: { reason: '需核实举报人身份' } }) },
    'POST /api/petitions/:id/reveals/:revealId/decision': {
      ok: 204, object: (loc) => reveal(loc, w.otherUser(loc), 'pending'),
      request: (o) => ({ url: `/api/petitions/${o.id}/reveals/${o.revealId}/decision`, body: { approve: true } }),
    },
    'GET /api/petitions/:id/reveals/:revealId/identity': {
      ok: 200, object: (loc, p) => reveal(loc, p.userId ?? w.otherUser(loc), 'approved'),
      request: (o) => ({ url: `/api/petitions/${o.id}/reveals/${o.revealId}/identity` }),
    },
  };
}
