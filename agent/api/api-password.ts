import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgentError } from '../core/errors.js';

/**
 * The API password: the configured one, else the one generated at first start and kept (0600) in the
 * state folder. `generated` is true only the first time, so the caller prints it once.
 */
export function resolveApiPassword(
  stateDir: string,
  configured: string | null,
): { password: string; generated: boolean; file: string | null } {
  if (configured) return { password: configured, generated: false, file: null };
  const file = join(stateDir, 'api-password');
  try {
    const stored = readFileSync(file, 'utf8').trim();
    // An empty file must never mean "no password": regenerate it.
    if (stored) return { password: stored, generated: false, file };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new AgentError(
        'CONFIG_INVALID',
        `cannot read the API password file ${file}: ${(e as Error).message}; fix or remove it, or set MWAA_AGENT_API_PASSWORD`,
      );
    }
  }
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, password + '\n', { mode: 0o600 });
  return { password, generated: true, file };
}
