// Worker threads that run the project's TypeScript: the worker registers tsx before importing its
// entry, so every thread runs the same code (crypto, chain functions) as the main thread.
import { Worker } from 'node:worker_threads';

export function startTsWorker(entry: URL, workerData: unknown): Worker {
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const boot = `(async () => {
    const { register } = await import(${JSON.stringify(tsxApi)});
    register();
    await import(${JSON.stringify(entry.href)});
  })().catch((err) => { console.error(err); process.exit(1); });`;
  return new Worker(boot, { eval: true, workerData });
}
