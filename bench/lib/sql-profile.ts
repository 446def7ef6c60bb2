// Where the database time goes: with BENCH_SQL_PROFILE=1 the bench server times every statement
// (better-sqlite3: prepare + run; pg: from query() to its answer, queueing included), grouped by
// SQL text with literals folded, and serves the totals at GET /bench/sql-profile.
import SQLite from 'better-sqlite3';
import pg from 'pg';

interface Stat {
  sql: string;
  count: number;
  ms: number;
  prepareMs: number;
}

const stats = new Map<string, Stat>();

function fold(sql: string): string {
  return sql
    .replace(/\$\d+/g, '?')
    .replace(/'[^']*'/g, "'…'")
    .replace(/(\(\?(, \?)*\)(, )?)+/g, '(…)')
    .replace(/\s+/g, ' ')
    .slice(0, 400);
}

function record(sql: string, ms: number, prepareMs = 0) {
  const key = fold(sql);
  let s = stats.get(key);
  if (!s) stats.set(key, (s = { sql: key, count: 0, ms: 0, prepareMs: 0 }));
  s.count++;
  s.ms += ms;
  s.prepareMs += prepareMs;
}

export function installSqlProfile(): void {
  const proto = SQLite.prototype as unknown as { prepare: (sql: string) => Record<string, unknown> };
  const prepare = proto.prepare;
  proto.prepare = function (this: unknown, sql: string) {
    const t = performance.now();
    const stmt = prepare.call(this, sql) as Record<string, unknown> & { reader: boolean };
    // The compile time counts once, with the first run: the server keeps prepared statements
    // (src/db/index.ts), and adding it to every run made cached statements look 0.1–0.3 ms slower.
    let prepMs = performance.now() - t;
    const wrap = (name: 'all' | 'run' | 'get' | 'iterate') => {
      const fn = stmt[name] as (...a: unknown[]) => unknown;
      if (typeof fn !== 'function') return;
      Object.defineProperty(stmt, name, {
        value: (...args: unknown[]) => {
          const t1 = performance.now();
          try {
            return fn.apply(stmt, args);
          } finally {
            record(sql, performance.now() - t1 + prepMs, prepMs);
            prepMs = 0;
          }
        },
      });
    };
    wrap('all');
    wrap('run');
    wrap('get');
    return stmt;
  };

  const clientProto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const query = clientProto.query;
  clientProto.query = function (this: unknown, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text;
    const t = performance.now();
    const out = query.apply(this, args);
    if (text && out && typeof (out as Promise<unknown>).then === 'function') {
      (out as Promise<unknown>).then(
        () => record(text, performance.now() - t),
        () => record(text, performance.now() - t),
      );
    }
    return out;
  };
}

export function sqlProfile(reset = false): Stat[] {
  const out = [...stats.values()].sort((a, b) => b.ms - a.ms);
  if (reset) stats.clear();
  return out;
}
