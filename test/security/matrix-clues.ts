// The clues module's entries in the authorization matrix (authz-matrix.test.ts): a clue, a report,
// a transfer and a consultation at each place, inserted directly so that each request starts from
// the state it needs (a registered clue to propose on, a pending proposal by someone else to decide …).
import type { LightMyRequestResponse } from 'fastify';
import type { Db } from '../../src/db/index.js';
import { newId } from '../../src/core/ids.js';

type Obj = Record<string, string>;
interface ClueEntry {
  ok: number;
  object?: (loc: string) => Promise<Obj> | Obj;
  outOfScope?: number;
  request: (o: Obj) => { url: string; body?: unknown };
  check?: (res: LightMyRequestResponse, o: Obj, p: unknown, visible: boolean) => string | null;
}

export interface MatrixPlaces {
  db(): Db;
  org(loc: string): string;
  official(loc: string): string;
  /** A user at the place who is not one of the principals (the proposer of disposals). */
  otherUser(loc: string): string;
  root(): string;
}

const NOW = () => new Date().toISOString();
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
let serial = 0;

export function clueMatrixEntries(w: MatrixPlaces): Record<string, ClueEntry> {
  // A body in the same reach as the place, for transfers (county A: U ↔ A; county B: B ↔ UB).
  const partner = (loc: string) => ({ U: w.org('A'), A: w.org('U'), B: w.org('UB'), UB: w.org('B') } as Record<string, string>)[loc] ?? w.root();

  async function clue(loc: string, state = 'registered', method: string | null = null, orgId = w.org(loc), withSubject = true) {
    const id = newId();
    const db = w.db();
    await db.insertInto('clues').values({
      id, org_id: orgId, code: `XSM-${++serial}-${id.slice(-6)}`, source: 'other', petition_id: null, transfer_id: null, summary: `矩阵线索${serial}`,
      discipline: 'work', sector: null, received_date: '2026-01-01', state, method, deadline: method ? inDays(30) : null, form: null, sanction: null,
      outcome: null, linked_type: null, linked_id: null, created_by: 'matrix', created_at: NOW(), updated_at: NOW(), concluded_at: null,
    }).execute();
    if (withSubject) await db.insertInto('clue_subjects').values({ clue_id: id, subject_type: 'official', subject_id: w.official(loc), org_id: w.org(loc) }).execute();
    return id;
  }
  async function pending(loc: string) {
    const id = await clue(loc, 'proposed');
    const disposalId = newId();
    await w.db().insertInto('clue_disposals').values({
      id: disposalId, clue_id: id, method: 'talk_inquiry', deadline: inDays(30), reason: '矩阵', status: 'pending', proposed_by: w.otherUser(loc),
      proposed_at: NOW(), decided_by: null, decided_at: null, decision_note: null,
    }).execute();
    return { id, disposalId };
  }
  async function transfer(loc: string, status: string) {
    const source = await clue(loc, 'disposing', 'preliminary_check', partner(loc), false);
    const id = newId();
    await w.db().insertInto('clue_transfers').values({
      id, clue_id: source, from_org_id: partner(loc), to_org_id: w.org(loc), note: '矩阵移送', sent_date: '2026-02-01', feedback_due: inDays(30),
      sent_by: 'matrix', status, received_at: status === 'sent' ? null : NOW(), received_by: null, receipt_note: null, received_clue_id: null,
      result: null, result_at: null, result_by: null, created_at: NOW(),
    }).execute();
    return { id };
  }
  const cached = new Map<string, Promise<string>>();
  const once = (key: string, make: () => Promise<string>) => {
    if (!cached.has(key)) cached.set(key, make());
    return cached.get(key)!;
  };
  const clueAt = async (loc: string) => ({ id: await once(`clue:${loc}`, () => clue(loc)) });
  const petitionAt = (loc: string) => once(`petition:${loc}`, async () => {
    const db = w.db();
    const matter = newId();
    const id = newId();
    await db.insertInto('petition_matters').values({
      id: matter, org_id: w.org(loc), title: '矩阵事项', status: 'open', report_count: 1, first_received_at: '2026-01-05', last_received_at: '2026-01-05',
      closed_at: null, created_at: NOW(), updated_at: NOW(),
    }).execute();
    await db.insertInto('petitions').values({
      id, org_id: w.org(loc), matter_id: matter, serial: `XFM-${id.slice(-6)}`, channel: 'letter', received_at: '2026-01-05', anonymous: 1,
      reporter_name_enc: null, reporter_id_enc: null, reporter_id_tail: null, reporter_contact_enc: null, reporter_contact_tail: null,
      summary: '矩阵举报', content: '矩阵举报', discipline: 'work', sector: 'other', status: 'registered', result: null, created_by: 'matrix',
      closed_at: null, created_at: NOW(), updated_at: NOW(),
    }).execute();
    await db.insertInto('petition_subjects').values({ petition_id: id, subject_type: 'official', subject_id: w.official(loc), org_id: w.org(loc), role: 'official', received_at: '2026-01-05' }).execute();
    return id;
  });
  const consultationAt = (loc: string) => once(`consultation:${loc}`, async () => {
    const id = newId();
    await w.db().insertInto('consultations').values({
      id, org_id: w.org(loc), meeting_date: '2026-03-01', title: '矩阵会商', other_participants: null, conclusions: '矩阵结论', created_by: 'matrix', created_at: NOW(),
    }).execute();
    await w.db().insertInto('consultation_clues').values({ consultation_id: id, clue_id: (await clueAt(loc)).id, opinion: null }).execute();
    return id;
  });
  const orgObj = (loc: string) => ({ id: w.org(loc) });

  return {
    'GET /api/clues': { ok: 200, object: orgObj, request: (o) => ({ url: `/api/clues?orgId=${o.id}&pageSize=200` }) },
    'GET /api/clues/export': { ok: 200, object: orgObj, request: (o) => ({ url: `/api/clues/export?orgId=${o.id}` }) },
    'GET /api/clues/board': { ok: 200, object: orgObj, request: (o) => ({ url: `/api/clues/board?orgId=${o.id}` }) },
    'GET /api/clues/stats': { ok: 200, object: orgObj, request: (o) => ({ url: `/api/clues/stats?orgId=${o.id}` }) },
    'POST /api/clues': {
      ok: 201, object: (loc) => ({ orgId: w.org(loc), official: w.official(loc) }), outOfScope: 400,
      request: (o) => ({ url: '/api/clues', body: { orgId: o.orgId, source: 'audit', summary: '审计移交线索', discipline: 'integrity', receivedDate: '2026-02-01', subjects: [{ type: 'official', id: o.official }] } }),
    },
    'POST /api/clues/from-petition': {
      ok: 201, object: async (loc) => ({ id: await petitionAt(loc) }), outOfScope: 400,
      request: (o) => ({ url: '/api/clues/from-petition', body: { petitionId: o.id } }),
    },
    'GET /api/clues/:id': { ok: 200, object: clueAt, request: (o) => ({ url: `/api/clues/${o.id}` }) },
    'POST /api/clues/:id/disposals': {
      ok: 201, object: async (loc) => ({ id: await clue(loc) }),
      request: (o) => ({ url: `/api/clues/${o.id}/disposals`, body: { method: 'preliminary_check', deadline: inDays(60), reason: '可查性强' } }),
    },
    'POST /api/clues/:id/disposals/:disposalId/approve': {
      ok: 204, object: pending, request: (o) => ({ url: `/api/clues/${o.id}/disposals/${o.disposalId}/approve`, body: { note: '同意' } }),
    },
    'POST /api/clues/:id/disposals/:disposalId/reject': {
      ok: 204, object: pending, request: (o) => ({ url: `/api/clues/${o.id}/disposals/${o.disposalId}/reject`, body: { note: '不同意' } }),
    },
    'POST /api/clues/:id/conclude': {
      ok: 204, object: async (loc) => ({ id: await clue(loc, 'disposing', 'talk_inquiry') }),
      request: (o) => ({ url: `/api/clues/${o.id}/conclude`, body: { form: 1, sanction: null, outcome: '谈话提醒' } }),
    },
    'PUT /api/clues/:id/link': {
      ok: 204, object: clueAt, request: (o) => ({ url: `/api/clues/${o.id}/link`, body: { linkedType: 'inquiry', linkedId: '019a0000-0000-7000-8000-0000000000aa' } }),
    },
    'POST /api/clues/:id/transfers': {
      ok: 201, object: async (loc) => ({ id: await clue(loc), toOrgId: partner(loc) }),
      request: (o) => ({ url: `/api/clues/${o.id}/transfers`, body: { toOrgId: o.toOrgId, note: '请处置并反馈', feedbackDue: inDays(30) } }),
    },
    'GET /api/clues/transfers': { ok: 200, object: orgObj, request: (o) => ({ url: `/api/clues/transfers?box=inbox&orgId=${o.id}` }) },
    'GET /api/clues/transfers/export': { ok: 200, object: orgObj, request: (o) => ({ url: `/api/clues/transfers/export?box=inbox&orgId=${o.id}` }) },
    'POST /api/clues/transfers/:id/receive': { ok: 201, object: (loc) => transfer(loc, 'sent'), request: (o) => ({ url: `/api/clues/transfers/${o.id}/receive`, body: { note: '已签收' } }) },
    'POST /api/clues/transfers/:id/feedback': { ok: 204, object: (loc) => transfer(loc, 'received'), request: (o) => ({ url: `/api/clues/transfers/${o.id}/feedback`, body: { result: '已办结' } }) },
    'GET /api/clues/consultations': { ok: 200, object: orgObj, request: (o) => ({ url: `/api/clues/consultations?orgId=${o.id}` }) },
    'GET /api/clues/consultations/export': { ok: 200, object: orgObj, request: (o) => ({ url: `/api/clues/consultations/export?orgId=${o.id}` }) },
    'POST /api/clues/consultations': {
      ok: 201, object: async (loc) => ({ orgId: w.org(loc), clueId: (await clueAt(loc)).id }), outOfScope: 400,
      request: (o) => ({ url: '/api/clues/consultations', body: { orgId: o.orgId, meetingDate: '2026-03-01', title: '线索会商', clues: [{ clueId: o.clueId }], conclusions: '分别处置' } }),
    },
    'GET /api/clues/consultations/:id': { ok: 200, object: async (loc) => ({ id: await consultationAt(loc) }), request: (o) => ({ url: `/api/clues/consultations/${o.id}` }) },
  };
}
