import { buildApp, SCHEDULES } from '../app/server.js';
import type { Config } from '../core/config.js';
import type { CryptoBox } from '../core/crypto.js';
import { openDatabase } from '../db/index.js';
import { migrateToLatest } from '../db/migrate.js';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../seed/demo.js';
import { isEmpty, seedDemoAndWarnings } from './seed.js';

export async function serve(config: Config, crypto: CryptoBox): Promise<void> {
  const database = openDatabase(config.databaseUrl);
  await migrateToLatest(database);
  if (config.demoMode && (await isEmpty(database))) {
    console.log('Empty database: loading the demo data set (示范省)…');
    try {
      const { summary, warnings } = await seedDemoAndWarnings(database, crypto);
      console.log(`Demo data loaded: ${JSON.stringify(summary.counts ?? summary)}; ${warnings} warnings raised`);
    } catch (err) {
      // Two nodes started together on one empty database: the seed is one transaction, so the loser's
      // is rolled back whole and the winner's data serves both.
      if (await isEmpty(database)) throw err;
      console.log('Another process loaded the demo data first.');
    }
  }
  const { app, worker, close } = await buildApp(database, crypto, config);
  await app.listen({ port: config.port, host: config.host });
  worker.start();
  if (config.runScheduler) worker.schedule(SCHEDULES);

  const url = `http://localhost:${config.port}`;
  console.log(`\nJiandu 监督 is serving on ${url}  (database: ${database.dialect} ${database.location})`);
  if (config.demoMode) {
    console.log(`Demo mode. Sign in with any of these (password ${DEMO_PASSWORD}):`);
    for (const l of DEMO_LOGINS) console.log(`  ${l.username.padEnd(18)} ${l.role.padEnd(14)} ${l.org}`);
  }
  console.log(`API docs: ${url}/api/docs\n`);

  const shutdown = async () => {
    await close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
