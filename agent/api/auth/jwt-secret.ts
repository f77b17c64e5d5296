import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgentError } from '../../core/errors.js';

/**
 * The key that signs the API's JWTs (Airflow 3's `[api_auth] jwt_secret`): generated at first start and kept
 * (0600) in the state folder, so tokens stay valid across restarts as they do with a configured secret.
 * Airflow generates 16 random bytes when none is configured; 32 are used here (HS512 wants a long key).
 */
export function resolveJwtSecret(stateDir: string): string {
  const file = join(stateDir, 'jwt-secret');
  try {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored) return stored;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new AgentError(
        'CONFIG_INVALID',
        `cannot read the JWT secret file ${file}: ${(e as Error).message}; fix or remove it (tokens issued with it stop working)`,
      );
    }
  }
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}
