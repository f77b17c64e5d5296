import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);
const REPO = new URL('../..', import.meta.url).pathname;

/**
 * Process tests spawn `dist/bin/mwaa-agent.js` (the bundle of `dist/agent`): build it before they run, so they never test a stale `dist/`
 * (an incremental build; seconds when nothing changed).
 */
export async function setup(): Promise<void> {
  try {
    await execFileP('npm', ['run', '--silent', 'build'], { cwd: REPO, maxBuffer: 16 * 1024 * 1024 });
  } catch (e) {
    const err = e as Error & { stdout?: string; stderr?: string };
    throw new Error(`npm run build failed before the integration tests:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}
