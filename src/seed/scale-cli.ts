// `npm run jiandu -- seed --scale small|city|province`: loads scale data into an empty database,
// printing progress on stderr and a JSON summary on stdout. Options by environment (the command line
// takes only --scale): JIANDU_SCALE_SEED, JIANDU_SCALE_TODAY (YYYY-MM-DD), JIANDU_SCALE_AUDIT_ROWS,
// JIANDU_SCALE_THREADS (sealing threads; 0 = main thread only).
import type { CryptoBox } from '../core/crypto.js';
import { loadKeys } from '../core/crypto.js';
import type { WarningRule } from '../core/module.js';
import { openDatabase } from '../db/index.js';
import { migrateToLatest } from '../db/migrate.js';
import { SCALE_NAMES, type ScaleName, seedScale } from './scale.js';

export function isScaleName(name: string): name is ScaleName {
  return (SCALE_NAMES as readonly string[]).includes(name);
}

export async function seedScaleCommand(scale: ScaleName, crypto: CryptoBox, rules: readonly WarningRule[], env = process.env): Promise<number> {
  const database = openDatabase();
  try {
    await migrateToLatest(database);
    const any = await database.db.selectFrom('orgs').select('id').limit(1).executeTakeFirst();
    if (any) {
      console.error('The database already holds data; seed into an empty database.');
      return 1;
    }
    const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));
    const started = Date.now();
    console.error(`Seeding scale "${scale}" into ${database.dialect} ${database.location}…`);
    const summary = await seedScale(database, crypto, scale, {
      seed: env.JIANDU_SCALE_SEED || undefined,
      today: env.JIANDU_SCALE_TODAY || undefined,
      auditRows: num(env.JIANDU_SCALE_AUDIT_ROWS),
      threads: num(env.JIANDU_SCALE_THREADS),
      keys: loadKeys(),
      rules,
      log: (line) => console.error(`[seed ${scale}] ${line}`),
    });
    console.log(JSON.stringify({ ...summary, seconds: (Date.now() - started) / 1000 }, null, 2));
    return 0;
  } finally {
    await database.close();
  }
}
