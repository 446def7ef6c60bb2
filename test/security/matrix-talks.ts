// Objects of the talks and inquiries modules for the authorization matrix, inserted directly at a
// place (organization) about an official there, so that each route gets a fresh object in a known state.
import type { Db } from '../../src/db/index.js';
import type { CryptoBox } from '../../src/core/crypto.js';
import { storeAttachment } from '../../src/core/attachments.js';
import { newId } from '../../src/core/ids.js';

const now = () => new Date().toISOString();

export async function matrixTalk(db: Db, orgId: string, officialId: string, mode: 'individual' | 'collective' = 'individual') {
  const id = newId();
  await db.insertInto('talks').values({
    id, org_id: orgId, type_id: mode === 'collective' ? 'integrity' : 'reminder', mode, status: 'held', talk_date: '2026-01-15', place: null,
    conductors: '矩阵谈话人', lead_conductor_id: null, topic: '矩阵谈话', summary: '谈话内容', requirements: null, subject_count: 1, subject_preview: '矩阵',
    created_by: 'matrix', created_at: now(), updated_at: now(),
  }).execute();
  await db.insertInto('talk_subjects').values({ talk_id: id, official_id: officialId, org_id: orgId, title: null, principal: 0 }).execute();
  const followupId = newId();
  await db.insertInto('talk_followups').values({ id: followupId, talk_id: id, org_id: orgId, content: '整改', deadline: '2026-02-15', completed_on: null, completion_note: null }).execute();
  return { id, followupId };
}

export async function matrixInquiry(db: Db, orgId: string, officialId: string, status: 'issued' | 'replied', needsSignature: boolean) {
  const id = newId();
  await db.insertInto('inquiries').values({
    id, org_id: orgId, official_id: officialId, official_org_id: orgId, needs_signature: needsSignature ? 1 : 0, source_type: null, source_id: null,
    matter: '矩阵函询', issued_on: '2026-01-05', reply_due: '2026-01-26', status, reply_text: status === 'replied' ? '回复' : null,
    replied_on: status === 'replied' ? '2026-01-20' : null, signer_name: null, signer_opinion: null, signed_on: null, assessment_reason: null, assessed_on: null,
    created_by: 'matrix', created_at: now(), updated_at: now(),
  }).execute();
  return id;
}

export async function matrixAttachment(db: Db, crypto: CryptoBox, orgId: string, inquiryId: string) {
  const meta = await storeAttachment(db, crypto, {
    orgId, ownerType: 'inquiry', ownerId: inquiryId, keyId: inquiryId, createdBy: null,
    upload: { filename: '说明.pdf', mime: 'application/pdf', data: Buffer.from('%PDF-1.4\n矩阵\n%%EOF') },
  });
  return meta.id;
}
