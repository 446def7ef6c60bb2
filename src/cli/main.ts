// The jiandu command: npm run jiandu -- <command>
import { parseArgs } from 'node:util';
import { configFromEnv } from '../core/config.js';
import { CryptoBox, algorithmFromEnv, loadKeys } from '../core/crypto.js';
import { ROLES } from '../core/roles.js';
import { openDatabase } from '../db/index.js';
import { migrateToLatest } from '../db/migrate.js';
import { combinePermissions } from '../app/context.js';
import { MODULES } from '../app/modules.js';
import { stagedAuditRows, verifyChain } from '../modules/audit/index.js';
import { backupCommand, restoreCommand } from './backup.js';
import { serve } from './serve.js';
import { seed } from './seed.js';

const USAGE = `Usage: npm run jiandu -- <command>
  serve [--demo]              migrate, (demo: seed an empty database) and serve on PORT
  migrate                     apply database migrations
  seed --scale demo|small|city|province   load deterministic demo or scale data into an empty database
  audit verify                recompute the audit hash chain; exit 1 at the first broken row
  backup FILE                 online, consistent, encrypted backup (while the server keeps serving)
  restore FILE                restore a backup into an empty database (all or nothing; any dialect)
  permissions                 print the permission table (role × action) as Markdown
Environment: DATABASE_URL (sqlite:PATH | postgres://…), PORT, JIANDU_KEY_FILE, JIANDU_CRYPTO (sm|aes), JIANDU_DEMO`;

async function main(argv: string[]): Promise<number> {
  const [command, sub] = argv;
  const crypto = () => new CryptoBox(algorithmFromEnv(), loadKeys());
  switch (command) {
    case 'serve': {
      const { values } = parseArgs({ args: argv.slice(1), options: { demo: { type: 'boolean', default: false } } });
      await serve(configFromEnv(process.env, values.demo ? { demoMode: true } : {}), crypto());
      return -1; // keeps running
    }
    case 'migrate': {
      const database = openDatabase();
      const applied = await migrateToLatest(database);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date');
      await database.close();
      return 0;
    }
    case 'seed': {
      const { values } = parseArgs({ args: argv.slice(1), options: { scale: { type: 'string', default: 'demo' } } });
      return seed(values.scale ?? 'demo', crypto());
    }
    case 'audit': {
      if (sub !== 'verify') break;
      const database = openDatabase();
      const result = await verifyChain(database.db, crypto(), (n) => process.stderr.write(`\rverified ${n} rows`));
      process.stderr.write('\n');
      const staged = await stagedAuditRows(database.db);
      await database.close();
      if (staged) console.log(`${staged} audit rows written by committed changes are staged, not yet in the chain: the server links them when it starts`);
      if (result.ok) {
        console.log(`Audit chain intact: ${result.checked} rows, head #${result.headSeq} ${result.headHash}`);
        return 0;
      }
      console.error(`Audit chain BROKEN at row #${result.broken!.seq}: ${result.broken!.reason} (${result.checked} rows verified before it)`);
      return 1;
    }
    case 'backup':
      return backupCommand(sub, crypto());
    case 'restore':
      return restoreCommand(sub, crypto());
    case 'permissions': {
      const table = combinePermissions(MODULES);
      console.log(`| action | ${ROLES.join(' | ')} |\n|---|${ROLES.map(() => ':-:').join('|')}|`);
      for (const action of Object.keys(table).sort()) console.log(`| ${action} | ${ROLES.map((r) => (table[action].includes(r) ? '✓' : '')).join(' | ')} |`);
      return 0;
    }
  }
  console.error(USAGE);

  return command ? 2 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
