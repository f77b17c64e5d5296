import { chmodSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';

/** The state database file inside the state folder; shared by the run store and the connections store. */
export function stateDatabasePath(stateDir: string): string {
  return join(stateDir, 'mwaa-agent.db');
}

/**
 * Opens the SQLite file for concurrent use by the agent and CLI processes (WAL, busy timeout) and makes
 * the state folder private (0700): it holds secrets and keys.
 */
export function openStateDatabase(file: string): Database.Database {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  try {
    chmodSync(dirname(file), 0o700);
  } catch {
    // Not our folder to change (e.g. a mounted volume owned by someone else); the file itself stays 0600.
  }
  const db = new Database(file);
  try {
    chmodSync(file, 0o600);
  } catch {
    // as above
  }
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  return db;
}

/**
 * Applies the migrations above the schema's stored version, in one IMMEDIATE transaction that reads the
 * version again (another process may have migrated meanwhile). Foreign keys are off while they run, as
 * SQLite's procedure for rebuilding a table asks (dropping a parent table would otherwise delete its children
 * through ON DELETE CASCADE); `foreign_key_check` must find nothing before the commit.
 */
export function migrate(db: Database.Database, table: string, migrations: readonly string[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_version (name TEXT PRIMARY KEY, version INTEGER NOT NULL)`);
  const version = (): number =>
    (db.prepare('SELECT version FROM schema_version WHERE name = ?').get(table) as { version: number } | undefined)
      ?.version ?? 0;
  if (version() >= migrations.length) return;
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) === 1;
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      const from = version();
      if (from >= migrations.length) return;
      for (let i = from; i < migrations.length; i++) db.exec(migrations[i]!);
      const broken = db.pragma('foreign_key_check') as unknown[];
      if (broken.length) throw new Error(`migrating ${table} broke ${broken.length} foreign key(s)`);
      db.prepare(
        'INSERT INTO schema_version (name, version) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET version = excluded.version',
      ).run(table, migrations.length);
    }).immediate();
  } finally {
    if (foreignKeys) db.pragma('foreign_keys = ON');
  }
}
