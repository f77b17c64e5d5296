import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgentError } from '../core/errors.js';
import { Fernet, MultiFernet } from './fernet.js';

/** Where the generated key lives when no key is configured. */
export function fernetKeyPath(stateDir: string): string {
  return join(stateDir, 'fernet.key');
}

export interface FernetKeyOptions {
  stateDir: string;
  /** `MWAA_AGENT_FERNET_KEY` / `AIRFLOW__CORE__FERNET_KEY` (comma-separated for rotation); null → generated. */
  fernetKey: string | null;
}

/**
 * The MultiFernet that encrypts stored secrets: from the configured key list, else from
 * `<stateDir>/fernet.key`, created 0600 on first use (the state folder 0700). Creation uses an exclusive
 * open so an agent and a CLI starting together agree on one key.
 */
export function loadFernet(opts: FernetKeyOptions): MultiFernet {
  const keys = opts.fernetKey?.trim() ? opts.fernetKey : readOrCreateKey(opts.stateDir);
  try {
    return MultiFernet.fromKeyList(keys);
  } catch (e) {
    const where = opts.fernetKey?.trim()
      ? 'MWAA_AGENT_FERNET_KEY / AIRFLOW__CORE__FERNET_KEY'
      : fernetKeyPath(opts.stateDir);
    throw new AgentError(
      'CONFIG_INVALID',
      `Could not create Fernet object: ${(e as Error).message} (from ${where}; generate one with: python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())")`,
    );
  }
}

function readOrCreateKey(stateDir: string): string {
  const file = fernetKeyPath(stateDir);
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  try {
    chmodSync(stateDir, 0o700);
  } catch {
    // A folder we do not own (mounted volume): the key file itself is still 0600.
  }
  // Written aside then hard-linked: the link either appears complete or fails with EEXIST.
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, Fernet.generateKey() + '\n', { mode: 0o600 });
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new AgentError('STATE_STORE_ERROR', `Cannot create the Fernet key file ${file}: ${(e as Error).message}`);
    }
  } finally {
    rmSync(tmp, { force: true });
  }
  return readFileSync(file, 'utf8').trim();
}
