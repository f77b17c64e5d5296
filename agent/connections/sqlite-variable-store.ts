import type Database from 'better-sqlite3';
import type { SecretCipher } from './secret-cipher.js';
import { type VariableRow, variableFromRow } from './secret-rows.js';
import type { StoredVariable, VariableStore } from './variable-store.js';

export interface SqliteVariableStoreOptions {
  /** An open state database with the `variable` table (see `openSecretsState`). */
  db: Database.Database;
  cipher: SecretCipher;
  ownsDb?: boolean;
}

/** `VariableStore` on the `variable` table of `<stateDir>/mwaa-agent.db`, values Fernet-encrypted like Airflow's. */
export class SqliteVariableStore implements VariableStore {
  private readonly db: Database.Database;
  private readonly cipher: SecretCipher;
  private readonly ownsDb: boolean;

  constructor(opts: SqliteVariableStoreOptions) {
    this.db = opts.db;
    this.cipher = opts.cipher;
    this.ownsDb = opts.ownsDb ?? false;
  }

  get(key: string): StoredVariable | null {
    const row = this.db.prepare('SELECT * FROM variable WHERE key = ?').get(key) as VariableRow | undefined;
    return row ? this.fromRow(row) : null;
  }

  set(key: string, val: string, description: string | null = null): StoredVariable {
    this.db
      .prepare(
        `INSERT INTO variable (key, val, description, is_encrypted) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET val = excluded.val, description = excluded.description, is_encrypted = excluded.is_encrypted`,
      )
      .run(key, val ? this.cipher.encrypt(val) : val, description, val ? 1 : 0);
    return this.get(key)!;
  }

  delete(key: string): boolean {
    return this.db.prepare('DELETE FROM variable WHERE key = ?').run(key).changes > 0;
  }

  list(): StoredVariable[] {
    return (this.db.prepare('SELECT * FROM variable ORDER BY key').all() as VariableRow[]).map((r) => this.fromRow(r));
  }

  close(): void {
    if (this.ownsDb && this.db.open) this.db.close();
  }

  private fromRow(row: VariableRow): StoredVariable {
    return variableFromRow(row, this.cipher);
  }
}
