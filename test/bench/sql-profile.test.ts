// The benchmark's SQL profile on SQLite: a statement the server keeps compiled is charged its
// compile time once, not on every run (that made a 6 µs lookup look like 0.33 ms).
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { installSqlProfile, sqlProfile } from '../../bench/lib/sql-profile.js';

describe('bench SQL profile', () => {
  it('counts a kept statement’s compile time once', () => {
    installSqlProfile();
    const db = new SQLite(':memory:');
    db.exec('create table t (id integer primary key, v text)');
    sqlProfile(true);
    const kept = db.prepare('select v from t where id = ?'); // as the server's statement cache keeps it
    const stat = () => sqlProfile().find((s) => s.sql.startsWith('select v from t'))!;
    kept.get(1);
    const once = stat().prepareMs;
    expect(once).toBeGreaterThan(0);
    for (let i = 0; i < 999; i++) kept.get(i);
    expect(stat().count).toBe(1000);
    expect(stat().prepareMs).toBe(once);
    db.close();
  });
});
