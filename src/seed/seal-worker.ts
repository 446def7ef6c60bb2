// Worker thread of the seal pool (seal-pool.ts): seals batches with its own CryptoBox.
import { parentPort, workerData } from 'node:worker_threads';
import { CryptoBox, type Algorithm } from '../core/crypto.js';
import { sealBatch } from './seal-pool.js';

const data = workerData as { algorithm: Algorithm; keys: { master: string; audit: string; backup: string } };
const box = new CryptoBox(data.algorithm, {
  master: Buffer.from(data.keys.master, 'hex'),
  audit: Buffer.from(data.keys.audit, 'hex'),
  backup: Buffer.from(data.keys.backup, 'hex'),
});

parentPort!.on('message', (m: { id: number; ids: string[]; plains: string[] }) => {
  try {
    parentPort!.postMessage({ id: m.id, batch: sealBatch(box, m.ids, m.plains) });
  } catch (err) {
    parentPort!.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) });
  }
});
