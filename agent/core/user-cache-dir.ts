import { join } from 'node:path';

/**
 * Where mwaa-agent keeps caches: `MWAA_AGENT_CACHE_DIR` (empty: no cache), else the platform's user cache
 * folder (`$XDG_CACHE_HOME` or `~/.cache` on Linux, `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows).
 */
export function userCacheDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): string | null {
  const own = env.MWAA_AGENT_CACHE_DIR;
  if (own !== undefined) return own === '' ? null : own;
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'mwaa-agent', 'Cache');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'mwaa-agent');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'mwaa-agent');
}
