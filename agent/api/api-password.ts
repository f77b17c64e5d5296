import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The API password: the configured one, else the one generated at first start and kept (0600) in the
 * state folder. `generated` is true only the first time, so the caller prints it once.
 */
export function resolveApiPassword(stateDir: string, configured: string | null): { password: string; generated: boolean; file: string | null } {
  if (configured) return { password: configured, generated: false, file: null };
  const file = join(stateDir, 'api-password');
  try {
    return { password: readFileSync(file, 'utf8').trim(), generated: false, file };
  } catch {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    const password = randomBytes(18).toString('base64url');
    writeFileSync(file, password + '\n', { mode: 0o600, flag: 'wx' });
    return { password, generated: true, file };
  }
}
