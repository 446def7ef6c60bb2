import type { CryptoBox } from '../core/crypto.js';
import { openDatabase, type Database } from '../db/index.js';
import { migrateToLatest } from '../db/migrate.js';
import { runRules } from '../modules/warnings/index.js';
import { MODULES } from '../app/modules.js';
import type { WarningRule } from '../core/module.js';
import { seedDemo } from '../seed/demo.js';
import { isScaleName, seedScaleCommand } from '../seed/scale-cli.js';
import { today } from '../core/time.js';

export async function isEmpty(database: Database): Promise<boolean> {
  const row = await database.db.selectFrom('orgs').select('id').limit(1).executeTakeFirst();
  return !row;
}

/** Loads the demo data set and runs the warning rules once, so every page has something real. */
export async function seedDemoAndWarnings(database: Database, crypto: CryptoBox) {
  // The demo is dated today, so tenures and deadlines look current whenever it is loaded.
  const summary = await seedDemo(database.db, crypto, { today: today() });
  const rules = MODULES.flatMap((m) => (m.warningRules ?? []) as WarningRule[]);
  const run = await runRules(database.db, database.dialect, rules);
  return { summary, warnings: run.raised };
}

export async function seed(scale: string, crypto: CryptoBox): Promise<number> {
  if (scale !== 'demo') {
    if (isScaleName(scale)) return seedScaleCommand(scale, crypto, MODULES.flatMap((m) => (m.warningRules ?? []) as WarningRule[]));
    console.error(`Unknown scale "${scale}" (available: demo, small, city, province)`);
    return 2;
  }
  const database = openDatabase();
  try {
    await migrateToLatest(database);
    if (!(await isEmpty(database))) {
      console.error('The database already holds data; seed into an empty database.');
      return 1;
    }
    const started = Date.now();
    const { summary, warnings } = await seedDemoAndWarnings(database, crypto);
    console.log(JSON.stringify({ ...summary, warnings, seconds: (Date.now() - started) / 1000 }, null, 2));
    return 0;
  } finally {
    await database.close();
  }
}
