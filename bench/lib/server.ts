// Starts bench/server.ts (the real app plus baseline routes) as a child process on 127.0.0.1.
// The server's log goes to a file, as in production; readiness comes over the IPC channel.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CACHE_DIR, ROOT, sleep } from './common.js';

export interface RunningServer {
  base: string;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

export async function startServer(opts: { url: string; keyFile: string; name: string; logLevel: string; nodeArgs?: string[] }): Promise<RunningServer> {
  const logFile = path.join(CACHE_DIR, `server-${opts.name}.log`);
  const fd = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', path.join(ROOT, 'bench/server.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: opts.url,
      JIANDU_KEY_FILE: opts.keyFile,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: opts.logLevel,
      JIANDU_SCHEDULER: '0',
      JIANDU_DEMO: '',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', fd, fd, 'ipc'],
  });
  fs.closeSync(fd);
  const ready = await new Promise<{ port: number; pid: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The server did not start in 120 s (see ${logFile})`)), 120_000);
    child.once('message', (m: { ready?: boolean; port: number; pid: number }) => {
      clearTimeout(timer);
      if (m.ready) resolve(m);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited with ${code} before it was ready (see ${logFile})`));
    });
  });
  child.removeAllListeners('exit');
  return {
    base: `http://127.0.0.1:${ready.port}`,
    pid: ready.pid,
    logFile,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const done = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
      if (!done) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}
