import { AgentError } from '../core/errors.js';
import { InvalidToken, type MultiFernet } from './fernet.js';

/**
 * Encrypts stored secrets with the configured MultiFernet and turns a wrong key into an error that says
 * what to do (Airflow would crash with a bare `InvalidToken`).
 */
export class SecretCipher {
  constructor(
    private readonly fernet: MultiFernet,
    /** Named in errors, e.g. the database file. */
    private readonly where: string,
  ) {}

  encrypt(plaintext: string): string {
    return this.fernet.encrypt(plaintext);
  }

  /** @param what e.g. "the password of connection `ssh_new`" */
  decrypt(token: string, what: string): string {
    try {
      return this.fernet.decrypt(token);
    } catch (e) {
      if (!(e instanceof InvalidToken)) throw e;
      throw new AgentError(
        'STATE_STORE_ERROR',
        `Cannot decrypt ${what} in ${this.where}: it was encrypted with another Fernet key (InvalidToken). ` +
          'Set MWAA_AGENT_FERNET_KEY (or AIRFLOW__CORE__FERNET_KEY) to the key it was stored with; ' +
          'to change keys, list the new key first and the old one after it, comma-separated.',
      );
    }
  }

  /** Airflow's `rotate_fernet_key` for one token. */
  rotate(token: string): string {
    return this.fernet.rotate(token);
  }
}
