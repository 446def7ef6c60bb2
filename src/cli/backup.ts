// `jiandu backup FILE` and `jiandu restore FILE`: the CLI side of src/db/backup.ts.
import type { CryptoBox } from '../core/crypto.js';
import { backupTo, restoreFrom, type BackupProgress } from '../db/backup.js';
import { openDatabase } from '../db/index.js';

/** Progress on stderr: one updating line on a terminal, a line per table otherwise. */
function progressPrinter(verb: string) {
  const tty = process.stderr.isTTY;
  let lastAt = 0;
  return (p: BackupProgress) => {
    if (p.phase === 'done' || p.phase === 'snapshot') return;
    const label = p.phase === 'verify' ? `checking the file's MAC ${mb(p.rows)}/${mb(p.total)} MB`
      : p.phase === 'check' ? `verifying the audit chain ${p.rows}/${p.total}`
      : `${verb} ${p.table} ${p.rows}/${p.total}`;
    if (tty) {
      const now = Date.now();
      if (now - lastAt < 100 && p.rows !== p.total) return;
      lastAt = now;
      process.stderr.write(`\r\x1b[K${label}`);
      return;
    }
    // Not a terminal (a log): each finished table, and big tables every 100,000 rows.
    if (p.rows === p.total || (p.phase === 'restore' || p.phase === 'backup' ? p.rows % 100_000 < 1000 && p.rows >= 1000 : false)) {
      process.stderr.write(label + '\n');
    }
  };
}

const mb = (n: number) => (n / 1048576).toFixed(1);

export async function backupCommand(file: string | undefined, crypto: CryptoBox): Promise<number> {
  if (!file) {
    console.error('Usage: npm run jiandu -- backup FILE');
    return 2;
  }
  const database = openDatabase();
  try {
    const r = await backupTo(database, crypto, file, progressPrinter('backing up'));
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    const rows = r.header.tables.reduce((s, t) => s + t.rows, 0);
    console.log(`Backup written: ${file} (${r.bytes} bytes, ${rows} rows in ${r.header.tables.length} tables, audit head #${r.header.audit.headSeq}, ` +
      `${r.header.dialect}, ${r.header.crypto === 'sm' ? 'SM4-CTR + HMAC-SM3' : 'AES-256-GCM'}) in ${r.seconds.toFixed(1)} s`);
    console.log('Keep the key file (JIANDU_KEY_FILE) safe and apart from the backup: the backup cannot be read without it.');
    return 0;
  } finally {
    await database.close();
  }
}

export async function restoreCommand(file: string | undefined, crypto: CryptoBox): Promise<number> {
  if (!file) {
    console.error('Usage: npm run jiandu -- restore FILE');
    return 2;
  }
  const database = openDatabase();
  try {
    const r = await restoreFrom(database, crypto, file, progressPrinter('restoring'));
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    console.log(`Restored ${r.rows} rows in ${r.header.tables.length} tables from ${file} (made ${r.header.createdAt} on ${r.header.dialect}) ` +
      `into ${database.dialect} ${database.location}; audit chain verified to #${r.header.audit.headSeq}; ${r.seconds.toFixed(1)} s`);
    return 0;
  } finally {
    await database.close();
  }
}
