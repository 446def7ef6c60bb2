// Verifier thread (verify.ts): recomputes the HMACs of a page of audit rows with the audit key only.
import { parentPort, workerData } from 'node:worker_threads';
import { CryptoBox, type Algorithm } from '../../core/crypto.js';
import type { AuditLogTable } from '../../db/schema.js';
import { firstBadHash } from './verify.js';

const data = workerData as { algorithm: Algorithm; audit: string };
const none = Buffer.alloc(32); // this box never seals or wraps: only the audit key is real
const box = new CryptoBox(data.algorithm, { master: none, audit: Buffer.from(data.audit, 'hex'), backup: none });

parentPort!.on('message', (m: { id: number; rows: AuditLogTable[] }) => {
  parentPort!.postMessage({ id: m.id, bad: firstBadHash(box, m.rows) });
});
